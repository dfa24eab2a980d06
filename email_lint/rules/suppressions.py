"""EL100 unused-suppression and EL101 invalid-directive: rules about directives themselves.

Their findings are produced by the engine, which is where suppressions are applied;
these declarations give them a code, a name and documentation like any other rule.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from email_lint.rules.base import Violation, rule

if TYPE_CHECKING:
    from email_lint.context import Context
    from email_lint.document import Document


@rule("EL100", "unused-suppression", "A suppression comment silences nothing.", severity="warning")
def UNUSED_SUPPRESSION(document: Document, context: Context) -> Iterable[Violation]:
    """## What it does
    Reports an `email-lint: disable=...` or `disable-next-line=...` comment that silenced no
    finding, typically left behind after the template was fixed.

    ## Why
    A stale suppression hides the next real problem of the same kind. Remove it.

    ## Example
    ```html
    <!-- email-lint: disable=EL004 -- ad label added by the ESP -->
    <p>Advertisement</p>
    ```

    ## Use instead
    ```html
    <p>Advertisement</p>
    ```
    """
    return ()


@rule("EL101", "invalid-directive", "An email-lint directive comment cannot be understood.")
def INVALID_DIRECTIVE(document: Document, context: Context) -> Iterable[Violation]:
    """## What it does
    Reports an `email-lint:` comment with an unknown key, a malformed rule code or an invalid
    campaign value (`kind=promo`, `countries=france`).

    ## Why
    A directive that is silently ignored leaves the template checked under the wrong
    campaign context, or not suppressed where the author thought it was.

    ## Example
    ```html
    <!-- email-lint: kind=promo -->
    ```

    ## Use instead
    ```html
    <!-- email-lint: kind=commercial -->
    ```
    """
    return ()
