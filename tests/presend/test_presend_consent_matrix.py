"""One source of truth: for every country x audience x consent, the audience check decides what
the country pack's own consent rule says of the same campaign."""

from __future__ import annotations

import itertools
from datetime import date

import pytest

from email_lint.context import AUDIENCES, CONSENTS
from email_lint.plugins import load_plugins
from email_lint.presend.audience import Campaign, Contact, SuppressionList, decide
from email_lint.testing import check_snippet

REGISTRY = load_plugins()
COUNTRIES = REGISTRY.countries()
CONSENT_REASONS = {"consent-not-lawful", "consent-unknown", "audience-undeclared", "consent-undeclared"}
#: A template addressed to a named person (BE101 treats impersonal B2B mail apart; the contact
#: below is a person, not info@).
TEMPLATE = "<p>Dear Ms Peeters,</p><p>Advertisement: our spring catalogue.</p>"
TODAY = date(2026, 12, 1)


def _consent_rule(country: str):
    """The pack's consent rule (CC101), or None for a pack without one (US: CAN-SPAM is opt-out)."""
    return REGISTRY.rules.get(f"{country.upper()}101")


def _rule_verdict(country: str, audience: str | None, consent: str | None) -> str:
    rule = _consent_rule(country)
    if rule is None:
        return "send"
    context = {"countries": country, "kind": "commercial"}
    if audience:
        context["audience"] = audience
    if consent:
        context["consent"] = consent
    findings = check_snippet(TEMPLATE, "campaign.html", select=[rule.code], context=context)
    if any(f.severity == "error" for f in findings):
        return "block"
    return "warn" if findings else "send"


def test_every_pack_country_is_in_the_matrix_and_regimes_come_from_the_packs():
    regimes = REGISTRY.regimes()
    assert set(regimes) == {c for c in COUNTRIES if _consent_rule(c) is not None}
    from email_lint_fr.rules import REGIME

    assert regimes["fr"] is REGIME  # the pack's object, not a copy


@pytest.mark.parametrize("country", COUNTRIES)
def test_audience_decisions_agree_with_the_pack_consent_rule(country):
    regimes = REGISTRY.regimes()
    campaign = Campaign(countries=(country,), today=TODAY, regimes=regimes, covered=frozenset(COUNTRIES))
    for audience, consent in itertools.product((*AUDIENCES, None), (*CONSENTS, None)):
        contact = Contact(email="marie.peeters@example.org", country=country, audience=audience, consent=consent,
                          customer=True, last_interaction=date(2026, 11, 1))
        decision = decide(contact, campaign, SuppressionList())
        consent_reasons = [r for r in decision.reasons if r in CONSENT_REASONS]
        expected = _rule_verdict(country, audience, consent)
        if consent is None and country in regimes:
            # the rule does not judge an undeclared basis; the audience check warns about it
            assert (decision.decision, consent_reasons) == ("warn", ["consent-undeclared"]), (audience, consent)
            continue
        assert decision.decision == expected, (country, audience, consent, decision)
        assert bool(consent_reasons) == (expected != "send"), (country, audience, consent, decision)
        if expected == "block":
            assert consent_reasons == ["consent-not-lawful"]


@pytest.mark.parametrize(("country", "audience", "consent", "expected"), [
    ("fr", "b2c", "opt-out", "send"),  # France: a company's generic address is B2B, opt-out allowed
    ("fr", "b2c", "none", "block"),  # ...but B2B still needs at least opt-out
    ("be", "b2b", "opt-out", "send"),  # Belgium: impersonal company addresses are exempt
    ("be", "b2c", "none", "send"),
    ("de", "b2b", "opt-out", "block"),  # Germany: no exception for role addresses
    ("nl", "b2b", "none", "block"),
])
def test_role_addresses_change_the_regime_only_where_the_pack_says(country, audience, consent, expected):
    campaign = Campaign(countries=(country,), today=TODAY)
    for address in ("info@firma.example", "contact@firma.example", "verkoop@firma.example"):
        decision = decide(Contact(address, audience=audience, consent=consent, customer=True), campaign)
        assert decision.decision == expected and "role-address" in decision.reasons, (address, decision)
    private = decide(Contact("info@gmail.com", audience=audience, consent=consent, customer=True), campaign)
    assert "role-address" not in private.reasons  # a free-mail info@ is a person's address
