"""EL004 commercial-statement: judges the evidence of :mod:`email_lint.detectors.commercial_statement`."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from email_lint.detectors import commercial_statement
from email_lint.rules.base import Violation, rule

if TYPE_CHECKING:
    from email_lint.context import Context
    from email_lint.document import Document


def commercial_evidence(document: Document, context: Context) -> str | None:
    """The statement or label found, or None (kept for packs: prefer ``email_lint.packs``)."""
    from email_lint.packs.evidence import commercial_evidence as evidence

    return evidence(document, context)


@rule(
    "EL004",
    "commercial-statement",
    "The email must state that it is advertising.",
    kinds=["commercial"],
    reference="LCEN art. 20; DDG §6(1); CAN-SPAM 15 U.S.C. 7704(a)(5)(A)(i); LSSI art. 20.1",
)
def check_commercial_statement(document: Document, context: Context) -> Iterator[Violation]:
    """## What it does
    Fails when a commercial email never says that it is advertising: no explicit statement
    ("This email is an advertisement", "Ceci est une communication commerciale",
    "Diese Zusendung ist Werbung", "La presente email ha carattere pubblicitario",
    "Es una comunicación de carácter comercial", "Deze mailing is reclame") and no label
    ("Advertisement", "Publicité", "Anzeige", "Produktwerbung", "Unbezahlte Werbung",
    "Comunicazione di natura commerciale", "Anuncio publicitario", "Marketingmail") standing
    as a line of its own, heading a line ("Werbung: Winterangebote", "Publicité · Atelier
    Sorel") or naming whose advertising it is ("Promoción comercial de Pastelería Goya"),
    in the body or as a subject prefix (`ADV:`, `[Publicité]`).

    Not counted: a statement that denies it ("Dies ist keine Werbung", "No hacemos
    publicidad", "Ceci n'est pas une communication commerciale"); marketing copy alone; a
    word that merely contains a label ("E-Mail im Browser anzeigen", "Bewerbung"); a label
    word inside a sentence ("an advertising agency in Leeds", "Anzeigen und Stellenangebote");
    "Sponsored by". Transactional emails are exempt.

    Not required of transactional email (`kind=transactional`): CAN-SPAM's advertisement
    identification (15 U.S.C. 7704(a)(5)(A)(i)) applies to commercial messages, which exclude
    transactional ones (7702(2)(B)), and LCEN art. 20 / DDG §6 concern advertising. A
    transactional email that carries promotion gets EL010.

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
    if commercial_statement.detect(document, context).present:
        return
    examples = context.matcher.examples("commercial_statement.phrases", document.language, 1)
    wording = f" such as '{examples[0]}'" if examples else ""
    yield Violation(
        "no statement that this email is advertising: add a visible statement"
        f"{wording} or an 'Advertisement' label (or mark the template kind=transactional)"
    )
