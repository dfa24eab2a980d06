"""Jinja, Twig and Nunjucks: ``{% include %}`` (lists, ``ignore missing``, ``with``/``only``),
Twig's ``{{ include() }}``, and ``{% extends %}`` with ``{% block %}`` overriding
(``{{ super() }}``, Twig ``{{ parent() }}``, Django ``{{ block.super }}``).

Names are relative to the loader's search path, which static reading cannot know: they are
tried from the including file's folder and each parent up to the project root, then in the
configured and conventional template folders; Nunjucks ``./x`` is relative to the file.
"""

from __future__ import annotations

import re
from pathlib import Path

from email_lint.assembly.engines import Tag, literal, mask, matches_in, spans_between
from email_lint.assembly.search import SearchPaths, joined, template_extensions, unique

_STATEMENT = re.compile(r"\{%[-+~]?\s*(include|extends|block|endblock|embed|endembed|raw|endraw|verbatim|"
                        r"endverbatim)\b(.*?)[-+~]?%\}", re.S)
_FUNCTION = re.compile(r"\{\{[-~]?\s*(include|source|super|parent|block\.super)\s*(\((.*?)\))?\s*[-~]?\}\}", re.S)
_ARGUMENT = re.compile(r"""^\s*(\[[^\]]*\]|"[^"]*"|'[^']*'|\S+)(.*)$""", re.S)
#: Starts where a run of white space starts (retried inside one, it was quadratic).
_LIST_ITEM = re.compile(r"""(?<!\s)\s*+("[^"]*+"|'[^']*+')\s*+,?""")
_SELF_CLOSING_BLOCK_WORDS = {"", "scoped", "required", "scoped required", "required scoped"}


def _names(argument: str) -> tuple[tuple[str, ...] | None, str]:
    """The literal names of an include/extends argument (None: dynamic) and the rest."""
    match = _ARGUMENT.match(argument)
    if not match:
        return None, ""
    head, rest = match.group(1), match.group(2)
    if head.startswith("["):
        items = _LIST_ITEM.findall(head[1:-1])
        names = tuple(literal(item) for item in items)
        if not items or any(n is None for n in names):
            return None, rest
        return tuple(n for n in names if n is not None), rest
    name = literal(head)
    return ((name,) if name is not None else None), rest


def scan(text: str) -> list[Tag]:
    visible = mask(text, spans_between(text, "{#", "#}"))
    tags: list[Tag] = []
    stack: list[tuple[str, int, int, str]] = []  # (kind, start, content start, name)
    raw_until = None
    for match in matches_in(visible, "{%", "%}", _STATEMENT):
        word, argument = match.group(1), match.group(2)
        if raw_until is not None:
            if word == raw_until:
                raw_until = None
            continue
        if word in ("raw", "verbatim"):
            raw_until = "end" + word
            continue
        if word in ("include", "extends", "embed"):
            names, rest = _names(argument)
            if word == "embed":
                stack.append(("embed", match.start(), match.end(), "|".join(names or ())))
                continue
            kind = word if names is not None else "dynamic"
            tags.append(Tag(match.start(), match.end(), kind if kind != "include" else "include",
                            names or (argument.strip(),), optional="ignore missing" in rest))
        elif word == "block":
            parts = argument.split(None, 1)
            name = parts[0] if parts else ""
            extra = parts[1].strip() if len(parts) > 1 else ""
            if extra not in _SELF_CLOSING_BLOCK_WORDS:  # Twig's short form {% block title "x" %}
                tags.append(Tag(match.start(), match.end(), "block", (name,), body=(match.end(), match.end())))
                continue
            stack.append(("block", match.start(), match.end(), name))
        elif word in ("endblock", "endembed") and stack:
            kind, start, content, name = stack.pop()
            if kind == "block":
                tags.append(Tag(start, match.end(), "block", (name,), body=(content, match.start())))
            elif name:
                tags.append(Tag(start, match.end(), "include", tuple(name.split("|")), body=(content, match.start())))
    for match in matches_in(visible, "{{", "}}", _FUNCTION):
        word, call = match.group(1), match.group(3)
        if word in ("super", "parent", "block.super"):
            if word == "block.super" or match.group(2):
                tags.append(Tag(match.start(), match.end(), "super"))
            continue
        if call is None:
            continue
        names, _ = _names(call.split(",", 1)[0] if not call.lstrip().startswith("[") else call)
        optional = "ignore_missing" in call and "true" in call.split("ignore_missing", 1)[1][:12]
        tags.append(Tag(match.start(), match.end(), "include" if names else "dynamic",
                        names or (call.strip(),), optional=optional))
    return sorted(tags, key=lambda t: (t.start, -t.end))


def candidates(name: str, including: Path, paths: SearchPaths) -> list[Path]:
    if name.startswith("@"):  # Twig namespace: @Emails/footer.html.twig
        namespace, _, rest = name[1:].partition("/")
        names = [rest, f"{namespace}/{rest}", f"{namespace.lower()}/{rest}"]
    else:
        names = [name.lstrip("/")]
    if name.startswith(("./", "../")):
        return unique([(including.parent / name).resolve()])
    extended = [n for base in names for n in (base, *(base + e for e in template_extensions(including)
                                                         if "." not in Path(base).name))]
    return joined([*paths.ancestors(including), *paths.shared("templates")], extended)
