"""Just enough CSS to tell whether an element's text is hidden from the reader.

Inline ``style`` attributes, presentational attributes and the rules of ``<style>``
blocks (see :class:`StyleSheet`). Anything unknown is ignored: an unknown rule never
hides text, so a doubtful case is never turned into a false "hidden" verdict.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from functools import lru_cache
from typing import Any

from email_lint.readers.lxml_types import Element
from email_lint.readers.selectors import MJML_LINKS

# The lookbehind starts a name only where a run of letters starts: without it, a long
# run with no colon is retried from each of its letters (quadratic).
_DECL = re.compile(r"(?<![a-zA-Z\-])([a-zA-Z\-]+)\s*:\s*([^;]+)")
_NAMED = {
    "white": "#ffffff", "black": "#000000", "red": "#ff0000", "green": "#008000",
    "blue": "#0000ff", "yellow": "#ffff00", "gray": "#808080", "grey": "#808080",
    "silver": "#c0c0c0", "transparent": "transparent",
}
_ZERO = re.compile(r"^0(?:\.0+)?(?:px|pt|em|rem|%)?$")


def parse_declarations(style: str) -> dict[str, str]:
    """``"color: red; display:none"`` -> ``{"color": "red", "display": "none"}``."""
    if len(style) > _CACHED_LENGTH:
        return dict(_parse_declarations.__wrapped__(style))
    return dict(_parse_declarations(style))


# Templates repeat the same style attributes and colours on element after element: both
# parses are pure and remembered (short values only, a bounded number), and the caller
# gets a fresh dict each time.
_CACHED_LENGTH = 512


@lru_cache(maxsize=1024)
def _parse_declarations(style: str) -> tuple[tuple[str, str], ...]:
    return tuple({
        name.strip().lower(): value.replace("!important", "").strip().lower()
        for name, value in _DECL.findall(style)
    }.items())


def normalize_color(value: str | None) -> str | None:
    """A comparable colour: ``#fff`` -> ``#ffffff``, ``white`` -> ``#ffffff``; None if unknown."""
    if value is not None and len(value) > _CACHED_LENGTH:
        return _normalize_color.__wrapped__(value)
    return _normalize_color(value)


@lru_cache(maxsize=1024)
def _normalize_color(value: str | None) -> str | None:
    """A comparable colour: ``#fff`` -> ``#ffffff``, ``white`` -> ``#ffffff``; None if unknown."""
    if not value:
        return None
    value = value.strip().lower()
    if not value.startswith("rgb"):
        value = value.split()[0] if value else ""
    if value in _NAMED:
        return _NAMED[value]
    if re.fullmatch(r"#[0-9a-f]{3}", value):
        return "#" + "".join(c * 2 for c in value[1:])
    if re.fullmatch(r"#[0-9a-f]{6}", value):
        return value
    # Bounded digit runs: int() refuses strings of over 4300 digits, and an alpha like
    # "1.2.3" is not a number (found by fuzzing).
    match = re.fullmatch(r"rgba?\((\d{1,9}),\s*(\d{1,9}),\s*(\d{1,9})(?:,\s*(\d{0,9}\.?\d{1,9}))?\)", value)
    if match:
        if match.group(4) is not None and float(match.group(4)) == 0:
            return "transparent"
        return "#" + "".join(f"{min(int(g), 255):02x}" for g in match.groups()[:3])
    return None


def background_of(decls: dict[str, str]) -> str | None:
    """The background colour stated by ``background-color`` or the ``background`` shorthand."""
    color = normalize_color(decls.get("background-color"))
    if color is None and "background" in decls:
        for part in decls["background"].split():
            color = normalize_color(part)
            if color:
                break
    return color


def font_size_zero(decls: dict[str, str]) -> bool | None:
    """True for ``font-size:0``, False for another size, None when not set (inherited)."""
    if "font-size" not in decls:
        return None
    return bool(_ZERO.match(decls["font-size"]))


def visibility_hidden(decls: dict[str, str]) -> bool | None:
    """True for ``visibility:hidden``, False for ``visible``, None when not set (inherited)."""
    value = decls.get("visibility")
    if value is None:
        return None
    return value in ("hidden", "collapse")


def hidden_reason(decls: dict[str, str]) -> str | None:
    """Why these declarations hide an element and all its content, whatever the children say.

    ``font-size:0`` and ``visibility:hidden`` are inherited but can be undone by a child
    (a common layout trick sets ``font-size:0`` on a container): see
    :func:`font_size_zero` and :func:`visibility_hidden`.
    """
    if decls.get("display", "").startswith("none"):
        return "display:none"
    if decls.get("opacity", "1").strip() in ("0", "0.0"):
        return "opacity:0"
    overflow_hidden = decls.get("overflow", "").startswith("hidden")
    for prop in ("max-height", "height", "max-width", "width"):
        if overflow_hidden and _ZERO.match(decls.get(prop, "x")):
            return f"{prop}:0 with overflow:hidden"
    return None


#: The properties visibility depends on (see hidden_reason, font_size_zero...).
_VISIBILITY_PROPERTIES = frozenset({
    "display", "visibility", "font-size", "opacity", "overflow", "max-height", "height",
    "max-width", "width", "color", "background-color", "background",
})


_Rule = tuple[str, dict[str, str], dict[str, str]]


class StyleSheet:
    """The visibility-relevant rules of a document's ``<style>`` blocks, as a browser cascades them.

    Parsed with tinycss2, matched with cssselect (both imported only when a document has a
    style block): any selector (descendant, child, attribute, ``:not()``...), specificity,
    source order and ``!important``. Rules inside conditional at-rules (``@media`` with a
    condition, ``@supports``) are left out: they hide text only on some screens.
    Call :meth:`match` once with the parsed tree, then :meth:`declarations_for` per element.
    """

    def __init__(self, mjml: bool = False) -> None:
        self.mjml = mjml
        #: (selector group, normal declarations, important declarations) in source order.
        self._rules: list[_Rule] = []
        self._matched: dict[object, tuple[dict[str, str], dict[str, str]]] = {}

    def __bool__(self) -> bool:
        return bool(self._rules)

    def add(self, css: str) -> None:
        """Keep the rules of *css* that can hide text (most rules, fonts and padding, cannot)."""
        if "{" in css:
            parse = _visibility_rules if len(css) <= _CACHED_SHEET else _visibility_rules.__wrapped__
            self._rules.extend(parse(css))

    def match(self, root: Element) -> None:
        """Find the elements of *root* each rule applies to, and cascade their declarations.

        Selectors made only of a tag, classes and ids (most of an email's sheet) are looked
        up in an index of the tree built in one pass; the others go through cssselect's XPath.
        """
        if not self._rules:
            return
        from email_lint.readers.selectors import compile_selector_group

        index: _TreeIndex | None = None
        hits: dict[object, list[tuple[tuple[int, int, int], int, dict[str, str], dict[str, str]]]] = {}
        for order, (selectors, normal, important) in enumerate(self._rules):
            simple = _simple_selectors(selectors, self.mjml)
            if simple is not None:
                index = index or _TreeIndex(root, self.mjml)
                matches = [(index.select(*selector), _specificity(*selector)) for selector in simple]
            else:
                matches = [(xpath(root), specificity) for xpath, specificity in compile_selector_group(selectors,
                                                                                                       self.mjml)]
            for elements, specificity in matches:
                for element in elements:
                    hits.setdefault(element, []).append((specificity, order, normal, important))
        for element, found in hits.items():
            found.sort(key=lambda hit: (hit[0], hit[1]))
            normal_decls: dict[str, str] = {}
            important_decls: dict[str, str] = {}
            for _rank, _order, normal, important in found:
                normal_decls.update(normal)
                important_decls.update(important)
            self._matched[element] = (normal_decls, important_decls)

    def matches(self, element: Element) -> bool:
        """Whether a rule of the sheet applies to *element* (after :meth:`match`)."""
        return element in self._matched

    def matched_elements(self) -> dict[object, tuple[dict[str, str], dict[str, str]]]:
        """The elements some rule applies to (after :meth:`match`), as keys."""
        return self._matched

    def declarations_for(self, element: Element) -> tuple[dict[str, str], dict[str, str]]:
        """The cascaded (normal, ``!important``) declarations of the sheet for *element*."""
        return self._matched.get(element, _NONE)


_NONE: tuple[dict[str, str], dict[str, str]] = ({}, {})
#: A compound selector of a tag (or ``*``), classes and ids only: ``td.footer``, ``.c3``, ``#foot``.
_SIMPLE_SELECTOR = re.compile(r"(?P<tag>[a-zA-Z][\w-]*|\*)?(?P<rest>(?:[.#][\w-]+)*)")
_SIMPLE_PART = re.compile(r"([.#])([\w-]+)")
_Simple = tuple[str | None, tuple[str, ...], tuple[str, ...]]  # tag, classes, ids


@lru_cache(maxsize=1024)
def _simple_selectors(group: str, mjml: bool = False) -> tuple[_Simple, ...] | None:
    """``"td.footer, .c3"`` -> ((tag, classes, ids), ...), or None when any selector is more than that.

    Tag names are matched as cssselect does: lower-cased for HTML, as written for MJML (XML)."""
    out = []
    for text in group.split(","):
        match = _SIMPLE_SELECTOR.fullmatch(text.strip())
        if match is None or not text.strip():
            return None
        tag = match.group("tag")
        if tag is not None and not mjml:
            tag = tag.lower()
        parts = _SIMPLE_PART.findall(match.group("rest"))
        out.append((None if tag in (None, "*") else tag, tuple(n for kind, n in parts if kind == "."),
                    tuple(n for kind, n in parts if kind == "#")))
    return tuple(out)


def _specificity(tag: str | None, classes: tuple[str, ...], ids: tuple[str, ...]) -> tuple[int, int, int]:
    return (len(ids), len(classes), 1 if tag else 0)


class _TreeIndex:
    """A tree's elements by tag, class and id, built in one pass for the simple selectors."""

    def __init__(self, root: Element, mjml: bool):
        self.mjml = mjml
        self.elements: list[Element] = []
        self.by_tag: dict[str, list[Element]] = {}
        self.by_class: dict[str, list[Element]] = {}
        self.by_id: dict[str, list[Element]] = {}
        self.facts: dict[object, tuple[str, frozenset[str], str | None]] = {}
        for element in root.iter():
            tag = element.tag
            if not isinstance(tag, str):
                continue
            name = tag.rsplit("}", 1)[-1]  # HTML trees have lower-case names; MJML is XML, case kept
            get = element.attrib.get
            classes = (get("class") or "").split()
            if mjml:
                classes += (get("css-class") or "").split()
            element_id = get("id")
            self.elements.append(element)
            self.facts[element] = (name, frozenset(classes), element_id)
            self.by_tag.setdefault(name, []).append(element)
            for name_ in classes:
                self.by_class.setdefault(name_, []).append(element)
            if element_id:
                self.by_id.setdefault(element_id, []).append(element)

    def _tag_ok(self, wanted: str | None, name: str) -> bool:
        if wanted is None or wanted == name:
            return True
        return self.mjml and wanted == "a" and name in MJML_LINKS

    def select(self, tag: str | None, classes: tuple[str, ...], ids: tuple[str, ...]) -> list[Element]:
        if ids:
            candidates = self.by_id.get(ids[0], [])
        elif classes:
            candidates = self.by_class.get(classes[0], [])
        elif tag is not None:
            names = MJML_LINKS if self.mjml and tag == "a" else (tag,)
            candidates = [e for name in names for e in self.by_tag.get(name, [])]
        else:
            candidates = self.elements
        found: list[Element] = []
        for element in candidates:
            name, own_classes, element_id = self.facts[element]
            if (self._tag_ok(tag, name) and all(c in own_classes for c in classes)
                    and all(i == element_id for i in ids)):
                found.append(element)
        return found
#: Templates of one repository share their style blocks: parses of sheets up to this size are remembered.
_CACHED_SHEET = 256 * 1024


@lru_cache(maxsize=64)
def _visibility_rules(css: str) -> tuple[_Rule, ...]:
    """(selector group, normal declarations, ``!important`` ones) of the rules that can hide text.

    The declaration dicts are shared by the documents that use the sheet, and never changed.
    A sheet that names no such property is not parsed (and, cached, not searched again).
    """
    if not _VISIBILITY_WORDS.search(css):
        return ()
    import tinycss2

    return tuple(_rules_of(tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True)))


def _rules_of(rules: Iterable[Any]) -> Iterator[_Rule]:  # tinycss2 nodes: untyped
    import tinycss2

    for rule in rules:
        if rule.type == "at-rule" and rule.lower_at_keyword == "media" and rule.content is not None:
            if _unconditional_media(tinycss2.serialize(rule.prelude)):
                yield from _rules_of(tinycss2.parse_rule_list(rule.content, skip_comments=True, skip_whitespace=True))
            continue
        if rule.type != "qualified-rule":
            continue
        normal: dict[str, str] = {}
        important: dict[str, str] = {}
        for declaration in tinycss2.parse_declaration_list(rule.content, skip_comments=True, skip_whitespace=True):
            if declaration.type != "declaration" or declaration.lower_name not in _VISIBILITY_PROPERTIES:
                continue
            value = tinycss2.serialize(declaration.value).strip().lower()
            (important if declaration.important else normal)[declaration.lower_name] = value
        if normal or important:
            yield tinycss2.serialize(rule.prelude).strip(), normal, important
#: Longest first, ties by name: the same pattern text on every run (it is compiled at import,
#: and the start-up cache keys regexes by their text).
_VISIBILITY_WORDS = re.compile("|".join(sorted(_VISIBILITY_PROPERTIES, key=lambda p: (-len(p), p))), re.I)
_MEDIA_CONDITION = re.compile(r"[()]|\b(?:and|not|only|print|speech)\b", re.I)


def _unconditional_media(prelude: str) -> bool:
    """``@media all``, ``@media screen``: rules that apply when the message is read on a screen."""
    return not _MEDIA_CONDITION.search(prelude)


def important_in_style(style: str, name: str) -> bool:
    """Whether an inline ``style`` marks property *name* ``!important`` (it then beats the sheet's)."""
    for declared, value in _DECL.findall(style):
        if declared.strip().lower() == name and "!important" in value.replace(" ", "").lower():
            return True
    return False
