"""The Netherlands' rules: opt-in for consumers and, since 1 October 2009, for companies
(Telecommunicatiewet art. 11.7), the customer exception, and the sender's identity and a free
opt-out in every message (warnings until the sub-paragraph is verified)."""

from __future__ import annotations

from email_lint.packs import OPT_IN_OR_CUSTOMER, Regime, consent_violations, opt_out_violations, restate
from email_lint.packs.evidence import sender_evidence
from email_lint.rules.base import Violation, rule

REGIME = Regime(
    country="the Netherlands",
    b2c=OPT_IN_OR_CUSTOMER,
    b2b=OPT_IN_OR_CUSTOMER,
    requirement="prior consent from consumers and, since 1 October 2009, from companies too "
    "(Telecommunicatiewet art. 11.7); the customer exception for similar products",
)
COMMON = {"countries": ["nl"], "kinds": ["commercial"]}
UNVERIFIED = "Telecommunicatiewet art. 11.7 (sub-paragraph unverified: best practice)"


@rule(
    "NL101",
    "nl-prior-consent",
    "Advertising email needs prior consent, from companies and consumers alike.",
    reference="Telecommunicatiewet art. 11.7",
    **COMMON,
)
def prior_consent(document, context):
    """## What it does
    Judges the campaign's declared consent basis under Dutch law, for B2B and B2C alike:
    `opt-in`, `double-opt-in` and `soft-opt-in` (existing customers, similar products) are
    lawful; `opt-out` and `none` are errors, `unknown` a warning. An undeclared consent basis is
    not judged.

    ## Why
    Telecommunicatiewet art. 11.7 requires prior consent for unsolicited advertising by email;
    since 1 October 2009 this protects companies as well as consumers. Existing customers may be
    mailed about similar products if they could object at collection and in every message.

    ## Example
    ```html
    <!-- email-lint: audience=b2b consent=opt-out -->
    <p>Advertentie — Fietsenmakerij De Vries B.V.: onderhoudsbeurt voor uw bedrijfsfietsen.</p>
    ```

    ## Use instead
    ```html
    <!-- email-lint: audience=b2b consent=double-opt-in -->
    <p>Advertentie — Fietsenmakerij De Vries B.V.: onderhoudsbeurt voor uw bedrijfsfietsen.</p>
    ```

    email-lint gives technical checks, not legal advice.
    """
    yield from consent_violations(REGIME, context)


@rule(
    "NL201",
    "nl-sender-identity",
    "Every advertising email should identify its sender.",
    severity="warning",
    reference=UNVERIFIED,
    **COMMON,
    same_as="EL001",
)
def sender_identity(document, context):
    """## What it does
    Warns when nothing in the email identifies the company that sends it (legal entity,
    copyright line, signature, ESP company tag, From display name, configured `sender.name`),
    using the same evidence as EL001.

    ## Why
    Telecommunicatiewet art. 11.7 requires each advertising message to state the sender's
    identity; the exact sub-paragraph is not verified here, so this is a warning.

    ## Example
    ```html
    <p>Advertentie: 25% korting op alle fietsen.</p>
    ```

    ## Use instead
    ```html
    <p>Advertentie: 25% korting op alle fietsen.</p>
    <p>Fietsenmakerij De Vries B.V., Keizersgracht 123, 1015 CJ Amsterdam</p>
    ```

    email-lint gives technical checks, not legal advice.
    """
    if sender_evidence(document, context) is None:
        yield Violation(
            "the Netherlands: the email does not identify its sender (Telecommunicatiewet art. 11.7): name the "
            "company, e.g. 'Fietsenmakerij De Vries B.V.'"
        )


@rule(
    "NL203",
    "nl-free-opt-out",
    "Every advertising email should offer a free way to opt out.",
    severity="warning",
    reference=UNVERIFIED,
    **COMMON,
    same_as="EL002",
)
def free_opt_out(document, context):
    """## What it does
    Warns when the email offers no usable, free way to opt out (the same evidence as EL002).

    ## Why
    Telecommunicatiewet art. 11.7 requires each advertising message to offer a free, easy way to
    refuse further messages; the exact sub-paragraph is not verified here, so this is a warning
    (EL002 reports the missing opt-out as an error anyway).

    ## Example
    ```html
    <p>Afmelden? Bel onze klantenservice.</p>
    ```

    ## Use instead
    ```html
    <p><a href="{{ unsubscribe_url }}">Afmelden</a></p>
    ```

    email-lint gives technical checks, not legal advice.
    """
    yield from restate(
        opt_out_violations(document, context),
        "the Netherlands: a free opt-out is due in every message (Telecommunicatiewet art. 11.7)",
    )


RULES = [prior_consent, sender_identity, free_opt_out]
