"""Notice DTD and entity declarations, which the readers never load, fetch or expand.

The XML parser runs with entity resolution, DTD loading and network access off, and
unknown ``&name;`` references are escaped before it sees them, so a declared entity
(``<!ENTITY x SYSTEM "file:///etc/passwd">``, a billion-laughs chain) stays inert text.
The file is still checked; the warning says why such a reference reads as written.
"""

from __future__ import annotations

import re

#: Stops at a "<" (possessive): "<!DOCTYPE<!DOCTYPE..." without ">" was scanned to the end of
#: the head from each DOCTYPE (quadratic).
_DOCTYPE = re.compile(r"<!DOCTYPE\b[^\[<>]*+(\[|>)", re.I)
_EXTERNAL = re.compile(r"\b(?:SYSTEM|PUBLIC)\b", re.I)
_ENTITY = re.compile(r"<!ENTITY\b", re.I)
_HEAD = 64 * 1024


def dtd_warning(source: str, external_counts: bool = False) -> str | None:
    """A warning when *source* declares entities (or, with *external_counts*, names an
    external DTD): they are ignored. None for an ordinary ``<!DOCTYPE html ...>``."""
    head = source[:_HEAD]
    doctype = _DOCTYPE.search(head)
    if doctype is None:
        return None
    declares = doctype.group(1) == "[" and _ENTITY.search(head, doctype.end()) is not None
    external = external_counts and _EXTERNAL.search(doctype.group(0)) is not None
    if not (declares or external):
        return None
    return ("the DOCTYPE declares entities or an external DTD: ignored (never loaded, fetched or "
            "expanded), so &name; references to them are read as plain text")
