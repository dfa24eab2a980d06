"""Which rule codes speak for which legal element, for every pack.

Core codes are fixed; a country pack's code names its element by its number
(``plugins/README.md``: x201 sender identity, x202 advertising identifiable, x203 opt-out,
x204/x205 data-source notice and reason, x207 postal address). Other numbers (consent,
rights contact, company data, Impressum, headers) are the country's further requirements.
"""

from __future__ import annotations

ELEMENTS = ("sender_identity", "postal_address", "unsubscribe", "data_source_notice", "commercial_statement")
OTHER = "other_requirements"
LABELS = {
    "sender_identity": "Sender identity",
    "postal_address": "Postal address",
    "unsubscribe": "Unsubscribe / opt-out",
    "data_source_notice": "Data-source notice",
    "commercial_statement": "Commercial statement",
    OTHER: "Further requirements of the country",
}
_CORE = {
    "EL001": "sender_identity",
    "EL002": "unsubscribe",
    "EL003": "data_source_notice",
    "EL004": "commercial_statement",
    "EL005": "postal_address",
    "EL006": "unsubscribe",
    "EL007": "unsubscribe",
    "EL008": "sender_identity",
}
_COUNTRY_NUMBERS = {
    "201": "sender_identity",
    "202": "commercial_statement",
    "203": "unsubscribe",
    "204": "data_source_notice",
    "205": "data_source_notice",
    "207": "postal_address",
}
#: Codes that say nothing about the email's content (suppression comments).
_META = ("EL100", "EL101")


def element_of(code: str) -> str | None:
    """The element *code* speaks for, :data:`OTHER` for a country's further requirement, None for meta codes."""
    if code in _META:
        return None
    if code in _CORE:
        return _CORE[code]
    if code.startswith("EL"):
        return OTHER
    return _COUNTRY_NUMBERS.get(code[-3:], OTHER)
