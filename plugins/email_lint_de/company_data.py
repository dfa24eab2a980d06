"""The business-letter data a German company's email to a named business recipient must carry:
legal form, registered seat, register court and number, managing directors (HGB §37a,
GmbHG §35a, AktG §80)."""

from __future__ import annotations

import re
from functools import lru_cache

from email_lint.detectors.text import first_phrase

_REGISTER_NUMBER = re.compile(r"(?<![\w])(?:HRB|HRA|GnR|PR|VR|GsR)[ \t]?:?[ \t]?\d{1,6}(?:[ \t]?[A-Z]{1,2})?(?![\w])")
#: "AG München": the local court, abbreviated, as register court.
_COURT_ABBREVIATION = re.compile(r"(?<![\w])AG[ \t]+[A-ZÄÖÜ][a-zäöüß]+")
#: Legal forms whose managing directors (Geschäftsführer) or board (Vorstand) must be named.
MANAGED_FORMS = frozenset({"GmbH", "gGmbH", "mbH", "UG", "UG (haftungsbeschränkt)", "GmbH & Co. KG"})
BOARD_FORMS = frozenset({"AG", "SE", "KGaA", "AG & Co. KG"})
#: Forms outside the commercial register duties of merchants.
NON_MERCHANT_FORMS = frozenset({"e.V.", "GbR"})


@lru_cache(maxsize=8)
def _form_pattern(forms: tuple[str, ...]) -> re.Pattern[str]:
    alternatives = "|".join(re.escape(f) for f in sorted(forms, key=len, reverse=True))
    # One to five name words, then the legal form: "Kaffeerösterei Berger GmbH". A name starts
    # where a word starts and each word is taken whole (possessive): retried from each
    # character of a long run ("PartGmbBPartGmbB..."), it was scanned to the run's end each time.
    return re.compile(
        rf"(?<![\w&'.\-])[A-ZÄÖÜ0-9][\w&'.\-]*+(?:[ \t]+[\w&'.\-]++){{0,4}}?,?[ \t]+({alternatives})(?![\w])"
    )


def _legal_forms(matcher, german: bool) -> tuple[str, ...]:
    by_language = matcher.by_language.get("sender_identity.legal_forms", {})
    forms = {f for lang, values in by_language.items() if (lang == "de") == german for f in values}
    return tuple(sorted(forms))


def german_legal_form(document, matcher) -> str | bool | None:
    """The German legal form of the sender; None when there is none; False when the sender
    is a company under another country's law."""
    text = "\n".join(b.text for b in document.blocks if b.visible and b.source == "body")
    forms = _legal_forms(matcher, german=True)
    found = _form_pattern(forms).search(text) if forms else None
    if found:
        return found.group(1)
    foreign = _legal_forms(matcher, german=False)
    if foreign and _form_pattern(foreign).search(text):
        return False
    return None


def company_data_gaps(document, context) -> list[str]:
    """What of the mandatory business-letter data is missing (empty when complete or not due)."""
    matcher = context.matcher
    form = german_legal_form(document, matcher)
    if form is False or form in NON_MERCHANT_FORMS:
        return []
    text = "\n".join(b.text for b in document.blocks if b.visible and b.source == "body")
    missing: list[str] = []
    if form is None:
        missing.append("the company name with its legal form ('Beispiel GmbH')")
    if first_phrase(document, matcher, "de_seat.phrases") is None:
        missing.append("the registered seat ('Sitz der Gesellschaft: Köln')")
    if first_phrase(document, matcher, "de_register_court.phrases") is None and not _COURT_ABBREVIATION.search(text):
        missing.append("the register court ('Amtsgericht Köln')")
    if not _REGISTER_NUMBER.search(text):
        missing.append("the register number ('HRB 12345')")
    if first_phrase(document, matcher, "de_directors.phrases") is None:
        if form in BOARD_FORMS:
            missing.append("the members of the management board ('Vorstand: ...')")
        elif form is None or form in MANAGED_FORMS:
            missing.append("every managing director ('Geschäftsführer: ...')")
    return missing
