"""Readers: bytes of any supported format in, one :class:`Document` out."""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from email_lint.decoding import UndecodableError, decode_bytes
from email_lint.document import Document
from email_lint.errors import FileTooLarge, ReadError
from email_lint.formats import detect_format

if TYPE_CHECKING:
    from email_lint.assembly.source_map import SourceMap

_HEAD = 8192
#: Include, layout or partial syntax of some template engine: only a template that shows one
#: is assembled (and only then is :mod:`email_lint.assembly` imported). One pattern per first
#: character: a regex whose matches all start with one literal character skips in C to each
#: of them, several times faster than one regex of branches starting with "{", "<" and "-"
#: (tried at every position) or a search for each two-character opener.
_INCLUDE_CURLY = re.compile(
    r"\{(?:%-?\s*(?:include|extends|render|layout|embed|include_relative)\b"
    r"|\{[~-]?\s*(?:#\s*>|>|<|include\s*\(|template\s|block\s+\"))"
)
_INCLUDE_ANGLE = re.compile(r"<(?:mj-include\b|%[=-]?\s*render\b)")
#: Jekyll-style front matter naming a layout (only at the very start of the text).
_FRONT_MATTER_LAYOUT = re.compile(r"---\s*\n[^\n]*layout\s*:")


def has_include_syntax(text: str) -> bool:
    """Whether *text* shows include, layout or partial syntax of some template engine."""
    return bool(_INCLUDE_CURLY.search(text) or _INCLUDE_ANGLE.search(text)
                or (text.startswith("---") and _FRONT_MATTER_LAYOUT.match(text)))


#: ``assemble(text) -> (assembled text, source map)``, or None when there is nothing to assemble
#: (it tests :func:`has_include_syntax` itself before importing anything).
Assembler = Callable[[str], "tuple[str, SourceMap] | None"]
_NOT_REGULAR = "not a regular file (a FIFO, device or socket): skipped"


def _too_large(path: str, size: int, max_bytes: int) -> FileTooLarge:
    return FileTooLarge(path, f"skipped, {size} bytes is over max-file-size ({max_bytes})")


def _eml_too_large(path: str, max_bytes: int) -> FileTooLarge:
    return FileTooLarge(path, f"skipped, its headers and text parts are over max-file-size ({max_bytes} bytes; "
                              "attachments do not count)")


def read_file(display: str, path: Path, max_bytes: int, assemble: Assembler | None = None) -> Document:
    """Read the file at *path* into a document, without blocking and within *max_bytes*.

    Only regular files are read (a FIFO, device or socket is refused before any read, so
    it cannot block the run). A .eml message is streamed: its attachments are skipped
    unread and *max_bytes* bounds its headers and text parts; any other file larger
    than *max_bytes* raises :class:`FileTooLarge` unread. Raises ReadError or OSError.
    *assemble*, when given, resolves includes and layouts of a template that has some.
    """
    if not stat.S_ISREG(os.stat(path).st_mode):
        raise ReadError(display, _NOT_REGULAR)
    # Non-blocking: should a FIFO replace the file after the check, opening it cannot hang.
    descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    with os.fdopen(descriptor, "rb") as stream:
        info = os.fstat(stream.fileno())
        if not stat.S_ISREG(info.st_mode):
            raise ReadError(display, _NOT_REGULAR)
        head = stream.read(_HEAD)
        format = detect_format(display, head)
        if format == "eml" and head.strip():
            from email_lint.readers.eml import read_eml_stream
            from email_lint.readers.mime import TextTooLarge

            stream.seek(0)
            try:
                return read_eml_stream(display, stream, max_bytes)
            except TextTooLarge:
                raise _eml_too_large(display, max_bytes) from None
        if info.st_size > max_bytes:
            raise _too_large(display, info.st_size, max_bytes)
        data = head + stream.read(max_bytes + 1 - len(head))  # the file may grow meanwhile
    if len(data) > max_bytes:
        raise _too_large(display, len(data), max_bytes)
    return read_bytes(display, data, format, assemble=assemble)


def read_bytes(path: str, data: bytes, format: str | None = None, max_bytes: int | None = None,
               assemble: Assembler | None = None) -> Document:
    """Read *data* (the content of *path*) into a document; raise ReadError when it can't.

    *max_bytes* bounds the text read: the whole of *data*, or a message's headers and
    text parts (:class:`FileTooLarge` past it).
    """
    if not data.strip():
        raise ReadError(path, "empty file")
    format = format or detect_format(path, data[:_HEAD])
    if format == "eml":
        from email_lint.readers.eml import read_eml
        from email_lint.readers.mime import TextTooLarge

        try:
            return read_eml(path, data, max_bytes)
        except TextTooLarge:
            raise _eml_too_large(path, max_bytes or 0) from None
        except UndecodableError as exc:
            raise ReadError(path, f"cannot decode a text part: {exc}") from None
    if max_bytes is not None and len(data) > max_bytes:
        raise _too_large(path, len(data), max_bytes)
    try:
        text, _encoding = decode_bytes(data)
    except UndecodableError as exc:
        raise ReadError(path, f"not a text file: {exc}") from None
    if not text.strip():
        raise ReadError(path, "empty file")
    assembled = assemble(text) if assemble is not None else None
    if assembled is not None:
        text = assembled[0]
    document = read_text_as(path, text, format)
    if assembled is not None:
        document.assembly = assembled[1]
    return document


def read_text_as(path: str, text: str, format: str) -> Document:
    """A document from decoded *text* in *format* (html, mjml or text)."""
    if format == "mjml":
        from email_lint.readers.mjml import read_mjml

        return read_mjml(path, text)
    if format == "html":
        from email_lint.readers.html import read_html

        return read_html(path, text)
    from email_lint.readers.text import read_text

    return read_text(path, text)
