"""Read plain-text templates: paragraphs become blocks, URLs and addresses become links."""

from __future__ import annotations

import re

from email_lint.document import Comment, Document, Link, TextBlock

_URL = re.compile(
    r"""(?:https?://|www\.)[^\s<>"')\]]+|mailto:[^\s<>"')\]]+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+"""
    r"""|\*\|[A-Z_:]+\|\*|\{\{\{?\s*[\w.]+\s*\}?\}\}|<%\s*\w+\s*%>|%%?\w+%%?|\[\[?\w+\]\]?|\{\w+\}""",
    re.I,
)
_COMMENT = re.compile(r"<!--(.*?)-->|\{#(.*?)#\}|\{\{!--(.*?)--\}\}|\{\{!(.*?)\}\}|<%--(.*?)--%>", re.S)
_HASH_COMMENT = re.compile(r"^[ \t]*#(?!#)(.*)$", re.M)


def read_text(path: str, text: str, line_offset: int = 0) -> Document:
    """A document from plain-text source *text*."""
    document = Document(path=path, format="text", source=text, size=len(text.encode("utf-8", "replace")))
    for match in _COMMENT.finditer(text):
        body = next(g for g in match.groups() if g is not None)
        document.comments.append(Comment(body, text.count("\n", 0, match.start()) + 1 + line_offset))
    for match in _HASH_COMMENT.finditer(text):
        document.comments.append(Comment(match.group(1), text.count("\n", 0, match.start()) + 1 + line_offset))
    stripped = _COMMENT.sub(lambda m: "\n" * m.group(0).count("\n"), text)
    paragraph: list[str] = []
    start = 0
    lines = stripped.splitlines()
    for number, line in enumerate([*lines, ""], start=1):
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
    block = "\n".join(lines)
    document.blocks.append(TextBlock(block.strip(), start))
    for offset, line in enumerate(lines):
        for match in _URL.finditer(line):
            href = match.group(0).rstrip(".,;:")
            if "@" in href and "://" not in href and not href.startswith("mailto:"):
                href = "mailto:" + href
            document.links.append(Link(href, block.strip(), start + offset, True, match.start() + 1))
