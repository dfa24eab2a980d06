"""Just enough CSS to tell whether an element's text is hidden from the reader.

Inline ``style`` attributes, presentational attributes and the simple selectors
(``tag``, ``.class``, ``#id``, ``tag.class``) of ``<style>`` blocks outside
``@media`` queries. Anything fancier is ignored: an unknown rule never hides text,
so a doubtful case is never turned into a false "hidden" verdict.
"""

from __future__ import annotations

import re
from functools import lru_cache

from email_lint.readers.spans import blank_spans, find_spans

# The lookbehind starts a name only where a run of letters starts: without it, a long
# run with no colon is retried from each of its letters (quadratic).
_DECL = re.compile(r"(?<![a-zA-Z\-])([a-zA-Z\-]+)\s*:\s*([^;]+)")
_SIMPLE_SELECTOR = re.compile(r"^(?P<tag>[a-zA-Z][\w\-]*)?(?P<rest>(?:[.#][\w\-]+)*)$")
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


def _strip_at_rules(css: str) -> str:
    """Remove ``@media``/``@supports``... blocks (they apply only conditionally)."""
    out: list[str] = []
    i = 0
    while i < len(css):
        at = css.find("@", i)
        if at < 0:
            out.append(css[i:])
            break
        out.append(css[i:at])
        brace = css.find("{", at)
        semi = css.find(";", at)
        if brace < 0 or (0 <= semi < brace):
            i = (semi + 1) if semi >= 0 else len(css)
            continue
        depth, j = 1, brace + 1
        while j < len(css) and depth:
            depth += {"{": 1, "}": -1}.get(css[j], 0)
            j += 1
        i = j
    return "".join(out)


#: The properties visibility depends on (see hidden_reason, font_size_zero...).
_VISIBILITY_PROPERTIES = frozenset({
    "display", "visibility", "font-size", "opacity", "overflow", "max-height", "height",
    "max-width", "width", "color", "background-color", "background",
})


class StyleSheet:
    """Declarations by simple selector, from the ``<style>`` blocks of a document."""

    def __init__(self) -> None:
        self._rules: dict[str, dict[str, str]] = {}

    def __bool__(self) -> bool:
        return bool(self._rules)

    def add(self, css: str) -> None:
        css = _strip_at_rules(blank_spans(css, find_spans(css, (("/*", "*/"),)), keep_lines=False))
        for block in css.split("}"):
            if "{" not in block:
                continue
            selectors, _, body = block.partition("{")
            # Only what can hide text is kept: most rules (fonts, padding) then never match.
            decls = {k: v for k, v in parse_declarations(body).items() if k in _VISIBILITY_PROPERTIES}
            if not decls:
                continue
            for selector in selectors.split(","):
                selector = selector.strip()
                if _SIMPLE_SELECTOR.match(selector) and selector:
                    self._rules.setdefault(selector.lower(), {}).update(decls)

    def declarations_for(self, tag: str, classes: list[str], element_id: str | None) -> dict[str, str]:
        """Declarations matching an element (tag, then classes, then id: rising specificity)."""
        if not self._rules:
            return {}
        found: dict[str, str] = {}
        if not classes and not element_id:
            return dict(self._rules.get(tag, found))
        keys = [tag]
        keys += [f".{c}" for c in classes] + [f"{tag}.{c}" for c in classes]
        if element_id:
            keys.append(f"#{element_id}")
        for key in keys:
            rules = self._rules.get(key.lower())
            if rules:
                found.update(rules)
        return found
