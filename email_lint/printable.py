"""Show a path or message on one terminal line: control characters escaped.

A file may be named ``a.html\\n b.html:1:1: EL002 ...``: printed as is, its name would
forge a finding line. Every control character (C0, DEL, C1, and the Unicode line and
paragraph separators) is written as a Python-style escape (``\\n``, ``\\x1b``,
``\\u2028``), and a backslash as two only where it would otherwise read as one of those.
The github format escapes its own way (``%0A``), as its runner expects.
"""

from __future__ import annotations

import re

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def printable(text: str) -> str:
    """*text* with its control characters escaped (unchanged when it has none)."""
    if not _CONTROL.search(text):
        return text
    return _CONTROL.sub(_escape, text)


def _escape(match: re.Match[str]) -> str:
    char = match.group(0)
    if char in _NAMED:
        return _NAMED[char]
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"
