"""SARIF 2.1.0, the format of GitHub code scanning and other static-analysis dashboards.

The tool driver lists every loaded rule (id, name, short and full description, help text
and help URI, default level); each result points at its rule and its physical location.
Files that could not be checked become tool execution notifications.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import PurePath
from typing import Any
from urllib.parse import quote

from email_lint import __version__
from email_lint.findings import FileResult, Finding
from email_lint.formatters.stream import SortedFindings, json_array, render
from email_lint.rules.base import Rule

#: A JSON object of the log (values of every JSON type).
JSONObject = dict[str, Any]

SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
INFORMATION_URI = "https://github.com/email-lint/email-lint"
LEVELS = {"error": "error", "warning": "warning", "info": "note"}
#: Stands for the results array in the log written around it (a string no rule text holds).
_RESULTS_SLOT = "\x00email-lint: results\x00"


def artifact_location(path: str) -> dict[str, str]:
    """A file URI for an absolute path; a relative reference to the source root otherwise."""
    pure = PurePath(path)
    if pure.is_absolute():
        return {"uri": pure.as_uri()}
    return {"uri": quote(pure.as_posix()), "uriBaseId": "%SRCROOT%"}


def rule_descriptor(rule: Rule) -> JSONObject:
    descriptor: JSONObject = {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": rule.summary + (f" ({rule.reference})" if rule.reference else "")},
        "help": {"text": rule.docs or rule.summary, "markdown": rule.docs or rule.summary},
        "defaultConfiguration": {"level": LEVELS.get(rule.severity, "error")},
        "properties": {"tags": ["email", "compliance"]},
    }
    if rule.url:
        descriptor["helpUri"] = rule.url
    if rule.country:
        descriptor["properties"]["tags"].append(rule.country.upper())
    return descriptor


def _result(finding: Finding, index: dict[str, int]) -> JSONObject:
    region: dict[str, int] = {"startLine": finding.line, "startColumn": finding.column}
    if finding.end_line is not None and finding.end_line >= finding.line:
        region["endLine"] = finding.end_line
    result: JSONObject = {
        "ruleId": finding.code,
        "level": LEVELS.get(finding.severity, "error"),
        "message": {"text": finding.text},
        "locations": [{"physicalLocation": {
            "artifactLocation": artifact_location(finding.path),
            "region": region,
        }}],
    }
    if finding.code in index:
        result["ruleIndex"] = index[finding.code]
    properties: JSONObject = {}
    if finding.countries:
        properties["countries"] = list(finding.countries)
    if finding.via:  # a partial's finding: the entry template it was checked through
        result["relatedLocations"] = [{
            "id": 1,
            "physicalLocation": {"artifactLocation": artifact_location(finding.via)},
            "message": {"text": "entry template that includes this file"},
        }]
        properties["via"] = finding.via
    if properties:
        result["properties"] = properties
    return result


def _notification(path: str, error: str) -> JSONObject:
    return {
        "level": "error",
        "message": {"text": error},
        "locations": [{"physicalLocation": {"artifactLocation": artifact_location(path)}}],
    }


class SarifStream:
    """The log around its results: the tool and the invocation (which needs every file's
    errors) first, then the sorted results one at a time, then the closing brackets."""

    def __init__(self, rules: Mapping[str, Rule] | None = None) -> None:
        self.ordered = sorted((rules or {}).values(), key=lambda r: r.code)
        self.findings = SortedFindings()
        self.notifications: list[JSONObject] = []

    def add(self, result: FileResult) -> Iterable[str]:
        self.findings.extend(result.findings)
        self.notifications.extend(_notification(result.path, error) for error in result.errors)
        return ()

    def finish(self) -> Iterator[str]:
        index = {rule.code: position for position, rule in enumerate(self.ordered)}
        invocation: JSONObject = {"executionSuccessful": not self.notifications}
        if self.notifications:
            invocation["toolExecutionNotifications"] = self.notifications
        log: JSONObject = {
            "$schema": SCHEMA,
            "version": "2.1.0",
            "runs": [{
                "tool": {"driver": {
                    "name": "email-lint",
                    "version": __version__,
                    "informationUri": INFORMATION_URI,
                    "rules": [rule_descriptor(rule) for rule in self.ordered],
                }},
                "invocations": [invocation],
                "results": _RESULTS_SLOT,
            }],
        }
        head, tail = json.dumps(log, indent=2, ensure_ascii=False).rsplit(json.dumps(_RESULTS_SLOT), 1)
        yield head
        yield from json_array((_result(f, index) for f in self.findings), level=3)
        yield tail + "\n"


def format_sarif(results: Sequence[FileResult], rules: Mapping[str, Rule] | None = None) -> str:
    return render(SarifStream(rules), results)
