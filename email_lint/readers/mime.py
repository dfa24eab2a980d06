"""Scan a MIME message from a stream, keeping its headers and inline text parts only.

A 50 MB message is mostly attachments: they are skipped line by line, never stored
or decoded, so memory holds the headers and the text parts whatever the message's
size. Multiparts nest without recursion. Delimiters follow RFC 2046 §5.1.1 (a line
``--boundary`` or ``--boundary--``, trailing white space allowed); a multipart whose
declared boundary never appears but whose body uses another ``--delimiter`` line
before ``Content-`` headers (a common sender bug) adopts that delimiter.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from email.message import Message
from email.parser import BytesHeaderParser
from email.policy import compat32
from typing import BinaryIO

#: Longest line kept whole; longer lines are read in pieces (a delimiter starts a line).
MAX_LINE = 64 * 1024
#: Multiparts nested deeper than this are skipped (and the skip reported).
MAX_DEPTH = 64
_HEADER_LINE = re.compile(rb"^(?:From |[\041-\071\073-\176]+:|[\t ])")
_DELIMITER_LIKE = re.compile(rb"^--[^\r\n]{1,200}$")
_BLANK = (b"\n", b"\r\n", b"\r")
_HEADERS, _BODY, _SKIP = "headers", "body", "skip"


class TextTooLarge(Exception):
    """The headers and text parts together exceed the size limit."""

    def __init__(self, size: int, limit: int):
        super().__init__(f"more than {limit} bytes of headers and text parts")
        self.size = size
        self.limit = limit


@dataclass
class TextPart:
    """An inline text/html or text/plain part, still transfer-encoded."""

    headers: Message
    body: bytes
    #: 1-based line of the message where the part's body starts.
    line: int

    def decoded(self) -> bytes:
        """The body with its Content-Transfer-Encoding undone (lenient, never raises)."""
        self.headers.set_payload(self.body.decode("ascii", "surrogateescape"))
        try:
            payload = self.headers.get_payload(decode=True)
        except Exception:  # a malformed encoding the library chokes on: read the raw bytes
            payload = self.body
        return payload if isinstance(payload, bytes) else self.body


@dataclass
class ScannedMessage:
    """What a scan kept: top-level headers, their raw bytes and the text parts."""

    headers: Message
    header_bytes: bytes
    parts: list[TextPart] = field(default_factory=list)
    #: Reader warnings (e.g. multiparts nested too deep to read).
    warnings: list[str] = field(default_factory=list)


def parse_headers(raw: bytes) -> Message:
    """A header-only message from a raw header block (never raises on malformed input)."""
    return BytesHeaderParser(policy=compat32).parsebytes(raw)


def _is_attachment(headers: Message) -> bool:
    # str(): a value with 8-bit bytes comes back as an email.header.Header (found by fuzzing).
    return str(headers.get("Content-Disposition") or "").strip().lower().startswith("attachment")


def _identity_encoded(headers: Message) -> bool:
    """No transfer encoding to undo (RFC 2046 §5.2.1 allows no other for message/rfc822)."""
    encoding = str(headers.get("Content-Transfer-Encoding") or "").strip().lower()
    return encoding in ("", "7bit", "8bit", "binary")


def _boundary(headers: Message) -> bytes | None:
    try:
        boundary = headers.get_boundary()
    except Exception:  # malformed RFC 2231 parameters
        return None
    if boundary is None:
        return None
    try:
        return b"--" + boundary.encode("utf-8", "surrogateescape")
    except UnicodeError:
        return None


class _Scanner:
    def __init__(self, max_bytes: int | None):
        self.max_bytes = max_bytes
        self.kept = 0
        #: Delimiters of the open multiparts, outermost first; None: not known yet.
        self.delimiters: list[bytes | None] = []
        #: Whether each open multipart has met one of its delimiters yet.
        self.seen: list[bool] = []
        self.mode = _HEADERS
        self.header_buffer = bytearray()
        self.body: list[bytes] = []
        self.body_line = 0
        self.part_headers: Message | None = None
        self.top: Message | None = None
        self.top_bytes = b""
        self.parts: list[TextPart] = []
        self.warnings: list[str] = []
        self.too_deep = False
        self.candidate: bytes | None = None

    def _keep(self, size: int) -> None:
        self.kept += size
        if self.max_bytes is not None and self.kept > self.max_bytes:
            raise TextTooLarge(self.kept, self.max_bytes)

    # -- delimiters ----------------------------------------------------------------------
    def _delimiter(self, line: bytes) -> tuple[int, bool] | None:
        stripped = line.rstrip()
        for index in range(len(self.delimiters) - 1, -1, -1):
            delimiter = self.delimiters[index]
            if delimiter is None or not stripped.startswith(delimiter):
                continue
            rest = stripped[len(delimiter):]
            if rest in (b"", b"--"):
                return index, rest == b"--"
        return None

    def _adopt(self, line: bytes) -> bool:
        """In a multipart's preamble, a ``--x`` line followed by a Content- header is its delimiter."""
        if self.candidate is not None and line[:8].lower() == b"content-":
            self.delimiters[-1] = self.candidate.rstrip()
            self.seen[-1] = True
            self.candidate = None
            self._start_headers()
            return False  # the line is the new part's first header: process it
        self.candidate = None
        if (self.delimiters and not self.seen[-1] and self.mode == _SKIP
                and _DELIMITER_LIKE.match(line.rstrip(b"\r\n"))):
            self.candidate = line
            return True
        return False

    # -- entities ------------------------------------------------------------------------
    def _start_headers(self) -> None:
        self.mode = _HEADERS
        self.header_buffer = bytearray()

    def _end_headers(self, body_line: int) -> None:
        raw = bytes(self.header_buffer)
        headers = parse_headers(raw)
        if self.top is None:
            self.top, self.top_bytes = headers, raw
        self.mode = _SKIP
        if _is_attachment(headers):
            return
        maintype = headers.get_content_maintype()
        if maintype == "multipart":
            if len(self.delimiters) >= MAX_DEPTH:
                self.too_deep = True
                return
            self.delimiters.append(_boundary(headers))
            self.seen.append(False)
        elif headers.get_content_type() == "message/rfc822" and _identity_encoded(headers):
            self._start_headers()  # an inline forwarded message: its headers follow
        elif maintype == "text" and headers.get_content_subtype() in ("html", "plain"):
            self.mode = _BODY
            self.body = []
            self.body_line = body_line
            self.part_headers = headers

    def _end_entity(self, at_delimiter: bool) -> None:
        if self.mode == _HEADERS and (self.header_buffer or self.top is None):
            self._end_headers(0)
        if self.mode == _BODY and self.part_headers is not None:
            body = b"".join(self.body)
            if at_delimiter:  # the line break before a delimiter belongs to the delimiter
                body = body[:-2] if body.endswith(b"\r\n") else body[:-1] if body.endswith(b"\n") else body
            self.parts.append(TextPart(self.part_headers, body, self.body_line))
        self.body = []
        self.part_headers = None

    # -- the scan ------------------------------------------------------------------------
    def line(self, number: int, at_start: bool, chunk: bytes) -> None:
        if at_start and self.delimiters and chunk[:2] == b"--":
            hit = self._delimiter(chunk)
            if hit is not None:
                index, closing = hit
                self._end_entity(at_delimiter=True)
                del self.delimiters[index + 1:]
                del self.seen[index + 1:]
                self.seen[index] = True
                self.candidate = None
                if closing:
                    del self.delimiters[index]
                    del self.seen[index]
                    self.mode = _SKIP
                else:
                    self._start_headers()
                return
        if at_start and self._adopt(chunk):
            return
        if self.mode == _HEADERS:
            if at_start and chunk in _BLANK:
                self._end_headers(number + 1)
                return
            if at_start and not _HEADER_LINE.match(chunk):
                self._end_headers(number)  # no blank line: the body starts here
            else:
                self._keep(len(chunk))
                self.header_buffer += chunk
                return
        if self.mode == _BODY:
            self._keep(len(chunk))
            self.body.append(chunk)

    def finish(self) -> ScannedMessage:
        self._end_entity(at_delimiter=False)
        if self.too_deep:
            self.warnings.append(f"multipart parts nested deeper than {MAX_DEPTH} levels were not read")
        return ScannedMessage(self.top or parse_headers(b""), self.top_bytes, self.parts, self.warnings)


def scan_message(stream: BinaryIO, max_bytes: int | None = None) -> ScannedMessage:
    """Scan the message in *stream*; raise :class:`TextTooLarge` past *max_bytes* kept."""
    scanner = _Scanner(max_bytes)
    number, at_start = 1, True
    readline = stream.readline
    while True:
        chunk = readline(MAX_LINE)
        if not chunk:
            break
        # Skipped content (attachments, non-text parts) matters only at a delimiter line.
        if scanner.mode == _SKIP and scanner.candidate is None and (not at_start or chunk[:2] != b"--"):
            pass
        else:
            scanner.line(number, at_start, chunk)
        at_start = chunk.endswith(b"\n")
        if at_start:
            number += 1
    return scanner.finish()
