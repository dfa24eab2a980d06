"""Sender identity: a name that identifies who sends the email, found where a sender is named."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from email_lint.detectors import collect
from email_lint.detectors.model import ElementEvidence, Evidence, Rejected
from email_lint.detectors.text import RawIndex, phrase_hits, tags_for
from email_lint.normalize import normalize

ELEMENT = "sender_identity"
LOOKED_FOR = (
    "a name of the sender: a legal entity ('Acme Ltd'), a copyright holder, a signature with a name, "
    "the From display name, a logo alt text, an ESP company tag (*|LIST:COMPANY|*) or sender.name"
)

_COPYRIGHT = re.compile(
    r"(?:©|\(c\)|\bcopyright\b)[^\S\n]*©?[^\S\n]*(?:\d{4}(?:[^\S\n]*[-–][^\S\n]*\d{2,4})?)?[^\S\n,.:]*[,.:]?[^\S\n]*"
    r"(?P<holder>[^\s,.]?.{0,60})",
    re.I,
)
#: "Ihr Acme-Team", "het Acme-team": a possessive or article, then a hyphenated team name.
_TEAM_COMPOUND = re.compile(r"(?<!\w)(?:ihr|dein|euer|eure|das|vom|het|uw|je|jouw)\s+\S+-team(?!\w)")
_NAME_WORD = r"[A-Z0-9\[{*][\w&'’.\-\]}|*]*"
#: What joins two words of one name: "Harbour & Pine", "Marks and Spencer", "Dupont et Fils".
_JOIN = r"(?:[ \t]+(?:&|\+|and|und|et|e|y|en))?"
#: A whole block that is a dashed sign-off: "— The Mailgunners".
_SIGN_OFF = re.compile(r"[—–-]{1,2}\s*(?:the\s+)?[A-Z][\w'’&.\-]+(?:\s+[A-Z][\w'’&.\-]+){0,3}")
_LOGO_ALT = re.compile(r"\blogo\b", re.I)
#: ``"Name" <addr>``: possessive, so a long run of white space without ``<addr>`` (a folded or
#: RFC 2047-encoded From) is scanned once, not once per split (cubic in its length).
_ADDRESS = re.compile(r'^\s*+"?+([^"<]*+)"?+\s*+<[^>]++>\s*+$')


@lru_cache(maxsize=4)
def _legal_form_pattern(forms: tuple[str, ...]) -> re.Pattern[str]:
    alternatives = "|".join(re.escape(f) for f in sorted(forms, key=len, reverse=True))
    # A name of one to five words, then the legal form ("Acme Widgets GmbH", "[Company Name, LLC]").
    # The lookbehind starts a name only where a word starts and the possessive "*+" never
    # gives characters back: otherwise a long unbroken run ("*|*|*|...", found by the
    # scaling probe) is retried from each of its characters, quadratic in its length.
    first = r"(?<![\w&'’.\-\]}|*\[{])" + _NAME_WORD + "+"
    return re.compile(
        rf"{first}(?:{_JOIN}[ \t]+{_NAME_WORD}+){{0,4}},?[ \t]+(?:{alternatives})(?![\w])"
    )


def _legal_forms(matcher) -> tuple[str, ...]:
    forms: set[str] = set()
    for phrases in matcher.by_language.get("sender_identity.legal_forms", {}).values():
        forms.update(phrases)
    return tuple(sorted(forms))


def names_company(text: str, matcher) -> bool:
    """True when *text* names a legal entity ("Acme Ltd") or a copyright holder."""
    forms = _legal_forms(matcher)
    if forms and _legal_form_pattern(forms).search(text):
        return True
    return _copyright_holder(text, _rights_reserved(matcher)) is not None


def _rights_reserved(matcher) -> tuple[str, ...]:
    phrases: set[str] = set()
    for values in matcher.by_language.get("sender_identity.rights_reserved", {}).values():
        phrases.update(normalize(v) for v in values)
    return tuple(sorted(phrases))


def _holder(match: re.Match[str], rights_reserved: tuple[str, ...]) -> str | None:
    holder = normalize(match.group("holder"))
    names_someone = holder and (holder[0].isalnum() or holder[0] in "[{*")
    if names_someone and not holder.startswith(rights_reserved):
        return match.group("holder").strip()
    return None


def _copyright_holder(text: str, rights_reserved: tuple[str, ...]) -> str | None:
    """The holder named by a copyright line ("© 2025 Acme Ltd"), or None ("© 2025. All rights reserved.")."""
    for match in _COPYRIGHT.finditer(text):
        holder = _holder(match, rights_reserved)
        if holder:
            return holder
    return None


def _from_display_name(value: str | None) -> str | None:
    if not value:
        return None
    match = _ADDRESS.match(value)
    name = (match.group(1) if match else "").strip()
    return name or None


#: Words of at most 64 characters, taken possessively: from each capital of a long run
#: ("A-A-A-...A!") the run was otherwise scanned to its end (quadratic).
_NAME_BEFORE = re.compile(r"([A-Z][\w'’&.\-]{0,63}+(?:[ \t]+[\w'’&.\-]{1,64}+){0,5}+)[\s,|–—\-]*$")
_MAX_NAME_WORDS = 8


def _name_beside_address(document, context) -> str | None:
    """A footer's organisation name: the capitalised words just before the sender's address.

    Footers put the sender's name before its address ("Acme, 1 Main St" or a line
    "Acme" above "1 Main St"). Only a street address or PO box anchors this, not a tag.
    """
    from email_lint.detectors.postal_address import find_address

    found = find_address(document, context)
    if found is None or found.block is None:
        return None
    before = found.block.text[: _offset_in_raw(found.block, found.start)]
    candidates = [before.splitlines()[-1] if before.strip() else ""]
    if not before.strip():
        blocks = [b for b in document.blocks if b.visible and b.source == "body"]
        position = next((i for i, b in enumerate(blocks) if b is found.block), 0)
        if position:
            candidates = [blocks[position - 1].text.splitlines()[-1]]
    for text in candidates:
        text = text.strip()
        if not text or len(text.split()) > _MAX_NAME_WORDS:
            continue
        match = _NAME_BEFORE.search(text)
        if match and any(c.isalpha() for c in match.group(1)):
            return match.group(1).strip()
    return None


def _offset_in_raw(block, normalized_start: int) -> int:
    """Map an offset in a block's normalised text back to its raw text (best effort)."""
    words_before = len(block.normalized[:normalized_start].split())
    raw_words = block.text.split()
    if words_before >= len(raw_words):
        return len(block.text)
    position = 0
    for word in raw_words[:words_before]:
        position = block.text.index(word, position) + len(word)
    return position


def _line_of(document, text: str) -> int:
    wanted = normalize(text)
    for block in document.visible_blocks:
        if wanted in block.normalized:
            return block.line
    return 1


def _name_beside_address_evidence(document, context) -> Evidence | None:
    name = _name_beside_address(document, context)
    if name is None:
        return None
    return Evidence(name, _line_of(document, name), "body", "name above the postal address")


def candidates(document, context) -> Iterator[Evidence | Rejected]:
    """Evidence of the sender, most trusted first."""
    matcher = context.matcher
    if context.sender_name and normalize(context.sender_name) in document.visible_text:
        yield Evidence(context.sender_name, _line_of(document, context.sender_name), "configuration",
                       "configured sender name (sender.name)")
    name = _from_display_name(document.header("From"))
    if name:
        yield Evidence(name, document.line_of_header("from"), "header:From", "display name of the From header")
    for located in tags_for(document, ELEMENT):
        yield Evidence(located.tag.text, located.line, "merge-tag", "ESP tag that renders the sender")
    # One pass of each pattern over the visible text, a block per line.
    index = RawIndex([b for b in document.blocks if b.visible and b.source != "alt"])
    rights_reserved = _rights_reserved(matcher)
    for match in _COPYRIGHT.finditer(index.text):
        holder = _holder(match, rights_reserved)
        where = index.locate(match.start())
        if holder and where:
            yield Evidence(holder, where[1], where[0].source, "copyright holder")
    forms = _legal_forms(matcher)
    if forms:
        for match in _legal_form_pattern(forms).finditer(index.text):
            where = index.locate(match.start())
            if where:
                yield Evidence(match.group(0), where[1], where[0].source, "legal entity")
    for block in document.visible_blocks:
        if block.text[:1] in "—–-" and _SIGN_OFF.fullmatch(block.text.strip()):
            yield Evidence(block.text.strip(), block.line, block.source, "signature")
    for hit in phrase_hits(document, matcher, "sender_identity.phrases"):
        yield Evidence(hit.original, hit.line, hit.block.source, "sender wording")
    team = _TEAM_COMPOUND.search(document.visible_text)
    if team:
        yield Evidence(team.group(0), _line_of(document, team.group(0)), "body", "signature")
    beside = _name_beside_address_evidence(document, context)
    if beside:
        yield beside
    for block in document.blocks:
        is_logo = block.visible and block.source == "alt" and _LOGO_ALT.search(block.text)
        if is_logo and _LOGO_ALT.sub("", block.text).strip(" -_|:"):
            yield Evidence(block.text.strip(), block.line, "alt", "logo alt text")


def detect(document, context, complete: bool = False) -> ElementEvidence:
    return collect(document, context, ELEMENT, LOOKED_FOR, candidates, complete)
