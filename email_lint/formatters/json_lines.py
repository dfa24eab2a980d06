"""JSON Lines: one finding per line, the same objects as ``--format json``, same order."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence

from email_lint.findings import FileResult
from email_lint.formatters.json_format import finding_dict
from email_lint.formatters.stream import SortedFindings, render
from email_lint.rules.base import Rule


class JsonLinesStream:
    def __init__(self, rules: Mapping[str, Rule] | None = None) -> None:
        self.findings = SortedFindings()

    def add(self, result: FileResult) -> Iterable[str]:
        self.findings.extend(result.findings)
        return ()

    def finish(self) -> Iterable[str]:
        return (json.dumps(finding_dict(f), ensure_ascii=False) + "\n" for f in self.findings)


def format_json_lines(results: Sequence[FileResult], rules: Mapping[str, Rule] | None = None) -> str:
    return render(JsonLinesStream(rules), results)
