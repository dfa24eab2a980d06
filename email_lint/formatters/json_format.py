"""JSON: an array of findings sorted by path, line and code (a contract other tools read)."""

from __future__ import annotations

import json
from collections.abc import Sequence

from email_lint.findings import FileResult, Finding


def finding_dict(f: Finding) -> dict:
    item = {
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
    return item


def format_json(results: Sequence[FileResult]) -> str:
    findings = sorted((f for r in results for f in r.findings), key=lambda f: f.sort_key)
    return json.dumps([finding_dict(f) for f in findings], indent=2, ensure_ascii=False) + "\n"
