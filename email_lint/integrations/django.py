"""Django: an email backend that checks each message before the real backend sends it.

.. code-block:: python

    EMAIL_BACKEND = "email_lint.integrations.django.LintingBackend"
    EMAIL_LINT_BACKEND = "django.core.mail.backends.smtp.EmailBackend"  # the default
    EMAIL_LINT = {"mode": "block", "countries": ["fr"], "audience": "b2b", "consent": "opt-out",
                  "suppressions": ["/srv/app/unsubscribed.csv"]}

``mode`` ``block`` (default): a message with an error finding is not sent (logged at WARNING on
the ``email_lint`` logger, or :class:`MessageBlocked` raised when ``"raise": True``); blocked
recipients are taken off To/Cc/Bcc and the rest still get it. ``mode`` ``warn``: everything is
sent and the findings are logged. ``send_messages`` returns the number of messages actually sent.
A check that fails raises ``MessageNotChecked`` (with ``fail_silently``: dropped and logged).

For django-anymail, connect :func:`anymail_pre_send` to ``anymail.signals.pre_send`` instead
(it cancels a blocked message with ``AnymailCancelSend``).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from email.utils import parseaddr
from functools import lru_cache
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.mail import get_connection
from django.core.mail.backends.base import BaseEmailBackend

logger = logging.getLogger("email_lint")

DEFAULT_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
_CAMPAIGN = ("countries", "audience", "consent", "kind", "first_contact")
_KEYS = frozenset({"mode", "raise", "suppressions", "contacts", "profile", "config", *_CAMPAIGN})


class MessageBlocked(Exception):
    """Raised (with ``EMAIL_LINT["raise"] = True``) instead of silently dropping a blocked message."""

    def __init__(self, verdict: Any, subject: str):
        self.verdict = verdict
        super().__init__(f"email-lint blocked {subject!r}: {' '.join(verdict.codes)}")


@dataclass(frozen=True)
class LintSettings:
    """``settings.EMAIL_LINT``, checked once."""

    mode: str = "block"
    raise_on_block: bool = False
    campaign: dict[str, Any] = field(default_factory=dict)
    suppressions: tuple[str, ...] = ()
    contacts: str | None = None
    profile: str = "auto"
    config: str | None = None

    @classmethod
    def from_django(cls) -> LintSettings:
        raw = getattr(settings, "EMAIL_LINT", None) or {}
        if not isinstance(raw, dict):
            raise ImproperlyConfigured("EMAIL_LINT must be a dict")
        unknown = sorted(set(raw) - _KEYS)
        if unknown:
            raise ImproperlyConfigured(
                f"EMAIL_LINT: unknown key(s) {', '.join(unknown)}; known: {', '.join(sorted(_KEYS))}")
        mode = raw.get("mode", "block")
        if mode not in ("block", "warn"):
            raise ImproperlyConfigured(f"EMAIL_LINT['mode'] must be 'block' or 'warn', not {mode!r}")
        suppressions = raw.get("suppressions") or ()
        if isinstance(suppressions, str | Path):
            suppressions = (suppressions,)
        campaign = {k: raw[k] for k in _CAMPAIGN if raw.get(k) is not None}
        if isinstance(campaign.get("countries"), str):
            campaign["countries"] = (campaign["countries"],)
        return cls(mode=mode, raise_on_block=bool(raw.get("raise", False)), campaign=campaign,
                   suppressions=tuple(str(p) for p in suppressions),
                   contacts=str(raw["contacts"]) if raw.get("contacts") else None,
                   profile=str(raw.get("profile") or "auto"),
                   config=str(raw["config"]) if raw.get("config") else None)


@lru_cache(maxsize=4)
def _suppressions(paths: tuple[str, ...]) -> Any:
    """The suppression lists, read once per process (they are files the deployment ships)."""
    from email_lint.presend.audience import SuppressionList

    return SuppressionList.load(*paths) if paths else None


@lru_cache(maxsize=4)
def _contacts(path: str | None, profile: str) -> Any:
    """The contacts export (normalised address -> Contact), read once per process."""
    from email_lint.presend.gate.policy import load_contacts

    return load_contacts(Path(path), profile) if path else None


def judge(message: Any, lint: LintSettings) -> Any:
    """The verdict on a Django ``EmailMessage``, with a decision per recipient."""
    from email_lint.presend.message import check_message

    raw = message.message().as_bytes()
    return check_message(raw, recipients=[parseaddr(r)[1] for r in message.recipients()], config=lint.config,
                         suppressions=_suppressions(lint.suppressions), contacts=_contacts(lint.contacts, lint.profile),
                         **lint.campaign)


def _describe(message: Any) -> str:
    return str(getattr(message, "subject", "") or "(no subject)")[:80]


def _drop_recipients(message: Any, blocked: set[str]) -> None:
    """Take the blocked addresses off To, Cc and Bcc (compared by normalised address)."""
    from email_lint.presend.audience import normalise

    for attr in ("to", "cc", "bcc"):
        kept = [a for a in getattr(message, attr) or [] if normalise(parseaddr(a)[1]) not in blocked]
        setattr(message, attr, kept)


def apply(message: Any, lint: LintSettings) -> bool:
    """Judge *message* and act per ``mode``: True when it may still be sent (possibly to fewer people)."""
    from email_lint.presend.audience import normalise

    verdict = judge(message, lint)
    subject = _describe(message)
    blocked_recipients = [r for r in verdict.recipients if r.decision == "block"]
    if lint.mode == "warn":
        if verdict.findings or blocked_recipients:
            logger.warning("email-lint: %r: %s; %d recipient(s) would be blocked", subject,
                           " ".join(sorted({f.code for f in verdict.findings})) or "no findings",
                           len(blocked_recipients))
        return True
    if verdict.blocked:
        if lint.raise_on_block:
            raise MessageBlocked(verdict, subject)
        logger.warning("email-lint: not sent %r: %s", subject, " ".join(verdict.codes))
        return False
    if blocked_recipients:
        from email_lint.presend.reasons import SEVERITY

        reasons = sorted({code for r in blocked_recipients for code in r.reasons if SEVERITY.get(code) == "block"})
        logger.warning("email-lint: %r: %d recipient(s) dropped (%s)", subject, len(blocked_recipients),
                       ", ".join(reasons))
        _drop_recipients(message, {normalise(r.address) for r in blocked_recipients})
        if not message.recipients():
            return False
    return True


class LintingBackend(BaseEmailBackend):  # type: ignore[misc]  # Django ships no type stubs
    """Wraps ``EMAIL_LINT_BACKEND`` (default: Django's SMTP backend); sends only what passes."""

    def __init__(self, fail_silently: bool = False, **kwargs: Any):
        super().__init__(fail_silently=fail_silently)
        self.lint = LintSettings.from_django()
        backend = getattr(settings, "EMAIL_LINT_BACKEND", None) or DEFAULT_BACKEND
        if backend.endswith("LintingBackend"):
            raise ImproperlyConfigured("EMAIL_LINT_BACKEND must be the real backend, not LintingBackend itself")
        self.backend = get_connection(backend, fail_silently=fail_silently, **kwargs)

    def open(self) -> Any:
        return self.backend.open()

    def close(self) -> None:
        self.backend.close()

    def _passes(self, message: Any) -> bool:
        """Whether to send *message*; a check that fails (an unreadable message, a crashed rule) raises,
        or with ``fail_silently`` drops the message and logs why: never an unchecked send."""
        from email_lint.errors import EmailLintError

        try:
            return apply(message, self.lint)
        except EmailLintError as exc:
            if not self.fail_silently:
                raise
            logger.error("email-lint: not sent %r: the check failed: %s", _describe(message), exc)
            return False

    def send_messages(self, email_messages: Sequence[Any]) -> int:
        """Send the messages that pass; return how many the real backend sent."""
        if not email_messages:
            return 0
        passing = [m for m in email_messages if self._passes(m)]
        if not passing:
            return 0
        return self.backend.send_messages(passing) or 0


def anymail_pre_send(sender: Any, message: Any, esp_name: str = "", **kwargs: Any) -> None:
    """A receiver for ``anymail.signals.pre_send``: cancel a blocked message, drop blocked recipients.

    Connect it once, e.g. in ``AppConfig.ready``::

        from anymail.signals import pre_send
        from email_lint.integrations.django import anymail_pre_send
        pre_send.connect(anymail_pre_send)
    """
    from anymail.exceptions import AnymailCancelSend  # type: ignore[import-untyped]

    lint = LintSettings.from_django()
    try:
        keep = apply(message, lint)
    except MessageBlocked as exc:
        raise AnymailCancelSend(str(exc)) from exc
    if not keep:
        raise AnymailCancelSend("email-lint blocked the message")
