"""Gitignore-style path patterns, relative to a base folder (the configuration file's, as in ruff).

One :class:`PatternSet` serves ``exclude``, ``include``, ``per-file-ignores``, override
``files`` and ``.gitignore`` files alike. Sets of plain names and ``*`` globs without a slash
(the default excludes and includes, most ``.gitignore`` files) are matched name by name, which
is exactly git's meaning for them; anything else goes to the ``pathspec`` library, imported
(about 10 ms) only then, so a pre-commit run on one file never pays for it.
"""

from __future__ import annotations

import os
import re
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pathspec

#: Characters that make a pattern more than a name with ``*`` wildcards.
_NOT_SIMPLE = frozenset("/\\!?[]{}#")


class PatternSet:
    """Patterns with git's semantics: a pattern without a slash matches a name at any depth,
    one with a slash is anchored to *base*, ``dir/`` matches a folder and all below it,
    ``**`` spans folders, ``!pattern`` re-includes, the last matching pattern wins."""

    def __init__(self, patterns: tuple[str, ...], base: Path, *, fold_case: bool = False):
        self.patterns = tuple(p.lower() for p in patterns) if fold_case else tuple(patterns)
        self.base = base
        self.fold_case = fold_case

    def __bool__(self) -> bool:
        return bool(self.patterns)

    def __repr__(self) -> str:
        return f"PatternSet({self.patterns!r}, {self.base!s})"

    @cached_property
    def _simple(self) -> tuple[re.Pattern[str] | None, re.Pattern[str] | None] | None:
        """When every pattern is a bare name (``*`` wildcards, optional trailing ``/``): one regex
        for the names that match any path component, one for folder-only names. Else None."""
        anywhere: list[str] = []
        folders: list[str] = []
        for pattern in self.patterns:
            folders_only = pattern.endswith("/")
            body = pattern[:-1] if folders_only else pattern
            if not body or body.strip() != body or "**" in body or _NOT_SIMPLE.intersection(body):
                return None
            (folders if folders_only else anywhere).append(re.escape(body).replace(r"\*", "[^/]*"))
        return (
            re.compile(rf"(?:^|/)(?:{'|'.join(anywhere)})(?:/|$)") if anywhere else None,
            re.compile(rf"(?:^|/)(?:{'|'.join(folders)})/") if folders else None,
        )

    @cached_property
    def _spec(self) -> pathspec.GitIgnoreSpec:
        import pathspec

        return pathspec.GitIgnoreSpec.from_lines(self.patterns)

    @cached_property
    def _prefix(self) -> str:
        return str(self.base).rstrip("/") + "/"

    def relative(self, path: Path | str) -> str:
        """*path* (absolute) relative to the base; a path outside it keeps its full form."""
        text = str(path)
        prefix = self._prefix
        if text.startswith(prefix):
            text = text[len(prefix):]
        elif text + "/" == prefix:
            text = ""
        else:
            text = text.lstrip("/")
        if os.sep != "/":
            text = text.replace(os.sep, "/")
        return text.lower() if self.fold_case else text

    def decide(self, path: Path | str, is_dir: bool = False) -> bool | None:
        """True when the last matching pattern includes *path*, False when it is negated
        (``!pattern``), None when none matches."""
        if not self.patterns:
            return None
        relative = self.relative(path)
        if relative in ("", "."):
            return None
        simple = self._simple
        if simple is None:
            return self._spec.check_file(relative + "/" if is_dir else relative).include
        anywhere, folders = simple
        if anywhere is not None and anywhere.search(relative):
            return True
        if folders is not None and folders.search(relative + "/" if is_dir else relative):
            return True
        return None

    def matches(self, path: Path | str, is_dir: bool = False) -> bool:
        return bool(self.decide(path, is_dir))
