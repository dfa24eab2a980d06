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


# -- patterns rewritten so that the regex engine skips in C to where a match can start ------
# The references are the patterns as they were written before (the straightforward way).
_PLAIN_TAG = re.compile(merge_tags._TAG.pattern.replace(r"%(?<![\w%]%)", r"(?<![\w%])%")
                        .replace(r"\[(?<![\[\w]\[)", r"(?<![\[\w])\[").replace(r"\{(?<![{\w$]\{)", r"(?<![{\w$])\{"),
                        re.VERBOSE)
_PLAIN_POSTCODES = re.compile(
    r"""
      \b[A-Z][a-zA-Z.\- ]{1,30},?\s+[A-Z]{2}\s+\d{5}(?:-\d{4})?\b
    | \b[A-Z]{1,2}\d[A-Z\d]?\s\d[A-Z]{2}\b
    | \b[1-9]\d{3}\s?[A-Z]{2}\s+[A-Z][a-z]+
    | \b[A-Z]\d[A-Z]\s?\d[A-Z]\d\b
    | (?<![\d.,])(?:[A-Z]{1,2}-)?\d{5}\s+(?!(?:Euro|EUR|USD|GBP|CHF)\b)[A-ZÀ-Ý](?:[A-Z]\b|[\wà-ÿ'\-]{2,})
    | ,[^\S\n]+[A-Z][a-z]+(?:[^\S\n][A-Z][a-z]+)?,?[^\S\n]+\d{5}(?:-\d{4})?\b
    | \bCEDEX\b
    """,
    re.X,
)
_PLAIN_IMAGE_SRC = re.compile(r"""\bsrc\s*=\s*["']?(https?://[^\s"'<>]+)""", re.I)


def _plain_streets(words: tuple[str, ...], suffixes: tuple[str, ...]) -> re.Pattern[str]:
    from email_lint.detectors.postal_address import _HOUSE_NUMBER, _PARTICLES

    word = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    suffix = "|".join(re.escape(s) for s in sorted(suffixes, key=len, reverse=True))
    name = rf"(?:[A-Z0-9][\w'.\-]*|{_PARTICLES})"
    return re.compile("|".join([
        rf"(?<![\w.,#]){_HOUSE_NUMBER},?[^\S\n]+(?:{name}[^\S\n]+){{0,4}}?(?i:{word})(?![\w])",
        rf"(?<![\w])(?i:{word})[^\S\n]+(?:{name}[^\S\n]+){{0,4}}?{_HOUSE_NUMBER}(?![\w%€$£])",
        rf"(?<![\w])[A-Z]\w+(?i:{suffix})\.?[^\S\n]+{_HOUSE_NUMBER}(?![\w%€$£])",
    ]))


def _texts(rng: random.Random, pieces: list[str], count: int, most: int = 12) -> list[str]:
    return ["".join(rng.choice(pieces) for _ in range(rng.randint(0, most))) for _ in range(count)]


def _all(pattern: re.Pattern[str] | object, text: str) -> list[tuple[tuple[int, int], tuple[str | None, ...]]]:
    return [(m.span(), m.groups()) for m in pattern.finditer(text)]  # type: ignore[attr-defined]


def test_merge_tag_and_image_source_scans_match_the_plain_patterns():
    from email_lint.detectors.brands import _IMAGE_SRC

    rng = random.Random(13)
    pieces = ["*|", "|*", "UNSUB", "{{", "}}", "{%", "%}", "<%", "%>", "%%", "[[", "]]", "${", "%", "[", "]", "{", "}",
              "$", "a", "Z_9", "shop_name", " ", "\n", "-", ".", ":", "=", "é", "src", "SRC", "\u017frc", "Src",
              '"', "'", "http://", "HTTPS://", "x.y/z", "<", ">", "_"]
    for text in _texts(rng, pieces, 6000, 14):
        assert _all(merge_tags._TAG, text) == _all(_PLAIN_TAG, text), text
        assert _all(_IMAGE_SRC, text) == _all(_PLAIN_IMAGE_SRC, text), text


def test_address_scans_start_where_the_plain_patterns_start():
    """Only where a postcode or a digit starts is used; street matches are kept whole."""
    from email_lint.detectors import postal_address
    from email_lint.phrases import load_matcher

    matcher = load_matcher()
    words = postal_address._all(matcher, "postal_address.street_words")
    suffixes = postal_address._all(matcher, "postal_address.street_suffixes")
    streets, plain_streets = postal_address._street_patterns(words, suffixes), _plain_streets(words, suffixes)
    plain_digit = re.compile(r"\d+|CEDEX")
    rng = random.Random(17)
    pieces = ["12", "1234", "12345", "5b", "10-12", "٣", " ", "  ", "\n", ",", ", ", ".", "#", "rue", "Rue", "RUE",
              "de", "la", "Paix", "Main", "Street", "St", "st.", "via", "Roma", "Hauptstrasse", "gracht", "Calle",
              "avenue", "%", "€", "x", "the", "Strasse", "des", "17.", "Juni", "\u017ftrasse", "AB", "Amsterdam",
              "LS1", "4AB", "K1A", "0B1", "CEDEX", "C", "EDEX", "San", "Francisco", "Euro", "D-", "É", "NY"]
    for text in _texts(rng, pieces, 6000):
        assert _all(streets, text) == _all(plain_streets, text), text
        pairs = ((postal_address._POSTCODES, _PLAIN_POSTCODES), (postal_address._DIGIT_OR_CEDEX, plain_digit))
        for pattern, plain in pairs:
            for start in range(0, len(text) + 1, 3):
                found, expected = pattern.search(text, start), plain.search(text, start)
                assert (found and found.start()) == (expected and expected.start()), (text, start)


def test_ascii_builds_of_phrase_scans_find_what_the_default_builds_find():
    from email_lint.phrases import load_matcher
    from email_lint.phrases.matcher import _scan, _scanner
    from email_lint.phrases.scanner import plain

    matcher = load_matcher()
    rng = random.Random(19)
    words = [w for category in ("data_source_notice.phrases", "unsubscribe.reply", "sender_identity.headings")
             for phrase in matcher._phrases[category] for w in normalize(phrase).split()]
    odd = ["€", "©", "·", "°", "\U0001f600", "ı", "ð", "٣", "é", "\u2028", "_", "-", "'"]
    for category in ("data_source_notice.phrases", "unsubscribe.reply", "sender_identity.headings"):
        scanner = _scanner(matcher._phrases[category])
        assert scanner is not None
        for _ in range(400):
            text = " ".join(rng.choice(words if rng.random() < 0.8 else odd) for _ in range(rng.randint(1, 14)))
            build = scanner.for_text(text)
            assert (build is scanner.ascii()) == plain(text)
            assert _scan(build, text) == _scan(scanner.default(), text), (category, text)
            if plain(text):
                assert _scan(scanner.ascii(), text) == _scan(scanner.default(), text)
    assert plain("€ © · x") and plain("plain") and not plain("ı") and not plain("a\u2028b") and not plain("٣")


def test_compiled_grammars_find_what_the_plain_alternation_finds_in_any_text():
    from email_lint.phrases import load_matcher
    from email_lint.phrases.grammar import GrammarTree
    from email_lint.phrases.matcher import _scan

    matcher = load_matcher()
    rng = random.Random(23)
    odd = ["€", "©", "\U0001f600", "ı", "ð", "٣", "\u2028"]
    for category, rules in sorted(matcher._grammar.items()):
        compiled = GrammarTree(rules, budget=0)
        regex = re.compile(r"\W(" + "|".join(f"(?:{rule.regex})" for rule in rules) + r")(?:(?<=')|(?![\w]))")
        pieces = [o for rule in rules for piece in rule.pieces if piece for o in piece]
        for _ in range(200):
            text = " ".join(rng.choice(pieces if rng.random() < 0.85 else odd) for _ in range(rng.randint(1, 8)))
            assert compiled.spans(text) == _scan(regex, text), (category, text)


# The include hint as one alternation (what readers used before it was split by first character).
_PLAIN_INCLUDE_HINT = re.compile(
    r"<mj-include\b|\{%-?\s*(?:include|extends|render|layout|embed|include_relative)\b|-(?<=\A-)--\s*\n[^\n]*layout\s*:"
    r"|\{\{[~-]?\s*(?:#\s*>|>|<|include\s*\(|template\s|block\s+\")|<%[=-]?\s*render\b"
)
# The engine sniffers as one regex each, tried in this order (before the delimiter tests).
_PLAIN_SNIFFERS = (
    ("go", re.compile(r"\{\{-?\s*(?:template|define|block)\s+\"")),
    ("handlebars", re.compile(r"\{\{~?[#]?\s*[><]")),
    ("liquid", re.compile(r"\{%-?\s*(?:render|include_relative|layout)\b|\A---[ \t]*\n(?:[^\n]*\n){0,40}?layout\s*:")),
    ("jinja", re.compile(r"\{%-?\s*(?:include|extends|import|from|embed|block)\b|\{\{-?\s*(?:include|source)\s*\(")),
    ("erb", re.compile(r"<%")),
)
_TEMPLATE_PIECES = ["<mj-include", "{%", "{%-", "{{", "{{~", "{{-", " ", "\t", "\n", "include", "extends", "render",
                    "layout", "embed", "include_relative", "---", "-", ":", "#", ">", "<", "(", "template ", 'block "',
                    "define", "<%", "<%=", "<%--", "--%>", "{#", "#}", "{{!", "{{!--", "--}}", "}}", "x", "source("]


def test_include_hint_and_engine_sniffing_match_the_plain_regexes():
    from email_lint.assembly.engines import engine_sniffed
    from email_lint.readers import has_include_syntax

    rng = random.Random(11)
    for _ in range(20000):
        text = "".join(rng.choice(_TEMPLATE_PIECES) for _ in range(rng.randint(0, 12)))
        assert has_include_syntax(text) == bool(_PLAIN_INCLUDE_HINT.search(text)), text
        plain = next((engine for engine, pattern in _PLAIN_SNIFFERS if pattern.search(text)), None)
        assert engine_sniffed(text) == plain, text


def test_template_comments_are_those_of_the_plain_span_scan():
    from email_lint.readers.markup import _HTML_COMMENT, _TEMPLATE_COMMENT, template_comments
    from email_lint.readers.spans import LineCounter, find_spans

    rng = random.Random(12)
    pieces = [*_TEMPLATE_PIECES, "<!--", "-->"]
    for _ in range(5000):
        source = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 12)))
        for html in (False, True):
            plain = []
            for delimiters in ((_TEMPLATE_COMMENT, _HTML_COMMENT) if html else (_TEMPLATE_COMMENT,)):
                lines = LineCounter(source, 3)
                plain.extend((span.body, lines.line_at(span.start)) for span in find_spans(source, delimiters))
            plain.sort(key=lambda c: c[1])
            assert [(c.text, c.line) for c in template_comments(source, 2, html)] == plain, source
