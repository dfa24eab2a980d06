"""Static assembly: an entry template with its includes, layouts and partials resolved into
the email a recipient gets, never executing template code, with a map back to each piece's
file and line (see docs/assembly.md).

Imported only when a template shows include syntax (:func:`email_lint.readers.has_include_syntax`),
so a run on self-contained templates never loads this package.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from email_lint.assembly.search import SearchPaths
    from email_lint.assembly.source_map import SourceMap


def assemble(path: Path, display: str, text: str, paths: SearchPaths) -> SourceMap:
    """The :class:`~email_lint.assembly.source_map.SourceMap` of the entry template *text*."""
    from email_lint.assembly.expand import assemble as expand

    return expand(path, display, text, paths)
