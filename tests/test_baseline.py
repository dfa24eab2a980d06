"""--baseline / --update-baseline: record today's findings, fail only on new ones."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from email_lint import baseline
from email_lint.cli import main
from email_lint.findings import FileResult, Finding

# A legacy template: no data-source notice (EL003 at line 1), an opt-out hidden by its colour
# (EL002 on the link's line).
LEGACY = """<html lang="en"><body>
<p>Advertisement</p>
<p>The winter seed catalogue is out: forty new heritage varieties.</p>
<p>Fernhill Seeds Ltd, 22 Orchard Road, Hereford HR1 2AB</p>
<table><tr><td style="background:#ffffff">
<p style="color:#ffffff"><a href="{{unsubscribe_url}}">Unsubscribe</a></p>
</td></tr></table>
</body></html>
"""
CLEAN = """<html lang="en"><body>
<p>Advertisement</p>
<p>The winter seed catalogue is out.</p>
<p>You are receiving this email because you ordered seeds from fernhill-seeds.co.uk.</p>
<p>Fernhill Seeds Ltd, 22 Orchard Road, Hereford HR1 2AB</p>
<p><a href="{{unsubscribe_url}}">Unsubscribe</a></p>
</body></html>
"""


@pytest.fixture
def repo(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "email-lint.toml").write_text("", encoding="utf-8")
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "legacy.html").write_text(LEGACY, encoding="utf-8")
    (templates / "clean.html").write_text(CLEAN, encoding="utf-8")
    return tmp_path


def check(*args: str):
    return CliRunner().invoke(main, ["check", *args], catch_exceptions=False)


def codes(result) -> list[tuple[str, int]]:
    found = []
    for line in result.stdout.splitlines():
        parts = line.split(":")
        if len(parts) > 3 and parts[1].isdigit():
            found.append((parts[3].split()[0], int(parts[1])))
    return found


def test_round_trip_record_shift_lines_then_a_new_violation_fails(repo):
    assert check("templates").exit_code == 1  # the legacy template fails without a baseline

    recorded = check("--baseline", "baseline.json", "--update-baseline", "templates")
    assert recorded.exit_code == 0, recorded.stdout + recorded.stderr
    assert "recorded 2 findings" in recorded.stderr
    data = json.loads((repo / "baseline.json").read_text(encoding="utf-8"))
    assert data["version"] == 1
    assert sorted((e["path"], e["code"], e["count"]) for e in data["findings"]) == [
        ("templates/legacy.html", "EL002", 1), ("templates/legacy.html", "EL003", 1),
    ]

    assert check("--baseline", "baseline.json", "templates").exit_code == 0

    # Shift every line: a comment block on top, blank lines in the middle.
    legacy = repo / "templates" / "legacy.html"
    shifted = "<!-- reviewed by the compliance team -->\n\n\n" + LEGACY.replace("<table>", "\n\n<table>")
    legacy.write_text(shifted, encoding="utf-8")
    assert check("templates").exit_code == 1  # still failing without the baseline ...
    after_shift = check("--baseline", "baseline.json", "templates")
    assert after_shift.exit_code == 0, after_shift.stdout  # ... but nothing new with it

    # A new violation: the advertising label is dropped.
    legacy.write_text(shifted.replace("<p>Advertisement</p>\n", ""), encoding="utf-8")
    new = check("--baseline", "baseline.json", "templates")
    assert new.exit_code == 1
    assert codes(new) == [("EL004", 1)]


def test_a_violation_in_another_file_is_new(repo):
    check("--baseline", "b.json", "--update-baseline", "templates")
    (repo / "templates" / "copy.html").write_text(LEGACY, encoding="utf-8")
    result = check("--baseline", "b.json", "templates")
    assert result.exit_code == 1
    assert {path for path in (line.split(":")[0] for line in result.stdout.splitlines()) if path.endswith(".html")} == {
        "templates/copy.html"}


def test_identical_findings_are_counted(repo):
    bad = "<!-- email-lint: kind=promo -->\n"  # EL101 invalid-directive, an error, once per comment
    legacy = repo / "templates" / "legacy.html"
    legacy.write_text(bad + bad + LEGACY, encoding="utf-8")
    check("--baseline", "b.json", "--update-baseline", "templates")
    counts = {(e["code"], e["count"]) for e in json.loads((repo / "b.json").read_text())["findings"]}
    assert ("EL101", 2) in counts
    legacy.write_text(bad + LEGACY + bad, encoding="utf-8")  # moved: still two
    assert check("--baseline", "b.json", "templates").exit_code == 0
    legacy.write_text(bad + bad + LEGACY + bad, encoding="utf-8")  # one more than recorded
    result = check("--baseline", "b.json", "templates")
    assert result.exit_code == 1
    assert [code for code, _ in codes(result)] == ["EL101"]


def test_baseline_paths_are_relative_to_the_baseline_file(repo, monkeypatch):
    check("--baseline", "b.json", "--update-baseline", "templates")
    monkeypatch.chdir(repo / "templates")
    result = check("--baseline", "../b.json", "legacy.html")
    assert result.exit_code == 0, result.stdout


def test_update_keeps_entries_of_files_not_checked_in_this_run(repo):
    (repo / "templates" / "other.html").write_text(LEGACY, encoding="utf-8")
    check("--baseline", "b.json", "--update-baseline", "templates")
    check("--baseline", "b.json", "--update-baseline", "templates/legacy.html")  # a pre-commit-style partial run
    paths = {e["path"] for e in json.loads((repo / "b.json").read_text())["findings"]}
    assert paths == {"templates/legacy.html", "templates/other.html"}
    (repo / "templates" / "other.html").unlink()
    check("--baseline", "b.json", "--update-baseline", "templates/legacy.html")
    paths = {e["path"] for e in json.loads((repo / "b.json").read_text())["findings"]}
    assert paths == {"templates/legacy.html"}  # entries of deleted files are dropped


def test_stdin_is_fingerprinted_from_what_was_read(repo):
    runner = CliRunner()
    args = ["check", "--baseline", "b.json", "--stdin-filename", "templates/piped.html", "-"]
    assert runner.invoke(main, [*args[:3], "--update-baseline", *args[3:]], input=LEGACY).exit_code == 0
    assert runner.invoke(main, args, input="\n\n" + LEGACY).exit_code == 0
    assert runner.invoke(main, args, input=LEGACY.replace("</body>", "<p>Sale!</p></body>")).exit_code == 0
    assert runner.invoke(main, ["check", "--stdin-filename", "templates/piped.html", "-"], input=LEGACY).exit_code == 1


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["--baseline", "missing.json", "templates"], "no such baseline"),
        (["--update-baseline", "templates"], "--update-baseline needs --baseline"),
        (["--baseline", "broken.json", "templates"], "invalid baseline"),
    ],
)
def test_baseline_usage_errors_exit_2_with_one_line(repo, args, words):
    (repo / "broken.json").write_text("{not json", encoding="utf-8")
    result = CliRunner().invoke(main, ["check", *args])
    assert result.exit_code == 2
    assert words in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.stderr


def test_fingerprint_ignores_line_numbers_and_digits_in_messages(tmp_path):
    source = {"a.html": b"x\n<p>hidden</p>\n", "b.html": b"x\ny\nz\n<p>hidden</p>\n"}
    first = Finding("a.html", 2, 1, "EL002", "unsubscribe-link", "hidden at byte 120")
    moved = Finding("a.html", 4, 1, "EL002", "unsubscribe-link", "hidden at byte 480")
    entries = baseline.load(_written(tmp_path, [FileResult("a.html", [first])], source))
    source["a.html"] = source["b.html"]
    kept = baseline.apply(entries, [FileResult("a.html", [moved])], tmp_path / "b.json", source.get)
    assert kept[0].findings == []


def _written(tmp_path: Path, results, source) -> Path:
    path = tmp_path / "b.json"
    baseline.write(path, results, (), lambda display: source.get(display))
    return path
