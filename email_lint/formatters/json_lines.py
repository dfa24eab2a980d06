"""JSON Lines: one finding per line, the same objects as ``--format json``, same order."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence

from email_lint.findings import FileResult
from email_lint.formatters.json_format import JsonStream, finding_dict
from email_lint.formatters.stream import render
from email_lint.rules.base import Rule


class JsonLinesStream(JsonStream):
    """The findings of :class:`JsonStream`, one JSON object a line instead of an array."""

    def finish(self) -> Iterable[str]:
        return (json.dumps(finding_dict(f), ensure_ascii=False) + "\n" for f in self.findings)


def format_json_lines(results: Sequence[FileResult], rules: Mapping[str, Rule] | None = None) -> str:
    return render(JsonLinesStream(rules), results)
