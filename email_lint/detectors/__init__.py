"""Element detectors: what a reader recognises in an email, returned as evidence.

One module per element (``sender_identity``, ``postal_address``, ``unsubscribe``,
``data_source_notice``, ``commercial_statement``), each with ``detect(document, context)``
returning an :class:`ElementEvidence`. Rules (``email_lint/rules``), country packs
(``email_lint.packs``) and ``email-lint explain`` all call :func:`detect`, which memoises
on the document, so one email's evidence is computed once whoever asks.

A detector is a generator of candidates in the order a reader would trust them,
:class:`Evidence` or :class:`Rejected`; a rule only needs the first piece of evidence,
``explain`` drains the generator.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Iterator
from importlib import import_module
from typing import TYPE_CHECKING

from email_lint.detectors.model import ElementEvidence, Evidence, Rejected

if TYPE_CHECKING:
    from email_lint.context import Context
    from email_lint.document import Document

#: The five elements, in report order, with the core rule that judges each.
ELEMENTS = ("sender_identity", "postal_address", "unsubscribe", "data_source_notice", "commercial_statement")
CODES = {
    "sender_identity": "EL001",
    "unsubscribe": "EL002",
    "data_source_notice": "EL003",
    "commercial_statement": "EL004",
    "postal_address": "EL005",
}

Candidates = Callable[["Document", "Context"], Iterable["Evidence | Rejected"]]

__all__ = ["CODES", "ELEMENTS", "ElementEvidence", "Evidence", "Rejected", "collect", "detect"]


def _key(element: str, context: Context) -> tuple[Hashable, ...]:
    # Everything a detector reads from the context: the phrase matcher, the configured sender, the ESP.
    return ("element", element, id(context.matcher), context.sender_name, context.sender_address,
            context.esp, context.esp_footer)


def _with_esp(element: str, candidates: Candidates) -> Candidates:
    """The template's own candidates, then what the campaign's ESP injects at send time
    (least trusted, so the template's own evidence is reported first)."""

    def run(document: Document, context: Context) -> Iterator[Evidence | Rejected]:
        yield from candidates(document, context)
        from email_lint.esp import evidence

        yield from evidence(document, context, element)

    return run


def collect(document: Document, context: Context, element: str, looked_for: str, candidates: Candidates,
            complete: bool = False) -> ElementEvidence:
    """Run *candidates* (a detector's generator) once per document and context, memoised.

    Without *complete* the run stops at the first piece of evidence; a complete run
    replaces a partial one in the memo.
    """
    key = _key(element, context)
    found: ElementEvidence | None = document.memo.get(key)
    if found is not None and (found.complete or not complete):
        return found
    evidence: list[Evidence] = []
    rejected: list[Rejected] = []
    exhausted = True
    if context.esp:
        candidates = _with_esp(element, candidates)
    for candidate in candidates(document, context):
        if isinstance(candidate, Evidence):
            evidence.append(candidate)
            if not complete:
                exhausted = False
                break
        else:
            rejected.append(candidate)
    found = ElementEvidence(element, tuple(evidence), tuple(rejected), looked_for, exhausted)
    document.memo[key] = found
    return found


def detect(document: Document, context: Context, element: str, complete: bool = False) -> ElementEvidence:
    """The evidence of *element* in *document* (see :data:`ELEMENTS`)."""
    if element not in CODES:
        raise KeyError(f"unknown element {element!r}")
    found: ElementEvidence = import_module(f"email_lint.detectors.{element}").detect(document, context, complete)
    return found
