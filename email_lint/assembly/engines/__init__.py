"""Include syntax of each template engine: what a tag is and where its file may be.

Each engine module has ``scan(text) -> list[Tag]`` (tags sorted by position, paired
blocks already matched) and ``candidates(name, including, paths) -> list[Path]`` (the
files a literal name may mean, in the engine's lookup order).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import PurePath


@dataclass(frozen=True, slots=True)
class Tag:
    """One include-related tag: ``text[start:end]`` (for a paired tag, opening to closing)."""

    start: int
    end: int
    #: include | dynamic | extends | block | define | super | slot
    kind: str
    names: tuple[str, ...] = ()
    #: ``text[body[0]:body[1]]``: a block's content, a partial block's or parent's body.
    body: tuple[int, int] | None = None
    #: ``ignore missing`` (Jinja), a Handlebars partial block's fallback.
    optional: bool = False
    #: mj-include ``type``: "" (MJML), "html" or "css".
    mode: str = ""
    #: A Go ``{{template}}`` call: looked up among defines only, never as a file.
    by_name: bool = False


#: Engine per template extension (the outermost wrapper decides).
BY_EXTENSION = {
    ".mjml": "mjml", ".j2": "jinja", ".jinja": "jinja", ".jinja2": "jinja", ".twig": "twig", ".njk": "nunjucks",
    ".nunjucks": "nunjucks", ".hbs": "handlebars", ".handlebars": "handlebars", ".mustache": "mustache",
    ".liquid": "liquid", ".erb": "erb", ".tmpl": "go", ".gotmpl": "go", ".gohtml": "go",
}
_GO = re.compile(r"\{\{-?\s*(?:template|define|block)\s+\"")
_HANDLEBARS = re.compile(r"\{\{~?[#]?\s*[><]")
_ERB = re.compile(r"<%")
_LIQUID = re.compile(r"\{%-?\s*(?:render|include_relative|layout)\b|\A---[ \t]*\n(?:[^\n]*\n){0,40}?layout\s*:")
_JINJA = re.compile(r"\{%-?\s*(?:include|extends|import|from|embed|block)\b|\{\{-?\s*(?:include|source)\s*\(")


def engines_for(name: str, text: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The engines a file named *name* uses: ``(from its extensions, from its content)``."""
    named: list[str] = []
    lowered = PurePath(name).name.lower()
    for suffix in PurePath(lowered).suffixes[::-1]:
        engine = BY_EXTENSION.get(suffix)
        if engine and engine not in named:
            named.append(engine)
    sniffed: list[str] = ["mjml"] if "<mj-include" in text else []
    for engine, pattern in (("go", _GO), ("handlebars", _HANDLEBARS), ("liquid", _LIQUID), ("jinja", _JINJA),
                            ("erb", _ERB)):
        if pattern.search(text):
            sniffed.append(engine)
            break
    return tuple(sorted(named, key=lambda e: e != "mjml")), tuple(sniffed)


def literal(argument: str) -> str | None:
    """The string of a quoted literal argument (``"x"`` or ``'x'``), else None."""
    argument = argument.strip()
    if len(argument) >= 2 and argument[0] == argument[-1] and argument[0] in "\"'":
        inner = argument[1:-1]
        if argument[0] not in inner and "{{" not in inner and "#{" not in inner:
            return inner
    return None


def mask(text: str, spans: Sequence[tuple[int, int]]) -> str:
    """*text* with each ``(start, end)`` span blanked (offsets kept)."""
    if not spans:
        return text
    parts: list[str] = []
    cursor = 0
    for start, end in spans:
        parts.append(text[cursor:start])
        parts.append(re.sub(r"[^\n]", " ", text[start:end]))
        cursor = end
    parts.append(text[cursor:])
    return "".join(parts)


def matches_in(text: str, opener: str, closer: str, pattern: re.Pattern[str]) -> list[re.Match[str]]:
    """*pattern* matched in full on each ``opener ... closer`` span of *text*: a linear scan
    (a lazy regex over the whole text is quadratic on openers left unclosed)."""
    found = []
    for start, end in spans_between(text, opener, closer):
        match = pattern.fullmatch(text, start, end)
        if match:
            found.append(match)
    return found


def spans_between(text: str, opener: str, closer: str) -> list[tuple[int, int]]:
    """``(start, end)`` of every ``opener ... closer`` span (linear scan)."""
    spans, at = [], text.find(opener)
    while at >= 0:
        close = text.find(closer, at + len(opener))
        if close < 0:
            break
        spans.append((at, close + len(closer)))
        at = text.find(opener, close + len(closer))
    return spans
