"""``path:line:col: CODE message [rule-name]`` lines plus a summary."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from email_lint.findings import FileResult
from email_lint.rules.base import Rule


def format_text(results: Sequence[FileResult], rules: Mapping[str, Rule] | None = None) -> str:
    lines: list[str] = []
    findings = [f for r in results for f in r.findings]
    for f in findings:
        # The shape is a contract; a country rule's code starts with its country (FR101),
        # and a severity other than error opens the message.
        level = "" if f.severity == "error" else f"{f.severity}: "
        lines.append(f"{f.path}:{f.line}:{f.column}: {f.code} {level}{f.message} [{f.rule}]")
    checked = sum(1 for r in results if not r.errors or r.findings)
    errors = sum(len(r.errors) for r in results)
    with_findings = len({f.path for f in findings})
    if findings:
        lines.append(
            f"Found {len(findings)} problem{'s' * (len(findings) != 1)} in "
            f"{with_findings} of {checked} file{'s' * (checked != 1)} checked."
        )
    else:
        lines.append(f"All checks passed ({checked} file{'s' * (checked != 1)} checked).")
    if errors:
        lines.append(f"{errors} file{'s' * (errors != 1)} could not be checked (see errors above).")
    return "\n".join(lines) + "\n"
