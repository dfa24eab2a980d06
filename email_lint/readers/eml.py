"""Read RFC 5322 / MIME messages: headers plus every inline text/html and text/plain part.

Parts are decoded from quoted-printable or base64 with their declared charset.
The message is scanned as a stream (:mod:`email_lint.readers.mime`): attachments and
non-text parts are skipped unread, so a 50 MB message costs the memory of its text.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from email.errors import MessageError
from email.header import Header, decode_header, make_header
from typing import BinaryIO

from email_lint.decoding import UndecodableError, decode_bytes
from email_lint.document import Document, TextBlock
from email_lint.readers.mime import scan_message

_HEADER_NAME = re.compile(rb"^([A-Za-z][A-Za-z0-9\-]*):", re.M)


#: A complete RFC 2047 encoded word (no lazy part: linear to find).
_ENCODED_WORD = re.compile(r"=\?[^?\s]++\?[qQbB]\?[^?\s]*+\?=")
#: The stdlib decoder is quadratic in the number of encoded words of a value: it is given
#: runs of at most this many, cut where RFC 2047 drops the white space anyway.
_WORDS_PER_RUN = 64


def decode_header_value(value: str | Header) -> str:
    """RFC 2047 decoding that never raises (a malformed word stays as written), in time
    linear in the length of *value* (see :func:`_runs`).

    Raw 8-bit bytes in a header (common, though RFC 5322 forbids them) reach us as a
    ``Header`` in the ``unknown-8bit`` charset: they are read as UTF-8, else windows-1252.
    """
    if isinstance(value, str) and value.count("=?") > _WORDS_PER_RUN:
        # A run that still holds too many "=?" (unclosed words, no white space between
        # words) stays as written: the stdlib would scan it once per "=?".
        return "".join(_decode_value(run) if run.count("=?") <= 2 * _WORDS_PER_RUN else run
                       for run in _runs(value))
    return _decode_value(value)


def _runs(value: str) -> Iterator[str]:
    """*value* cut into runs of about ``_WORDS_PER_RUN`` encoded words, each cut at the white
    space between two encoded words (which RFC 2047 says to drop), the white space dropped."""
    start, count, previous_end = 0, 0, -1
    for word in _ENCODED_WORD.finditer(value):
        if count >= _WORDS_PER_RUN and previous_end >= 0 and value[previous_end:word.start()].isspace():
            yield value[start:previous_end]
            start, count = word.start(), 0
        count += 1
        previous_end = word.end()
    yield value[start:]


def _decode_value(value: str | Header) -> str:
    if isinstance(value, str) and "=?" not in value and value.isascii():
        return value  # nothing to decode (most headers): the stdlib would give it back unchanged
    try:
        chunks = decode_header(value)
        if not any(charset == "unknown-8bit" for _, charset in chunks):
            return str(make_header(chunks))
        return "".join(_decode_chunk(text, charset) for text, charset in chunks)
    except (UnicodeError, LookupError, ValueError, TypeError, MessageError):
        return str(value)


def _decode_chunk(text: str | bytes, charset: str | None) -> str:
    if isinstance(text, str):
        return text
    if charset in (None, "unknown-8bit"):
        try:
            return text.decode("utf-8")
        except UnicodeDecodeError:
            return text.decode("cp1252", "replace")
    return text.decode(charset, "replace")


def _header_lines(data: bytes) -> dict[str, int]:
    head = data.split(b"\n\n", 1)[0].split(b"\r\n\r\n", 1)[0]
    lines: dict[str, int] = {}
    line, counted = 1, 0  # newlines are counted once, from the last header on (not from the start)
    for match in _HEADER_NAME.finditer(head):
        line += head.count(b"\n", counted, match.start())
        counted = match.start()
        lines.setdefault(match.group(1).decode("ascii").lower(), line)
    return lines


def read_eml(path: str, data: bytes, max_bytes: int | None = None) -> Document:
    """A document from the raw bytes of an RFC 5322 message."""
    return read_eml_stream(path, io.BytesIO(data), max_bytes)


def read_eml_stream(path: str, stream: BinaryIO, max_bytes: int | None = None) -> Document:
    """A document from a message read from *stream*; only headers and text parts are kept.

    Raises :class:`~email_lint.readers.mime.TextTooLarge` past *max_bytes* of those.
    """
    from email_lint.readers.html import read_html
    from email_lint.readers.text import read_text

    scanned = scan_message(stream, max_bytes)
    message = scanned.headers
    header_lines = _header_lines(scanned.header_bytes)
    document = Document(path=path, format="eml", size=sum(len(p.body) for p in scanned.parts))
    document.warnings.extend(scanned.warnings)
    for name, value in message.items():
        decoded = decode_header_value(value)
        document.header_fields.append((name, decoded))
        document.headers.setdefault(name, decoded)
    document.header_lines = header_lines
    subject = document.header("Subject")
    if subject:
        document.blocks.append(TextBlock(subject, header_lines.get("subject", 1), True, source="header:Subject"))
    language = document.header("Content-Language")
    if language:
        document.declared_languages.append(language.split(",")[0].strip())
    sources: list[str] = []
    for part in scanned.parts:
        payload = part.decoded()
        if not payload.strip():
            continue
        subtype = part.headers.get_content_subtype()
        try:
            text, _ = decode_bytes(payload, declared=part.headers.get_content_charset())
        except UndecodableError as exc:
            document.warnings.append(f"the text/{subtype} part at line {part.line} was skipped: {exc}")
            continue
        reader = read_html if subtype == "html" else read_text
        body = reader(path, text, line_offset=max(part.line - 1, 0))
        document.blocks.extend(body.blocks)
        document.links.extend(body.links)
        document.comments.extend(body.comments)
        document.declared_languages.extend(body.declared_languages)
        sources.append(text)
    document.source = "\n".join(sources)
    return document
