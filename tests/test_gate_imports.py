"""The base CLI stays lean: a one-file ``check`` never imports the gate's or Django's dependencies."""

from __future__ import annotations

import os
import subprocess
import sys

HEAVY = ("aiosmtpd", "aiosmtplib", "django", "anymail")

TEMPLATE = """<html lang="en"><body><p>Hello from Example Ltd, 1 High Street, Leeds.</p>
<a href="https://example.org/unsubscribe">Unsubscribe</a></body></html>
"""


def _imported(args: list[str], tmp_path, env: dict[str, str] | None = None, full: bool = False) -> set[str]:
    """The packages (with *full*, the modules) a run of ``email_lint *args`` imports."""
    result = subprocess.run([sys.executable, "-X", "importtime", "-m", "email_lint", *args],
                            capture_output=True, text=True, cwd=tmp_path, timeout=60, env=env)
    assert result.returncode in (0, 1), result.stderr[-2000:]
    modules = set()
    for line in result.stderr.splitlines():
        if line.startswith("import time:") and "|" in line:
            name = line.rsplit("|", 1)[1].strip()
            modules.add(name if full else name.split(".")[0])
    assert modules, "python -X importtime printed nothing"
    return modules


def test_one_file_check_imports_neither_smtp_nor_django(tmp_path):
    (tmp_path / "mail.html").write_text(TEMPLATE, encoding="utf-8")
    modules = _imported(["check", "mail.html"], tmp_path)
    assert not modules & set(HEAVY), sorted(modules & set(HEAVY))


def test_gate_help_does_not_start_the_smtp_stack(tmp_path):
    modules = _imported(["gate", "--help"], tmp_path)
    assert not modules & set(HEAVY), sorted(modules & set(HEAVY))


#: What a plain one-file check of HTML without a style sheet never needs.
NOT_FOR_PLAIN_HTML = ("tinycss2", "cssselect", "langdetect", "bs4", "yaml", "jsonschema", "email", "zipfile", "csv",
                      "json")


def test_one_file_check_without_style_imports_no_css_language_or_metadata_stack(tmp_path):
    (tmp_path / "mail.html").write_text(TEMPLATE, encoding="utf-8")
    env = {**os.environ, "EMAIL_LINT_CACHE_DIR": str(tmp_path / "cache")}
    cold = _imported(["check", "mail.html"], tmp_path, env, full=True)
    # The phrase data now comes from the cache: no TOML parser, nothing written.
    warm = _imported(["check", "mail.html"], tmp_path, env, full=True)
    for modules, also in ((cold, ()), (warm, ("tomllib", "tempfile"))):
        unwanted = {m for m in modules if m.split(".")[0] in (*NOT_FOR_PLAIN_HTML, *also)}
        assert not unwanted | (modules & {"importlib.metadata", "importlib.resources"}), sorted(unwanted)
