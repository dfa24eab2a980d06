"""A compiled scan in two builds, the one to use chosen by the text it reads.

Python's regex engine tests ``\\w``, ``\\W`` and ``\\s`` with calls into the Unicode database
(four for a space) at every character a scan passes, and a phrase or grammar scan passes
every character of the email; with ``re.ASCII`` the same tests are one table look-up and
the scan runs about a third faster. On a text whose characters outside ASCII are all
neither word characters nor white space ("€", "©", "·", an emoji: normalised text has its
accents folded away) the two builds find exactly the same matches: those tests are all that
differs between them (no scan pattern ignores case), and they agree on every character of
such a text. Such texts are scanned by the ASCII build; the others by the default build,
compiled on first need. Both keep their compiled code in the regex cache (``regex_cache.py``).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

from email_lint import regex_cache

#: One character outside ASCII (a class first: the engine skips to the next one in C).
_NON_ASCII = re.compile(r"[^\x00-\x7f]")
#: Added to a scan's cache key for its ASCII build.
_ASCII_KEY = "-ascii"


@lru_cache(maxsize=8)
def plain(text: str) -> bool:
    """Whether no character of *text* outside ASCII is a word character or white space (the
    texts the ASCII build reads as the default build does). Remembered for the last few texts:
    each phrase category asks about the same document text."""
    if text.isascii():
        return True
    return not any(char.isalnum() or char.isspace() for char in set(_NON_ASCII.findall(text)))


class Scanner:
    """One scan pattern (no ``re.IGNORECASE``) under its regex cache key, compiled per build
    on first use. The pattern may be given as a function that builds its source: then the key
    must name the source exactly, and a stored build is used without building the source."""

    __slots__ = ("_ascii", "_default", "_source", "key")

    def __init__(self, key: str, pattern: str | Callable[[], str]):
        self.key = key
        self._source = pattern
        self._ascii: re.Pattern[str] | None = None
        self._default: re.Pattern[str] | None = None

    @property
    def pattern(self) -> str:
        """The regex source (built now when it was given as a function)."""
        if callable(self._source):
            self._source = self._source()
        return self._source

    def _build(self, key: str, flags: int) -> re.Pattern[str]:
        if callable(self._source):
            stored = regex_cache.load(key)
            if stored is not None and stored.flags & re.ASCII == flags & re.ASCII:
                return stored
        return regex_cache.compile_stored(key, self.pattern, flags)

    @staticmethod
    def cached(key: str) -> bool:
        """Whether the build most texts need of the scan stored under *key* is in the regex cache."""
        return regex_cache.has(key + _ASCII_KEY)

    def ascii(self) -> re.Pattern[str]:
        if self._ascii is None:
            self._ascii = self._build(self.key + _ASCII_KEY, re.ASCII)
        return self._ascii

    def default(self) -> re.Pattern[str]:
        if self._default is None:
            self._default = self._build(self.key, 0)
        return self._default

    def for_text(self, text: str) -> re.Pattern[str]:
        """The build that scans *text* fastest with the default build's results."""
        return self.ascii() if plain(text) else self.default()

    def compile(self) -> None:
        """Both builds now (for long-lived processes: no compile on a later scan)."""
        self.ascii()
        self.default()
