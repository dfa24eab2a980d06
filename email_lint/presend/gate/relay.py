"""The gate's connection to the next hop (aiosmtplib), with every outcome turned into an SMTP reply.

The policy, written once here: a transient problem is never turned into a permanent one.

- relay down, timing out, disconnecting, or answering 4xx: the client gets a 4xx and retries;
- relay refusing the sender (5xx at MAIL): 451, because that is the gate's set-up, not the message;
- relay refusing a recipient or the content for good (5xx at RCPT or after DATA): passed through,
  since retrying cannot help and the client must bounce it to its sender.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import aiosmtplib

RELAY_DOWN = "451 4.4.1 email-lint: relay unavailable, try again later"
RELAY_SENDER = "451 4.4.0 email-lint: relay refused the sender ({code}), try again later"
#: MAIL parameters forwarded when the relay advertises the extension they belong to.
_EXTENSIONS = {"SIZE": "size", "BODY": "8bitmime", "SMTPUTF8": "smtputf8", "RET": "dsn", "ENVID": "dsn",
               "NOTIFY": "dsn", "ORCPT": "dsn"}


_START_INPUT = 354
_BARE_LINE_END = re.compile(rb"\r\n|\r|\n")


def wire_data(content: bytes) -> bytes:
    """*content* as DATA carries it (RFC 5321 section 4.5.2): every line ended by CRLF, a line
    starting with a dot given a second one, and the final ``.<CRLF>``.

    The same bytes as aiosmtplib's own preparation, which runs two regular expressions over the
    whole message (more than a millisecond on 60 KB, the gate's largest cost after the check);
    here a message already in CRLF form (what an SMTP client sends) costs a few byte counts.
    """
    crlf = content.count(b"\r\n")
    if content.count(b"\r") != crlf or content.count(b"\n") != crlf:
        content = _BARE_LINE_END.sub(b"\r\n", content)
    if not content.endswith(b"\r\n"):
        content += b"\r\n"
    if b"\n." in content:
        content = content.replace(b"\n.", b"\n..")
    if content.startswith(b"."):
        content = b"." + content
    return content + b".\r\n"


@dataclass(frozen=True)
class Reply:
    """An SMTP reply for the client: code and text (``"250 2.0.0 Ok"``)."""

    code: int
    text: str

    @property
    def ok(self) -> bool:
        return 200 <= self.code < 300

    def __str__(self) -> str:
        return f"{self.code} {self.text}"


def _reply(code: int, message: str) -> Reply:
    text = " ".join(message.split()) or "(no text)"
    return Reply(code, text[:400])


def _down() -> Reply:
    code, text = RELAY_DOWN.split(" ", 1)
    return Reply(int(code), text)


def _transient(code: int, message: str) -> Reply:
    """A relay 4xx, passed on; anything else unexpected becomes a 451."""
    if 400 <= code < 500:
        return _reply(code, message)
    return _reply(451, f"4.4.0 email-lint: relay answered {code}, try again later")


class Relay:
    """One SMTP session with the relay, opened at the client's first MAIL and reused for its next ones."""

    def __init__(self, host: str, port: int, *, timeout: float, local_hostname: str):
        self._host, self._port, self._timeout, self._local_hostname = host, port, timeout, local_hostname
        self._smtp: aiosmtplib.SMTP | None = None

    @property
    def connected(self) -> bool:
        return self._smtp is not None and self._smtp.is_connected

    async def _connect(self) -> aiosmtplib.SMTP:
        if self.connected:
            assert self._smtp is not None
            return self._smtp
        smtp = aiosmtplib.SMTP(hostname=self._host, port=self._port, timeout=self._timeout,
                               local_hostname=self._local_hostname, start_tls=False)
        await smtp.connect()
        await smtp.ehlo()
        self._smtp = smtp
        return smtp

    def _options(self, smtp: aiosmtplib.SMTP, options: list[str]) -> list[str]:
        kept = []
        for option in options:
            extension = _EXTENSIONS.get(option.split("=", 1)[0].upper())
            if extension and smtp.supports_extension(extension):
                kept.append(option)
        return kept

    async def _mail(self, sender: str, options: list[str]) -> aiosmtplib.SMTPResponse:
        smtp = await self._connect()
        utf8 = any(o.upper() == "SMTPUTF8" for o in options)
        return await smtp.mail(sender, options=self._options(smtp, options), encoding="utf-8" if utf8 else "ascii")

    async def mail(self, sender: str, options: list[str]) -> Reply:
        """Open the transaction; a relay that cannot be reached or refuses gives a 451."""
        try:
            reused = self.connected
            try:
                response = await self._mail(sender, options)
            except (aiosmtplib.SMTPServerDisconnected, ConnectionError):
                if not reused:
                    raise
                await self.close()  # the relay dropped a session kept from an earlier message: try afresh
                response = await self._mail(sender, options)
        except aiosmtplib.SMTPSenderRefused as exc:
            await self.reset()
            if 400 <= exc.code < 500:
                return _reply(exc.code, exc.message)
            code, text = RELAY_SENDER.format(code=exc.code).split(" ", 1)
            return Reply(int(code), text)
        except (aiosmtplib.SMTPException, OSError, UnicodeError):
            await self.close()
            return _down()
        return _reply(response.code, response.message)

    async def rcpt(self, recipient: str, options: list[str], *, utf8: bool) -> Reply:
        """Ask the relay about one recipient; its refusals (4xx or 5xx) are the client's answer."""
        if self._smtp is None:
            return _down()
        try:
            response = await self._smtp.rcpt(recipient, options=self._options(self._smtp, options),
                                             encoding="utf-8" if utf8 else "ascii")
        except aiosmtplib.SMTPRecipientRefused as exc:
            return _reply(exc.code, exc.message)
        except (aiosmtplib.SMTPException, OSError, UnicodeError):
            await self.close()
            return _down()
        return _reply(response.code, response.message)

    async def data(self, content: bytes) -> Reply:
        """Hand the message over; only the relay's own 250 lets the gate answer 250."""
        smtp = self._smtp
        if smtp is None or smtp.protocol is None:
            return _down()
        try:
            # aiosmtplib's ``data()``, with the content prepared by ``wire_data`` (see there).
            response = await smtp.execute_command(b"DATA")
            expected = _START_INPUT
            if response.code == _START_INPUT:
                smtp.protocol.write(wire_data(content))
                response = await smtp.protocol.read_response(timeout=self._timeout)
                expected = 250
        except (aiosmtplib.SMTPException, OSError):
            # Mid-DATA the session cannot be trusted (a late reply would pair with the next
            # command): drop it, unfinished, so the relay discards a partial message.
            self._smtp = None
            smtp.close()
            return _down()
        if response.code == expected == 250:
            return _reply(response.code, response.message)
        if response.code >= 500:
            return _reply(response.code, response.message)
        return _transient(response.code, response.message)

    async def reset(self) -> None:
        """End the relay's transaction without sending (RSET); a failing relay is closed instead."""
        if not self.connected:
            return
        assert self._smtp is not None
        try:
            await self._smtp.rset()
        except (aiosmtplib.SMTPException, OSError):
            await self.close()

    async def close(self) -> None:
        """QUIT politely when possible, else drop the connection."""
        smtp, self._smtp = self._smtp, None
        if smtp is None or not smtp.is_connected:
            return
        try:
            await smtp.quit()
        except (aiosmtplib.SMTPException, OSError):
            smtp.close()
