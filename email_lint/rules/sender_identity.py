"""EL001 sender-identity: judges the sender evidence of :mod:`email_lint.detectors.sender_identity`."""

from __future__ import annotations

from email_lint.detectors import sender_identity
from email_lint.rules.base import Violation, rule


def sender_evidence(document, context) -> str | None:
    """How the sender is identified, or None (kept for packs: prefer ``email_lint.packs.sender_evidence``)."""
    from email_lint.packs.evidence import sender_evidence as evidence

    return evidence(document, context)


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

    Checked for transactional email too (`kind=transactional`): a receipt must still say who
    sends it (CAN-SPAM 15 U.S.C. 7704(a)(1) forbids misleading header information in any
    message, transactional included).

    In an email assembled from a layout or partials (docs/assembly.md), a missing sender identity is
    reported where the shared footer starts, once per entry template that uses it.

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
    if not sender_identity.detect(document, context).present:
        yield Violation(
            "no sender identity found: add the company or legal entity that sends this email "
            "(e.g. a footer line 'Acme Ltd, 10 High Street, Leeds' or a copyright line), "
            "or set sender.name in the configuration",
            anchor="footer",
        )
