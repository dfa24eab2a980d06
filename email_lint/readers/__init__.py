"""Readers: bytes of any supported format in, one :class:`Document` out."""

from __future__ import annotations

from email_lint.decoding import UndecodableError, decode_bytes
from email_lint.document import Document
from email_lint.errors import ReadError
from email_lint.formats import detect_format


def read_bytes(path: str, data: bytes, format: str | None = None) -> Document:
    """Read *data* (the content of *path*) into a document; raise ReadError when it can't."""
    if not data.strip():
        raise ReadError(path, "empty file")
    format = format or detect_format(path, data[:8192])
    if format == "eml":
        from email_lint.readers.eml import read_eml

        try:
            return read_eml(path, data)
        except UndecodableError as exc:
            raise ReadError(path, f"cannot decode a text part: {exc}") from None
    try:
        text, _encoding = decode_bytes(data)
    except UndecodableError as exc:
        raise ReadError(path, f"not a text file: {exc}") from None
    if not text.strip():
        raise ReadError(path, "empty file")
    if format == "mjml":
        from email_lint.readers.mjml import read_mjml

        return read_mjml(path, text)
    if format == "html":
        from email_lint.readers.html import read_html

        return read_html(path, text)
    from email_lint.readers.text import read_text

    return read_text(path, text)
