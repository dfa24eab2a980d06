"""Commercial statement: the email says it is advertising, in a sentence, a label or the subject."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache
from typing import TYPE_CHECKING

from email_lint.detectors import collect
from email_lint.detectors.model import ElementEvidence, Evidence, Rejected
from email_lint.detectors.text import phrase_hits
from email_lint.normalize import normalize

if TYPE_CHECKING:
    from email_lint.context import Context
    from email_lint.document import Document
    from email_lint.phrases.matcher import PhraseMatcher

ELEMENT = "commercial_statement"
LOOKED_FOR = (
    "a statement that the email is advertising ('This email is an advertisement'), a stand-alone "
    "label ('Advertisement', 'Publicité', 'Werbung') or a subject prefix ('ADV:', '[Publicité]')"
)
_LABEL_TRIM = re.compile(r"^[\s\[\](){}*:|\-–—.!]+|[\s\[\](){}*:|\-–—.!]+$")


@lru_cache(maxsize=8)
def _labels(matcher: PhraseMatcher) -> frozenset[str]:
    """The advertising labels of every language, normalised (once per matcher)."""
    labels: set[str] = set()
    for phrases in matcher.by_language.get("commercial_statement.labels", {}).values():
        labels.update(normalize(p) for p in phrases)
    return frozenset(labels)


#: A label heading a line: "Advertisement: autumn offers", "Werbung · Hollis & Vane", "Pubblicità – Festa".
_LEADING_LABEL = re.compile(r"^\s*+(?:[\[(]\s*+([^\])\n]{1,30}?)\s*+[\])]|([^:·|–—(\n]{1,30}?)\s*+(?:[:·|–—(]| - ))")


def subject_prefix(subject: str) -> str:
    """``"[Publicité] Soldes"`` -> ``"publicite"``; ``"ADV: House"`` -> ``"adv"`` (a dash, a middle dot or
    a bar may stand for the colon)."""
    match = _LEADING_LABEL.match(subject)
    if not match:
        return ""
    return normalize(match.group(1) or match.group(2))


#: "Advertisement from Castlebar Motors", "Publicité de Cuisines Lemoine": a label, then whose it is.
_LABEL_OF = re.compile(r"^\s*+(\S[^\n]{3,30}?)\s++(?:from|de|du|des|von|der|di|del|della|da|van)\s++\S")


def _leading_labels(text: str, labels: frozenset[str]) -> Iterator[tuple[int, str]]:
    """``(line offset, line)`` of each line that is a label alone, a label heading a title, or
    a label saying whose advertising it is (labels of five letters or more: "Pub de la gare" is a bar;
    "Sponsored by" names a sponsor, not the email's nature)."""
    for offset, line in enumerate(text.splitlines()):
        owner = _LABEL_OF.match(line)
        if (normalize(_LABEL_TRIM.sub("", line)) in labels or subject_prefix(line) in labels
                or (owner is not None and normalize(owner.group(1)) in labels and len(owner.group(1)) >= 5)):
            yield offset, line.strip()


def candidates(document: Document, context: Context) -> Iterator[Evidence | Rejected]:
    matcher = context.matcher
    for hit in phrase_hits(document, matcher, "commercial_statement.phrases"):
        yield Evidence(hit.original, hit.line, "body", "statement that the email is advertising")
    labels = _labels(matcher)
    for block in document.blocks:
        if not block.visible:
            continue
        if block.source == "header:Subject":
            prefix = subject_prefix(block.text)
            if prefix in labels:
                yield Evidence(block.text.strip(), block.line, block.source, f"subject prefix {prefix!r}")
        else:
            for offset, line in _leading_labels(block.text, labels):
                yield Evidence(line, block.line + offset, block.source, "advertising label")


def detect(document: Document, context: Context, complete: bool = False) -> ElementEvidence:
    return collect(document, context, ELEMENT, LOOKED_FOR, candidates, complete)
