"""A one-line progress bar on stderr, for long runs on a terminal only.

Nothing is drawn when the stream is not a terminal (CI logs, pipes, pre-commit) or when
the run ends within ``delay`` seconds; the line is cleared before anything else is written
on the terminal and at the end, so the output is the same as without a bar.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from typing import TextIO

WIDTH = 30


class Progress:
    """Counts checked files and redraws at most ten times a second once the run is long."""

    def __init__(self, total: int, stream: TextIO | None = None, *, delay: float = 1.0,
                 clock: Callable[[], float] = time.monotonic):
        self.total = total
        self.stream = stream if stream is not None else sys.stderr
        self.clock = clock
        self.delay = delay
        self.done = 0
        self.drawn = False
        self._start = clock()
        self._last = float("-inf")
        isatty = getattr(self.stream, "isatty", None)
        self.enabled = total > 1 and bool(isatty and isatty())

    def advance(self, count: int = 1) -> None:
        self.done += count
        if not self.enabled:
            return
        now = self.clock()
        if now - self._start < self.delay or (now - self._last < 0.1 and self.done < self.total):
            return
        self._last = now
        filled = WIDTH * self.done // max(self.total, 1)
        self.stream.write(f"\r[{'#' * filled}{'.' * (WIDTH - filled)}] {self.done}/{self.total} files")
        self.stream.flush()
        self.drawn = True

    def close(self) -> None:
        """Clear the bar's line (before other output; a later :meth:`advance` draws it again)."""
        if self.drawn:
            self.stream.write("\r\x1b[2K")
            self.stream.flush()
            self.drawn = False
