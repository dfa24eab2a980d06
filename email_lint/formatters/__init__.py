"""Output formats: pure functions from results (and the rule set) to text.

A formatter is ``function(results, rules) -> str`` where *results* is the run's
``list[FileResult]`` in discovery order and *rules* maps every loaded rule code to its
:class:`~email_lint.rules.base.Rule` (SARIF lists them all). Plugins add formats through
the ``email_lint_formatters`` hook.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from email_lint.findings import FileResult
from email_lint.rules.base import Rule

Formatter = Callable[[Sequence[FileResult], Mapping[str, Rule]], str]


def builtin_formatters() -> dict[str, Formatter]:
    from email_lint.formatters import github, json_format, json_lines, junit, sarif, text

    return {
        "text": text.format_text,
        "json": json_format.format_json,
        "json-lines": json_lines.format_json_lines,
        "github": github.format_github,
        "junit": junit.format_junit,
        "sarif": sarif.format_sarif,
    }


def all_findings(results: Sequence[FileResult]) -> list:
    """Every finding of *results*, sorted by path, line and code."""
    return sorted((f for r in results for f in r.findings), key=lambda f: f.sort_key)
