"""United States: CAN-SPAM, 15 U.S.C. 7704 and 16 CFR 316 (an email-lint country pack)."""

from email_lint.hookspecs import hookimpl
from email_lint.packs import pack_phrases


@hookimpl
def email_lint_rules() -> list:
    from email_lint_us.rules import RULES

    return RULES


@hookimpl
def email_lint_phrases() -> dict:
    return pack_phrases("disguise")
