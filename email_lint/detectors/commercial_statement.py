"""Commercial statement: the email says it is advertising, in a sentence, a label or the subject."""

from __future__ import annotations

import re
from collections.abc import Iterator

from email_lint.detectors import collect
from email_lint.detectors.model import ElementEvidence, Evidence, Rejected
from email_lint.detectors.text import phrase_hits
from email_lint.normalize import normalize

ELEMENT = "commercial_statement"
LOOKED_FOR = (
    "a statement that the email is advertising ('This email is an advertisement'), a stand-alone "
    "label ('Advertisement', 'Publicité', 'Werbung') or a subject prefix ('ADV:', '[Publicité]')"
)
_LABEL_TRIM = re.compile(r"^[\s\[\](){}*:|\-–—.!]+|[\s\[\](){}*:|\-–—.!]+$")


def _labels(matcher) -> set[str]:
    labels: set[str] = set()
    for phrases in matcher.by_language.get("commercial_statement.labels", {}).values():
        labels.update(normalize(p) for p in phrases)
    return labels


def subject_prefix(subject: str) -> str:
    """``"[Publicité] Soldes"`` -> ``"publicite"``; ``"ADV: House"`` -> ``"adv"``."""
    match = re.match(r"\s*[\[(]\s*([^\])]{1,20})\s*[\])]|\s*([^:]{1,20}):", subject)
    if not match:
        return ""
    return normalize(match.group(1) or match.group(2))


def candidates(document, context) -> Iterator[Evidence | Rejected]:
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
        elif normalize(_LABEL_TRIM.sub("", block.text)) in labels:
            yield Evidence(block.text.strip(), block.line, block.source, "advertising label")


def detect(document, context, complete: bool = False) -> ElementEvidence:
    return collect(document, context, ELEMENT, LOOKED_FOR, candidates, complete)
