"""EL001 sender-identity."""

from __future__ import annotations

import re
from functools import lru_cache

from email_lint.evidence import first_phrase, tags_for
from email_lint.normalize import normalize
from email_lint.rules.base import Violation, rule

_COPYRIGHT = re.compile(
    r"(?:©|\(c\)|\bcopyright\b)[^\S\n]*©?[^\S\n]*(?:\d{4}(?:[^\S\n]*[-–][^\S\n]*\d{2,4})?)?[^\S\n,.:]*[,.:]?[^\S\n]*"
    r"(?P<holder>[^\s,.]?.{0,60})",
    re.I,
)
#: "Ihr Acme-Team", "het Acme-team": a possessive or article, then a hyphenated team name.
_TEAM_COMPOUND = re.compile(r"(?<!\w)(?:ihr|dein|euer|eure|das|vom|het|uw|je|jouw)\s+\S+-team(?!\w)")
_NAME_WORD = r"[A-Z0-9\[{*][\w&'’.\-\]}|*]*"
#: A whole block that is a dashed sign-off: "— The Mailgunners".
_SIGN_OFF = re.compile(r"[—–-]{1,2}\s*(?:the\s+)?[A-Z][\w'’&.\-]+(?:\s+[A-Z][\w'’&.\-]+){0,3}")
_LOGO_ALT = re.compile(r"\blogo\b", re.I)
_ADDRESS = re.compile(r'^\s*"?([^"<]*?)"?\s*<[^>]+>\s*$')


@lru_cache(maxsize=4)
def _legal_form_pattern(forms: tuple[str, ...]) -> re.Pattern[str]:
    alternatives = "|".join(re.escape(f) for f in sorted(forms, key=len, reverse=True))
    # A name of one to five words, then the legal form ("Acme Widgets GmbH", "[Company Name, LLC]").
    # The lookbehind starts a name only where a word starts and the possessive "*+" never
    # gives characters back: otherwise a long unbroken run ("*|*|*|...", found by the
    # scaling probe) is retried from each of its characters, quadratic in its length.
    first = r"(?<![\w&'’.\-\]}|*\[{])" + _NAME_WORD + "+"
    return re.compile(
        rf"{first}(?:[ \t]+{_NAME_WORD}+){{0,4}},?[ \t]+(?:{alternatives})(?![\w])"
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


def _copyright_holder(text: str, rights_reserved: tuple[str, ...]) -> str | None:
    """The holder named by a copyright line ("© 2025 Acme Ltd"), or None ("© 2025. All rights reserved.")."""
    for match in _COPYRIGHT.finditer(text):
        holder = normalize(match.group("holder"))
        names_someone = holder and (holder[0].isalnum() or holder[0] in "[{*")
        if names_someone and not holder.startswith(rights_reserved):
            return match.group("holder").strip()
    return None


def _from_display_name(value: str | None) -> str | None:
    if not value:
        return None
    match = _ADDRESS.match(value)
    name = (match.group(1) if match else "").strip()
    return name or None


_NAME_BEFORE = re.compile(r"([A-Z][\w'’&.\-]*(?:[ \t]+[\w'’&.\-]+){0,5})[\s,|–—\-]*$")
_MAX_NAME_WORDS = 8


def _name_beside_address(document, context) -> str | None:
    """A footer's organisation name: the capitalised words just before the sender's address.

    Footers put the sender's name before its address ("Acme, 1 Main St" or a line
    "Acme" above "1 Main St"). Only a street address or PO box anchors this, not a tag.
    """
    from email_lint.rules.postal_address import find_address

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


def sender_evidence(document, context) -> str | None:
    """What identifies the sender, or None."""
    matcher = context.matcher
    if context.sender_name and normalize(context.sender_name) in document.visible_text:
        return f"configured sender {context.sender_name!r}"
    name = _from_display_name(document.header("From"))
    if name:
        return f"From header {name!r}"
    tags = tags_for(document, "sender_identity")
    if tags:
        return f"merge tag {tags[0].tag.text}"
    # One pass of each pattern over the visible text, a block per line.
    text = "\n".join(b.text for b in document.blocks if b.visible and b.source != "alt")
    if _copyright_holder(text, _rights_reserved(matcher)):
        return "copyright line"
    forms = _legal_forms(matcher)
    if forms and _legal_form_pattern(forms).search(text):
        return "legal entity"
    for block in document.visible_blocks:
        if block.text[:1] in "—–-" and _SIGN_OFF.fullmatch(block.text.strip()):
            return "signature"
    hit = first_phrase(document, matcher, "sender_identity.phrases")
    if hit:
        return f"{hit.original!r}"
    team = _TEAM_COMPOUND.search(document.visible_text)
    if team:
        return f"signature {team.group(0)!r}"
    name = _name_beside_address(document, context)
    if name:
        return f"name {name!r} above the postal address"
    for block in document.blocks:
        is_logo = block.visible and block.source == "alt" and _LOGO_ALT.search(block.text)
        if is_logo and _LOGO_ALT.sub("", block.text).strip(" -_|:"):
            return "logo alt text"
    return None


@rule(
    "EL001",
    "sender-identity",
    "The email must say who sends it.",
    reference="LCEN art. 20; DDG §6 (Germany); CAN-SPAM 15 U.S.C. 7704(a)(1); LSSI art. 20.1",
)
def check_sender_identity(document, context):
    """## What it does
    Fails when nothing in the email identifies its sender: no company or legal entity
    ("Acme SAS", "Beispiel GmbH"), no copyright line, no signature naming the company
    ("The Acme team", "L'équipe Acme", "Il team di Acme"), no ESP tag that renders the
    company (`*|LIST:COMPANY|*`, `[Sender_Name]`, `{shop_name}`), no display name in an
    .eml's From header, and not the sender name set in configuration (`sender.name`).

    ## Why
    Every jurisdiction forbids disguising the sender of a commercial email: LCEN art. 20
    and CPCE L.34-5 (France), DDG §6 (Germany), Codice Privacy art. 130(5) (Italy),
    LSSI art. 20.1 (Spain), PECR reg. 23 (UK), CAN-SPAM 15 U.S.C. 7704(a)(1) (US),
    CASL (Canada).

    ## Example
    ```html
    <p>Our spring sale starts today!</p>
    <p><a href="{{unsubscribe_url}}">Unsubscribe</a></p>
    ```

    ## Use instead
    ```html
    <p>Our spring sale starts today!</p>
    <p>Acme Widgets Ltd, 10 High Street, Leeds LS1 4AB</p>
    <p><a href="{{unsubscribe_url}}">Unsubscribe</a></p>
    ```

    email-lint gives technical checks, not legal advice.
    """
    if sender_evidence(document, context) is None:
        yield Violation(
            "no sender identity found: add the company or legal entity that sends this email "
            "(e.g. a footer line 'Acme Ltd, 10 High Street, Leeds' or a copyright line), "
            "or set sender.name in the configuration"
        )
