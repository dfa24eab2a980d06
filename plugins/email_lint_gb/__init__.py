"""United Kingdom: PECR reg. 22 and 23 (an email-lint country pack)."""

from email_lint.hookspecs import hookimpl


@hookimpl
def email_lint_rules() -> list:
    from email_lint_gb.rules import RULES

    return RULES


@hookimpl
def email_lint_consent_regimes() -> dict:
    from email_lint_gb.rules import REGIME

    return {"gb": REGIME}
