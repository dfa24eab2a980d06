"""The gate's server: listen, track sessions, stop gracefully on SIGTERM."""

from __future__ import annotations

import asyncio
import contextlib
import re
import signal
import socket
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

from aiosmtpd.smtp import MISSING, SMTP, syntax

from email_lint.presend.gate.handler import GateHandler, HandlerSettings, Policy
from email_lint.presend.gate.log import JsonLog

SHUTTING_DOWN = b"421 4.3.2 email-lint gate shutting down, try again later\r\n"
_END = b".\r\n"
_ATOM = r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+"
#: ``<local@domain>`` with a dot-atom on each side, then the parameters: the path of nearly every
#: MAIL and RCPT, which needs none of the full RFC 5322 parser aiosmtpd runs on it.
_PLAIN_PATH = re.compile(rf"<({_ATOM}(?:\.{_ATOM})*@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*)>[ \t]*(?![(\s])")


@dataclass(frozen=True)
class GateSettings:
    """Everything the gate's server needs besides the policy."""

    listen_host: str
    listen_port: int
    relay_host: str
    relay_port: int
    mode: str = "reject"
    fail_open: bool = False
    max_message_size: int = 32 * 1024 * 1024
    log_path: str | None = None
    log_addresses: bool = False
    shutdown_timeout: float = 30.0
    hostname: str | None = None
    #: Time budget of one message's check (issue 14's per-file budget): past it, 451.
    check_timeout: float = 10.0


class GateSMTP(SMTP):
    """aiosmtpd's protocol, plus the bookkeeping a graceful stop needs, and DATA read in large
    pieces: aiosmtpd reads it line by line, which costs more than the check on a 60 KB message."""

    #: The stream reader's buffer limit (aiosmtpd sizes it from this): DATA pieces up to 1 MiB.
    #: Command lines keep aiosmtpd's own limits (``command_size_limit``).
    line_length_limit = 1 << 20

    def __init__(self, handler: GateHandler, sessions: set[GateSMTP], **kwargs: Any):
        super().__init__(handler, **kwargs)
        self._sessions = sessions

    def _getaddr(self, arg: str) -> tuple[str | None, str | None]:
        """As aiosmtpd's, answered without its RFC 5322 parser for a plain ``<local@domain>``
        path (about a quarter of a millisecond per address); anything else goes to it."""
        plain = _PLAIN_PATH.match(arg, len(arg) - len(arg.lstrip(" \t")))
        if plain is None:
            return super()._getaddr(arg)
        address = plain.group(1)
        if self.local_part_limit and len(address.rpartition("@")[0]) > self.local_part_limit:
            return None, None
        return address, arg[plain.end():]

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        super().connection_made(transport)
        self._sessions.add(self)

    def connection_lost(self, error: Exception | None) -> None:
        session = self.session
        super().connection_lost(error)
        self._sessions.discard(self)
        self.loop.create_task(self.event_handler.session_closed(session))

    @syntax("DATA")
    async def smtp_DATA(self, arg: str) -> None:
        """As aiosmtpd's ``smtp_DATA`` (same replies, same envelope), reading up to each ``.<CRLF>``."""
        if await self.check_helo_needed() or await self.check_auth_needed("DATA"):
            return
        assert self.envelope is not None
        if not self.envelope.rcpt_tos:
            await self.push("503 Error: need RCPT command")
            return
        if arg:
            await self.push("501 Syntax: DATA")
            return
        await self.push("354 End data with <CR><LF>.<CR><LF>")
        try:
            content = await self._read_data()
        except ConnectionResetError:
            return
        if content is None:  # larger than the limit: everything was read, nothing kept
            self._set_post_data_state()  # type: ignore[no-untyped-call]
            await self.push("552 Error: Too much mail data")
            return
        self.envelope.content = self.envelope.original_content = content
        status = await self._call_handler_hook("DATA")
        self._set_post_data_state()  # type: ignore[no-untyped-call]
        await self.push("250 OK" if status is MISSING else status)

    async def _read_data(self) -> bytes | None:
        """The message up to the lone ``.`` line, dot-unstuffed (RFC 5321 section 4.5.2); None when it
        is larger than ``data_size_limit``. Lines end only at CRLF, as in aiosmtpd."""
        pieces: list[bytes] = []
        size = 0
        last = b"\r\n"  # the bytes just before the current piece: the data starts a line
        limit = self.data_size_limit
        while True:
            try:
                piece = await self._reader.readuntil(_END)
            except asyncio.LimitOverrunError as exc:  # no ".<CRLF>" within the buffer: take what is there
                piece = await self._reader.read(exc.consumed)
            except asyncio.IncompleteReadError:  # the client went away mid-message
                raise ConnectionResetError from None
            size += len(piece)
            around = piece if len(piece) >= 5 else last + piece
            if not limit or size <= limit + len(_END):
                pieces.append(piece)
            last = around[-2:]
            if around.endswith(_END) and around[-5:-3] == b"\r\n":
                break
        if limit and size - len(_END) > limit:
            return None
        data = b"".join(pieces)[: -len(_END)]
        if data.startswith(b"."):
            data = data[1:]
        return data.replace(b"\r\n.", b"\r\n")

    @property
    def idle(self) -> bool:
        """No transaction under way: closing now loses nothing."""
        return self.envelope is None or self.envelope.mail_from is None

    def close_now(self, *, farewell: bool) -> None:
        if self.transport is None:
            return
        if farewell and isinstance(self.transport, asyncio.WriteTransport):
            self.transport.write(SHUTTING_DOWN)
        self.transport.close()


class Gate:
    """Start with :meth:`start`, stop with :meth:`stop` (or run :meth:`serve` until SIGTERM)."""

    def __init__(self, settings: GateSettings, policy: Policy):
        self.settings = settings
        self.hostname = settings.hostname or socket.gethostname()
        self.log = JsonLog(settings.log_path)
        self.executor = ThreadPoolExecutor(max_workers=2, thread_name_prefix="email-lint-gate")
        self.handler = GateHandler(
            policy,
            HandlerSettings(relay_host=settings.relay_host, relay_port=settings.relay_port, hostname=self.hostname,
                            mode=settings.mode, fail_open=settings.fail_open, log_addresses=settings.log_addresses,
                            check_timeout=settings.check_timeout),
            self.executor,
            self.log,
        )
        self.sessions: set[GateSMTP] = set()
        self._server: asyncio.base_events.Server | None = None
        self.address: tuple[str, int] | None = None

    def _protocol(self) -> GateSMTP:
        return GateSMTP(self.handler, self.sessions, data_size_limit=self.settings.max_message_size,
                        enable_SMTPUTF8=True, decode_data=False, hostname=self.hostname,
                        ident="email-lint gate")

    async def start(self) -> tuple[str, int]:
        """Bind and listen; returns the bound address (the real port when 0 was asked)."""
        loop = asyncio.get_running_loop()
        self._server = await loop.create_server(self._protocol, self.settings.listen_host, self.settings.listen_port)
        host, port = self._server.sockets[0].getsockname()[:2]
        self.address = (host, port)
        s = self.settings
        self.log.write("start", listen=f"{host}:{port}", relay=f"{s.relay_host}:{s.relay_port}", mode=s.mode,
                       fail_open=s.fail_open)
        return self.address

    async def stop(self, timeout: float | None = None) -> None:
        """Stop listening, let open transactions finish (up to *timeout* seconds), then close the rest."""
        timeout = self.settings.shutdown_timeout if timeout is None else timeout
        if self._server is not None:
            self._server.close()
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while self.sessions and loop.time() < deadline:
            for session in [s for s in self.sessions if s.idle]:
                session.close_now(farewell=True)
            await asyncio.sleep(0.05)
        unfinished = len(self.sessions)
        for session in list(self.sessions):
            session.close_now(farewell=False)
        await asyncio.sleep(0)  # let connection_lost schedule the relay sessions' close
        pending = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
        if pending:
            await asyncio.wait(pending, timeout=5)
        self.executor.shutdown(wait=True)
        self.log.write("stop", unfinished_sessions=unfinished)
        self.log.close()

    async def serve(self, on_ready: Callable[[tuple[str, int]], None] | None = None) -> None:
        """Run until SIGTERM or SIGINT, then stop gracefully."""
        stopping = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGTERM, signal.SIGINT):
            with contextlib.suppress(NotImplementedError):  # not on Windows
                loop.add_signal_handler(sig, stopping.set)
        address = await self.start()
        if on_ready is not None:
            on_ready(address)
        await stopping.wait()
        await self.stop()
