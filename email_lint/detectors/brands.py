"""Brands the email itself shows: names in its text that match its own domains.

The domains are those of the From address, of link targets (web and mailto) and of image
sources. "Harbour & Pine" in the text and ``harbourandpine.example`` in a link name the
same sender. Platforms whose links every email carries (social networks, ESPs, app
stores) are left out: "Instagram" next to an instagram.com icon names no sender.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from email_lint.detectors.text import Hit, LazyPattern, visible_index
from email_lint.mail_headers import from_mailbox

if TYPE_CHECKING:
    from email_lint.document import Document, TextBlock

#: Hosts of platforms, not senders (compared with the registrable label).
PLATFORMS = frozenset({
    "facebook", "fb", "instagram", "twitter", "x", "linkedin", "lnkd", "youtube", "youtu", "tiktok", "pinterest",
    "whatsapp", "telegram", "snapchat", "threads", "mastodon", "bsky", "vimeo", "flickr", "xing", "reddit",
    "mailchimp", "mailchi", "list-manage", "sendgrid", "mailjet", "mjt", "brevo", "sendinblue", "klaviyo",
    "hubspot", "hs-sites", "mailgun", "postmarkapp", "campaign-archive", "createsend", "cmail", "activehosted",
    "mautic", "listmonk", "mailerlite", "convertkit", "substack", "getresponse", "constantcontact", "aweber",
    "google", "goo", "gstatic", "googleusercontent", "apple", "microsoft", "office", "amazonaws", "cloudfront",
    "akamaihd", "cloudinary", "imgix", "postimg", "bit", "tinyurl", "ow", "trustpilot", "paypal", "stripe",
    "schema", "w3", "gravatar", "wordpress", "wix", "shopify", "squarespace",
})
#: Host labels that name a service, not a brand ("www", "mail", "news"...).
_SERVICE_LABELS = frozenset({
    "www", "www2", "web", "mail", "email", "e", "em", "m", "t", "r", "s", "i", "a", "go", "click", "clicks",
    "link", "links", "track", "tracking", "trk", "news", "newsletter", "newsletters", "info", "shop", "store",
    "app", "img", "image", "images", "static", "cdn", "assets", "media", "content", "send", "sender", "mailing",
    "list", "lists", "bounce", "bounces", "cloud", "secure", "my", "account", "accounts", "service", "services",
    "support", "help", "blog", "mx", "smtp", "reply", "noreply", "offers", "promo", "events", "example",
})
_SECOND_LEVEL = frozenset({"co", "com", "org", "net", "gov", "ac", "edu", "ltd", "plc", "gob", "gouv"})
#: ``src="http..."`` in any case (``\bsrc`` under ``re.I``), written to start with a character
#: class (every character ``(?i:s)`` matches) so that the regex engine skips in C to the next
#: "s" of the source instead of trying every position: four times faster on whole sources.
_IMAGE_SRC = LazyPattern(r"""[sS\u017f](?<![\w][sS\u017f])(?i:rc\s*=\s*["']?(https?://[^\s"'<>]+))""")
_MIN_LABEL = 4
#: What may stand between two letters of a label in the text: "Harbour Pine", "Zeezout · Groningen".
_GAP = r"(?:[ \t]*[·•|][ \t]*|[\s.'\-])?"
#: Every character a gap may hold.
_SQUASH = re.compile(r"[\s.'\-·•|]+")


def _labels(host: str) -> list[str]:
    parts = [p for p in host.lower().strip(".").split(".") if p]
    if len(parts) < 2:
        return []
    parts = parts[:-1]  # the top-level domain
    if len(parts) > 1 and parts[-1] in _SECOND_LEVEL:
        parts = parts[:-1]
    # The registrable label (subdomains are words of the service: "order.", "quote.", "vente."),
    # or below a platform's own domain the sender's label ("acme.mailjet.com").
    parts = parts[-2:-1] if parts and parts[-1] in PLATFORMS else parts[-1:]
    return [p for p in parts if len(p) >= _MIN_LABEL and p not in _SERVICE_LABELS and not p.isdigit()]


@lru_cache(maxsize=1024)
def _url_labels(url: str) -> tuple[str, ...]:
    """The brand labels of a URL's host (links repeat within and across emails)."""
    return tuple(_labels(_host(url)))


def _host(url: str) -> str:
    if url.lower().startswith("mailto:"):
        return url[7:].split("?", 1)[0].rpartition("@")[2]
    try:
        return urlsplit(url).hostname or ""
    except ValueError:
        return ""


def domain_labels(document: Document) -> tuple[str, ...]:
    """The brand labels of the email's own domains, sorted (memoised on the document)."""
    if "brand_labels" not in document.memo:
        labels: set[str] = set()
        sender = document.header("From")
        mailbox = from_mailbox(sender) if sender else None
        if mailbox and "@" in mailbox[1]:
            labels.update(_labels(mailbox[1].rpartition("@")[2]))
        for link in document.links:
            labels.update(_url_labels(link.href.strip()))
        if document.format in ("html", "mjml") and "src" in document.source:
            for match in _IMAGE_SRC.finditer(document.source):
                labels.update(_url_labels(match.group(1)))
        document.memo["brand_labels"] = tuple(sorted(labels))
    found: tuple[str, ...] = document.memo["brand_labels"]
    return found


def _label_regex(label: str) -> str:
    """A label as written in text: separators between its letters, "&" or "+" for "and"."""
    pieces = []
    for part in re.split(r"(and)", label.replace("-", "")):
        if part == "and":
            pieces.append(r"\s*(?:and|&|\+)\s*")
        elif part:
            pieces.append(_GAP.join(re.escape(c) for c in part))
    return _GAP.join(pieces)


@lru_cache(maxsize=256)
def _mention_pattern(labels: tuple[str, ...]) -> re.Pattern[str]:
    body = "|".join(_label_regex(label) for label in labels)
    return re.compile(rf"(?<![\w@/.])(?:{body})(?![\w]|\.\w|@)")


def brand_mentions(document: Document) -> Iterator[tuple[str, TextBlock, int]]:
    """``(text, block, line)`` for each mention, in the visible text, of a brand the email's
    domains carry. A mention inside an address or URL ("news@harbourandpine.example") is not one.

    The search runs once over the document's normalised text (shared with the phrase scans)."""
    labels = domain_labels(document)
    if not labels:
        return
    index = visible_index(document)
    # Squashed (gaps out, "&" and "+" read "and"), a mention is its label verbatim: a label
    # not in the squashed text cannot match, and most documents need no pattern at all.
    squashed = _SQUASH.sub("", index.text).replace("&", "and").replace("+", "and")
    labels = tuple(label for label in labels if label.replace("-", "") in squashed)
    if not labels:
        return
    for match in _mention_pattern(labels).finditer(index.text):
        hit = Hit(match.group(0), index.block_at(match.start()))
        yield hit.original, hit.block, hit.line
