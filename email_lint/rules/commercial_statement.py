"""EL004 commercial-statement."""

from __future__ import annotations

import re

from email_lint.evidence import first_phrase
from email_lint.normalize import normalize
from email_lint.rules.base import Violation, rule

_LABEL_TRIM = re.compile(r"^[\s\[\](){}*:|\-–—.!]+|[\s\[\](){}*:|\-–—.!]+$")


def _labels(matcher) -> set[str]:
    labels: set[str] = set()
    for phrases in matcher.by_language.get("commercial_statement.labels", {}).values():
        labels.update(normalize(p) for p in phrases)
    return labels


def _subject_prefix(subject: str) -> str:
    """``"[Publicité] Soldes"`` -> ``"publicite"``; ``"ADV: House"`` -> ``"adv"``."""
    match = re.match(r"\s*[\[(]\s*([^\])]{1,20})\s*[\])]|\s*([^:]{1,20}):", subject)
    if not match:
        return ""
    return normalize(match.group(1) or match.group(2))


def commercial_evidence(document, context) -> str | None:
    matcher = context.matcher
    hit = first_phrase(document, matcher, "commercial_statement.phrases")
    if hit:
        return hit.text
    labels = _labels(matcher)
    for block in document.blocks:
        if not block.visible:
            continue
        if block.source == "header:Subject":
            prefix = _subject_prefix(block.text)
            if prefix in labels:
                return f"subject prefix {prefix!r}"
        elif normalize(_LABEL_TRIM.sub("", block.text)) in labels:
            return f"label {block.text.strip()!r}"
    return None


@rule(
    "EL004",
    "commercial-statement",
    "The email must state that it is advertising.",
    kinds=["commercial"],
    reference="LCEN art. 20; DDG §6(1); CAN-SPAM 15 U.S.C. 7704(a)(5)(A)(i); LSSI art. 20.1",
)
def check_commercial_statement(document, context):
    """## What it does
    Fails when a commercial email never says that it is advertising: no explicit statement
    ("This email is an advertisement", "Ceci est une communication commerciale",
    "Diese E-Mail ist Werbung", "Comunicazione commerciale", "Comunicación comercial",
    "Dit is een commerciële boodschap") and no stand-alone label ("Advertisement",
    "Publicité", "Anzeige", "Pubblicità", "Publicidad", "Advertentie") in the body or as a
    subject prefix (`ADV:`, `[Publicité]`). Marketing copy alone does not count, nor does
    "Sponsored by". Transactional emails are exempt.

    ## Why
    Advertising must be identifiable as such from receipt: LCEN art. 20 (France),
    DDG §6(1) (Germany), LSSI art. 20.1 (Spain), Code de droit économique art. XII.12
    (Belgium), CAN-SPAM 15 U.S.C. 7704(a)(5)(A)(i) (US: "clear and conspicuous
    identification that the message is an advertisement").

    ## Example
    ```html
    <h1>50% off everything this weekend</h1>
    ```

    ## Use instead
    ```html
    <p>Advertisement</p>
    <h1>50% off everything this weekend</h1>
    ```

    email-lint gives technical checks, not legal advice.
    """
    if commercial_evidence(document, context):
        return
    examples = context.matcher.examples("commercial_statement.phrases", document.language, 1)
    wording = f" such as '{examples[0]}'" if examples else ""
    yield Violation(
        "no statement that this email is advertising: add a visible statement"
        f"{wording} or an 'Advertisement' label (or mark the template kind=transactional)"
    )
