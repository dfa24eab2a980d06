"""GitHub Actions workflow commands: annotations shown inline on the pull request's diff.

``::error file=PATH,line=L,col=C,endLine=E,title=TITLE::MESSAGE``; warnings become
``::warning`` and infos ``::notice``. Values are escaped as the runner expects
(``%``, CR and LF everywhere; ``:`` and ``,`` too in properties).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from email_lint.findings import FileResult
from email_lint.formatters import all_findings
from email_lint.rules.base import Rule

COMMANDS = {"error": "error", "warning": "warning", "info": "notice"}


def escape_data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(value: str) -> str:
    return escape_data(value).replace(":", "%3A").replace(",", "%2C")


def format_github(results: Sequence[FileResult], rules: Mapping[str, Rule] | None = None) -> str:
    lines: list[str] = []
    for f in all_findings(results):
        properties = [("file", f.path), ("line", str(f.line)), ("col", str(f.column))]
        if f.end_line is not None:
            properties.append(("endLine", str(f.end_line)))
        country = f" ({f.country})" if f.country else ""
        properties.append(("title", f"email-lint {f.code}{country} {f.rule}"))
        joined = ",".join(f"{key}={escape_property(value)}" for key, value in properties)
        command = COMMANDS.get(f.severity, "error")
        lines.append(f"::{command} {joined}::{escape_data(f'{f.code} {f.text}')}")
    for result in results:  # files that could not be checked
        for error in result.errors:
            file = escape_property(result.path)
            lines.append(f"::error file={file},title=email-lint error::{escape_data(error)}")
    return "".join(line + "\n" for line in lines)
