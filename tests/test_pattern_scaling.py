"""Every regular expression of email_lint and the packs, and the phrase grammar, in a
scaling probe (see ``tests/scaling_probe.py``): fed adversarial inputs built from its own
pieces, no scan may take more than 2.5 times as long for twice the input.

New patterns are found without editing this file: module-level ones by walking the
packages, factory-built ones by watching ``re.compile`` while sample templates of every
format are linted for every country, phrase categories from the phrase matcher.
"""

from __future__ import annotations

import re
import sys
import types

import pytest
import scaling_probe as probe
from reproducers import _engine_and_rules

SAMPLES = {
    "t.html": """<!DOCTYPE html><html lang="en"><head>
<style>@media x {.a{color:red}} .h{display:none}</style></head><body>
<p>Dear Mr Weber, hello {{ first_name }} from *|LIST:COMPANY|*.</p>
<p>Acme Widgets Ltd, 10 High Street, Leeds LS1 4AB. Tel. +44 20 7946 0000, info@acme.example</p>
<p>© 2025 Acme. Advertisement. You receive this because you subscribed.</p>
<p>Privacy: dpo@acme.example. Impressum. Reply STOP to opt out.</p>
<a href="https://acme.example/unsubscribe?u={{id}}">Unsubscribe</a></body></html>""",
    "t.txt": "Hello,\n\nThe Acme team\nAcme GmbH, Hauptstr. 1, 10115 Berlin\nUnsubscribe: https://acme.example/u\n",
    "t.mjml": """<mjml><mj-body><mj-section><mj-column><mj-text>Acme SAS, 1 rue de Paris, 75001 Paris
</mj-text><mj-button href="https://acme.example/unsub">Se désabonner</mj-button>
</mj-column></mj-section></mj-body></mjml>""",
    "t.eml": ("From: Acme <news@acme.example>\r\nSubject: =?utf-8?q?Offre?= spring\r\nList-Unsubscribe: "
              "<https://acme.example/u>\r\nContent-Type: text/html; charset=utf-8\r\n\r\n<p>Acme Srl, Via Roma 1, "
              "00100 Roma</p><a href=\"https://acme.example/u\">Unsubscribe</a>\r\n"),
}


def _warm_up() -> None:
    """Lint each sample for every country (b2b and b2c): lazily built patterns get built."""
    from email_lint.config import build_config

    engine, codes = _engine_and_rules()
    for audience in ("b2b", "b2c"):
        config = build_config({"countries": list(engine.countries), "audience": audience}, None, set(codes))
        for name, text in SAMPLES.items():
            engine.check_bytes(name, text.encode(), config)


@pytest.fixture(scope="module")
def patterns() -> list[probe.Probed]:
    return probe.collect_patterns(_warm_up)


def test_the_probe_finds_patterns_of_every_kind(patterns):
    where = {p.where for p in patterns}
    assert any(w.startswith("email_lint.detectors.") for w in where)  # module level, core
    assert any(w.startswith("email_lint_ca.") for w in where)  # module level, a country pack
    assert any(":" in w and "()" in w for w in where)  # built by a factory while linting
    assert any(w.startswith("phrases:") for w in where)  # the phrase matcher


def test_every_pattern_scans_in_linear_time(patterns):
    slow = [str(s) for p in patterns for s in probe.probe(p)]
    assert not slow, "super-linear scans:\n" + "\n".join(slow)


def test_the_phrase_grammar_scans_in_linear_time():
    """Wildcards (``the * team``, ``reply * stop``) on runs of their own words, for every
    category, and configured phrases with the most wildcards allowed."""
    from email_lint.config import MAX_PHRASE_WILDCARDS
    from email_lint.phrases import load_matcher
    from email_lint.phrases.matcher import _compile_scanner, _scan

    stars = " ".join(["*"] * MAX_PHRASE_WILDCARDS)
    extra = {"sender_identity": {"en": [f"the {stars} team", f"w {stars} w"]}}
    matcher = load_matcher(extra)
    slow = []
    for category in matcher.categories:
        phrases = matcher._phrases.get(category, [])  # (a category may be a grammar alone)
        scanner = _compile_scanner(phrases)
        if scanner is None:
            continue
        for unit in [*probe.phrase_families(phrases), "w ", "the "]:
            found = probe.measure_run(lambda n, u=unit, s=scanner: _scan(s, u * (n // len(u))), probe.SCREEN_CHARS,
                                      category, unit)
            if found:
                slow.append(str(found))
                break
    assert not slow, "\n".join(slow)


# -- the probe itself fails on a deliberately super-linear pattern ---------------------------
QUADRATIC = {
    "an address scan retried from each character": r"[\w.]+@",
    "possessive, still retried from each character": r"[\w.]++@",
    "white space around a word at the end": r"\s*x\s*$",
    "a name before a mark": r"[A-Z][\w-]*!",
    "alternatives that overlap": r"(?:a|a)*b",
}


@pytest.mark.parametrize("source", QUADRATIC.values(), ids=list(QUADRATIC))
def test_the_probe_detects_a_quadratic_pattern(source):
    slow = probe.probe(probe.Probed("demo", re.compile(source)))
    assert slow, f"{source!r} was not detected"


def test_a_quadratic_pattern_added_to_a_module_fails_the_probe(monkeypatch):
    """The same, end to end: a module of the package gets a bad pattern; the walk finds it."""
    module = types.ModuleType("email_lint._probe_demo")
    module._ADDRESS = re.compile(r"\b[\w.+-]+@[\w-]+\.\w+")
    monkeypatch.setitem(sys.modules, module.__name__, module)
    modules = probe._modules
    monkeypatch.setattr(probe, "_modules", lambda: [*modules(), module])
    found = [p for p in probe.module_patterns() if p.where == "email_lint._probe_demo._ADDRESS"]
    assert found and probe.probe(found[0])


def test_linear_patterns_pass_the_probe():
    for source in (r"(?<![\w.])[\w.]+@", r"\bunsubscribe\b", r"https?://\S+", r"[\w.]{0,64}+@"):
        assert not probe.probe(probe.Probed("demo", re.compile(source))), source
