"""The gate's fast paths on the wire give what the libraries they stand in for give: the relay's
DATA content (aiosmtplib's preparation) and the MAIL/RCPT path (aiosmtpd's ``_getaddr``)."""

from __future__ import annotations

import random

import pytest

pytest.importorskip("aiosmtplib")

from aiosmtpd.smtp import SMTP
from aiosmtplib.protocol import PERIOD_REGEX, normalize_message_line_endings

from email_lint.presend.gate.relay import wire_data
from email_lint.presend.gate.server import GateSMTP


def aiosmtplib_wire(content: bytes) -> bytes:
    """What ``aiosmtplib``'s ``execute_data_command`` writes after ``DATA``."""
    return PERIOD_REGEX.sub(b"..", normalize_message_line_endings(content)) + b".\r\n"


@pytest.mark.parametrize("content", [
    b"", b".", b"..", b"\r\n", b"\n", b"\r", b"a", b".\r\n.", b"Subject: x\r\n\r\n.hidden\r\n",
    b"lone\nfeed\rreturn\r\n.dot\n.\r..\n", b"ends without newline.", b"\r\r\n\n\r\n.",
])
def test_known_shapes_match_aiosmtplib(content):
    assert wire_data(content) == aiosmtplib_wire(content)


def test_random_messages_match_aiosmtplib():
    rng = random.Random(20261202)
    pieces = [b"a", b"word ", b".", b"..", b"\r", b"\n", b"\r\n", b"\r\n.", b"\n.", b"\xc3\xa9"]
    for _ in range(5000):
        content = b"".join(rng.choice(pieces) for _ in range(rng.randint(0, 20)))
        assert wire_data(content) == aiosmtplib_wire(content), content


def test_a_message_already_in_wire_form_is_only_terminated():
    content = b"Subject: hello\r\n\r\nBody line.\r\n"
    assert wire_data(content) == content + b".\r\n"


def _protocol(local_part_limit: int = 0) -> GateSMTP:
    """A GateSMTP with only what ``_getaddr`` reads (no server, no handler)."""
    protocol = GateSMTP.__new__(GateSMTP)
    protocol.local_part_limit = local_part_limit
    return protocol


def parsed(method, protocol: GateSMTP, path: str) -> object:
    """The result, or the exception's type (the stdlib parser raises IndexError on some garbage)."""
    try:
        return method(protocol, path)
    except Exception as exc:
        return type(exc)


PATHS = ["<a@b.example>", "<a@b.example> SIZE=100 BODY=8BITMIME", "  <x.y+z@b-c.example>  ", "<a@b> SIZE=1 ",
         "<a@b>(comment) X=1", "<a@b>\tX=1", "<a..b@c>", "<.a@c>", "<a@[192.0.2.1]>", '<"quoted"@c>', "<>", "",
         "a@b", "<a@b>x", "<a@b.>", "<a@-b>", "<l\u00e9a@b.example>", "< a@b>", "<a@b >", "<a(c)@b>"]


@pytest.mark.parametrize("path", PATHS)
@pytest.mark.parametrize("limit", [0, 3])
def test_mail_and_rcpt_paths_parse_as_aiosmtpd_parses_them(path, limit):
    protocol = _protocol(limit)
    assert parsed(GateSMTP._getaddr, protocol, path) == parsed(SMTP._getaddr, protocol, path)


def test_random_paths_parse_as_aiosmtpd_parses_them():
    rng = random.Random(7)
    pieces = ["a", "Z", "0", ".", "@", "<", ">", " ", "-", "+", "(", ")", '"', "[", "]", "\t", "=", "x.example"]
    protocol = _protocol()
    for _ in range(3000):
        path = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 14)))
        assert parsed(GateSMTP._getaddr, protocol, path) == parsed(SMTP._getaddr, protocol, path), path
