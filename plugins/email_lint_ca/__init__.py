"""Canada: CASL and the CRTC Electronic Commerce Protection Regulations (an email-lint country pack)."""

from email_lint.hookspecs import hookimpl


@hookimpl
def email_lint_rules() -> list:
    from email_lint_ca.rules import RULES

    return RULES


@hookimpl
def email_lint_phrases() -> dict:
    from email_lint_ca.contact import PHRASES

    return PHRASES


@hookimpl
def email_lint_consent_regimes() -> dict:
    from email_lint_ca.rules import REGIME

    return {"ca": REGIME}
