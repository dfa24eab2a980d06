"""Find delimited spans (comments, template tags) in linear time.

A lazy regex such as ``<!--(.*?)-->`` rescans the rest of the text from every opener
that has no closer: quadratic, minutes on a few hundred KB of ``<!--`` (found by the
scaling probe of ``scripts/fuzz_campaign.py``). Here, once an opener has no closer
after it, no later opener of its kind can have one: that kind is dropped and the scan
goes on, so the text is read a bounded number of times whatever it holds.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Span:
    """``source[start:end]`` is ``opener + body + closer`` of delimiter number ``kind``."""

    start: int
    end: int
    kind: int
    body: str


def find_spans(source: str, delimiters: Sequence[tuple[str, str]]) -> Iterator[Span]:
    """Non-overlapping ``opener ... closer`` spans, leftmost first, as the regex alternation
    of lazy ``opener(.*?)closer`` patterns finds them (at one position, the earlier
    delimiter in *delimiters* wins)."""
    next_at = [source.find(opener) for opener, _ in delimiters]
    while True:
        live = [(at, kind) for kind, at in enumerate(next_at) if at >= 0]
        if not live:
            return
        at, kind = min(live)
        opener, closer = delimiters[kind]
        close = source.find(closer, at + len(opener))
        if close < 0:
            next_at[kind] = -1
            continue
        end = close + len(closer)
        yield Span(at, end, kind, source[at + len(opener):close])
        for other, position in enumerate(next_at):
            if 0 <= position < end:
                next_at[other] = source.find(delimiters[other][0], end)


def blank_spans(source: str, spans: Sequence[Span] | Iterator[Span], keep_lines: bool = True) -> str:
    """*source* with each span replaced by its line breaks (so line numbers stay), or by
    nothing when not *keep_lines*."""
    parts: list[str] = []
    cursor = 0
    for span in spans:
        parts.append(source[cursor:span.start])
        if keep_lines:
            parts.append("\n" * source.count("\n", span.start, span.end))
        cursor = span.end
    parts.append(source[cursor:])
    return "".join(parts)


class LineCounter:
    """1-based line numbers of increasing offsets in *source*, each newline counted once
    (``source.count("\\n", 0, offset)`` per match is quadratic in the number of matches)."""

    def __init__(self, source: str, first_line: int = 1):
        self.source = source
        self.first_line = first_line
        self.offset = 0
        self.line = first_line

    def line_at(self, offset: int) -> int:
        if offset < self.offset:  # out of order: start again
            self.offset, self.line = 0, self.first_line
        self.line += self.source.count("\n", self.offset, offset)
        self.offset = offset
        return self.line
