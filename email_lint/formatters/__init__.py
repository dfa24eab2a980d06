"""Output formats: pure functions from results to text."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from email_lint.findings import FileResult

Formatter = Callable[[Sequence[FileResult]], str]


def builtin_formatters() -> dict[str, Formatter]:
    from email_lint.formatters import json_format, text

    return {"text": text.format_text, "json": json_format.format_json}
