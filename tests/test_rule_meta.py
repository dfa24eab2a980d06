"""Every registered rule (every plugin) is well declared, documented, tested and its docs run."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from email_lint.plugins import load_plugins
from email_lint.testing import check_snippet, load_rule_cases

REGISTRY = load_plugins()
RULES = list(REGISTRY.rules.values())
CASES = load_rule_cases(Path(__file__).parent / "rule_cases")
SECTIONS = ("## What it does", "## Why", "## Example", "## Use instead")
#: Rules about directives themselves: their findings come from the engine, not from a law.
META_RULES = {"EL100", "EL101"}
_FENCE = re.compile(r"^```(?P<lang>[\w-]*)[^\n]*\n(?P<body>.*?)^```", re.S | re.M)
_HEADER = re.compile(r"^[A-Za-z][A-Za-z0-9-]*: \S")
_EXTENSIONS = {"": ".html", "html": ".html", "mjml": ".mjml", "text": ".txt", "txt": ".txt", "eml": ".eml",
               "email": ".eml"}


def test_registry_holds_the_core_rules():
    expected = {
        "EL001": "sender-identity",
        "EL002": "unsubscribe-link",
        "EL003": "data-source-notice",
        "EL004": "commercial-statement",
        "EL005": "postal-address",
        "EL100": "unused-suppression",
        "EL101": "invalid-directive",
    }
    assert {code: REGISTRY.rules[code].name for code in expected if code in REGISTRY.rules} == expected
    assert {REGISTRY.origin[code] for code in expected} == {"core"}


def test_codes_and_names_are_unique_across_every_plugin():
    provided = [rule for rules in REGISTRY.manager.hook.email_lint_rules() for rule in rules or ()]
    codes = [r.code for r in provided]
    names = [r.name for r in provided]
    assert len(codes) == len(set(codes)), sorted(c for c in codes if codes.count(c) > 1)
    assert len(names) == len(set(names)), sorted(n for n in names if names.count(n) > 1)


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.code)
def test_code_and_name_shape(rule):
    assert re.fullmatch(r"[A-Z]{1,4}\d{3}", rule.code), rule.code
    assert re.fullmatch(r"[a-z][a-z0-9]*(?:-[a-z0-9]+)*", rule.name), rule.name
    assert rule.summary.strip() and rule.severity in ("error", "warning", "info")


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.code)
def test_docs_have_every_section(rule):
    positions = [rule.docs.find(section) for section in SECTIONS]
    missing = [s for s, p in zip(SECTIONS, positions, strict=True) if p < 0]
    assert not missing, f"{rule.code}: missing {missing}"
    assert positions == sorted(positions), f"{rule.code}: sections out of order"
    for section in ("## Example", "## Use instead"):
        assert _fences(rule, section), f"{rule.code}: no code block under {section}"


@pytest.mark.parametrize("rule", [r for r in RULES if r.code not in META_RULES], ids=lambda r: r.code)
def test_element_rules_cite_a_reference(rule):
    assert rule.reference.strip(), f"{rule.code} has no legal or technical reference"


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.code)
def test_every_rule_has_failing_and_passing_cases(rule):
    mine = [c for c in CASES if c.rule == rule.code]
    assert any(rule.code in {code for code, _ in c.expect} for c in mine), f"{rule.code}: no failing case"
    assert any(not c.expect for c in mine), f"{rule.code}: no passing case"


def _section(docs: str, title: str) -> str:
    start = docs.index(title) + len(title)
    following = [docs.find(s, start) for s in SECTIONS if docs.find(s, start) >= 0]
    return docs[start:min(following)] if following else docs[start:]


def _fences(rule, title: str) -> list[tuple[str, str]]:
    if title not in rule.docs:
        return []
    return [(m["lang"].lower(), m["body"]) for m in _FENCE.finditer(_section(rule.docs, title))]


def _context(rule) -> dict:
    """A campaign context under which *rule* applies."""
    context: dict = {}
    if rule.kinds:
        context["kind"] = "commercial" if "commercial" in rule.kinds else sorted(rule.kinds)[0]
    if rule.countries:
        context["countries"] = sorted(rule.countries)
    if rule.audiences:
        context["audience"] = sorted(rule.audiences)[0]
    if rule.rendered:
        context["rendered"] = True
    return context


def _filename(lang: str, body: str) -> str:
    """A file name for a fenced snippet: from its language, else from its content."""
    if not lang and _HEADER.match(body):
        return "example.eml"  # a bare block of message headers
    return "example" + _EXTENSIONS.get(lang, "." + lang)


def _codes(rule, lang: str, body: str) -> set[str]:
    """The codes *body* gives; a restating country rule counts as fired when its core finding names it."""
    filename = _filename(lang, body)
    findings = check_snippet(body, filename, context=_context(rule))
    folded = {rule.code for f in findings if rule.same_as and f.code == rule.same_as
              and rule.country and rule.country.upper() in f.countries}
    return {f.code for f in findings} | folded


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.code)
def test_documented_example_fires(rule):
    for lang, body in _fences(rule, "## Example"):
        assert rule.code in _codes(rule, lang, body), f"{rule.code}: its Example does not fire:\n{body}"


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.code)
def test_documented_fix_does_not_fire(rule):
    for lang, body in _fences(rule, "## Use instead"):
        assert rule.code not in _codes(rule, lang, body), f"{rule.code}: its 'Use instead' fires:\n{body}"
