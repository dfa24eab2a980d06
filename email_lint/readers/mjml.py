"""Read MJML from its source, keeping the source lines of every element.

MJML is XML in principle, but real files use HTML named entities (``&nbsp;``,
``&copy;``), bare ``&`` and templating syntax. Named entities are mapped to
character references and bare ampersands escaped, then the strict XML parser
runs with entity resolution, DTD loading and network access off. A file that is
still not well-formed is read with the forgiving HTML parser, which keeps every
text and link.
"""

from __future__ import annotations

import re
from html.entities import name2codepoint

from email_lint.document import Document
from email_lint.errors import ReadError
from email_lint.readers.css import StyleSheet
from email_lint.readers.dtd import dtd_warning
from email_lint.readers.lxml_types import Element, Parser
from email_lint.readers.markup import MarkupWalker, template_comments
from email_lint.readers.mjml_structure import structure_problems
from email_lint.readers.spans import find_spans

_XML_ENTITIES = {"amp", "lt", "gt", "quot", "apos"}
_AMPERSAND = re.compile(r"&(?:(#[0-9]+|#[xX][0-9a-fA-F]+)|([A-Za-z][A-Za-z0-9]*));|&")
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>", re.I)
#: MJML attributes that act like CSS declarations for visibility.
_STYLE_ATTRIBUTES = {
    "color": "color",
    "background-color": "background-color",
    "container-background-color": "background-color",
    "font-size": "font-size",
}


def _map_entity(match: re.Match[str]) -> str:
    numeric, name = match.group(1), match.group(2)
    if numeric:
        return match.group(0)
    if name is None:
        return "&amp;"
    if name in _XML_ENTITIES:
        return match.group(0)
    if name in name2codepoint:
        return f"&#{name2codepoint[name]};"
    return "&amp;" + name + ";"


def _escape_template_tags(text: str) -> str:
    """``<% ... %>`` tags with their angle brackets escaped (linear: see :mod:`.spans`)."""
    parts: list[str] = []
    cursor = 0
    for span in find_spans(text, (("<%", "%>"),)):
        parts.append(text[cursor:span.start])
        parts.append(text[span.start:span.end].replace("<", "&lt;").replace(">", "&gt;"))
        cursor = span.end
    parts.append(text[cursor:])
    return "".join(parts)


def xml_safe(text: str) -> str:
    """Map HTML named entities and bare ``&`` so the XML parser accepts them (lines kept)."""
    text = _XML_DECLARATION.sub(lambda m: "\n" * m.group(0).count("\n"), text, count=1)
    text = _escape_template_tags(text)
    return _AMPERSAND.sub(_map_entity, text)


class MjmlDefaults:
    """Visibility-relevant defaults from ``<mj-attributes>`` (mj-all, per tag, mj-class)."""

    def __init__(self, root: Element) -> None:
        self.by_tag: dict[str, dict[str, str]] = {}
        self.by_class: dict[str, dict[str, str]] = {}
        for attributes in root.iter("mj-attributes"):
            for child in attributes:
                if not isinstance(child.tag, str):
                    continue
                decls = self._style(child)
                if child.tag == "mj-class":
                    self.by_class.setdefault(child.get("name", ""), {}).update(decls)
                else:
                    self.by_tag.setdefault(child.tag, {}).update(decls)

    @staticmethod
    def _style(element: Element) -> dict[str, str]:
        return {
            css: element.get(attribute).strip().lower()
            for attribute, css in _STYLE_ATTRIBUTES.items()
            if element.get(attribute)
        }

    def declarations_for(self, element: Element, tag: str) -> dict[str, str]:
        decls = dict(self.by_tag.get("mj-all", {}))
        decls.update(self.by_tag.get(tag, {}))
        for name in (element.get("mj-class") or "").split():
            decls.update(self.by_class.get(name, {}))
        decls.update(self._style(element))
        return decls


def xml_parser() -> Parser:
    """The strict XML parser for MJML: no entity resolution, no DTD loading, no network,
    and libxml2's default limits (``huge_tree`` off: nesting, entity amplification)."""
    from lxml import etree

    return etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, dtd_validation=False,
        huge_tree=False, remove_pis=True, recover=False,
    )


def parse_mjml(text: str) -> Element | None:
    """Parse MJML *text*: strict XML first (entities off), else the forgiving HTML parser."""
    from lxml import etree

    try:
        return etree.fromstring(xml_safe(text).encode("utf-8"), xml_parser())
    except etree.XMLSyntaxError:  # not well-formed, or nested deeper than 256 levels
        from email_lint.readers.html import parse_html

        return parse_html(text)


def read_mjml(path: str, text: str, line_offset: int = 0) -> Document:
    """A document from MJML source *text*."""
    from email_lint.readers.html import TooDeep

    document = Document(path=path, format="mjml", source=text, size=len(text.encode("utf-8", "replace")))
    fatal, structure_warning = structure_problems(text)
    if fatal:
        raise ReadError(path, fatal)
    if structure_warning:
        document.warnings.append(structure_warning)
    try:
        root = parse_mjml(text)
    except TooDeep as exc:
        raise ReadError(path, str(exc)) from None
    warning = dtd_warning(text, external_counts=True)
    if warning:
        document.warnings.append(warning)
    if root is None:
        return document
    walker = MarkupWalker(StyleSheet(mjml=True), line_offset=line_offset, mjml_defaults=MjmlDefaults(root))
    extracted = walker.walk(root)
    document.blocks = extracted.blocks
    document.links = extracted.links
    document.comments = sorted([*extracted.comments, *template_comments(text, line_offset)], key=lambda c: c.line)
    document.declared_languages = extracted.languages
    return document
