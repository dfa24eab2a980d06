"""The visibility state an element hands down to its content, and the CSS cascade that sets it.

A state is a plain tuple ``(hidden, font-size:0, visibility:hidden, colour, background)``:
hashable and compared by value, so equal states are one cache key. The cascade runs only
for an element that can change its parent's state: one with a style-related attribute, one
a style sheet rule matches, or an MJML component when ``<mj-attributes>`` set defaults.
Templates repeat the same cells and styles, so a state reached through attributes alone is
remembered, by parent state and those attributes, across the documents of a run.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

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

if TYPE_CHECKING:
    from email_lint.readers.mjml import MjmlDefaults

#: (why hidden (display:none...), font-size:0, visibility:hidden, text colour, background colour).
State = tuple[str | None, bool, bool, str | None, str | None]
#: The state outside the root element: everything shows.
ROOT: State = (None, False, False, None, None)
#: A state and whether text in it is visible.
Resolved = tuple[State, bool]

#: (parent state, the attributes the declarations depend on) -> resolved state; shared by the
#: documents of a run (a few hundred entries in practice), cleared past these bounds.
_SHARED: dict[tuple[Any, ...], Resolved] = {}
_MAX_ENTRIES = 8192
_MAX_CHARACTERS = 1 << 20
#: Attribute values longer than this in all are not remembered.
_MAX_KEY = 2048
_held = [0]  # characters held by the keys of _SHARED


def hidden_why(state: State) -> str | None:
    """Why text in *state* is hidden, or None when it shows."""
    hidden, font_zero, invisible, color, background = state
    if hidden:
        return hidden
    if font_zero:
        return "font-size:0"
    if invisible:
        return "visibility:hidden"
    if color is not None and color == background:
        return f"text colour {color} equals its background"
    return None


def derive(parent: State, decls: dict[str, str]) -> State:
    """The state of an element with declarations *decls* inside *parent*."""
    if not decls:
        return parent
    hidden, font_zero, invisible, color, background = parent
    hidden = hidden or hidden_reason(decls)
    zero = font_size_zero(decls)
    if zero is not None:
        font_zero = zero
    not_shown = visibility_hidden(decls)
    if not_shown is not None:
        invisible = not_shown
    own_color = normalize_color(decls.get("color"))
    if own_color:
        color = own_color
    own_background = background_of(decls)
    if own_background and own_background != "transparent":
        background = own_background
    return (hidden, font_zero, invisible, color, background)


def resolve(state: State) -> Resolved:
    return state, hidden_why(state) is None


class Cascade:
    """One document's cascade: its style sheet and, for MJML, its ``<mj-attributes>`` defaults."""

    def __init__(self, stylesheet: StyleSheet, mjml_defaults: MjmlDefaults | None = None) -> None:
        self.stylesheet = stylesheet
        self.mjml_defaults = mjml_defaults
        #: The elements a sheet rule matches (their states depend on the sheet: never cached).
        self.matched = stylesheet.matched_elements()
        # MJML defaults belong to one document: states that depend on them are cached per document.
        defaults = mjml_defaults is not None and (mjml_defaults.by_tag or mjml_defaults.by_class)
        self._mjml_cache: dict[tuple[Any, ...], Resolved] = {} if defaults else _SHARED

    def declarations(self, element: Element, tag: str) -> dict[str, str]:
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

    def child(self, element: Element, tag: str, parent: State, names: list[str]) -> Resolved | None:
        """The state of *element* (whose attribute names are *names*) inside *parent*; None
        when it is the parent's (no attribute, sheet rule or MJML default can change it)."""
        matched = self.matched
        if matched and element in matched:
            return resolve(derive(parent, self.declarations(element, tag)))
        if self.mjml_defaults is not None and tag.startswith("mj-"):
            if not names:
                key: tuple[Any, ...] = (parent, tag)
            else:
                get = element.get
                key = (parent, tag, get("style"), get("bgcolor"), get("hidden") is not None, get("mj-class"),
                       get("color"), get("background-color"), get("container-background-color"), get("font-size"))
            cache = self._mjml_cache
        else:
            if not names:
                return None
            # Only these attributes give declarations here (see declarations): the names are
            # tested before the values are asked for (an attribute look-up costs far more).
            get = element.get
            style = get("style") if "style" in names else None
            bgcolor = get("bgcolor") if "bgcolor" in names else None
            hidden = tag != "input" and "hidden" in names
            color = get("color") if tag == "font" and "color" in names else None
            if not (style or bgcolor or hidden or color):
                return None
            key = (parent, style, bgcolor, hidden, color)
            cache = _SHARED
        found = cache.get(key)
        if found is None:
            found = resolve(derive(parent, self.declarations(element, tag)))
            _remember(cache, key, found)
        return found


def _remember(cache: dict[tuple[Any, ...], Resolved], key: tuple[Any, ...], found: Resolved) -> None:
    size = sum(len(part) for part in key[1:] if isinstance(part, str))
    if size > _MAX_KEY:
        return
    if cache is _SHARED:
        if len(_SHARED) >= _MAX_ENTRIES or _held[0] + size > _MAX_CHARACTERS:
            _SHARED.clear()
            _held[0] = 0
        _held[0] += size
    cache[key] = found
