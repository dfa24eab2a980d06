"""Decide a file's format from its name (template wrappers included), else its content."""

from __future__ import annotations

import re
from pathlib import PurePath

EXTENSIONS = {
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".mjml": "mjml",
    ".txt": "text",
    ".text": "text",
    ".eml": "eml",
}
# Template-engine wrappers: the format is that of the inner extension.
WRAPPERS = (
    ".twig", ".j2", ".jinja", ".jinja2", ".hbs", ".handlebars", ".mustache", ".tpl",
    ".liquid", ".njk", ".erb", ".ejs", ".tmpl", ".tt", ".blade.php", ".php",
)
#: Globs of the files a directory walk checks by default.
DEFAULT_INCLUDE = tuple(f"*{ext}" for ext in EXTENSIONS) + tuple(f"*{w}" for w in WRAPPERS if w != ".php")

_HEADER_LINE = re.compile(rb"^(?:From [^\r\n]*|[A-Za-z][A-Za-z0-9\-]*:[ \t][^\r\n]*)\r?$")
_KNOWN_HEADERS = re.compile(
    rb"^(?:from|to|subject|date|received|return-path|message-id|mime-version|delivered-to|"
    rb"content-type|reply-to|list-unsubscribe|x-[a-z0-9\-]+|dkim-signature|sender|cc):",
    re.I | re.M,
)
_HTML_TAG = re.compile(
    rb"<(?:!doctype\s+html|html|head|body|table|div|p|a\s|br|span|td|img|center|font|h[1-6])\b", re.I
)


def format_from_name(path: str) -> str | None:
    """Format implied by the file name, looking through template wrappers; None if unknown."""
    name = PurePath(path).name.lower()
    for _ in range(3):
        for wrapper in WRAPPERS:
            if name.endswith(wrapper) and len(name) > len(wrapper):
                name = name[: -len(wrapper)]
                break
        else:
            break
    suffix = PurePath(name).suffix
    return EXTENSIONS.get(suffix)


def sniff_format(head: bytes) -> str:
    """Format from the first bytes: RFC 5322 headers, ``<mjml``, HTML tags, else text."""
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    first_line = start.split(b"\n", 1)[0]
    if _HEADER_LINE.match(first_line) and len(_KNOWN_HEADERS.findall(start[:8192])) >= 2:
        return "eml"
    lowered = start[:8192].lower()
    if b"<mjml" in lowered:
        return "mjml"
    if _HTML_TAG.search(start[:8192]):
        return "html"
    return "text"


def detect_format(path: str, head: bytes) -> str:
    """The format of *path*: its (inner) extension first, then its content."""
    return format_from_name(path) or sniff_format(head)
