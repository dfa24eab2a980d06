"""Tell broken MJML from MJML that is merely not well-formed XML.

Real MJML is often not XML (``<br>`` inside ``mj-text``, bare ``&``, templating in
attributes) and the MJML compiler accepts it; those files are read with the forgiving
parser. A file whose ``<mjml>`` root is never closed is truncated: a read error.
Components closed out of order elsewhere (which the compiler's lenient parser repairs)
are only a warning: the file is still checked.
"""

from __future__ import annotations

import re

from email_lint.readers.spans import LineCounter, blank_spans, find_spans

#: Comments and CDATA (scanned by find_spans: a lazy regex is quadratic on unclosed ones).
_COMMENT = (("<!--", "-->"), ("<![CDATA[", "]]>"))
# Possessive, and no bare "<" inside a tag: a tag left open (or an unclosed quote) fails
# where the next tag starts instead of being retried to the end of the text (quadratic).
_MJ_TAG = re.compile(r"<(/?)(mjml|mj-[a-z][a-z0-9-]*)\b(?:[^<>\"'/]++|/(?!>)|\"[^\"]*+\"|'[^']*+')*+(/?)>", re.I)


def structure_problems(text: str) -> tuple[str | None, str | None]:
    """(fatal error, warning) about how the ``mjml``/``mj-*`` elements of *text* nest."""
    problem = _nesting_problem(text)
    if problem is None:
        return None, None
    opened = _MJ_TAG.findall(blank_spans(text, find_spans(text, _COMMENT), keep_lines=False))
    roots_opened = sum(1 for closing, name, _ in opened if name.lower() == "mjml" and not closing)
    roots_closed = sum(1 for closing, name, _ in opened if name.lower() == "mjml" and closing)
    if roots_opened and roots_closed < roots_opened:
        return f"broken MJML: {problem}", None
    return None, f"MJML components do not nest: {problem}; read anyway"


def _nesting_problem(text: str) -> str | None:
    """Why the ``mjml``/``mj-*`` elements of *text* do not nest, or None when they do."""
    text = blank_spans(text, find_spans(text, _COMMENT))
    stack: list[tuple[str, int]] = []  # (name, offset): lines are counted only for a message
    lines = LineCounter(text)
    for match in _MJ_TAG.finditer(text):
        closing, name, self_closing = match.group(1), match.group(2).lower(), match.group(3)
        if self_closing:
            continue
        if not closing:
            stack.append((name, match.start()))
            continue
        if not stack:
            return f"</{name}> at line {lines.line_at(match.start())} closes nothing"
        opened, opened_at = stack.pop()
        if opened != name:
            line = lines.line_at(match.start())
            return f"</{name}> at line {line} closes <{opened}> opened at line {lines.line_at(opened_at)}"
    if stack:
        name, opened_at = stack[-1]
        return f"<{name}> opened at line {lines.line_at(opened_at)} is never closed (truncated file?)"
    return None
