"""Compile phrase lists into regular expressions and scan normalised text.

A phrase is written in plain words and normalised like document text (case,
accents, quotes, white space). ``*`` stands for up to four arbitrary words:
``"the * team"`` matches "the Acme team" and "the Acme Widgets team" (a word
of more than 64 characters is no wildcard word). Phrases
are matched on word boundaries. Phrases of one category are merged into a
prefix tree, so one regular expression per category scans a document in a
single pass, whatever the number of languages.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from functools import lru_cache
from typing import Any

from email_lint import regex_cache
from email_lint.normalize import normalize
from email_lint.phrases import prepared
from email_lint.phrases.grammar import GrammarTree, Rule
from email_lint.phrases.prepared import DATA_PACKAGE as DATA_PACKAGE  # (re-exported: moved there)
from email_lint.phrases.prepared import PreparedLanguage
from email_lint.phrases.prepared import data_names as data_names
from email_lint.phrases.prepared import read_data as read_data
from email_lint.phrases.scanner import Scanner
from email_lint.phrases.tree import WILDCARD, PhraseTree, Trie, factor_alternation, phrase_trie, priority

#: Up to four words of at most 64 characters each (possessive): an unbounded word ran to
#: the end of a long unbroken token ("the.the.the...") from each of its starts, quadratic.
_WILDCARD_RE = r"(?:[^\s]{1,64}+ ){0,4}?"
#: Characters a category may scan with its tree, per phrase, before its regex is compiled:
#: compiling costs about as much as scanning this much text in Python.
_TREE_BUDGET_PER_PHRASE = 256
#: The budget when the compiled scanner is in the regex cache (loading it costs about this).
_TREE_BUDGET_CACHED = 16 * 1024


def _trie_regex(phrases: Iterable[str]) -> str:
    """Build one regex alternation from *phrases*, sharing common word prefixes."""
    trie = phrase_trie(phrases)

    def emit(node: Trie) -> str:
        ends = "" in node
        branches: list[tuple[str, str]] = []  # (literal token, regex after it), in priority order
        for token in priority(node):
            child = emit(node[token])
            if token == WILDCARD:
                branches.append(("", _WILDCARD_RE + child))
            elif child:
                branches.append((token, r"\s?" + child))
            else:
                branches.append((token, ""))
        if not branches:
            return ""
        single = len(branches) == 1
        body = re.escape(branches[0][0]) + branches[0][1] if single else "(?:" + factor_alternation(branches) + ")"
        return f"(?:{body})?" if ends else body

    return emit(trie)


def compile_phrases(phrases: Iterable[str], rules: Iterable[str] = ()) -> re.Pattern[str] | None:
    """One pattern matching any of *phrases* (or grammar *rules*, regex sources) on word
    boundaries, or None if empty."""
    body = "|".join(b for b in (_trie_regex(phrases), *(f"(?:{rule})" for rule in rules)) if b)
    if not body:
        return None
    # Phrase boundaries: not inside a word on either side (around the whole alternation: a
    # rule's branch without them was tried at every character, and matched inside words).
    return re.compile(rf"(?<![\w])(?:{body})(?![\w])")


def _scanner(phrases: Iterable[str]) -> Scanner | None:
    """:func:`compile_phrases` for scanning: the character before a match is consumed
    (group 1 is the match). A pattern that starts with a character class lets the regex
    engine skip to the next non-word character in C instead of trying every position.
    Compiled per build on first use (``scanner.py``), its code kept in the regex cache."""
    phrases = list(phrases)
    body = _trie_regex(phrases)
    return Scanner(_scanner_key(phrases), rf"\W({body})(?![\w])") if body else None


def _compile_scanner(phrases: Iterable[str]) -> re.Pattern[str] | None:
    """The default build of :func:`_scanner`."""
    scanner = _scanner(phrases)
    return scanner.default() if scanner is not None else None


def _scanner_key(phrases: list[str]) -> str:
    return "phrases-1-" + regex_cache.name_of("\n".join(phrases))


def _merge(first: list[tuple[int, int]], second: list[tuple[int, int]], first_only: bool) -> list[tuple[int, int]]:
    """Two scans' spans as one ``finditer`` would give them: left to right, the longer of two
    starting together, none overlapping."""
    if not second:
        return first
    if not first:
        return second
    spans = sorted({*first, *second}, key=lambda span: (span[0], -span[1]))
    kept: list[tuple[int, int]] = []
    for start, end in spans:
        if not kept or start >= kept[-1][1]:
            kept.append((start, end))
            if first_only:
                break
    return kept


def _scan(scanner: re.Pattern[str], text: str, first_only: bool = False) -> list[tuple[int, int]]:
    """``finditer`` of the :func:`compile_phrases` pattern, through its scanner.

    A newline put before the text stands for "no word character before" at its start.
    After a match, the next search starts on its last character, which may be the
    non-word character before the next match."""
    padded = "\n" + text
    found: list[tuple[int, int]] = []
    position = 0
    while True:
        match = scanner.search(padded, position)
        if match is None:
            return found
        start, end = match.span(1)
        found.append((start - 1, end - 1))
        if first_only:
            return found
        position = end - 1


class PhraseMatcher:
    """All phrase categories of all languages, compiled once.

    Categories are named ``element.list`` (``unsubscribe.phrases``,
    ``postal_address.po_box``...). ``languages`` keeps which language each
    phrase came from, for suggestions in messages.
    """

    def __init__(self, tables: Mapping[str, Mapping[str, Any]]):
        self._setup([(language, prepared.prepare_language(language, elements))
                     for language, elements in sorted(tables.items())])

    @classmethod
    def from_prepared(cls, languages: Iterable[tuple[str, PreparedLanguage]]) -> PhraseMatcher:
        """The matcher of languages already prepared (:mod:`~email_lint.phrases.prepared`),
        in language order."""
        matcher = cls.__new__(cls)
        matcher._setup(languages)
        return matcher

    def _setup(self, languages: Iterable[tuple[str, PreparedLanguage]]) -> None:
        merged: dict[str, list[str]] = {}
        self.by_language: dict[str, dict[str, list[str]]] = {}
        #: Cue-grammar rules by category, scanned with the category's phrases.
        self._grammar: dict[str, list[Rule]] = {}
        for language, (grammar, lists) in languages:
            for category, pieces in grammar:
                self._grammar.setdefault(category, []).append(Rule(pieces))
            for category, phrases in lists:
                merged.setdefault(category, []).extend(phrases)
                self.by_language.setdefault(category, {})[language] = list(phrases)
        self.categories = tuple(sorted({*merged, *self._grammar}))
        self._phrases = merged
        # Compiled on first use: a one-file run needs only a few categories.
        self._patterns: dict[str, re.Pattern[str] | None] = {}
        # Until then, scans go through a token tree (see phrases/tree.py), each category
        # for a budget of characters about worth its compile time.
        self._trees: dict[str, PhraseTree | None] = {}
        self._budgets: dict[str, int] = {}
        self._scanners: dict[str, Scanner | None] = {}
        self._grammar_trees: dict[str, GrammarTree] = {}
        self._normalized: dict[str, tuple[str, ...]] = {}

    def compile_all(self) -> None:
        """Compile every category's scanner now: for long-lived processes (the gate, the API),
        where later scans should cost no compile and no token-tree budget."""
        for category in self.categories:
            if category not in self._scanners:
                self._scanners[category] = _scanner(self._phrases.get(category, ()))
            scanner = self._scanners[category]
            if scanner is not None:
                scanner.compile()
            if category in self._grammar:
                self._grammar_tree(category).compile()

    def pattern(self, category: str) -> re.Pattern[str] | None:
        try:
            return self._patterns[category]
        except KeyError:
            rules = [rule.regex for rule in self._grammar.get(category, ())]
            pattern = compile_phrases(self._phrases.get(category, ()), rules)
            self._patterns[category] = pattern
            return pattern

    def _tree(self, category: str, length: int) -> PhraseTree | None:
        """The tree to scan *length* characters with, or None once the regex is due."""
        if category in self._scanners:
            return None
        if category not in self._trees:
            phrases = self._phrases.get(category, ())
            self._trees[category] = PhraseTree.from_phrases(phrases)
            cached = Scanner.cached(_scanner_key(list(phrases)))
            self._budgets[category] = _TREE_BUDGET_CACHED if cached else _TREE_BUDGET_PER_PHRASE * len(phrases)
        tree = self._trees[category]
        if tree is None or self._budgets[category] < length:
            return None
        self._budgets[category] -= length
        return tree

    def spans(self, category: str, normalized_text: str) -> list[tuple[int, int]]:
        """``(start, end)`` of every match in already-normalised text, as ``finditer`` gives."""
        return self._spans(category, normalized_text)

    def contains(self, category: str, normalized_text: str) -> bool:
        """Whether any phrase of *category* is in already-normalised text."""
        return bool(self._spans(category, normalized_text, first_only=True))

    def _spans(self, category: str, text: str, first_only: bool = False) -> list[tuple[int, int]]:
        found = self._phrase_spans(category, text, first_only)
        if category not in self._grammar:
            return found
        return _merge(found, self._grammar_spans(category, text, first_only), first_only)

    def _grammar_spans(self, category: str, text: str, first_only: bool) -> list[tuple[int, int]]:
        """The category's grammar rules (see :class:`GrammarTree`: in Python, or compiled once a run is long)."""
        return self._grammar_tree(category).spans(text, first_only)

    def _grammar_tree(self, category: str) -> GrammarTree:
        tree = self._grammar_trees.get(category)
        if tree is None:
            tree = self._grammar_trees[category] = GrammarTree(self._grammar[category])
        return tree

    def _phrase_spans(self, category: str, text: str, first_only: bool) -> list[tuple[int, int]]:
        tree = self._tree(category, len(text))
        if tree is not None:
            return tree.spans(text, first_only)
        if category not in self._scanners:
            self._scanners[category] = _scanner(self._phrases.get(category, ()))
        scanner = self._scanners[category]
        return _scan(scanner.for_text(text), text, first_only) if scanner is not None else []

    def normalized(self, category: str) -> tuple[str, ...]:
        """Every phrase of *category* normalised, without duplicates or empty ones, sorted."""
        if category not in self._normalized:
            phrases = {normalize(p) for p in self._phrases.get(category, ())}
            self._normalized[category] = tuple(sorted(p for p in phrases if p))
        return self._normalized[category]

    def search(self, category: str, normalized_text: str) -> re.Match[str] | None:
        """First match of *category* in already-normalised text."""
        pattern = self.pattern(category)
        return pattern.search(normalized_text) if pattern else None

    def examples(self, category: str, language: str | None, count: int = 2) -> list[str]:
        """A few wordings of *category* in *language* (English if none), for messages."""
        table = self.by_language.get(category, {})
        phrases = table.get(language or "en") or table.get("en") or []
        return [p for p in phrases if WILDCARD not in p][:count]


@lru_cache(maxsize=8)
def _cached_matcher(extra: prepared.Extra) -> PhraseMatcher:
    return PhraseMatcher.from_prepared(sorted(prepared.languages(extra).items()))


def load_matcher(
    extra: Mapping[str, Mapping[str, Iterable[str]]] | None = None,
) -> PhraseMatcher:
    """The bundled phrase lists plus *extra* phrases (element -> language -> phrases).

    Extra phrases from configuration go to the element's main ``phrases`` list.
    """
    frozen = tuple(
        sorted(
            (language, element, "phrases", tuple(phrases))
            for element, by_language in (extra or {}).items()
            for language, phrases in by_language.items()
        )
    )
    return _cached_matcher(frozen)
