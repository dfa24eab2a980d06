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
    assert entry["entry"] == "email-lint check --force-exclude --"
    assert entry["language"] == "python"
    assert entry["types"] == ["text"]  # binaries never reach the hook


def test_manifest_is_generated_from_the_walks_extension_list():
    import importlib.util

    spec = importlib.util.spec_from_file_location("gen_precommit_hooks", ROOT / "scripts" / "gen_precommit_hooks.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert MANIFEST.read_text(encoding="utf-8") == module.render(), (
        ".pre-commit-hooks.yaml is stale: run python scripts/gen_precommit_hooks.py")


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
        ("welcome.html.erb", True), ("welcome.text.erb", True), ("welcome.mjml.erb", True), ("promo.blade.php", True),
        ("index.php", False), ("script.js", False), ("style.css", False), ("README.md", False), ("logo.png", False),
    ],
)
def test_files_pattern(name, matched):
    assert bool(re.search(hook()["files"], f"templates/{name}")) is matched


def test_hook_and_walk_select_the_same_template_names():
    """Every name the hook passes is one a directory walk picks (plain .txt files aside:
    the hook passes them and --force-exclude keeps only the text parts of emails)."""
    from email_lint.formats import DEFAULT_INCLUDE, PLAIN_TEXT_EXTENSIONS, TEMPLATE_EXTENSIONS
    from email_lint.pathmatch import PatternSet

    walk = PatternSet(DEFAULT_INCLUDE, Path("/repo"), fold_case=True)
    for extension in TEMPLATE_EXTENSIONS:
        name = f"mail{extension}"
        assert re.search(hook()["files"], name), name
        assert walk.matches(Path("/repo/templates") / name) is (extension not in PLAIN_TEXT_EXTENSIONS), name


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


@pytest.fixture(scope="module")
def hook_repository(tmp_path_factory):
    """A snapshot of this repository and one pre-commit cache, shared by the try-repo tests
    (pre-commit installs the hook's environment once)."""
    if GIT is None or PRE_COMMIT is None:
        pytest.skip("git or pre-commit is not installed")
    if not (ROOT / ".git").exists():
        pytest.skip("not a git checkout")
    if not _registry_reachable():
        pytest.skip("the package registry is unreachable")
    base = tmp_path_factory.mktemp("hook")
    return snapshot(base / "email-lint"), base / "cache"


def _try_repo(repository: Path, cache: Path, project: Path, *extra: str) -> tuple[int, str]:
    env = {**os.environ, **GIT_ENV, "PRE_COMMIT_HOME": str(cache), "NO_COLOR": "1"}
    result = subprocess.run(
        [PRE_COMMIT, "try-repo", str(repository), "email-lint", "--all-files", *extra],
        cwd=project, capture_output=True, text=True, timeout=900, env=env, check=False,
    )
    return result.returncode, result.stdout + result.stderr


@pytest.mark.slow
def test_try_repo_passes_compliant_and_fails_non_compliant(tmp_path, hook_repository):
    repository, cache = hook_repository
    project = tmp_path / "project"
    (project / "emails").mkdir(parents=True)
    (project / "emails" / "classes.html").write_text(COMPLIANT, encoding="utf-8")
    (project / "emails" / "classes-draft.html").write_text(NON_COMPLIANT, encoding="utf-8")
    (project / "notes.md").write_text("not a template\n", encoding="utf-8")
    _git("init", "-q", cwd=project)
    _git("add", "-A", cwd=project)

    returncode, output = _try_repo(repository, cache, project, "--verbose")
    assert returncode == 1, output
    assert re.search(r"email-lint\.+Failed", output), output
    flagged = set(re.findall(r"^(emails/[\w.-]+):\d+:\d+: EL\d{3}", output, re.M))
    assert flagged == {"emails/classes-draft.html"}, output
    assert "exit code: 1" in output

    (project / "emails" / "classes-draft.html").unlink()
    _git("add", "-A", cwd=project)
    returncode, output = _try_repo(repository, cache, project)
    assert returncode == 0, output
    assert re.search(r"email-lint\.+Passed", output), output


RAILS_MAILER = """<p>Hello <%= @user.first_name %>, our spring classes are open.</p>
<p>Claymore Studio Ltd</p>
"""
RAILS_TEXT_PART = """Advertisement

Our spring classes are open.
You are receiving this email because you took a class at our studio.
Claymore Studio Ltd, 41 Tanner Street, Norwich NR3 1AX
Unsubscribe: https://claymore.example/unsubscribe?u=<%= @token %>
"""
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"


@pytest.mark.slow
def test_try_repo_checks_an_erb_mailer_and_never_passes_a_png(tmp_path, hook_repository):
    """A Rails mailer (.html.erb, .text.erb) is checked; a PNG under the templates folder, a
    requirements.txt and a README.txt never reach email-lint, or are set aside by it."""
    repository, cache = hook_repository
    project = tmp_path / "rails"
    mailer = project / "app" / "views" / "user_mailer"
    mailer.mkdir(parents=True)
    (mailer / "spring.html.erb").write_text(RAILS_MAILER, encoding="utf-8")
    (mailer / "spring.text.erb").write_text(RAILS_TEXT_PART, encoding="utf-8")
    (mailer / "logo.png").write_bytes(PNG)
    (project / "requirements.txt").write_text("rails-assets-tools==1.0\n", encoding="utf-8")
    (project / "README.txt").write_text("How to run the shop.\n", encoding="utf-8")
    _git("init", "-q", cwd=project)
    _git("add", "-A", cwd=project)

    returncode, output = _try_repo(repository, cache, project, "--verbose")
    assert returncode == 1, output
    flagged = set(re.findall(r"^([\w./-]+):\d+:\d+: EL\d{3}", output, re.M))
    assert flagged == {"app/views/user_mailer/spring.html.erb"}, output
    assert "png" not in output.lower() and "exit code: 1" in output
    assert "Found 4 problems in 1 of 2 files checked." in output
    assert "requirements.txt" not in output and "README.txt" not in output
