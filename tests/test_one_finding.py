"""One finding per problem: a country rule restating a core rule (``same_as``) is folded into the
core finding, which names the country; suppressing, ignoring or baselining the core code covers it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from email_lint.cli import main
from email_lint.plugins import load_plugins
from email_lint.testing import check_snippet, load_rule_cases

CASES = Path(__file__).parent / "rule_cases"
REGISTRY = load_plugins()
RESTATING = sorted(code for code, rule in REGISTRY.rules.items() if rule.same_as)
# Complete for the core rules but for a dead unsubscribe link on line 5.
DEAD_UNSUBSCRIBE = """<html lang="en"><body>
<p>Advertisement</p>
<p>You receive this because you bought seeds from us. Our spring catalogue is out.</p>
<p>Northwind Garden Supplies Ltd, 14 Mill Lane, Bristol BS1 5AA</p>
<p><a href="#">Unsubscribe</a></p>
</body></html>
"""


@pytest.fixture
def template(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "email-lint.toml").write_text('kind = "commercial"\n', encoding="utf-8")
    path = tmp_path / "promo.html"
    path.write_text(DEAD_UNSUBSCRIBE, encoding="utf-8")
    return path


def run(*args: str):
    return CliRunner().invoke(main, ["check", *args])


def test_country_gb_on_a_dead_unsubscribe_gives_one_finding_naming_gb(template):
    result = run("--country", "gb", "--audience", "b2b", "promo.html")
    lines = result.stdout.splitlines()
    assert lines[:-1] == [
        "promo.html:5:1: EL002 the only opt-out (link 'Unsubscribe') is not usable: its target is '#'; add a "
        "visible link that unsubscribes in one step, free of charge (GB) [unsubscribe-link]"
    ]
    assert lines[-1] == "Found 1 problem in 1 of 1 file checked."
    findings = json.loads(run("--country", "gb", "--audience", "b2b", "--format", "json", "promo.html").stdout)
    assert [(f["code"], f["countries"]) for f in findings] == [("EL002", ["GB"])]
    assert "(GB)" not in findings[0]["message"]  # JSON keeps the message; countries is its own field


def test_several_countries_are_named_once_each_in_order(template):
    result = run("--country", "us,gb,fr", "--audience", "b2b", "--consent", "opt-in", "--format", "json", "promo.html")
    el002 = [f for f in json.loads(result.stdout) if f["code"] == "EL002"]
    assert [f["countries"] for f in el002] == [["FR", "GB", "US"]]
    assert not any(f["code"] in {"FR203", "GB203", "US203"} for f in json.loads(result.stdout))


def test_a_country_that_asks_more_keeps_its_own_finding(template):
    findings = json.loads(run("--country", "fr", "--audience", "b2b", "--consent", "opt-out", "--first-contact",
                              "--format", "json", "promo.html").stdout)
    assert "FR204" in {f["code"] for f in findings}  # where the data came from: more than EL003 asks


def test_suppressing_the_core_code_covers_the_country(template):
    source = DEAD_UNSUBSCRIBE.replace('<p><a href="#">', '<!-- email-lint: disable-next-line=EL002 -- tested '
                                      'elsewhere -->\n<p><a href="#">')
    template.write_text(source, encoding="utf-8")
    result = run("--country", "gb", "--audience", "b2b", "promo.html")
    assert result.exit_code == 0, result.stdout
    assert "GB203" not in result.stdout and "EL100" not in result.stdout


def test_ignoring_the_core_code_covers_the_country(template):
    result = run("--country", "gb", "--audience", "b2b", "--ignore", "EL002", "promo.html")
    assert result.exit_code == 0 and "GB203" not in result.stdout


def test_baselining_the_core_code_covers_the_country(template):
    assert run("--baseline", "b.json", "--update-baseline", "promo.html").exit_code == 0
    result = run("--country", "gb", "--audience", "b2b", "--baseline", "b.json", "promo.html")
    assert result.exit_code == 0, result.stdout


def test_suppressing_the_country_rule_takes_only_its_country_off(template):
    source = DEAD_UNSUBSCRIBE.replace('<p><a href="#">', '<!-- email-lint: disable-next-line=GB203 -- UK '
                                      'list is handled by post -->\n<p><a href="#">')
    template.write_text(source, encoding="utf-8")
    findings = json.loads(run("--country", "gb,fr", "--audience", "b2b", "--format", "json", "promo.html").stdout)
    assert [(f["code"], f.get("countries")) for f in findings] == [("EL002", ["FR"])]  # used: no EL100


def test_selecting_only_the_country_rules_reports_them_on_their_own(template):
    result = run("--country", "gb", "--audience", "b2b", "--select", "GB", "promo.html")
    assert result.stdout.startswith("promo.html:5:1: GB203 UK: a valid address for opting out")


def test_every_restating_rule_names_a_core_rule():
    assert len(RESTATING) >= 20
    for code in RESTATING:
        rule = REGISTRY.rules[code]
        core = REGISTRY.rules[rule.same_as]
        assert rule.country and core.country is None and core.same_as is None, code
        assert REGISTRY.origin[rule.same_as] == "core", code


@pytest.mark.parametrize("code", RESTATING)
def test_a_restating_rule_finds_what_its_core_rule_finds(code):
    """On every failing case of the rule, with the core rule selected too, only the core code remains."""
    core = REGISTRY.rules[code].same_as
    failing = [c for c in load_rule_cases(CASES) if c.rule == code and c.expect and not c.select]
    assert failing, code
    country = REGISTRY.rules[code].country.upper()
    for case in failing:
        findings = check_snippet(case.source, case.file, select=(code, core), context=case.context,
                                 config=case.config)
        assert findings and all(f.code == core and country in f.countries for f in findings), (case, findings)
