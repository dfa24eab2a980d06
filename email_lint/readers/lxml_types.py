"""Names for lxml's objects in annotations.

lxml ships no type information (and no stubs are installed), so to mypy its objects are
``Any``: these aliases say what a value is where the checker cannot.
"""

from __future__ import annotations

from typing import Any, TypeAlias

#: An lxml element (``lxml.etree._Element``), or a comment or processing instruction in a walk.
Element: TypeAlias = Any
#: An lxml parser (``etree.HTMLParser`` or ``etree.XMLParser``).
Parser: TypeAlias = Any
