"""ERB (Rails): ``<%= render "x" %>``, ``render partial: "x"``, ``render "shared/x"``
(the partial file is ``_x`` with the view's format and handler: ``_x.html.erb`` in the
same folder, or ``app/views/shared/_x.html.erb``), ``render template: "x/y"``; the mailer
layout (``app/views/layouts/<mailer>.html.erb``, else ``mailer.html.erb``) wraps a view at
``<%= yield %>``. ``render @object`` or a variable is dynamic."""

from __future__ import annotations

import re
from pathlib import Path

from email_lint.assembly.engines import Tag, literal, matches_in
from email_lint.assembly.search import SearchPaths, joined

_RENDER = re.compile(r"<%[=-]?\s*render\s*\(?\s*(.*?)\s*\)?\s*-?%>", re.S)
_KEYWORD = re.compile(r"""^(?:(partial|template|layout)\s*:\s*|:(partial|template|layout)\s*=>\s*)(.*)$""", re.S)
_YIELD = re.compile(r"<%=\s*yield\s*(?:\(\s*\)|:?\s*)?-?%>")


def scan(text: str) -> list[Tag]:
    tags: list[Tag] = []
    for match in matches_in(text, "<%", "%>", _RENDER):
        argument = match.group(1)
        keyword = _KEYWORD.match(argument)
        option = "partial"
        if keyword:
            option = keyword.group(1) or keyword.group(2)
            argument = keyword.group(3)
        head = re.split(r",|\s", argument.strip(), maxsplit=1)[0]
        name = literal(head)
        if name is None:
            tags.append(Tag(match.start(), match.end(), "dynamic", (match.group(0),)))
        else:
            tags.append(Tag(match.start(), match.end(), "include", (name,), mode=option))
    for match in matches_in(text, "<%", "%>", _YIELD):
        tags.append(Tag(match.start(), match.end(), "slot"))
    return sorted(tags, key=lambda t: (t.start, -t.end))


def views_root(including: Path, paths: SearchPaths) -> Path | None:
    for folder in paths.ancestors(including):
        if folder.name == "views":
            return folder
    for folder in (paths.root / "app" / "views", paths.root / "views"):
        if folder.is_dir():
            return folder
    return None


def _formats(including: Path) -> list[str]:
    """``welcome.html.erb`` -> [".html.erb", ".erb"]; a text part keeps ``.text.erb``."""
    suffixes = [s.lower() for s in including.suffixes]
    found = []
    if len(suffixes) >= 2:
        found.append("".join(suffixes[-2:]))
    found.extend([".html.erb", ".text.erb", ".erb"])
    return list(dict.fromkeys(found))


def candidates(name: str, including: Path, paths: SearchPaths, option: str = "partial") -> list[Path]:
    folder, _, base = name.rpartition("/")
    stem = base if option != "partial" or base.startswith("_") else f"_{base}"
    names = [f"{folder}/{stem}{ext}".lstrip("/") for ext in _formats(including)]
    if "." in base:
        names.insert(0, f"{folder}/{stem}".lstrip("/"))
    root = views_root(including, paths)
    folders = [including.parent] if not folder else []
    if root is not None:
        folders.append(root)
        if not folder:
            folders.append(root / "application")
    folders.extend([*paths.partials_dirs, *paths.template_dirs])
    return joined(folders, names)


def layout_candidates(including: Path, paths: SearchPaths) -> list[Path]:
    """The Rails mailer layout a view in ``app/views/<mailer>/`` is rendered in."""
    root = views_root(including, paths)
    if root is None or not including.is_relative_to(root) or including.parent == root:
        return []
    if including.name.startswith("_") or including.parent.name == "layouts":
        return []
    mailer = including.parent.name
    extensions = _formats(including)[:1]
    return joined([root / "layouts"], [f"{stem}{ext}" for stem in (mailer, "mailer") for ext in extensions])
