"""Cap the attributes of one tag before a parser sees it.

libxml2 checks each new attribute of an element against all the earlier ones: a tag with
100,000 attributes (1 MB) took half a minute to parse, super-linear in its length. Real
templates have a few dozen at most; past :data:`MAX_ATTRIBUTES` the rest of the tag is
blanked (lines and columns kept) and the caller warns.
"""

from __future__ import annotations

import re

MAX_ATTRIBUTES = 1000
#: A start tag long enough to hold that many attributes (two characters each at least).
_LONG_TAG = re.compile(rf"<[A-Za-z][^<>]{{{2 * MAX_ATTRIBUTES},}}+")
_ATTRIBUTE = re.compile(r"""[^\s"'=<>/]++(?:\s*+=\s*+(?:"[^"]*+"|'[^']*+'|[^\s"'>]*+))?""")


def cap_attributes(text: str) -> tuple[str, int]:
    """*text* with every start tag cut to its first :data:`MAX_ATTRIBUTES` attributes, and
    the number of tags cut (0: *text* unchanged). Linear: each tag is scanned once."""
    cuts: list[tuple[int, int]] = []
    for tag in _LONG_TAG.finditer(text):
        for count, attribute in enumerate(_ATTRIBUTE.finditer(text, tag.start() + 2, tag.end()), start=1):
            if count == MAX_ATTRIBUTES:
                cuts.append((attribute.end(), tag.end()))
                break
    if not cuts:
        return text, 0
    pieces: list[str] = []
    last = 0
    for start, end in cuts:
        pieces.append(text[last:start])
        pieces.append(re.sub(r"[^\n]", " ", text[start:end]))
        last = end
    pieces.append(text[last:])
    return "".join(pieces), len(cuts)


def cap_warning(count: int) -> str:
    return (f"{count} tag{'s' * (count != 1)} with more than {MAX_ATTRIBUTES} attributes: only the first "
            f"{MAX_ATTRIBUTES} of each were read")
