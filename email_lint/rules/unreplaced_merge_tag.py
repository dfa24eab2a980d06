"""EL009 unreplaced-merge-tag (messages as sent only: the API and the gate)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from email_lint.merge_tags import TagHit, entity_encoded_tags, percent_encoded_tags, unreplaced_tags
from email_lint.rules.base import Violation, rule

if TYPE_CHECKING:
    from email_lint.context import Context
    from email_lint.document import Document

#: Headers whose values are machine data, never rendered from a template.
_SKIPPED_HEADERS = frozenset({"dkim-signature", "arc-message-signature", "arc-seal", "received",
                              "authentication-results", "arc-authentication-results"})


def _leftovers(document: Document) -> Iterator[tuple[TagHit, int, str]]:
    """(tag, line, where) for every tag left in the message: headers, text, link targets."""
    for name, value in document.header_fields:
        if name.lower() in _SKIPPED_HEADERS:
            continue
        line = document.line_of_header(name.lower())
        for tag in unreplaced_tags(value):
            yield tag, line, f"the {name} header"
        for tag in percent_encoded_tags(value):
            yield tag, line, f"the {name} header"
    for block in document.blocks:
        if block.source.startswith("header:"):
            continue  # already scanned as a header
        for tag in unreplaced_tags(block.text):
            line = block.line + block.text.count("\n", 0, tag.start or 0)
            yield tag, line, "the text" if block.visible else "hidden text"
    for link in document.links:
        for tag in unreplaced_tags(link.href):
            yield tag, link.line, "a link target"
        for tag in percent_encoded_tags(link.href):
            yield tag, link.line, "a link target"
    for tag in entity_encoded_tags(document.source):
        yield tag, document.source.count("\n", 0, tag.start or 0) + 1, "the source"


@rule(
    "EL009",
    "unreplaced-merge-tag",
    "A message as sent must not carry a merge tag the ESP or template engine did not replace.",
    rendered=True,
    reference="GDPR art. 5(1)(d) (accuracy); CPCE art. L.34-5 and CAN-SPAM 15 U.S.C. 7704(a)(3) "
    "(a working opt-out); RFC 8058",
)
def check_unreplaced_merge_tag(document: Document, context: Context) -> Iterator[Violation]:
    """## What it does
    Runs only on a rendered message, as it is about to be sent: `check_message` in the
    Python API and the SMTP gate set `rendered`; `email-lint check` on templates never runs
    it (a template is expected to hold tags). Fails for every templating expression left in
    a header, the text or a link target: ESP catalogue tags (`*|UNSUB|*`, `%unsubscribe_url%`,
    `{{{unsubscribe}}}`...), any identifier in a two-character delimiter (`{{ first_name }}`,
    `*|FNAME|*`, `{% if %}`, `<%= x %>`, `%%x%%`, `[[x]]`, `${x}`), and the broken forms
    EL002 knows: percent-encoded (`%7B%7B...`) or entity-encoded (`&#123;&#123;...`) tags.

    ## Why
    A tag still in the sent message means the substitution failed: the recipient sees
    "Dear {{ first_name }}", and an unsubscribe link pointing at `*|UNSUB|*` does not
    work, so the opt-out the law requires in every message (CPCE art. L.34-5, UWG §7(3),
    CAN-SPAM 15 U.S.C. 7704(a)(3), RFC 8058 for the one-click header) is missing in fact.
    ESP send gates (Salesforce Marketing Cloud, HubSpot) refuse such sends for their own tags.

    ## Example
    ```eml
    From: "Northwind Garden" <news@northwind-garden.co.uk>
    Subject: Hello {{ first_name }}

    Spring planters are back. Unsubscribe: *|UNSUB|*
    ```

    ## Use instead
    ```eml
    From: "Northwind Garden" <news@northwind-garden.co.uk>
    Subject: Hello Ana

    Spring planters are back. Unsubscribe: https://northwind-garden.co.uk/u/8f2a
    ```

    email-lint gives technical checks, not legal advice.
    """
    seen: set[tuple[str, int]] = set()
    for tag, line, where in _leftovers(document):
        if (tag.text, line) in seen:
            continue
        seen.add((tag.text, line))
        what = {"merge_tag": "merge tag"}.get(tag.element, f"{tag.element.replace('_', ' ')} merge tag")
        esp = f" ({tag.esp})" if tag.esp else ""
        broken = f": it {tag.problem}" if tag.problem else ""
        yield Violation(
            f"unreplaced {what} {tag.text}{esp} in {where}{broken}: the message was not fully rendered",
            line,
        )
