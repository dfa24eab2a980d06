"""EL007 one-click-unsubscribe (.eml only)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from email_lint.mail_headers import (
    ONE_CLICK,
    dkim_signed_headers,
    header_values,
    is_one_click_value,
    list_unsubscribe_uris,
)
from email_lint.rules.base import Violation, esp_injects, rule

if TYPE_CHECKING:
    from email_lint.context import Context
    from email_lint.document import Document

LIST_UNSUBSCRIBE = "list-unsubscribe"
LIST_UNSUBSCRIBE_POST = "list-unsubscribe-post"
_DISPLAY = {LIST_UNSUBSCRIBE: "List-Unsubscribe", LIST_UNSUBSCRIBE_POST: "List-Unsubscribe-Post"}


@rule(
    "EL007",
    "one-click-unsubscribe",
    "A commercial message must offer one-click unsubscription (RFC 8058).",
    kinds=["commercial"],
    needs_headers=True,
    reference="RFC 8058; RFC 6376 §3.5 (h= tag); Gmail and Yahoo bulk-sender requirements (February 2024)",
)
def check_one_click_unsubscribe(document: Document, context: Context) -> Iterator[Violation]:
    """## What it does
    Checks messages with headers (`.eml`; never bare templates). Fails unless:

    - `List-Unsubscribe` holds an `https:` URI (an ESP merge tag counts; `http:` and
      `mailto:` alone do not);
    - `List-Unsubscribe-Post: List-Unsubscribe=One-Click` is present, with exactly that
      value;
    - when the message carries a `DKIM-Signature`, the `h=` tag of at least one signature
      lists both `List-Unsubscribe` and `List-Unsubscribe-Post` (folded `h=` values are
      unfolded first; names are case-insensitive).

    Transactional messages are exempt.

    Both headers count as present when the campaign's ESP adds them at send time (`esp`, e.g.
    Mailchimp, Klaviyo; SendGrid, Mailgun, Postmark, listmonk with `esp-footer = true`;
    docs/esp.md) and the message carries neither.

    ## Why
    RFC 8058 lets the mailbox provider unsubscribe the recipient with a single HTTPS POST,
    without opening a page: the URI must be https, the POST body is the
    `List-Unsubscribe-Post` value, and both headers must be covered by a valid DKIM
    signature so that nobody can forge them. Since February 2024 Gmail and Yahoo require
    one-click unsubscription of bulk senders (about 5,000 or more messages a day) of
    marketing mail, and that requests be honoured within two days; transactional mail is
    exempt. Mailbox-provider policy, not law: lower the severity if you never send in bulk.

    ## Example
    ```
    List-Unsubscribe: <http://northwind-garden.co.uk/u/8f2a>
    DKIM-Signature: v=1; a=rsa-sha256; d=northwind-garden.co.uk; s=mail; h=from:to:subject; bh=...; b=...
    ```

    ## Use instead
    ```
    List-Unsubscribe: <https://northwind-garden.co.uk/u/8f2a>
    List-Unsubscribe-Post: List-Unsubscribe=One-Click
    DKIM-Signature: v=1; a=rsa-sha256; d=northwind-garden.co.uk; s=mail;
      h=from:to:subject:list-unsubscribe:list-unsubscribe-post; bh=...; b=...
    ```

    email-lint gives technical checks, not legal advice.
    """
    list_values = header_values(document, "List-Unsubscribe")
    post_values = header_values(document, "List-Unsubscribe-Post")
    if not list_values and not post_values and esp_injects(context, "one_click", document):
        return  # the ESP adds both headers at send time (--esp; docs/esp.md)
    list_line = document.line_of_header(LIST_UNSUBSCRIBE)
    uris = [uri for value in list_values for uri in list_unsubscribe_uris(value)]
    if not any(uri.kind in ("https", "template") for uri in uris):
        if any(uri.kind == "http" for uri in uris):
            reason = "its List-Unsubscribe URI is http: one-click unsubscription needs https"
        elif list_values:
            reason = "List-Unsubscribe has no https URI (a mailto URI alone is not one-click)"
        else:
            reason = "there is no List-Unsubscribe header with an https URI"
        yield Violation(f"no one-click unsubscribe: {reason} (RFC 8058)", list_line if list_values else 1)
    if not post_values:
        yield Violation(
            f"no one-click unsubscribe: add the header 'List-Unsubscribe-Post: {ONE_CLICK}' (RFC 8058)",
            list_line if list_values else 1,
        )
    elif not any(is_one_click_value(value) for value in post_values):
        yield Violation(
            f"List-Unsubscribe-Post must be exactly '{ONE_CLICK}', not {post_values[0].strip()!r} (RFC 8058)",
            document.line_of_header(LIST_UNSUBSCRIBE_POST),
        )
    signatures = header_values(document, "DKIM-Signature")
    present = {name for name, values in ((LIST_UNSUBSCRIBE, list_values), (LIST_UNSUBSCRIBE_POST, post_values))
               if values}
    if not signatures or not present:
        return
    covered = [dkim_signed_headers(value) for value in signatures]
    if any(present <= names for names in covered):
        return
    best = max(covered, key=lambda names: len(present & names))
    missing = sorted(present - best)
    yield Violation(
        f"the DKIM-Signature h= tag does not cover {' and '.join(_DISPLAY[m] for m in missing)}: "
        "sign both one-click headers (RFC 8058 §4)",
        document.line_of_header("dkim-signature"),
    )
