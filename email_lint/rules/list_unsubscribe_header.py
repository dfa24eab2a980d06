"""EL006 list-unsubscribe-header (.eml only)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from email_lint.mail_headers import header_values, list_unsubscribe_uris
from email_lint.rules.base import Violation, esp_injects, rule

if TYPE_CHECKING:
    from email_lint.context import Context
    from email_lint.document import Document

USABLE = ("https", "mailto", "template")


@rule(
    "EL006",
    "list-unsubscribe-header",
    "A commercial message must carry a List-Unsubscribe header with an https or mailto URI.",
    kinds=["commercial"],
    needs_headers=True,
    reference="RFC 2369 §3.2; RFC 6068; Gmail and Yahoo bulk-sender requirements (February 2024)",
)
def check_list_unsubscribe_header(document: Document, context: Context) -> Iterator[Violation]:
    """## What it does
    Checks messages with headers (`.eml`; never bare templates). Fails when the
    `List-Unsubscribe` header is missing, or when none of its angle-bracketed URIs is
    usable: an `https:` URL with a host, or a `mailto:` URI with an address (RFC 6068).
    An ESP merge tag in the brackets (`<{{unsubscribe_url}}>`) counts: the ESP fills it.
    A plain `http:` URL does not. Transactional messages are exempt.

    The header counts as present when the campaign's ESP adds it at send time (`esp`, e.g.
    Mailchimp, Brevo, Klaviyo; SendGrid, Mailgun, Postmark, listmonk with `esp-footer = true`;
    docs/esp.md) and the message carries none of its own.

    ## Why
    RFC 2369 defines `List-Unsubscribe` as the machine-readable way to leave a list;
    mailbox providers turn it into their own "Unsubscribe" button. Since February 2024
    Gmail and Yahoo require it of bulk senders (about 5,000 or more messages a day) of
    marketing mail, together with one-click unsubscription (RFC 8058, rule EL007), and
    exempt transactional mail. It does not replace the visible unsubscribe link the law
    asks for (EL002). This is mailbox-provider policy, not law: lower the severity in
    `[tool.email-lint.severity]` if you never send in bulk.

    ## Example
    ```
    From: "Northwind Garden" <news@northwind-garden.co.uk>
    Subject: Spring planters are back
    ```

    ## Use instead
    ```
    From: "Northwind Garden" <news@northwind-garden.co.uk>
    List-Unsubscribe: <https://northwind-garden.co.uk/u/8f2a>, <mailto:leave@northwind-garden.co.uk>
    Subject: Spring planters are back
    ```

    email-lint gives technical checks, not legal advice.
    """
    values = header_values(document, "List-Unsubscribe")
    if not values and esp_injects(context, "list_unsubscribe_header", document):
        return  # the ESP adds it at send time (--esp; docs/esp.md)
    if not values:
        yield Violation(
            "no List-Unsubscribe header: add one with an https or mailto URI in angle brackets, "
            "e.g. List-Unsubscribe: <https://example.com/unsubscribe/ID> (RFC 2369)"
        )
        return
    line = document.line_of_header("list-unsubscribe")
    uris = [uri for value in values for uri in list_unsubscribe_uris(value)]
    if any(uri.kind in USABLE for uri in uris):
        return
    if not uris:
        yield Violation("the List-Unsubscribe header has no URI in angle brackets: write <https://...> "
                        "or <mailto:...> (RFC 2369)", line)
    elif any(uri.kind == "http" for uri in uris):
        yield Violation("the List-Unsubscribe header offers only http: URIs: use https (or a mailto URI)", line)
    else:
        problems = "; ".join(uri.problem or uri.uri for uri in uris)
        yield Violation(f"the List-Unsubscribe header has no usable https or mailto URI: {problems}", line)
