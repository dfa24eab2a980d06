"""The evidence the detectors found for each element, as report data."""

from __future__ import annotations

from typing import Any

from email_lint.context import Context
from email_lint.document import Document
from email_lint.report.elements import ELEMENTS

#: How many pieces of evidence and rejected candidates a cell keeps.
_KEEP = 5


def element_evidence(document: Document, context: Context) -> dict[str, dict[str, list[dict[str, Any]]]]:
    """element -> {"evidence": [{text, line, source, reason}], "rejected": [{text, line, reason}]}."""
    from email_lint.detectors import detect

    found: dict[str, dict[str, list[dict[str, Any]]]] = {}
    for element in ELEMENTS:
        result = detect(document, context, element, complete=True)
        found[element] = {
            "evidence": [e.as_dict() for e in result.evidence[:_KEEP]],
            "rejected": [r.as_dict() for r in result.rejected[:_KEEP]],
        }
    return found
