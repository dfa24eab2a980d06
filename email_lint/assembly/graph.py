"""Entry templates versus partials: which files are only parts of other emails.

A file is a partial when another template includes, extends or renders it (found by
assembling the templates that show include syntax), when it lies in a ``partials-dirs``
folder or a conventional one (``partials/``, ``layouts/``, ``_includes/``, ``snippets/``...),
or when its name starts with ``_`` (``_footer.html.erb``).
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path

from email_lint.assembly import cache as cache_module
from email_lint.assembly.cache import FileCache
from email_lint.assembly.expand import Expander
from email_lint.assembly.search import SearchPaths
from email_lint.formats import DEFAULT_INCLUDE
from email_lint.readers import has_include_syntax

#: Files read, at most, when looking for the templates that include one partial.
MAX_SCANNED = 5000
_DOCUMENT = re.compile(r"<(?:html|body|mjml)\b|<!doctype", re.I)
_SKIP_DIRS = frozenset({".git", ".hg", ".svn", "node_modules", ".venv", "venv", "__pycache__", ".tox",
                        "build", "dist"})


def by_convention(path: Path, paths: SearchPaths) -> bool:
    """Named or placed like a partial: ``_footer.html``, ``partials/``, a configured partials dir."""
    return path.name.startswith("_") or paths.is_partial_folder(Path(os.path.abspath(path)))


def is_fragment(text: str) -> bool:
    """Markup without a document around it (no ``<html>``, ``<body>``, ``<mjml>``)."""
    return not _DOCUMENT.search(text[:200_000])


def included_files(path: Path, paths: SearchPaths, cache: FileCache | None = None) -> list[Path]:
    """The files the template at *path* is assembled from (itself excluded)."""
    cache = cache or cache_module.CACHE
    absolute = Path(os.path.abspath(path))
    source = cache.get(absolute, str(path))
    if source is None:
        return []
    rails_view = absolute.name.endswith(".erb") and "views" in absolute.parts[:-1]
    if not has_include_syntax(source.text) and not rails_view:
        return []
    expander = Expander(source, paths, cache)
    expander.run()
    used = []
    for display in expander.files[1:]:
        used.append(Path(os.path.abspath(display)))
    return used


def partials_among(files: Iterable[Path], paths_for: Callable[[Path], SearchPaths],
                   cache: FileCache | None = None,
                   included: Mapping[Path, list[Path]] | None = None) -> dict[Path, list[Path]]:
    """Partials among *files* (walked together): ``{partial: [including files]}``.
    *included* gives each file's :func:`included_files` when they are known already;
    *paths_for* gives the search paths of a file's folder (asked once per folder here)."""
    cache = cache or cache_module.CACHE
    files = list(files)
    absolute: dict[Path, Path] | None = None  # made when some file includes another
    found: dict[Path, list[Path]] = {}
    for file in files:
        uses = included[file] if included is not None else included_files(file, paths_for(file), cache)
        if uses and absolute is None:
            absolute = {Path(os.path.abspath(f)): f for f in files}
        for used in uses:
            if absolute is not None and used in absolute and used != Path(os.path.abspath(file)):
                found.setdefault(absolute[used], []).append(file)
    in_partial_folder: dict[Path, bool] = {}  # by folder: the search paths and the verdict are the folder's
    for file in files:
        if file in found:
            continue
        if file.name.startswith("_"):
            found[file] = []
            continue
        verdict = in_partial_folder.get(file.parent)
        if verdict is None:
            verdict = in_partial_folder[file.parent] = by_convention(file, paths_for(file))
        if verdict:
            found[file] = []
    return found


def includers_of(path: Path, paths: SearchPaths, cache: FileCache | None = None, limit: int = 3) -> list[Path]:
    """Templates under the project root that include *path* (at most *limit*)."""
    cache = cache or cache_module.CACHE
    target = Path(os.path.abspath(path))
    found: list[Path] = []
    scanned = 0
    for folder, dirs, names in os.walk(paths.root):
        dirs[:] = sorted(d for d in dirs if d not in _SKIP_DIRS and not d.startswith("."))
        for name in sorted(names):
            candidate = Path(folder) / name
            if candidate == target or not _is_template(name):
                continue
            scanned += 1
            if scanned > MAX_SCANNED:
                return found
            if target in included_files(candidate, paths, cache):
                found.append(Path(os.path.relpath(candidate)) if candidate.is_relative_to(Path.cwd()) else candidate)
                if len(found) >= limit:
                    return found
    return found


def _is_template(name: str) -> bool:
    from fnmatch import fnmatchcase

    lowered = name.lower()
    return any(fnmatchcase(lowered, glob) for glob in DEFAULT_INCLUDE)
