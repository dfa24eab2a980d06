"""The phrase matcher's three ways to scan give the same matches as its regular expression.

A one-file run scans with a token tree (no compile), a long run switches to a scanning
regex; both must find exactly what ``compile_phrases(...).finditer`` finds. Checked on
every bundled category and on made-up ones with wildcards and punctuation, over texts
built at random (fixed seed) from the phrases' own words.
"""

from __future__ import annotations

import random

import pytest

from email_lint.normalize import normalize
from email_lint.phrases import load_matcher
from email_lint.phrases.matcher import PhraseMatcher, _compile_scanner, _scan, compile_phrases
from email_lint.phrases.tree import PhraseTree

MADE_UP = {
    "wildcards": ["the * team", "* team", "l'equipe *", "a * b * c", "x", "x y", "x  y z", "* *"],
    "punctuation": ["e-mail", "e", "(c)", "p.o. box", "__", ". x", "-a", "'s", "n° 5", "100%"],
    "prefixes": ["ab", "a", "abc", "a b", "a b c", "b", "bc", "_a", "a_", "1", "12 3"],
}
SEPARATORS = [" ", "", "  ", "\n", ", ", ".", "_", "-", "\t", " (", ") "]


def _categories() -> list[tuple[str, list[str]]]:
    matcher = load_matcher()
    bundled = [(c, [p for lang in sorted(t) for p in t[lang]]) for c, t in sorted(matcher.by_language.items())]
    return bundled + sorted(MADE_UP.items())


def _texts(phrases: list[str], rng: random.Random, count: int) -> list[str]:
    normalized = [normalize(p) for p in phrases]
    pieces = normalized + [w for p in normalized for w in p.split()] + ["x", "team", "é", "_", "'", "(", "the"]
    texts = []
    for _ in range(count):
        text = "".join(rng.choice(pieces) + rng.choice(SEPARATORS) for _ in range(rng.randint(1, 9)))
        if rng.random() < 0.3:
            at = rng.randrange(len(text) + 1)
            text = text[:at] + rng.choice("ab xe_-'.\n*") + text[at:]
        texts.append(text)
    return texts


@pytest.mark.parametrize(("category", "phrases"), _categories(), ids=lambda v: v if isinstance(v, str) else "")
def test_tree_and_scanner_find_what_the_regex_finds(category, phrases):
    regex, scanner, tree = compile_phrases(phrases), _compile_scanner(phrases), PhraseTree.from_phrases(phrases)
    if regex is None:
        assert scanner is None and tree is None
        return
    for text in _texts(phrases, random.Random(category), 120):
        expected = [m.span() for m in regex.finditer(text)]
        assert tree.spans(text) == expected, text
        assert _scan(scanner, text) == expected, text
        assert tree.spans(text, first_only=True) == expected[:1], text
        assert _scan(scanner, text, first_only=True) == expected[:1], text


def test_factored_regex_keeps_the_longest_token_first():
    pattern = compile_phrases(["desabonner", "des", "desinscrire", "de"])
    assert [m.group(0) for m in pattern.finditer("de des desabonner desinscrire desx")] == [
        "de", "des", "desabonner", "desinscrire"]
    # Where a shorter token would also do, the longer one wins, in the regex and the tree.
    phrases = ["p.o", "p.o.", "box"]
    assert [m.group(0) for m in compile_phrases(phrases).finditer("p.o. box")] == ["p.o.", "box"]
    assert PhraseTree.from_phrases(phrases).spans("p.o. box") == [(0, 4), (5, 8)]


def test_matcher_switches_from_tree_to_regex_with_the_same_results():
    tables = {"en": {"greeting": {"phrases": ["hello there", "hello", "good * morning"]}}}
    text = normalize("Hello there! A good and sunny morning, hello. Hellothere hello")
    eager = PhraseMatcher(tables)
    eager._budgets["greeting.phrases"] = 0  # a long run has spent its tree budget
    eager._trees["greeting.phrases"] = PhraseTree.from_phrases(tables["en"]["greeting"]["phrases"])
    lazy = PhraseMatcher(tables)
    expected = [m.span() for m in lazy.pattern("greeting.phrases").finditer(text)]
    # "hellothere" too: white space between the words of a phrase is optional.
    assert expected == [(0, 11), (15, 37), (39, 44), (46, 56), (57, 62)]
    for _ in range(3):  # tree, then (budget spent) the scanning regex
        assert lazy.spans("greeting.phrases", text) == expected
        assert eager.spans("greeting.phrases", text) == expected
        lazy._budgets["greeting.phrases"] = 0
    assert "greeting.phrases" in lazy._scanners  # it did switch
    assert lazy.contains("greeting.phrases", "oh hello") and not lazy.contains("greeting.phrases", "othello")
    assert lazy.spans("missing.category", text) == [] and not lazy.contains("missing.category", text)
