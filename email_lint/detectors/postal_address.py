"""Postal address: the sender's street address, post-office box, ESP address tag or configured address."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from email_lint import regex_cache
from email_lint.detectors import collect
from email_lint.detectors.model import ElementEvidence, Evidence, Rejected
from email_lint.detectors.text import items_matching, phrase_hits, tags_for
from email_lint.document import TextBlock
from email_lint.normalize import fold_keep_case, normalize
from email_lint.phrases.tree import factor_alternation

if TYPE_CHECKING:
    from email_lint.context import Context
    from email_lint.detectors.text import Hit
    from email_lint.document import Document
    from email_lint.phrases.matcher import PhraseMatcher

ELEMENT = "postal_address"
LOOKED_FOR = (
    "the sender's street address ('10 High Street', '12 rue de la Paix', 'Hauptstraße 5'), a postcode "
    "with its town, a post-office box, an ESP address tag (*|HTML:LIST_ADDRESS_HTML|*) or sender.address"
)
_REASONS = {
    "merge tag": ("merge-tag", "ESP address tag"),
    "configured sender address": ("configuration", "configured sender address (sender.address)"),
    "street address": ("body", "street address"),
    "postcode": ("body", "postcode and town"),
    "post-office box": ("body", "post-office box"),
}

#: Strong postcode shapes, on the original text (case matters). Only where a match starts is
#: used, so the shapes that start a word share one test of the character before them
#: (``\b`` before each shape cost two Unicode look-ups at every position, per shape).
_POSTCODES = re.compile(
    r"""
      (?<![\w])(?:
        [A-Z][a-zA-Z.\- ]{1,30},?\s+[A-Z]{2}\s+\d{5}(?:-\d{4})?\b     # US: City, ST 12345
      | [A-Z]{1,2}\d[A-Z\d]?\s\d[A-Z]{2}\b                            # UK: LS1 4AB
      | [1-9]\d{3}\s?[A-Z]{2}\s+[A-Z][a-z]+                            # NL: 1012 AB Amsterdam
      | [A-Z]\d[A-Z]\s?\d[A-Z]\d\b                                     # CA: K1A 0B1
      | CEDEX\b
      )
    | (?<![\d.,])(?:[A-Z]{1,2}-)?\d{5}\s+(?!(?:Euro|EUR|USD|GBP|CHF)\b)[A-ZÀ-Ý](?:[A-Z]\b|[\wà-ÿ'\-]{2,})  # FR/DE/IT/ES
    | ,[^\S\n]+[A-Z][a-z]+(?:[^\S\n][A-Z][a-z]+)?,?[^\S\n]+\d{5}(?:-\d{4})?\b     # US: ..., San Francisco 94102
    """,
    re.X,
)
#: A digit or "CEDEX" (only where a match starts is used). Written to start with a character
#: class, so the regex engine skips in C to the next digit or "C" instead of trying every
#: position (`\d+|CEDEX` starts with neither a class nor a literal: twice as slow).
_DIGIT_OR_CEDEX = re.compile(r"[\dC](?:(?<=C)EDEX|(?<!C))")
_PARTICLES = (
    r"(?:de|del|della|delle|dei|degli|di|du|des|la|le|les|el|los|las|van|der|den|von|dem|"
    r"am|an|zum|zur|y|e|do|da|dos|das|of|the|saint|st\.)"
)
_HOUSE_NUMBER = r"\d{1,5}(?:\s?[a-z])?(?:[-/]\d{1,4}[a-z]?)?"
_CUSTOMER_SPAN = 6
_ADDRESS_LINE_WORDS = 10
_HEADING_WORDS = 6


def _alternation(words: tuple[str, ...]) -> str:
    """Lower-case ASCII *words* as one alternation, longest first, factored by first character
    (``phrases/tree.py``): under ``(?i:...)`` the regex engine cannot skip a branch on its
    first character, so 150 street words tried one by one at every word start cost most of
    an address search. Factoring keeps the matches (only words with different first
    characters, which cannot both match at one place, change order)."""
    ordered = sorted(words, key=len, reverse=True)
    if all(w.isascii() and w == w.lower() for w in ordered):
        return factor_alternation([(w, "") for w in ordered])
    return "|".join(re.escape(w) for w in ordered)


@lru_cache(maxsize=4)
def _street_patterns(words: tuple[str, ...], suffixes: tuple[str, ...]) -> re.Pattern[str]:
    word = _alternation(words)
    suffix = _alternation(suffixes)
    # Words between the number and the street type are names: capitalised, or the small
    # particles of street names ("Via del Corso 12"). That keeps "order #10428 is on its
    # way" or "the best way to save 20%" from reading as addresses.
    name = rf"(?:[A-Z0-9][\w'.\-]*|{_PARTICLES})"
    parts = [
        # 12 rue de la Paix / 1234 Main Street / 10 Cabot Road / 1234 S. Broadway St.
        rf"(?<![.,#]){_HOUSE_NUMBER},?[^\S\n]+(?:{name}[^\S\n]+){{0,4}}?(?i:{word})(?![\w])",
        # via Roma 10 / Calle Mayor 5 / Strasse des 17. Juni 3
        rf"(?i:{word})[^\S\n]+(?:{name}[^\S\n]+){{0,4}}?{_HOUSE_NUMBER}(?![\w%€$£])",
    ]
    if suffix:
        # Hauptstrasse 5 / Keizersgracht 123
        parts.append(rf"[A-Z]\w+(?i:{suffix})\.?[^\S\n]+{_HOUSE_NUMBER}(?![\w%€$£])")
    # Every shape starts a word (the house number, besides, not after ".,#"): tested once, first.
    pattern = r"(?<![\w])(?:" + "|".join(parts) + ")"  # ~10 ms to compile in Python: kept in the regex cache
    return regex_cache.compile_stored("streets-" + regex_cache.name_of(pattern), pattern)


def _normalized_offset(block: TextBlock, raw_offset: int) -> int:
    """The offset in the block's normalised text of the word at *raw_offset* in its text."""
    words_before = len(block.text[:raw_offset].split())
    prefix = " ".join(block.normalized.split(" ")[:words_before])
    return len(prefix) + 1 if words_before else 0


def _all(matcher: PhraseMatcher, category: str) -> tuple[str, ...]:
    return matcher.normalized(category)  # every language's, normalised once per matcher


def _customer_blocks(document: Document, matcher: PhraseMatcher) -> set[int]:
    """ids of blocks that belong to the recipient's own address (billing, shipping...)."""
    headings = {id(h.block) for h in phrase_hits(document, matcher, "postal_address.customer_address")}
    excluded: set[int] = set()
    if not headings:
        return excluded
    from email_lint.detectors.sender_identity import names_company

    visible = [b for b in document.blocks if b.visible]
    remaining = 0
    seen_digits = False
    for block in visible:
        if id(block) in headings:
            # A heading ("Billing address") starts the recipient's block; a sentence that
            # merely mentions billing details does not.
            remaining = _CUSTOMER_SPAN if len(block.text.split()) <= _HEADING_WORDS else 0
            seen_digits = False
            excluded.add(id(block))
            continue
        # A line naming a company (legal form, copyright) is the sender's footer; a line without
        # digits after the address lines (a greeting, a signature) ends the recipient's block.
        has_digit = _DIGIT_OR_CEDEX.search(block.text) is not None
        if (remaining and len(block.text.split()) <= _ADDRESS_LINE_WORDS and not names_company(block.text, matcher)
                and (has_digit or not seen_digits)):
            excluded.add(id(block))
            remaining -= 1
            seen_digits = seen_digits or has_digit
        else:
            remaining = 0  # a sentence ends the recipient's address block
    return excluded


@dataclass(frozen=True, slots=True)
class AddressMatch:
    """Where an address was found: how, in which block, at which offset, its line of text;
    ``customer`` when it stands in the recipient's own address block."""

    how: str
    block: TextBlock | None = None
    start: int = 0
    text: str = ""
    line: int = 1
    customer: bool = False
    #: Where the match starts in the block's own text.
    offset: int = 0


def find_address(document: Document, context: Context) -> AddressMatch | None:
    """The first piece of evidence of the sender's postal address, or None."""
    memo_key = ("address", id(context.matcher), context.sender_address)
    if memo_key in document.memo:
        cached: AddressMatch | None = document.memo[memo_key]
        return cached
    document.memo[memo_key] = found = _find_address(document, context)
    return found


def _blocks_with_digits(document: Document) -> list[TextBlock]:
    """Visible body blocks holding a digit or CEDEX, in order: every street shape has a house
    number and every postcode shape a digit, so the costly patterns skip all other prose.

    One scan over the joined text finds them. (Digits are looked for in the text as
    written: folding only adds superscripts and fractions, which are no house numbers.)
    """
    if "digit_blocks" in document.memo:
        cached: list[TextBlock] = document.memo["digit_blocks"]
        return cached
    blocks = [b for b in document.blocks if b.visible and b.source == "body"]
    found = items_matching(blocks, [b.text for b in blocks], _DIGIT_OR_CEDEX)
    document.memo["digit_blocks"] = found
    return found


def addresses(document: Document, context: Context) -> list[AddressMatch]:
    """Every address in the document, the recipient's own ones marked ``customer`` (memoised)."""
    key = ("addresses", id(context.matcher), context.sender_address)
    if key not in document.memo:
        document.memo[key] = list(_addresses(document, context))
    cached: list[AddressMatch] = document.memo[key]
    return cached


def _find_address(document: Document, context: Context) -> AddressMatch | None:
    return next(_addresses(document, context, find_all=False), None)


def _first_line(text: str, start: int) -> tuple[str, int]:
    """The line of *text* holding offset *start*, stripped, and its index in the text."""
    start = max(start, 0)
    begin = text.rfind("\n", 0, start) + 1
    end = text.find("\n", start)
    return text[begin: end if end >= 0 else len(text)].strip(), text.count("\n", 0, start)


def _addresses(document: Document, context: Context, find_all: bool = True) -> Iterator[AddressMatch]:
    """Every piece of evidence of the sender's address, in the order a reader trusts it;
    with *find_all* also the recipient's own addresses (``customer`` set), which do not count."""
    matcher = context.matcher
    tags = tags_for(document, "postal_address")
    for located in tags:
        yield AddressMatch("merge tag", text=located.tag.text, line=located.line)
        if not find_all:
            return
    configured = context.sender_address
    if configured and normalize(configured) in document.visible_text:
        yield AddressMatch("configured sender address", text=configured, line=_line_of(document, configured))
        if not find_all:
            return
    excluded: set[int] | None = None  # the recipient's address blocks, found only when needed

    def is_customer(block: TextBlock) -> bool:
        nonlocal excluded
        if excluded is None:
            excluded = _customer_blocks(document, matcher)
        return id(block) in excluded

    streets = _street_patterns(
        _all(matcher, "postal_address.street_words"), _all(matcher, "postal_address.street_suffixes")
    )
    for block in _blocks_with_digits(document):
        text = block.text
        folded = fold_keep_case(text)
        match = streets.search(folded)
        if match:
            customer = is_customer(block)
            if find_all or not customer:
                line, index = _first_line(folded, match.start())
                yield AddressMatch("street address", block, _normalized_offset(block, match.start()),
                                   _raw_line(text, index, line), block.line + index, customer, match.start())
                if not customer and not find_all:
                    return
        match = _POSTCODES.search(text)
        if match:
            customer = is_customer(block)
            if find_all or not customer:
                line, index = _first_line(text, match.start())
                yield AddressMatch("postcode", block, match.start(), line, block.line + index, customer, match.start())
                if not customer and not find_all:
                    return
    for hit in phrase_hits(document, matcher, "postal_address.po_box"):
        customer = is_customer(hit.block)
        if find_all or not customer:
            match = re.search(re.escape(hit.text) + r"\s*(?:n[o°]\.?\s*)?\d", hit.block.normalized)
            if match:
                yield AddressMatch("post-office box", hit.block, match.start(), _hit_line(hit), hit.line, customer,
                                   max(hit.block.text.find(hit.original), 0))
                if not customer and not find_all:
                    return


def _raw_line(text: str, index: int, fallback: str) -> str:
    """Line *index* of *text* (the folded text's lines keep their count), stripped."""
    if "\n" not in text:
        return text.strip() if index == 0 else fallback
    lines = text.split("\n")
    return lines[index].strip() if index < len(lines) else fallback


def _hit_line(hit: Hit) -> str:
    text, _ = _first_line(hit.block.text, hit.block.text.find(hit.original))
    return text


def _line_of(document: Document, text: str) -> int:
    wanted = normalize(text)
    for block in document.visible_blocks:
        if wanted in block.normalized:
            return block.line
    return 1


def _as_evidence(found: AddressMatch) -> Evidence | Rejected:
    if found.customer:
        return Rejected(found.text, found.line, "the recipient's own address, not the sender's")
    source, reason = _REASONS[found.how]
    return Evidence(found.text, found.line, source, reason)


def candidates(document: Document, context: Context) -> Iterator[Evidence | Rejected]:
    for found in addresses(document, context):
        yield _as_evidence(found)


def _first(document: Document, context: Context) -> Iterator[Evidence | Rejected]:
    """The first address only (shared with the sender detector's memo); all candidates when none."""
    found = find_address(document, context)
    if found is not None:
        yield _as_evidence(found)
    else:
        yield from candidates(document, context)


def detect(document: Document, context: Context, complete: bool = False) -> ElementEvidence:
    return collect(document, context, ELEMENT, LOOKED_FOR, candidates if complete else _first, complete)
