"""The Netherlands: Telecommunicatiewet art. 11.7 (an email-lint country pack)."""

from email_lint.hookspecs import hookimpl


@hookimpl
def email_lint_rules() -> list:
    from email_lint_nl.rules import RULES

    return RULES


@hookimpl
def email_lint_consent_regimes() -> dict:
    from email_lint_nl.rules import REGIME

    return {"nl": REGIME}
