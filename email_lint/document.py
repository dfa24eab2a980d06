"""The format-neutral view of a template that every rule reads."""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any

from email_lint.normalize import normalize

if TYPE_CHECKING:
    from email_lint.assembly.source_map import SourceMap


@dataclass(frozen=True, slots=True)
class TextBlock:
    """A run of visible (or hidden) text with the source line it starts on."""

    text: str
    line: int
    visible: bool = True
    column: int = 1
    #: Where the text comes from: "body", "alt" (image alt text), "title", "header:Subject"...
    source: str = "body"
    #: :attr:`normalized`, computed once (rules ask for it once per link or phrase hit).
    _normalized: str | None = field(default=None, init=False, repr=False, compare=False)

    @property
    def normalized(self) -> str:
        value = self._normalized
        if value is None:
            value = normalize(self.text)
            object.__setattr__(self, "_normalized", value)
        return value


@dataclass(frozen=True, slots=True)
class Link:
    """A hyperlink (``<a href>``, ``mj-button``...) with its text and visibility."""

    href: str
    text: str
    line: int
    visible: bool = True
    column: int = 1
    #: Why the link is hidden ("display:none", "text colour equals background"...).
    hidden_reason: str | None = None


@dataclass(frozen=True, slots=True)
class Comment:
    """A source comment (HTML/MJML comment or a text-template comment)."""

    text: str
    line: int


@dataclass
class Document:
    """A template read into text blocks, links, headers and declared languages."""

    path: str
    format: str
    blocks: list[TextBlock] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    headers: dict[str, str] = field(default_factory=dict)
    header_lines: dict[str, int] = field(default_factory=dict)
    #: Every header field in order, repeats included (``headers`` keeps the first of each name).
    header_fields: list[tuple[str, str]] = field(default_factory=list)
    comments: list[Comment] = field(default_factory=list)
    declared_languages: list[str] = field(default_factory=list)
    #: The raw decoded source, kept for merge-tag scans and suppression comments.
    source: str = ""
    #: Bytes length of the body read (used for Gmail's clipping threshold).
    size: int = 0
    #: What the reader left out or did not act on (ignored DTD, MIME nested too deep...):
    #: printed as warnings, the file is still checked.
    warnings: list[str] = field(default_factory=list)
    #: The source map (:class:`email_lint.assembly.source_map.SourceMap`) when the document was
    #: assembled from an entry template and its includes: lines are then assembled lines.
    assembly: SourceMap | None = field(default=None, repr=False, compare=False)
    #: Per-document memo of analyses shared by rules (see :mod:`email_lint.evidence`).
    memo: dict[Hashable, Any] = field(default_factory=dict, repr=False, compare=False)

    @property
    def visible_blocks(self) -> list[TextBlock]:
        return [b for b in self.blocks if b.visible]

    @cached_property
    def visible_text(self) -> str:
        """Normalised visible text of the whole document, blocks joined by newlines."""
        return "\n".join(b.normalized for b in self.blocks if b.visible)

    @cached_property
    def language(self) -> str | None:
        """The document's main language: declared first, then the cheap stopword scorer.

        Good enough to word a message; rules that compare languages should call
        :func:`email_lint.language.document_language` with ``precise=True``.
        """
        from email_lint.language import document_language

        return document_language(self)

    def header(self, name: str) -> str | None:
        """A header's value, case-insensitively, or None."""
        lowered = name.lower()
        for key, value in self.headers.items():
            if key.lower() == lowered:
                return value
        return None

    def line_of_header(self, name: str) -> int:
        return self.header_lines.get(name.lower(), 1)
