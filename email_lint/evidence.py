"""Compatibility names: the shared evidence now lives in :mod:`email_lint.detectors`.

``email_lint.detectors`` holds the evidence model and one detector per element;
``email_lint.detectors.text`` the phrase and merge-tag lookups they share. This module
re-exports both for code written against the earlier layout.
"""

from email_lint.detectors import CODES, ELEMENTS, ElementEvidence, Evidence, Rejected, detect
from email_lint.detectors.text import (
    Hit,
    LocatedTag,
    RawIndex,
    TextIndex,
    first_phrase,
    line_in,
    merge_tags,
    phrase_hits,
    tags_for,
)

__all__ = [
    "CODES",
    "ELEMENTS",
    "ElementEvidence",
    "Evidence",
    "Hit",
    "LocatedTag",
    "RawIndex",
    "Rejected",
    "TextIndex",
    "detect",
    "first_phrase",
    "line_in",
    "merge_tags",
    "phrase_hits",
    "tags_for",
]
