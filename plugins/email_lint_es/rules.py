"""Spain's rules: prior request or authorisation (LSSI art. 21.1) with the customer exception
(21.2), a message identifiable as commercial with an identifiable sender (20.1), an electronic
address to object in every message (21.2), and the old "Publicidad" prefix as best practice."""

from __future__ import annotations

import re

from email_lint.normalize import normalize
from email_lint.packs import OPT_IN_OR_CUSTOMER, Regime, consent_violations, opt_out_violations, restate
from email_lint.packs.evidence import commercial_evidence, sender_evidence
from email_lint.rules.base import Violation, rule

REGIME = Regime(
    country="Spain",
    b2c=OPT_IN_OR_CUSTOMER,
    b2b=OPT_IN_OR_CUSTOMER,
    requirement="the recipient's prior request or express authorisation, companies included (LSSI art. 21.1); "
    "the customer exception for similar products (art. 21.2)",
)
COMMON = {"countries": ["es"], "kinds": ["commercial"]}
_PUBLI = re.compile(r"^[^\w]*publi(?:cidad)?(?![\w])")


def opening_line(document) -> tuple[str, int] | None:
    """The subject (an .eml's Subject header, else the template's title) or the first visible line."""
    subject = document.header("Subject")
    if subject:
        return subject, document.line_of_header("subject")
    for block in document.blocks:
        if block.source == "title" and block.text.strip():
            return block.text, block.line
    for block in document.blocks:
        if block.visible and block.source == "body" and block.text.strip():
            return block.text.splitlines()[0], block.line
    return None


@rule(
    "ES101",
    "es-prior-consent",
    "Advertising email needs the recipient's prior request or authorisation.",
    reference="LSSI art. 21.1 and 21.2",
    **COMMON,
)
def prior_consent(document, context):
    """## What it does
    Judges the campaign's declared consent basis under Spanish law, for B2B and B2C alike:
    `opt-in` and `double-opt-in` are lawful, `soft-opt-in` for customers offered similar
    products; `opt-out` and `none` are errors, `unknown` a warning. An undeclared consent basis
    is not judged.

    ## Why
    LSSI art. 21.1 forbids advertising by email that the recipient has not previously requested
    or expressly authorised; art. 21.2 exempts an existing contractual relationship when the
    products are similar and the recipient can object at collection and in every message.

    ## Example
    ```html
    <!-- email-lint: audience=b2c consent=opt-out -->
    <p>Publicidad — Librería Sol S.L.: un 20 % en novelas.</p>
    ```

    ## Use instead
    ```html
    <!-- email-lint: audience=b2c consent=opt-in -->
    <p>Publicidad — Librería Sol S.L.: un 20 % en novelas.</p>
    ```

    email-lint gives technical checks, not legal advice.
    """
    yield from consent_violations(REGIME, context)


@rule(
    "ES201",
    "es-sender-identity",
    "The sender on whose behalf the advertising is made must be identifiable.",
    reference="LSSI art. 20.1",
    **COMMON,
    same_as="EL001",
)
def sender_identity(document, context):
    """## What it does
    Fails when nothing in the email identifies the company on whose behalf it is sent (legal
    entity, copyright line, signature, ESP company tag, From display name, configured
    `sender.name`), using the same evidence as EL001.

    ## Why
    LSSI art. 20.1: commercial communications must clearly identify the natural or legal person
    on whose behalf they are made.

    ## Example
    ```html
    <p>Publicidad: un 20 % en todas las novelas.</p>
    ```

    ## Use instead
    ```html
    <p>Publicidad: un 20 % en todas las novelas.</p>
    <p>Librería Sol S.L., Calle Mayor 5, 28013 Madrid</p>
    ```

    email-lint gives technical checks, not legal advice.
    """
    if sender_evidence(document, context) is None:
        yield Violation(
            "Spain: the sender is not identifiable (LSSI art. 20.1): name the company on whose behalf this email "
            "is sent, e.g. 'Librería Sol S.L.'"
        )


@rule(
    "ES202",
    "es-commercial-identifiable",
    "Commercial communications must be clearly identifiable as such.",
    reference="LSSI art. 20.1",
    **COMMON,
    same_as="EL004",
)
def commercial_identifiable(document, context):
    """## What it does
    Fails when a commercial email never says it is advertising: no statement such as
    "Comunicación comercial" and no stand-alone "Publicidad" label (in the body or as a subject
    prefix), using the same evidence as EL004.

    ## Why
    LSSI art. 20.1: commercial communications sent electronically must be clearly identifiable
    as such.

    ## Example
    ```html
    <p>Librería Sol S.L.: un 20 % en todas las novelas.</p>
    ```

    ## Use instead
    ```html
    <p>Publicidad</p>
    <p>Librería Sol S.L.: un 20 % en todas las novelas.</p>
    ```

    email-lint gives technical checks, not legal advice.
    """
    if commercial_evidence(document, context) is None:
        yield Violation(
            "Spain: the email is not identifiable as a commercial communication (LSSI art. 20.1): add a visible "
            "'Publicidad' label or 'Comunicación comercial'"
        )


@rule(
    "ES203",
    "es-objection-address",
    "Every commercial email must give a valid electronic address to object.",
    reference="LSSI art. 21.2 and 22.1",
    **COMMON,
    same_as="EL002",
)
def objection_address(document, context):
    """## What it does
    Fails when the email offers no usable way to object: no unsubscribe link or mailto, or only
    one that is hidden, dead, behind a login, a fee or a phone call (the same evidence as EL002).

    ## Why
    LSSI art. 21.2: the sender must offer a simple, free way to object in every commercial
    communication, which for email must be an email address or another valid electronic address;
    art. 22.1 makes revoking consent as simple and free as giving it.

    ## Example
    ```html
    <p>Para darse de baja, envíe una carta a nuestras oficinas.</p>
    ```

    ## Use instead
    ```html
    <p><a href="{{ unsubscribe_url }}">Darse de baja</a></p>
    ```

    email-lint gives technical checks, not legal advice.
    """
    yield from restate(
        opt_out_violations(document, context),
        "Spain requires a valid electronic address to object (LSSI art. 21.2)",
    )


@rule(
    "ES303",
    "es-publicidad-prefix",
    "Best practice: start the subject (or the message) with 'Publicidad' or 'Publi'.",
    severity="warning",
    reference="LSSI art. 20.1 (the prefix was required until 2014; best practice only)",
    **COMMON,
)
def publicidad_prefix(document, context):
    """## What it does
    Warns when neither the subject (an .eml's Subject header, else the template's `<title>`) nor,
    failing one, the message's first line starts with "Publicidad" or "Publi". This is a warning
    only: the prefix is no longer mandatory.

    ## Why
    LSSI art. 20.1 required the word "publicidad" or "publi" at the beginning of commercial
    emails until Ley 9/2014 removed the requirement; Spanish recipients and filters still
    recognise it, so it remains good practice.

    ## Example
    ```html
    <html><head><title>Novedades de otoño</title></head><body><p>Librería Sol S.L.</p></body></html>
    ```

    ## Use instead
    ```html
    <html><head><title>Publi: novedades de otoño</title></head><body><p>Librería Sol S.L.</p></body></html>
    ```

    email-lint gives technical checks, not legal advice.
    """
    opening = opening_line(document)
    if opening is None:
        return
    text, line = opening
    if not _PUBLI.match(normalize(text)):
        yield Violation(
            f"Spain (best practice): the subject or first line {text.strip()[:60]!r} does not start with "
            "'Publicidad' or 'Publi'",
            line,
        )


RULES = [prior_consent, sender_identity, commercial_identifiable, objection_address, publicidad_prefix]
