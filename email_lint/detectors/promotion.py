"""Promotional content: cross-selling, calls to buy, coupons and discounts ("you may also like",
"shop now", "use code SPRING20", "20% off"), from the ``[promotion]`` phrase data of each language.

Not one of the required elements: EL010 looks for it in transactional email, where it may make
the message's primary purpose commercial (16 CFR 316.3).
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING

from email_lint.detectors.model import Evidence
from email_lint.detectors.text import phrase_hits
from email_lint.normalize import fold_keep_case, normalize

if TYPE_CHECKING:
    from email_lint.context import Context
    from email_lint.document import Document

CATEGORY = "promotion.phrases"
DISCOUNT_WORDS = "promotion.discount_words"


@lru_cache(maxsize=8)
def _discount_pattern(words: tuple[str, ...]) -> re.Pattern[str]:
    """A percentage followed by a discount word ("20% off", "15 % de réduction"), or a bare
    "-20%"; matched on accent-folded text, any case."""
    alternatives = "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(words, key=len, reverse=True))
    return re.compile(
        rf"(?<![\w.,])(?:\d{{1,2}}(?:[.,]\d+)?\s?%\s*(?:{alternatives})\b|-\s?\d{{1,2}}(?:[.,]\d+)?\s?%)",
        re.I,
    )


def find(document: Document, context: Context) -> list[Evidence]:
    """Every promotional cue in the visible text, in document order."""
    key = ("promotion", id(context.matcher))
    if key in document.memo:
        cached: list[Evidence] = document.memo[key]
        return cached
    matcher = context.matcher
    found = [Evidence(hit.original, hit.line, "body", "promotional wording") for hit in
             phrase_hits(document, matcher, CATEGORY)]
    words = tuple(sorted({normalize(w) for ws in matcher.by_language.get(DISCOUNT_WORDS, {}).values() for w in ws}))
    if words:
        pattern = _discount_pattern(words)
        for block in document.blocks:
            if not block.visible or block.source == "title" or "%" not in block.text:
                continue
            folded = fold_keep_case(block.text)  # keeps line breaks, so lines stay right
            for match in pattern.finditer(folded):
                line = block.line + folded.count("\n", 0, match.start())
                found.append(Evidence(" ".join(match.group(0).split()), line, "body", "discount"))
    found.sort(key=lambda e: e.line)
    document.memo[key] = found
    return found
