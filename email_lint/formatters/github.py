"""GitHub Actions workflow commands: annotations shown inline on the pull request's diff.

``::error file=PATH,line=L,col=C,endLine=E,title=TITLE::MESSAGE``; warnings become
``::warning`` and infos ``::notice``. Values are escaped as the runner expects
(``%``, CR and LF everywhere; ``:`` and ``,`` too in properties).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence

from email_lint.findings import FileResult, Finding
from email_lint.formatters.stream import SortedFindings, render
from email_lint.rules.base import Rule

COMMANDS = {"error": "error", "warning": "warning", "info": "notice"}


def escape_data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(value: str) -> str:
    return escape_data(value).replace(":", "%3A").replace(",", "%2C")


def annotation(f: Finding) -> str:
    properties = [("file", f.path), ("line", str(f.line)), ("col", str(f.column))]
    if f.end_line is not None:
        properties.append(("endLine", str(f.end_line)))
    country = f" ({f.country})" if f.country else ""
    properties.append(("title", f"email-lint {f.code}{country} {f.rule}"))
    joined = ",".join(f"{key}={escape_property(value)}" for key, value in properties)
    command = COMMANDS.get(f.severity, "error")
    return f"::{command} {joined}::{escape_data(f'{f.code} {f.text}')}\n"


class GithubStream:
    """Sorted findings, then the files that could not be checked (in discovery order)."""

    def __init__(self, rules: Mapping[str, Rule] | None = None) -> None:
        self.findings = SortedFindings()
        self.errors: list[str] = []

    def add(self, result: FileResult) -> Iterable[str]:
        self.findings.extend(result.findings)
        file = escape_property(result.path)
        self.errors.extend(f"::error file={file},title=email-lint error::{escape_data(error)}\n"
                           for error in result.errors)
        return ()

    def finish(self) -> Iterator[str]:
        yield from (annotation(f) for f in self.findings)
        yield from self.errors


def format_github(results: Sequence[FileResult], rules: Mapping[str, Rule] | None = None) -> str:
    return render(GithubStream(rules), results)
