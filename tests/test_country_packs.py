"""Country packs: every rule declared, documented, referenced and covered by data-driven cases
in the country's language(s) and in English; consent cases agree with each pack's regime.

The cases themselves (tests/rule_cases/<country>/*.yaml) run in test_rule_cases.py.
"""

from __future__ import annotations

import importlib
import re
from collections import defaultdict
from pathlib import Path

import pytest

from email_lint.context import CONSENTS, Context
from email_lint.packs import Regime, consent_violations
from email_lint.plugins import load_plugins
from email_lint.rule_docs import DISCLAIMER
from email_lint.testing import check_snippet, load_rule_cases

CASES_DIR = Path(__file__).parent / "rule_cases"
REGISTRY = load_plugins()
COUNTRY_RULES = [r for r in REGISTRY.rules.values() if r.countries and REGISTRY.origin[r.code] != "core"]
#: The languages each pack's cases must cover, besides English.
LANGUAGES = {"fr": ("fr",), "de": ("de",), "it": ("it",), "es": ("es",), "be": ("fr", "nl"), "nl": ("nl",),
             "gb": ("en",), "us": ("en",), "ca": ("en", "fr")}
_NAME = re.compile(r"^(?P<lang>[a-z]{2})-(?P<fmt>html|mjml|txt|eml)-[a-z0-9-]+$")


def _cases(rule) -> list:
    directory = CASES_DIR / rule.country
    return [c for c in load_rule_cases(directory) if c.rule == rule.code] if directory.is_dir() else []


def test_every_country_has_a_pack_with_rules():
    assert {r.country for r in COUNTRY_RULES} == set(LANGUAGES)


@pytest.mark.parametrize("rule", COUNTRY_RULES, ids=lambda r: r.code)
def test_rule_declaration(rule):
    country = rule.country
    assert country and REGISTRY.origin[rule.code] == country
    assert re.fullmatch(rf"{country.upper()}[1-3]\d\d", rule.code), "ISO prefix + three digits (1xx/2xx/3xx)"
    assert rule.name.startswith(f"{country}-"), rule.name
    assert rule.kinds == frozenset({"commercial"})
    assert rule.reference.strip()
    assert DISCLAIMER in rule.docs


@pytest.mark.parametrize("rule", COUNTRY_RULES, ids=lambda r: r.code)
def test_rule_cases_fail_and_pass_in_the_countrys_languages_and_english(rule):
    cases = _cases(rule)
    seen: dict[str, set[bool]] = defaultdict(set)
    for case in cases:
        match = _NAME.match(case.name)
        assert match, f"{case}: case names are <language>-<format>-<what>"
        seen[match["lang"]].add(bool(case.expect))
        # A restating rule's case may select its core rule too: then the core code is expected.
        assert all(code in {rule.code, rule.same_as} for code, _ in case.expect), case
    for language in {*LANGUAGES[rule.country], "en"}:
        assert seen[language] == {True, False}, f"{rule.code}: {language} lacks a failing or a passing case"


def _regime(rule) -> Regime:
    return importlib.import_module(rule.check.__module__).REGIME


CONSENT_RULES = [r for r in COUNTRY_RULES if r.code.endswith("101")]


@pytest.mark.parametrize("rule", CONSENT_RULES, ids=lambda r: r.code)
def test_consent_cases_cover_every_combination_that_changes_the_verdict(rule):
    """For each audience, a lawful and an unlawful consent basis is tested; a basis lawful for one
    audience and not the other is tested for both; every case agrees with the pack's regime."""
    regime = _regime(rule)
    tested: set[tuple[str, str]] = set()
    for case in _cases(rule):
        audience, consent = case.context.get("audience"), case.context.get("consent")
        if audience is None or consent is None or case.context.get("kind") == "transactional" or case.config:
            continue
        tested.add((audience, consent))
        if rule.code == "BE101" and audience == "b2b" and consent in ("opt-out", "none"):
            continue  # depends on the recipient (impersonal address or named person): own cases
        # "unknown" is reported (a warning) unless the audience needs no consent at all.
        lawful = "none" in regime.lawful(audience) if consent == "unknown" else consent in regime.lawful(audience)
        assert bool(case.expect) != lawful, f"{case}: the regime says {'lawful' if lawful else 'unlawful'}"
    for audience in ("b2b", "b2c"):
        verdicts = {c: c in regime.lawful(audience) for c in CONSENTS if c != "unknown"}
        for verdict in set(verdicts.values()):
            assert any(a == audience and verdicts.get(c) == verdict for a, c in tested), (
                f"{rule.code}: no {audience} case with a {'lawful' if verdict else 'unlawful'} consent basis"
            )
    for consent in CONSENTS:
        if (consent in regime.b2b) != (consent in regime.b2c):
            assert {("b2b", consent), ("b2c", consent)} <= tested, f"{rule.code}: {consent} not tested for both"


@pytest.mark.parametrize(("audience", "consent", "expected"), [
    ("b2c", "opt-out", "error"),
    ("b2b", "opt-out", None),
    (None, "opt-out", "warning"),
    ("b2c", "unknown", "warning"),
    ("b2c", None, None),
    ("b2c", "soft-opt-in", None),
])
def test_consent_verdict(audience, consent, expected):
    regime = Regime("Testland", b2c=frozenset({"opt-in", "soft-opt-in"}), b2b=frozenset({"opt-in", "opt-out"}),
                    requirement="a test")
    found = list(consent_violations(regime, Context(audience=audience, consent=consent)))
    assert [v.severity or "error" for v in found] == ([expected] if expected else [])


# -- severities that make the difference between failing the run and not --------------------
def _severities(code: str, source: str, filename: str = "t.html", **context) -> list[str]:
    return [f.severity for f in check_snippet(source, filename, select=[code], context=context)]


OFFER = "<p>Publicité — Imprimerie Dubois SRL : cartes de visite à moitié prix.</p>\n"


@pytest.mark.parametrize(("code", "source", "context", "expected"), [
    ("FR101", OFFER, {"countries": "fr", "audience": "b2c", "consent": "opt-out"}, ["error"]),
    ("FR101", OFFER, {"countries": "fr", "consent": "opt-out"}, ["warning"]),
    ("DE101", OFFER, {"countries": "de", "consent": "unknown"}, ["warning"]),
    ("BE101", "<p>Madame, Monsieur,</p>\n" + OFFER, {"countries": "be", "audience": "b2b", "consent": "opt-out"},
     ["warning"]),
    ("BE101", "<p>Bonjour Madame Peeters,</p>\n" + OFFER,
     {"countries": "be", "audience": "b2b", "consent": "opt-out"}, ["error"]),
    ("US202", "<p>Save 30% on lamps.</p>", {"countries": "us", "consent": "opt-in"}, ["warning"]),
    ("US202", "<p>Save 30% on lamps.</p>", {"countries": "us", "consent": "opt-out"}, ["error"]),
    ("ES303", "<p>Un 20 % en novelas.</p>", {"countries": "es"}, ["warning"]),
    ("NL203", "<p>Advertentie</p>", {"countries": "nl"}, ["warning"]),
    ("DE210", "<p>Kaffee Berger GmbH</p>", {"countries": "de"}, ["warning"]),
])
def test_severity(code, source, context, expected):
    assert _severities(code, source, **context) == expected


def test_german_footer_rule_ignores_other_languages():
    english = '<html lang="en"><body><p>Hello</p><p><a href="{{ unsubscribe_url }}">Unsubscribe</a></p></body></html>'
    assert _severities("DE302", english, countries="de") == []


def test_a_template_targeting_several_countries_runs_every_pack():
    source = "<p>Lohnabrechnung in zehn Minuten.</p>\n"
    findings = check_snippet(source, select=["FR", "DE", "IT"], context={
        "countries": "fr,de", "audience": "b2b", "consent": "opt-out"})
    codes = {f.code for f in findings}
    assert "DE101" in codes and "FR101" not in codes and not any(c.startswith("IT") for c in codes)
    assert {f.country for f in findings} == {"FR", "DE"}
    assert all(f.country == f.code[:2] for f in findings)
