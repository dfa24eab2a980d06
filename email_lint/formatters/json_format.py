"""JSON: an array of findings sorted by path, line and code (a contract other tools read)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from email_lint.findings import FileResult, Finding
from email_lint.formatters.stream import SortedFindings, json_array, render
from email_lint.rules.base import Rule


def finding_dict(f: Finding) -> dict[str, Any]:
    item: dict[str, Any] = {
        "path": f.path,
        "line": f.line,
        "column": f.column,
        "code": f.code,
        "rule": f.rule,
        "message": f.message,
        "severity": f.severity,
    }
    if f.end_line is not None:
        item["end_line"] = f.end_line
    if f.url:
        item["url"] = f.url
    if f.country:
        item["country"] = f.country
    if f.countries:
        item["countries"] = list(f.countries)
    if f.via:
        item["via"] = f.via
    return item


class JsonStream:
    """The array, written once every finding is in (it is sorted), one item at a time."""

    def __init__(self, rules: Mapping[str, Rule] | None = None) -> None:
        self.findings = SortedFindings()

    def add(self, result: FileResult) -> Iterable[str]:
        self.findings.extend(result.findings)
        return ()

    def finish(self) -> Iterable[str]:
        yield from json_array(finding_dict(f) for f in self.findings)
        yield "\n"


def format_json(results: Sequence[FileResult], rules: Mapping[str, Rule] | None = None) -> str:
    return render(JsonStream(rules), results)
