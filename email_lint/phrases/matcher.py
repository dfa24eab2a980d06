"""Compile phrase lists into regular expressions and scan normalised text.

A phrase is written in plain words and normalised like document text (case,
accents, quotes, white space). ``*`` stands for up to four arbitrary words:
``"the * team"`` matches "the Acme team" and "the Acme Widgets team". Phrases
are matched on word boundaries. Phrases of one category are merged into a
prefix tree, so one regular expression per category scans a document in a
single pass, whatever the number of languages.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from email_lint.normalize import normalize

WILDCARD = "*"
_WILDCARD_RE = r"(?:[^\s]+ ){0,4}?"
DATA_PACKAGE = "email_lint.phrases.data"


@dataclass(frozen=True, slots=True)
class PhraseHit:
    """One phrase found in a text: its category, matched text and offset."""

    category: str
    text: str
    start: int


def _tokens(phrase: str) -> list[str]:
    return normalize(phrase).split(" ")


def _token_regex(token: str) -> str:
    return _WILDCARD_RE if token == WILDCARD else re.escape(token)


def _trie_regex(phrases: Iterable[str]) -> str:
    """Build one regex alternation from *phrases*, sharing common word prefixes."""
    trie: dict = {}
    for phrase in phrases:
        tokens = [t for t in _tokens(phrase) if t]
        if not tokens or all(t == WILDCARD for t in tokens):
            continue
        node = trie
        for token in tokens:
            node = node.setdefault(token, {})
        node[""] = {}

    def emit(node: dict) -> str:
        ends = "" in node
        branches = []
        for token in sorted((k for k in node if k), key=lambda k: (-len(k), k)):
            child = emit(node[token])
            if token == WILDCARD:
                branches.append(_WILDCARD_RE + child)
            elif child:
                branches.append(_token_regex(token) + r"\s?" + child)
            else:
                branches.append(_token_regex(token))
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if ends else body

    return emit(trie)


def compile_phrases(phrases: Iterable[str]) -> re.Pattern[str] | None:
    """One pattern matching any of *phrases* on word boundaries, or None if empty."""
    body = _trie_regex(phrases)
    if not body:
        return None
    # Phrase boundaries: not inside a word on either side.
    return re.compile(rf"(?<![\w]){body}(?![\w])")


class PhraseMatcher:
    """All phrase categories of all languages, compiled once.

    Categories are named ``element.list`` (``unsubscribe.phrases``,
    ``postal_address.po_box``...). ``languages`` keeps which language each
    phrase came from, for suggestions in messages.
    """

    def __init__(self, tables: Mapping[str, Mapping[str, Mapping[str, list[str]]]]):
        merged: dict[str, list[str]] = {}
        self.by_language: dict[str, dict[str, list[str]]] = {}
        for language, elements in sorted(tables.items()):
            for element, lists in elements.items():
                if not isinstance(lists, Mapping):
                    continue
                for name, phrases in lists.items():
                    category = f"{element}.{name}"
                    merged.setdefault(category, []).extend(phrases)
                    self.by_language.setdefault(category, {})[language] = list(phrases)
        self.categories = tuple(sorted(merged))
        self._patterns = {c: compile_phrases(merged[c]) for c in self.categories}

    def pattern(self, category: str) -> re.Pattern[str] | None:
        return self._patterns.get(category)

    def search(self, category: str, normalized_text: str) -> re.Match[str] | None:
        """First match of *category* in already-normalised text."""
        pattern = self._patterns.get(category)
        return pattern.search(normalized_text) if pattern else None

    def find_all(self, category: str, normalized_text: str) -> list[PhraseHit]:
        pattern = self._patterns.get(category)
        if pattern is None:
            return []
        return [PhraseHit(category, m.group(0), m.start()) for m in pattern.finditer(normalized_text)]

    def examples(self, category: str, language: str | None, count: int = 2) -> list[str]:
        """A few wordings of *category* in *language* (English if none), for messages."""
        table = self.by_language.get(category, {})
        phrases = table.get(language or "en") or table.get("en") or []
        return [p for p in phrases if WILDCARD not in p][:count]


def _load_data_tables() -> dict[str, dict]:
    tables: dict[str, dict] = {}
    for entry in sorted(resources.files(DATA_PACKAGE).iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".toml") and entry.name != "merge_tags.toml":
            data = tomllib.loads(entry.read_text(encoding="utf-8"))
            tables[data.get("language", entry.name[:-5])] = data
    return tables


@lru_cache(maxsize=8)
def _cached_matcher(extra: tuple[tuple[str, str, str, tuple[str, ...]], ...]) -> PhraseMatcher:
    tables = _load_data_tables()
    for language, element, name, phrases in extra:
        lists = tables.setdefault(language, {}).setdefault(element, {})
        lists[name] = [*lists.get(name, []), *phrases]
    return PhraseMatcher(tables)


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
