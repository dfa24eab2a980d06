"""Go templates: ``{{template "name" .}}`` runs the ``{{define "name"}}...{{end}}`` of that
name, ``{{block "name" .}}default{{end}}`` is a define used in place; definitions come from
the entry file first, then its sibling files (the ones a ``ParseGlob`` of the folder loads)
and the configured template folders."""

from __future__ import annotations

import re

from email_lint.assembly.engines import Tag, mask, matches_in, spans_between

_ACTION = re.compile(r"\{\{-?\s*(template|define|block|if|range|with|end)\b\s*(?:\"([^\"]*)\"|`([^`]*)`)?"
                     r"[^}]*?-?\}\}")
#: Extensions of sibling files searched for definitions.
EXTENSIONS = (".tmpl", ".gotmpl", ".gohtml", ".tpl", ".html", ".txt", ".mjml")


def scan(text: str) -> list[Tag]:
    visible = mask(text, spans_between(text, "{{/*", "*/}}"))
    visible = mask(visible, spans_between(visible, "{{- /*", "*/ -}}"))
    tags: list[Tag] = []
    stack: list[tuple[str, int, int, str]] = []
    for match in matches_in(visible, "{{", "}}", _ACTION):
        word = match.group(1)
        name = match.group(2) if match.group(2) is not None else match.group(3)
        if word == "template":
            if name is None:
                tags.append(Tag(match.start(), match.end(), "dynamic", (match.group(0),)))
            else:
                tags.append(Tag(match.start(), match.end(), "include", (name,), by_name=True))
        elif word == "end":
            if stack:
                kind, start, content, opened = stack.pop()
                if kind in ("define", "block") and opened:
                    tags.append(Tag(start, match.end(), kind, (opened,), body=(content, match.start())))
        else:
            stack.append((word, match.start(), match.end(), name or ""))
    return sorted(tags, key=lambda t: (t.start, -t.end))


def definitions(tags: list[Tag]) -> dict[str, Tag]:
    """The defines (and blocks, which define too) of a scanned file, first of each name."""
    found: dict[str, Tag] = {}
    for tag in tags:
        if tag.kind in ("define", "block") and tag.names[0] not in found:
            found[tag.names[0]] = tag
    return found
