"""JSON Lines: one finding per line, the same objects as ``--format json``, same order."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence

from email_lint.findings import FileResult
from email_lint.formatters import all_findings
from email_lint.formatters.json_format import finding_dict
from email_lint.rules.base import Rule


def format_json_lines(results: Sequence[FileResult], rules: Mapping[str, Rule] | None = None) -> str:
    return "".join(json.dumps(finding_dict(f), ensure_ascii=False) + "\n" for f in all_findings(results))
