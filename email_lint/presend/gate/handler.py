"""The aiosmtpd handler: judge each recipient at RCPT and the message at DATA, relay, reply, log.

Replies (a contract, see README "Before you send"):

- ``550 5.7.1 email-lint: <reason>`` at RCPT: this recipient may not receive the campaign;
- ``550 5.7.1 email-lint: CODE …`` at DATA: the message breaks the rules with these codes;
- ``451 4.3.0`` when the gate itself failed (fail-closed), ``451 4.4.x`` when the relay is down;
- anything else is the relay's own reply, passed on (see :mod:`.relay`).
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections import Counter
from concurrent.futures import Executor
from dataclasses import dataclass, field
from typing import Any, Protocol

from email_lint.presend.gate.log import JsonLog
from email_lint.presend.gate.relay import Relay
from email_lint.presend.gate.trace import lint_header, message_id, prepend, received, strip_lint_headers

logger = logging.getLogger("email_lint.gate")

INTERNAL_ERROR = "451 4.3.0 email-lint: internal error, try again later"
TIMED_OUT = "451 4.3.0 email-lint: the check took too long, try again later"


class CheckTimedOut(Exception):
    """The message's check exceeded the gate's time budget (a retry may find the machine less busy)."""

    crashed = True
UNREADABLE = "550 5.6.0 email-lint: cannot check the message:"
_DECISIONS = ("send", "warn", "block")
#: Recipient reasons that depend on the message, not on the recipient alone (judged at DATA).
MESSAGE_REASONS = frozenset({"no-data-source-notice"})


class Policy(Protocol):
    """What the gate asks of the engine (see :mod:`.policy`)."""

    def recipient(self, address: str) -> Any | None:
        """The recipient's ``RecipientDecision``, or None when there is nothing to judge it by."""

    def judge(self, content: bytes, recipients: list[str]) -> Any:
        """The message's ``Verdict``."""


@dataclass
class Transaction:
    """What one MAIL … DATA transaction has seen so far."""

    #: Decisions on the recipients the client named (accepted or refused).
    decisions: Counter[str] = field(default_factory=Counter)
    refused_by_relay: int = 0


@dataclass
class SessionState:
    """The gate's part of one client session: its relay session and current transaction."""

    relay: Relay
    transaction: Transaction | None = None


@dataclass(frozen=True)
class HandlerSettings:
    relay_host: str
    relay_port: int
    hostname: str
    mode: str = "reject"
    fail_open: bool = False
    log_addresses: bool = False
    relay_timeout: float = 60.0
    check_timeout: float = 10.0


def verdict_word(verdict: Any) -> str:
    """``block`` when the verdict blocks, ``warn`` when it has findings, else ``pass``."""
    if verdict.blocked:
        return "block"
    return "warn" if verdict.findings else "pass"


def blocking_codes(verdict: Any) -> list[str]:
    """The codes to name in a 550: the error-level findings' codes (all codes if none is an error)."""
    errors = {f.code for f in verdict.findings if f.severity == "error"}
    return sorted(errors or {f.code for f in verdict.findings})


def _blocking_reasons(decision: Any) -> list[str]:
    """The reason codes that block (``suppressed``, ``consent-not-lawful``…), not those that only warn."""
    from email_lint.presend.reasons import SEVERITY

    return [r for r in decision.reasons if SEVERITY.get(r) == "block"] or list(decision.reasons)


def _reasons(decision: Any) -> str:
    return " ".join((", ".join(_blocking_reasons(decision)) or decision.decision).split())[:300]


class GateHandler:
    """One instance serves every session; per-session state lives on the aiosmtpd ``Session``."""

    def __init__(self, policy: Policy, settings: HandlerSettings, executor: Executor, log: JsonLog):
        self.policy, self.settings, self.executor, self.log = policy, settings, executor, log

    def state(self, session: Any) -> SessionState:
        state = getattr(session, "email_lint", None)
        if state is None:
            s = self.settings
            state = SessionState(Relay(s.relay_host, s.relay_port, timeout=s.relay_timeout, local_hostname=s.hostname))
            session.email_lint = state
        return state

    async def session_closed(self, session: Any) -> None:
        """The client went away: end the relay session (an unfinished transaction is not sent)."""
        state = getattr(session, "email_lint", None)
        if state is not None:
            self._abandoned(state)
            await state.relay.close()

    def _abandoned(self, state: SessionState) -> None:
        """Log a transaction that ended without a message: every recipient refused (its one log
        line, as for a message refused at DATA), or the client gave up. Nothing to log before RCPT."""
        transaction, state.transaction = state.transaction, None
        if transaction is None or not (transaction.decisions or transaction.refused_by_relay):
            return
        accepted = sum(transaction.decisions.values()) - (
            transaction.decisions["block"] if self.settings.mode == "reject" else 0)
        self.log.write("message", message_id=None, decision="abandoned" if accepted else "rejected",
                       verdict=None, codes=[], reply=None, recipients=self._counts(transaction),
                       mode=self.settings.mode)

    @staticmethod
    def _counts(transaction: Transaction) -> dict[str, int]:
        counts = {k: transaction.decisions.get(k, 0) for k in _DECISIONS}
        return counts | {"refused_by_relay": transaction.refused_by_relay}

    async def handle_MAIL(self, server: Any, session: Any, envelope: Any, address: str,
                          mail_options: list[str]) -> str:
        state = self.state(session)
        if state.transaction is not None:  # an earlier transaction ended without DATA reaching us
            self._abandoned(state)
            await state.relay.reset()
        reply = await state.relay.mail(address, mail_options)
        if reply.ok:
            envelope.mail_from = address
            envelope.mail_options.extend(mail_options)
            state.transaction = Transaction()
        return str(reply)

    async def handle_RCPT(self, server: Any, session: Any, envelope: Any, address: str,
                          rcpt_options: list[str]) -> str:
        state = self.state(session)
        transaction = state.transaction
        if transaction is None:
            return "503 5.5.1 Error: need MAIL command"
        try:
            decision = self.policy.recipient(address)
        except Exception:
            logger.exception("email-lint gate: recipient check failed")
            if not self.settings.fail_open:
                return INTERNAL_ERROR
            decision = None
        word = decision.decision if decision is not None else "send"
        if word == "block" and self.settings.mode == "reject":
            transaction.decisions["block"] += 1
            return f"550 5.7.1 email-lint: {_reasons(decision)}"
        reply = await state.relay.rcpt(address, rcpt_options, utf8=envelope.smtp_utf8)
        if reply.ok:
            envelope.rcpt_tos.append(address)
            envelope.rcpt_options.extend(rcpt_options)
            transaction.decisions[word] += 1
        else:
            transaction.refused_by_relay += 1
        return str(reply)

    async def handle_RSET(self, server: Any, session: Any, envelope: Any) -> str:
        state = self.state(session)
        if state.transaction is not None:
            self._abandoned(state)
            await state.relay.reset()
        return "250 2.0.0 OK"

    async def handle_QUIT(self, server: Any, session: Any, envelope: Any) -> str:
        await self.session_closed(session)
        return "221 2.0.0 Bye"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        state = self.state(session)
        transaction = state.transaction or Transaction()
        state.transaction = None
        content: bytes = envelope.original_content
        started = time.perf_counter()
        loop = asyncio.get_running_loop()
        codes: list[str] = []
        error: str | None = None
        try:
            judging = loop.run_in_executor(self.executor, self.policy.judge, content, list(envelope.rcpt_tos))
            try:
                verdict = await asyncio.wait_for(judging, timeout=self.settings.check_timeout)
            except TimeoutError:
                # The worker thread cannot be stopped; it finishes in the background. The client
                # retries later (a 4xx never loses a message), or the message is relayed fail-open.
                raise CheckTimedOut(f"the check took longer than {self.settings.check_timeout:g} s") from None
            word = verdict_word(verdict)
            codes = blocking_codes(verdict) if verdict.blocked else sorted({f.code for f in verdict.findings})
            # A recipient the message itself disqualifies (a first contact without a data-source notice):
            # only the message could tell, so RCPT accepted them; every other reason was judged there.
            late = sorted({c for r in verdict.recipients if r.decision == "block" for c in r.reasons
                           if c in MESSAGE_REASONS})
            if late:
                word, codes = "block", codes + late
        except Exception as exc:
            # A rule that crashed may work on a retry (after a fix): 451. A message that cannot be
            # read (empty, undecodable) never will: 550 5.6.0, so its sender learns at once.
            crashed = getattr(exc, "crashed", True)
            if crashed and not isinstance(exc, CheckTimedOut):
                logger.exception("email-lint gate: message check failed")
            error = " ".join(str(exc).split())[:200] or type(exc).__name__
            if crashed and not self.settings.fail_open:
                await state.relay.reset()
                reply = TIMED_OUT if isinstance(exc, CheckTimedOut) else INTERNAL_ERROR
                return self._done(reply, "deferred", "error", [], transaction, envelope, content,
                                  started, error=error)
            if not crashed and not self.settings.fail_open and self.settings.mode == "reject":
                await state.relay.reset()
                reply = f"{UNREADABLE} {error}".encode("ascii", "replace").decode()
                return self._done(reply, "rejected", "error", [], transaction, envelope, content, started,
                                  error=error)
            word = "error"
        if word == "block" and self.settings.mode == "reject":
            await state.relay.reset()
            reply = "550 5.7.1 email-lint: " + " ".join(codes)
            return self._done(reply, "rejected", word, codes, transaction, envelope, content, started)
        peer = session.peer[0] if isinstance(session.peer, tuple) else session.peer
        headers = (received(session.host_name, peer, self.settings.hostname),
                   lint_header(word, codes, transaction.decisions))
        relayed = await state.relay.data(prepend(strip_lint_headers(content), *headers))
        decision = "relayed" if relayed.ok else ("deferred" if relayed.code < 500 else "refused")
        return self._done(str(relayed), decision, word, codes, transaction, envelope, content, started, error=error)

    def _done(self, reply: str, decision: str, verdict: str, codes: list[str], transaction: Transaction,
              envelope: Any, content: bytes, started: float, error: str | None = None) -> str:
        """Log the message (one JSON line) and return the reply for the client."""
        fields: dict[str, Any] = {
            "message_id": message_id(content),
            "decision": decision,
            "verdict": verdict,
            "codes": codes,
            "reply": reply.split(" ", 2)[0],
            "recipients": self._counts(transaction),
            "size": len(content),
            "ms": round((time.perf_counter() - started) * 1000, 2),
            "mode": self.settings.mode,
        }
        if error is not None:
            fields["error"] = error
        if self.settings.log_addresses:
            fields["from"] = envelope.mail_from
            fields["to"] = list(envelope.rcpt_tos)
        self.log.write("message", **fields)
        return reply
