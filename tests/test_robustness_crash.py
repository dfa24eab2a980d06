"""Crash reporting: a rule (or a reader) that raises is reported with the rule and the file,
exits 2, never prints a traceback, and the other files are still checked and reported."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from email_lint import plugins
from email_lint.cli import main
from email_lint.engine import RuleCrash
from email_lint.hookspecs import hookimpl
from email_lint.rules.base import Violation, rule
from email_lint.testing import check_snippet


@rule("ZZ901", "crashy-rule", "Raises on purpose when a template says BOOM.")
def crashy(document, context):
    """## What it does
    Crashes on purpose (a test double).
    """
    if "BOOM" in document.source:
        raise RuntimeError("kaboom")
    return [Violation("crashy-rule ran", 1)]


class CrashyPack:
    @staticmethod
    @hookimpl
    def email_lint_rules():
        return [crashy]


@pytest.fixture
def with_crashy_pack(monkeypatch):
    """Every registry of the run (in this process and in forked workers) gets the pack."""
    original = plugins.load_plugins

    def load(disabled=(), extra=()):
        return original(disabled, extra=(*extra, ("crashy", CrashyPack)))

    monkeypatch.setattr(plugins, "load_plugins", load)


@pytest.fixture
def three_files(tmp_path):
    boom = tmp_path / "b-boom.html"
    boom.write_text("<p>BOOM goes the template</p>", encoding="utf-8")
    before = tmp_path / "a-before.html"
    before.write_text("<p>Big sale!</p>", encoding="utf-8")
    after = tmp_path / "c-after.html"
    after.write_text("<p>Another sale!</p>", encoding="utf-8")
    return before, boom, after


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_crashing_rule_names_itself_and_the_file_and_the_run_goes_on(with_crashy_pack, three_files, jobs):
    before, boom, after = three_files
    result = CliRunner().invoke(main, ["check", "--jobs", jobs, "--select", "EL002,ZZ901", str(before),
                                       str(boom), str(after)])
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        f"email-lint: {boom}: rule ZZ901 (crashy-rule) crashed: RuntimeError: kaboom"]
    assert "Traceback" not in result.output
    for other in (before, after):  # the files before and after the crash: checked and reported
        assert f"{other}:1:1: EL002" in result.stdout
        assert f"{other}:1:1: ZZ901 crashy-rule ran" in result.stdout
    assert f"{boom}:" not in result.stdout  # a crashed file is an error, never a (partial) pass


def test_a_crashing_rule_is_an_error_in_every_output_format(with_crashy_pack, three_files):
    _, boom, after = three_files
    result = CliRunner().invoke(main, ["check", "--jobs", "1", "--format", "json", str(boom), str(after)])
    assert result.exit_code == 2
    assert {f["path"] for f in json.loads(result.stdout)} == {str(after)}
    assert "crashy-rule) crashed" in result.stderr


def test_a_crashing_rule_with_exit_zero_still_exits_two(with_crashy_pack, three_files):
    _, boom, _ = three_files
    assert CliRunner().invoke(main, ["check", "--exit-zero", str(boom)]).exit_code == 2


def test_a_reader_bug_is_one_error_line_not_a_traceback(monkeypatch, three_files):
    before, boom, after = three_files
    import email_lint.readers.html as html_reader

    real = html_reader.read_html

    def broken(path, text, line_offset=0):
        if "BOOM" in text:
            raise KeyError("no such thing")
        return real(path, text, line_offset)

    monkeypatch.setattr(html_reader, "read_html", broken)
    result = CliRunner().invoke(main, ["check", "--jobs", "1", "--select", "EL002", str(before), str(boom),
                                       str(after)])
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        f"email-lint: {boom}: internal error, please report it: KeyError: 'no such thing'"]
    assert f"{before}:1:1: EL002" in result.stdout and f"{after}:1:1: EL002" in result.stdout


def test_pack_authors_see_the_crash_in_tests():
    with pytest.raises(RuleCrash, match=r"rule ZZ901 \(crashy-rule\) crashed: RuntimeError: kaboom"):
        check_snippet("<p>BOOM</p>", select=("ZZ901",), plugins=[("crashy", CrashyPack)])


def test_a_configuration_error_still_ends_the_run_in_one_line(tmp_path, three_files):
    """Only reader and rule failures are per-file errors: a bad configuration is the user's to fix."""
    before, _, _ = three_files
    (tmp_path / "email-lint.toml").write_text('countries = ["zz"]\n', encoding="utf-8")  # checked per file
    result = CliRunner().invoke(main, ["check", "--jobs", "1", str(before)])
    assert result.exit_code == 2
    assert len(result.stderr.splitlines()) == 1 and result.stderr.startswith("email-lint: error: ")
    assert "internal error" not in result.stderr and "Traceback" not in result.output
