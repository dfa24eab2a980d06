"""The document's language: declared first, then a cheap stopword scorer, then langdetect.

Presence checks match every language's phrases at once and never call this; it
serves messages (suggesting wording in the document's language) and rules that
compare languages. langdetect is slow to load, so it is imported only when the
scorer is unsure, seeded for deterministic output, and fed a capped text.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from email_lint.document import Document

_WORD = re.compile(r"[a-z']+")
_MIN_WORDS = 8
_MARGIN = 1.5
_DETECT_CHARS = 600


def primary_subtag(tag: str) -> str | None:
    """``"fr-CA"`` -> ``"fr"``; None for empty or malformed tags."""
    match = re.match(r"\s*([A-Za-z]{2,3})(?:[-_]|$)", tag or "")
    return match.group(1).lower() if match else None


@lru_cache(maxsize=1)
def _stopwords() -> dict[str, frozenset[str]]:
    from email_lint.phrases.prepared import stopwords

    return {language: frozenset(words) for language, words in stopwords().items()}


def score_languages(text: str) -> list[tuple[int, str]]:
    """Stopword hits per language, best first (ties broken by language code)."""
    words = _WORD.findall(text)
    scores = [
        (sum(1 for w in words if w in stops), language)
        for language, stops in _stopwords().items()
    ]
    return sorted(scores, key=lambda s: (-s[0], s[1]))


def detect_language(normalized_text: str, precise: bool = False) -> str | None:
    """Language of already-normalised text, or None when there is too little to tell.

    The stopword scorer decides when it is clear; otherwise its best guess is returned,
    unless *precise* asks for langdetect (slow to load) to settle the doubt.
    """
    scores = score_languages(normalized_text)
    if not scores or scores[0][0] == 0:
        return _langdetect(normalized_text[:_DETECT_CHARS]) if precise else None
    best, runner_up = scores[0], (scores[1] if len(scores) > 1 else (0, ""))
    if best[0] >= _MIN_WORDS and best[0] >= _MARGIN * runner_up[0]:
        return best[1]
    if precise:
        return _langdetect(normalized_text[:_DETECT_CHARS]) or best[1]
    return best[1]


def _langdetect(text: str) -> str | None:
    try:
        from langdetect import DetectorFactory, detect
        from langdetect.lang_detect_exception import LangDetectException
    except ImportError:  # pragma: no cover - dependency missing
        return None
    DetectorFactory.seed = 0
    try:
        return primary_subtag(detect(text))
    except LangDetectException:
        return None


def document_language(document: Document, precise: bool = False) -> str | None:
    """The declared language of *document* if any, else the detected one (see detect_language)."""
    for tag in document.declared_languages:
        code = primary_subtag(tag)
        if code:
            return code
    return detect_language(document.visible_text, precise)
