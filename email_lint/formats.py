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
#: Plain-text extensions: walked only as the text part of an email (see ``discovery``).
PLAIN_TEXT_EXTENSIONS = (".txt", ".text")
#: Wrappers that mark a template on their own (a bare ``.php`` file is not one).
TEMPLATE_WRAPPERS = tuple(w for w in WRAPPERS if w != ".php")
#: The one list of template extensions: the directory walk and the pre-commit hook both use it.
TEMPLATE_EXTENSIONS = tuple(sorted({*EXTENSIONS, *TEMPLATE_WRAPPERS}))
#: Globs of the files a directory walk checks by default (plain ``.txt`` files are decided apart).
DEFAULT_INCLUDE = tuple(f"*{ext}" for ext in TEMPLATE_EXTENSIONS if ext not in PLAIN_TEXT_EXTENSIONS)
#: Never templates: an explicitly named file with one of these is skipped quietly.
BINARY_EXTENSIONS = frozenset({
    ".png", ".jpg", ".jpeg", ".gif", ".webp", ".bmp", ".ico", ".tif", ".tiff", ".avif", ".heic", ".psd",
    ".pdf", ".zip", ".gz", ".tgz", ".bz2", ".xz", ".7z", ".rar", ".woff", ".woff2", ".ttf", ".otf", ".eot",
    ".mp3", ".mp4", ".mov", ".wav", ".ogg", ".webm", ".exe", ".dll", ".so", ".dylib", ".class", ".jar",
    ".pyc", ".o", ".a", ".sqlite", ".db",
})


def hook_files_pattern() -> str:
    """The pre-commit hook's ``files`` regex, built from :data:`TEMPLATE_EXTENSIONS`."""
    alternatives = sorted(re.escape(ext[1:]) for ext in TEMPLATE_EXTENSIONS)
    return rf"(?i)\.({'|'.join(alternatives)})$"


def strip_wrappers(name: str) -> str:
    """``welcome.html.j2`` -> ``welcome.html``: the name without its template-engine wrappers."""
    name = name.lower()
    for _ in range(3):
        for wrapper in WRAPPERS:
            if name.endswith(wrapper) and len(name) > len(wrapper):
                name = name[: -len(wrapper)]
                break
        else:
            break
    return name


def is_wrapped(name: str) -> bool:
    """Whether the file name ends with a template-engine wrapper (``.txt.j2``, ``.text.erb``)."""
    return strip_wrappers(name) != name.lower()


def template_stem(name: str) -> str:
    """``welcome.html.erb`` -> ``welcome``: the name without wrappers and format extension."""
    inner = strip_wrappers(name)
    suffix = PurePath(inner).suffix
    return inner[: -len(suffix)] if suffix in EXTENSIONS else inner

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
    suffix = PurePath(strip_wrappers(PurePath(path).name)).suffix
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
