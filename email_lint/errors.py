"""Errors that end one file's check (read errors) or the whole run (usage errors)."""

from __future__ import annotations


class EmailLintError(Exception):
    """Base class: a user-facing problem reported as one line, never a traceback."""


class ReadError(EmailLintError):
    """A file could not be read or parsed into a document."""

    def __init__(self, path: str, reason: str):
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


class FileTooLarge(ReadError):
    """A file over ``max-file-size``: reported and skipped, never truncated."""


class ConfigError(EmailLintError):
    """A configuration file, directive or option is invalid."""


class PluginError(EmailLintError):
    """A plugin failed to load or collides with another one."""
