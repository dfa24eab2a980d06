"""Recipients counted for the report: the audience check's decisions, tallied, no address kept.

The decisions are :func:`email_lint.presend.audience.judge`'s, the same as
``email-lint audience`` and the gate give; this module only counts them by decision,
reason, country and legal basis.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import Any


def audience_counts(contacts: Path, suppressions: Sequence[Path], countries: Sequence[str],
                    campaign: Mapping[str, Any]) -> dict[str, Any]:
    """Counts for the report's Recipients section (raises EmailLintError on unreadable files)."""
    from email_lint.presend.audience import SuppressionList, judge
    from email_lint.presend.audience_run import AudienceOptions, build_campaign
    from email_lint.presend.contacts import ContactsFile
    from email_lint.presend.reasons import decision_of

    options = AudienceOptions(
        contacts=contacts, suppressions=tuple(suppressions), countries=tuple(countries),
        audience=campaign.get("audience"), consent=campaign.get("consent"), kind=campaign.get("kind"),
        first_contact=campaign.get("first_contact"), today=_today(),
    )
    judged = build_campaign(options)
    blocklist = SuppressionList.load(*suppressions)
    by_decision: Counter[str] = Counter()
    by_reason: Counter[str] = Counter()
    by_country: Counter[str] = Counter()
    by_basis: Counter[str] = Counter()
    total = 0
    with ContactsFile(contacts, "auto") as rows:
        for _number, raw in rows.rows():
            contact = rows.contact(raw)
            reasons = tuple(judge(contact, judged, blocklist))
            decision = decision_of(reasons)
            total += 1
            by_decision[decision] += 1
            for code in reasons:
                by_reason[f"{decision}: {code}"] += 1
            country = (contact.country or ",".join(judged.countries) or "unknown").upper()
            by_country[f"{country}: {decision}"] += 1
            basis = contact.consent or judged.consent or "undeclared"
            by_basis[f"{basis}: {decision}"] += 1
    return {
        "contacts": total,
        "suppressions": len(blocklist),
        "retention_cutoff": judged.cutoff.isoformat(),
        "by_decision": {d: by_decision[d] for d in ("send", "warn", "block")},
        "by_reason": dict(sorted(by_reason.items())),
        "by_country": dict(sorted(by_country.items())),
        "by_basis": dict(sorted(by_basis.items())),
    }


def _today() -> date:
    """The report's day (``SOURCE_DATE_EPOCH`` when set): the retention cut-off counts from it."""
    from email_lint.report.clock import generated_at

    return date.fromisoformat(generated_at()[:10])
