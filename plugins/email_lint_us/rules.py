"""The United States' rules (CAN-SPAM, an opt-out regime that covers B2B too): identification as
an advertisement, a clear and free opt-out, a valid physical postal address, and headers and
subject that do not deceive. Transactional messages are excluded."""

from __future__ import annotations

from email_lint.packs import OPT_IN, header_disguise, opt_out_violations, restate
from email_lint.packs.evidence import address_evidence, commercial_evidence
from email_lint.rules.base import Violation, rule

COMMON = {"countries": ["us"], "kinds": ["commercial"]}


@rule(
    "US202",
    "us-advertisement-label",
    "A commercial email must be identified as an advertisement.",
    reference="CAN-SPAM, 15 U.S.C. 7704(a)(5)(A)(i) and 7704(a)(5)(B)",
    **COMMON,
    same_as="EL004",
)
def advertisement_label(document, context):
    """## What it does
    Fails when a commercial email never identifies itself as an advertisement: no "This email is
    an advertisement", no stand-alone "Advertisement" label, no `ADV:` subject prefix (the same
    evidence as EL004). When the campaign declares prior affirmative consent (`consent = "opt-in"`
    or `"double-opt-in"`) the finding is only a warning: CAN-SPAM exempts such messages, an
    exemption not verified here.

    ## Why
    CAN-SPAM, 15 U.S.C. 7704(a)(5)(A)(i), requires "clear and conspicuous identification that
    the message is an advertisement or solicitation"; 7704(a)(5)(B) waives it for recipients who
    gave prior affirmative consent.

    ## Example
    ```html
    <p>Save 30% on every desk lamp this weekend.</p>
    ```

    ## Use instead
    ```html
    <p>Advertisement</p>
    <p>Save 30% on every desk lamp this weekend.</p>
    ```

    email-lint gives technical checks, not legal advice.
    """
    if commercial_evidence(document, context) is not None:
        return
    consented = context.consent in OPT_IN
    yield Violation(
        "US: the email is not identified as an advertisement (CAN-SPAM 7704(a)(5)(A)(i)): add a visible "
        "'Advertisement' label or 'This email is an advertisement'"
        + (" (prior affirmative consent may exempt it: verify)" if consented else ""),
        severity="warning" if consented else None,
    )


@rule(
    "US203",
    "us-opt-out",
    "A commercial email must offer a clear, free opt-out that takes at most a reply or one web page.",
    reference="CAN-SPAM, 15 U.S.C. 7704(a)(3) and 7704(a)(5)(A)(ii); 16 CFR 316.5",
    **COMMON,
    same_as="EL002",
)
def opt_out(document, context):
    """## What it does
    Fails when the email offers no usable opt-out: none at all, or only one that is hidden, dead,
    or that asks for a fee, a login, a phone call or more than the email address (the same
    evidence as EL002). A reply or a single web page is enough.

    ## Why
    CAN-SPAM, 15 U.S.C. 7704(a)(3) and (a)(5)(A)(ii), requires a functioning return address or
    internet mechanism to opt out, clearly and conspicuously offered, working for at least 30 days
    after sending; 16 CFR 316.5 forbids charging a fee, asking for information beyond the email
    address, or requiring more than a reply or a visit to a single web page.

    ## Example
    ```html
    <p>To unsubscribe, log in to your account and call our service desk.</p>
    ```

    ## Use instead
    ```html
    <p><a href="{{ unsubscribe_url }}">Unsubscribe</a></p>
    ```

    email-lint gives technical checks, not legal advice.
    """
    yield from restate(
        opt_out_violations(document, context),
        "US: CAN-SPAM requires a free opt-out taking at most a reply or one web page (16 CFR 316.5)",
    )


@rule(
    "US207",
    "us-postal-address",
    "A commercial email must give the sender's valid physical postal address.",
    reference="CAN-SPAM, 15 U.S.C. 7704(a)(5)(A)(iii)",
    **COMMON,
    same_as="EL005",
)
def postal_address(document, context):
    """## What it does
    Fails when the email gives no postal address of its sender: no street address, no post-office
    box or registered mailbox, no ESP address tag (`*|HTML:LIST_ADDRESS_HTML|*`), not the configured
    `sender.address` (the same evidence as EL005). A customer's own billing or shipping address
    does not count.

    ## Why
    CAN-SPAM, 15 U.S.C. 7704(a)(5)(A)(iii), requires "a valid physical postal address of the
    sender": a street address, a Postal Service box or a registered private mailbox.

    ## Example
    ```html
    <p>Advertisement — Brightside Lamps Inc.</p>
    ```

    ## Use instead
    ```html
    <p>Advertisement — Brightside Lamps Inc., 1200 Pine Street, Seattle, WA 98101</p>
    ```

    email-lint gives technical checks, not legal advice.
    """
    if address_evidence(document, context) is None:
        yield Violation(
            "US: no valid physical postal address of the sender (CAN-SPAM 7704(a)(5)(A)(iii)): add a street "
            "address, a P.O. Box or a registered mailbox, e.g. '1200 Pine Street, Seattle, WA 98101'"
        )


@rule(
    "US301",
    "us-deceptive-headers",
    "Header information and the subject line must not be misleading.",
    needs_headers=True,
    reference="CAN-SPAM, 15 U.S.C. 7704(a)(1) and 7704(a)(2)",
    **COMMON,
)
def deceptive_headers(document, context):
    """## What it does
    For emails with headers (.eml), fails when the From header is missing, when the subject fakes
    a reply or forward (`Re:`, `Fwd:` without `In-Reply-To`/`References`), or when it presents
    advertising as a transactional message ("Your invoice", "Payment reminder", "Your order")
    without an advertising label.

    ## Why
    CAN-SPAM, 15 U.S.C. 7704(a)(1), prohibits materially false or misleading header information,
    and 7704(a)(2) subject headings likely to mislead a recipient about the contents or subject
    matter of the message.

    ## Example
    ```eml
    From: Brightside Lamps <news@brightside.example>
    Subject: Re: your question
    Content-Type: text/plain; charset=utf-8

    Advertisement: 30% off every desk lamp.
    ```

    ## Use instead
    ```eml
    From: Brightside Lamps <news@brightside.example>
    Subject: 30% off every desk lamp this weekend
    Content-Type: text/plain; charset=utf-8

    Advertisement: 30% off every desk lamp.
    ```

    email-lint gives technical checks, not legal advice.
    """
    for header, problem in header_disguise(document, context):
        line = document.line_of_header(header)
        yield Violation(f"US: misleading header or subject (CAN-SPAM 7704(a)(1)-(2)): {problem}", line)


RULES = [advertisement_label, opt_out, postal_address, deceptive_headers]
