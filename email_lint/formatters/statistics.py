"""``--statistics``: how many findings each rule produced, instead of the findings.

Text (the default) is one line per rule, most frequent first (ruff's layout)::

    5  EL002  unsubscribe-link
    1  EL004  commercial-statement

With ``--format json`` it is an array of ``{"code", "name", "count"}`` objects in the same
order, with ``--format json-lines`` the same objects one per line. Rules without findings
are not listed.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Sequence

import click

from email_lint.findings import FileResult


def rule_counts(results: Iterable[FileResult]) -> list[tuple[str, str, int]]:
    """``(code, name, count)`` for every rule with findings, by count then code."""
    counts = Counter((f.code, f.rule) for r in results for f in r.findings)
    return _rows(counts)


def _rows(counts: Counter[tuple[str, str]]) -> list[tuple[str, str, int]]:
    return sorted(((code, name, n) for (code, name), n in counts.items()), key=lambda t: (-t[2], t[0]))


class StatisticsStream:
    """Counts per rule, file by file; the table at the end."""

    def __init__(self, output_format: str = "text", color: bool = False) -> None:
        self.output_format = output_format
        self.color = color
        self.counts: Counter[tuple[str, str]] = Counter()

    def add(self, result: FileResult) -> Iterable[str]:
        self.counts.update((f.code, f.rule) for f in result.findings)
        return ()

    def finish(self) -> Iterable[str]:
        return (_table(_rows(self.counts), self.output_format, self.color),)


def format_statistics(results: Sequence[FileResult], output_format: str = "text", color: bool = False) -> str:
    return _table(rule_counts(results), output_format, color)


def _table(rows: list[tuple[str, str, int]], output_format: str, color: bool) -> str:
    items = [{"code": code, "name": name, "count": count} for code, name, count in rows]
    if output_format == "json":
        return json.dumps(items, indent=2, ensure_ascii=False) + "\n"
    if output_format == "json-lines":
        return "".join(json.dumps(item, ensure_ascii=False) + "\n" for item in items)
    if not rows:
        return ""
    width = max(len(str(count)) for _, _, count in rows)
    code_width = max(len(code) for code, _, _ in rows)

    def code_cell(code: str) -> str:
        cell = f"{code:<{code_width}}"
        return click.style(cell, fg="red", bold=True) if color else cell

    return "".join(f"{count:>{width}}  {code_cell(code)}  {name}\n" for code, name, count in rows)
