"""Read a contacts export (CSV or JSON Lines) row by row into :class:`Contact` objects.

Columns are mapped by name. Profiles know the export shapes of Mailchimp, Brevo, Mautic and
listmonk; ``generic`` reads the documented schema (``email, country, audience, consent,
consent_date, consent_source, last_interaction, customer, status``). ``auto`` picks the
profile from the header. See docs/presend.md for every column each profile reads.

Streaming: one row in memory at a time; a bad value stops the read with an
:class:`AudienceError` naming the file, the row and the column.
"""

from __future__ import annotations

import csv
import json
import operator
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any, TextIO

from email_lint.presend.audience import AudienceError, Contact

PROFILES = ("auto", "generic", "mailchimp", "brevo", "mautic", "listmonk")
GENERIC_FIELDS = ("email", "country", "audience", "consent", "consent_date", "consent_source",
                  "last_interaction", "customer", "status")
_CONSENTS = frozenset({"opt-in", "double-opt-in", "soft-opt-in", "opt-out", "none", "unknown"})
_TRUE = frozenset({"1", "true", "yes", "y", "oui", "ja", "si", "sí", "x"})
_FALSE = frozenset({"0", "false", "no", "n", "non", "nein", ""})
#: Status words of the generic schema and the ESPs -> the statuses :mod:`audience` knows.
STATUS_WORDS = {
    "subscribed": None, "active": None, "enabled": None, "confirmed": None, "ok": None, "": None,
    "unsubscribed": "unsubscribed", "unsubscribe": "unsubscribed", "opted-out": "unsubscribed",
    "bounced": "bounced", "bounce": "bounced", "hard-bounce": "bounced", "hardbounce": "bounced",
    "complained": "complained", "complaint": "complained", "spam": "complained",
    "cleaned": "cleaned",
    "blocklisted": "blocklisted", "blacklisted": "blocklisted", "blocked": "blocklisted",
    "unconfirmed": "unconfirmed", "pending": "unconfirmed",
}
#: Country names some ESPs export (Mautic, Brevo attributes) -> ISO codes, for the packs' countries.
COUNTRY_NAMES = {
    "france": "fr", "germany": "de", "deutschland": "de", "allemagne": "de", "italy": "it", "italia": "it",
    "italie": "it", "spain": "es", "españa": "es", "espana": "es", "espagne": "es", "belgium": "be",
    "belgique": "be", "belgië": "be", "belgie": "be", "belgien": "be", "netherlands": "nl",
    "the netherlands": "nl", "nederland": "nl", "pays-bas": "nl", "united kingdom": "gb", "great britain": "gb",
    "uk": "gb", "royaume-uni": "gb", "united states": "us", "united states of america": "us", "usa": "us",
    "canada": "ca",
}

#: Reads one value from a raw row (a CSV list or a JSON object).
Getter = Callable[[Any], Any]


class _Row:
    """How one profile turns a row into a Contact: a getter per Contact field."""

    def __init__(self, getters: dict[str, Getter], build: Callable[[Any], Contact] | None = None):
        self.fields = tuple(getters)
        self.getters = tuple(getters.values())
        #: Row -> Contact: the getters by default, or a profile's own function.
        self.contact: Callable[[Any], Contact] = build or self._from_getters

    def _from_getters(self, row: Any) -> Contact:
        values: dict[str, Any] = {name: get(row) for name, get in zip(self.fields, self.getters, strict=True)}
        return Contact(**values)


# -- value converters ---------------------------------------------------------------------------
def _text(value: Any) -> str | None:
    if value is None:
        return None
    text = value.strip() if isinstance(value, str) else str(value).strip()
    return text or None


_DATES: dict[str, date] = {}


def _date(value: Any) -> date | None:
    """The date of an ISO 8601 date or date-time (only the first ten characters are read; cached)."""
    if value is None or value == "":
        return None
    text = value if isinstance(value, str) else str(value)
    key = text.strip()[:10]
    found = _DATES.get(key)
    if found is None:
        if not key:
            return None
        try:
            found = date.fromisoformat(key)
        except ValueError:
            raise ValueError(f"{text!r} is not an ISO 8601 date (YYYY-MM-DD)") from None
        if len(_DATES) > 100_000:
            _DATES.clear()
        _DATES[key] = found
    return found


def iso_day(value: str) -> str:
    """The ``YYYY-MM-DD`` of an ISO date or date-time cell ("" for an empty one); ValueError if invalid."""
    found = _date(value)
    return found.isoformat() if found is not None else ""


def _day_first_date(value: Any) -> date | None:
    """ISO, or day-first ``DD-MM-YYYY`` / ``DD/MM/YYYY`` (Brevo's European export setting)."""
    text = _text(value)
    if text is None:
        return None
    if len(text) >= 10 and text[2] in "-/." and text[5] in "-/.":
        return _date(f"{text[6:10]}-{text[3:5]}-{text[0:2]}")
    return _date(text)


def _bool(value: Any) -> bool | None:
    if value is None or isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return None if text == "" else False
    raise ValueError(f"{value!r} is not true or false")


def _flag(value: Any) -> bool:
    """A yes/no column where empty means no."""
    return bool(_bool(value))


def _consent(value: Any) -> str | None:
    text = _text(value)
    if text is None:
        return None
    text = text.lower()
    if text not in _CONSENTS:
        raise ValueError(f"consent {value!r} is not one of {', '.join(sorted(_CONSENTS))}")
    return text


def _audience(value: Any) -> str | None:
    text = _text(value)
    if text is None:
        return None
    text = text.lower()
    if text not in ("b2b", "b2c"):
        raise ValueError(f"audience {value!r} is not b2b or b2c")
    return text


def _status(value: Any) -> str | None:
    text = (_text(value) or "").lower()
    if text not in STATUS_WORDS:
        raise ValueError(f"status {value!r} is not one of {', '.join(sorted(w for w in STATUS_WORDS if w))}")
    return STATUS_WORDS[text]


def _country(value: Any) -> str | None:
    text = _text(value)
    if text is None:
        return None
    lowered = text.lower()
    return COUNTRY_NAMES.get(lowered, lowered)


# -- column access ------------------------------------------------------------------------------
class _Columns:
    """Find columns by name (case-insensitively) and build getters for CSV lists or JSON objects."""

    def __init__(self, names: list[str], is_csv: bool):
        self.names = names
        self.is_csv = is_csv
        self.lower = {name.strip().lower(): i for i, name in reversed(list(enumerate(names)))}

    def has(self, *names: str) -> bool:
        return any(name.lower() in self.lower for name in names)

    def raw(self, *names: str) -> Getter | None:
        """A getter of the first present column among *names*, or None.

        JSON Lines objects need not share their keys: a getter reads the first of *names*
        each object has (whatever the first object held)."""
        if not self.is_csv:
            keys = tuple(dict.fromkeys(k for name in names for k in (name, name.lower(), name.upper())))

            def from_object(row: dict[str, Any]) -> Any:
                return next((row[k] for k in keys if row.get(k) is not None), None)

            return from_object
        for name in names:
            index = self.lower.get(name.lower())
            if index is not None:
                return operator.itemgetter(index)
        return None

    def get(self, convert: Callable[[Any], Any], *names: str) -> Getter | None:
        raw = self.raw(*names)
        return None if raw is None else (lambda row: convert(raw(row)))


def _compact(getters: dict[str, Getter | None]) -> _Row:
    return _Row({name: get for name, get in getters.items() if get is not None})


# -- profiles -----------------------------------------------------------------------------------
def _generic(columns: _Columns) -> _Row:
    return _compact({
        "email": columns.get(_text, "email"),
        "country": columns.get(_country, "country"),
        "audience": columns.get(_audience, "audience"),
        "consent": columns.get(_consent, "consent"),
        "consent_date": columns.get(_date, "consent_date"),
        "consent_source": columns.get(_text, "consent_source"),
        "last_interaction": columns.get(_date, "last_interaction"),
        "customer": columns.get(_bool, "customer"),
        "status": columns.get(_status, "status"),
    })


def _mailchimp(columns: _Columns) -> _Row:
    """Mailchimp audience export: subscribed, unsubscribed (UNSUB_TIME) or cleaned (CLEAN_TIME) file."""
    optin, confirm = columns.raw("OPTIN_TIME"), columns.raw("CONFIRM_TIME")

    def consent(row: Any) -> str | None:
        opted = optin is not None and _text(optin(row))
        confirmed = confirm is not None and _text(confirm(row))
        if opted and confirmed:
            return "double-opt-in"
        return "opt-in" if opted else None  # an import (CONFIRM_TIME only) records no basis

    if columns.has("CLEAN_TIME"):
        status: Getter | None = lambda row: "cleaned"  # noqa: E731
    elif columns.has("UNSUB_TIME"):
        status = lambda row: "unsubscribed"  # noqa: E731
    else:
        status = columns.get(_status, "STATUS", "Status")
    return _compact({
        "email": columns.get(_text, "Email Address", "EMAIL", "email"),
        "country": columns.get(_country, "CC"),
        "consent": consent if (optin or confirm) else None,
        "consent_date": columns.get(_date, "CONFIRM_TIME", "OPTIN_TIME"),
        "last_interaction": columns.get(_date, "LAST_CHANGED"),
        "status": status,
    })


def _brevo(columns: _Columns) -> _Row:
    """Brevo contacts export: upper-case attributes, EMAIL_BLACKLISTED, OPT_IN / DOUBLE_OPT-IN."""
    double, single = columns.raw("DOUBLE_OPT-IN", "DOUBLE_OPT_IN"), columns.raw("OPT_IN", "OPT-IN")
    blacklisted = columns.raw("EMAIL_BLACKLISTED", "BLACKLISTED", "EMAIL_BLOCKLISTED")

    def consent(row: Any) -> str | None:
        if double is not None and _flag(double(row)):
            return "double-opt-in"
        return "opt-in" if single is not None and _flag(single(row)) else None

    return _compact({
        "email": columns.get(_text, "EMAIL"),
        "country": columns.get(_country, "COUNTRY", "COUNTRY_CODE", "PAYS", "LAND"),
        "consent": consent if (double or single) else None,
        "consent_date": columns.get(_day_first_date, "ADDED_TIME"),
        "last_interaction": columns.get(_day_first_date, "LAST_INTERACTION"),
        "customer": columns.get(_bool, "CUSTOMER", "CLIENT"),
        "status": (lambda row: "blocklisted" if _flag(blacklisted(row)) else None) if blacklisted else None,
    })


_MAUTIC_DNC = {"1": "unsubscribed", "2": "bounced", "3": "unsubscribed", "0": None}


def _mautic_dnc(value: Any) -> str | None:
    text = (_text(value) or "").lower()
    if text in _MAUTIC_DNC:
        return _MAUTIC_DNC[text]
    if text == "manual":
        return "unsubscribed"
    return _status(text)


def _mautic(columns: _Columns) -> _Row:
    """Mautic contacts export: field aliases, ``doNotContact``/``dnc`` (1 unsubscribed, 2 bounced, 3 manual)."""
    return _compact({
        "email": columns.get(_text, "email"),
        "country": columns.get(_country, "country"),
        "consent_date": columns.get(_date, "date_identified", "date_added"),
        "last_interaction": columns.get(_date, "last_active"),
        "status": columns.get(_mautic_dnc, "doNotContact", "dnc", "do_not_contact"),
    })


_LISTMONK_SUBSCRIPTION = {"unconfirmed": "unconfirmed", "unsubscribed": "unsubscribed", "confirmed": None, "": None}


def _listmonk(columns: _Columns) -> _Row:
    """listmonk subscribers export: ``status`` (blocklisted), ``attributes`` JSON, ``subscription_status``."""
    status, subscription = columns.raw("status"), columns.raw("subscription_status")
    attributes = columns.raw("attributes", "attribs")

    def attrs(row: Any) -> dict[str, Any]:
        if attributes is None:
            return {}
        value = attributes(row)
        if isinstance(value, dict):
            return value
        text = _text(value)
        if text is None:
            return {}
        try:
            parsed = json.loads(text)
        except json.JSONDecodeError:
            raise ValueError(f"attributes {text[:40]!r} is not a JSON object") from None
        if not isinstance(parsed, dict):
            raise ValueError("attributes is not a JSON object")
        return parsed

    def row_status(row: Any) -> str | None:
        if status is not None and (_text(status(row)) or "").lower() == "blocklisted":
            return "blocklisted"
        if subscription is not None:
            word = (_text(subscription(row)) or "").lower()
            if word not in _LISTMONK_SUBSCRIPTION:
                raise ValueError(f"subscription_status {word!r} is not unconfirmed, confirmed or unsubscribed")
            return _LISTMONK_SUBSCRIPTION[word]
        return None

    email = columns.raw("email")
    assert email is not None  # the profile was chosen for its email column

    def contact(row: Any) -> Contact:
        extra = attrs(row)
        consent = _consent(extra.get("consent"))
        if consent is None and subscription is not None and (_text(subscription(row)) or "").lower() == "confirmed":
            consent = "double-opt-in"
        return Contact(
            email=_text(email(row)) or "",
            country=_country(extra.get("country")),
            audience=_audience(extra.get("audience")),
            consent=consent,
            consent_date=_date(extra.get("consent_date")) or (_date(created(row)) if created else None),
            consent_source=_text(extra.get("consent_source")),
            last_interaction=_date(extra.get("last_interaction")),
            customer=_bool(extra.get("customer")),
            status=row_status(row),
        )

    created = columns.raw("created_at")
    return _Row({}, contact)


_BUILDERS = {"generic": _generic, "mailchimp": _mailchimp, "brevo": _brevo, "mautic": _mautic, "listmonk": _listmonk}


def detect_profile(columns: _Columns) -> str:
    """The profile a header looks like (``auto``)."""
    if columns.has("Email Address") or columns.has("MEMBER_RATING", "LEID", "EUID"):
        return "mailchimp"
    if "EMAIL" in columns.names:
        return "brevo"
    if (columns.has("uuid") and columns.has("attributes", "attribs")) or columns.has("subscription_status"):
        return "listmonk"
    if columns.has("doNotContact", "dnc", "last_active", "date_identified"):
        return "mautic"
    return "generic"


def _email_column(columns: _Columns, profile: str) -> bool:
    names = {"mailchimp": ("Email Address", "EMAIL", "email"), "brevo": ("EMAIL",)}.get(profile, ("email",))
    return columns.has(*names)


class ContactsFile:
    """An open contacts export: its profile, its raw rows, and how a raw row becomes a Contact.

    ``rows()`` yields ``(row number, raw row)`` (a list for CSV, a dict for JSON Lines);
    ``contact(raw)`` maps one (ValueError on a bad value). Use as a context manager.
    """

    def __init__(self, path: str | Path, profile: str = "auto"):
        if profile not in PROFILES:
            raise AudienceError(f"unknown profile {profile!r} (known: {', '.join(PROFILES)})")
        self.name = str(path)
        try:
            self._stream = open(path, encoding="utf-8-sig", newline="")  # noqa: SIM115 (closed by close())
        except OSError as exc:
            raise AudienceError(f"{self.name}: cannot read the contacts file: {exc.strerror or exc}") from None
        try:
            self._first = self._stream.readline()
        except UnicodeDecodeError:
            self.close()
            raise AudienceError(f"{self.name}: the contacts file is not UTF-8 text") from None
        if not self._first.strip():
            self.close()
            raise AudienceError(f"{self.name}: the contacts file is empty")
        self.is_csv = not self._first.lstrip().startswith("{")
        self.profile = profile
        self.columns: _Columns | None = None
        self._mapper: _Row | None = None
        if self.is_csv:
            self._delimiter = max((",", ";", "\t"), key=self._first.count)
            header = next(csv.reader([self._first], delimiter=self._delimiter))
            try:
                self._bind(_Columns(header, True))
            except AudienceError:
                self.close()
                raise

    def _bind(self, columns: _Columns) -> None:
        self.columns = columns
        self.profile = detect_profile(columns) if self.profile == "auto" else self.profile
        if not _email_column(columns, self.profile):
            raise AudienceError(f"{self.name}: no email column for the {self.profile} profile (columns: "
                                f"{', '.join(columns.names[:12])})")
        self._mapper = _BUILDERS[self.profile](columns)

    def __enter__(self) -> ContactsFile:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._stream.close()

    def index(self, name: str) -> int | None:
        """The CSV column index of *name* (case-insensitive), or None."""
        return self.columns.lower.get(name.lower()) if self.columns is not None else None

    def contact(self, raw: Any) -> Contact:
        assert self._mapper is not None
        return self._mapper.contact(raw)

    def rows(self) -> Iterator[tuple[int, object]]:
        try:
            yield from (self._csv_rows() if self.is_csv else self._json_rows())
        except UnicodeDecodeError:
            raise AudienceError(f"{self.name}: the contacts file is not UTF-8 text") from None
        except csv.Error as exc:
            raise AudienceError(f"{self.name}: not a readable CSV file: {exc}") from None

    def csv_reader(self) -> Iterator[list[str]]:
        """The raw ``csv.reader`` over the data rows (for the audience check's fast path)."""
        return csv.reader(self._stream, delimiter=self._delimiter)

    def _csv_rows(self) -> Iterator[tuple[int, list[str]]]:
        assert self.columns is not None
        width = len(self.columns.names)
        number = 0
        for row in csv.reader(self._stream, delimiter=self._delimiter):
            if len(row) != width:
                if not row or row == [""]:
                    continue
                row = (row + [""] * width)[:width]
            number += 1
            yield number, row

    def _json_rows(self) -> Iterator[tuple[int, dict[str, Any]]]:
        number = 0
        for line in _lines(self._first, self._stream):
            if not line.strip():
                continue
            number += 1
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as exc:
                raise AudienceError(f"{self.name}: row {number}: not a JSON object: {exc.msg}") from None
            if not isinstance(obj, dict):
                raise AudienceError(f"{self.name}: row {number}: not a JSON object")
            if self._mapper is None:
                self._bind(_Columns(list(obj), False))
            yield number, obj


def iter_contacts(path: str | Path, profile: str = "auto") -> Iterator[tuple[int, Contact]]:
    """``(row number, contact)`` for every data row of *path* (rows counted from 1, header excluded)."""
    with ContactsFile(path, profile) as contacts:
        for number, raw in contacts.rows():
            try:
                yield number, contacts.contact(raw)
            except ValueError as exc:
                raise AudienceError(f"{contacts.name}: row {number}: {exc}") from None


def _lines(first: str, stream: TextIO) -> Iterator[str]:
    yield first
    yield from stream
