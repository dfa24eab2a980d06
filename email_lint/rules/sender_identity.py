"""EL001 sender-identity: judges the sender evidence of :mod:`email_lint.detectors.sender_identity`."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from email_lint.detectors import sender_identity
from email_lint.rules.base import Violation, rule

if TYPE_CHECKING:
    from email_lint.context import Context
    from email_lint.document import Document


def sender_evidence(document: Document, context: Context) -> str | None:
    """How the sender is identified, or None (kept for packs: prefer ``email_lint.packs.sender_evidence``)."""
    from email_lint.packs.evidence import sender_evidence as evidence

    return evidence(document, context)


@rule(
    "EL001",
    "sender-identity",
    "The email must say who sends it.",
    reference="LCEN art. 20; DDG §6 (Germany); CAN-SPAM 15 U.S.C. 7704(a)(1); LSSI art. 20.1",
)
def check_sender_identity(document: Document, context: Context) -> Iterator[Violation]:
    """## What it does
    Fails when nothing in the email gives a *name* that identifies its sender. Accepted, in a
    sender position: a legal entity (a name and a legal form: "Acme Widgets Ltd", "Beispiel
    GmbH", "Affiche & Cie", "Maison Douce, société par actions simplifiée"); a copyright holder
    ("© 2025 Acme"); a signature after a closing ("Best regards, / Sam Whitford", "Grazie, /
    Saponificio Valli", "Herzliche Grüße aus Rheinhessen, Familie Ostermann") or a team
    sign-off with a name ("The Acme team", "L'équipe Atelier Ardoise", "Ihr Radhaus-Team");
    a company description ("Studio Ardoise is an independent design agency", "Kestrel
    Analytics helps…", "X est une agence…", "X ist seit 1987…", "X produce…", "X es una
    empresa…", "X is een…"); a self-introduction with a name ("We're Kettlewell Home, …",
    "Wir sind die Schreinerei Hollmann", "Somos Brío, una agencia…"); a brand line ("The
    Copper Kettle, a family bakery…", "Trattoria da Gino, dal 1961…"); a name introduced by
    "sent by", "comes from", "vous est adressée par", "kommt von", "a cura di", "komt van"; a
    public body or association ("Comune di Bergamo", "Gemeente Utrecht"); a brand matching
    the email's own From, link or image domain ("Harbour & Pine" and harbourandpine.example);
    the name next to the postal address (two name words side by side, or a coined brand); a
    logo alt text naming a brand; an .eml's From display name that is not generic; an ESP tag
    that renders the company (`*|LIST:COMPANY|*`, `[Sender_Name]`, `{shop_name}`); the sender
    name set in configuration (`sender.name`).

    Rejected, because they name nobody: generic sign-offs and departments ("The team",
    "L'équipe", "Ihr Team", "Der Vorstand", "die Redaktion", "Il team", "El equipo", "Het
    team", "Best wishes, Customer Services"); a first name alone after a closing; generic From
    display names ("Info", "Newsletter", "Les offres", "Novedades", "Nieuwsbrief"); copyright
    lines with no holder ("© 2025. Tous droits réservés.", "Alle Rechte vorbehalten", "Tutti i
    diritti riservati", "Todos los derechos reservados", "Alle rechten voorbehouden");
    legal-notice headings with no name ("Impressum", "Siège social", "Geschäftssitz: Hamburg",
    "Sede legale", "Domicilio social", "Vestigingsadres"); descriptions without a name ("We are
    an independent design agency", "Ein Familienbetrieb seit drei Generationen"); and, next to
    the address, a sentence, a town and country ("Bremen, Deutschland"), a street line, a PO
    box, a salutation, an unfilled placeholder ("[Company Name]"), the email platform or a
    social network ("Powered by Mailchimp", "Versendet mit CleverReach", "Follow us on
    Instagram") or a navigation label ("Web version", "Ansicht im Browser"). The word lists
    (generic words, countries, platforms...) are data, one per language, shared with EL008.
    `email-lint explain` shows what was accepted or rejected, and why.

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
