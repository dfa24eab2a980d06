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
from email_lint.readers.markup import MarkupWalker

_XML_ENTITIES = {"amp", "lt", "gt", "quot", "apos"}
_AMPERSAND = re.compile(r"&(?:(#[0-9]+|#[xX][0-9a-fA-F]+)|([A-Za-z][A-Za-z0-9]*));|&")
_TEMPLATE_TAG = re.compile(r"<%.*?%>", re.S)
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


def xml_safe(text: str) -> str:
    """Map HTML named entities and bare ``&`` so the XML parser accepts them (lines kept)."""
    text = _XML_DECLARATION.sub(lambda m: "\n" * m.group(0).count("\n"), text, count=1)
    text = _TEMPLATE_TAG.sub(lambda m: m.group(0).replace("<", "&lt;").replace(">", "&gt;"), text)
    return _AMPERSAND.sub(_map_entity, text)


class MjmlDefaults:
    """Visibility-relevant defaults from ``<mj-attributes>`` (mj-all, per tag, mj-class)."""

    def __init__(self, root) -> None:
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
    def _style(element) -> dict[str, str]:
        return {
            css: element.get(attribute).strip().lower()
            for attribute, css in _STYLE_ATTRIBUTES.items()
            if element.get(attribute)
        }

    def declarations_for(self, element, tag: str) -> dict[str, str]:
        decls = dict(self.by_tag.get("mj-all", {}))
        decls.update(self.by_tag.get(tag, {}))
        for name in (element.get("mj-class") or "").split():
            decls.update(self.by_class.get(name, {}))
        decls.update(self._style(element))
        return decls


def parse_mjml(text: str):
    """Parse MJML *text*: strict XML first (entities off), else the forgiving HTML parser."""
    from lxml import etree

    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, dtd_validation=False,
        huge_tree=False, remove_pis=True, recover=False,
    )
    try:
        return etree.fromstring(xml_safe(text).encode("utf-8"), parser)
    except etree.XMLSyntaxError:
        from email_lint.readers.html import parse_html

        return parse_html(text)


def read_mjml(path: str, text: str, line_offset: int = 0) -> Document:
    """A document from MJML source *text*."""
    document = Document(path=path, format="mjml", source=text, size=len(text.encode("utf-8", "replace")))
    root = parse_mjml(text)
    if root is None:
        return document
    walker = MarkupWalker(line_offset=line_offset, mjml_defaults=MjmlDefaults(root))
    extracted = walker.walk(root)
    document.blocks = extracted.blocks
    document.links = extracted.links
    document.comments = extracted.comments
    document.declared_languages = extracted.languages
    return document
