"""The composite GitHub Action (action.yml): its shell steps run as GitHub would run them."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

yaml = pytest.importorskip("yaml")

ROOT = Path(__file__).resolve().parents[1]
ACTION = ROOT / "action.yml"
BASH = shutil.which("bash")
pytestmark = pytest.mark.skipif(BASH is None, reason="bash is not installed")

COMPLIANT = """<html lang="en"><body>
<p>Advertisement</p>
<p>The spring walking festival opens on 12 April.</p>
<p>You are receiving this email because you booked a walk with us last year.</p>
<p>Ridgeway Walks Ltd, 9 Market Square, Wantage OX12 8AH</p>
<p><a href="{{unsubscribe_url}}">Unsubscribe</a></p>
</body></html>
"""
# No postal address (EL005) and no data-source notice (EL003).
NON_COMPLIANT = """<html lang="en"><body>
<p>Advertisement</p>
<p>The spring walking festival opens on 12 April. Ridgeway Walks Ltd.</p>
<p><a href="{{unsubscribe_url}}">Unsubscribe</a></p>
</body></html>
"""


def action() -> dict:
    return yaml.safe_load(ACTION.read_text(encoding="utf-8"))


def step(name: str) -> dict:
    return next(s for s in action()["runs"]["steps"] if s.get("name") == name)


def substitute(value: str, inputs: dict[str, str]) -> str:
    """Replace ``${{ inputs.NAME }}`` as the runner does (defaults from action.yml)."""
    defaults = {k: str(v.get("default", "")) for k, v in action()["inputs"].items()}
    return re.sub(r"\$\{\{\s*inputs\.([\w-]+)\s*\}\}", lambda m: inputs.get(m[1], defaults[m[1]]), value)


def run_step(name: str, inputs: dict[str, str], cwd: Path, path_dir: Path) -> subprocess.CompletedProcess:
    definition = step(name)
    assert definition["shell"] == "bash"
    env = dict(os.environ, GITHUB_ACTION_PATH=str(ROOT), PATH=f"{path_dir}{os.pathsep}{os.environ['PATH']}")
    env.update({key: substitute(str(value), inputs) for key, value in (definition.get("env") or {}).items()})
    # GitHub runs bash steps as `bash --noprofile --norc -eo pipefail {0}`.
    return subprocess.run([BASH, "--noprofile", "--norc", "-eo", "pipefail", "-c", definition["run"]],
                          cwd=cwd, env=env, capture_output=True, text=True, timeout=120, check=False)


@pytest.fixture
def workspace(tmp_path):
    (tmp_path / "email-lint.toml").write_text("", encoding="utf-8")
    (tmp_path / "emails" / "good").mkdir(parents=True)
    (tmp_path / "emails" / "bad").mkdir(parents=True)
    (tmp_path / "emails" / "good" / "festival.html").write_text(COMPLIANT, encoding="utf-8")
    (tmp_path / "emails" / "bad" / "festival.html").write_text(NON_COMPLIANT, encoding="utf-8")
    python_dir = tmp_path / "bin"
    python_dir.mkdir()
    wrapper = python_dir / "python"  # the interpreter email_lint is installed in
    wrapper.write_text(f'#!/bin/sh\nexec "{sys.executable}" "$@"\n', encoding="utf-8")
    wrapper.chmod(0o755)
    return tmp_path


def test_action_is_composite_with_the_documented_inputs():
    data = action()
    assert data["runs"]["using"] == "composite"
    assert {"paths", "args"} <= set(data["inputs"])
    assert "--format github" in step("Run email-lint")["run"]
    assert "${{" not in step("Run email-lint")["run"]  # inputs only through env (no script injection)


def test_run_step_on_compliant_templates_passes_silently(workspace):
    result = run_step("Run email-lint", {"paths": "emails/good"}, workspace, workspace / "bin")
    assert result.returncode == 0, result.stderr
    assert result.stdout == ""


def test_run_step_annotates_violations_and_fails(workspace):
    result = run_step("Run email-lint", {"paths": "emails/good emails/bad"}, workspace, workspace / "bin")
    assert result.returncode == 1, result.stderr
    lines = result.stdout.splitlines()
    assert lines and all(line.startswith("::error file=emails/bad/festival.html,line=") for line in lines)
    assert {re.search(r"title=email-lint (EL\d+)", line)[1] for line in lines} == {"EL003", "EL005"}


def test_run_step_passes_args(workspace):
    inputs = {"paths": "emails", "args": "--select EL005 --exit-zero"}
    result = run_step("Run email-lint", inputs, workspace, workspace / "bin")
    assert result.returncode == 0, result.stderr
    assert [re.search(r"title=email-lint (EL\d+)", line)[1] for line in result.stdout.splitlines()] == ["EL005"]


def test_run_step_does_not_glob_or_evaluate_inputs(workspace):
    inputs = {"paths": "emails/*", "args": "$(touch pwned)"}
    result = run_step("Run email-lint", inputs, workspace, workspace / "bin")
    assert result.returncode == 2
    assert not (workspace / "pwned").exists()
    assert "emails/*" in result.stderr


def test_install_step_installs_the_action_checkout(workspace, tmp_path):
    shim = tmp_path / "shim"
    shim.mkdir()
    record = tmp_path / "argv.txt"
    (shim / "python").write_text(f'#!/bin/sh\nprintf "%s\\n" "$@" > "{record}"\n', encoding="utf-8")
    (shim / "python").chmod(0o755)
    result = run_step("Install email-lint", {}, workspace, shim)
    assert result.returncode == 0, result.stderr
    argv = record.read_text(encoding="utf-8").splitlines()
    assert argv[:3] == ["-m", "pip", "install"] and argv[-1] == str(ROOT)
