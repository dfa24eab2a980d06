"""CI output formats: golden github and junit files, SARIF against the official 2.1.0 schema,
json-lines, --statistics, and a format added by a plugin.

Regenerate the golden files after an intended change of wording with
``EMAIL_LINT_UPDATE_GOLDEN=1 python -m pytest tests/test_output_formats.py``.
"""

from __future__ import annotations

import json
import os
import types
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from click.testing import CliRunner

from email_lint.cli import main
from email_lint.findings import FileResult, Finding
from email_lint.formatters import builtin_formatters
from email_lint.formatters.github import format_github
from email_lint.formatters.junit import format_junit
from email_lint.formatters.sarif import format_sarif
from email_lint.formatters.statistics import format_statistics
from email_lint.hookspecs import hookimpl
from email_lint.plugins import load_plugins

GOLDEN = Path(__file__).parent / "golden" / "ci"
SCHEMA = Path(__file__).parent / "data" / "sarif-schema-2.1.0.json"
UPDATE = os.environ.get("EMAIL_LINT_UPDATE_GOLDEN") == "1"


def run_golden(*args: str):
    """The CLI on the golden templates, from their folder (so paths are short and stable)."""
    cwd = os.getcwd()
    os.chdir(GOLDEN)
    try:
        return CliRunner().invoke(main, ["check", *args, "templates"], catch_exceptions=False)
    finally:
        os.chdir(cwd)


@pytest.mark.parametrize(("fmt", "golden"), [("github", "expected.github"), ("junit", "expected.junit.xml")])
def test_golden_output(fmt, golden):
    result = run_golden("--format", fmt)
    assert result.exit_code == 2, result.stderr  # one file is binary: a read error outranks violations
    expected = GOLDEN / golden
    if UPDATE:
        expected.write_text(result.stdout, encoding="utf-8")
    assert result.stdout == expected.read_text(encoding="utf-8")


def test_github_annotations_shape():
    lines = run_golden("--format", "github").stdout.splitlines()
    assert lines and all(line.startswith(("::error file=", "::warning file=")) for line in lines)
    warning = next(line for line in lines if line.startswith("::warning"))
    assert "EL100" in warning  # an unused suppression is a warning, not an error
    first = lines[0]
    assert first.startswith("::error file=templates/flash-sale.html,line=1,col=1,title=email-lint EL003 ")


def test_github_escapes_properties_and_data():
    finding = Finding("a,b:c.html", 3, 2, "EL002", "unsubscribe-link", "50% off\nnext line", severity="info")
    out = format_github([FileResult("a,b:c.html", [finding])], {})
    assert out == ("::notice file=a%2Cb%3Ac.html,line=3,col=2,title=email-lint EL002 unsubscribe-link"
                   "::EL002 50%25 off%0Anext line\n")


def test_junit_one_testcase_per_file():
    root = ET.fromstring(run_golden("--format", "junit").stdout)
    suite = root.find("testsuite")
    cases = suite.findall("testcase")
    names = ["autumn-letter.html", "flash-sale.html", "kiln-seconds.eml", "logo.html"]
    assert [c.get("name") for c in cases] == [f"templates/{name}" for name in names]
    assert (suite.get("tests"), suite.get("failures"), suite.get("errors")) == ("4", "2", "1")
    passed, flash, kiln, logo = cases
    assert list(passed) == []
    assert flash.find("failure") is not None and "EL100" in flash.find("system-out").text
    assert "EL100" not in flash.find("failure").text  # warnings do not fail the test case
    assert kiln.find("failure").get("message") == "4 violations: EL006, EL007, EL008"
    assert logo.find("error") is not None and logo.find("failure") is None


def test_junit_strips_characters_xml_cannot_hold():
    finding = Finding("t.html", 1, 1, "EL001", "sender-identity", "bad \x0c byte \udc80 here")
    ET.fromstring(format_junit([FileResult("t.html", [finding])], {}))  # parses: no form feed, no surrogate


def test_sarif_validates_against_the_official_schema():
    jsonschema = pytest.importorskip("jsonschema")
    result = run_golden("--format", "sarif")
    log = json.loads(result.stdout)
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    validator = jsonschema.validators.validator_for(schema)(schema)
    errors = sorted(validator.iter_errors(log), key=lambda e: list(e.path))
    assert not errors, "\n".join(f"{list(e.path)}: {e.message}" for e in errors[:5])


def test_sarif_lists_every_rule_and_locates_results():
    log = json.loads(run_golden("--format", "sarif").stdout)
    run = log["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    registry = load_plugins()
    assert [r["id"] for r in rules] == sorted(registry.rules)
    for descriptor in rules:
        rule = registry.rules[descriptor["id"]]
        assert descriptor["name"] == rule.name
        assert descriptor["help"]["text"] and "## What it does" in descriptor["help"]["markdown"]
        assert descriptor["helpUri"] == rule.url
    results = run["results"]
    assert len(results) == 7
    for item in results:
        assert rules[item["ruleIndex"]]["id"] == item["ruleId"]
        location = item["locations"][0]["physicalLocation"]
        assert location["artifactLocation"]["uri"].startswith("templates/")
        assert location["region"]["startLine"] >= 1
    assert {r["level"] for r in results} == {"error", "warning"}
    invocation = run["invocations"][0]
    assert invocation["executionSuccessful"] is False
    assert "logo.html" in invocation["toolExecutionNotifications"][0]["message"]["text"]


def test_sarif_uri_of_absolute_and_unusual_paths(tmp_path):
    target = tmp_path / "a b.html"
    finding = Finding(str(target), 2, 1, "EL001", "sender-identity", "m")
    log = json.loads(format_sarif([FileResult(str(target), [finding])], {}))
    uri = log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    assert uri == target.as_uri() and "%20" in uri
    relative = json.loads(format_sarif([FileResult("x y.html", [Finding("x y.html", 1, 1, "EL001", "s", "m")])], {}))
    location = relative["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
    assert location == {"uri": "x%20y.html", "uriBaseId": "%SRCROOT%"}


def test_json_lines_matches_json():
    lines = run_golden("--format", "json-lines").stdout.splitlines()
    whole = json.loads(run_golden("--format", "json").stdout)
    assert [json.loads(line) for line in lines] == whole
    assert len(lines) == 7


def test_statistics_text_and_json():
    result = run_golden("--statistics")
    assert result.stdout.splitlines() == [
        "2  EL007  one-click-unsubscribe",
        "1  EL002  unsubscribe-link",
        "1  EL003  data-source-notice",
        "1  EL006  list-unsubscribe-header",
        "1  EL008  from-header",
        "1  EL100  unused-suppression",
    ]
    assert result.exit_code == 2  # the exit code does not change with --statistics
    as_json = json.loads(run_golden("--statistics", "--format", "json").stdout)
    assert as_json[0] == {"code": "EL007", "name": "one-click-unsubscribe", "count": 2}
    assert sum(item["count"] for item in as_json) == 7


def test_statistics_of_a_clean_run_is_empty():
    assert format_statistics([FileResult("a.html")]) == ""
    assert format_statistics([FileResult("a.html")], "json") == "[]\n"


def test_every_builtin_formatter_handles_an_empty_run():
    for name, formatter in builtin_formatters().items():
        assert isinstance(formatter([], {}), str), name


def test_a_plugin_adds_a_format_through_the_hook():
    from email_lint.runner import _formatters

    plugin = types.SimpleNamespace(
        email_lint_formatters=hookimpl(lambda: {"count": lambda results, rules: f"{len(results)} {len(rules)}\n"})
    )
    registry = load_plugins(extra=(("counter", plugin),))
    formatters = _formatters(registry)
    assert set(builtin_formatters()) <= set(formatters)
    assert formatters["count"]([FileResult("a.html")], registry.rules) == f"1 {len(registry.rules)}\n"
