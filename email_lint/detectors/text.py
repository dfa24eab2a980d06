"""Text lookups every detector shares: phrase and merge-tag hits located in a document.

Every lookup scans the document's joined text once per category (never once per
block or per phrase) and maps a hit back to its block by offset. Results are
memoised on the document, so several detectors asking the same question pay once.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate
from typing import TYPE_CHECKING, Any, TypeVar

from email_lint.document import Document, Link, TextBlock
from email_lint.merge_tags import TAG_START, TagHit, find_tags

if TYPE_CHECKING:
    from email_lint.phrases.matcher import PhraseMatcher


@dataclass(frozen=True, slots=True)
class Hit:
    """A phrase found in a block."""

    text: str
    block: TextBlock

    @property
    def line(self) -> int:
        """The source line of the match itself (a block may span several lines)."""
        span = _original_span(self.block, self.text)
        return self.block.line + (self.block.text.count("\n", 0, span[0]) if span else 0)

    @property
    def original(self) -> str:
        """The matched words as written in the template (accents and case kept)."""
        span = _original_span(self.block, self.text)
        if span is None:
            return self.text
        return self.block.text[span[0]:span[1]].strip(".,;:!?()[]\"' \n")


_WORDS = re.compile(r"\S+")


def _original_span(block: TextBlock, normalized_match: str) -> tuple[int, int] | None:
    """Where a match in a block's normalised text stands in the block's own text.

    Normalisation keeps one word per word (it folds case and accents and collapses
    spaces), so the n-th normalised word is the n-th original word.
    """
    normalized, words, word_starts = _layout(block)
    start = normalized.find(normalized_match)
    if start < 0 or words is None:
        return None
    first = bisect_right(word_starts, start - 1)  # words of the normalised text before the match
    last = first + max(len(normalized_match.split()), 1) - 1
    if last >= len(words):
        return None
    return words[first][0], words[last][1]


@lru_cache(maxsize=64)
def _layout(block: TextBlock) -> tuple[str, list[tuple[int, int]] | None, list[int]]:
    """A block's normalised text, its own words' spans (None when the word counts differ)
    and where each normalised word starts: computed once per block, not once per hit
    (per hit, a long block with many hits was quadratic)."""
    normalized = block.normalized
    words = [m.span() for m in _WORDS.finditer(block.text)]
    word_starts = [m.start() for m in _WORDS.finditer(normalized)]
    return normalized, (words if len(words) == len(word_starts) else None), word_starts


class LazyPattern:
    """A regular expression compiled on first use: a one-file run pays only for the ones it needs."""

    __slots__ = ("_compiled", "_flags", "_pattern")

    def __init__(self, pattern: str, flags: int = 0):
        self._pattern = pattern
        self._flags = flags
        self._compiled: re.Pattern[str] | None = None

    def __getattr__(self, name: str) -> Any:  # the compiled re.Pattern's attribute
        compiled = self._compiled
        if compiled is None:
            compiled = self._compiled = re.compile(self._pattern, self._flags)
        return getattr(compiled, name)


class TextIndex:
    """Blocks joined into one normalised text, with each block's start offset."""

    def __init__(self, blocks: list[TextBlock]):
        self.blocks = blocks
        self.starts: list[int] = []
        parts: list[str] = []
        offset = 0
        for block in blocks:
            normalized = block.normalized
            self.starts.append(offset)
            parts.append(normalized)
            offset += len(normalized) + 1
        self.text = "\n".join(parts)

    def block_at(self, offset: int) -> TextBlock:
        return self.blocks[max(bisect_right(self.starts, offset) - 1, 0)]


def _index(document: Document, visible: bool) -> TextIndex:
    key = ("index", visible)
    if key not in document.memo:
        blocks = [
            b for b in document.blocks
            if b.visible == visible and b.source not in ("title", "preview")
        ]
        document.memo[key] = TextIndex(blocks)
    index: TextIndex = document.memo[key]
    return index


def visible_index(document: Document) -> TextIndex:
    """The visible blocks' normalised text joined (titles and preheaders left out), memoised."""
    return _index(document, True)


def phrase_hits(document: Document, matcher: PhraseMatcher, category: str, visible: bool = True) -> list[Hit]:
    """Every match of a phrase category in the document's visible (or hidden) text."""
    key = ("phrases", category, visible, id(matcher))
    if key not in document.memo:
        index = _index(document, visible)
        hits: list[Hit] = []
        if index.text:
            text = index.text
            hits = [Hit(text[start:end], index.block_at(start)) for start, end in matcher.spans(category, text)]
        document.memo[key] = hits
    found: list[Hit] = document.memo[key]
    return found


def line_in(block: TextBlock, offset: int) -> int:
    """The source line of *offset* in a block's own text."""
    return block.line + block.text.count("\n", 0, max(offset, 0))


class RawIndex:
    """Blocks' own text joined by newlines, to run one pattern over many blocks and map a
    match back to its block and line."""

    def __init__(self, blocks: list[TextBlock]):
        self.blocks = blocks
        self.starts: list[int] = []
        offset = 0
        for block in blocks:
            self.starts.append(offset)
            offset += len(block.text) + 1
        self.text = "\n".join(b.text for b in blocks)

    def locate(self, offset: int) -> tuple[TextBlock, int] | None:
        """The block holding *offset* and the source line of that offset, or None."""
        if not self.blocks:
            return None
        position = max(bisect_right(self.starts, offset) - 1, 0)
        block = self.blocks[position]
        return block, line_in(block, offset - self.starts[position])


def first_phrase(document: Document, matcher: PhraseMatcher, category: str) -> Hit | None:
    hits = phrase_hits(document, matcher, category)
    return hits[0] if hits else None


@dataclass(frozen=True, slots=True)
class LocatedTag:
    """A merge tag with where it stands: a text block or a link's href."""

    tag: TagHit
    line: int
    visible: bool
    link: Link | None = None


def merge_tags(document: Document) -> list[LocatedTag]:
    """Merge tags in text blocks (visible or not) and in link targets."""
    if "tags" not in document.memo:
        located: list[LocatedTag] = []
        blocks = [block for block in document.blocks if block.source not in ("title", "preview")]
        # find_tags finds nothing in a text without a character a tag starts with (most).
        for block in items_matching(blocks, [block.text for block in blocks], TAG_START):
            for tag in find_tags(block.text):
                located.append(LocatedTag(tag, block.line, block.visible))
        for link in items_matching(document.links, [link.href for link in document.links], TAG_START):
            for tag in find_tags(link.href):
                located.append(LocatedTag(tag, link.line, link.visible, link))
        document.memo["tags"] = located
    tags: list[LocatedTag] = document.memo["tags"]
    return tags


_T = TypeVar("_T")


def items_matching(items: Sequence[_T], texts: list[str], pattern: re.Pattern[str]) -> list[_T]:
    """The *items* whose text (``texts[i]`` for ``items[i]``) *pattern* finds something in,
    in order: one search per such item over all the texts joined by newlines, so the many
    items without a hit cost nothing in Python. (Patterns that can span a newline may also
    keep an item whose hit starts in it and ends in the next.)"""
    starts = list(accumulate([len(text) + 1 for text in texts], initial=0))
    joined = "\n".join(texts)
    found: list[_T] = []
    position = 0
    while match := pattern.search(joined, position):
        index = bisect_right(starts, match.start()) - 1
        found.append(items[index])
        if index + 1 == len(items):
            break
        position = starts[index + 1]  # one hit per item is enough
    return found


def tags_for(document: Document, *elements: str, visible: bool = True) -> list[LocatedTag]:
    """Working merge tags rendering one of *elements*."""
    return [
        t for t in merge_tags(document)
        if t.tag.element in elements and t.tag.problem is None and t.visible == visible
    ]
