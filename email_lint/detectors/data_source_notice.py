"""Data-source notice: why the recipient gets the email, or where their address came from.

A cue of the ``data_source_notice`` grammar counts when it states something: the same words
in a question ("Met our team at the trade fair? Come and see us") state nothing about the
reader. A "why" heading ("Why am I getting this?", "Warum erhalten Sie diese E-Mail?")
counts only with its reason after it, in the same paragraph or the next one, that is not an
opt-out ("Why did I get this? Unsubscribe" explains nothing).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from email_lint.detectors import collect
from email_lint.detectors.model import ElementEvidence, Evidence, Rejected
from email_lint.detectors.text import Hit, phrase_hits, tags_for, visible_index
from email_lint.normalize import normalize

if TYPE_CHECKING:
    from email_lint.context import Context
    from email_lint.document import Document, TextBlock
    from email_lint.phrases.matcher import PhraseMatcher

ELEMENT = "data_source_notice"
LOOKED_FOR = (
    "a sentence saying why the recipient receives the email or where their address was obtained "
    "('You are receiving this email because...'), a 'why you receive this' heading followed by its "
    "reason, or an ESP permission-reminder tag (*|LIST:DESCRIPTION|*)"
)
HEADINGS = "data_source_notice.headings"
#: Where a clause ends (a statement or a question): "I saw your job ad and thought: maybe...?"
#: states where the address came from before its question.
_CLAUSE_END = re.compile(r"[.!?:;]")
#: Where a heading ends: a sentence end, a colon or a line break.
_HEADING_END = re.compile(r"[.!?:\n]")
#: A reason has at least this many words ("Because you're a customer.").
MIN_REASON_WORDS = 3


def _position(hit: Hit) -> tuple[int, int] | None:
    """Start and end of the hit in its block's own text."""
    original = hit.original
    start = hit.block.text.find(original)
    return None if start < 0 else (start, start + len(original))


def _is_question(text: str, end: int) -> bool:
    """Whether the clause holding ``text[...:end]`` ends with a question mark."""
    found = _CLAUSE_END.search(text, end)
    return found is not None and found.group() == "?"


def _next_block(document: Document, block: TextBlock) -> TextBlock | None:
    blocks = visible_index(document).blocks
    for index, candidate in enumerate(blocks):
        if candidate is block:
            return blocks[index + 1] if index + 1 < len(blocks) else None
    return None


def _reason_after(document: Document, hit: Hit, end: int) -> str:
    """The text after a heading: the rest of its paragraph, else the next paragraph."""
    text = hit.block.text
    stop = _HEADING_END.search(text, end)
    rest = text[stop.end():].strip() if stop else ""
    if rest:
        return rest
    following = _next_block(document, hit.block)
    return following.text.strip() if following is not None else ""


def _is_reason(text: str, matcher: PhraseMatcher) -> bool:
    """A paragraph that can be a heading's reason: a few words, and no opt-out instruction."""
    normalized = normalize(text)
    if len(normalized.split()) < MIN_REASON_WORDS:
        return False
    return not (matcher.contains("unsubscribe.phrases", normalized)
                or matcher.contains("unsubscribe.preferences", normalized))


def _is_heading(hit: Hit, matcher: PhraseMatcher) -> bool:
    return any(start == 0 for start, _ in matcher.spans(HEADINGS, hit.text))


def _judge(document: Document, hit: Hit, matcher: PhraseMatcher) -> Evidence | Rejected:
    position = _position(hit)
    if position is None:
        return Evidence(hit.original, hit.line, "body", "data-source wording")
    if _is_heading(hit, matcher):
        reason = _reason_after(document, hit, position[1])
        if reason and _is_reason(reason, matcher):
            return Evidence(hit.original, hit.line, "body", "'why you receive this' heading followed by its reason")
        return Rejected(hit.original, hit.line, "a 'why you receive this' heading with no reason after it")
    if _is_question(hit.block.text, position[1]):
        return Rejected(hit.original, hit.line, "a question, not a statement of why the recipient gets the email")
    return Evidence(hit.original, hit.line, "body", "data-source wording")


def candidates(document: Document, context: Context) -> Iterator[Evidence | Rejected]:
    for located in tags_for(document, ELEMENT):
        yield Evidence(located.tag.text, located.line, "merge-tag", "ESP permission-reminder tag")
    for hit in phrase_hits(document, context.matcher, "data_source_notice.phrases"):
        yield _judge(document, hit, context.matcher)


def detect(document: Document, context: Context, complete: bool = False) -> ElementEvidence:
    return collect(document, context, ELEMENT, LOOKED_FOR, candidates, complete)
