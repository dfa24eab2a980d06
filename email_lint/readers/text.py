"""Read plain-text templates: paragraphs become blocks, URLs and addresses become links."""

from __future__ import annotations

import re

from email_lint.document import Comment, Document, Link, TextBlock
from email_lint.readers.spans import LineCounter, blank_spans, find_spans

_URL = re.compile(
    # (?<!...): an address starts where a run of address characters starts; retried from
    # inside the run, a long "a.a.a.a..." with no "@" takes quadratic time.
    # Possessive before the "@": a run of address characters is never followed by one of them.
    r"""(?:https?://|www\.)[^\s<>"')\]]+|mailto:[^\s<>"')\]]+|(?<![\w.+-])[\w.+-]++@[\w-]+(?:\.[\w-]+)+"""
    r"""|\*\|[A-Z_:]+\|\*|\{\{\{?\s*[\w.]+\s*\}?\}\}|<%\s*\w+\s*%>|%%?\w+%%?|\[\[?\w+\]\]?|\{\w+\}""",
    re.I,
)
#: Comment delimiters (a lazy-regex scan of them is quadratic on unclosed openers).
_COMMENTS = (("<!--", "-->"), ("{#", "#}"), ("{{!--", "--}}"), ("{{!", "}}"), ("<%--", "--%>"))
_HASH_COMMENT = re.compile(r"^[ \t]*#(?!#)(.*)$", re.M)
#: Characters one of which each match of :data:`_URL` holds ("www." aside): text without any
#: has no link, and the regex (tried at every position) is not run on it.
_LINK_MARKS = (":", "@", "{", "%", "[", "|")


def _may_link(text: str) -> bool:
    for mark in _LINK_MARKS:
        if mark in text:
            return True
    return "." in text and "www." in text.lower()


def read_text(path: str, text: str, line_offset: int = 0) -> Document:
    """A document from plain-text source *text*."""
    document = Document(path=path, format="text", source=text, size=len(text.encode("utf-8", "replace")))
    spans = list(find_spans(text, _COMMENTS))
    lines = LineCounter(text, 1 + line_offset)
    for span in spans:
        document.comments.append(Comment(span.body, lines.line_at(span.start)))
    lines = LineCounter(text, 1 + line_offset)
    for match in _HASH_COMMENT.finditer(text) if "#" in text else ():
        document.comments.append(Comment(match.group(1), lines.line_at(match.start())))
    stripped = blank_spans(text, spans)
    paragraph: list[str] = []
    start = 0
    source_lines = stripped.splitlines()
    for number, line in enumerate([*source_lines, ""], start=1):
        if line.strip():
            if not paragraph:
                start = number
            paragraph.append(line)
            continue
        if paragraph:
            _add_paragraph(document, paragraph, start + line_offset)
            paragraph = []
    return document


def _add_paragraph(document: Document, lines: list[str], start: int) -> None:
    block = "\n".join(lines).strip()  # one string, shared by the block and its links
    document.blocks.append(TextBlock(block, start))
    if not _may_link(block):
        return
    for offset, line in enumerate(lines):
        for match in _URL.finditer(line) if _may_link(line) else ():
            href = match.group(0).rstrip(".,;:")
            if "@" in href and "://" not in href and not href.startswith("mailto:"):
                href = "mailto:" + href
            document.links.append(Link(href, block, start + offset, True, match.start() + 1))
