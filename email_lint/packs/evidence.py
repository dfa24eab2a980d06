"""Evidence country packs need, built on the core detectors (:mod:`email_lint.detectors`).

The five elements come from the same memoised detectors the core rules judge
(:func:`element_evidence`), so a pack never recomputes them; the functions below add
what only packs ask for (rights contact, legal notice, named recipient...). Each takes
the :class:`~email_lint.document.Document` and the campaign
:class:`~email_lint.context.Context` and returns what it found (a short description,
for messages) or ``None``. Phrase categories named ``<element>.phrases`` come from
:mod:`email_lint.packs.phrases` through the packs' ``email_lint_phrases`` hook.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from functools import lru_cache
from typing import TYPE_CHECKING

from email_lint.detectors import ElementEvidence, Evidence, detect
from email_lint.detectors.text import first_phrase, phrase_hits
from email_lint.normalize import normalize
from email_lint.rules.base import Violation

if TYPE_CHECKING:
    from email_lint.context import Context
    from email_lint.document import Document, TextBlock

# (?<!...) rather than \b: from every word inside a long "a.a.a..." the scan is quadratic.
_URL_OR_EMAIL = re.compile(r"https?://\S+|www\.\S+|(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b", re.I)
_RIGHTS_HREF = re.compile(
    r"privacy|privacidad|confidentialit|datenschutz|rgpd|gdpr|dsgvo|donnees-personnelles|"
    r"dati-personali|informativa|proteccion-de-datos|privacyverklaring|privacybeleid",
    re.I,
)
#: A local part is at most 64 characters (RFC 5321): bounded and possessive, so "dpo.dpo.dpo..."
#: is not scanned to its end from each "dpo" (quadratic).
_RIGHTS_MAILBOX = re.compile(
    r"\b(?:dpo|privacy|privacidad|datenschutz|rgpd|gdpr|dsgvo|donnees|datos|dataprotection|"
    r"data-protection|protezionedati|privacyoffice)[\w.+-]{0,64}+@[\w-]+(?:\.[\w-]+)+",
    re.I,
)
_IMPRESSUM_HREF = re.compile(r"impressum|imprint|legal[-_]?notice|mentions[-_]?legales|aviso[-_]?legal", re.I)
#: A courtesy title followed by a name or a merge tag: "Frau Weber", "Mr {{ last_name }}".
_TITLE_AND_NAME = re.compile(
    r"(?<![\w])(?:Herrn?|Frau|Mr|Mrs|Ms|Miss|Dr|Prof|Monsieur|Madame|Mme|M\.|Signora?|Sig\.(?:ra)?|"
    r"Dott\.(?:ssa)?|Señora?|Sra?\.|Dhr\.|Mevr\.|heer|mevrouw)\.?[ \t]+"
    r"(?:[A-ZÄÖÜÉÈ][\w'’\-]+|\{|\*\||\[|%%)"
)
_TAG_IDENTIFIER = re.compile(
    r"\{\{\{?-?\s*+([\w.:\-]++)[^{}]*\}?\}\}|\*\|([\w:]+)\|\*|\[\[?([\w.:]+)\]?\]|%%([\w]+)%%|"
    r"\$\{([\w.]+)\}|(?<![{\w$])\{([\w.]+)\}(?!\})|<%=?\s*([\w.]+)\s*%>"
)
_NAME_IDENTIFIER = re.compile(
    r"first_?name|last_?name|fname|lname|full_?name|vorname|nachname|pr[eé]nom|(?<![a-z])nom(?:e|bre)?(?![a-z])|"
    r"cognome|apellidos?|voornaam|achternaam|anrede|salutation|^(?:[\w]+\.)?name$",
    re.I,
)
_SENDER_IDENTIFIER = re.compile(r"company|sender|shop|store|brand|org|business|site|list|from", re.I)
_REPLY_PREFIX = re.compile(r"^\s*(?:re|aw|antw|fwd?|wg|tr|rv|r|i|enc)\s*(?:\[\d+\])?\s*:", re.I)


# -- the core elements --------------------------------------------------------------------
def element_evidence(document: Document, context: Context, element: str) -> ElementEvidence:
    """The core detector's evidence of *element* ("sender_identity", "postal_address"...)."""
    return detect(document, context, element)


def describe(evidence: Evidence) -> str:
    """A short description of a piece of evidence, for messages: "legal entity 'Acme Ltd'"."""
    if evidence.source == "merge-tag":
        return f"merge tag {evidence.text}"
    return f"{evidence.reason} {evidence.text!r}"


def _first(document: Document, context: Context, element: str) -> str | None:
    found = detect(document, context, element).first
    return describe(found) if found else None


def sender_evidence(document: Document, context: Context) -> str | None:
    """How the email names its sender (EL001's evidence), or None."""
    return _first(document, context, "sender_identity")


def address_evidence(document: Document, context: Context) -> str | None:
    """How the sender's postal address is given (EL005's evidence), or None."""
    return _first(document, context, "postal_address")


def commercial_evidence(document: Document, context: Context) -> str | None:
    """The statement or label saying the email is advertising (EL004's evidence), or None."""
    return _first(document, context, "commercial_statement")


def reason_evidence(document: Document, context: Context) -> str | None:
    """Why the recipient gets the email (or where the address came from): the core EL003 evidence."""
    return _first(document, context, "data_source_notice")


def opt_out_violations(document: Document, context: Context) -> list[Violation]:
    """What the core unsubscribe rule (EL002) finds wrong with the opt-out; empty when usable."""
    key = ("packs.opt_out", id(context.matcher))
    if key not in document.memo:
        from email_lint.rules.unsubscribe_link import check_unsubscribe_link

        document.memo[key] = list(check_unsubscribe_link.check(document, context) or ())
    violations: list[Violation] = document.memo[key]
    return violations


def restate(violations: Iterable[Violation], prefix: str) -> Iterator[Violation]:
    """The core's violations, reworded under a country's law (same lines)."""
    for violation in violations:
        yield Violation(f"{prefix}: {violation.message}", violation.line, violation.column, violation.end_line)


def data_origin_evidence(document: Document, context: Context) -> str | None:
    """Where the recipient's data was obtained (GDPR art. 14(2)(f)), not just why they get mail."""
    hit = first_phrase(document, context.matcher, "data_origin.phrases")
    return repr(hit.text) if hit else None


def objection_evidence(document: Document, context: Context) -> str | None:
    """A notice that the recipient may object at any time, free of charge."""
    hit = first_phrase(document, context.matcher, "objection.phrases")
    return repr(hit.text) if hit else None


# -- rights, legal notice -----------------------------------------------------------------
def _block_span(block: TextBlock) -> range:
    return range(block.line, block.line + block.text.count("\n") + 1)


def rights_evidence(document: Document, context: Context) -> str | None:
    """A way to exercise data-protection rights: a privacy link, a DPO address, or a rights
    sentence that carries a contact (address, URL or link)."""
    matcher = context.matcher
    for link in document.links:
        if not link.visible:
            continue
        if matcher.search("rights.phrases", normalize(link.text)):
            return f"link {link.text!r}"
        if _RIGHTS_HREF.search(link.href):
            return f"link to {link.href!r}"
    for block in document.blocks:
        if block.visible and _RIGHTS_MAILBOX.search(block.text):
            return "data-protection contact address"
    linked_lines = {link.line for link in document.links if link.visible}
    for hit in phrase_hits(document, matcher, "rights.phrases"):
        if _URL_OR_EMAIL.search(hit.block.text) or linked_lines.intersection(_block_span(hit.block)):
            return f"{hit.text!r} with a contact"
    return None


def impressum_evidence(document: Document, context: Context) -> str | None:
    """A legal-notice (Impressum) link, or a legal-notice section in the email itself."""
    matcher = context.matcher
    for link in document.links:
        if not link.visible:
            continue
        if matcher.search("impressum.phrases", normalize(link.text)) or _IMPRESSUM_HREF.search(link.href):
            return f"link {link.text or link.href!r}"
    pattern = matcher.pattern("impressum.phrases")
    if pattern is not None:
        for block in document.blocks:
            if block.visible and block.source == "body" and pattern.match(block.normalized):
                return f"section {block.text.splitlines()[0]!r}"
    return None


# -- the recipient ------------------------------------------------------------------------
def named_recipient(document: Document) -> str | None:
    """How the email addresses a named person ("Sehr geehrte Frau Weber", "Dear {{ first_name }}")."""
    for block in document.blocks:
        if not block.visible or block.source != "body":
            continue
        match = _TITLE_AND_NAME.search(block.text)
        if match:
            return repr(match.group(0))
        for tag in _TAG_IDENTIFIER.finditer(block.text):
            identifier = next(g for g in tag.groups() if g is not None)
            if _NAME_IDENTIFIER.search(identifier) and not _SENDER_IDENTIFIER.search(identifier):
                return f"merge tag {tag.group(0)}"
    return None


# -- headers ------------------------------------------------------------------------------
def header_disguise(document: Document, context: Context) -> list[tuple[str, str]]:
    """Ways the From and Subject headers of an .eml hide the sender or the advertising, as
    ``(header, problem)`` pairs (header in lower case)."""
    problems: list[tuple[str, str]] = []
    sender = document.header("From")
    if not sender or not sender.strip():
        problems.append(("from", "the From header is missing or empty"))
    subject = document.header("Subject") or ""
    replying = document.header("In-Reply-To") or document.header("References")
    if _REPLY_PREFIX.match(subject) and not replying:
        prefix = subject.split(":", 1)[0].strip()
        problems.append((
            "subject",
            f"the subject {subject.strip()!r} starts with {prefix + ':'!r} but the message answers nothing "
            "(no In-Reply-To or References header)",
        ))
    stripped = normalize(_REPLY_PREFIX.sub("", subject)).lstrip("[(*!- ")
    pattern = context.matcher.pattern("disguise.phrases")
    if context.kind == "commercial" and pattern is not None:
        match = pattern.match(stripped)
        labelled = context.matcher.search("commercial_statement.labels", stripped) or context.matcher.search(
            "commercial_statement.phrases", stripped
        )
        if match and not labelled:
            problems.append((
                "subject",
                f"the subject {subject.strip()!r} presents advertising as a transactional message "
                f"({match.group(0)!r})",
            ))
    return problems


# -- languages ----------------------------------------------------------------------------
FOOTER_CATEGORIES = (
    "unsubscribe.phrases",
    "unsubscribe.preferences",
    "data_source_notice.phrases",
    "rights.phrases",
    "impressum.phrases",
)


@lru_cache(maxsize=256)
def _language_pattern(phrases: tuple[str, ...]) -> re.Pattern[str] | None:
    from email_lint.phrases.matcher import compile_phrases

    return compile_phrases(phrases)


def footer_languages(document: Document, context: Context) -> dict[str, int]:
    """Languages of the footer's wordings (opt-out, notices, privacy, legal notice), each with
    the first line it is seen on."""
    matcher = context.matcher
    seen: dict[str, int] = {}
    for category in FOOTER_CATEGORIES:
        by_language = matcher.by_language.get(category, {})
        for hit in phrase_hits(document, matcher, category):
            for language, phrases in sorted(by_language.items()):
                pattern = _language_pattern(tuple(phrases))
                if pattern is not None and pattern.fullmatch(hit.text):
                    seen[language] = min(seen.get(language, hit.line), hit.line)
    return seen
