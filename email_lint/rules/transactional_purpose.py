"""EL010 transactional-primary-purpose: promotion inside a transactional email."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from email_lint.rules.base import Violation, rule

if TYPE_CHECKING:
    from email_lint.context import Context
    from email_lint.document import Document

#: Cues quoted in the message; the rest are counted.
SHOWN = 3


@rule(
    "EL010",
    "transactional-primary-purpose",
    "A transactional email that carries promotion may be commercial by its primary purpose.",
    severity="warning",
    kinds=["transactional"],
    reference="16 CFR 316.3 (primary purpose); CAN-SPAM 15 U.S.C. 7702(2) and 7702(17)",
)
def check_transactional_primary_purpose(document: Document, context: Context) -> Iterator[Violation]:
    """## What it does
    Warns when an email marked `kind=transactional` (an order confirmation, a receipt, a
    shipping notice) also carries promotional content: cross-selling ("you may also like",
    "recommended for you"), calls to buy ("shop now"), coupons ("use code SPRING20", "promo
    code") or discounts ("20% off", "-20 %", "20 % de réduction"), in English, French, German,
    Italian, Spanish and Dutch (the `[promotion]` phrase data).

    ## Why
    A transactional message needs no opt-out, data-source notice or advertising label
    (CAN-SPAM's duties in 15 U.S.C. 7704(a)(3)-(5) apply to commercial messages, 7702(2)(B)
    excludes transactional ones; ePrivacy art. 13 covers direct marketing). But under the
    FTC's primary-purpose test (16 CFR 316.3) a message that mixes transactional and
    commercial content is commercial when a recipient would take its subject line as
    advertising, or when the transactional part is not at the beginning of the body or is
    not the main part of the message. Then every rule for commercial email applies: either keep
    the promotion small and after the transactional content, or send it as `kind=commercial`
    with an opt-out. This is a warning: only you can weigh the message as a whole.

    ## Example
    ```html
    <!-- email-lint: kind=transactional -->
    <p>Order #1042 confirmed: 2 terracotta pots, €24.00.</p>
    <h2>You may also like</h2>
    <p>Use code SPRING20 for 20% off your next order. <a href="https://shop.example/">Shop now</a></p>
    ```

    ## Use instead
    ```html
    <!-- email-lint: kind=transactional -->
    <p>Order #1042 confirmed: 2 terracotta pots, €24.00. Track it at https://shop.example/t/1042</p>
    ```

    email-lint gives technical checks, not legal advice.
    """
    from email_lint.detectors import promotion  # only transactional email needs it

    cues = promotion.find(document, context)
    if not cues:
        return
    quoted = ", ".join(f"'{cue.text}' (line {cue.line})" for cue in cues[:SHOWN])
    more = f" and {len(cues) - SHOWN} more" if len(cues) > SHOWN else ""
    yield Violation(
        f"this transactional email carries promotional content: {quoted}{more}; if its primary purpose "
        "is commercial (16 CFR 316.3) it needs everything a commercial email needs: keep the promotion "
        "minor and after the transactional content, or send it as kind=commercial",
        cues[0].line,
    )
