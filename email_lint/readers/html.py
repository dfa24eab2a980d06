"""Read HTML templates with lxml's forgiving HTML parser (templating syntax stays text)."""

from __future__ import annotations

import re

from email_lint.document import Document
from email_lint.errors import ReadError
from email_lint.readers.attributes import cap_attributes, cap_warning
from email_lint.readers.dtd import dtd_warning
from email_lint.readers.lxml_types import Element
from email_lint.readers.markup import MarkupWalker, template_comments

_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>", re.I)
_DOCUMENT_END = re.compile(r"</(?:body|html)\s*>", re.I)
#: libxml2's nesting limit under XML_PARSE_HUGE (256 without it, which real templates reach).
MAX_DEPTH = 2048


class TooDeep(Exception):
    """Markup nested deeper than lxml can parse: a tree would silently lose its text."""

    def __init__(self) -> None:
        super().__init__(f"markup nested deeper than {MAX_DEPTH} levels cannot be read whole: not checked")


def parse_html(text: str) -> Element | None:
    """Parse *text* into an lxml element tree root (never raises on malformed markup,
    but raises :class:`TooDeep` rather than return a tree that lost its text).

    The HTML parser never loads a DTD nor expands declared entities; ``huge_tree`` only
    lifts the nesting limit from 256 to 2048 levels (the file size is bounded before).
    """
    from lxml import etree

    parser = etree.HTMLParser(recover=True, no_network=True, remove_pis=True, huge_tree=True,
                              default_doctype=False)
    # lxml refuses str input that carries an XML encoding declaration; it is irrelevant here.
    text = _XML_DECLARATION.sub(lambda m: "\n" * m.group(0).count("\n"), text, count=1)
    # libxml2 drops what follows </body></html> (footers pasted after them do exist):
    # the end tags are optional in HTML, so blank them out (columns and lines kept).
    text = _DOCUMENT_END.sub(lambda m: " " * len(m.group(0)), text)
    root = etree.fromstring(text, parser) if text.strip() else None
    if any("Excessive depth" in entry.message for entry in parser.error_log):
        raise TooDeep()
    return root


def read_html(path: str, text: str, line_offset: int = 0) -> Document:
    """A document from HTML source *text*."""
    document = Document(path=path, format="html", source=text, size=len(text.encode("utf-8", "replace")))
    parsed, capped = cap_attributes(text)
    if capped:
        document.warnings.append(cap_warning(capped))
    try:
        root = parse_html(parsed)
    except TooDeep as exc:
        raise ReadError(path, str(exc)) from None
    warning = dtd_warning(text)
    if warning:
        document.warnings.append(warning)
    if root is None:  # nothing but comments or white space
        document.comments = template_comments(text, line_offset, html=True)
        return document
    extracted = MarkupWalker(line_offset=line_offset).walk(root.getroottree().getroot())
    document.blocks = extracted.blocks
    document.links = extracted.links
    document.comments = sorted([*extracted.comments, *template_comments(text, line_offset)], key=lambda c: c.line)
    document.declared_languages = extracted.languages
    return document
