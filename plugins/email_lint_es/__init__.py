"""Spain: LSSI art. 20 and 21 (an email-lint country pack)."""

from email_lint.hookspecs import hookimpl


@hookimpl
def email_lint_rules() -> list:
    from email_lint_es.rules import RULES

    return RULES


@hookimpl
def email_lint_consent_regimes() -> dict:
    from email_lint_es.rules import REGIME

    return {"es": REGIME}
