"""Process exit codes: a contract other tooling reads."""

from enum import IntEnum


class ExitCode(IntEnum):
    """How a run ended."""

    OK = 0
    """Every checked file is clean."""
    VIOLATIONS = 1
    """At least one violation was reported."""
    ERROR = 2
    """Usage, configuration, plugin or read error (possibly alongside violations), or the
    report could not be written."""
    INTERRUPTED = 130
    """Stopped by Ctrl-C (SIGINT): 128 + the signal number, as shells report it."""
