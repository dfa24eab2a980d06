"""Belgium: CDE art. XII.12 and XII.13, Royal Decree of 4 April 2003 (an email-lint country pack)."""

from email_lint.hookspecs import hookimpl


@hookimpl
def email_lint_rules() -> list:
    from email_lint_be.rules import RULES

    return RULES


@hookimpl
def email_lint_consent_regimes() -> dict:
    from email_lint_be.rules import REGIME

    return {"be": REGIME}
