"""``path:line:col: CODE message [rule-name]`` lines plus a summary.

The line is a contract: without colour it is byte for byte that shape. ``color`` adds ANSI
styles around its parts (path bold, code coloured by severity, rule dimmed); ``sources``
(``--show-source``) maps a path to its text, and a code frame follows each finding.
Each file's lines are written as the file is checked; the summary comes last.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence

import click

from email_lint.findings import FileResult, Finding
from email_lint.formatters.stream import render
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


#: Lines ``--quiet`` leaves out (the summary), unstyled.
SUMMARY_STARTS = ("Found ", "All checks passed", "1 file could not", "files could not")


class TextStream:
    """Finding lines (and code frames) file by file, then the summary."""

    def __init__(self, rules: Mapping[str, Rule] | None = None, *, color: bool = False,
                 sources: Callable[[str], str | None] | None = None, quiet: bool = False) -> None:
        self.color = color
        self.sources = sources
        self.quiet = quiet
        self.findings = self.checked = self.errors = self.with_findings = 0

    def add(self, result: FileResult) -> Iterable[str]:
        self.findings += len(result.findings)
        self.checked += not result.errors or bool(result.findings)
        self.errors += len(result.errors)
        self.with_findings += bool(result.findings)
        lines: list[str] = []
        for f in result.findings:
            lines.append(_line(f, self.color))
            if self.sources is not None:
                from email_lint.formatters.source_frame import frame

                source = self.sources(f.path)
                shown = frame(source, f.line, f.column, self.color) if source is not None else []
                lines.extend([*shown, ""] if shown else [])
        return self._out(lines)

    def finish(self) -> Iterable[str]:
        lines: list[str] = []
        color, checked = self.color, self.checked
        if self.findings:
            summary = (
                f"Found {self.findings} problem{'s' * (self.findings != 1)} in "
                f"{self.with_findings} of {checked} file{'s' * (checked != 1)} checked."
            )
            lines.append(click.style(summary, bold=True) if color else summary)
        else:
            summary = f"All checks passed ({checked} file{'s' * (checked != 1)} checked)."
            lines.append(click.style(summary, fg="green", bold=True) if color else summary)
        if self.errors:
            lines.append(f"{self.errors} file{'s' * (self.errors != 1)} could not be checked (see errors above).")
        return self._out(lines)

    def _out(self, lines: list[str]) -> list[str]:
        if not lines:
            return []
        if not self.quiet:
            return ["".join(f"{line}\n" for line in lines)]
        return ["".join(f"{line}\n" for line in "\n".join(lines).splitlines()
                        if not click.unstyle(line).startswith(SUMMARY_STARTS))]


def format_text(
    results: Sequence[FileResult],
    rules: Mapping[str, Rule] | None = None,
    *,
    color: bool = False,
    sources: Callable[[str], str | None] | None = None,
    quiet: bool = False,
) -> str:
    return render(TextStream(rules, color=color, sources=sources, quiet=quiet), results)
