"""``path:line:col: CODE message [rule-name]`` lines plus a summary.

The line is a contract: without colour it is byte for byte that shape. ``color`` adds ANSI
styles around its parts (path bold, code coloured by severity, rule dimmed); ``sources``
(``--show-source``) maps a path to its text, and a code frame follows each finding.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

import click

from email_lint.findings import FileResult, Finding
from email_lint.printable import printable
from email_lint.rules.base import Rule

CODE_COLOURS = {"error": "red", "warning": "yellow", "info": "cyan"}


def _line(f: Finding, color: bool) -> str:
    # The shape is a contract; a country rule's code starts with its country (FR101),
    # and a severity other than error opens the message.
    level = "" if f.severity == "error" else f"{f.severity}: "
    path, text = printable(f.path), printable(f.text)  # a newline in a file name forges no line
    if not color:
        return f"{path}:{f.line}:{f.column}: {f.code} {level}{text} [{f.rule}]"
    colon = click.style(":", fg="cyan")
    return (
        f"{click.style(path, bold=True)}{colon}{f.line}{colon}{f.column}{colon} "
        f"{click.style(f.code, fg=CODE_COLOURS.get(f.severity, 'red'), bold=True)} {level}{text} "
        f"{click.style(f'[{f.rule}]', dim=True)}"
    )


def format_text(
    results: Sequence[FileResult],
    rules: Mapping[str, Rule] | None = None,
    *,
    color: bool = False,
    sources: Callable[[str], str | None] | None = None,
) -> str:
    lines: list[str] = []
    findings = [f for r in results for f in r.findings]
    for f in findings:
        lines.append(_line(f, color))
        if sources is not None:
            from email_lint.formatters.source_frame import frame

            source = sources(f.path)
            shown = frame(source, f.line, f.column, color) if source is not None else []
            lines.extend([*shown, ""] if shown else [])
    checked = sum(1 for r in results if not r.errors or r.findings)
    errors = sum(len(r.errors) for r in results)
    with_findings = sum(1 for r in results if r.findings)
    if findings:
        summary = (
            f"Found {len(findings)} problem{'s' * (len(findings) != 1)} in "
            f"{with_findings} of {checked} file{'s' * (checked != 1)} checked."
        )
        lines.append(click.style(summary, bold=True) if color else summary)
    else:
        summary = f"All checks passed ({checked} file{'s' * (checked != 1)} checked)."
        lines.append(click.style(summary, fg="green", bold=True) if color else summary)
    if errors:
        lines.append(f"{errors} file{'s' * (errors != 1)} could not be checked (see errors above).")
    return "\n".join(lines) + "\n"
