"""GitLab Code Quality report: a JSON array GitLab shows on merge requests.

Each finding is ``{"description", "check_name", "fingerprint", "severity", "location":
{"path", "lines": {"begin"}}}``. The fingerprint is the SHA-256 of path, code and message,
never the line, so a finding keeps its identity when lines move above it; the n-th repeat of
the same finding in a file hashes its ordinal too, so fingerprints stay unique. A file that
could not be checked is a ``blocker`` (check ``email-lint/error``).
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any

from email_lint.findings import FileResult
from email_lint.formatters.stream import SortedFindings, json_array, render
from email_lint.rules.base import Rule

#: email-lint severity -> Code Quality severity (info, minor, major, critical, blocker).
SEVERITIES = {"info": "info", "warning": "minor", "error": "major"}


def fingerprint(*parts: str) -> str:
    return hashlib.sha256("\0".join(parts).encode("utf-8")).hexdigest()


class GitlabStream:
    """The array of sorted findings, then the files that could not be checked."""

    def __init__(self, rules: Mapping[str, Rule] | None = None) -> None:
        self.findings = SortedFindings()
        self.errors: list[tuple[str, str]] = []

    def add(self, result: FileResult) -> Iterable[str]:
        self.findings.extend(result.findings)
        self.errors.extend((result.path, error) for error in result.errors)
        return ()

    def finish(self) -> Iterator[str]:
        yield from json_array(self._issues())
        yield "\n"

    def _issues(self) -> Iterator[dict[str, Any]]:
        seen: Counter[tuple[str, str, str]] = Counter()
        path = None
        for f in self.findings:
            if f.path != path:  # sorted by path: repeats are counted within one file
                path = f.path
                seen.clear()
            key = (f.path, f.code, f.message)
            repeat = seen[key]
            seen[key] += 1
            yield {
                "description": f"{f.code} {f.text}",
                "check_name": f"{f.code} {f.rule}",
                "fingerprint": fingerprint(*key, *([str(repeat)] if repeat else [])),
                "severity": SEVERITIES.get(f.severity, "major"),
                "location": {"path": f.path, "lines": {"begin": f.line}},
            }
        for path, error in self.errors:
            yield {
                "description": error,
                "check_name": "email-lint/error",
                "fingerprint": fingerprint(path, "error", error),
                "severity": "blocker",
                "location": {"path": path, "lines": {"begin": 1}},
            }


def format_gitlab(results: Sequence[FileResult], rules: Mapping[str, Rule] | None = None) -> str:
    return render(GitlabStream(rules), results)
