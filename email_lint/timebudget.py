"""A time budget for one piece of work (one file, one message): past it, the work is stopped.

``with time_limit(10): ...`` raises :class:`TimeBudgetExceeded` in the block once 10 seconds
have passed. It uses ``SIGALRM`` (``signal.setitimer``) in the main thread, so it stops
Python code and regular-expression scans alike (the regex engine checks for signals); a
call into C that never returns to Python (one libxml2 parse) ends before the exception
is raised. Elsewhere (another thread, Windows) the block runs without a limit. Budgets
nest: an outer one still fires, at the latest when the inner block ends.

The exception derives from :class:`BaseException`, like :class:`KeyboardInterrupt`, so
a reader's or a rule's ``except Exception`` cannot swallow it.
"""

from __future__ import annotations

import signal
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType

#: ``--timeout`` when none is given: generous, a real template takes milliseconds.
DEFAULT_SECONDS = 10.0


class TimeBudgetExceeded(BaseException):
    """The work took longer than its budget."""

    def __init__(self, seconds: float):
        super().__init__(f"took longer than {format_seconds(seconds)} s")
        self.seconds = seconds


def format_seconds(seconds: float) -> str:
    """``10`` for 10.0, ``0.5`` for 0.5."""
    return f"{seconds:g}"


def available() -> bool:
    """Whether :func:`time_limit` can enforce a budget here (POSIX, main thread)."""
    return hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()


@contextmanager
def time_limit(seconds: float | None) -> Iterator[None]:
    """Raise :class:`TimeBudgetExceeded` inside the block after *seconds* (None or 0: no limit)."""
    if not seconds or seconds <= 0 or not available():
        yield
        return

    def on_alarm(_signum: int, _frame: FrameType | None) -> None:
        raise TimeBudgetExceeded(seconds)

    previous_handler = signal.signal(signal.SIGALRM, on_alarm)
    outer_delay, outer_interval = signal.setitimer(signal.ITIMER_REAL, seconds)
    began = time.monotonic()
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous_handler)
        if outer_delay > 0:  # an enclosing budget: re-armed with what is left of it
            left = outer_delay - (time.monotonic() - began)
            signal.setitimer(signal.ITIMER_REAL, max(left, 1e-6), outer_interval)
