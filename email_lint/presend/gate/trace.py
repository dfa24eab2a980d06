"""The trace headers the gate adds (``Received``, ``X-Email-Lint``) and the header facts it logs."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from email.utils import format_datetime

_FOLD_AT = 76
_MESSAGE_ID = re.compile(rb"^message-id:[ \t]*((?:[^\r\n]*)(?:\r?\n[ \t][^\r\n]*)*)", re.IGNORECASE | re.MULTILINE)
_SAFE = re.compile(r"[^\x21-\x7e]")


def _token(text: str) -> str:
    """*text* with anything but visible ASCII replaced, so no client value can inject a header line."""
    return _SAFE.sub("?", text)[:200] or "unknown"


def received(helo: str | None, peer_ip: str | None, hostname: str, now: datetime | None = None) -> bytes:
    """An RFC 5321 section 4.4 ``Received`` line for the hop from the client to the gate."""
    stamp = format_datetime(now or datetime.now(UTC))
    line = f"Received: from {_token(helo or 'unknown')} ([{_token(peer_ip or 'unknown')}])\r\n" \
           f"\tby {_token(hostname)} (email-lint gate) with ESMTP;\r\n\t{stamp}\r\n"
    return line.encode("ascii")


def lint_header(verdict: str, codes: Iterable[str], recipients: Mapping[str, int]) -> bytes:
    """``X-Email-Lint: block; codes=EL006 EL007; send=2; warn=0; block=1``, folded at spaces so
    that unfolding (RFC 5322 section 2.2.3) gives the value back exactly."""
    parts = [verdict]
    codes = sorted(set(codes))
    if codes:
        parts.append("codes=" + " ".join(codes))
    parts += [f"{k}={recipients.get(k, 0)}" for k in ("send", "warn", "block")]
    return _fold("X-Email-Lint: " + "; ".join(parts))


def _fold(line: str) -> bytes:
    """Fold before spaces so no physical line passes 76 characters (a single long word stays whole)."""
    out: list[str] = []
    current = ""
    for word in line.split(" "):
        if current and len(current) + 1 + len(word) > _FOLD_AT:
            out.append(current)
            current = " " + word
        else:
            current = f"{current} {word}" if current else word
    out.append(current)
    return ("\r\n".join(out) + "\r\n").encode("ascii")


def prepend(content: bytes, *headers: bytes) -> bytes:
    """The message with *headers* (each ending in CRLF) put before its first line; the rest is untouched."""
    return b"".join(headers) + content


def message_id(content: bytes) -> str | None:
    """The ``Message-ID`` of the message, read from its header block only (no full parse)."""
    end = content.find(b"\r\n\r\n")
    head = content if end < 0 else content[: end + 2]
    match = _MESSAGE_ID.search(head)
    if not match:
        return None
    value = b" ".join(match.group(1).split()).decode("ascii", "replace")
    return value[:250] or None


_LINT_FIELD = re.compile(rb"^x-email-lint[ \t]*:[^\r\n]*\r?\n(?:[ \t][^\r\n]*\r?\n)*", re.IGNORECASE | re.MULTILINE)


def strip_lint_headers(content: bytes) -> bytes:
    """The message without any ``X-Email-Lint`` field a client put there (a forged verdict must not
    reach the next hop); a message without one is returned as it is, byte for byte."""
    end = content.find(b"\r\n\r\n")
    head_end = len(content) if end < 0 else end + 2
    head = content[:head_end]
    if b"x-email-lint" not in head.lower():
        return content
    return _LINT_FIELD.sub(b"", head) + content[head_end:]
