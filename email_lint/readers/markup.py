"""Walk an lxml tree (HTML, or MJML read as XML) into text blocks, links and comments.

Text is gathered into blocks at block-level boundaries (paragraphs, cells, line
breaks), so a sentence split by ``<b>`` or ``<a>`` stays one block. Visibility is
inherited: an element hidden by CSS, or whose text colour equals its background,
hides everything inside it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from lxml import etree

from email_lint.document import Comment, Link, TextBlock
from email_lint.readers.css import StyleSheet
from email_lint.readers.lxml_types import Element
from email_lint.readers.spans import LineCounter, find_spans
from email_lint.readers.visibility import ROOT, Cascade, Resolved, State, hidden_why

if TYPE_CHECKING:
    from email_lint.readers.mjml import MjmlDefaults

SKIPPED = frozenset(
    {"script", "style", "head", "template", "noscript", "xml", "object", "iframe", "svg",
     "mj-head", "mj-attributes", "mj-style", "mj-font", "mj-breakpoint", "mj-html-attributes",
     "mj-preview", "mj-title", "mj-include"}
)
BLOCK_LEVEL = frozenset(
    {"p", "div", "td", "th", "tr", "table", "tbody", "thead", "tfoot", "li", "ul", "ol", "br",
     "h1", "h2", "h3", "h4", "h5", "h6", "center", "section", "article", "header", "footer",
     "blockquote", "pre", "hr", "body", "html", "dt", "dd", "dl", "address", "caption",
     "mj-text", "mj-button", "mj-section", "mj-column", "mj-wrapper", "mj-navbar-link",
     "mj-social-element", "mj-raw", "mj-table", "mj-hero", "mj-group", "mj-body", "mjml",
     "mj-accordion-title", "mj-accordion-text", "mj-image", "mj-spacer", "mj-divider"}
)
#: Elements whose ``href`` makes them a link.
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_TITLES = ("title", "mj-title", "mj-preview")

LINKING = frozenset({"a", "area", "mj-button", "mj-navbar-link", "mj-social-element", "mj-image"})
#: Comments of template languages wrapped around markup: Twig/Jinja, Handlebars, JSP/ASP
#: (scanned by :func:`find_spans`: a lazy regex is quadratic on unclosed openers).
_TEMPLATE_COMMENT = (("{#", "#}"), ("{{!--", "--}}"), ("{{!", "}}"), ("<%--", "--%>"))
_HTML_COMMENT = (("<!--", "-->"),)
#: Whether a text holds an opener of :data:`_TEMPLATE_COMMENT` (most hold none): one regex per
#: first character, which skips in C to each "{" or "<", is far cheaper than four searches.
_TEMPLATE_OPENERS = (re.compile(r"\{(?=#|\{!)"), re.compile(r"<(?=%--)"))


def template_comments(source: str, line_offset: int = 0, html: bool = False) -> list[Comment]:
    """``{# ... #}``, ``{{!-- ... --}}`` and ``<%-- ... --%>`` comments in markup *source*, and
    ``<!-- ... -->`` ones too when *html* (for sources the parser makes no tree of)."""
    templated = any(opener.search(source) for opener in _TEMPLATE_OPENERS)
    kinds = (*((_TEMPLATE_COMMENT,) if templated else ()), *((_HTML_COMMENT,) if html else ()))
    found: list[Comment] = []
    for delimiters in kinds:
        lines = LineCounter(source, 1 + line_offset)
        found.extend(Comment(span.body, lines.line_at(span.start)) for span in find_spans(source, delimiters))
    return sorted(found, key=lambda c: c.line)


@dataclass
class Extracted:
    """What a walk found."""

    blocks: list[TextBlock] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    comments: list[Comment] = field(default_factory=list)
    languages: list[str] = field(default_factory=list)


#: What the walk does with an element beyond gathering its text, by name (bits of :func:`_kind`).
_SKIP, _TITLE, _LINK, _META, _MJML = 1, 2, 4, 8, 16


def _kind(tag: object) -> tuple[str, bool, int]:
    """``(lower-case local name, block-level, bits)`` of an lxml tag (the bits are 0 for most
    elements); ``("", False, 0)`` for a comment, processing instruction or entity (whose
    ``tag`` is a function)."""
    kind = _KINDS.get(tag)
    if kind is None:
        if isinstance(tag, str):
            name = (tag.rsplit("}", 1)[1] if "}" in tag else tag).lower()
            kind = (name, name in BLOCK_LEVEL,
                    (_SKIP if name in SKIPPED else 0) | (_TITLE if name in _TITLES else 0)
                    | (_LINK if name in LINKING or name == "img" else 0) | (_META if name == "meta" else 0)
                    | (_MJML if name.startswith("mj-") else 0))
        else:
            kind = ("", False, 0)
        if len(_KINDS) < 4096:  # a few dozen in practice: remember them, boundedly
            _KINDS[tag] = kind
    return kind


def _tag_name(element: Element) -> str:
    return _kind(element.tag)[0]


_KINDS: dict[object, tuple[str, bool, int]] = {}


class _Text:
    """Text gathered into a block until a block-level element starts or ends, or the
    visibility changes; white space alone never starts a block."""

    __slots__ = ("blocks", "has_text", "line", "offset", "parts", "visible")

    def __init__(self, blocks: list[TextBlock], offset: int) -> None:
        self.blocks = blocks
        self.offset = offset
        self.parts: list[str] = []
        #: Whether the parts hold more than white space.
        self.has_text = False
        self.line = 0
        self.visible = True

    def add(self, text: str, node: Element, visible: bool) -> None:
        """Add *text* (the text or tail of *node*, which gives its line)."""
        if self.has_text:
            if visible == self.visible:
                self.parts.append(text)
                return
            self.flush()
        if text.isspace():  # leading white space is stripped from a block anyway
            return
        self.parts = [text]
        self.has_text = True
        self.visible = visible
        self.line = (node.sourceline or 1) + text[: len(text) - len(text.lstrip())].count("\n")

    def flush(self) -> None:
        if self.has_text:
            self.blocks.append(TextBlock("".join(self.parts).strip(), self.line + self.offset, self.visible))
            self.has_text = False


class MarkupWalker:
    """Collect blocks, links and comments from a parsed tree.

    *stylesheet* receives the document's ``<style>`` blocks; *mjml_defaults* (an MJML
    document's ``<mj-attributes>``) adds declarations to MJML components.
    """

    def __init__(self, stylesheet: StyleSheet | None = None, line_offset: int = 0,
                 mjml_defaults: MjmlDefaults | None = None):
        self.stylesheet = stylesheet if stylesheet is not None else StyleSheet()
        self.line_offset = line_offset
        self.mjml_defaults = mjml_defaults
        self.out = Extracted()

    # -- the walk -------------------------------------------------------------------------
    def walk(self, root: Element) -> Extracted:
        """Walk *root* in one pass of lxml's tree walker (iterative: deeply nested input cannot
        hit the recursion limit)."""
        for style in root.iter("style", "mj-style"):
            self.stylesheet.add("".join(style.itertext()))
        self.stylesheet.match(root)
        self._walk(root, Cascade(self.stylesheet, self.mjml_defaults))
        self._collect_comments(root)
        return self.out

    def _walk(self, root: Element, cascade: Cascade) -> None:
        """One pass over the tree in document order (lxml's ``iter``): an element has ended,
        and its tail follows, when the next node is not inside it. An element passes its
        (state, visible) to its content; the cascade runs only where it can change.

        Per element, the work is kept to what its name and attribute names call for (one
        look-up of the name's bits; attribute values only when their names are there)."""
        text_of = _Text(self.out.blocks, self.line_offset)
        add = text_of.add
        kinds = _KINDS
        languages = self.out.languages
        child = cascade.child
        matched = cascade.matched
        #: MJML components take ``<mj-attributes>`` defaults: the cascade runs for each of them.
        cascaded = cascade.mjml_defaults is not None
        #: The open elements, innermost last: (element, (state, visible), block-level); first
        #: the root's parent, whose state the root's tail takes.
        opened: list[tuple[Element, Resolved, bool]] = [(root.getparent(), (ROOT, True), False)]
        inside_skipped: set[Element] | None = None  # the elements of the skipped subtree being passed
        for node in root.iter():
            parent = node.getparent()
            if inside_skipped is not None:
                if parent in inside_skipped:
                    inside_skipped.add(node)
                    continue
                inside_skipped = None
            top = opened[-1]
            while top[0] is not parent:  # the elements that ended before this node
                element, _, block = opened.pop()
                if block and text_of.has_text:
                    text_of.flush()
                top = opened[-1]
                tail = element.tail
                # (white space alone never starts a block: most tails need no call)
                if tail and (text_of.has_text or not tail.isspace()):
                    add(tail, element, top[1][1])
            tag = node.tag
            name, block, bits = kinds.get(tag) or _kind(tag)
            if not name:  # a comment, processing instruction or entity: only its tail is text
                tail = node.tail
                if tail and (text_of.has_text or not tail.isspace()):
                    add(tail, node, top[1][1])
                continue
            resolved = top[1]
            names = node.keys()
            if names and ("lang" in names or _XML_LANG in names):
                lang = node.get("lang") or node.get(_XML_LANG)
                if lang:
                    languages.append(lang.strip())
            if bits:
                if bits & _META and names and (node.get("http-equiv") or "").lower() == "content-language":
                    languages.append((node.get("content") or "").strip())
                if bits & _TITLE:
                    self._title_block(node, name)
                if bits & _SKIP:
                    self._skipped(node)
                    inside_skipped = {node}
                    opened.append((node, resolved, False))
                    continue
            if names or (cascaded and bits & _MJML) or (matched and node in matched):
                resolved = child(node, name, resolved[0], names) or resolved
            if block and text_of.has_text:
                text_of.flush()
            if bits and bits & _LINK:
                self._link_or_image(node, name, names, resolved[0], resolved[1])
            opened.append((node, resolved, block))
            text = node.text
            if text and (text_of.has_text or not text.isspace()):
                add(text, node, resolved[1])
        while len(opened) > 1:
            element, _, block = opened.pop()
            if block and text_of.has_text:
                text_of.flush()
            tail = element.tail
            if tail and (text_of.has_text or not tail.isspace()):
                add(tail, element, opened[-1][1][1])
        text_of.flush()

    def _skipped(self, element: Element) -> None:
        """<title> lives in <head>, <mj-title>/<mj-preview> in <mj-head>: keep them as (hidden)
        blocks; a skipped element's ``<meta>`` may still declare the language."""
        for child in element.iterdescendants(*_TITLES):
            self._title_block(child, _tag_name(child))
        for meta in element.iterdescendants("meta"):
            if (meta.get("http-equiv") or "").lower() == "content-language":
                self.out.languages.append((meta.get("content") or "").strip())

    def _title_block(self, element: Element, tag: str) -> None:
        text = "".join(element.itertext()).strip()
        if text:
            source = "preview" if tag == "mj-preview" else "title"
            line = (element.sourceline or 1) + self.line_offset
            self.out.blocks.append(TextBlock(text, line, False, source=source))

    def _collect_comments(self, root: Element) -> None:
        """Every comment, wherever it stands: before or after the root element (a directive at
        the top of a file), and inside skipped elements (``<head>``, ``<mj-head>``/``<mj-raw>``)."""
        nodes = [
            *reversed(list(root.itersiblings(preceding=True))), *root.iter(etree.Comment), *root.itersiblings()
        ]
        for node in nodes:
            if node.tag is etree.Comment:
                line = (node.sourceline or 1) + self.line_offset
                self.out.comments.append(Comment(node.text or "", line))

    def _link_or_image(self, element: Element, tag: str, names: list[str], state: State, visible: bool) -> None:
        """The link and the alt text of *element* (whose attribute names are *names*)."""
        if not names:
            return  # (no href, no alt)
        line = element.sourceline or 1
        alt = element.get("alt") if "alt" in names else None
        alt = alt.strip() if alt else ""
        # An image shows whatever the font size or text colour around it.
        image_visible = not state[0] and not state[2]
        if alt and tag in ("img", "mj-image"):
            self.out.blocks.append(TextBlock(alt, line + self.line_offset, image_visible, source="alt"))
        href = element.get("href") if "href" in names else None
        if href is None:
            return
        text = " ".join([t for t in map(str.strip, element.itertext()) if t])
        if not text:
            text = " ".join(
                (img.get("alt") or "").strip() for img in element.iter("img") if img.get("alt")
            ) or alt
        if tag == "mj-social-element" and not text:
            text = element.get("name") or ""
        if visible:
            reason = None
        elif image_visible and (tag == "mj-image" or next(element.iter("img"), None) is not None):
            reason, visible = None, True
        else:
            reason = hidden_why(state)
        self.out.links.append(Link(href.strip(), text, line + self.line_offset, visible, hidden_reason=reason))
