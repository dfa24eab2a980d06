"""EL008 from-header (.eml only)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from email_lint.mail_headers import from_mailbox, header_values
from email_lint.merge_tags import is_template_expression
from email_lint.rules.base import Violation, rule

if TYPE_CHECKING:
    from email_lint.context import Context
    from email_lint.document import Document
    from email_lint.phrases.matcher import PhraseMatcher

#: Mailbox providers anyone can sign up to: the domain says nothing about the sender.
FREE_MAIL_DOMAINS = frozenset({
    "gmail.com", "googlemail.com", "yahoo.com", "yahoo.co.uk", "yahoo.fr", "yahoo.de", "yahoo.it",
    "yahoo.es", "ymail.com", "outlook.com", "outlook.fr", "outlook.de", "hotmail.com", "hotmail.co.uk",
    "hotmail.fr", "hotmail.de", "hotmail.it", "hotmail.es", "live.com", "live.fr", "msn.com", "aol.com",
    "icloud.com", "me.com", "mac.com", "gmx.com", "gmx.de", "gmx.net", "gmx.fr", "web.de", "t-online.de",
    "freenet.de", "mail.com", "mail.ru", "yandex.com", "yandex.ru", "proton.me", "protonmail.com",
    "zoho.com", "free.fr", "orange.fr", "wanadoo.fr", "laposte.net", "sfr.fr", "libero.it", "virgilio.it",
    "tiscali.it", "alice.it", "terra.es", "telefonica.net", "ziggo.nl", "kpnmail.nl", "qq.com", "163.com",
})
#: Domains reserved for examples and tests (RFC 2606, RFC 6761): a placeholder left in the template.
RESERVED_DOMAINS = frozenset({"example.com", "example.net", "example.org", "localhost"})
RESERVED_SUFFIXES = (".example", ".test", ".invalid", ".localhost")


def names_sender(display_name: str, matcher: PhraseMatcher | None = None) -> bool:
    """A display name names the sender unless it is empty, an address, a handle or only generic
    sender words ("No-Reply", "Newsletter", "Les offres", "Novedades": the same list as EL001's,
    ``[sender_identity] generic`` in each language's phrase data)."""
    from email_lint.detectors.names import find_name, is_handle, lexicon

    name = display_name.strip().strip("\"'")
    if is_template_expression(name):
        return True
    if not any(c.isalpha() for c in name) or "@" in name or is_handle(name):
        return False
    if matcher is None:
        from email_lint.phrases import load_matcher

        matcher = load_matcher()
    return find_name(name, lexicon(matcher), any_case=True).name is not None


def domain_problem(domain: str) -> str | None:
    """Why *domain* does not identify the sender (free mail, placeholder), or None."""
    domain = domain.lower().rstrip(".")
    if domain in FREE_MAIL_DOMAINS:
        return f"{domain} is a free-mail domain"
    if domain in RESERVED_DOMAINS or domain.endswith(RESERVED_SUFFIXES):
        return f"{domain} is a placeholder domain"
    return None


@rule(
    "EL008",
    "from-header",
    "The From header must name the sender.",
    needs_headers=True,
    reference="RFC 5322 §3.6.2; CAN-SPAM 15 U.S.C. 7704(a)(1); Gmail and Yahoo sender requirements (February 2024)",
)
def check_from_header(document: Document, context: Context) -> Iterator[Violation]:
    """## What it does
    Checks messages with headers (`.eml`; never bare templates). The `From` header names
    the sender when its first mailbox (RFC 5322 §3.6.2) has either

    - a display name (`"Northwind Garden" <news@…>`) that contains a letter, is not an
      address or a handle (`Helicopter_flight_simulator`) and is not only generic sender
      words such as "No-Reply", "Newsletter", "Info", "Support", "Team", "Les offres",
      "Novedades", "Kundenservice", "Nieuwsbrief" (the list EL001 uses too; an ESP merge tag
      such as `{{from_name}}` counts); or
    - failing that, an address whose domain identifies an organisation: not a free-mail
      provider (gmail.com, outlook.com, yahoo.com, gmx.de, orange.fr, libero.it...) and not
      a domain reserved for examples (example.com, `*.test`, `*.invalid`: RFC 2606).

    It fails when the From header is missing, has no address, or names nobody by these
    tests. Applies to every kind of message.

    ## Why
    The sender of a commercial email must not be hidden or disguised (LCEN art. 20,
    DDG §6, LSSI art. 20.1, PECR reg. 23), and CAN-SPAM 15 U.S.C. 7704(a)(1) forbids
    header information, the From line included, that does not identify who initiated the
    message. Since February 2024 Gmail and Yahoo also require the From domain to
    authenticate (SPF or DKIM, with DMARC alignment for bulk senders), which a free-mail
    From address sent through an ESP cannot do.

    ## Example
    ```
    From: no-reply@gmail.com
    ```

    ## Use instead
    ```
    From: "Northwind Garden Ltd" <news@northwind-garden.co.uk>
    ```

    email-lint gives technical checks, not legal advice.
    """
    values = header_values(document, "From")
    if not values:
        yield Violation('no From header: add one that names the sender, e.g. From: "Acme Ltd" <news@acme.co.uk>')
        return
    line = document.line_of_header("from")
    mailbox = from_mailbox(values[0])
    address = mailbox[1] if mailbox else ""
    if not mailbox or ("@" not in address and not is_template_expression(address)):
        yield Violation(f"the From header {values[0].strip()!r} has no valid address", line)
        return
    name = mailbox[0]
    if names_sender(name, context.matcher):
        return
    domain = address.rpartition("@")[2]
    problem = None if is_template_expression(domain) else domain_problem(domain)
    if problem is None:
        return
    shown = f"display name {name!r}" if name else "no display name"
    yield Violation(
        f"the From header does not name the sender: {shown} and {problem}; "
        f'add the company as display name, e.g. From: "Acme Ltd" <{address}>',
        line,
    )
