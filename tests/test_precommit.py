"""The pre-commit hook: the manifest validates, its file pattern matches email-lint's formats,
and ``pre-commit try-repo`` on this repository passes a compliant template and fails a
non-compliant one in a throwaway git repository.

try-repo clones the repository: it picks up changes to tracked files but not new files, so
the test commits a snapshot of the working tree (tracked and untracked, minus ignored
files) into a temporary repository and tries that. pre-commit installs the hook's
environment from the package registry: the test is marked ``slow`` and skipped when the
registry cannot be reached or pre-commit or git is missing.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import pytest

yaml = pytest.importorskip("yaml")

ROOT = Path(__file__).resolve().parents[1]
MANIFEST = ROOT / ".pre-commit-hooks.yaml"
GIT = shutil.which("git")
PRE_COMMIT = shutil.which("pre-commit") or shutil.which("pre-commit", path=str(Path(sys.executable).parent))

COMPLIANT = """<html lang="en"><body>
<p>Advertisement</p>
<p>Our pottery classes restart in September: wheel, hand-building and glazing.</p>
<p>You are receiving this email because you took a class at our studio.</p>
<p>Claymore Studio Ltd, 41 Tanner Street, Norwich NR3 1AX</p>
<p><a href="{{unsubscribe_url}}">Unsubscribe</a></p>
</body></html>
"""
NON_COMPLIANT = """<html lang="en"><body>
<p>Our pottery classes restart in September: wheel, hand-building and glazing.</p>
</body></html>
"""
GIT_ENV = {
    "GIT_AUTHOR_NAME": "email-lint tests", "GIT_AUTHOR_EMAIL": "tests@email-lint.invalid",
    "GIT_COMMITTER_NAME": "email-lint tests", "GIT_COMMITTER_EMAIL": "tests@email-lint.invalid",
    "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1",
}


def hook() -> dict:
    hooks = yaml.safe_load(MANIFEST.read_text(encoding="utf-8"))
    return next(h for h in hooks if h["id"] == "email-lint")


def test_manifest_declares_the_hook():
    entry = hook()
    assert entry["entry"] == "email-lint check"
    assert entry["language"] == "python"


@pytest.mark.skipif(PRE_COMMIT is None, reason="pre-commit is not installed")
def test_manifest_validates():
    result = subprocess.run([PRE_COMMIT, "validate-manifest", str(MANIFEST)], capture_output=True, text=True,
                            timeout=120, check=False)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize(
    ("name", "matched"),
    [
        ("promo.html", True), ("promo.HTM", True), ("welcome.mjml", True), ("receipt.txt", True),
        ("sample.eml", True), ("promo.html.twig", True), ("digest.mjml.j2", True), ("order.txt.jinja", True),
        ("footer.jinja2", True), ("card.hbs", True), ("card.handlebars", True), ("card.mustache", True),
        ("mail.tpl", True), ("mail.liquid", True), ("mail.njk", True),
        ("script.js", False), ("style.css", False), ("README.md", False), ("logo.png", False),
    ],
)
def test_files_pattern(name, matched):
    assert bool(re.search(hook()["files"], f"templates/{name}")) is matched


def test_files_pattern_only_names_formats_email_lint_reads():
    from email_lint.formats import EXTENSIONS, WRAPPERS

    body = re.search(r"\\\.\((.*)\)\$", hook()["files"])[1]
    known = {e.lstrip(".") for e in (*EXTENSIONS, *WRAPPERS)}
    for alternative in body.split("|"):
        for extension in {alternative.replace("?", ""), re.sub(r".\?", "", alternative)}:
            assert extension in known, extension


def _registry_reachable() -> bool:
    try:
        socket.create_connection(("pypi.org", 443), timeout=3).close()
    except OSError:
        return False
    return True


def _git(*args: str, cwd: Path) -> str:
    result = subprocess.run([GIT, *args], cwd=cwd, capture_output=True, text=True, timeout=120,
                            env={**os.environ, **GIT_ENV}, check=True)
    return result.stdout


def snapshot(destination: Path) -> Path:
    """This working tree (tracked and untracked files, minus ignored ones) as a one-commit repo."""
    listed = _git("ls-files", "-z", "--cached", "--others", "--exclude-standard", cwd=ROOT).split("\0")
    for name in filter(None, listed):
        source = ROOT / name
        if source.is_file():
            target = destination / name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)
    _git("init", "-q", cwd=destination)
    _git("add", "-A", cwd=destination)
    _git("-c", "commit.gpgsign=false", "commit", "-q", "-m", "snapshot", cwd=destination)
    return destination


@pytest.mark.slow
@pytest.mark.skipif(GIT is None or PRE_COMMIT is None, reason="git or pre-commit is not installed")
def test_try_repo_passes_compliant_and_fails_non_compliant(tmp_path):
    if not (ROOT / ".git").exists():
        pytest.skip("not a git checkout")
    if not _registry_reachable():
        pytest.skip("the package registry is unreachable")
    repository = snapshot(tmp_path / "email-lint")
    project = tmp_path / "project"
    (project / "emails").mkdir(parents=True)
    (project / "emails" / "classes.html").write_text(COMPLIANT, encoding="utf-8")
    (project / "emails" / "classes-draft.html").write_text(NON_COMPLIANT, encoding="utf-8")
    (project / "notes.md").write_text("not a template\n", encoding="utf-8")
    _git("init", "-q", cwd=project)
    _git("add", "-A", cwd=project)
    env = {**os.environ, **GIT_ENV, "PRE_COMMIT_HOME": str(tmp_path / "cache"), "NO_COLOR": "1"}

    result = subprocess.run(
        [PRE_COMMIT, "try-repo", str(repository), "email-lint", "--all-files", "--verbose"],
        cwd=project, capture_output=True, text=True, timeout=900, env=env, check=False,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    assert re.search(r"email-lint\.+Failed", output), output
    flagged = set(re.findall(r"^(emails/[\w.-]+):\d+:\d+: EL\d{3}", output, re.M))
    assert flagged == {"emails/classes-draft.html"}, output
    assert "exit code: 1" in output

    (project / "emails" / "classes-draft.html").unlink()
    _git("add", "-A", cwd=project)
    result = subprocess.run(
        [PRE_COMMIT, "try-repo", str(repository), "email-lint", "--all-files"],
        cwd=project, capture_output=True, text=True, timeout=900, env=env, check=False,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert re.search(r"email-lint\.+Passed", output), output
