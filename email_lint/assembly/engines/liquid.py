"""Liquid: Shopify ``{% render 'x' %}`` / ``{% include 'x' %}`` (``snippets/x.liquid``),
Jekyll ``{% include footer.html %}`` (``_includes/``) and ``include_relative``, LiquidJS
``{% layout 'x' %}`` with blocks, and Jekyll front-matter ``layout: x`` (``_layouts/x.html``,
the page at ``{{ content }}``); ``{% include {{ var }} %}`` is dynamic."""

from __future__ import annotations

import re
from pathlib import Path

from email_lint.assembly.engines import Tag, jinja, literal, matches_in
from email_lint.assembly.search import SearchPaths, joined, template_extensions, with_extensions

_STATEMENT = re.compile(r"\{%-?\s*(render|include|include_relative|layout|comment|endcomment|raw|endraw)\b"
                        r"(.*?)-?%\}", re.S)
_CONTENT = re.compile(r"\{\{-?\s*(?:content|page\.content)\s*-?\}\}")
_FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?)^---[ \t]*\r?$\n?", re.S | re.M)
_LAYOUT_KEY = re.compile(r"^layout\s*:\s*[\"']?([^\"'\s#]+)", re.M)
_BARE_NAME = re.compile(r"^[\w./-]+$")


def scan(text: str) -> list[Tag]:
    tags: list[Tag] = []
    skip_until = None
    front = _FRONT_MATTER.match(text)
    if front:
        layout = _LAYOUT_KEY.search(front.group(1))
        if layout and layout.group(1).lower() not in ("none", "null", "false"):
            tags.append(Tag(0, front.end(), "extends", (layout.group(1),), mode="front-matter"))
        else:
            tags.append(Tag(0, front.end(), "define", ("front matter",), body=(0, 0)))
    for match in matches_in(text, "{%", "%}", _STATEMENT):
        word, argument = match.group(1), match.group(2).strip()
        if skip_until is not None:
            if word == skip_until:
                skip_until = None
            continue
        if word in ("comment", "raw"):
            skip_until = "end" + word
            continue
        if word.startswith("end"):
            continue
        head = re.split(r"[\s,]", argument, maxsplit=1)[0] if argument else ""
        name = literal(head)
        if name is None and word in ("include", "include_relative") and _BARE_NAME.match(head) and "." in head:
            name = head  # Jekyll: {% include footer.html %}
        if name is None:
            tags.append(Tag(match.start(), match.end(), "dynamic", (argument or match.group(0),)))
        elif word == "layout":
            tags.append(Tag(match.start(), match.end(), "extends", (name,)))
        else:
            mode = "relative" if word == "include_relative" else ""
            tags.append(Tag(match.start(), match.end(), "include", (name,), mode=mode))
    for match in _CONTENT.finditer(text):
        tags.append(Tag(match.start(), match.end(), "slot"))
    tags.extend(t for t in jinja.scan(text) if t.kind in ("block", "super"))
    return sorted(tags, key=lambda t: (t.start, -t.end))


def candidates(name: str, including: Path, paths: SearchPaths, layout: bool = False,
               relative: bool = False) -> list[Path]:
    names = with_extensions(name, (".liquid", *template_extensions(including), ".html"))
    if relative:
        return joined([including.parent], names)
    folders: list[Path] = [*paths.partials_dirs, *paths.template_dirs]
    for folder in paths.ancestors(including):
        if layout:
            folders.extend((folder / "_layouts", folder / "layouts", folder))
        else:
            folders.extend((folder / "snippets", folder / "_includes", folder / "includes", folder))
    folders.extend(paths.shared("_layouts", "layouts") if layout else paths.shared("snippets", "_includes", "includes"))
    return joined(folders, names)
