"""Belgium's rules: prior consent (CDE art. XII.13) with the exceptions of the Royal Decree of
4 April 2003 (own customers, impersonal company addresses), advertising identifiable on receipt
(XII.12), and a means to object in every advertisement."""

from __future__ import annotations

from email_lint.packs import (
    OPT_IN_OR_CUSTOMER,
    Regime,
    consent_violations,
    named_recipient,
    opt_out_violations,
    restate,
)
from email_lint.packs.evidence import commercial_evidence
from email_lint.rules.base import Violation, rule

REGIME = Regime(
    country="Belgium",
    b2c=OPT_IN_OR_CUSTOMER,
    b2b=OPT_IN_OR_CUSTOMER,
    requirement="prior, free, specific and informed consent (CDE art. XII.13); exceptions: own customers "
    "(similar products) and impersonal company addresses such as info@ (Royal Decree of 4 April 2003)",
    role_addresses="exempt",  # Royal Decree of 4 April 2003, art. 1
)
COMMON = {"countries": ["be"], "kinds": ["commercial"]}


@rule(
    "BE101",
    "be-prior-consent",
    "Advertising email needs prior consent, except to own customers and impersonal company addresses.",
    reference="Code de droit économique art. XII.13; Royal Decree of 4 April 2003",
    **COMMON,
)
def prior_consent(document, context):
    """## What it does
    Judges the campaign's declared consent basis under Belgian law: `opt-in`, `double-opt-in`
    and `soft-opt-in` (own customers) are lawful. For B2B, `opt-out` or `none` is lawful only
    towards impersonal company addresses (info@, sales@): a warning, or an error when the email
    addresses a named person ("Madame Peeters", "Beste {{ voornaam }}"). For B2C they are errors;
    `unknown` is a warning. An undeclared consent basis is not judged.

    ## Why
    CDE art. XII.13 requires prior consent for advertising by email; the Royal Decree of 4 April
    2003 exempts own customers (similar products, objection offered) and legal persons reached
    at impersonal addresses, not named employees.

    ## Example
    ```html
    <!-- email-lint: audience=b2b consent=opt-out -->
    <p>Geachte mevrouw Peeters,</p>
    <p>Reclame — Drukkerij Maes BV: visitekaartjes aan halve prijs.</p>
    ```

    ## Use instead
    ```html
    <!-- email-lint: audience=b2b consent=opt-in -->
    <p>Geachte mevrouw Peeters,</p>
    <p>Reclame — Drukkerij Maes BV: visitekaartjes aan halve prijs.</p>
    ```

    email-lint gives technical checks, not legal advice.
    """
    if context.audience == "b2b" and context.consent in ("opt-out", "none"):
        recipient = named_recipient(document)
        if recipient is not None:
            yield Violation(
                f"Belgium: consent={context.consent} B2B advertising addresses a named person ({recipient}): "
                "without consent only impersonal company addresses (info@, sales@) may be mailed "
                "(Royal Decree of 4 April 2003)"
            )
        else:
            yield Violation(
                f"Belgium: consent={context.consent} is lawful for B2B advertising only to impersonal company "
                "addresses such as info@ or sales@ (Royal Decree of 4 April 2003); named employees need consent",
                severity="warning",
            )
        return
    yield from consent_violations(REGIME, context)


@rule(
    "BE202",
    "be-advertising-identifiable",
    "Advertising by email must be clearly identifiable as such on receipt.",
    reference="Code de droit économique art. XII.12",
    **COMMON,
    same_as="EL004",
)
def advertising_identifiable(document, context):
    """## What it does
    Fails when a commercial email never says it is advertising: no statement such as "Ceci est
    une communication commerciale" or "Dit is een commerciële boodschap" and no stand-alone
    "Publicité"/"Reclame" label, using the same evidence as EL004.

    ## Why
    CDE art. XII.12: advertising sent by email must be clearly identifiable as such from receipt,
    or else carry the word "publicité"/"reclame" legibly.

    ## Example
    ```html
    <p>Drukkerij Maes BV: visitekaartjes aan halve prijs.</p>
    ```

    ## Use instead
    ```html
    <p>Reclame</p>
    <p>Drukkerij Maes BV: visitekaartjes aan halve prijs.</p>
    ```

    email-lint gives technical checks, not legal advice.
    """
    if commercial_evidence(document, context) is None:
        yield Violation(
            "Belgium: the email is not identifiable as advertising on receipt (CDE art. XII.12): add a visible "
            "'Publicité' / 'Reclame' label"
        )


@rule(
    "BE203",
    "be-objection-means",
    "Every advertisement must offer an electronic means to object to further ones.",
    reference="Royal Decree of 4 April 2003 (right to object); CDE art. XII.13",
    **COMMON,
    same_as="EL002",
)
def objection_means(document, context):
    """## What it does
    Fails when the email offers no usable electronic way to object to further advertising: no
    unsubscribe link or mailto, or only one that is hidden, dead, behind a login, a fee or a phone
    call (the same evidence as EL002).

    ## Why
    The Royal Decree of 4 April 2003 requires every advertisement sent by email to inform the
    recipient of the right to object and to offer an appropriate electronic means to do so.

    ## Example
    ```html
    <p>Pour vous désinscrire, téléphonez au service clientèle.</p>
    ```

    ## Use instead
    ```html
    <p><a href="{{ unsubscribe_url }}">Se désinscrire</a></p>
    ```

    email-lint gives technical checks, not legal advice.
    """
    yield from restate(
        opt_out_violations(document, context),
        "Belgium requires an electronic means to object (Royal Decree of 4 April 2003)",
    )


RULES = [prior_consent, advertising_identifiable, objection_means]
