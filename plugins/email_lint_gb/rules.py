"""The United Kingdom's rules: consent for individual subscribers, sole traders included, with the
soft opt-in (PECR reg. 22); corporate subscribers exempt; sender identity not disguised and a
valid address for opting out (reg. 23)."""

from __future__ import annotations

from email_lint.packs import ANY, OPT_IN_OR_CUSTOMER, Regime, consent_violations, opt_out_violations, restate
from email_lint.packs.evidence import sender_evidence
from email_lint.rules.base import Violation, rule

REGIME = Regime(
    country="the United Kingdom",
    b2c=OPT_IN_OR_CUSTOMER,
    b2b=ANY,
    requirement="consent from individual subscribers, sole traders and partnerships included (PECR reg. 22(2)), "
    "or the soft opt-in for existing customers (reg. 22(3)); only corporate subscribers are exempt",
)
COMMON = {"countries": ["gb"], "kinds": ["commercial"]}


@rule(
    "GB101",
    "gb-prior-consent",
    "Advertising email to individuals and sole traders needs consent; corporate subscribers are exempt.",
    reference="PECR reg. 22(2) and 22(3)",
    **COMMON,
)
def prior_consent(document, context):
    """## What it does
    Judges the campaign's declared consent basis under UK law. B2C (individual subscribers,
    **sole traders and partnerships included**: declare them `audience = "b2c"`): `opt-in`,
    `double-opt-in` or the soft opt-in (`soft-opt-in`) is required; `opt-out` and `none` are
    errors. B2B means corporate subscribers (companies, LLPs, public bodies), who need no
    consent. `unknown` is a warning, and so is `opt-out` when the audience is not declared. An
    undeclared consent basis is not judged.

    ## Why
    PECR reg. 22(2) forbids unsolicited marketing email to individual subscribers without their
    consent, except the soft opt-in of reg. 22(3) (details obtained in a sale, similar products,
    a simple means of refusal at collection and in every message). Corporate subscribers are not
    covered by reg. 22, but sole traders and some partnerships are individual subscribers.

    ## Example
    ```html
    <!-- email-lint: audience=b2c consent=opt-out -->
    <p>Advertisement — Northwind Garden Supplies Ltd: 20% off seeds.</p>
    ```

    ## Use instead
    ```html
    <!-- email-lint: audience=b2b consent=opt-out -->
    <p>Advertisement — Northwind Garden Supplies Ltd: 20% off seeds for your garden centre.</p>
    ```

    email-lint gives technical checks, not legal advice.
    """
    yield from consent_violations(REGIME, context)


@rule(
    "GB201",
    "gb-sender-identity",
    "The sender's identity must not be disguised or concealed.",
    reference="PECR reg. 23(a)",
    **COMMON,
    same_as="EL001",
)
def sender_identity(document, context):
    """## What it does
    Fails when nothing in the email identifies the sender on whose behalf it is sent (legal
    entity, copyright line, signature, ESP company tag, From display name, configured
    `sender.name`), using the same evidence as EL001. Applies to corporate recipients too.

    ## Why
    PECR reg. 23(a) forbids direct-marketing email in which the identity of the person on whose
    behalf it is sent is disguised or concealed, whoever the recipient is.

    ## Example
    ```html
    <p>Advertisement: 20% off all seeds this week.</p>
    ```

    ## Use instead
    ```html
    <p>Advertisement: 20% off all seeds this week.</p>
    <p>Northwind Garden Supplies Ltd, 14 Mill Lane, Bristol BS1 5AA</p>
    ```

    email-lint gives technical checks, not legal advice.
    """
    if sender_evidence(document, context) is None:
        yield Violation(
            "UK: the sender's identity is concealed (PECR reg. 23(a)): name the company on whose behalf this "
            "email is sent, e.g. 'Northwind Garden Supplies Ltd'"
        )


@rule(
    "GB203",
    "gb-opt-out-address",
    "Every marketing email must give a valid address for opting out.",
    reference="PECR reg. 23(b) and 22(3)(c)",
    **COMMON,
    same_as="EL002",
)
def opt_out_address(document, context):
    """## What it does
    Fails when the email gives no usable address for opting out: no unsubscribe link, mailto or
    reply instruction, or only one that is hidden, dead, behind a login, a fee or a phone call
    (the same evidence as EL002). Applies to corporate recipients too.

    ## Why
    PECR reg. 23(b) forbids direct-marketing email without a valid address to which the recipient
    may send a request that such communications cease; reg. 22(3)(c) requires a simple means of
    refusal, free of charge, in every soft-opt-in message.

    ## Example
    ```html
    <p>To stop these emails, please write to our head office.</p>
    ```

    ## Use instead
    ```html
    <p><a href="{{ unsubscribe_url }}">Unsubscribe</a></p>
    ```

    email-lint gives technical checks, not legal advice.
    """
    yield from restate(
        opt_out_violations(document, context),
        "UK: a valid address for opting out is required (PECR reg. 23(b))",
    )


RULES = [prior_consent, sender_identity, opt_out_address]
