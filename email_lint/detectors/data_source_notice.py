"""Data-source notice: why the recipient gets the email, or where their address came from."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from email_lint.detectors import collect
from email_lint.detectors.model import ElementEvidence, Evidence, Rejected
from email_lint.detectors.text import phrase_hits, tags_for

if TYPE_CHECKING:
    from email_lint.context import Context
    from email_lint.document import Document

ELEMENT = "data_source_notice"
LOOKED_FOR = (
    "a sentence saying why the recipient receives the email or where their address was obtained "
    "('You are receiving this email because...'), or an ESP permission-reminder tag (*|LIST:DESCRIPTION|*)"
)


def candidates(document: Document, context: Context) -> Iterator[Evidence | Rejected]:
    for located in tags_for(document, ELEMENT):
        yield Evidence(located.tag.text, located.line, "merge-tag", "ESP permission-reminder tag")
    for hit in phrase_hits(document, context.matcher, "data_source_notice.phrases"):
        yield Evidence(hit.original, hit.line, "body", "data-source wording")


def detect(document: Document, context: Context, complete: bool = False) -> ElementEvidence:
    return collect(document, context, ELEMENT, LOOKED_FOR, candidates, complete)
