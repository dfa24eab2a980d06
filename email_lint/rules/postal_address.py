"""EL005 postal-address: judges the evidence of :mod:`email_lint.detectors.postal_address`."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from email_lint.detectors import postal_address
from email_lint.rules.base import Violation, rule

if TYPE_CHECKING:
    from email_lint.context import Context
    from email_lint.document import Document


def address_evidence(document: Document, context: Context) -> str | None:
    """How the sender's postal address is given, or None (kept for packs: prefer ``email_lint.packs``)."""
    from email_lint.packs.evidence import address_evidence as evidence

    return evidence(document, context)


@rule(
    "EL005",
    "postal-address",
    "The email must give the sender's postal address.",
    reference="CAN-SPAM 15 U.S.C. 7704(a)(5)(A)(iii); CASL regulations s. 2; LCEN art. 19",
)
def check_postal_address(document: Document, context: Context) -> Iterator[Violation]:
    """## What it does
    Fails when the email carries no postal address of its sender: a street address
    ("10 High Street", "12 rue de la Paix", "Hauptstraße 5", "Via Roma 10", "Calle Mayor 5",
    "Keizersgracht 123"), a postcode with its town, a post-office box ("P.O. Box 12",
    "Postfach 10 20 30"), an ESP address tag (`*|HTML:LIST_ADDRESS_HTML|*`, `[Sender_Address]`,
    `[[POSTAL_ADDRESS]]`) or the address set in configuration (`sender.address`).
    The recipient's own billing or shipping address block does not count, nor does
    hidden text.

    An address the campaign's ESP adds at send time counts too: Mailchimp's extra footer,
    added when the template lacks `*|UNSUB|*` (`esp = "mailchimp"`; docs/esp.md).

    In an email assembled from a layout or partials (docs/assembly.md), a missing postal address is
    reported where the shared footer starts, once per entry template that uses it.

    ## Why
    CAN-SPAM requires "a valid physical postal address of the sender" (15 U.S.C.
    7704(a)(5)(A)(iii)); CASL requires a mailing address (Electronic Commerce Protection
    Regulations s. 2); in the EU the sender's geographic address belongs to the information
    a service provider must make available (LCEN art. 19, DDG §5, LSSI art. 10), and German
    business letters need the registered seat (HGB §37a).

    ## Example
    ```html
    <p>Acme Widgets Ltd</p>
    ```

    ## Use instead
    ```html
    <p>Acme Widgets Ltd, 10 High Street, Leeds LS1 4AB, United Kingdom</p>
    ```

    email-lint gives technical checks, not legal advice.
    """
    if not postal_address.detect(document, context).present:
        yield Violation(
            "no postal address of the sender found: add the sender's street address or "
            "post-office box with postcode and town (or your ESP's address tag, e.g. "
            "*|HTML:LIST_ADDRESS_HTML|*), or set sender.address in the configuration",
            anchor="footer",
        )
