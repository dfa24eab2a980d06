"""``--statistics``: how many findings each rule produced, instead of the findings.

Text (the default) is one line per rule, most frequent first (ruff's layout)::

    5  EL002  unsubscribe-link
    1  EL004  commercial-statement

With ``--format json`` it is an array of ``{"code", "name", "count"}`` objects in the same
order. Rules without findings are not listed.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence

from email_lint.findings import FileResult


def rule_counts(results: Sequence[FileResult]) -> list[tuple[str, str, int]]:
    """``(code, name, count)`` for every rule with findings, by count then code."""
    counts = Counter((f.code, f.rule) for r in results for f in r.findings)
    return sorted(((code, name, n) for (code, name), n in counts.items()), key=lambda t: (-t[2], t[0]))


def format_statistics(results: Sequence[FileResult], as_json: bool = False) -> str:
    rows = rule_counts(results)
    if as_json:
        items = [{"code": code, "name": name, "count": count} for code, name, count in rows]
        return json.dumps(items, indent=2, ensure_ascii=False) + "\n"
    if not rows:
        return ""
    width = max(len(str(count)) for _, _, count in rows)
    code_width = max(len(code) for code, _, _ in rows)
    return "".join(f"{count:>{width}}  {code:<{code_width}}  {name}\n" for code, name, count in rows)
