"""Read HTML templates with lxml's forgiving HTML parser (templating syntax stays text)."""

from __future__ import annotations

import re

from email_lint.document import Document
from email_lint.readers.markup import MarkupWalker

_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>", re.I)


def parse_html(text: str):
    """Parse *text* into an lxml element tree root (never raises on malformed markup)."""
    from lxml import etree

    parser = etree.HTMLParser(recover=True, no_network=True, remove_pis=True, huge_tree=False,
                              default_doctype=False)
    # lxml refuses str input that carries an XML encoding declaration; it is irrelevant here.
    text = _XML_DECLARATION.sub(lambda m: "\n" * m.group(0).count("\n"), text, count=1)
    root = etree.fromstring(text, parser) if text.strip() else None
    return root


def read_html(path: str, text: str, line_offset: int = 0) -> Document:
    """A document from HTML source *text*."""
    document = Document(path=path, format="html", source=text, size=len(text.encode("utf-8", "replace")))
    root = parse_html(text)
    if root is None:
        return document
    extracted = MarkupWalker(line_offset=line_offset).walk(root.getroottree().getroot())
    document.blocks = extracted.blocks
    document.links = extracted.links
    document.comments = extracted.comments
    document.declared_languages = extracted.languages
    return document
