"""Cue grammars (phrases/grammar.py): rules over slots, scanned in Python or by regex alike."""

from __future__ import annotations

import random
import re

import pytest

from email_lint.normalize import normalize
from email_lint.phrases import load_matcher
from email_lint.phrases.grammar import MAX_WILDCARDS, GrammarError, GrammarTree, compile_rule, extract_grammars
from email_lint.phrases.matcher import PhraseMatcher, _scan

SLOTS = {
    "we": ["we contact you", "we write to you", "we write", "i contact you"],
    "because": ["because", "since", "as"],
    "data": ["your details", "your e-mail address", "your data"],
    "from": ["come from", "comes from", "were obtained from", "were obtained", "dall'", "from the"],
}
RULES = ["{we} {because} you", "{data} {from}", "{we} * {because} your", "why {we}", "{data} * today *"]


def _regex(rules) -> re.Pattern[str]:
    return re.compile(r"\W(" + "|".join(f"(?:{rule.regex})" for rule in rules) + r")(?:(?<=')|(?![\w]))")


def test_rule_pieces_and_regex():
    rule = compile_rule("{we} {because} you", SLOTS)
    assert rule.pieces == (("we write to you", "we contact you", "i contact you", "we write"),
                           ("because", "since", "as"), ("you",))
    assert re.fullmatch(rule.regex, "we write to you since you")
    assert not re.fullmatch(rule.regex, "we phone you since you")


@pytest.mark.parametrize(
    ("rule", "message"),
    [("{nope} here", "unknown or empty slot"), ("a * b * c * d", "wildcards"), ("* {we}", "must start"),
     ("{empty} x", "unknown or empty slot")],
)
def test_bad_rules_are_errors(rule, message):
    with pytest.raises(GrammarError, match=message):
        compile_rule(rule, {**SLOTS, "empty": []}, "en.toml")
    assert MAX_WILDCARDS == 2


def test_tables_lose_their_grammar_and_name_categories():
    table = {
        "language": "en",
        "slots": {"you": ["you", "you're"]},
        "data_source_notice": {
            "phrases": ["plain"], "slots": {"told": ["asked us"]}, "grammar": {"phrases": ["{you} {told}"]},
        },
    }
    found = extract_grammars(table, "en")
    assert [category for category, _ in found] == ["data_source_notice.phrases"]
    assert table == {"language": "en", "data_source_notice": {"phrases": ["plain"]}}


def _texts(rng: random.Random, count: int) -> list[str]:
    words = [normalize(w) for options in SLOTS.values() for option in options for w in [option, *option.split()]]
    words += ["you", "your", "why", "today", "x", "-", "_", "e", "youx"]
    separators = [" ", "", "  ", ", ", ".", "_", "-", "\n", ": ", "'", ","]
    return ["".join(rng.choice(words) + rng.choice(separators) for _ in range(rng.randint(1, 12)))
            for _ in range(count)]


@pytest.mark.parametrize("budget", [None, 0], ids=["python-scan", "compiled"])
def test_tree_finds_what_the_regex_finds(budget):
    """The Python scan (one-file runs), the compiled scan (long runs) and the regex of the
    whole alternation agree exactly."""
    rules = [compile_rule(rule, SLOTS) for rule in RULES]
    tree, regex = GrammarTree(rules, budget=10**9 if budget is None else budget), _regex(rules)
    for text in _texts(random.Random(7), 3000):
        text = normalize(text)
        assert tree.spans(text) == _scan(regex, text), text
        assert tree.spans(text, first_only=True) == _scan(regex, text, first_only=True), text


def test_tree_compiles_once_its_budget_is_read():
    rules = [compile_rule(rule, SLOTS) for rule in RULES]
    tree = GrammarTree(rules, budget=100)
    text = normalize("We write to you because you work in logistics. " * 3)
    first = tree.spans(text[:90])
    assert tree._compiled is None  # within the budget: scanned in Python
    assert tree.spans(text) and tree._compiled is not None  # beyond it: compiled
    assert tree.spans(text[:90]) == first


def test_bundled_grammars_scan_the_same_both_ways():
    matcher = load_matcher()
    rng = random.Random(11)
    for category, rules in sorted(matcher._grammar.items()):
        python, compiled, regex = GrammarTree(rules, budget=10**9), GrammarTree(rules, budget=0), _regex(rules)
        pieces = [normalize(o) for rule in rules for piece in rule.pieces if piece for o in piece]
        for _ in range(300):
            text = " ".join(rng.choice(pieces) for _ in range(rng.randint(1, 8)))
            expected = _scan(regex, text)
            assert python.spans(text) == expected, (category, text)
            assert compiled.spans(text) == expected, (category, text)


def test_matcher_merges_grammar_hits_with_phrase_hits():
    tables = {"en": {"data_source_notice": {"phrases": ["you signed up"], "slots": SLOTS,
                                            "grammar": {"phrases": RULES}}}}
    matcher = PhraseMatcher(tables)
    text = normalize("Hello. We write to you since you met us. You signed up. Your details come from the fair.")
    found = [text[a:b] for a, b in matcher.spans("data_source_notice.phrases", text)]
    assert found == ["we write to you since you", "you signed up", "your details come from"]
    assert matcher.contains("data_source_notice.phrases", normalize("your data were obtained from a register"))
    assert not matcher.contains("data_source_notice.phrases", normalize("we phone you because you called"))


@pytest.mark.parametrize(
    ("language", "sentence"),
    [
        ("en", "We are contacting you since you met our team at the trade fair in Leeds."),
        ("en", "Your details come from the public register of architects."),
        ("en", "This message goes to everyone who created an account on our site."),
        ("fr", "Nous vous contactons car vous avez visité notre stand au salon."),
        ("fr", "Vos coordonnées proviennent de l'annuaire des entreprises de la CCI."),
        ("de", "Wir schreiben Ihnen, weil Sie uns auf der Messe in Köln besucht haben."),
        ("de", "Ihre Kontaktdaten stammen aus dem Handelsregister."),
        ("it", "Ti contattiamo perché hai lasciato il tuo biglietto da visita al nostro stand."),
        ("it", "I suoi dati provengono da elenchi pubblici."),
        ("es", "Te escribimos porque visitaste nuestro stand en la feria de Valencia."),
        ("es", "Sus datos proceden del registro mercantil."),
        ("nl", "Wij benaderen u omdat u onze stand op de beurs bezocht."),
        ("nl", "Uw gegevens zijn afkomstig uit het handelsregister."),
    ],
)
def test_paraphrased_data_source_notices(language, sentence):
    assert load_matcher().contains("data_source_notice.phrases", normalize(sentence)), (language, sentence)


@pytest.mark.parametrize(
    "sentence",
    [
        "This email is a promotional message from Harbour & Pine.",
        "Ce courriel constitue une communication commerciale.",
        "Diese E-Mail ist Werbung.",
        "Questa email è una comunicazione commerciale.",
        "Este correo es una comunicación comercial.",
        "Dit bericht is een advertentie.",
    ],
)
def test_paraphrased_commercial_statements(sentence):
    assert load_matcher().contains("commercial_statement.phrases", normalize(sentence)), sentence


@pytest.mark.parametrize(
    "sentence",
    [
        "You receive your order as soon as you pay.",
        "Vous recevez votre colis suite à votre commande.",
        "We are an advertising agency based in Bristol.",
        "Sie haben Fragen zu Ihrer Bestellung?",
    ],
)
def test_near_misses_stay_silent(sentence):
    matcher = load_matcher()
    text = normalize(sentence)
    assert not matcher.contains("data_source_notice.phrases", text)
    assert not matcher.contains("commercial_statement.phrases", text)


def test_compile_all_compiles_the_grammars_too():
    """Long-lived processes (the gate, the API) scan every category compiled from the start."""
    matcher = load_matcher()
    matcher.compile_all()
    assert matcher._grammar and all(matcher._grammar_tree(c)._compiled is not None for c in matcher._grammar)
