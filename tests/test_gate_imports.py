"""The base CLI stays lean: a one-file ``check`` never imports the gate's or Django's dependencies."""

from __future__ import annotations

import subprocess
import sys

HEAVY = ("aiosmtpd", "aiosmtplib", "django", "anymail")

TEMPLATE = """<html lang="en"><body><p>Hello from Example Ltd, 1 High Street, Leeds.</p>
<a href="https://example.org/unsubscribe">Unsubscribe</a></body></html>
"""


def _imported(args: list[str], tmp_path) -> set[str]:
    result = subprocess.run([sys.executable, "-X", "importtime", "-m", "email_lint", *args],
                            capture_output=True, text=True, cwd=tmp_path, timeout=60)
    assert result.returncode in (0, 1), result.stderr[-2000:]
    modules = set()
    for line in result.stderr.splitlines():
        if line.startswith("import time:") and "|" in line:
            modules.add(line.rsplit("|", 1)[1].strip().split(".")[0])
    assert modules, "python -X importtime printed nothing"
    return modules


def test_one_file_check_imports_neither_smtp_nor_django(tmp_path):
    (tmp_path / "mail.html").write_text(TEMPLATE, encoding="utf-8")
    modules = _imported(["check", "mail.html"], tmp_path)
    assert not modules & set(HEAVY), sorted(modules & set(HEAVY))


def test_gate_help_does_not_start_the_smtp_stack(tmp_path):
    modules = _imported(["gate", "--help"], tmp_path)
    assert not modules & set(HEAVY), sorted(modules & set(HEAVY))
