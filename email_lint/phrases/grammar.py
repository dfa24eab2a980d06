"""Cue grammars: phrase lists written as small rules over slots, compiled without expansion.

People paraphrase: "we are contacting you because", "you receive this email since",
"your address comes from the public register of". Listing every wording is endless;
a grammar says it once per language::

    [data_source_notice.slots]
    we_contact = ["we are contacting you", "we contact you", "we are writing to you"]
    because = ["because", "since", "as"]

    [data_source_notice.grammar]
    phrases = ["{we_contact} {because} you", "{your_address} {comes_from}"]

A rule is words, ``*`` (up to four words, as in phrases) and ``{slot}`` references; slots
come from the element's ``slots`` table, then the language's top-level ``[slots]``. The
rules of a list (``phrases`` above: the category ``data_source_notice.phrases``) become one
regular expression whose slots are alternations, so its size is the sum of the slots, not
their product, and the matcher scans it in the same pass as the category's plain phrases.
A rule may hold at most :data:`MAX_WILDCARDS` wildcards (each multiplies the work a failed
match can cost), and slot options none.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping, MutableMapping
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from email_lint.normalize import normalize

MAX_WILDCARDS = 2
#: The same construct as a phrase wildcard (``phrases/matcher.py``).
#: Words of at most 64 characters (possessive): an unbounded word ran to the end of a long
#: unbroken token ("the.the.the...") from each of its starts, quadratic.
WILDCARD_RE = r"(?:[^\s]{1,64}+ ){0,4}?"
MAX_WILD_WORDS = 4
_WILD_WORD = re.compile(r"[^\s]{1,64}+ ")
#: Between two pieces: nothing after an elided word ("l'", "dall'"), else one space, which a
#: comma or a colon may precede ("wir schreiben Ihnen, weil", "c'est de là : vos données").
SEPARATOR_RE = r"(?:(?<=')|[,:]? )"
_SLOT = re.compile(r"\{([a-z_][a-z0-9_]*)\}")


class GrammarError(ValueError):
    """A grammar rule that names an unknown slot, or breaks a limit."""


@dataclass(frozen=True, eq=False)
class Rule:
    """One grammar rule: its pieces, each the normalised options of a slot or word (longest
    first: the order a match tries them), or None for ``*``."""

    pieces: tuple[tuple[str, ...] | None, ...]

    @cached_property
    def regex(self) -> str:
        """The rule as a regex over normalised text (no boundaries: the scan adds them).

        Pieces and the words of an option are separated by one space, as white space is in
        normalised text; the matcher never compiles this (see :class:`GrammarTree`), a test
        compares the two."""
        out = ""
        for index, piece in enumerate(self.pieces):
            if piece is None:
                out += WILDCARD_RE
                continue
            out += "(?:" + "|".join(re.escape(option) for option in piece) + ")"
            if index + 1 < len(self.pieces):
                out += SEPARATOR_RE
        return out


def _options(options: Iterable[object]) -> tuple[str, ...]:
    normalized = {normalize(str(option)) for option in options} - {""}
    return tuple(sorted(normalized, key=lambda option: (-len(option), option)))


def compile_rule(rule: str, slots: Mapping[str, list[str]], where: str = "") -> Rule:
    """Parse one rule against *slots* (limits checked)."""
    if rule.count("*") > MAX_WILDCARDS:
        raise GrammarError(f"{where}: {rule!r} has more than {MAX_WILDCARDS} wildcards")
    pieces: list[tuple[str, ...] | None] = []
    for index, part in enumerate(_SLOT.split(rule)):
        if index % 2 == 0:
            pieces.extend(None if word == "*" else (word,) for word in normalize(part).split())
            continue
        options = slots.get(part)
        if not options:
            raise GrammarError(f"{where}: {rule!r} names an unknown or empty slot {{{part}}}")
        if any("*" in str(option) for option in options):
            raise GrammarError(f"{where}: slot {{{part}}} may not hold a wildcard")
        pieces.append(_options(options))
    if not pieces or pieces[0] is None:
        raise GrammarError(f"{where}: {rule!r} must start with a word or a slot")
    return Rule(tuple(pieces))


class GrammarTree:
    """A category's rules scanned in Python, exactly as the alternation of their regexes would.

    A match starts where a rule's first word stands whole (after and before no word
    character); only the rules that can start with that word are tried, in rule order;
    within a rule each piece tries its options longest first, one space between pieces
    (a comma or colon before it, or none after an elided word),
    ``*`` lazy (no word first, then one more at a time, at most four). This is what the
    matcher scans with: no regex to compile (hundreds of milliseconds for six languages).
    """

    def __init__(self, rules: list[Rule]):
        self._rules = rules
        #: First word of a rule -> indexes of the rules that can start with it.
        self._by_first: dict[str, list[int]] = {}
        #: Per piece: options by first character, in trial order.
        self._by_char: dict[tuple[str, ...], dict[str, tuple[str, ...]]] = {}
        for index, rule in enumerate(rules):
            head = rule.pieces[0]
            assert head is not None  # compile_rule refuses a leading wildcard
            for word in sorted({option.split(" ", 1)[0] for option in head}):
                self._by_first.setdefault(word, []).append(index)
        words = "|".join(re.escape(w) for w in sorted(self._by_first, key=lambda w: (-len(w), w)))
        self._starts = re.compile(r"(?<![\w])(" + words + r")(?![\w])") if words else re.compile(r"(?!)")

    def _piece_ends(self, piece: tuple[str, ...], text: str, pos: int) -> Iterator[int]:
        by_char = self._by_char.get(piece)
        if by_char is None:
            grouped: dict[str, list[str]] = {}
            for option in piece:
                grouped.setdefault(option[0], []).append(option)
            by_char = self._by_char[piece] = {char: tuple(options) for char, options in grouped.items()}
        if pos < len(text):
            for option in by_char.get(text[pos], ()):
                if text.startswith(option, pos):
                    yield pos + len(option)

    def _ends(self, pieces: tuple[tuple[str, ...] | None, ...], index: int, text: str, pos: int) -> Iterator[int]:
        piece = pieces[index]
        last = index + 1 == len(pieces)
        if piece is None:  # lazy: no word first, then one more at a time
            after = pos
            for words in range(MAX_WILD_WORDS + 1):
                yield from ((after,) if last else self._ends(pieces, index + 1, text, after))
                if words == MAX_WILD_WORDS:
                    break
                word = _WILD_WORD.match(text, after)
                if word is None:
                    break
                after = word.end()
            return
        for end in self._piece_ends(piece, text, pos):
            if last:
                yield end
                continue
            if text[end - 1] == "'":
                yield from self._ends(pieces, index + 1, text, end)
            if end + 1 < len(text) and text[end] in ",:" and text[end + 1] == " ":
                yield from self._ends(pieces, index + 1, text, end + 2)
            elif end < len(text) and text[end] == " ":
                yield from self._ends(pieces, index + 1, text, end + 1)

    def _match_at(self, text: str, start: int, first: str) -> int | None:
        for index in self._by_first[first]:
            for end in self._ends(self._rules[index].pieces, 0, text, start):
                if end == len(text) or text[end - 1] == "'" or not (text[end].isalnum() or text[end] == "_"):
                    return end
        return None

    def spans(self, text: str, first_only: bool = False) -> list[tuple[int, int]]:
        """``(start, end)`` of every match, left to right and not overlapping (``finditer``)."""
        found: list[tuple[int, int]] = []
        position = 0
        for candidate in self._starts.finditer(text):
            start = candidate.start()
            if start < position:
                continue
            end = self._match_at(text, start, candidate.group(1))
            if end is not None:
                found.append((start, end))
                if first_only:
                    break
                position = end
        return found


def extract_grammars(table: MutableMapping[str, Any], language: str) -> list[tuple[str, Rule]]:
    """``(category, rule)`` for every grammar rule of one language file, which loses its
    ``slots`` and ``grammar`` tables (the rest is plain phrase lists)."""
    shared = table.pop("slots", {})
    found: list[tuple[str, Rule]] = []
    for element, lists in table.items():
        if not isinstance(lists, MutableMapping):
            continue
        slots = {**shared, **lists.pop("slots", {})}
        for target, rules in lists.pop("grammar", {}).items():
            where = f"{language}.toml [{element}.grammar] {target}"
            found.extend((f"{element}.{target}", compile_rule(rule, slots, where)) for rule in rules)
    return found
