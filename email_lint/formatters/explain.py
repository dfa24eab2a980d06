"""Output of ``email-lint explain``: pure functions from file reports to text or JSON."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from email_lint.explain import FileReport

_ELEMENT_WIDTH = 22
_STATUS_WIDTH = 14
#: Rejected candidates shown per missing element in text output (JSON has them all).
_REJECTED_SHOWN = 3


def _quote(text: str, limit: int = 80) -> str:
    text = " ".join(text.split())
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    return '"' + text.replace('"', '\\"') + '"'


def format_explain_json(reports: Sequence[FileReport]) -> str:
    """A JSON array: per file ``{"path", "elements": [{"element", "code", "status", "evidence", "rejected"}]}``."""
    return json.dumps([r.as_dict() for r in reports], indent=2, ensure_ascii=False) + "\n"


def format_explain_text(reports: Sequence[FileReport]) -> str:
    """Per file, one line per element: its status, then its evidence or what was looked for."""
    lines: list[str] = []
    indent = " " * (2 + _ELEMENT_WIDTH + _STATUS_WIDTH)
    for report in reports:
        lines.append(report.path)
        for element in report.elements:
            data = element.as_dict()
            head = f"  {element.element:<{_ELEMENT_WIDTH}}{element.status:<{_STATUS_WIDTH}}"
            details: list[str] = []
            for item in data["evidence"]:
                details.append(f"{_quote(item['text'])} (line {item['line']}, {item['source']}: {item['reason']})")
            if element.status == "not-required":
                details.insert(0, f"(not required for a {report.kind} email)")
            elif not data["evidence"]:
                details.append(f"looked for {element.found.looked_for}")
                for item in data["rejected"][:_REJECTED_SHOWN]:
                    details.append(f"not counted: {_quote(item['text'])} (line {item['line']}): {item['reason']}")
                hidden = len(data["rejected"]) - _REJECTED_SHOWN
                if hidden > 0:
                    details.append(f"... and {hidden} more not counted (see --format json)")
            lines.append((head + details[0]) if details else head.rstrip())
            lines.extend(indent + d for d in details[1:])
    return "".join(f"{line}\n" for line in lines)
