"""France's rules: consent (CPCE L.34-5), what each prospecting email carries (LCEN art. 20),
and what B2B opt-out prospecting and first contacts add (GDPR art. 14, CNIL guidance)."""

from __future__ import annotations

from email_lint.packs import (
    OPT_IN_OR_CUSTOMER,
    OPT_OUT,
    Regime,
    consent_violations,
    data_origin_evidence,
    opt_out_violations,
    reason_evidence,
    restate,
    rights_evidence,
)
from email_lint.packs.evidence import commercial_evidence, sender_evidence
from email_lint.rules.base import Violation, rule

REGIME = Regime(
    country="France",
    b2c=OPT_IN_OR_CUSTOMER,
    b2b=OPT_OUT,
    requirement="prior opt-in consent from private persons (soft opt-in only for existing customers, "
    "similar products); opt-out only towards professionals, about their profession (CPCE art. L.34-5)",
    # CNIL: a company's generic address (contact@, info@) is a professional address.
    role_addresses="b2b",
)
COMMON = {"countries": ["fr"], "kinds": ["commercial"]}


def _prospecting(context) -> bool:
    """B2B opt-out prospecting or a first message to a rented or bought list."""
    return context.consent == "opt-out" or context.first_contact is True


@rule(
    "FR101",
    "fr-prior-consent",
    "Advertising email to private persons needs prior consent; opt-out only towards professionals.",
    reference="CPCE art. L.34-5; CNIL guidance on commercial prospecting",
    **COMMON,
)
def prior_consent(document, context):
    """## What it does
    Judges the campaign's declared consent basis (`consent`, `audience`) under French law:

    - B2C (private persons): prior opt-in (`opt-in`, `double-opt-in`) or the existing-customer
      exception (`soft-opt-in`) is required; `opt-out` or `none` is an error;
    - B2B (professionals at their work address): `opt-out` is allowed, provided the person was
      informed when the address was collected and the message relates to their profession;
      `none` is an error.

    `consent=unknown` is a warning, and so is `opt-out` when the audience is not declared. An
    undeclared consent basis is not judged.

    ## Why
    CPCE art. L.34-5 forbids direct marketing by email to a natural person who has not given
    prior consent, except for existing customers offered similar products who could object at
    collection and in every message. The CNIL accepts opt-out prospecting of professionals when
    the message relates to their profession (CNIL guidance on commercial prospecting; CNIL
    sanctions of 2020).

    ## Example
    ```html
    <!-- email-lint: audience=b2c consent=opt-out -->
    <p>Publicité — Atelier Lumière SARL : -20 % sur toutes nos lampes.</p>
    ```

    ## Use instead
    ```html
    <!-- email-lint: audience=b2c consent=double-opt-in -->
    <p>Publicité — Atelier Lumière SARL : -20 % sur toutes nos lampes.</p>
    ```

    email-lint gives technical checks, not legal advice.
    """
    yield from consent_violations(REGIME, context)


@rule(
    "FR201",
    "fr-sender-identity",
    "The identity of the sender on whose behalf the email is sent must not be concealed.",
    reference="CPCE art. L.34-5; LCEN art. 20",
    **COMMON,
    same_as="EL001",
)
def sender_identity(document, context):
    """## What it does
    Fails when nothing in the email names the company on whose behalf it is sent (legal entity,
    trading name with its legal form, copyright line, signature, ESP company tag, From display
    name, or the configured `sender.name`), using the same evidence as EL001.

    ## Why
    CPCE art. L.34-5 forbids prospecting emails that conceal the identity of the person on whose
    behalf they are sent; LCEN art. 20 requires the advertiser to be clearly identifiable.

    ## Example
    ```html
    <p>Publicité : découvrez notre offre de rentrée.</p>
    ```

    ## Use instead
    ```html
    <p>Publicité : découvrez notre offre de rentrée.</p>
    <p>Atelier Lumière SARL, 8 rue des Tanneurs, 69002 Lyon</p>
    ```

    email-lint gives technical checks, not legal advice.
    """
    if sender_evidence(document, context) is None:
        yield Violation(
            "France: the identity of the sender is concealed (CPCE art. L.34-5, LCEN art. 20): name the "
            "company on whose behalf this email is sent, e.g. 'Atelier Lumière SARL'"
        )


@rule(
    "FR202",
    "fr-advertising-identifiable",
    "Advertising must be identifiable as such on receipt.",
    reference="LCEN art. 20",
    **COMMON,
    same_as="EL004",
)
def advertising_identifiable(document, context):
    """## What it does
    Fails when a commercial email never says it is advertising: no statement such as "Ceci est
    une communication commerciale" and no stand-alone "Publicité" label (in the body or as a
    subject prefix), using the same evidence as EL004.

    ## Why
    LCEN art. 20: any advertising accessible by an online communication service must be clearly
    identifiable as such, and identify the person on whose behalf it is made.

    ## Example
    ```html
    <p>Atelier Lumière SARL : -20 % sur toutes nos lampes.</p>
    ```

    ## Use instead
    ```html
    <p>Publicité</p>
    <p>Atelier Lumière SARL : -20 % sur toutes nos lampes.</p>
    ```

    email-lint gives technical checks, not legal advice.
    """
    if commercial_evidence(document, context) is None:
        yield Violation(
            "France: the email is not identifiable as advertising on receipt (LCEN art. 20): add a visible "
            "'Publicité' label or 'Ceci est une communication commerciale'"
        )


@rule(
    "FR203",
    "fr-free-objection",
    "Every prospecting email must offer a free and simple way to object.",
    reference="CPCE art. L.34-5; GDPR art. 21(2)-(3)",
    **COMMON,
    same_as="EL002",
)
def free_objection(document, context):
    """## What it does
    Fails when the email offers no usable way to object to further messages: no unsubscribe link,
    mailto or reply instruction, or only one that is hidden, dead, behind a login, a fee or a phone
    call (the same evidence as EL002). In B2B opt-out prospecting this is what makes the opt-out
    basis lawful.

    ## Why
    CPCE art. L.34-5 requires every prospecting email to carry valid contact details where the
    recipient can ask, free of charge, that such messages stop; GDPR art. 21(2)-(3) gives the
    right to object to direct marketing at any time.

    ## Example
    ```html
    <p>Pour vous désinscrire, appelez notre service client.</p>
    ```

    ## Use instead
    ```html
    <p><a href="{{ unsubscribe_url }}">Se désinscrire</a></p>
    ```

    email-lint gives technical checks, not legal advice.
    """
    yield from restate(
        opt_out_violations(document, context), "France requires a free, simple way to object (CPCE art. L.34-5)"
    )


@rule(
    "FR204",
    "fr-data-source-first-contact",
    "A first message to a rented or bought list must say where the recipient's data came from.",
    reference="GDPR art. 14(2)(f) and 14(3)(b); CNIL guidance on commercial prospecting",
    **COMMON,
)
def data_source_first_contact(document, context):
    """## What it does
    When the campaign is a first contact (`first-contact = true`: a rented, bought or collected
    list), fails unless the email says where the recipient's data was obtained: "Vos coordonnées
    proviennent de l'annuaire ...", "Your email address was obtained from ...". Saying only why
    the recipient gets the email is not enough here.

    ## Why
    When personal data was not obtained from the person, GDPR art. 14(2)(f) requires telling them
    its source, at the latest at the first communication (art. 14(3)(b)). The CNIL asks it in the
    first message of every prospecting campaign to a rented or bought list.

    ## Example
    ```html
    <!-- email-lint: first-contact=true -->
    <p>Vous recevez ce message en tant que dirigeant d'une PME industrielle.</p>
    ```

    ## Use instead
    ```html
    <!-- email-lint: first-contact=true -->
    <p>Vos coordonnées proviennent de l'annuaire professionnel Kompass.</p>
    ```

    email-lint gives technical checks, not legal advice.
    """
    if context.first_contact is True and data_origin_evidence(document, context) is None:
        yield Violation(
            "France: first contact without a data-source notice (GDPR art. 14(2)(f), 14(3)(b)): say where the "
            "recipient's data was obtained, e.g. 'Vos coordonnées proviennent de l'annuaire ...'"
        )


@rule(
    "FR205",
    "fr-reason-for-receiving",
    "B2B opt-out prospecting must say why the recipient receives the email.",
    reference="CPCE art. L.34-5; CNIL guidance on commercial prospecting",
    **COMMON,
)
def reason_for_receiving(document, context):
    """## What it does
    When the campaign relies on opt-out (`consent = "opt-out"`, B2B prospecting), fails unless the
    email says why the recipient receives it: "Vous recevez ce message car votre entreprise figure
    dans ...", "You are receiving this email because ...", or an ESP permission reminder such as
    `*|LIST:DESCRIPTION|*` (the same evidence as EL003).

    ## Why
    B2B prospecting without consent is tolerated only when the message relates to the recipient's
    profession and the recipient was informed; the CNIL expects the message to say why the
    recipient receives it.

    ## Example
    ```html
    <!-- email-lint: audience=b2b consent=opt-out -->
    <p>Publicité — Paie Express SAS : notre logiciel de paie pour les cabinets comptables.</p>
    ```

    ## Use instead
    ```html
    <!-- email-lint: audience=b2b consent=opt-out -->
    <p>Publicité — Paie Express SAS : notre logiciel de paie pour les cabinets comptables.</p>
    <p>Vous recevez ce message car votre cabinet figure dans l'annuaire de l'Ordre des experts-comptables.</p>
    ```

    email-lint gives technical checks, not legal advice.
    """
    if context.consent == "opt-out" and reason_evidence(document, context) is None:
        yield Violation(
            "France: opt-out prospecting without saying why the recipient receives this email: add e.g. "
            "'Vous recevez ce message car votre entreprise figure dans ...'"
        )


@rule(
    "FR206",
    "fr-rights-contact",
    "Prospecting emails must say how to exercise data-protection rights.",
    reference="GDPR art. 14(2)(c) and 21(4); CNIL guidance on commercial prospecting",
    **COMMON,
)
def rights_contact(document, context):
    """## What it does
    For B2B opt-out prospecting (`consent = "opt-out"`) and first contacts (`first-contact =
    true`), fails unless the email gives a way to exercise the rights of access, erasure and
    objection: a link to the privacy policy ("Politique de confidentialité", "Données
    personnelles"), a data-protection contact address (`dpo@`, `rgpd@`), or a sentence about
    these rights with an address or link.

    ## Why
    When data was not obtained from the person, GDPR art. 14(2)(c) requires informing them of
    their rights at the first communication, and art. 21(4) requires the right to object to be
    presented clearly; the CNIL asks prospecting emails to say how to exercise these rights.

    ## Example
    ```html
    <!-- email-lint: audience=b2b consent=opt-out -->
    <p>Paie Express SAS — 4 quai de la Fosse, 44000 Nantes</p>
    ```

    ## Use instead
    ```html
    <!-- email-lint: audience=b2b consent=opt-out -->
    <p>Paie Express SAS — 4 quai de la Fosse, 44000 Nantes</p>
    <p><a href="https://paie-express.example/confidentialite">Politique de confidentialité</a></p>
    ```

    email-lint gives technical checks, not legal advice.
    """
    if _prospecting(context) and rights_evidence(document, context) is None:
        yield Violation(
            "France: prospecting email without a way to exercise data-protection rights (GDPR art. 14(2)(c)): "
            "link the privacy policy ('Politique de confidentialité') or give a contact such as dpo@..."
        )


RULES = [
    prior_consent,
    sender_identity,
    advertising_identifiable,
    free_objection,
    data_source_first_contact,
    reason_for_receiving,
    rights_contact,
]
