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
from collections.abc import Iterator, Mapping, MutableMapping
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from email_lint.normalize import normalize

MAX_WILDCARDS = 2
#: The same construct as a phrase wildcard (``phrases/matcher.py``).
WILDCARD_RE = r"(?:[^\s]+ ){0,4}?"
_SLOT = re.compile(r"\{([a-z_][a-z0-9_]*)\}")


class GrammarError(ValueError):
    """A grammar rule that names an unknown slot, or breaks a limit."""


@dataclass(frozen=True, eq=False)
class Rule:
    """One grammar rule: its pieces, each a slot's or a word's options, or None for ``*``."""

    pieces: tuple[tuple[str, ...] | None, ...]

    @cached_property
    def regex(self) -> str:
        """The rule's regex source over normalised text (no boundaries: the matcher adds them);
        built only when the matcher compiles, not at load."""
        from email_lint.phrases.matcher import alternation

        regexes = [WILDCARD_RE if piece is None else alternation(piece) for piece in self.pieces]
        out = regexes[0]
        for previous, regex in zip(self.pieces, regexes[1:], strict=False):
            out += regex if previous is None else r"\s?" + regex
        return out


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
        pieces.append(tuple(str(option) for option in options))
    if not pieces or pieces[0] is None:
        raise GrammarError(f"{where}: {rule!r} must start with a word or a slot")
    return Rule(tuple(pieces))


def rule_regex(rule: str, slots: Mapping[str, list[str]], where: str = "") -> str:
    """The regex source of one rule, over normalised text (no boundaries: the matcher adds them)."""
    return compile_rule(rule, slots, where).regex


class GrammarTree:
    """A category's rules scanned in Python, exactly as their alternation regex would.

    Like :class:`~email_lint.phrases.tree.PhraseTree` for phrases: a one-file run scans
    with this instead of compiling the rules' regex. Each slot is a phrase tree; the rules
    are tried in order at each start, and within a rule each piece's ends in the regex's
    order of trial (``\\s?`` greedy between pieces, ``*`` lazy).
    """

    def __init__(self, rules: list[Rule]):
        from email_lint.phrases.tree import PhraseTree, phrase_trie

        self._rules: list[list[tuple[PhraseTree, dict] | None]] = []
        first: set[str] = set()
        trees: dict[tuple[str, ...], tuple[PhraseTree, dict]] = {}
        for rule in rules:
            compiled: list[tuple[PhraseTree, dict] | None] = []
            for piece in rule.pieces:
                if piece is None:
                    compiled.append(None)
                    continue
                if piece not in trees:
                    trie = phrase_trie(piece)
                    trees[piece] = (PhraseTree(trie), trie)
                compiled.append(trees[piece])
            self._rules.append(compiled)
            head = compiled[0]
            assert head is not None  # compile_rule refuses a leading wildcard
            first.update(head[0].first_characters())
        chars = "".join(re.escape(c) for c in sorted(first))
        self._starts = re.compile(r"(?<![\w])[" + chars + "]") if chars else re.compile(r"(?!)")

    def _ends(self, pieces: list, index: int, text: str, pos: int) -> Iterator[int]:
        from email_lint.phrases.tree import MAX_WILD_WORDS, WILD_WORD

        piece = pieces[index]
        last = index + 1 == len(pieces)
        if piece is None:  # lazy: no word first, then one more at a time
            after = pos
            for _ in range(MAX_WILD_WORDS):
                yield from ((after,) if last else self._ends(pieces, index + 1, text, after))
                word = WILD_WORD.match(text, after)
                if word is None:
                    break
                after = word.end()
            else:
                yield from ((after,) if last else self._ends(pieces, index + 1, text, after))
            return
        tree, trie = piece
        for end in tree.ends(trie, text, pos):
            if last:
                yield end
                continue
            if end < len(text) and text[end].isspace():  # "\s?", greedy
                yield from self._ends(pieces, index + 1, text, end + 1)
            yield from self._ends(pieces, index + 1, text, end)

    def _match_at(self, text: str, start: int) -> int | None:
        for pieces in self._rules:
            for end in self._ends(pieces, 0, text, start):
                if end == len(text) or not (text[end].isalnum() or text[end] == "_"):
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
            end = self._match_at(text, start)
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
    found: list[tuple[str, str]] = []
    for element, lists in table.items():
        if not isinstance(lists, MutableMapping):
            continue
        slots = {**shared, **lists.pop("slots", {})}
        for target, rules in lists.pop("grammar", {}).items():
            where = f"{language}.toml [{element}.grammar] {target}"
            found.extend((f"{element}.{target}", compile_rule(rule, slots, where)) for rule in rules)
    return found
