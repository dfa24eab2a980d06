"""Output formats: pure functions from results (and the rule set) to text.

A formatter is ``function(results, rules) -> str`` where *results* is the run's
``list[FileResult]`` in discovery order and *rules* maps every loaded rule code to its
:class:`~email_lint.rules.base.Rule` (SARIF lists them all). Plugins add formats through
the ``email_lint_formatters`` hook.

The built-in formats are also streams (:mod:`email_lint.formatters.stream`): the ``check``
command writes each file's part of the report as the file is checked, keeping nothing per
file but what the format needs at the end.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from email_lint.findings import FileResult, Finding
from email_lint.rules.base import Rule

if TYPE_CHECKING:
    from email_lint.formatters.stream import ReportStream

Formatter = Callable[[Sequence[FileResult], Mapping[str, Rule]], str]


#: Built-in formats: name -> (module in this package, function). Imported on use only, so a
#: one-file run does not pay for XML or SARIF.
BUILTIN = {
    "text": ("text", "format_text"),
    "json": ("json_format", "format_json"),
    "json-lines": ("json_lines", "format_json_lines"),
    "github": ("github", "format_github"),
    "junit": ("junit", "format_junit"),
    "sarif": ("sarif", "format_sarif"),
    "gitlab": ("gitlab", "format_gitlab"),
}


def _lazy(module: str, function: str) -> Formatter:
    def formatter(results: Sequence[FileResult], rules: Mapping[str, Rule]) -> str:
        from importlib import import_module

        format_results: Formatter = getattr(import_module(f"email_lint.formatters.{module}"), function)
        return format_results(results, rules)

    formatter.__name__ = formatter.__qualname__ = function
    return formatter


#: The same formats as streams: name -> (module in this package, class).
STREAMS = {
    "text": ("text", "TextStream"),
    "json": ("json_format", "JsonStream"),
    "json-lines": ("json_lines", "JsonLinesStream"),
    "github": ("github", "GithubStream"),
    "junit": ("junit", "JunitStream"),
    "sarif": ("sarif", "SarifStream"),
    "gitlab": ("gitlab", "GitlabStream"),
}


def builtin_stream(name: str, rules: Mapping[str, Rule], **options: Any) -> ReportStream:
    """A new :class:`~email_lint.formatters.stream.ReportStream` of the built-in format *name*."""
    from importlib import import_module

    module, cls = STREAMS[name]
    stream: ReportStream = getattr(import_module(f"email_lint.formatters.{module}"), cls)(rules, **options)
    return stream


def builtin_formatters() -> dict[str, Formatter]:
    return {name: _lazy(module, function) for name, (module, function) in BUILTIN.items()}


def all_findings(results: Sequence[FileResult]) -> list[Finding]:
    """Every finding of *results*, sorted by path, line and code."""
    return sorted((f for r in results for f in r.findings), key=lambda f: f.sort_key)
