"""Template files read once per run: text, line index and parsed tags, keyed by path and
modification stamp (a file changed on disk is read again).

The cache is bounded (least recently used out first): finding the partials reads every
walked template, and keeping them all would make memory grow with the number of files. A
shared footer or layout, used by template after template, stays.
"""

from __future__ import annotations

import os
import stat
from bisect import bisect_right
from collections import Counter, OrderedDict
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from email_lint.decoding import UndecodableError, decode_bytes

if TYPE_CHECKING:
    from email_lint.assembly.engines import Tag

    #: ``(tags with their engine, their start offsets, the extends tags)``, sorted by position.
    ScannedTags = tuple[list[tuple[str, Tag]], list[int], list[tuple[str, Tag]]]

#: A partial larger than this is not followed (the entry itself is bounded by max-file-size).
MAX_PARTIAL_BYTES = 5 * 1024 * 1024
#: Characters of template text the cache keeps at most (a file larger than this is not kept).
MAX_CACHED_CHARS = 2 * 1024 * 1024
#: What an entry costs beyond its text (so unreadable files count too).
_ENTRY_COST = 64


@dataclass
class SourceFile:
    """One template file's text and what was found in it."""

    path: Path
    display: str
    text: str
    #: Per-syntax memo of the scanned tags (see :mod:`email_lint.assembly.syntax`).
    tags: dict[tuple[str, ...], ScannedTags] = field(default_factory=dict, repr=False)

    @cached_property
    def line_starts(self) -> list[int]:
        """Offsets where each line starts (line n starts at ``line_starts[n - 1]``); made on
        first use: most files read while looking for partials include nothing."""
        starts = [0]
        find = self.text.find
        at = find("\n")
        while at >= 0:
            starts.append(at + 1)
            at = find("\n", at + 1)
        return starts

    def position(self, offset: int) -> tuple[int, int]:
        """1-based ``(line, column)`` of *offset*."""
        index = bisect_right(self.line_starts, offset) - 1
        return index + 1, offset - self.line_starts[index] + 1


class FileCache:
    """Reads each template file once; counts the reads (for tests and statistics)."""

    def __init__(self, max_chars: int = MAX_CACHED_CHARS) -> None:
        self._files: OrderedDict[Path, tuple[tuple[int, int], SourceFile | None]] = OrderedDict()
        self._size = 0
        self.max_chars = max_chars
        self._exists: dict[Path, bool] = {}
        #: How many times each file was read (a shared footer: once per run).
        self.reads: Counter[Path] = Counter()

    def is_file(self, path: Path) -> bool:
        known = self._exists.get(path)
        if known is None:
            known = self._exists[path] = path.is_file()
        return known

    def get(self, path: Path, display: str) -> SourceFile | None:
        """The file at *path* (an absolute path), or None when it cannot be read as text."""
        try:
            info = os.stat(path)
        except OSError:
            return None
        if not stat.S_ISREG(info.st_mode):  # never open a FIFO or a device
            return None
        stamp = (info.st_mtime_ns, info.st_size)
        cached = self._files.get(path)
        if cached is not None and cached[0] == stamp:
            self._files.move_to_end(path)
            return cached[1]
        source = None
        if info.st_size <= MAX_PARTIAL_BYTES:
            self.reads[path] += 1
            try:
                text, _ = decode_bytes(path.read_bytes())
                source = SourceFile(path, display, text)
            except (OSError, UndecodableError):
                source = None
        self._keep(path, stamp, source)
        return source

    def _keep(self, path: Path, stamp: tuple[int, int], source: SourceFile | None) -> None:
        """Remember *source*, forgetting the least recently used files past the budget."""
        old = self._files.pop(path, None)
        if old is not None:
            self._size -= _cost(old[1])
        cost = _cost(source)
        if cost > self.max_chars:
            return
        self._files[path] = (stamp, source)
        self._size += cost
        while self._size > self.max_chars:
            _, (_, dropped) = self._files.popitem(last=False)
            self._size -= _cost(dropped)

    def entry(self, path: Path, display: str, text: str) -> SourceFile:
        """The entry template, already read by the caller."""
        return SourceFile(path, display, text)


def _cost(source: SourceFile | None) -> int:
    return _ENTRY_COST + (len(source.text) if source is not None else 0)


#: The run's cache (one per process: worker processes each keep their own).
CACHE = FileCache()
