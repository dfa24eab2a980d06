"""Report formats: each a pure function from the report model to text."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from typing import Any

FORMATS = ("html", "md", "json")


def render_json(report: Mapping[str, Any]) -> str:
    """The model itself (``schemas/report.schema.json``), without the HTML previews."""
    archived = dict(report)
    archived["templates"] = [
        {**t, "preview": None if t.get("preview") is None else {"kind": t["preview"]["kind"]}}
        for t in report["templates"]
    ]
    return json.dumps(archived, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def renderer(name: str) -> Callable[[Mapping[str, Any]], str]:
    if name == "html":
        from email_lint.report.html import render_html

        return render_html
    if name == "md":
        from email_lint.report.markdown import render_markdown

        return render_markdown
    return render_json
