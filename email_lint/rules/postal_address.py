"""EL005 postal-address."""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache

from email_lint.document import TextBlock
from email_lint.evidence import phrase_hits, tags_for
from email_lint.normalize import fold_keep_case, normalize
from email_lint.rules.base import Violation, rule

#: Strong postcode shapes, on the original text (case matters).
_POSTCODES = re.compile(
    r"""
      \b[A-Z][a-zA-Z.\- ]{1,30},?\s+[A-Z]{2}\s+\d{5}(?:-\d{4})?\b   # US: City, ST 12345
    | \b[A-Z]{1,2}\d[A-Z\d]?\s\d[A-Z]{2}\b                          # UK: LS1 4AB
    | \b[1-9]\d{3}\s?[A-Z]{2}\s+[A-Z][a-z]+                          # NL: 1012 AB Amsterdam
    | \b[A-Z]\d[A-Z]\s?\d[A-Z]\d\b                                   # CA: K1A 0B1
    | (?<![\d.,])(?:[A-Z]{1,2}-)?\d{5}\s+(?!(?:Euro|EUR|USD|GBP|CHF)\b)[A-ZÀ-Ý](?:[A-Z]\b|[\wà-ÿ'\-]{2,})  # FR/DE/IT/ES
    | ,[^\S\n]+[A-Z][a-z]+(?:[^\S\n][A-Z][a-z]+)?,?[^\S\n]+\d{5}(?:-\d{4})?\b     # US: ..., San Francisco 94102
    | \bCEDEX\b
    """,
    re.X,
)
_DIGIT_OR_CEDEX = re.compile(r"\d+|CEDEX")
_PARTICLES = (
    r"(?:de|del|della|delle|dei|degli|di|du|des|la|le|les|el|los|las|van|der|den|von|dem|"
    r"am|an|zum|zur|y|e|do|da|dos|das|of|the|saint|st\.)"
)
_HOUSE_NUMBER = r"\d{1,5}(?:\s?[a-z])?(?:[-/]\d{1,4}[a-z]?)?"
_CUSTOMER_SPAN = 6
_ADDRESS_LINE_WORDS = 10
_HEADING_WORDS = 6


@lru_cache(maxsize=4)
def _street_patterns(words: tuple[str, ...], suffixes: tuple[str, ...]) -> re.Pattern[str]:
    word = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    suffix = "|".join(re.escape(s) for s in sorted(suffixes, key=len, reverse=True))
    # Words between the number and the street type are names: capitalised, or the small
    # particles of street names ("Via del Corso 12"). That keeps "order #10428 is on its
    # way" or "the best way to save 20%" from reading as addresses.
    name = rf"(?:[A-Z0-9][\w'.\-]*|{_PARTICLES})"
    parts = [
        # 12 rue de la Paix / 1234 Main Street / 10 Cabot Road / 1234 S. Broadway St.
        rf"(?<![\w.,#]){_HOUSE_NUMBER},?[^\S\n]+(?:{name}[^\S\n]+){{0,4}}?(?i:{word})(?![\w])",
        # via Roma 10 / Calle Mayor 5 / Strasse des 17. Juni 3
        rf"(?<![\w])(?i:{word})[^\S\n]+(?:{name}[^\S\n]+){{0,4}}?{_HOUSE_NUMBER}(?![\w%€$£])",
    ]
    if suffix:
        # Hauptstrasse 5 / Keizersgracht 123
        parts.append(rf"(?<![\w])[A-Z]\w+(?i:{suffix})\.?[^\S\n]+{_HOUSE_NUMBER}(?![\w%€$£])")
    return re.compile("|".join(parts))


def _normalized_offset(block, raw_offset: int) -> int:
    """The offset in the block's normalised text of the word at *raw_offset* in its text."""
    words_before = len(block.text[:raw_offset].split())
    prefix = " ".join(block.normalized.split(" ")[:words_before])
    return len(prefix) + 1 if words_before else 0


def _all(matcher, category: str) -> tuple[str, ...]:
    return matcher.normalized(category)  # every language's, normalised once per matcher


def _customer_blocks(document, matcher) -> set[int]:
    """ids of blocks that belong to the recipient's own address (billing, shipping...)."""
    headings = {id(h.block) for h in phrase_hits(document, matcher, "postal_address.customer_address")}
    excluded: set[int] = set()
    if not headings:
        return excluded
    from email_lint.rules.sender_identity import names_company

    visible = [b for b in document.blocks if b.visible]
    remaining = 0
    for block in visible:
        if id(block) in headings:
            # A heading ("Billing address") starts the recipient's block; a sentence that
            # merely mentions billing details does not.
            remaining = _CUSTOMER_SPAN if len(block.text.split()) <= _HEADING_WORDS else 0
            excluded.add(id(block))
            continue
        # A line naming a company (legal form, copyright) is the sender's footer.
        if remaining and len(block.text.split()) <= _ADDRESS_LINE_WORDS and not names_company(block.text, matcher):
            excluded.add(id(block))
            remaining -= 1
        else:
            remaining = 0  # a sentence ends the recipient's address block
    return excluded


@dataclass(frozen=True, slots=True)
class AddressMatch:
    """Where the sender's address was found: how, in which block, at which offset."""

    how: str
    block: TextBlock | None = None
    start: int = 0


def find_address(document, context) -> AddressMatch | None:
    """The first piece of evidence of the sender's postal address, or None."""
    memo_key = ("address", id(context.matcher), context.sender_address)
    if memo_key in document.memo:
        return document.memo[memo_key]
    document.memo[memo_key] = found = _find_address(document, context)
    return found


def _blocks_with_digits(document) -> list[TextBlock]:
    """Visible body blocks holding a digit or CEDEX, in order: every street shape has a house
    number and every postcode shape a digit, so the costly patterns skip all other prose.

    One scan over the joined text finds them. (Digits are looked for in the text as
    written: folding only adds superscripts and fractions, which are no house numbers.)
    """
    blocks = [b for b in document.blocks if b.visible and b.source == "body"]
    starts: list[int] = []
    offset = 0
    for block in blocks:
        starts.append(offset)
        offset += len(block.text) + 1
    joined = "\n".join(b.text for b in blocks)
    found = {bisect_right(starts, m.start()) - 1 for m in _DIGIT_OR_CEDEX.finditer(joined)}
    return [blocks[i] for i in sorted(found)]


def _find_address(document, context) -> AddressMatch | None:
    matcher = context.matcher
    if tags_for(document, "postal_address"):
        return AddressMatch("merge tag")
    if context.sender_address and normalize(context.sender_address) in document.visible_text:
        return AddressMatch("configured sender address")
    excluded: set[int] | None = None  # the recipient's address blocks, found only when needed

    def is_customer(block) -> bool:
        nonlocal excluded
        if excluded is None:
            excluded = _customer_blocks(document, matcher)
        return id(block) in excluded

    streets = _street_patterns(
        _all(matcher, "postal_address.street_words"), _all(matcher, "postal_address.street_suffixes")
    )
    for block in _blocks_with_digits(document):
        text = block.text
        match = streets.search(fold_keep_case(text))
        if match and not is_customer(block):
            return AddressMatch("street address", block, _normalized_offset(block, match.start()))
        match = _POSTCODES.search(text)
        if match and not is_customer(block):
            return AddressMatch("postcode", block, match.start())
    for hit in phrase_hits(document, matcher, "postal_address.po_box"):
        if not is_customer(hit.block):
            match = re.search(re.escape(hit.text) + r"\s*(?:n[o°]\.?\s*)?\d", hit.block.normalized)
            if match:
                return AddressMatch("post-office box", hit.block, match.start())
    return None


def address_evidence(document, context) -> str | None:
    """How the sender's postal address is given, or None."""
    found = find_address(document, context)
    return found.how if found else None


@rule(
    "EL005",
    "postal-address",
    "The email must give the sender's postal address.",
    reference="CAN-SPAM 15 U.S.C. 7704(a)(5)(A)(iii); CASL regulations s. 2; LCEN art. 19",
)
def check_postal_address(document, context):
    """## What it does
    Fails when the email carries no postal address of its sender: a street address
    ("10 High Street", "12 rue de la Paix", "Hauptstraße 5", "Via Roma 10", "Calle Mayor 5",
    "Keizersgracht 123"), a postcode with its town, a post-office box ("P.O. Box 12",
    "Postfach 10 20 30"), an ESP address tag (`*|HTML:LIST_ADDRESS_HTML|*`, `[Sender_Address]`,
    `[[POSTAL_ADDRESS]]`) or the address set in configuration (`sender.address`).
    The recipient's own billing or shipping address block does not count, nor does
    hidden text.

    ## Why
    CAN-SPAM requires "a valid physical postal address of the sender" (15 U.S.C.
    7704(a)(5)(A)(iii)); CASL requires a mailing address (Electronic Commerce Protection
    Regulations s. 2); in the EU the sender's geographic address belongs to the information
    a service provider must make available (LCEN art. 19, DDG §5, LSSI art. 10), and German
    business letters need the registered seat (HGB §37a).

    ## Example
    ```html
    <p>Acme Widgets Ltd</p>
    ```

    ## Use instead
    ```html
    <p>Acme Widgets Ltd, 10 High Street, Leeds LS1 4AB, United Kingdom</p>
    ```

    email-lint gives technical checks, not legal advice.
    """
    if address_evidence(document, context) is None:
        yield Violation(
            "no postal address of the sender found: add the sender's street address or "
            "post-office box with postcode and town (or your ESP's address tag, e.g. "
            "*|HTML:LIST_ADDRESS_HTML|*), or set sender.address in the configuration"
        )
