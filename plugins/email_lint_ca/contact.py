"""Contact details beyond the mailing address: a telephone number, an email address or a web
address where the sender can be reached (CRTC Regulations s. 2)."""

from __future__ import annotations

import re

from email_lint.normalize import normalize

PHRASES: dict[str, dict[str, list[str]]] = {
    "ca_contact": {
        "en": ["contact us", "contact", "get in touch", "customer service", "customer care", "support",
               "help centre", "help center"],
        "fr": ["nous joindre", "contactez-nous", "nous contacter", "communiquez avec nous", "service à la clientèle",
               "service client", "soutien", "centre d'aide"],
    },
}
_PHONE = re.compile(
    r"(?<![\w+])(?:\+?1[\s.\-]?)?\(?\d{3}\)?[\s.\-]\d{3}[\s.\-]\d{4}(?!\d)"
    r"|(?<![\w+])\+\d{1,3}(?:[\s.\-]?\(?\d{1,4}\)?){2,5}(?!\d)"
)
# A local part or a domain label starts where its run of characters starts, and is taken
# whole (possessive): retried from each character of "a.a.a..." or "ca-ca-ca-..." it was
# scanned to the run's end each time (quadratic).
_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]++@[\w-]+(?:\.[\w-]+)+\b")
_WEB = re.compile(
    r"https?://[^\s<>\"']+|\bwww\.[\w-]+(?:\.[\w-]+)+|(?<![\w-])[\w-]{2,}+\.(?:ca|com|org|net|info|biz|io|co)\b",
    re.I,
)
_OPT_OUT_MAILBOX = re.compile(r"unsub|remove|optout|opt-out|desabonn|desinscri|abmelde|leave", re.I)
#: The keyword within 60 characters of the opener, and no "{" between: a run of "{{{{..."
#: was scanned to its end from each brace (quadratic).
_CONTACT_TAG = re.compile(
    r"(?:\{\{|\*\||\[\[?|%%|\{)[^{}\]|%]{0,60}(?:phone|telephone|tel_|contact|support_email|website|homepage|site_url)",
    re.I,
)


def contact_evidence(document, context) -> str | None:
    """A phone number, an email or web address, a contact link or an ESP contact tag, if any."""
    matcher = context.matcher
    for link in document.links:
        if not link.visible:
            continue
        href = link.href.strip().lower()
        if href.startswith("tel:"):
            return f"telephone link {link.text or link.href!r}"
        if href.startswith("mailto:") and not _OPT_OUT_MAILBOX.search(href):
            return f"email link {link.href[7:]!r}"
        if matcher.search("ca_contact.phrases", normalize(link.text)) or "contact" in href:
            return f"contact link {link.text or link.href!r}"
    for block in document.blocks:
        if not block.visible or block.source != "body":
            continue
        for pattern, what in ((_PHONE, "telephone number"), (_EMAIL, "email address"), (_WEB, "web address")):
            match = pattern.search(block.text)
            if match and not (what == "email address" and _OPT_OUT_MAILBOX.search(match.group(0))):
                return f"{what} {match.group(0)!r}"
        if _CONTACT_TAG.search(block.text):
            return "contact merge tag"
    return None
