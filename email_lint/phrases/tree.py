"""Phrases as a token tree, matched in pure Python exactly as their compiled regex would.

Compiling a category's regular expression costs 1-30 ms (thousands of phrases in six
languages), more than scanning one document with this tree. A one-file run therefore
never compiles: :class:`~email_lint.phrases.matcher.PhraseMatcher` scans with the tree
until that has cost about what compiling would, then switches to the regex, which is
faster per character. Both give the same matches, in the same order, with the same
spans: the tree replays the regex's backtracking order (alternatives longest token
first, ``\\s?`` greedy, ``*`` lazy, optional endings greedy) and its boundaries
(no word character before the match or after it).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from email_lint.normalize import normalize

WILDCARD = "*"
#: One word of a wildcard: the same construct as in the regex (``(?:[^\s]{1,64}+ ){0,4}?``).
_WILD_WORD = re.compile(r"[^\s]{1,64}+ ")
_MAX_WILD_WORDS = 4

#: Nested dicts of tokens; ``""`` marks where a phrase ends.
Trie = dict[str, "Trie"]
#: A token and the trie after it.
Branch = tuple[str, Trie]
#: A node is (ends here, branches in priority order, branches by first character or None
#: when a wildcard branch makes every character possible); a branch is (token, child trie).
Node = tuple[bool, tuple[Branch, ...], "dict[str, tuple[Branch, ...]] | None"]


def factor_alternation(branches: list[tuple[str, str]]) -> str:
    """An alternation of ``literal + tail`` branches, factored by first character.

    ``(?:desabonner|desinscrire|de)`` becomes ``d(?:e(?:s(?:abonner|inscrire)|))``: at each
    position the regex engine then tries a handful of characters instead of every branch,
    which makes scanning several times faster. Matches are identical: only branches that
    start with different characters (so cannot both match at one position) change order;
    a branch with no literal prefix (a wildcard) keeps its place among the others.
    """
    out: list[str] = []
    run: dict[str, list[tuple[str, str]]] = {}

    def flush() -> None:
        for char, members in run.items():
            if len(members) == 1:
                out.append(re.escape(char + members[0][0]) + members[0][1])
            else:
                out.append(re.escape(char) + "(?:" + factor_alternation(members) + ")")
        run.clear()

    for literal, tail in branches:
        if literal:
            run.setdefault(literal[0], []).append((literal[1:], tail))
        else:
            flush()
            out.append(tail)
    flush()
    return "|".join(out)


def phrase_trie(phrases: Iterable[str]) -> Trie:
    """Phrases as nested dicts of normalised tokens; ``""`` marks where a phrase ends."""
    trie: Trie = {}
    for phrase in phrases:
        tokens = [t for t in normalize(phrase).split(" ") if t]
        if not tokens or all(t == WILDCARD for t in tokens):
            continue
        node = trie
        for token in tokens:
            node = node.setdefault(token, {})
        node[""] = {}
    return trie


def priority(tokens: Iterable[str]) -> list[str]:
    """The order in which the regex tries a node's tokens: longest first, then alphabetical."""
    return sorted((t for t in tokens if t), key=lambda t: (-len(t), t))


def _node(trie: Trie) -> Node:
    branches = tuple((token, trie[token]) for token in priority(trie))
    by_char: dict[str, tuple[Branch, ...]] | None = None
    if all(token != WILDCARD for token, _ in branches):
        grouped: dict[str, list[Branch]] = {}
        for branch in branches:  # tokens with different first characters exclude each other
            grouped.setdefault(branch[0][0], []).append(branch)
        by_char = {char: tuple(group) for char, group in grouped.items()}
    return ("" in trie, branches, by_char)


def is_word(char: str) -> bool:
    """The regex's ``\\w`` for one character."""
    return char.isalnum() or char == "_"


class PhraseTree:
    """One category's phrases, scanned in Python (nodes are prepared on first visit)."""

    def __init__(self, trie: Trie):
        self._trie = trie
        self._nodes: dict[int, Node] = {}
        first = self._node(trie)[2]
        # Where a match can start: no word character before, and (without a leading
        # wildcard) one of the first characters of the tokens.
        chars = "[" + "".join(re.escape(c) for c in sorted(first)) + "]" if first is not None else ""
        self._starts = re.compile(r"(?<![\w])" + chars)

    @classmethod
    def from_phrases(cls, phrases: Iterable[str]) -> PhraseTree | None:
        trie = phrase_trie(phrases)
        return cls(trie) if trie else None

    def _node(self, trie: Trie) -> Node:
        node = self._nodes.get(id(trie))
        if node is None:
            node = self._nodes[id(trie)] = _node(trie)
        return node

    def _ends(self, trie: Trie, text: str, pos: int) -> Iterator[int]:
        """Where a match of *trie* starting at *pos* can end, in the regex's order of trial."""
        ends, branches, by_char = self._node(trie)
        if branches:
            # Without a wildcard, only the tokens starting with the next character can match.
            at = text[pos] if pos < len(text) else ""
            choices = branches if by_char is None else by_char.get(at, ())
            for token, child in choices:
                if token == WILDCARD:  # lazy: no word first, then one more at a time
                    after = pos
                    for _ in range(_MAX_WILD_WORDS):
                        yield from self._ends(child, text, after)
                        word = _WILD_WORD.match(text, after)
                        if word is None:
                            break
                        after = word.end()
                    else:
                        yield from self._ends(child, text, after)
                elif text.startswith(token, pos):
                    end = pos + len(token)
                    if len(child) > 1 or "" not in child:  # "\s?", greedy, before the next token
                        if end < len(text) and text[end].isspace():
                            yield from self._ends(child, text, end + 1)
                        yield from self._ends(child, text, end)
                    else:
                        yield end
        if ends or not branches:  # an optional ending is tried after every longer branch
            yield pos

    def _match_at(self, text: str, start: int) -> int | None:
        for end in self._ends(self._trie, text, start):
            if end == len(text) or not is_word(text[end]):
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
