"""File selection as users of ruff expect it: .gitignore respected, gitignore-style patterns
relative to the configuration file, include/extend-include, plain-text parts of emails only,
explicit paths always checked (unless --force-exclude), binaries skipped quietly, --show-files."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from email_lint.cli import main

COMPLIANT = """<html lang="en"><body>
<p>Advertisement</p>
<p>Our pottery classes restart in September.</p>
<p>You are receiving this email because you took a class at our studio.</p>
<p>Claymore Studio Ltd, 41 Tanner Street, Norwich NR3 1AX</p>
<p><a href="{{unsubscribe_url}}">Unsubscribe</a></p>
</body></html>
"""
TEXT_PART = """Advertisement
Our pottery classes restart in September.
Claymore Studio Ltd, 41 Tanner Street, Norwich NR3 1AX
Unsubscribe: {{unsubscribe_url}}
"""
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01"


def write(path: Path, content: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


@pytest.fixture
def repo(tmp_path, monkeypatch):
    """A template repository laid out as teams keep them, with git's ignore files."""
    root = tmp_path / "shop"
    (root / ".git" / "info").mkdir(parents=True)
    write(root / ".git" / "info" / "exclude", "scratch/\n")
    write(root / ".gitignore", "# build output\n/out/\n*.bak.html\n!keep.bak.html\n")
    write(root / "templates" / "welcome.html", COMPLIANT)
    write(root / "templates" / "welcome.txt", TEXT_PART)
    write(root / "templates" / "promo.mjml.j2", "<mjml><mj-body></mj-body></mjml>\n")
    write(root / "templates" / "promo.txt", TEXT_PART)
    write(root / "templates" / "receipt.text.erb", TEXT_PART)
    write(root / "templates" / "old.bak.html", COMPLIANT)
    write(root / "templates" / "keep.bak.html", COMPLIANT)
    write(root / "templates" / "logo.png", PNG)
    write(root / "templates" / "drafts" / ".gitignore", "*.html\n")
    write(root / "templates" / "drafts" / "idea.html", COMPLIANT)
    write(root / "out" / "welcome.html", COMPLIANT)
    write(root / "scratch" / "try.html", COMPLIANT)
    write(root / "node_modules" / "pkg" / "mail.html", COMPLIANT)
    write(root / "requirements.txt", "click>=8\n")
    write(root / "README.txt", "How to build the templates.\n")
    write(root / "notes.md", "# notes\n")
    monkeypatch.chdir(root)
    return root


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def shown(*args: str) -> list[str]:
    result = run("check", "--show-files", *args)
    assert result.exit_code == 0, result.stderr
    return result.stdout.splitlines()


WALKED = [
    "templates/keep.bak.html", "templates/promo.mjml.j2", "templates/promo.txt", "templates/receipt.text.erb",
    "templates/welcome.html", "templates/welcome.txt",
]


def test_walk_skips_ignored_files_and_lone_text_files(repo):
    assert shown(".") == WALKED


def test_show_files_is_sorted_one_a_line_and_checks_nothing(repo):
    result = run("check", "--show-files", "templates", ".")
    assert result.exit_code == 0
    assert result.stdout.splitlines() == sorted(result.stdout.splitlines())
    assert "EL0" not in result.stdout and "checked" not in result.stdout


def test_no_respect_gitignore_walks_ignored_files(repo):
    files = shown("--no-respect-gitignore", ".")
    assert {"out/welcome.html", "scratch/try.html", "templates/drafts/idea.html",
            "templates/old.bak.html"} <= set(files)
    assert "node_modules/pkg/mail.html" not in files  # default excludes still apply


def test_respect_gitignore_off_in_configuration(repo):
    write(repo / "email-lint.toml", "respect-gitignore = false\n")
    assert "out/welcome.html" in shown(".")
    assert "out/welcome.html" not in shown("--respect-gitignore", ".")


def test_gitignore_needs_a_repository(repo):
    import shutil

    shutil.rmtree(repo / ".git")
    assert "out/welcome.html" in shown(".")


def test_exclude_patterns_are_relative_to_the_configuration_file(repo):
    write(repo / "templates" / "email-lint.toml", 'extend-exclude = ["/promo.*", "welcome.txt"]\n')
    write(repo / "templates" / "nested" / "promo.html", COMPLIANT)
    write(repo / "templates" / "nested" / "welcome.txt", TEXT_PART)
    write(repo / "templates" / "nested" / "welcome.html", COMPLIANT)
    files = shown(".")
    # "/promo.*" is anchored to templates/ (the config's folder); "welcome.txt" matches at any depth
    assert "templates/promo.mjml.j2" not in files and "templates/nested/promo.html" in files
    assert "templates/welcome.txt" not in files and "templates/nested/welcome.txt" not in files
    assert "templates/welcome.html" in files


def test_exclude_replaces_the_defaults_extend_exclude_adds(repo):
    write(repo / "email-lint.toml", 'exclude = ["templates/"]\n')
    files = shown(".")
    assert "node_modules/pkg/mail.html" in files and not any(f.startswith("templates/") for f in files)


def test_cli_exclude_is_relative_to_the_current_folder(repo):
    files = shown("--exclude", "templates/welcome.*", ".")
    assert "templates/welcome.html" not in files and "templates/promo.mjml.j2" in files


def test_include_and_extend_include(repo):
    write(repo / "email-lint.toml", 'extend-include = ["*.md"]\n')
    assert "notes.md" in shown(".")
    write(repo / "email-lint.toml", 'include = ["*.mjml.j2"]\n')
    assert shown(".") == ["templates/promo.mjml.j2", "templates/promo.txt"]  # the text part of a selected one
    write(repo / "email-lint.toml", 'include = ["*.txt"]\n')  # chosen explicitly: every .txt
    assert shown(".") == ["README.txt", "requirements.txt", "templates/promo.txt", "templates/welcome.txt"]


def test_text_files_of_a_configured_template_folder(repo):
    write(repo / "mail" / "plain" / "digest.txt", TEXT_PART)
    assert "mail/plain/digest.txt" not in shown(".")
    write(repo / "email-lint.toml", 'template-dirs = ["mail"]\n')
    assert "mail/plain/digest.txt" in shown(".")
    assert "README.txt" not in shown(".")


def test_explicit_paths_are_always_checked(repo):
    assert shown("requirements.txt", "out/welcome.html", "node_modules/pkg/mail.html", "notes.md") == [
        "node_modules/pkg/mail.html", "notes.md", "out/welcome.html", "requirements.txt"]


def test_force_exclude_applies_the_walks_exclusions_to_named_files(repo):
    named = ("requirements.txt", "README.txt", "node_modules/pkg/mail.html",
             "templates/welcome.txt", "templates/welcome.html")
    assert shown("--force-exclude", *named) == ["templates/welcome.html", "templates/welcome.txt"]
    assert shown("--force-exclude", "--exclude", "templates", *named) == []
    write(repo / "email-lint.toml", "force-exclude = true\n")
    assert shown(*named) == ["templates/welcome.html", "templates/welcome.txt"]
    assert len(shown("--no-force-exclude", *named)) == len(named)


def test_a_named_binary_file_is_skipped_quietly(repo):
    result = run("check", "--force-exclude", "--", "templates/logo.png", "templates/welcome.html")
    assert result.exit_code == 0, result.stdout + result.stderr
    assert result.stderr == "" and "1 file" in result.stdout
    assert run("check", "templates/logo.png").exit_code == 0


def test_a_named_binary_with_a_template_name_is_still_an_error(repo):
    write(repo / "templates" / "banner.html", PNG)
    result = run("check", "templates/banner.html")
    assert result.exit_code == 2 and "banner.html" in result.stderr


def test_show_files_reports_a_missing_path(repo):
    result = run("check", "--show-files", "nowhere.html", "templates/welcome.html")
    assert result.exit_code == 2
    assert result.stdout == "templates/welcome.html\n" and "nowhere.html" in result.stderr


def test_per_file_ignores_and_overrides_use_gitignore_patterns(repo):
    write(repo / "email-lint.toml", """
[per-file-ignores]
"/templates/promo.*" = ["EL003"]
"drafts/" = ["EL002"]

[[overrides]]
files = ["welcome.*"]
kind = "transactional"
""")
    from email_lint.config import load_config

    config = load_config(repo / "email-lint.toml")
    assert config.ignores_for(repo / "templates" / "promo.txt") == ("EL003",)
    assert config.ignores_for(repo / "other" / "templates" / "promo.txt") == ()  # anchored
    assert config.ignores_for(repo / "a" / "drafts" / "b" / "c.html") == ("EL002",)  # folder and below
    assert config.context_for(repo / "deep" / "welcome.html").kind == "transactional"
    assert config.context_for(repo / "deep" / "promo.html").kind == "commercial"


def test_one_file_run_does_not_import_pathspec(repo):
    """The pre-commit hook on one file: default patterns never load pathspec; without an ESP or
    a transactional kind, neither the ESP catalogue nor the promotion detector is loaded."""
    code = (
        "import sys\n"
        "from email_lint.cli import main\n"
        "try:\n"
        "    main(['check', '--force-exclude', '--', 'templates/welcome.html'])\n"
        "except SystemExit as exc:\n"
        "    print('exit', exc.code)\n"
        "lazy = ('pathspec', 'email_lint.esp', 'email_lint.detectors.promotion')\n"
        "print(sorted(m for m in lazy if m in sys.modules))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=repo, capture_output=True, text=True, check=False)
    assert result.stdout.splitlines()[-2:] == ["exit 0", "[]"], result.stdout + result.stderr
