"""France: CPCE art. L.34-5, LCEN art. 20, GDPR art. 14 (an email-lint country pack)."""

from email_lint.hookspecs import hookimpl
from email_lint.packs import pack_phrases


@hookimpl
def email_lint_rules() -> list:
    from email_lint_fr.rules import RULES

    return RULES


@hookimpl
def email_lint_phrases() -> dict:
    return pack_phrases("rights", "data_origin")


@hookimpl
def email_lint_consent_regimes() -> dict:
    from email_lint_fr.rules import REGIME

    return {"fr": REGIME}
