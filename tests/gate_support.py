"""Servers for the gate tests: a downstream SMTP sink (aiosmtpd Controller) and a gate run in a thread."""

from __future__ import annotations

import asyncio
import socket
import threading
import time
from dataclasses import dataclass, field

from aiosmtpd.controller import Controller

from email_lint.presend.gate.server import Gate, GateSettings


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Received:
    mail_from: str
    rcpt_tos: list[str]
    content: bytes


@dataclass
class SinkHandler:
    """Collects what it is given; can refuse named recipients or every message."""

    messages: list[Received] = field(default_factory=list)
    refuse_rcpt: dict[str, str] = field(default_factory=dict)
    data_reply: str | None = None

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.refuse_rcpt:
            return self.refuse_rcpt[address]
        envelope.rcpt_tos.append(address)
        return "250 2.1.5 OK"

    async def handle_DATA(self, server, session, envelope):
        if self.data_reply:
            return self.data_reply
        self.messages.append(Received(envelope.mail_from, list(envelope.rcpt_tos), envelope.original_content))
        return "250 2.0.0 OK: queued"


class Sink:
    """A real SMTP server on a free loopback port, started and stopped as a context manager."""

    def __init__(self, port: int | None = None):
        self.handler = SinkHandler()
        self.port = port or free_port()
        self.controller = Controller(self.handler, hostname="127.0.0.1", port=self.port,
                                     data_size_limit=64 * 1024 * 1024, enable_SMTPUTF8=True)

    @property
    def messages(self) -> list[Received]:
        return self.handler.messages

    def __enter__(self) -> Sink:
        self.controller.start()
        return self

    def __exit__(self, *exc) -> None:
        self.controller.stop()

    def wait_for(self, count: int, timeout: float = 10) -> list[Received]:
        deadline = time.monotonic() + timeout
        while len(self.messages) < count and time.monotonic() < deadline:
            time.sleep(0.01)
        return self.messages


class GateThread:
    """A :class:`Gate` served by an event loop in a background thread, on a free loopback port."""

    def __init__(self, policy, relay_port: int, **settings):
        self.settings = GateSettings(listen_host="127.0.0.1", listen_port=0, relay_host="127.0.0.1",
                                     relay_port=relay_port, **settings)
        self.policy = policy
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.gate: Gate | None = None
        self.port = 0

    def __enter__(self) -> GateThread:
        self.thread.start()
        self.gate = Gate(self.settings, self.policy)
        self.port = asyncio.run_coroutine_threadsafe(self.gate.start(), self.loop).result(10)[1]
        return self

    def __exit__(self, *exc) -> None:
        assert self.gate is not None
        asyncio.run_coroutine_threadsafe(self.gate.stop(timeout=2), self.loop).result(15)
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(5)
        self.loop.close()
