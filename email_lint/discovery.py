"""Expand the command line's paths into the files to check, in a stable order."""

from __future__ import annotations

import fnmatch
import os
from collections.abc import Iterator
from pathlib import Path

from email_lint.formats import DEFAULT_INCLUDE

#: Directories never entered by a directory walk.
SKIP_DIRS = frozenset({".git", ".hg", ".svn", "node_modules", ".venv", "venv", "__pycache__",
                       ".tox", ".mypy_cache", ".ruff_cache", ".pytest_cache", "build", "dist"})


def _included(name: str) -> bool:
    lowered = name.lower()
    return any(fnmatch.fnmatchcase(lowered, glob) for glob in DEFAULT_INCLUDE)


def _excluded(path: Path, patterns: tuple[str, ...]) -> bool:
    from email_lint.config import glob_match

    text = path.as_posix()
    return any(glob_match(text, p) or fnmatch.fnmatchcase(path.name, p) for p in patterns)


def iter_files(paths: tuple[str, ...], exclude: tuple[str, ...] = ()) -> Iterator[tuple[str, Path | None, str | None]]:
    """Yield ``(display path, path, error)``: files named explicitly are always checked;
    directories are walked for the template extensions (symbolic links to directories are
    not followed, so link loops cannot trap the walk)."""
    for raw in paths:
        path = Path(raw)
        if not os.path.lexists(raw):
            yield raw, None, f"{raw}: no such file or directory"
            continue
        if path.is_dir():
            yield from _walk(path, exclude)
            continue
        yield raw, path, None


def _walk(root: Path, exclude: tuple[str, ...]) -> Iterator[tuple[str, Path | None, str | None]]:
    errors: list[OSError] = []
    found: list[Path] = []
    for folder, dirs, files in os.walk(root, onerror=errors.append, followlinks=False):
        base = Path(folder)
        dirs[:] = sorted(d for d in dirs if d not in SKIP_DIRS and not _excluded(base / d, exclude))
        for name in files:
            candidate = base / name
            if _included(name) and not _excluded(candidate, exclude):
                found.append(candidate)
    for error in errors:
        yield str(error.filename), None, f"{error.filename}: cannot read directory: {error.strerror}"
    for path in sorted(found):
        yield str(path), path, None
