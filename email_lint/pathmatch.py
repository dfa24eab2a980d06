"""Gitignore-style path patterns, relative to a base folder (the configuration file's, as in ruff).

One :class:`PatternSet` serves ``exclude``, ``include``, ``per-file-ignores``, override
``files`` and ``.gitignore`` files alike. Sets of plain names and ``*`` globs without a slash
(the default excludes and includes, most ``.gitignore`` files) are matched name by name, which
is exactly git's meaning for them; anything else goes to the ``pathspec`` library, imported
(about 10 ms) only then, so a pre-commit run on one file never pays for it.
"""

from __future__ import annotations

from fnmatch import fnmatchcase
from functools import cached_property
from pathlib import Path

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
    def _simple(self) -> tuple[tuple[str, bool], ...] | None:
        """``(name glob, folders only)`` per pattern when every pattern is a bare name, else None."""
        simple = []
        for pattern in self.patterns:
            folders_only = pattern.endswith("/")
            body = pattern[:-1] if folders_only else pattern
            if not body or body.strip() != body or "**" in body or _NOT_SIMPLE.intersection(body):
                return None
            simple.append((body, folders_only))
        return tuple(simple)

    @cached_property
    def _spec(self):
        import pathspec

        return pathspec.GitIgnoreSpec.from_lines(self.patterns)

    def relative(self, path: Path) -> str:
        """*path* (absolute) relative to the base; a path outside it keeps its full form."""
        try:
            text = path.relative_to(self.base).as_posix()
        except ValueError:
            text = path.as_posix().lstrip("/")
        return text.lower() if self.fold_case else text

    def decide(self, path: Path, is_dir: bool = False) -> bool | None:
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
        parts = relative.split("/")
        last = len(parts) - 1
        for glob, folders_only in simple:
            for index, part in enumerate(parts):
                if (index < last or is_dir or not folders_only) and fnmatchcase(part, glob):
                    return True
        return None

    def matches(self, path: Path, is_dir: bool = False) -> bool:
        return bool(self.decide(path, is_dir))
