"""GitLab Code Quality report: a JSON array GitLab shows on merge requests.

Each finding is ``{"description", "check_name", "fingerprint", "severity", "location":
{"path", "lines": {"begin"}}}``. The fingerprint is the SHA-256 of path, code and message,
never the line, so a finding keeps its identity when lines move above it; the n-th repeat of
the same finding in a file hashes its ordinal too, so fingerprints stay unique. A file that
could not be checked is a ``blocker`` (check ``email-lint/error``).
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Mapping, Sequence
from typing import Any

from email_lint.findings import FileResult
from email_lint.formatters import all_findings
from email_lint.rules.base import Rule

#: email-lint severity -> Code Quality severity (info, minor, major, critical, blocker).
SEVERITIES = {"info": "info", "warning": "minor", "error": "major"}


def fingerprint(*parts: str) -> str:
    return hashlib.sha256("\0".join(parts).encode("utf-8")).hexdigest()


def format_gitlab(results: Sequence[FileResult], rules: Mapping[str, Rule] | None = None) -> str:
    issues: list[dict[str, Any]] = []
    seen: Counter[tuple[str, str, str]] = Counter()
    for f in all_findings(results):
        key = (f.path, f.code, f.message)
        repeat = seen[key]
        seen[key] += 1
        issues.append({
            "description": f"{f.code} {f.text}",
            "check_name": f"{f.code} {f.rule}",
            "fingerprint": fingerprint(*key, *([str(repeat)] if repeat else [])),
            "severity": SEVERITIES.get(f.severity, "major"),
            "location": {"path": f.path, "lines": {"begin": f.line}},
        })
    for result in results:
        for error in result.errors:
            issues.append({
                "description": error,
                "check_name": "email-lint/error",
                "fingerprint": fingerprint(result.path, "error", error),
                "severity": "blocker",
                "location": {"path": result.path, "lines": {"begin": 1}},
            })
    return json.dumps(issues, indent=2, ensure_ascii=False) + "\n"
