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

from email_lint import regex_cache
from email_lint.normalize import normalize
from email_lint.phrases.scanner import Scanner
from email_lint.phrases.tree import factor_alternation, is_word

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
#: Characters a grammar may scan in Python, per rule, before its regexes are compiled:
#: compiling a category's rules costs about as much as scanning this much text in Python
#: (measured: the data-source grammar, 329 rules, compiles in about as long as the Python scan
#: takes for 9,600 characters per rule, the commercial one, 110 rules, for 17,000; a little
#: less, so that a long run compiles and stores the regex for the next runs).
BUDGET_PER_RULE = 8_000
#: The budget when the compiled grammar is in the regex cache (building its pattern and
#: loading the code cost about what the Python scan takes for 60,000-130,000 characters).
BUDGET_CACHED = 64 * 1024
#: Part of the cache key: bumped when :meth:`GrammarTree._pattern` builds another regex.
_PATTERN_FORM = 1
_SLOT = re.compile(r"\{([a-z_][a-z0-9_]*)\}")
#: A word of normalised text, as the scan's boundaries see words (``\w``: alphanumeric or ``_``).
_TOKEN = re.compile(r"\w+")


#: A rule's pieces: each the options of a slot or word, or None for ``*``.
Pieces = tuple[tuple[str, ...] | None, ...]


class GrammarError(ValueError):
    """A grammar rule that names an unknown slot, or breaks a limit."""


@dataclass(frozen=True, eq=False)
class Rule:
    """One grammar rule: its pieces, each the normalised options of a slot or word (longest
    first: the order a match tries them), or None for ``*``."""

    pieces: Pieces

    @cached_property
    def regex(self) -> str:
        """The rule as a regex over normalised text (no boundaries: the scan adds them).

        Pieces and the words of an option are separated by one space, as white space is in
        normalised text; the matcher never compiles this (see :class:`GrammarTree`), a test
        compares the two."""
        return _pieces_regex(self.pieces)


def _pieces_regex(pieces: Pieces) -> str:
    """Pieces as a regex: options longest first, a separator after each piece but the last
    (none after ``*``, whose words end with their space)."""
    out = ""
    for index, piece in enumerate(pieces):
        if piece is None:
            out += WILDCARD_RE
            continue
        out += "(?:" + "|".join(re.escape(option) for option in piece) + ")"
        if index + 1 < len(pieces):
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
    """A category's rules, scanned for matches left to right, none overlapping.

    A match starts where a rule's first word stands whole (after and before no word
    character): at each such place only the rules that can start with the longest such
    word are tried, in rule order, each with its first piece's options that begin with
    that word; within a rule each piece tries its options longest first, one space
    between pieces (a comma or colon before it, or none after an elided word), ``*``
    lazy (no word first, then one more at a time, at most four). Where a match ends, the
    next may start (after no word character).

    Two ways, one result. Short runs scan in Python, with no regex to compile (hundreds of
    milliseconds for six languages), skipping the rules whose words the text lacks. Once
    the Python scan has read its budget of characters (:data:`BUDGET_PER_RULE` per rule),
    or after :meth:`compile`, the whole grammar is one regex, factored by first word, and
    the scan runs in C.
    """

    def __init__(self, rules: list[Rule], budget: int | None = None):
        self._rules = rules
        #: Characters left to scan in Python before compiling (None: decided on the first scan).
        self._budget = budget
        self._compiled: Scanner | None = None
        #: First word -> indexes of the rules that can start with it, in rule order.
        self._indexes: dict[str, list[int]] = {}
        for index, rule in enumerate(rules):
            head = rule.pieces[0]
            assert head is not None  # compile_rule refuses a leading wildcard
            for word in {option.split(" ", 1)[0] for option in head}:
                self._indexes.setdefault(word, []).append(index)
        #: First word -> (rule index, the rule's pieces with its first piece cut down to the
        #: options that begin with the word), in rule order; built as words are met.
        self._by_first: dict[str, list[tuple[int, Pieces]]] = {}
        #: Per rule, per piece that is not ``*``: the first words of its options, one of which a
        #: text must hold for the rule to match there (None where an option holds no word);
        #: built as rules are tried.
        self._needs: dict[int, tuple[frozenset[str] | None, ...]] = {}
        #: Per piece: options by first character, in trial order.
        self._by_char: dict[tuple[str, ...], dict[str, tuple[str, ...]]] = {}
        #: The first words, longest first.
        self._words = sorted(self._indexes, key=lambda w: (-len(w), w))
        self._first_word_scanner: re.Pattern[str] | None = None

    @cached_property
    def _key(self) -> str:
        """The regex cache's key for this grammar's compiled form."""
        # The rules and the pieces' regex forms: a grammar is loaded by this key without its source.
        built = repr([rule.pieces for rule in self._rules]) + WILDCARD_RE + SEPARATOR_RE
        return f"grammar-{_PATTERN_FORM}-{regex_cache.name_of(built)}"

    @property
    def _scanner(self) -> re.Pattern[str]:
        """The first words factored by character after a consumed non-word character: the regex
        engine skips from one word start to the next in C (compiled on first use, cached)."""
        if self._first_word_scanner is None:
            if not self._words:
                self._first_word_scanner = re.compile(r"(?!)")
            else:
                factored = factor_alternation([(word, "") for word in self._words])
                self._first_word_scanner = regex_cache.compile_stored(
                    "grammar-words-" + regex_cache.name_of("\n".join(self._words)), r"\W(" + factored + r")(?![\w])")
        return self._first_word_scanner

    def _rules_of(self, word: str) -> list[tuple[int, Pieces]]:
        """The rules that can start with *word*, their first piece cut down to its options."""
        rules = self._by_first.get(word)
        if rules is None:
            rules = self._by_first[word] = []
            for index in self._indexes[word]:
                pieces = self._rules[index].pieces
                own = tuple(option for option in pieces[0] or () if option.split(" ", 1)[0] == word)
                rules.append((index, (own, *pieces[1:])))
        return rules

    def _needs_of(self, index: int) -> tuple[frozenset[str] | None, ...]:
        needs = self._needs.get(index)
        if needs is None:
            pieces = self._rules[index].pieces
            needs = self._needs[index] = tuple(_first_words(piece) for piece in pieces if piece is not None)
        return needs

    def compile(self) -> None:
        """Scan with the compiled regex from now on (for long-lived processes)."""
        self._budget = 0
        self._pattern().compile()

    def _pattern(self) -> Scanner:
        """The grammar as one regex (group 1 is a match), built as the Python scan reads it
        (compiled per build on first use, see ``scanner.py``)."""
        if self._compiled is None:
            # A stored grammar is loaded by its key alone (the key names the rules and the way
            # they are built): building the source costs as much as loading the compiled code.
            self._compiled = Scanner(self._key, self._source)
        return self._compiled

    def _source(self) -> str:
        """The regex source of :meth:`_pattern`."""
        branches = []
        for word in self._words:
            # Where a longer first word stands whole, its rules alone are tried.
            longer = [other[len(word):] for other in self._words
                      if len(other) > len(word) and other.startswith(word) and not is_word(other[len(word)])]
            guard = "(?!(?:" + "|".join(map(re.escape, longer)) + r")(?![\w]))" if longer else ""
            rules = "|".join(_pieces_regex((tuple(o[len(word):] for o in pieces[0] or ()), *pieces[1:]))
                             for _, pieces in self._rules_of(word))
            # (An option that is the word alone leaves "" in its first piece: the
            # separator after it still follows the word.)
            branches.append((word, rf"(?![\w]){guard}(?:{rules})(?:(?<=')|(?![\w]))"))
        body = factor_alternation(branches) if branches else "(?!)"
        return r"\W(" + body + ")"

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

    def _ends(self, pieces: Pieces, index: int, text: str, pos: int) -> Iterator[int]:
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

    def _feasible(self, first: str, words: set[str]) -> list[Pieces]:
        """The pieces of the rules starting with *first* whose every piece has a first word
        among *words*: the others cannot match in this text (a cheap test in C that spares
        most of the word-by-word trials)."""
        return [pieces for index, pieces in self._rules_of(first)
                if all(need is None or not need.isdisjoint(words) for need in self._needs_of(index))]

    def _match_at(self, text: str, start: int, rules: list[Pieces]) -> int | None:
        for pieces in rules:
            for end in self._ends(pieces, 0, text, start):
                if end == len(text) or text[end - 1] == "'" or not (text[end].isalnum() or text[end] == "_"):
                    return end
        return None

    def spans(self, text: str, first_only: bool = False) -> list[tuple[int, int]]:
        """``(start, end)`` of every match, left to right and not overlapping."""
        if self._budget is None:
            self._budget = BUDGET_CACHED if Scanner.cached(self._key) else BUDGET_PER_RULE * len(self._rules)
        if len(text) > self._budget:
            return self._compiled_spans(text, first_only)
        self._budget -= len(text)
        return self._python_spans(text, first_only)

    def _compiled_spans(self, text: str, first_only: bool) -> list[tuple[int, int]]:
        # A newline before the text stands for "no word character before" at its start;
        # padded index i is the character before text[i]. The next search starts on a
        # match's last character, which may be the non-word character before the next.
        pattern = self._pattern().for_text(text)
        padded = "\n" + text
        found: list[tuple[int, int]] = []
        position = 0
        while match := pattern.search(padded, position):
            start, end = match.span(1)
            found.append((start - 1, end - 1))
            if first_only:
                break
            position = end - 1
        return found

    def _python_spans(self, text: str, first_only: bool) -> list[tuple[int, int]]:
        padded = "\n" + text
        found: list[tuple[int, int]] = []
        position = 0
        words: set[str] | None = None
        feasible: dict[str, list[Pieces]] = {}
        while candidate := self._scanner.search(padded, position):
            start = candidate.start(1) - 1
            first = candidate.group(1)
            rules = feasible.get(first)
            if rules is None:
                if words is None:
                    words = set(_TOKEN.findall(text))
                rules = feasible[first] = self._feasible(first, words)
            end = self._match_at(text, start, rules) if rules else None
            if end is None:
                position = start + 1  # the word's first character: the next place may be inside it
                continue
            found.append((start, end))
            if first_only:
                break
            position = end
        return found


def _first_words(piece: tuple[str, ...]) -> frozenset[str] | None:
    """The first word of each option of *piece* (where it matches, that word stands whole in
    the text: pieces start and end on word boundaries), or None if an option has no word."""
    firsts = [_TOKEN.search(option) for option in piece]
    if any(first is None for first in firsts):
        return None
    return frozenset(first.group() for first in firsts if first is not None)


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
