"""Consent regimes: which consent bases make advertising email lawful, per audience.

A pack declares its country's regime as data and its consent rule asks for the
verdict. The campaign's ``consent`` and ``audience`` come from the context
(configuration < file directive < command line). An undeclared consent basis is
not judged: the rule has nothing to check.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Protocol

from email_lint.rules.base import Violation

OPT_IN = frozenset({"opt-in", "double-opt-in"})
#: Prior consent, or the existing-customer exception (similar products, objection offered).
OPT_IN_OR_CUSTOMER = OPT_IN | {"soft-opt-in"}
#: Consent is not required: informed recipients who have not objected may be mailed.
OPT_OUT = OPT_IN_OR_CUSTOMER | {"opt-out"}
#: No consent and no objection basis needed at all.
ANY = OPT_OUT | {"none"}


@dataclass(frozen=True)
class Regime:
    """A country's consent regime for advertising email.

    ``b2c`` and ``b2b`` are the lawful consent bases for each audience;
    ``requirement`` says in one phrase what the law asks (used in messages);
    ``role_addresses`` says what a generic company address (info@, contact@) changes, judged
    per recipient by the audience check: ``"b2b"`` (it is a B2B address whatever the campaign's
    audience), ``"exempt"`` (no consent needed at all), or None (nothing).
    A pack publishes its regime through the ``email_lint_consent_regimes`` hook.
    """

    country: str
    b2c: frozenset[str]
    b2b: frozenset[str]
    requirement: str
    role_addresses: str | None = None

    def lawful(self, audience: str) -> frozenset[str]:
        return self.b2b if audience == "b2b" else self.b2c


class Campaign(Protocol):
    """What :func:`consent_violations` reads of a campaign: a :class:`~email_lint.context.Context`,
    or the pre-send gate's per-recipient facts."""

    @property
    def audience(self) -> str | None: ...

    @property
    def consent(self) -> str | None: ...


def _audiences(context: Campaign) -> Iterable[str]:
    return (context.audience,) if context.audience else ("b2b", "b2c")


def consent_violations(regime: Regime, context: Campaign, line: int = 1) -> Iterator[Violation]:
    """Judge the campaign's consent basis under *regime*.

    - consent not declared: nothing to judge;
    - ``unknown``: a warning (the basis must be verified before sending), unless the audience
      needs no consent at all;
    - a basis the law does not accept for the audience: an error;
    - audience undeclared and the basis lawful for only one audience: a warning.
    """
    consent = context.consent
    if consent is None:
        return
    if consent == "unknown":
        if all("none" in regime.lawful(audience) for audience in _audiences(context)):
            return  # no consent needed at all (UK corporate subscribers)
        yield Violation(
            f"consent basis unknown: {regime.country} requires {regime.requirement}; "
            "verify the recipients' consent and declare it (consent=opt-in, soft-opt-in...)",
            line,
            severity="warning",
        )
        return
    verdicts = {audience: consent in regime.lawful(audience) for audience in _audiences(context)}
    if all(verdicts.values()):
        return
    if any(verdicts.values()):
        lawful_for = next(a for a, ok in verdicts.items() if ok)
        yield Violation(
            f"consent={consent} is lawful in {regime.country} only for {lawful_for.upper()} "
            f"recipients ({regime.requirement}); declare the audience (audience=b2b or b2c)",
            line,
            severity="warning",
        )
        return
    audience = context.audience.upper() if context.audience else "any"
    yield Violation(
        f"consent={consent} is not a lawful basis for advertising email to {audience} recipients "
        f"in {regime.country}: {regime.requirement}",
        line,
    )
