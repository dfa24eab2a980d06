"""Parsing of the mail headers that the .eml rules read: List-Unsubscribe (RFC 2369),
List-Unsubscribe-Post (RFC 8058), DKIM-Signature (RFC 6376) and From (RFC 5322).

Values arrive decoded but still folded (``\\r\\n`` plus white space); every parser here
unfolds first.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from email_lint.document import Document
from email_lint.merge_tags import is_template_expression

_FOLD = re.compile(r"\r?\n")
_BRACKETED = re.compile(r"<([^<>]*)>")
ONE_CLICK = "List-Unsubscribe=One-Click"


def unfold(value: str) -> str:
    """RFC 5322 §2.2.3: remove the line breaks of a folded header value."""
    return _FOLD.sub("", value)


def header_values(document: Document, name: str) -> list[str]:
    """Every value of header *name* (case-insensitive), in order; repeats included."""
    lowered = name.lower()
    if document.header_fields:
        return [value for key, value in document.header_fields if key.lower() == lowered]
    value = document.header(name)
    return [] if value is None else [value]


@dataclass(frozen=True, slots=True)
class UnsubscribeURI:
    """One ``<...>`` entry of a List-Unsubscribe header, classified by scheme."""

    uri: str
    #: "https", "http", "mailto", "template" (a merge tag whose scheme is unknown here) or "invalid".
    kind: str
    problem: str | None = None


def _classify(uri: str) -> UnsubscribeURI:
    try:
        parts = urlsplit(uri)
    except ValueError:  # e.g. an unbalanced "[" in the host (found by fuzzing)
        return UnsubscribeURI(uri, "invalid", f"{uri} is not a valid URI")
    scheme = parts.scheme.lower()
    if scheme in ("https", "http"):
        host = parts.netloc.rsplit("@", 1)[-1]
        if not host:
            return UnsubscribeURI(uri, "invalid", f"{uri} has no host")
        return UnsubscribeURI(uri, scheme)
    if scheme == "mailto":
        address = parts.path
        if "@" in address or is_template_expression(address):
            return UnsubscribeURI(uri, "mailto")
        return UnsubscribeURI(uri, "invalid", f"{uri} has no address (RFC 6068: mailto:name@domain)")
    if not scheme and is_template_expression(uri):
        return UnsubscribeURI(uri, "template")
    return UnsubscribeURI(uri, "invalid", f"{uri} is not an https or mailto URI")


def list_unsubscribe_uris(value: str) -> list[UnsubscribeURI]:
    """The URIs of a List-Unsubscribe value: angle-bracketed, comma-separated (RFC 2369 §2);
    white space inside the brackets is ignored."""
    return [_classify(re.sub(r"\s+", "", raw)) for raw in _BRACKETED.findall(unfold(value))]


def is_one_click_value(value: str) -> bool:
    """RFC 8058 §3.1: the value must be the single pair ``List-Unsubscribe=One-Click``."""
    return re.sub(r"\s+", "", unfold(value)) == ONE_CLICK


def dkim_tags(value: str) -> dict[str, str]:
    """The ``tag=value`` list of a DKIM-Signature (RFC 6376 §3.2): names lower-cased,
    folding white space removed from the values (it is allowed anywhere in them)."""
    tags: dict[str, str] = {}
    for item in unfold(value).split(";"):
        name, sep, tag_value = item.partition("=")
        if sep:
            tags.setdefault(name.strip().lower(), re.sub(r"\s+", "", tag_value))
    return tags


def dkim_signed_headers(value: str) -> frozenset[str]:
    """The header names a DKIM-Signature's ``h=`` tag covers, lower-cased."""
    signed = dkim_tags(value).get("h", "")
    return frozenset(name.lower() for name in signed.split(":") if name)


def from_mailbox(value: str) -> tuple[str, str] | None:
    """``(display name, address)`` of the first mailbox of a From value, or None."""
    from email.utils import getaddresses  # only .eml files have headers: keep it off start-up

    pairs = [(name.strip(), address.strip()) for name, address in getaddresses([unfold(value)])]
    for name, address in pairs:
        if name or address:
            return name, address
    return None
