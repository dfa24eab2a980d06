"""``email-lint audience``: decide every contact of an export, streaming, and count the reasons.

Contacts are read and written one row at a time: memory grows with the suppression list,
not with the contacts file. Addresses are printed only with ``--show-addresses`` (data
minimisation); otherwise a contact is its row number.
"""

from __future__ import annotations

import csv
import json
import sys
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from email_lint.exit_codes import ExitCode
from email_lint.presend.audience import (
    DEFAULT_RETENTION_DAYS,
    ROLE_LOCAL_PARTS,
    AudienceError,
    Campaign,
    SuppressionList,
    base_reasons,
    is_role_address,
    is_valid,
    judge,
    judge_commercial,
    normalise,
)
from email_lint.presend.reasons import REASONS, decision_of

if TYPE_CHECKING:
    from email_lint.presend.contacts import ContactsFile

FORMATS = ("text", "json", "csv")
#: (row number, address as written, reason codes) of one decided contact.
Decided = tuple[int, str, tuple[str, ...]]
#: Writes one decided contact: (row number, address, decision, reasons).
Writer = Callable[[int, str, str, tuple[str, ...]], None]


@dataclass(frozen=True)
class AudienceOptions:
    """The command line of ``email-lint audience``."""

    contacts: Path
    suppressions: tuple[Path, ...] = ()
    countries: tuple[str, ...] = ()
    audience: str | None = None
    consent: str | None = None
    kind: str | None = None
    first_contact: bool | None = None
    template: Path | None = None
    output_format: str = "text"
    show_addresses: bool = False
    retention_days: int = DEFAULT_RETENTION_DAYS
    today: date | None = None
    profile: str = "auto"


def run_audience(options: AudienceOptions, out: TextIO | None = None, err: TextIO | None = None) -> ExitCode:
    """Decide every contact; exit 1 when anyone is blocked. Raises EmailLintError for bad input."""
    out = out or sys.stdout
    err = err or sys.stderr
    campaign = build_campaign(options)
    suppressions = SuppressionList.load(*options.suppressions)
    writer = _WRITERS[options.output_format](out, options.show_addresses)
    from email_lint.presend.contacts import ContactsFile

    tally: Counter[tuple[str, ...]] = Counter()
    decisions: dict[tuple[str, ...], str] = {}
    with ContactsFile(options.contacts, options.profile) as contacts:
        for number, email, reasons in decide_rows(contacts, campaign, suppressions):
            decision = decisions.get(reasons)
            if decision is None:
                decision = decisions[reasons] = decision_of(reasons)
            tally[reasons] += 1
            writer(number, email, decision, reasons)
    counts: Counter[str] = Counter()
    reason_counts: Counter[tuple[str, str]] = Counter()
    for reasons, count in tally.items():
        counts[decisions[reasons]] += count
        for code in reasons:
            reason_counts[(decisions[reasons], code)] += count
    summary = format_summary(counts, reason_counts)
    (out if options.output_format == "text" else err).write(summary)
    return ExitCode.VIOLATIONS if counts["block"] else ExitCode.OK


def decide_rows(contacts: ContactsFile, campaign: Campaign,
                suppressions: SuppressionList) -> Iterator[Decided]:
    """``(row number, address, reason codes)`` per contact.

    :func:`judge` is the only judge; its verdict is memoised on everything it reads apart from
    the address (country, audience, consent, customer, status, whether the retention limit is
    passed, whether there was any interaction) plus what it reads from the address (valid,
    suppressed, role): a million contacts make a few hundred distinct keys.
    """
    if contacts.is_csv and contacts.profile == "generic":
        yield from _generic_rows(contacts, campaign, suppressions)
        return
    memo: dict[tuple[object, ...], tuple[str, ...]] = {}
    addresses = suppressions.addresses
    cutoff = campaign.cutoff
    for number, raw in contacts.rows():
        try:
            contact = contacts.contact(raw)
        except ValueError as exc:
            raise AudienceError(f"{contacts.name}: row {number}: {exc}") from None
        email = normalise(contact.email)
        last, given = contact.last_interaction, contact.consent_date
        latest = given if last is None or (given is not None and given > last) else last
        key = (contact.country, contact.audience, contact.consent, contact.customer, contact.status,
               latest is not None and latest < cutoff, last is None, is_valid(email), email in addresses,
               is_role_address(email))
        reasons = memo.get(key)
        if reasons is None:
            reasons = memo[key] = tuple(judge(contact, campaign, suppressions))
        yield number, contact.email, reasons


def _generic_rows(contacts: ContactsFile, campaign: Campaign,
                  suppressions: SuppressionList) -> Iterator[Decided]:
    """The generic CSV schema without building a Contact per row.

    Two memos, both filled by the real judge: what the address decides (:func:`base_reasons`,
    keyed on valid/status/suppressed) and what the campaign decides (:func:`judge_commercial`,
    keyed on the raw country, audience, consent and customer cells, whether the retention limit
    is passed, whether there was any interaction, whether the address is a role address).
    A new key is judged on a real Contact, which also validates its cells. Dates are compared as
    validated ISO strings; validity and role are read per domain, from the same functions."""
    from email_lint.presend.contacts import _status, iso_day

    def column(name: str) -> int:
        index = contacts.index(name)
        return width if index is None else index

    assert contacts.columns is not None  # a CSV file has its header read on opening
    width = len(contacts.columns.names)
    email_i, country_i, audience_i, consent_i, given_i, last_i, customer_i, status_i = (
        column(n) for n in ("email", "country", "audience", "consent", "consent_date", "last_interaction",
                            "customer", "status"))
    commercial = campaign.kind != "transactional"
    base_memo: dict[tuple[object, ...], tuple[str, ...]] = {}
    campaign_memo: dict[tuple[object, ...], tuple[str, ...]] = {}
    days: dict[str, str] = {"": ""}
    statuses: dict[str, str | None] = {}
    domains: dict[str, tuple[bool, bool]] = {}
    addresses = suppressions.addresses
    cutoff = campaign.cutoff.isoformat()
    roles = ROLE_LOCAL_PARTS
    number = 0
    try:
        for row in contacts.csv_reader():
            if len(row) != width:
                if not row or row == [""]:
                    continue
                row = (row + [""] * width)[:width]
            number += 1
            row.append("")  # an absent column reads this empty cell
            try:
                raw_last, raw_given, raw_status = row[last_i], row[given_i], row[status_i]
                last = days[raw_last] if raw_last in days else days.setdefault(raw_last, iso_day(raw_last))
                given = days[raw_given] if raw_given in days else days.setdefault(raw_given, iso_day(raw_given))
                status = statuses[raw_status] if raw_status in statuses else statuses.setdefault(
                    raw_status, _status(raw_status))
            except ValueError as exc:
                raise AudienceError(f"{contacts.name}: row {number}: {exc}") from None
            raw_email = row[email_i]
            email = raw_email.strip().lower()
            if email[:1] in _ODD_START or email[-1:] == ">":
                email = normalise(email)
            local, _, domain = email.rpartition("@")
            known = domains.get(domain)
            if known is None:
                known = domains[domain] = (is_valid("a@" + domain), is_role_address("info@" + domain))
            valid = known[0] and local != "" and " " not in local
            suppressed = email in addresses
            base_key = (valid, status, suppressed)
            base = base_memo.get(base_key)
            if base is None:
                base = base_memo[base_key] = tuple(base_reasons(valid, status, suppressed, commercial))
            if not commercial:
                yield number, raw_email, base
                continue
            role = known[1] and local.split("+", 1)[0] in roles
            latest = given if given > last else last
            key = (row[country_i], row[audience_i], row[consent_i], row[customer_i],
                   latest != "" and latest < cutoff, last == "", role)
            more = campaign_memo.get(key)
            if more is None:
                row.pop()
                try:
                    contact = contacts.contact(row)
                except ValueError as exc:
                    raise AudienceError(f"{contacts.name}: row {number}: {exc}") from None
                found: list[str] = []
                judge_commercial(contact, campaign, email, found, None)
                more = campaign_memo[key] = tuple(found)
            yield number, raw_email, base + more if base else more
    except csv.Error as exc:
        raise AudienceError(f"{contacts.name}: not a readable CSV file: {exc}") from None
    except UnicodeDecodeError:
        raise AudienceError(f"{contacts.name}: the contacts file is not UTF-8 text") from None


#: First characters of an address that needs the full :func:`normalise` (mailto:, <...>, quotes).
_ODD_START = frozenset('m<"')


def build_campaign(options: AudienceOptions) -> Campaign:
    """The campaign from the options; the template's data-source notice when one is given."""
    from email_lint.context import check_countries, validate_fields
    from email_lint.presend import warm

    given = {"countries": ",".join(options.countries), "audience": options.audience, "consent": options.consent,
             "kind": options.kind, "first_contact": options.first_contact}
    fields = validate_fields({k: v for k, v in given.items() if v not in (None, "")}, "command line")
    registry = warm.registry()
    check_countries(fields.get("countries", ()), registry.countries(), "--country")
    if options.retention_days < 1:
        raise AudienceError(f"--retention-days must be a positive number of days, not {options.retention_days}")
    has_notice = template_has_data_source(options.template, fields) if options.template is not None else None
    return Campaign(
        countries=fields.get("countries", ()), audience=fields.get("audience"), consent=fields.get("consent"),
        kind=fields.get("kind", "commercial"), first_contact=fields.get("first_contact"),
        retention_days=options.retention_days, today=options.today or date.today(),
        template_has_data_source=has_notice, regimes=registry.regimes(), covered=frozenset(registry.countries()),
    )


def template_has_data_source(template: Path, fields: dict[str, object]) -> bool:
    """Whether *template* says where the addresses come from: EL003 run on it finds nothing."""
    from email_lint.config import ConfigResolver
    from email_lint.presend import warm

    context = {k: v for k, v in fields.items() if k != "first_contact"}
    context.update(kind="commercial", first_contact=True)
    engine = warm.engine(tuple(sorted(context.items())), ("EL003",))
    resolver = ConfigResolver(None, frozenset(warm.registry().rules))
    result = engine.check_file(str(template), template, resolver.for_path(template))
    if result.errors:
        raise AudienceError(result.errors[0])
    return not any(f.code == "EL003" for f in result.findings)


def format_summary(counts: Counter[str], reason_counts: Counter[tuple[str, str]]) -> str:
    """Counts by decision, then by reason within each decision (most frequent first)."""
    total = sum(counts.values())
    lines = [f"{total:,} contact{'s' * (total != 1)}: " + ", ".join(
        f"{counts[d]:,} {d}" for d in ("send", "warn", "block"))]
    order = {"block": 0, "warn": 1, "send": 2}
    for (decision, code), count in sorted(reason_counts.items(), key=lambda i: (order[i[0][0]], -i[1], i[0][1])):
        reason = REASONS[code]
        lines.append(f"  {decision:<5} {code:<25} {count:>10,}  {reason.message} ({reason.reference})")
    return "\n".join(lines) + "\n"


# -- per-contact writers: (row number, address, decision, reasons) -> one line --------------------
def _text_writer(out: TextIO, show: bool) -> Writer:
    write = out.write

    def line(number: int, email: str, decision: str, reasons: tuple[str, ...]) -> None:
        if decision != "send" or (show and reasons):
            who = email if show else f"row {number}"
            write(f"{who}: {decision}: {', '.join(reasons)}\n")

    return line


def _json_writer(out: TextIO, show: bool) -> Writer:
    write = out.write
    encoded: dict[tuple[str, ...], str] = {}

    def line(number: int, email: str, decision: str, reasons: tuple[str, ...]) -> None:
        tail = encoded.get(reasons)
        if tail is None:
            tail = encoded[reasons] = json.dumps(list(reasons))
        who = f'"email": {json.dumps(email, ensure_ascii=False)}' if show else f'"row": {number}'
        # keys in sorted order: decision, email|reasons|row
        if show:
            write(f'{{"decision": "{decision}", {who}, "reasons": {tail}}}\n')
        else:
            write(f'{{"decision": "{decision}", "reasons": {tail}, {who}}}\n')

    return line


def _csv_writer(out: TextIO, show: bool) -> Writer:
    import csv

    rows = csv.writer(out, lineterminator="\n")
    rows.writerow(["email" if show else "row", "decision", "reasons"])
    writerow = rows.writerow

    def line(number: int, email: str, decision: str, reasons: tuple[str, ...]) -> None:
        writerow((email if show else number, decision, " ".join(reasons)))

    return line


_WRITERS = {"text": _text_writer, "json": _json_writer, "csv": _csv_writer}
