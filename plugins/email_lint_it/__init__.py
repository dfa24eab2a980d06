"""Italy: Codice Privacy art. 130, Garante anti-spam guidelines of 4 July 2013 (an email-lint country pack)."""

from email_lint.hookspecs import hookimpl
from email_lint.packs import pack_phrases


@hookimpl
def email_lint_rules() -> list:
    from email_lint_it.rules import RULES

    return RULES


@hookimpl
def email_lint_phrases() -> dict:
    return pack_phrases("objection", "rights")


@hookimpl
def email_lint_consent_regimes() -> dict:
    from email_lint_it.rules import REGIME

    return {"it": REGIME}
