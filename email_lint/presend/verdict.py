"""What a send-time check returns: the message's verdict and one decision per recipient."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from typing import Any

from email_lint.findings import Finding

DECISIONS = ("send", "block", "warn")


@dataclass(frozen=True, slots=True)
class RecipientDecision:
    """Whether one recipient may get the message: ``send``, ``block`` or ``warn``.

    ``reasons`` are stable codes (:mod:`email_lint.presend.reasons`); ``details`` words them
    for this recipient (country, consent basis...), in the same order.
    """

    address: str
    decision: str
    reasons: tuple[str, ...] = ()
    details: tuple[str, ...] = ()

    @property
    def blocked(self) -> bool:
        return self.decision == "block"


@dataclass
class Verdict:
    """The message's findings (the same objects the CLI reports) and the recipients' decisions.

    ``blocked`` is true when an error-severity finding remains: the message must not be sent.
    Blocked recipients do not block the message; the caller drops them.
    """

    blocked: bool
    findings: list[Finding] = field(default_factory=list)
    recipients: list[RecipientDecision] = field(default_factory=list)

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "error"]

    @property
    def codes(self) -> tuple[str, ...]:
        """The codes of the error findings, sorted and de-duplicated (for a one-line reply)."""
        return tuple(sorted({f.code for f in self.errors}))

    def to_dict(self) -> dict[str, Any]:
        return {
            "blocked": self.blocked,
            "findings": [asdict(f) for f in self.findings],
            "recipients": [
                {"address": r.address, "decision": r.decision, "reasons": list(r.reasons), "details": list(r.details)}
                for r in self.recipients
            ],
        }

    def to_json(self) -> str:
        """Deterministic JSON: sorted keys, findings and recipients in their given order."""
        return json.dumps(self.to_dict(), sort_keys=True, ensure_ascii=False)
