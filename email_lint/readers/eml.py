"""Read RFC 5322 / MIME messages: headers plus every inline text/html and text/plain part.

Parts are decoded from quoted-printable or base64 with their declared charset.
Attachments and non-text parts are never decoded.
"""

from __future__ import annotations

import re
from email import message_from_bytes
from email.header import decode_header, make_header
from email.message import Message

from email_lint.decoding import decode_bytes
from email_lint.document import Document, TextBlock

_HEADER_NAME = re.compile(rb"^([A-Za-z][A-Za-z0-9\-]*):", re.M)


def decode_header_value(value: str) -> str:
    """RFC 2047 decoding that never raises (a malformed word stays as written)."""
    try:
        return str(make_header(decode_header(value)))
    except (UnicodeError, LookupError, ValueError, TypeError):
        return value


def _header_lines(data: bytes) -> dict[str, int]:
    head = data.split(b"\n\n", 1)[0].split(b"\r\n\r\n", 1)[0]
    lines: dict[str, int] = {}
    for match in _HEADER_NAME.finditer(head):
        name = match.group(1).decode("ascii").lower()
        lines.setdefault(name, head.count(b"\n", 0, match.start()) + 1)
    return lines


def _text_parts(message: Message):
    for part in message.walk():
        if part.is_multipart():
            continue
        if part.get_content_maintype() != "text" or part.get_content_subtype() not in ("html", "plain"):
            continue
        if (part.get("Content-Disposition") or "").lower().startswith("attachment"):
            continue
        yield part


_DELIMITER = re.compile(rb"^--[^\r\n]{1,200}\r?$", re.M)


def _recover_parts(message: Message) -> list[Message]:
    """Text parts of a multipart message whose boundary does not match its delimiters.

    Broken senders declare one boundary and use another: the parser then sees no parts.
    Split the body on delimiter-looking lines and read each piece as a part.
    """
    body = message.get_payload(decode=False)
    if isinstance(body, list) or not body:
        return []
    raw = body.encode("utf-8", "surrogateescape") if isinstance(body, str) else body
    parts = []
    for chunk in _DELIMITER.split(raw):
        chunk = chunk.lstrip(b"\r\n")
        if chunk[:200].lower().startswith(b"content-"):
            part = message_from_bytes(chunk)
            if part.get_content_maintype() == "text":
                parts.append(part)
    return parts


def _part_offset(data: bytes, part: Message, cursor: int) -> tuple[int, int]:
    """Line number (0-based) where *part*'s payload starts in the raw message, and new cursor."""
    raw = part.get_payload(decode=False)
    if isinstance(raw, str):
        probe = raw.lstrip()[:40].encode("utf-8", "surrogateescape")
        if probe:
            position = data.find(probe, cursor)
            if position >= 0:
                return data.count(b"\n", 0, position), position + len(probe)
    return 0, cursor


def read_eml(path: str, data: bytes) -> Document:
    """A document from the raw bytes of an RFC 5322 message."""
    from email_lint.readers.html import read_html
    from email_lint.readers.text import read_text

    message = message_from_bytes(data)
    header_lines = _header_lines(data)
    document = Document(path=path, format="eml", size=len(data))
    for name, value in message.items():
        document.headers.setdefault(name, decode_header_value(str(value)))
    document.header_lines = header_lines
    subject = document.header("Subject")
    if subject:
        document.blocks.append(TextBlock(subject, header_lines.get("subject", 1), True, source="header:Subject"))
    language = document.header("Content-Language")
    if language:
        document.declared_languages.append(language.split(",")[0].strip())
    cursor = 0
    sources: list[str] = []
    parts = list(_text_parts(message))
    if not parts and message.get_content_maintype() == "multipart":
        parts = [p for p in _recover_parts(message) if p.get_content_subtype() in ("html", "plain")]
    for part in parts:
        payload = part.get_payload(decode=True) or b""
        if not payload.strip():
            continue
        text, _ = decode_bytes(payload, declared=part.get_content_charset())
        offset, cursor = _part_offset(data, part, cursor)
        reader = read_html if part.get_content_subtype() == "html" else read_text
        body = reader(path, text, line_offset=offset)
        document.blocks.extend(body.blocks)
        document.links.extend(body.links)
        document.comments.extend(body.comments)
        document.declared_languages.extend(body.declared_languages)
        sources.append(text)
    document.source = "\n".join(sources)
    return document
