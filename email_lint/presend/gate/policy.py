"""What the gate judges by: the campaign's context, the contacts file and the suppression lists.

Loaded once at start; each check then reuses the warm engine (rule registry, phrase matcher).
Recipients are judged at RCPT with the audience check's own ``decide``; messages at DATA with
``check_message``. Neither is re-implemented here.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class CampaignOptions:
    """The campaign options of ``email-lint gate`` (the same as ``check``'s); None: not given."""

    countries: tuple[str, ...] = ()
    audience: str | None = None
    consent: str | None = None
    kind: str | None = None
    first_contact: bool | None = None
    #: The ESP the relay hands the message to, and whether its unsubscribe footer setting is on.
    esp: str | None = None
    esp_footer: bool | None = None
    #: Prospects whose last interaction is older than this are refused (None: the audience check's default).
    retention_days: int | None = None

    def given(self) -> dict[str, Any]:
        """The fields ``check_message`` takes as arguments."""
        fields = {"countries": self.countries, "audience": self.audience, "consent": self.consent,
                  "kind": self.kind, "first_contact": self.first_contact}
        return {k: v for k, v in fields.items() if v is not None and v != ()}

    def esp_fields(self) -> dict[str, Any]:
        """The ESP fields, which reach ``check_message`` through the configuration's context."""
        fields = {"esp": self.esp, "esp_footer": self.esp_footer}
        return {k: v for k, v in fields.items() if v is not None}


class GatePolicy:
    """Judges recipients (suppressions, contacts' lawful basis) and messages (``check_message``)."""

    def __init__(self, campaign: CampaignOptions, *, contacts: Mapping[str, Any] | None = None,
                 suppressions: Any = None, config_path: Path | None = None, max_message_size: int | None = None):
        from email_lint.config import load_config
        from email_lint.context import validate_fields
        from email_lint.presend import audience, warm

        self.options = campaign
        self._given = campaign.given()  # once: the same campaign fields for every message
        self.contacts = contacts
        self.suppressions = suppressions
        registry = warm.registry()
        config = load_config(config_path.resolve() if config_path else None, frozenset(registry.rules))
        if max_message_size and max_message_size > config.max_file_size:
            # The gate's own size limit already applies; a large attachment is no reason to defer.
            config = dataclasses.replace(config, max_file_size=max_message_size)
        if campaign.esp_fields():
            esp = validate_fields(campaign.esp_fields(), "email-lint gate")
            config = dataclasses.replace(config, context=config.context.merged(esp))
        self.config = config
        context = config.context.merged(validate_fields(self._given, "email-lint gate"))
        self._decide = audience.decide
        self._contact = audience.Contact
        self._normalise = audience.normalise
        self.campaign = audience.Campaign(
            countries=context.countries, audience=context.audience, consent=context.consent, kind=context.kind,
            first_contact=context.first_contact, regimes=registry.regimes(), covered=frozenset(registry.countries()),
            retention_days=campaign.retention_days or audience.DEFAULT_RETENTION_DAYS,
        )

    @property
    def judges_recipients(self) -> bool:
        return self.contacts is not None or self.suppressions is not None

    def recipient(self, address: str) -> Any:
        """The recipient's decision at RCPT, or None when neither contacts nor suppressions were given."""
        if not self.judges_recipients:
            return None
        contact = (self.contacts or {}).get(self._normalise(address)) or self._contact(email=address)
        return self._decide(contact, self.campaign, self.suppressions)

    def judge(self, content: bytes, recipients: Sequence[str]) -> Any:
        """The message's verdict, judged as sent, with a decision per recipient when there are lists."""
        from email_lint.presend.message import check_message

        return check_message(content, config=self.config, recipients=recipients if self.judges_recipients else None,
                             contacts=self.contacts, suppressions=self.suppressions, **self._given)

    def warm(self) -> None:
        """Build the rule registry, engine and phrase matcher now, not on the first client's message."""
        self.judge(b"From: warm-up <a@example.org>\r\nSubject: warm-up\r\n\r\nwarm-up\r\n", [])


def load_contacts(path: Path, profile: str = "auto") -> dict[str, Any]:
    """Normalised address -> ``Contact``, from an export the audience check reads (memory grows with it)."""
    from email_lint.presend.audience import normalise
    from email_lint.presend.contacts import iter_contacts

    return {normalise(contact.email): contact for _row, contact in iter_contacts(path, profile)}


def load_policy(campaign: CampaignOptions, *, contacts: Path | None = None, profile: str = "auto",
                suppressions: Sequence[Path] = (), config_path: Path | None = None,
                max_message_size: int | None = None) -> GatePolicy:
    """Read the lists (an unreadable one raises a one-line :class:`EmailLintError`) and warm the engine."""
    from email_lint.presend import audience

    lists = audience.SuppressionList.load(*suppressions) if suppressions else None
    index = load_contacts(contacts, profile) if contacts else None
    policy = GatePolicy(campaign, contacts=index, suppressions=lists, config_path=config_path,
                        max_message_size=max_message_size)
    policy.warm()
    return policy
