"""CSS selectors to compiled XPath, through cssselect (imported only when a sheet needs it).

HTML trees use cssselect's HTML translator. MJML is matched on the MJML tree itself,
so a selector written for the rendered HTML also finds the component it renders from:
``.footer`` matches ``css-class="footer"`` and ``a`` matches ``mj-button`` and
``mj-navbar-link`` (both render as ``<a>``).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from cssselect import GenericTranslator
    from cssselect.parser import Class, Element
    from cssselect.xpath import XPathExpr

#: MJML components that render as ``<a>``: a sheet's ``a`` selects them too.
#: A compiled lxml XPath: element -> the elements it selects (lxml ships no type information).
XPath = Callable[[Any], list[Any]]

MJML_LINKS = ("a", "mj-button", "mj-navbar-link", "mj-social-element")


@lru_cache(maxsize=2)
def _translator(mjml: bool) -> GenericTranslator:
    from cssselect import GenericTranslator, HTMLTranslator

    if not mjml:
        return HTMLTranslator()

    class MjmlTranslator(GenericTranslator):
        """Classes also come from ``css-class``; ``a`` also names the components that render as links."""

        def xpath_class(self, class_selector: Class) -> XPathExpr:
            xpath = self.xpath(class_selector.selector)
            value = class_selector.class_name
            literal = self.xpath_literal(" " + value + " ")
            conditions = [
                f"contains(concat(' ', normalize-space({attribute}), ' '), {literal})"
                for attribute in ("@class", "@css-class")
            ]
            return xpath.add_condition("(" + " or ".join(conditions) + ")")

        def xpath_element(self, selector: Element) -> XPathExpr:
            xpath = super().xpath_element(selector)
            if xpath.element == "a":
                xpath.element = "*"
                xpath.add_condition("(" + " or ".join(f"name() = '{n}'" for n in MJML_LINKS) + ")")
            return xpath

    return MjmlTranslator()


@lru_cache(maxsize=512)
def compile_selector_group(text: str, mjml: bool) -> tuple[tuple[XPath, tuple[int, int, int]], ...]:
    """``"td.footer a, #x"`` -> ((compiled XPath, specificity), ...); selectors that cannot
    apply to the message as opened (pseudo-elements; ``:hover`` and the other dynamic
    pseudo-classes translate to "never") or that cssselect does not know are left out:
    an unknown rule never hides text."""
    from cssselect import SelectorError, parse
    from cssselect.xpath import ExpressionError
    from lxml import etree

    translator = _translator(mjml)
    compiled: list[tuple[XPath, tuple[int, int, int]]] = []
    try:
        selectors = parse(text)
    except SelectorError:
        return ()
    for selector in selectors:
        if selector.pseudo_element is not None:
            continue
        try:
            xpath = translator.selector_to_xpath(selector, prefix="descendant-or-self::")
            compiled.append((etree.XPath(xpath), selector.specificity()))
        except (ExpressionError, etree.XPathError, ValueError):
            continue
    return tuple(compiled)
