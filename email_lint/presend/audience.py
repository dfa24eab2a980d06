"""Per-recipient decisions: may this contact receive this campaign (send, block or warn)?

The consent verdict comes from the country packs' own :class:`~email_lint.packs.consent.Regime`
objects (the ``email_lint_consent_regimes`` hook), judged by the same
:func:`~email_lint.packs.consent.consent_violations` as the packs' consent rules: one source
of truth. The reason codes are in :mod:`email_lint.presend.reasons`.
"""

from __future__ import annotations

import csv
import io
import itertools
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from email_lint.errors import EmailLintError
from email_lint.presend.reasons import REASONS, decision_of
from email_lint.presend.verdict import RecipientDecision

if TYPE_CHECKING:
    from email_lint.packs.consent import Regime

#: (reason code, wording) pairs the consent regimes give for one contact.
Outcome = tuple[tuple[str, str], ...]

DEFAULT_RETENTION_DAYS = 3 * 365
OPT_IN_BASES = frozenset({"opt-in", "double-opt-in"})

#: Generic local parts of company addresses (info@, contact@...), in the six languages.
ROLE_LOCAL_PARTS = frozenset({
    "info", "infos", "information", "contact", "contacts", "hello", "hallo", "hola", "bonjour", "ciao",
    "sales", "office", "admin", "administration", "support", "marketing", "team", "enquiries",
    "enquiry", "inquiries", "inquiry", "service", "services", "customerservice", "mail", "email",
    "billing", "accounts", "accounting", "finance", "hr", "jobs", "careers", "press", "media",
    "orders", "booking", "bookings", "reservations", "reception", "help", "helpdesk",
    "accueil", "commercial", "compta", "comptabilite", "direction", "secretariat", "recrutement",
    "kontakt", "vertrieb", "verkauf", "buero", "büro", "empfang", "zentrale", "buchhaltung",
    "servizio", "ufficio", "amministrazione", "segreteria", "vendite", "commerciale",
    "ventas", "comercial", "administracion", "recepcion", "oficina",
    "verkoop", "receptie", "klantenservice", "administratie", "secretariaat",
    "postmaster", "webmaster", "hostmaster", "abuse", "noreply", "no-reply",
})
#: Mailbox providers for private persons: a role-like local part there is not a company address.
FREEMAIL_DOMAINS = frozenset({
    "gmail.com", "googlemail.com", "icloud.com", "me.com", "mac.com", "aol.com", "msn.com",
    "proton.me", "protonmail.com", "pm.me", "mail.com", "zoho.com", "yandex.ru", "yandex.com",
    "mail.ru", "web.de", "t-online.de", "freenet.de", "orange.fr", "wanadoo.fr", "free.fr",
    "laposte.net", "sfr.fr", "neuf.fr", "libero.it", "virgilio.it", "tiscali.it", "alice.it",
    "tin.it", "telefonica.net", "terra.es", "ziggo.nl", "kpnmail.nl", "hetnet.nl", "planet.nl",
    "skynet.be", "telenet.be", "btinternet.com", "sky.com", "virginmedia.com", "comcast.net",
    "verizon.net", "att.net", "shaw.ca", "rogers.com", "sympatico.ca", "videotron.ca",
})
#: Providers with a domain per country (yahoo.fr, hotmail.de, gmx.at...).
FREEMAIL_BRANDS = frozenset({"yahoo", "ymail", "hotmail", "outlook", "live", "gmx", "aim"})

#: Contact ``status`` values (already mapped from the ESP's wording) and the reason each gives.
STATUS_REASONS = {
    "unsubscribed": "unsubscribed",
    "bounced": "bounced",
    "complained": "complained",
    "cleaned": "cleaned",
    "blocklisted": "blocklisted",
    "unconfirmed": "consent-unconfirmed",
}
#: Statuses that do not stop a transactional message (the person objected to marketing only).
MARKETING_ONLY = frozenset({"unsubscribed", "unconfirmed"})


class AudienceError(EmailLintError):
    """A contacts or suppression file that cannot be read: one line naming the file."""


def normalise(address: str) -> str:
    """The form addresses are compared in: trimmed, lower case, without a ``mailto:``."""
    address = address.strip().lower()
    if address.startswith("mailto:"):
        address = address[7:]
    return address.strip("<>")


def is_valid(address: str) -> bool:
    """A cheap shape check of a normalised address: ``local@domain.tld``, no spaces."""
    local, at, domain = address.rpartition("@")
    return bool(at and local and "." in domain and not domain.startswith(".") and not domain.endswith(".")
                and " " not in address)


def is_role_address(address: str) -> bool:
    """A generic company address (info@acme.fr), not a person's and not at a free-mail provider."""
    local, _, domain = address.rpartition("@")
    local = local.split("+", 1)[0]
    if local not in ROLE_LOCAL_PARTS or domain in FREEMAIL_DOMAINS:
        return False
    return domain.split(".", 1)[0] not in FREEMAIL_BRANDS


@dataclass(frozen=True, slots=True)
class Contact:
    """One contact, in the generic schema every ESP profile is mapped to.

    ``country`` is an ISO 3166-1 alpha-2 code; ``audience`` ``b2b`` or ``b2c``; ``consent`` a
    campaign value (``opt-in``, ``double-opt-in``, ``soft-opt-in``, ``opt-out``, ``none``,
    ``unknown``); ``status`` ``subscribed`` or one of :data:`STATUS_REASONS`.
    Only ``email`` is required; an empty field falls back on the campaign's value.
    """

    email: str
    country: str | None = None
    audience: str | None = None
    consent: str | None = None
    consent_date: date | None = None
    consent_source: str | None = None
    last_interaction: date | None = None
    customer: bool | None = None
    status: str | None = None


@dataclass(frozen=True)
class Campaign:
    """What is sent, to whom, on what basis: the defaults each contact's own fields override.

    ``template_has_data_source``: whether the template says where addresses were obtained
    (EL003); None when no template was checked. ``regimes`` and ``covered`` default to the
    loaded packs' (the process-wide registry).
    """

    countries: tuple[str, ...] = ()
    audience: str | None = None
    consent: str | None = None
    kind: str = "commercial"
    first_contact: bool | None = None
    retention_days: int = DEFAULT_RETENTION_DAYS
    today: date = field(default_factory=date.today)
    template_has_data_source: bool | None = None
    regimes: Mapping[str, Regime] | None = field(default=None, repr=False, compare=False)
    covered: frozenset[str] | None = field(default=None, repr=False, compare=False)

    @cached_property
    def cutoff(self) -> date:
        """Prospects whose last interaction is before this day are past the retention limit."""
        return self.today - timedelta(days=self.retention_days)

    @cached_property
    def _packs(self) -> tuple[Mapping[str, Regime], frozenset[str]]:
        if self.regimes is not None:
            return self.regimes, frozenset(self.covered if self.covered is not None else self.regimes)
        from email_lint.presend.warm import registry

        loaded = registry()
        return loaded.regimes(), frozenset(loaded.countries())

    @cached_property
    def _outcomes(self) -> dict[tuple[object, ...], Outcome]:
        return {}

    def consent_outcome(self, countries: tuple[str, ...], audience: str | None, consent: str | None,
                        role: bool) -> Outcome:
        """(reason, detail) pairs for the consent basis under each country's regime (memoised)."""
        key = (countries, audience, consent, role)
        cached = self._outcomes.get(key)
        if cached is None:
            cached = self._outcomes[key] = _consent_outcome(*self._packs, countries, audience, consent, role)
        return cached


class _Judged:
    """The two context fields :func:`consent_violations` reads."""

    __slots__ = ("audience", "consent")

    def __init__(self, audience: str | None, consent: str | None):
        self.audience = audience
        self.consent = consent


def _consent_outcome(regimes: Mapping[str, Regime], covered: frozenset[str], countries: tuple[str, ...],
                     audience: str | None, consent: str | None, role: bool) -> Outcome:
    from email_lint.context import AUDIENCES, CONSENTS, COUNTRY_ALIASES
    from email_lint.packs.consent import consent_violations

    if consent is not None and consent not in CONSENTS:
        raise AudienceError(f"consent {consent!r} is not one of {', '.join(CONSENTS)}")
    if audience is not None and audience not in AUDIENCES:
        raise AudienceError(f"audience {audience!r} is not one of {', '.join(AUDIENCES)}")
    if not countries:
        return (("country-unknown", REASONS["country-unknown"].message),)
    out: list[tuple[str, str]] = []
    for raw in countries:
        country = COUNTRY_ALIASES.get(raw.strip().lower(), raw.strip().lower())
        regime = regimes.get(country)
        if regime is None:
            if country not in covered:
                out.append(("country-not-covered", f"no loaded country pack covers {raw.strip().upper()!r}"))
            continue  # a pack without a consent regime (US: CAN-SPAM is an opt-out law)
        if role and regime.role_addresses == "exempt":
            continue
        judged_audience = "b2b" if role and regime.role_addresses == "b2b" else audience
        if consent is None:
            out.append(("consent-undeclared", f"no consent basis declared: {regime.country} requires "
                                              f"{regime.requirement}"))
            continue
        for violation in consent_violations(regime, _Judged(judged_audience, consent)):
            if violation.severity == "warning":
                code = "consent-unknown" if consent == "unknown" else "audience-undeclared"
            else:
                code = "consent-not-lawful"
            out.append((code, violation.message))
    return tuple(out)


def is_first_contact(contact: Contact, campaign: Campaign, consent: str | None) -> bool:
    """A first message to someone who did not give us the address: no interaction, no opt-in,
    not a customer (GDPR art. 14 applies to data not obtained from the person)."""
    if campaign.first_contact is not None:
        return campaign.first_contact
    return (contact.last_interaction is None and contact.customer is not True
            and consent not in OPT_IN_BASES and consent != "soft-opt-in")


def decide(contact: Contact, campaign: Campaign, suppressions: SuppressionList | None = None) -> RecipientDecision:
    """Send, block or warn for *contact* under *campaign* (see :mod:`email_lint.presend.reasons`)."""
    details: list[str] = []
    reasons = judge(contact, campaign, suppressions, details)
    if not reasons:
        return RecipientDecision(contact.email, "send")
    return RecipientDecision(contact.email, decision_of(reasons), tuple(reasons), tuple(details))


def judge(contact: Contact, campaign: Campaign, suppressions: SuppressionList | None = None,
          details: list[str] | None = None) -> list[str]:
    """The reason codes for *contact*, in a fixed order; with *details*, their wording is appended
    to it (the audience check's hot loop passes None and skips the wording)."""
    email = normalise(contact.email)
    commercial = campaign.kind != "transactional"
    suppressed = suppressions is not None and email in suppressions.addresses
    reasons = base_reasons(is_valid(email), contact.status, suppressed, commercial)
    if details is not None:
        details.extend(REASONS[code].message for code in reasons)
    if commercial:
        judge_commercial(contact, campaign, email, reasons, details)
    return reasons


def base_reasons(valid: bool, status: str | None, suppressed: bool, commercial: bool) -> list[str]:
    """What the address alone decides: invalid, a suppressing status, a suppression file."""
    reasons: list[str] = []
    if not valid:
        reasons.append("invalid-address")
    if status:
        code = STATUS_REASONS.get(status)
        if code is not None and (commercial or status not in MARKETING_ONLY):
            reasons.append(code)
    if suppressed:
        reasons.append("suppressed")
    return reasons


def judge_commercial(contact: Contact, campaign: Campaign, email: str, reasons: list[str],
                      details: list[str] | None) -> None:
    """The campaign's reasons: role address, consent under each country's regime, soft opt-in,
    retention, data-source notice (appended to *reasons*)."""
    if is_role_address(email):
        role = True
        reasons.append("role-address")
        if details is not None:
            details.append(REASONS["role-address"].message)
    else:
        role = False
    consent = contact.consent or campaign.consent
    countries = (contact.country,) if contact.country else campaign.countries
    for code, detail in campaign.consent_outcome(countries, contact.audience or campaign.audience, consent, role):
        reasons.append(code)
        if details is not None:
            details.append(detail)
    customer = contact.customer
    if consent == "soft-opt-in" and customer is not True:
        code = "soft-opt-in-not-customer" if customer is False else "customer-unknown"
        reasons.append(code)
        if details is not None:
            details.append(REASONS[code].message)
    if customer is not True:
        last = contact.last_interaction
        if contact.consent_date is not None and (last is None or contact.consent_date > last):
            last = contact.consent_date
        if last is not None and last < campaign.cutoff:
            reasons.append("retention-expired")
            if details is not None:
                details.append(f"last interaction {last.isoformat()} is more than {campaign.retention_days} days "
                               f"before {campaign.today.isoformat()}")
    if campaign.template_has_data_source is False and is_first_contact(contact, campaign, consent):
        reasons.append("no-data-source-notice")
        if details is not None:
            details.append(REASONS["no-data-source-notice"].message)


class SuppressionList:
    """Normalised addresses that must not be mailed (unsubscribes, bounces, complaints...)."""

    __slots__ = ("addresses",)

    def __init__(self, addresses: Iterable[str] = ()):
        self.addresses: set[str] = {normalise(a) for a in addresses if a.strip()}

    def __contains__(self, address: object) -> bool:
        return isinstance(address, str) and address in self.addresses

    def __len__(self) -> int:
        return len(self.addresses)

    @classmethod
    def load(cls, *paths: str | Path) -> SuppressionList:
        """Addresses from files: CSV with an ``email`` column, or one address per line."""
        suppressions = cls()
        for path in paths:
            suppressions.add_file(path)
        return suppressions

    def add_file(self, path: str | Path) -> None:
        """Add the addresses of *path*; :class:`AudienceError` (naming the file) when unreadable."""
        try:
            with open(path, encoding="utf-8-sig", newline="") as stream:
                self._read(stream, str(path))
        except OSError as exc:
            raise AudienceError(f"{path}: cannot read the suppression file: {exc.strerror or exc}") from None
        except UnicodeDecodeError:
            raise AudienceError(f"{path}: the suppression file is not UTF-8 text") from None

    def _read(self, stream: io.TextIOBase, name: str) -> None:
        first = stream.readline()
        header = first.strip()
        delimiter = max((",", ";", "\t"), key=header.count)
        columns = [c.strip().strip('"').lower() for c in header.split(delimiter)] if header else []
        add = self.addresses.add
        if any(c in EMAIL_COLUMNS for c in columns) and "@" not in header:
            if len(columns) == 1:  # one address per line after the header: read in C-speed batches
                self._read_lines(stream)
                return
            index = next(i for i, c in enumerate(columns) if c in EMAIL_COLUMNS)
            for row in csv.reader(stream, delimiter=delimiter):
                if len(row) > index and row[index].strip():
                    add(normalise(row[index]))
            return
        if "@" not in first and header and not header.startswith("#"):
            raise AudienceError(f"{name}: the suppression file has no 'email' column and its first line "
                                "is not an address")
        if delimiter in header:
            for line in itertools.chain((first,), stream):
                line = line.strip()
                if line and not line.startswith("#"):
                    add(normalise(line.split(delimiter, 1)[0]))
            return
        self._read_lines(itertools.chain((first,), stream))

    def _read_lines(self, lines: Iterable[str]) -> None:
        """One address per line: trimmed and lower-cased in batches; the rare quoted, bracketed,
        ``mailto:`` or comment lines are normalised one by one."""
        addresses = self.addresses
        batch: list[str] = []
        for line in lines:
            batch.append(line)
            if len(batch) == 65536:
                addresses.update(map(str.lower, map(str.strip, batch)))
                batch.clear()
        addresses.update(map(str.lower, map(str.strip, batch)))
        odd = [a for a in addresses if not a or a[0] in '"<#m' or a[-1] in '">']
        for address in odd:
            addresses.discard(address)
            if address.startswith("#"):
                continue
            fixed = normalise(address.strip('"'))
            if fixed:
                addresses.add(fixed)


#: Column names that hold the address in a suppression file (lower case).
EMAIL_COLUMNS = frozenset({"email", "email address", "e-mail", "email_address", "emailaddress", "address"})
