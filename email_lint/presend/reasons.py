"""Why a recipient is blocked or warned about: stable kebab-case codes, their severity and law.

The codes are a contract (JSON output, the gate's 550 replies): never rename one.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Reason:
    """A reason code: ``block`` and ``warn`` decide; ``note`` only informs."""

    code: str
    severity: str
    message: str
    reference: str


_TABLE = (
    Reason("invalid-address", "block", "the address is not a valid email address", "RFC 5322 §3.4.1"),
    Reason("suppressed", "block", "the address is in a suppression file",
           "GDPR art. 21(3); CPCE art. L.34-5; CAN-SPAM 15 U.S.C. 7704(a)(4)"),
    Reason("unsubscribed", "block", "the contact unsubscribed (objected to marketing)",
           "GDPR art. 21(2)-(3); CPCE art. L.34-5; UWG §7(3) Nr. 4; CAN-SPAM 15 U.S.C. 7704(a)(4)"),
    Reason("bounced", "block", "the address bounced (hard bounce): it does not exist",
           "mailbox-provider policy (Gmail and Yahoo bulk-sender requirements, February 2024)"),
    Reason("complained", "block", "the contact reported a message as spam",
           "GDPR art. 21(3); mailbox-provider policy (spam-rate limits)"),
    Reason("cleaned", "block", "the ESP cleaned the address (repeated bounces)",
           "mailbox-provider policy (Gmail and Yahoo bulk-sender requirements, February 2024)"),
    Reason("blocklisted", "block", "the ESP blocklisted the address (unsubscribed, complaint or bounce)",
           "GDPR art. 21(3); CAN-SPAM 15 U.S.C. 7704(a)(4)"),
    Reason("consent-unconfirmed", "block", "the double opt-in was never confirmed: no consent yet",
           "GDPR art. 7(1) (consent must be demonstrable); BGH I ZR 164/09"),
    Reason("consent-not-lawful", "block",
           "the consent basis is not lawful for this contact's country and audience",
           "CPCE art. L.34-5; UWG §7(2) Nr. 2; Codice Privacy art. 130; LSSI art. 21; CDE art. XII.13; "
           "Telecommunicatiewet art. 11.7; PECR reg. 22; CASL s. 6"),
    Reason("soft-opt-in-not-customer", "block",
           "soft opt-in is the existing-customer exception: this contact is not a customer",
           "CPCE art. L.34-5; UWG §7(3); Codice Privacy art. 130(4); LSSI art. 21.2; PECR reg. 22(3)"),
    Reason("retention-expired", "block",
           "a prospect whose last interaction is older than the retention limit",
           "GDPR art. 5(1)(e); CNIL guidance on commercial prospecting (3 years from the last contact)"),
    Reason("no-data-source-notice", "block",
           "a first contact, and the template does not say where the address was obtained",
           "GDPR art. 14(2)(f) and 14(3)(b); CNIL guidance on commercial prospecting"),
    Reason("consent-undeclared", "warn", "no consent basis is declared for this contact or the campaign",
           "GDPR art. 7(1); CPCE art. L.34-5"),
    Reason("consent-unknown", "warn", "the consent basis is declared unknown: verify it before sending",
           "GDPR art. 7(1)"),
    Reason("audience-undeclared", "warn",
           "the consent basis is lawful for only one audience (B2B or B2C) and the contact's is not declared",
           "CPCE art. L.34-5; PECR reg. 22"),
    Reason("customer-unknown", "warn",
           "soft opt-in, but nothing says whether the contact is a customer",
           "CPCE art. L.34-5; UWG §7(3); PECR reg. 22(3)"),
    Reason("country-unknown", "warn", "no country for the contact or the campaign: the consent basis is not judged",
           "GDPR art. 3 (territorial scope)"),
    Reason("country-not-covered", "warn", "no loaded country pack covers the contact's country",
           "see `email-lint --version` for the loaded packs"),
    Reason("role-address", "note",
           "a generic company address (info@, contact@...): in France it is B2B; in Belgium no consent is needed",
           "CNIL guidance on commercial prospecting; Royal Decree of 4 April 2003 (Belgium)"),
)

REASONS: dict[str, Reason] = {reason.code: reason for reason in _TABLE}
SEVERITY: dict[str, str] = {reason.code: reason.severity for reason in _TABLE}


def decision_of(reasons: Iterable[str]) -> str:
    """``block`` if any reason blocks, else ``warn`` if any warns, else ``send``."""
    severities = {SEVERITY[code] for code in reasons}
    if "block" in severities:
        return "block"
    return "warn" if "warn" in severities else "send"
