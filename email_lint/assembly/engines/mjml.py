"""MJML ``<mj-include path="...">``: relative to the including file, ``.mjml`` optional;
``type="html"`` includes raw HTML (as mj-raw), ``type="css"`` a style sheet (as mj-style)."""

from __future__ import annotations

import collections
import re
from pathlib import Path

from email_lint.assembly.engines import Tag, mask, matches_in, spans_between
from email_lint.assembly.search import SearchPaths, joined, unique, with_extensions

# Linear scans (tests/test_pattern_scaling.py): a tag ends at the next "<" or ">", a name
# starts where its run of name characters starts, and the body is found as its first
# opening and last closing tag (a "(.*)</mj-body>" was retried from each "<mj-body").
_INCLUDE = re.compile(r"<mj-include\b([^<>]*?)/?>(?:\s*+</mj-include\s*+>)?", re.I)
_ATTRIBUTE = re.compile(r"""(?<![\w-])([\w-]++)\s*+=\s*+(?:"([^"]*+)"|'([^']*+)')""")
_BODY = re.compile(r"<mj-body\b[^<>]*+>", re.I)
_BODY_END = re.compile(r"</mj-body\s*+>", re.I)
_ROOT = re.compile(r"<mjml\b[^<>]*+>", re.I)
_ROOT_END = re.compile(r"</mjml\s*+>", re.I)
#: Matched right after an include's ">"; starts where a run of white space starts (linear).
_CLOSING = re.compile(r"(?<!\s)\s*+</mj-include\s*+>", re.I)


def scan(text: str) -> list[Tag]:
    tags = []
    visible = mask(text, spans_between(text, "<!--", "-->"))
    for match in matches_in(visible, "<mj-include", ">", _INCLUDE):
        attributes = {m.group(1).lower(): m.group(2) if m.group(2) is not None else m.group(3)
                      for m in _ATTRIBUTE.finditer(match.group(1))}
        path = (attributes.get("path") or "").strip()
        kind = "include" if path and "{{" not in path and "{%" not in path else "dynamic"
        mode = (attributes.get("type") or "").lower()
        closing = _CLOSING.match(visible, match.end())
        end = closing.end() if closing else match.end()
        tags.append(Tag(match.start(), end, kind, (path,) if path else (match.group(0),),
                        mode=mode if mode in ("html", "css") else ""))
    return tags


def candidates(name: str, including: Path, paths: SearchPaths) -> list[Path]:
    names = with_extensions(name, (".mjml",)) if not name.lower().endswith((".html", ".css")) else [name]
    if Path(name).is_absolute():
        return unique(Path(n) for n in names)
    return joined([including.parent, *paths.shared()], names)


def body_range(text: str) -> tuple[int, int]:
    """What mjml takes from an included file: inside ``<mj-body>``, else inside ``<mjml>``."""
    for opening, closing in ((_BODY, _BODY_END), (_ROOT, _ROOT_END)):
        start = opening.search(text)
        if start is None:
            continue
        end = collections.deque(closing.finditer(text, start.end()), maxlen=1)  # the last one
        if end:
            return start.end(), end[0].start()
    return 0, len(text)
