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
_LIQUID = re.compile(r"\{%-?\s*(?:render|include_relative|layout)\b")
#: Front matter naming a layout (matched at the start of the text only).
_LIQUID_FRONT_MATTER = re.compile(r"---[ \t]*\n(?:[^\n]*\n){0,40}?layout\s*:")
_JINJA = re.compile(r"\{%-?\s*(?:include|extends|import|from|embed|block)\b|\{\{-?\s*(?:include|source)\s*\(")


def engines_named(name: str) -> tuple[str, ...]:
    """The engines the extensions of a file named *name* say (MJML first)."""
    named: list[str] = []
    lowered = PurePath(name).name.lower()
    for suffix in PurePath(lowered).suffixes[::-1]:
        engine = BY_EXTENSION.get(suffix)
        if engine and engine not in named:
            named.append(engine)
    return tuple(sorted(named, key=lambda e: e != "mjml"))


def engine_sniffed(text: str) -> str | None:
    """The first engine whose include syntax *text* shows (``<mj-include`` aside: the caller
    tests it). Each pattern runs only when the text holds the delimiter it starts with (a
    search in C: most texts hold few of them)."""
    curly, percent = "{{" in text, "{%" in text
    if curly and _GO.search(text):
        return "go"
    if curly and _HANDLEBARS.search(text):
        return "handlebars"
    if (percent and _LIQUID.search(text)) or (text.startswith("---") and _LIQUID_FRONT_MATTER.match(text)):
        return "liquid"
    if (percent or curly) and _JINJA.search(text):
        return "jinja"
    if "<%" in text:
        return "erb"
    return None


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
