"""Text normalisation shared by the readers, the phrase matcher and the rules.

Phrases and document text go through the same function, so a phrase written as
"Se désabonner" matches "SE DESABONNER", "se&nbsp;désa&shy;bonner" or a phrase
broken over two lines.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_INVISIBLE = dict.fromkeys(map(ord, "\u00ad\u200b\u200c\u200d\u2060\ufeff\u034f"), None)
_PUNCT = str.maketrans(
    {
        "\u2019": "'",
        "\u2018": "'",
        "\u02bc": "'",
        "\u00b4": "'",
        "`": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u00ab": '"',
        "\u00bb": '"',
        "\u2013": "-",
        "\u2014": "-",
        "\u2011": "-",
        "\u00df": "ss",
        "\u00a0": " ",
        "\u202f": " ",
        "\u2007": " ",
        "\u00e6": "ae",
        "\u0153": "oe",
        "\u00f8": "o",
        "\u0142": "l",
    }
)
_SPACE = re.compile(r"\s+")
_COMBINING = re.compile(r"[\u0300-\u036f]")


def fold(text: str) -> str:
    """Lower-case, strip accents and invisible characters, unify quotes and dashes."""
    if text.isascii():  # nothing to strip or unify but the backtick
        return text.lower().replace("`", "'")
    text = text.translate(_INVISIBLE).lower().translate(_PUNCT)
    if not text.isascii():
        text = _COMBINING.sub("", unicodedata.normalize("NFKD", text))
    return text


def fold_keep_case(text: str) -> str:
    """Like :func:`fold` but keeping upper case: accents, quotes and invisibles only."""
    if text.isascii():
        return text.replace("`", "'")
    text = text.translate(_INVISIBLE).translate(_PUNCT)
    if not text.isascii():
        text = _COMBINING.sub("", unicodedata.normalize("NFKD", text))
    return text


def normalize(text: str) -> str:
    """Fold *text* and collapse every run of white space into one space."""
    if len(text) > _CACHED_LENGTH:
        return _normalize_long(text)
    return _normalize_cached(text)


def _normalize(text: str) -> str:
    return _SPACE.sub(" ", fold(text)).strip()


# Rules normalise the same block texts and phrase lists again and again: remember the
# short ones (bounded, so memory stays flat over thousands of files).
_CACHED_LENGTH = 1000
_normalize_cached = lru_cache(maxsize=4096)(_normalize)
# A long text is normalised again for each link or hit in it (a plain-text paragraph is the
# text of each of its links): the last few are remembered, or that is quadratic.
_normalize_long = lru_cache(maxsize=4)(_normalize)
