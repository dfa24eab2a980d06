"""A preview of the email as a recipient sees it, safe to embed in the report.

HTML templates are rendered in a sandboxed ``<iframe srcdoc>``: scripts, frames, forms and
every reference to the network (images, style sheets, fonts, ``url()``, links) are removed
before the markup is embedded, and the report's own Content-Security-Policy blocks anything
left. The text that served as evidence, and the lines of the problems, are outlined.
Other formats (MJML without a renderer, plain text, .eml) get their text view: the visible
text blocks with their source lines.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from email_lint.document import Document

#: Elements removed with their content: they run code, load other documents or take input.
_DROPPED = ("script", "noscript", "iframe", "frame", "frameset", "object", "embed", "applet", "link",
            "base", "form", "input", "button", "select", "textarea", "audio", "video", "source", "track",
            "meta", "svg", "math", "template", "portal")
#: Attributes that name a resource the browser would fetch or navigate to.
_URL_ATTRIBUTES = ("src", "srcset", "background", "poster", "data", "action", "formaction", "lowsrc",
                   "dynsrc", "longdesc", "usemap", "ping", "href", "xlink:href", "cite", "manifest")
_CSS_URL = re.compile(r"url\s*\([^)]*\)|@import[^;]*;?|expression\s*\(", re.I)
_PREVIEW_STYLE = (
    "mark.el-evidence{background:#fff3a0;outline:2px solid #1a7f37;color:inherit}"
    "mark.el-problem{background:#ffd7d5;outline:2px dashed #cf222e;color:inherit}"
    "img{background:#eee;outline:1px dotted #999}"
)
_PREVIEW_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"
_MAX_MARKS = 200


def build_preview(document: Document, evidence: Mapping[str, Mapping[str, Any]],
                  findings: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    """``{"kind": "html", "html": srcdoc}`` or ``{"kind": "text", "lines": [...]}``."""
    quotes = _evidence_quotes(evidence)
    problem_lines = {f["line"] for f in findings if f["line"] > 1 or f["element"] is None}
    if document.format == "html" and document.source.strip():
        html = _safe_html(document.source, quotes)
        if html is not None:
            return {"kind": "html", "html": html}
    return {"kind": "text", "lines": _text_view(document, quotes, problem_lines)}


def _evidence_quotes(evidence: Mapping[str, Mapping[str, Any]]) -> dict[str, str]:
    """Quoted evidence text -> the element it stands for (first column that has it)."""
    quotes: dict[str, str] = {}
    for by_element in evidence.values():
        for element, found in by_element.items():
            for item in found.get("evidence", ()):
                text = (item.get("text") or "").strip()
                if len(text) >= 3 and item.get("source", "body") in ("body", "link", "alt"):
                    quotes.setdefault(text, element)
    return quotes


def _safe_html(source: str, quotes: Mapping[str, str]) -> str | None:
    from lxml import etree, html

    try:
        root = html.document_fromstring(source.encode("utf-8"), parser=html.HTMLParser(
            encoding="utf-8", no_network=True, remove_comments=True, remove_pis=True))
    except (etree.ParserError, ValueError):
        return None
    for element in list(root.iter(*_DROPPED)):
        if element.getparent() is not None:
            element.drop_tree()
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        for name in list(element.attrib):
            lowered = name.lower()
            if lowered.startswith("on") or lowered in _URL_ATTRIBUTES:
                if lowered == "href":
                    element.set("title", element.get(name, "")[:300])
                del element.attrib[name]
            elif lowered == "style":
                element.set(name, _CSS_URL.sub("none", element.get(name, "")))
        if element.tag == "style":
            element.text = _CSS_URL.sub("none", element.text or "")
    _mark(root, quotes)
    head = root.find("head")
    if head is None:
        head = etree.Element("head")
        root.insert(0, head)
    csp = etree.SubElement(head, "meta")
    csp.set("http-equiv", "Content-Security-Policy")
    csp.set("content", _PREVIEW_CSP)
    head.insert(0, csp)
    style = etree.SubElement(head, "style")
    style.text = _PREVIEW_STYLE
    html_text: str = etree.tostring(root, encoding="unicode", method="html", doctype="<!DOCTYPE html>")
    return html_text


def _mark(root: Any, quotes: Mapping[str, str]) -> None:
    """Wrap the first occurrence of each evidence quote found in one text node in ``<mark>``."""
    from lxml import etree

    remaining = dict(sorted(quotes.items(), key=lambda kv: -len(kv[0])))
    marks = 0
    for element in list(root.iter()):
        if not remaining or marks >= _MAX_MARKS:
            return
        if not isinstance(element.tag, str) or element.tag in ("style", "title", "head"):
            continue
        text = element.text or ""
        for quote, element_name in list(remaining.items()):
            at = text.find(quote)
            if at < 0:
                continue
            mark = etree.Element("mark")
            mark.set("class", "el-evidence")
            mark.set("title", f"evidence: {element_name.replace('_', ' ')}")
            mark.text = quote
            mark.tail = text[at + len(quote):]
            element.text = text[:at]
            element.insert(0, mark)
            del remaining[quote]
            marks += 1
            break


def _text_view(document: Document, quotes: Mapping[str, str], problem_lines: set[int]) -> list[dict[str, Any]]:
    lines = []
    for block in document.blocks:
        if not block.visible or block.source in ("title", "preview"):
            continue
        element = next((quotes[q] for q in quotes if q in block.text), None)
        lines.append({
            "line": block.line,
            "text": block.text,
            "evidence": element,
            "problem": block.line in problem_lines,
        })
    return lines
