"""JSON: an array of findings sorted by path, line and code (a contract other tools read)."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

from email_lint.findings import FileResult, Finding
from email_lint.formatters import all_findings
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


def format_json(results: Sequence[FileResult], rules: Mapping[str, Rule] | None = None) -> str:
    findings = all_findings(results)
    return json.dumps([finding_dict(f) for f in findings], indent=2, ensure_ascii=False) + "\n"
