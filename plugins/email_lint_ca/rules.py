"""Canada's rules (CASL): express or implied consent, the sender identified, a mailing address
plus a telephone, email or web contact, and an unsubscribe mechanism readily performed."""

from __future__ import annotations

from email_lint.packs import OPT_IN_OR_CUSTOMER, Regime, consent_violations, opt_out_violations, restate
from email_lint.packs.evidence import address_evidence, sender_evidence
from email_lint.rules.base import Violation, rule
from email_lint_ca.contact import contact_evidence

REGIME = Regime(
    country="Canada",
    b2c=OPT_IN_OR_CUSTOMER,
    b2b=OPT_IN_OR_CUSTOMER,
    requirement="express consent (no pre-checked boxes) or implied consent such as an existing business "
    "relationship (CASL s. 6(1)(a) and s. 10), for businesses and individuals alike",
)
COMMON = {"countries": ["ca"], "kinds": ["commercial"]}


@rule(
    "CA101",
    "ca-express-consent",
    "A commercial electronic message needs express or implied consent.",
    reference="CASL s. 6(1)(a) and s. 10; CRTC bulletins 2012-548 and 2012-549",
    **COMMON,
)
def express_consent(document, context):
    """## What it does
    Judges the campaign's declared consent basis under CASL, for businesses and individuals
    alike: `opt-in` and `double-opt-in` (express consent) and `soft-opt-in` (implied consent from
    an existing business relationship) are lawful; `opt-out` and `none` are errors, `unknown` a
    warning. An undeclared consent basis is not judged.

    ## Why
    CASL s. 6(1)(a) forbids sending a commercial electronic message without the recipient's
    consent, express or implied (s. 10: e.g. an existing business relationship); the CRTC
    (bulletin 2012-549) rejects pre-checked boxes and opt-out as express consent.

    ## Example
    ```html
    <!-- email-lint: consent=opt-out -->
    <p>Advertisement — Maple Outfitters Inc.: 20% off winter boots.</p>
    ```

    ## Use instead
    ```html
    <!-- email-lint: consent=opt-in -->
    <p>Advertisement — Maple Outfitters Inc.: 20% off winter boots.</p>
    ```

    email-lint gives technical checks, not legal advice.
    """
    yield from consent_violations(REGIME, context)


@rule(
    "CA201",
    "ca-sender-identity",
    "A commercial electronic message must identify its sender and on whose behalf it is sent.",
    reference="CASL s. 6(2)(a); CRTC Electronic Commerce Protection Regulations s. 2",
    **COMMON,
    same_as="EL001",
)
def sender_identity(document, context):
    """## What it does
    Fails when nothing in the email identifies the sender or the person on whose behalf it is sent
    (legal entity, copyright line, signature, ESP company tag, From display name, configured
    `sender.name`), using the same evidence as EL001.

    ## Why
    CASL s. 6(2)(a) and the CRTC Regulations s. 2 require the name by which the sender carries on
    business, and the person on whose behalf the message is sent if different.

    ## Example
    ```html
    <p>Advertisement: 20% off winter boots.</p>
    ```

    ## Use instead
    ```html
    <p>Advertisement: 20% off winter boots.</p>
    <p>Maple Outfitters Inc., 55 Rue Sainte-Catherine, Montréal QC H2X 1K4</p>
    ```

    email-lint gives technical checks, not legal advice.
    """
    if sender_evidence(document, context) is None:
        yield Violation(
            "Canada: the sender is not identified (CASL s. 6(2)(a)): give the name under which the sender carries "
            "on business, e.g. 'Maple Outfitters Inc.'"
        )


@rule(
    "CA203",
    "ca-unsubscribe",
    "A commercial electronic message must carry an unsubscribe mechanism readily performed.",
    reference="CASL s. 6(2)(c) and s. 11; CRTC Electronic Commerce Protection Regulations s. 3",
    **COMMON,
    same_as="EL002",
)
def unsubscribe(document, context):
    """## What it does
    Fails when the email offers no usable unsubscribe mechanism: none at all, or only one that is
    hidden, dead, behind a login, a fee or a phone call (the same evidence as EL002).

    ## Why
    CASL s. 6(2)(c) and s. 11 require an unsubscribe mechanism, free of charge, by the same means
    or a link to a web page, valid for at least 60 days; the CRTC Regulations s. 3 require it to
    be "readily performed".

    ## Example
    ```html
    <p>Pour vous désabonner, appelez-nous.</p>
    ```

    ## Use instead
    ```html
    <p><a href="{{ unsubscribe_url }}">Se désabonner / Unsubscribe</a></p>
    ```

    email-lint gives technical checks, not legal advice.
    """
    yield from restate(
        opt_out_violations(document, context),
        "Canada: CASL requires an unsubscribe mechanism readily performed (s. 11)",
    )


@rule(
    "CA207",
    "ca-mailing-address",
    "A commercial electronic message must give the sender's mailing address.",
    reference="CASL s. 6(2)(b); CRTC Electronic Commerce Protection Regulations s. 2",
    **COMMON,
    same_as="EL005",
)
def mailing_address(document, context):
    """## What it does
    Fails when the email gives no mailing address of its sender: no street address, no post-office
    box, no ESP address tag, not the configured `sender.address` (the same evidence as EL005).

    ## Why
    CASL s. 6(2)(b) and the CRTC Regulations s. 2 require the sender's mailing address in every
    commercial electronic message, valid for at least 60 days after sending.

    ## Example
    ```html
    <p>Advertisement — Maple Outfitters Inc. · 1-800-555-0199</p>
    ```

    ## Use instead
    ```html
    <p>Advertisement — Maple Outfitters Inc., 120 King Street West, Toronto ON M5H 1J9 · 1-800-555-0199</p>
    ```

    email-lint gives technical checks, not legal advice.
    """
    if address_evidence(document, context) is None:
        yield Violation(
            "Canada: no mailing address of the sender (CASL s. 6(2)(b)): add it, e.g. '120 King Street West, "
            "Toronto ON M5H 1J9'"
        )


@rule(
    "CA208",
    "ca-contact-details",
    "Besides the mailing address, give a telephone number, an email address or a web address.",
    reference="CASL s. 6(2)(b); CRTC Electronic Commerce Protection Regulations s. 2",
    **COMMON,
)
def contact_details(document, context):
    """## What it does
    Fails unless the email gives, besides the mailing address, at least one way to reach the
    sender: a telephone number (or `tel:` link), an email address (an unsubscribe mailbox does not
    count), a web address written out, a contact link ("Contact us", "Nous joindre"), or an ESP
    contact tag.

    ## Why
    The CRTC Regulations s. 2 require the sender's mailing address and either a telephone number
    giving access to an agent or a voice messaging system, an email address, or a web address,
    valid for at least 60 days after the message is sent.

    ## Example
    ```html
    <p>Maple Outfitters Inc., 120 King Street West, Toronto ON M5H 1J9</p>
    ```

    ## Use instead
    ```html
    <p>Maple Outfitters Inc., 120 King Street West, Toronto ON M5H 1J9 · 1-800-555-0199</p>
    ```

    email-lint gives technical checks, not legal advice.
    """
    if contact_evidence(document, context) is None:
        yield Violation(
            "Canada: no telephone number, email address or web address to reach the sender (CRTC Regulations "
            "s. 2): add one, e.g. '1-800-555-0199' or 'info@example.ca'"
        )


RULES = [express_consent, sender_identity, unsubscribe, mailing_address, contact_details]
