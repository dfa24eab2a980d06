"""Output options: colour (forced, NO_COLOR, FORCE_COLOR), --show-source code frames, the gitlab
format, -o/--output-file and --statistics with each format. Golden files in tests/golden/output/;
regenerate with ``EMAIL_LINT_UPDATE_GOLDEN=1 python -m pytest tests/test_output_options.py``.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from email_lint.cli import main
from email_lint.formatters.source_frame import frame
from email_lint.output import use_color

GOLDEN = Path(__file__).parent / "golden" / "output"
UPDATE = os.environ.get("EMAIL_LINT_UPDATE_GOLDEN") == "1"
LINE = re.compile(r"^\S+:\d+:\d+: [A-Z]+\d+ .+ \[[a-z0-9-]+\]$")


def run(*args: str, env: dict[str, str] | None = None):
    cwd = os.getcwd()
    os.chdir(GOLDEN)
    try:
        return CliRunner(env=env).invoke(main, ["check", *args], catch_exceptions=False)
    finally:
        os.chdir(cwd)


def golden(name: str, text: str) -> None:
    expected = GOLDEN / name
    if UPDATE:
        expected.write_text(text, encoding="utf-8")
    assert text == expected.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("args", "name"),
    [
        (("--color", "always"), "expected.color"),
        (("--show-source", "--color", "never"), "expected.show-source"),
        (("--show-source", "--color", "always"), "expected.show-source.color"),
        (("--format", "gitlab"), "expected.gitlab.json"),
    ],
)
def test_golden(args, name):
    result = run(*args, "templates")
    assert result.exit_code == 1, result.stderr
    golden(name, result.stdout)


def test_forced_colour_is_the_plain_text_once_unstyled():
    plain = run("--color", "never", "templates").stdout
    coloured = run("--color", "always", "templates").stdout
    assert "\x1b[" in coloured and "\x1b[" not in plain
    assert click.unstyle(coloured) == plain
    findings = plain.splitlines()[:-1]
    assert findings and all(LINE.match(line) for line in findings)  # the one-line contract


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({}, False),  # not a terminal
        ({"FORCE_COLOR": "1"}, True),
        ({"NO_COLOR": "1"}, False),
        ({"FORCE_COLOR": "1", "NO_COLOR": "1"}, True),
        ({"FORCE_COLOR": "0"}, False),
    ],
)
def test_auto_colour_follows_the_environment(env, expected):
    assert use_color("auto", None, env) is expected
    assert use_color("never", None, {"FORCE_COLOR": "1"}) is False
    assert use_color("always", None, {"NO_COLOR": "1"}) is True


def test_no_color_and_force_color_on_the_command_line():
    clean = {"NO_COLOR": None, "FORCE_COLOR": None}
    assert "\x1b[" in run("templates", env={**clean, "FORCE_COLOR": "1"}).stdout
    assert "\x1b[" not in run("templates", env={**clean, "NO_COLOR": "1"}).stdout
    assert "\x1b[" not in run("templates", env=clean).stdout  # CliRunner's stdout is no terminal


def test_quiet_drops_the_coloured_summary_too():
    result = run("--quiet", "--color", "always", "templates")
    assert "Found" not in click.unstyle(result.stdout)


def test_source_frame_caret_under_the_column_with_tabs_and_long_lines():
    assert frame("a\n\tb <a href='#'>x</a>\n", 2, 4) == ["  2 |     b <a href='#'>x</a>", "    |       ^"]
    assert frame("one line\n", 5, 1) == []  # a line that is not there: no frame
    long = "x" * 500 + "<a href='#'>" + "y" * 500
    shown, caret = frame(long, 1, 501)
    assert len(shown) < 120 and shown.split("| ", 1)[1].startswith("…")
    assert shown[caret.index("^")] == "<"


def test_show_source_reads_standard_input_from_memory():
    result = CliRunner().invoke(
        main, ["check", "--show-source", "-", "--stdin-filename", "x.txt"], input="Hi\n\nReply STOP to stop.\n"
    )
    assert "  1 | Hi\n    | ^\n" in result.stdout


def test_gitlab_fingerprints_are_stable_unique_and_ignore_lines(tmp_path):
    issues = json.loads(run("--format", "gitlab", "templates").stdout)
    assert {i["severity"] for i in issues} == {"major", "minor"}  # errors, and the EL100 warning
    fingerprints = [i["fingerprint"] for i in issues]
    assert len(set(fingerprints)) == len(fingerprints)
    for issue in issues:
        assert set(issue) == {"description", "check_name", "fingerprint", "severity", "location"}
        assert issue["location"]["lines"]["begin"] >= 1
    # Lines inserted above a finding move it, but its fingerprint stays.
    source = (GOLDEN / "templates" / "pottery-club.html").read_text(encoding="utf-8")
    (tmp_path / "email-lint.toml").write_text('kind = "commercial"\n', encoding="utf-8")
    moved = tmp_path / "templates"
    moved.mkdir()
    (moved / "pottery-club.html").write_text(source.replace("<body>", "<body>\n\n\n"), encoding="utf-8")
    cwd = os.getcwd()
    os.chdir(tmp_path)
    try:
        after = json.loads(CliRunner().invoke(main, ["check", "--format", "gitlab", "templates"]).stdout)
    finally:
        os.chdir(cwd)
    before = {i["fingerprint"]: i["location"]["lines"]["begin"] for i in issues
              if i["location"]["path"].endswith("pottery-club.html")}
    assert {i["fingerprint"] for i in after} == set(before)
    assert any(i["location"]["lines"]["begin"] == before[i["fingerprint"]] + 3 for i in after)


def test_gitlab_reports_unreadable_files_as_blockers(tmp_path):
    bad = tmp_path / "bad.html"
    bad.write_bytes(b"\x00\x01binary")
    result = CliRunner().invoke(main, ["check", "--format", "gitlab", str(bad)])
    assert result.exit_code == 2
    assert [i["severity"] for i in json.loads(result.stdout)] == ["blocker"]


@pytest.mark.parametrize("fmt", ["text", "json", "gitlab", "sarif"])
def test_output_file_holds_the_bytes_stdout_would(tmp_path, fmt):
    stdout = run("--format", fmt, "--color", "always", "templates")
    target = tmp_path / "report.out"
    to_file = run("--format", fmt, "--color", "always", "-o", str(target), "templates")
    assert to_file.exit_code == stdout.exit_code == 1
    assert to_file.stdout == ""
    assert target.read_bytes() == stdout.stdout_bytes


def test_output_file_that_cannot_be_written_is_one_error(tmp_path):
    result = run("-o", str(tmp_path / "missing" / "report.txt"), "templates")
    assert result.exit_code == 2
    assert result.stderr.startswith("email-lint: error: ") and "cannot write the report" in result.stderr


def test_statistics_in_json_lines_and_refused_elsewhere():
    lines = run("--statistics", "--format", "json-lines", "templates").stdout.splitlines()
    findings = json.loads(run("--format", "json", "templates").stdout)
    most = min({f["code"] for f in findings}, key=lambda code: (-sum(f["code"] == code for f in findings), code))
    assert json.loads(lines[0])["code"] == most
    for fmt in ("sarif", "github", "junit", "gitlab"):
        result = run("--statistics", "--format", fmt, "templates")
        assert result.exit_code == 2 and f"--format {fmt}" in result.stderr, fmt


def test_show_source_only_with_text():
    result = run("--show-source", "--format", "json", "templates")
    assert result.exit_code == 2 and "--show-source" in result.stderr
