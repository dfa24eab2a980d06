"""Germany: UWG §7, DDG §6, HGB §37a, GmbHG §35a (an email-lint country pack)."""

from email_lint.hookspecs import hookimpl
from email_lint.packs import pack_phrases


@hookimpl
def email_lint_rules() -> list:
    from email_lint_de.rules import RULES

    return RULES


@hookimpl
def email_lint_phrases() -> dict:
    from email_lint_de.phrases import PHRASES

    return {**pack_phrases("objection", "impressum", "disguise", "rights"), **PHRASES}


@hookimpl
def email_lint_consent_regimes() -> dict:
    from email_lint_de.rules import REGIME

    return {"de": REGIME}
