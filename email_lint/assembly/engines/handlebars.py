"""Handlebars and Mustache partials: ``{{> name}}``, ``{{> "name" arg}}``, partial blocks
``{{#> layout}}...{{/layout}}`` (the layout shows the body at ``{{> @partial-block}}``),
inline partials ``{{#*inline "name"}}...{{/inline}}``, Mustache parents
``{{< parent}}{{$block}}...{{/block}}{{/parent}}``; ``{{> (expr)}}`` is dynamic.

Partials are looked up by name (a path without extension) in the including file's folder,
the configured partials folders and ``partials/``, ``views/partials/``, with ``.hbs``,
``.handlebars``, ``.mustache`` or the including file's own extension.
"""

from __future__ import annotations

import re
from pathlib import Path

from email_lint.assembly.engines import Tag, mask, matches_in, spans_between
from email_lint.assembly.search import SearchPaths, joined, template_extensions, with_extensions

_TAG = re.compile(r"\{\{~?\s*(#\s*>|#\*\s*inline|>|<|\$|/)\s*((?:\([^)]*\))|\"[^\"]*\"|'[^']*'|\[[^\]]*\]|"
                  r"[@\w./-]+)([^}]*?)~?\}\}")
_EXTENSIONS = (".hbs", ".handlebars", ".mustache", ".html", ".html.hbs", ".html.handlebars", ".txt.hbs")


def _name(raw: str) -> str | None:
    if raw.startswith("("):
        return None
    if raw[:1] in "\"'[" and len(raw) >= 2:
        return raw[1:-1]
    return raw


def scan(text: str) -> list[Tag]:
    comments = spans_between(text, "{{!--", "--}}")
    visible = mask(text, comments)
    visible = mask(visible, spans_between(visible, "{{!", "}}"))
    tags: list[Tag] = []
    stack: list[tuple[str, int, int, str]] = []
    for match in matches_in(visible, "{{", "}}", _TAG):
        sigil, raw = re.sub(r"\s+", "", match.group(1)), match.group(2)
        name = _name(raw)
        if sigil == ">":
            if name == "@partial-block":
                tags.append(Tag(match.start(), match.end(), "slot"))
            elif name is None:
                tags.append(Tag(match.start(), match.end(), "dynamic", (match.group(0),)))
            else:
                tags.append(Tag(match.start(), match.end(), "include", (name,)))
        elif sigil in ("#>", "<", "$", "#*inline"):
            if sigil == "#*inline":
                name = _name(raw)
            stack.append((sigil, match.start(), match.end(), name or raw))
        elif sigil == "/" and stack:
            for depth in range(len(stack) - 1, -1, -1):
                if stack[depth][3] == raw or (stack[depth][0] == "#*inline" and raw == "inline"):
                    break
            else:
                continue
            opener, start, content, opened = stack[depth]
            del stack[depth:]
            body = (content, match.start())
            if opener == "$":
                tags.append(Tag(start, match.end(), "block", (opened,), body=body))
            elif opener == "#*inline":
                tags.append(Tag(start, match.end(), "define", (opened,), body=body))
            elif opened.startswith("("):
                tags.append(Tag(start, match.end(), "dynamic", (opened,), body=body, optional=True))
            else:  # {{#> layout}}body{{/layout}} and Mustache {{< parent}}...{{/parent}}
                tags.append(Tag(start, match.end(), "include", (_name(opened) or opened,), body=body,
                                optional=opener == "#>"))
    return sorted(tags, key=lambda t: (t.start, -t.end))


def candidates(name: str, including: Path, paths: SearchPaths) -> list[Path]:
    names = with_extensions(name, (*template_extensions(including), *_EXTENSIONS))
    folders = [including.parent, *paths.partials_dirs, *paths.template_dirs]
    for folder in paths.ancestors(including):
        folders.extend((folder / "partials", folder / "views" / "partials", folder))
    folders.extend(paths.shared("partials", "views/partials", "templates"))
    return joined(folders, names)
