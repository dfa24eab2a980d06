"""Italy's rules: consent for companies and persons alike (Codice Privacy art. 130(1)-(2)), the
soft opt-in for own customers with the objection notice (130(4)), a sender that is not hidden
and a working contact for rights (130(5))."""

from __future__ import annotations

from email_lint.packs import OPT_IN_OR_CUSTOMER, Regime, consent_violations, objection_evidence, rights_evidence
from email_lint.packs.evidence import sender_evidence
from email_lint.rules.base import Violation, rule

REGIME = Regime(
    country="Italy",
    b2c=OPT_IN_OR_CUSTOMER,
    b2b=OPT_IN_OR_CUSTOMER,
    requirement="prior consent of the 'contraente o utente', companies included (Codice Privacy art. 130(1)-(2)); "
    "soft opt-in only for own customers, similar products (art. 130(4))",
)
COMMON = {"countries": ["it"], "kinds": ["commercial"]}


@rule(
    "IT101",
    "it-prior-consent",
    "Advertising email needs prior consent, from companies and persons alike.",
    reference="Codice Privacy art. 130(1), (2) and (4); Garante anti-spam guidelines of 4 July 2013",
    **COMMON,
)
def prior_consent(document, context):
    """## What it does
    Judges the campaign's declared consent basis under Italian law, for B2B and B2C alike:
    `opt-in` and `double-opt-in` are lawful, `soft-opt-in` only for own customers (whose notice
    IT102 checks); `opt-out` and `none` are errors, `unknown` a warning. An undeclared consent
    basis is not judged.

    ## Why
    Codice Privacy art. 130(1)-(2) requires the prior consent of the "contraente o utente" for
    advertising by email, a term that covers companies as well as persons; the Garante's anti-spam
    guidelines of 4 July 2013 confirm that publicly available business addresses may not be used
    without consent. Art. 130(4) is the only exception (own customers, similar products).

    ## Example
    ```html
    <!-- email-lint: audience=b2b consent=opt-out -->
    <p>Pubblicità — Studio Rossi S.r.l.: il gestionale per il tuo studio.</p>
    ```

    ## Use instead
    ```html
    <!-- email-lint: audience=b2b consent=opt-in -->
    <p>Pubblicità — Studio Rossi S.r.l.: il gestionale per il tuo studio.</p>
    ```

    email-lint gives technical checks, not legal advice.
    """
    yield from consent_violations(REGIME, context)


@rule(
    "IT102",
    "it-soft-opt-in-notice",
    "Mailing own customers without consent needs the objection notice in every email.",
    reference="Codice Privacy art. 130(4)",
    **COMMON,
)
def soft_opt_in_notice(document, context):
    """## What it does
    When the campaign relies on the own-customer exception (`consent = "soft-opt-in"`), fails
    unless the email tells the customer they may object at any time, easily and free of charge:
    "Puoi opporti in qualsiasi momento e gratuitamente", "You can unsubscribe at any time, free of
    charge". A bare "Disiscriviti" link is not this notice.

    ## Why
    Codice Privacy art. 130(4): an own customer's email address may be used for direct sales of
    similar products without consent only if the customer, informed of the possibility to object
    at collection and in every communication, does not refuse.

    ## Example
    ```html
    <!-- email-lint: consent=soft-opt-in -->
    <p><a href="{{ unsubscribe_url }}">Disiscriviti</a></p>
    ```

    ## Use instead
    ```html
    <!-- email-lint: consent=soft-opt-in -->
    <p>Puoi opporti in qualsiasi momento e gratuitamente: <a href="{{ unsubscribe_url }}">Disiscriviti</a></p>
    ```

    email-lint gives technical checks, not legal advice.
    """
    if context.consent == "soft-opt-in" and objection_evidence(document, context) is None:
        yield Violation(
            "Italy: soft opt-in without the objection notice (Codice Privacy art. 130(4)): tell the customer "
            "they may object at any time, free of charge ('Puoi opporti in qualsiasi momento e gratuitamente')"
        )


@rule(
    "IT201",
    "it-sender-identity",
    "The sender on whose behalf the email is sent must not be hidden.",
    reference="Codice Privacy art. 130(5)",
    **COMMON,
    same_as="EL001",
)
def sender_identity(document, context):
    """## What it does
    Fails when nothing in the email identifies the company that sends it or on whose behalf it is
    sent (legal entity, copyright line, signature, ESP company tag, From display name, configured
    `sender.name`), using the same evidence as EL001.

    ## Why
    Codice Privacy art. 130(5) forbids sending direct-marketing communications that disguise or
    conceal the identity of the sender on whose behalf they are made.

    ## Example
    ```html
    <p>Pubblicità: sconti del 30% su tutto il catalogo.</p>
    ```

    ## Use instead
    ```html
    <p>Pubblicità: sconti del 30% su tutto il catalogo.</p>
    <p>Cartoleria Bianchi S.r.l., Via Roma 10, 40121 Bologna</p>
    ```

    email-lint gives technical checks, not legal advice.
    """
    if sender_evidence(document, context) is None:
        yield Violation(
            "Italy: the sender's identity is hidden (Codice Privacy art. 130(5)): name the company that sends "
            "this email, e.g. 'Cartoleria Bianchi S.r.l.'"
        )


@rule(
    "IT206",
    "it-rights-contact",
    "Every advertising email must give a working contact for exercising data-protection rights.",
    reference="Codice Privacy art. 130(5); GDPR art. 15-22",
    **COMMON,
)
def rights_contact(document, context):
    """## What it does
    Fails unless the email gives a suitable contact where the recipient can exercise their rights
    (access, erasure, objection): a link to the privacy notice ("Informativa privacy"), a
    data-protection address (`privacy@`, `dpo@`), or a sentence about these rights with an address
    or link.

    ## Why
    Codice Privacy art. 130(5) forbids direct-marketing emails that lack a suitable address
    ("idoneo recapito") at which the recipient can exercise the rights of GDPR art. 15-22.

    ## Example
    ```html
    <p>Cartoleria Bianchi S.r.l., Via Roma 10, 40121 Bologna</p>
    ```

    ## Use instead
    ```html
    <p>Cartoleria Bianchi S.r.l., Via Roma 10, 40121 Bologna</p>
    <p>Per esercitare i tuoi diritti scrivi a privacy@cartoleria-bianchi.example</p>
    ```

    email-lint gives technical checks, not legal advice.
    """
    if rights_evidence(document, context) is None:
        yield Violation(
            "Italy: no contact for exercising data-protection rights (Codice Privacy art. 130(5)): link the "
            "privacy notice ('Informativa privacy') or give an address such as privacy@..."
        )


RULES = [prior_consent, soft_opt_in_notice, sender_identity, rights_contact]
