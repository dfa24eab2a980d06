"""Shortcuts taken for speed give exactly what the plain code they replace gives.

Each one is checked against a reference written the straightforward way (as the code
was before it was made fast), over random inputs with a fixed seed.
"""

from __future__ import annotations

import random
import re

from email_lint import merge_tags
from email_lint.normalize import _normalize, normalize
from email_lint.readers.css import _DECL, _normalize_color, normalize_color, parse_declarations

# The runs of tag characters and character references the entity scan looked at first.
_PLAIN_ENTITY_RUN = re.compile(rf"(?:{merge_tags._ENTITY}|{merge_tags._TAG_CHAR})+", re.I)
_ENTITY_PIECES = ["&#123;", "&#x7B;", "&#0125;", "&lt;", "&GT;", "&lcub;", "&amp;", "&", "#", ";", "a", "B", " ",
                  "\n", "{", "}", "|", "*", "%", "(", ")", "x", "=", '"', "'", "[", "]", ":", ".", "unsubscribe"]


def test_entity_runs_are_the_runs_holding_a_reference():
    rng = random.Random(7)
    for _ in range(3000):
        source = "".join(rng.choice(_ENTITY_PIECES) for _ in range(rng.randint(0, 30)))
        plain = [(m.start(), m.group(0)) for m in _PLAIN_ENTITY_RUN.finditer(source) if "&" in m.group(0)]
        fast = [(m.start(), m.group(0)) for m in merge_tags._entity_run().finditer(source)]
        assert fast == plain, source
        if not merge_tags._ANY_ENTITY.search(source):
            assert plain == []


def test_entity_encoded_unsubscribe_tag_is_still_found():
    hits = merge_tags.entity_encoded_tags('<a href="&#123;&#123;unsubscribe_url&#125;&#125;">Unsubscribe</a>')
    assert [h.text for h in hits] == ["{{unsubscribe_url}}"]


def test_tag_search_skips_only_text_without_delimiters():
    rng = random.Random(3)
    pieces = ["*|UNSUB|*", "{{ unsubscribe_url }}", "[[UNSUB_LINK_EN]]", "%unsubscribe_url%", "<%asm%>", "${x}",
              "{shop_name}", "[Sender_Address]", "plain words", " ", "*", "{", "%", "[", "<", "$"]
    for _ in range(2000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 6)))
        if not merge_tags.TAG_START.search(text):
            assert not merge_tags._TAG.search(text), text
            assert merge_tags.find_tags(text) == []


def test_cached_normalisation_and_css_parsing_match_the_plain_functions():
    rng = random.Random(5)
    words = ["Se", "DÉSABONNER", "se\u00addésabonner", "\u00a0", "Straße", "  ", "\n", "œuvre", "’", "x" * 1200]
    for _ in range(500):
        text = " ".join(rng.choice(words) for _ in range(rng.randint(0, 5)))
        assert normalize(text) == _normalize(text) == normalize(text)
    styles = ["color: red; display:none", "COLOR:#FFF !important;color:blue", "font-size:0", "", "x" * 600 + ":1"]
    for style in styles * 2:
        expected = {n.strip().lower(): v.replace("!important", "").strip().lower() for n, v in _DECL.findall(style)}
        first = parse_declarations(style)
        assert first == expected
        first["mutated"] = "yes"  # callers may change what they get: the cache must not see it
        assert parse_declarations(style) == expected
    for value in ["#FFF", "white", "rgb(255, 255, 255)", "rgba(0,0,0,0)", None, "", "#12345", " #abcdef  x"]:
        assert normalize_color(value) == _normalize_color.__wrapped__(value)
    assert normalize_color("#FFF") == "#ffffff" and normalize_color("rgba(0,0,0,0)") == "transparent"
