"""Walk an lxml tree (HTML, or MJML read as XML) into text blocks, links and comments.

Text is gathered into blocks at block-level boundaries (paragraphs, cells, line
breaks), so a sentence split by ``<b>`` or ``<a>`` stays one block. Visibility is
inherited: an element hidden by CSS, or whose text colour equals its background,
hides everything inside it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from lxml import etree

from email_lint.document import Comment, Link, TextBlock
from email_lint.readers.css import (
    StyleSheet,
    background_of,
    font_size_zero,
    hidden_reason,
    important_in_style,
    normalize_color,
    parse_declarations,
    visibility_hidden,
)
from email_lint.readers.lxml_types import Element
from email_lint.readers.spans import LineCounter, find_spans

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
_OPEN, _CLOSE, _TAIL = 0, 1, 2
_TITLES = ("title", "mj-title", "mj-preview")

LINKING = frozenset({"a", "area", "mj-button", "mj-navbar-link", "mj-social-element", "mj-image"})
#: Comments of template languages wrapped around markup: Twig/Jinja, Handlebars, JSP/ASP
#: (scanned by :func:`find_spans`: a lazy regex is quadratic on unclosed openers).
_TEMPLATE_COMMENT = (("{#", "#}"), ("{{!--", "--}}"), ("{{!", "}}"), ("<%--", "--%>"))
_HTML_COMMENT = (("<!--", "-->"),)


def template_comments(source: str, line_offset: int = 0, html: bool = False) -> list[Comment]:
    """``{# ... #}``, ``{{!-- ... --}}`` and ``<%-- ... --%>`` comments in markup *source*, and
    ``<!-- ... -->`` ones too when *html* (for sources the parser makes no tree of)."""
    kinds = (_TEMPLATE_COMMENT, _HTML_COMMENT) if html else (_TEMPLATE_COMMENT,)
    found: list[Comment] = []
    for delimiters in kinds:
        lines = LineCounter(source, 1 + line_offset)
        found.extend(Comment(span.body, lines.line_at(span.start)) for span in find_spans(source, delimiters))
    return sorted(found, key=lambda c: c.line)


@dataclass(slots=True)
class _State:
    hidden: str | None = None
    font_zero: bool = False
    visibility_hidden: bool = False
    color: str | None = None
    background: str | None = None
    #: Memo of :meth:`MarkupWalker._invisible` (None: not computed yet); states are not
    #: changed once built, and the walk asks for every text node.
    invisible: bool | None = None


@dataclass
class Extracted:
    """What a walk found."""

    blocks: list[TextBlock] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    comments: list[Comment] = field(default_factory=list)
    languages: list[str] = field(default_factory=list)


def _tag_name(element: Element) -> str:
    tag = element.tag
    if not isinstance(tag, str):
        return ""
    name = _TAG_NAMES.get(tag)
    if name is None:
        name = (tag.rsplit("}", 1)[1] if "}" in tag else tag).lower()
        if len(_TAG_NAMES) < 4096:  # a few dozen in practice: remember them, boundedly
            _TAG_NAMES[tag] = name
    return name


_TAG_NAMES: dict[str, str] = {}


class MarkupWalker:
    """Collect blocks, links and comments from a parsed tree.

    ``attribute_styles`` maps an element to extra declarations from its attributes
    (MJML's ``color``/``background-color``/``font-size``); HTML uses ``bgcolor``.
    """

    def __init__(self, stylesheet: StyleSheet | None = None, line_offset: int = 0,
                 mjml_defaults: MjmlDefaults | None = None):
        self.stylesheet = stylesheet if stylesheet is not None else StyleSheet()
        self.line_offset = line_offset
        self.mjml_defaults = mjml_defaults
        self.out = Extracted()
        self._buffer: list[str] = []
        #: Whether the buffer holds more than white space (kept, not recomputed per text).
        self._buffer_has_text = False
        self._buffer_line = 0
        self._buffer_visible = True
        #: (id of the parent state, style-related attributes) -> (parent, state); see _child_state.
        self._states: dict[tuple[int, str | None, str | None, bool, str | None], tuple[_State, _State]] = {}
        self._reuse_states = False

    # -- text buffering -------------------------------------------------------------------
    def _flush(self) -> None:
        if self._buffer_has_text:
            self.out.blocks.append(
                TextBlock("".join(self._buffer).strip(), self._buffer_line + self.line_offset,
                          self._buffer_visible)
            )
        self._buffer = []
        self._buffer_has_text = False

    def _add_text(self, text: str | None, line: int, visible: bool) -> None:
        if not text:
            return
        if visible != self._buffer_visible and self._buffer_has_text:
            self._flush()
        if not self._buffer_has_text:
            self._buffer_line = line + text[: len(text) - len(text.lstrip())].count("\n")
            self._buffer_visible = visible
        self._buffer.append(text)
        if not self._buffer_has_text and not text.isspace():
            self._buffer_has_text = True

    # -- styles ---------------------------------------------------------------------------
    def _declarations(self, element: Element, tag: str) -> dict[str, str]:
        """The element's own declarations, lowest precedence first: presentational attributes,
        the style sheet, MJML attributes (inlined when MJML renders), the ``style`` attribute,
        then the sheet's ``!important`` ones (unless the ``style`` attribute marks them too)."""
        decls: dict[str, str] = {}
        attributes = element.attrib
        get = attributes.get
        if attributes:
            bgcolor = get("bgcolor")
            if bgcolor:
                decls["background-color"] = bgcolor
            if tag == "font" and get("color"):
                decls["color"] = get("color")
            if get("hidden") is not None and tag != "input":
                decls["display"] = "none"
        important: dict[str, str] = {}
        if self.stylesheet:
            normal, important = self.stylesheet.declarations_for(element)
            decls.update(normal)
        if self.mjml_defaults is not None and tag.startswith("mj-"):
            decls.update(self.mjml_defaults.declarations_for(element, tag))
        style = get("style") if attributes else None
        if style:
            decls.update(parse_declarations(style))
        for name, value in important.items():
            if not (style and important_in_style(style, name)):
                decls[name] = value
        return decls

    def _child_state(self, element: Element, tag: str, parent: _State) -> _State:
        if not self._reuse_states:
            return self._compute_state(element, tag, parent)
        # Without <style> rules or MJML defaults the state depends on the parent's and on a few
        # attributes only: templates repeat the same cells and styles, so most elements reuse one.
        attributes = element.attrib
        if not attributes:
            return parent
        get = attributes.get
        key = (id(parent), get("style"), get("bgcolor"), get("hidden") is not None and tag != "input",
               get("color") if tag == "font" else None)
        cached = self._states.get(key)
        if cached is not None:
            return cached[1]
        state = self._compute_state(element, tag, parent)
        self._states[key] = (parent, state)  # the parent is kept alive, so its id stays its own
        return state

    def _compute_state(self, element: Element, tag: str, parent: _State) -> _State:
        decls = self._declarations(element, tag)
        if not decls:
            return parent
        state = _State(parent.hidden, parent.font_zero, parent.visibility_hidden, parent.color, parent.background)
        state.hidden = parent.hidden or hidden_reason(decls)
        zero = font_size_zero(decls)
        if zero is not None:
            state.font_zero = zero
        invisible = visibility_hidden(decls)
        if invisible is not None:
            state.visibility_hidden = invisible
        color = normalize_color(decls.get("color"))
        if color:
            state.color = color
        background = background_of(decls)
        if background and background != "transparent":
            state.background = background
        return state

    @classmethod
    def _invisible(cls, state: _State) -> bool:
        if state.invisible is None:
            state.invisible = cls.hidden_why(state) is not None
        return state.invisible

    @staticmethod
    def hidden_why(state: _State) -> str | None:
        if state.hidden:
            return state.hidden
        if state.font_zero:
            return "font-size:0"
        if state.visibility_hidden:
            return "visibility:hidden"
        if state.color is not None and state.color == state.background:
            return f"text colour {state.color} equals its background"
        return None

    # -- the walk -------------------------------------------------------------------------
    def walk(self, root: Element) -> Extracted:
        """Walk *root* iteratively (deeply nested input must not hit the recursion limit)."""
        for style in root.iter("style", "mj-style"):
            self.stylesheet.add("".join(style.itertext()))
        self.stylesheet.match(root)
        self._reuse_states = not self.stylesheet and self.mjml_defaults is None
        stack: list[tuple[Element, _State, int]] = [(root, _State(), _OPEN)]
        while stack:
            node, state, step = stack.pop()
            if step == _TAIL:
                self._add_text(node.tail, node.sourceline or 1, not self._invisible(state))
                continue
            tag = _tag_name(node)
            if step == _CLOSE:
                if tag in BLOCK_LEVEL:
                    self._flush()
                continue
            if node.tail:  # only then is there anything to do after the node
                stack.append((node, state, _TAIL))
            if not isinstance(node.tag, str):  # comment or processing instruction
                continue
            self._visit(node, tag, state, stack)
        self._flush()
        self._collect_comments(root)
        return self.out

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

    def _visit(self, element: Element, tag: str, state: _State, stack: list[tuple[Element, _State, int]]) -> None:
        line = element.sourceline or 1
        attributes = element.attrib
        lang = (attributes.get("lang") or attributes.get(_XML_LANG)) if attributes else None
        if lang:
            self.out.languages.append(lang.strip())
        if tag == "meta" and (element.get("http-equiv") or "").lower() == "content-language":
            self.out.languages.append((element.get("content") or "").strip())
        if tag in _TITLES:
            self._title_block(element, tag)
        if tag in SKIPPED:
            # <title> lives in <head>, <mj-title>/<mj-preview> in <mj-head>: keep them as (hidden) blocks.
            for child in element.iterdescendants(*_TITLES):
                self._title_block(child, _tag_name(child))
            for meta in element.iterdescendants("meta"):
                if (meta.get("http-equiv") or "").lower() == "content-language":
                    self.out.languages.append((meta.get("content") or "").strip())
            return
        own = self._child_state(element, tag, state)
        visible = not self._invisible(own)
        if tag in BLOCK_LEVEL:
            self._flush()
        if tag in LINKING or tag == "img":
            self._link_or_image(element, tag, line, own, visible)
        if tag in BLOCK_LEVEL:  # closing a block-level element ends the current block
            stack.append((element, own, _CLOSE))
        for child in reversed(element):
            stack.append((child, own, _OPEN))
        self._add_text(element.text, line, visible)

    def _link_or_image(self, element: Element, tag: str, line: int, state: _State, visible: bool) -> None:
        alt = (element.get("alt") or "").strip()
        # An image shows whatever the font size or text colour around it.
        image_state = _State(state.hidden, False, state.visibility_hidden)
        image_visible = not self._invisible(image_state)
        if tag in ("img", "mj-image") and alt:
            self.out.blocks.append(TextBlock(alt, line + self.line_offset, image_visible, source="alt"))
        href = element.get("href")
        if href is None:
            return
        text = " ".join(t.strip() for t in element.itertext() if t.strip())
        if not text:
            text = " ".join(
                (img.get("alt") or "").strip() for img in element.iter("img") if img.get("alt")
            ) or alt
        if tag == "mj-social-element" and not text:
            text = element.get("name") or ""
        has_image = tag == "mj-image" or next(element.iter("img"), None) is not None
        if has_image and not visible and image_visible:
            state, visible = image_state, True
        self.out.links.append(
            Link(href.strip(), text, line + self.line_offset, visible, hidden_reason=self.hidden_why(state))
        )
