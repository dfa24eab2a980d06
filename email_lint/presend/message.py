"""``check_message``: judge one rendered message, as it is about to be sent, and its recipients.

The message goes through the same reader, rules and suppressions as ``email-lint check``
on an .eml file, with ``rendered`` set: a merge tag left in it is an error (EL009), and a
commercial message needs its List-Unsubscribe and one-click headers (EL006, EL007).
The engine is built once per process (:mod:`email_lint.presend.warm`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from email.message import Message
from pathlib import Path
from typing import TYPE_CHECKING

from email_lint.errors import EmailLintError, ReadError
from email_lint.presend.audience import Campaign, Contact, SuppressionList, decide, normalise
from email_lint.presend.verdict import RecipientDecision, Verdict

if TYPE_CHECKING:
    from email_lint.config import Config

#: The name findings carry as their path.
MESSAGE_PATH = "message.eml"


class MessageNotChecked(EmailLintError):
    """The message could not be judged: unreadable, too large, or a rule crashed.

    ``crashed`` tells a rule crash (a bug to report) from an unreadable message. A gate
    should answer 4xx (fail closed) rather than send an unchecked message.
    """

    def __init__(self, reason: str, crashed: bool = False):
        super().__init__(reason)
        self.crashed = crashed


def check_message(
    message: bytes | Message,
    *,
    countries: Iterable[str] | str = (),
    audience: str | None = None,
    consent: str | None = None,
    first_contact: bool | None = None,
    kind: str | None = None,
    recipients: Iterable[str | Contact] | None = None,
    config: Config | str | Path | None = None,
    suppressions: SuppressionList | None = None,
    contacts: Mapping[str, Contact] | None = None,
) -> Verdict:
    """Judge *message* (raw bytes or an ``email.message.EmailMessage``) as sent.

    The campaign fields override *config* (a ``Config``, a path to a configuration file, or
    None for the defaults), which the message's own directives override in turn, as on the
    command line. Each of *recipients* (an address or a :class:`Contact`) gets a decision;
    an address is looked up in *contacts* (normalised address -> Contact) when given, and
    checked against *suppressions*. ``Verdict.blocked`` is true when an error-severity
    finding remains. Raises :class:`MessageNotChecked` when the message cannot be judged and
    ``ConfigError`` for a bad campaign field.
    """
    from email_lint.context import check_countries, validate_fields
    from email_lint.engine import RuleCrash
    from email_lint.presend import warm
    from email_lint.readers import read_bytes

    data = message if isinstance(message, bytes | bytearray) else _message_bytes(message)
    given = {"countries": countries, "audience": audience, "consent": consent, "first_contact": first_contact,
             "kind": kind}
    fields = validate_fields({k: v for k, v in given.items() if v is not None and v != ()}, "check_message")
    fields["rendered"] = True
    registry = warm.registry()
    check_countries(fields.get("countries", ()), registry.countries(), "check_message")
    settings = _config(config)
    engine = warm.engine(tuple(sorted(fields.items())))
    warm.prepare(settings)
    try:
        document = read_bytes(MESSAGE_PATH, bytes(data), "eml", max_bytes=engine.max_file_size(settings))
        findings = engine.check_document(document, settings)
    except ReadError as exc:
        raise MessageNotChecked(str(exc)) from None
    except RuleCrash as exc:
        raise MessageNotChecked(str(exc), crashed=True) from exc
    blocked = any(f.severity == "error" for f in findings)
    decisions: list[RecipientDecision] = []
    if isinstance(recipients, str):
        recipients = [recipients]
    if recipients is not None:
        context = settings.context.merged(fields)
        campaign = Campaign(
            countries=context.countries, audience=context.audience, consent=context.consent, kind=context.kind,
            first_contact=context.first_contact,
            template_has_data_source=not any(f.code == "EL003" for f in findings),
            regimes=registry.regimes(), covered=frozenset(registry.countries()),
        )
        for recipient in recipients:
            contact = recipient if isinstance(recipient, Contact) else _contact(recipient, contacts)
            decisions.append(decide(contact, campaign, suppressions))
    return Verdict(blocked=blocked, findings=findings, recipients=decisions)


def _message_bytes(message: Message) -> bytes:
    if not isinstance(message, Message):
        raise TypeError(f"check_message needs bytes or an email.message.EmailMessage, not {type(message).__name__}")
    return message.as_bytes()


def _contact(address: str, contacts: Mapping[str, Contact] | None) -> Contact:
    if contacts:
        known = contacts.get(normalise(address))
        if known is not None:
            return known
    return Contact(email=address)


def _config(config: Config | str | Path | None) -> Config:
    """A ``Config`` from what the caller gave: one, a file path, or None for the defaults."""
    from email_lint.config import Config, load_config
    from email_lint.presend import warm

    if config is None:
        return warm.default_config()
    if isinstance(config, Config):
        return config
    return load_config(Path(config).resolve(), frozenset(warm.registry().rules))
