"""JUnit XML for CI systems: one ``<testcase>`` per checked file.

A file with error-severity findings has one ``<failure>`` listing them all; a file that
could not be read has an ``<error>``; warnings and infos go to ``<system-out>`` and do not
fail the test case. No timestamps or durations, so the output is reproducible.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from xml.etree import ElementTree as ET

from email_lint.findings import FileResult, Finding
from email_lint.rules.base import Rule

SUITE = "email-lint"
#: Characters XML 1.0 cannot carry, even escaped (a template's text may hold them).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _clean(text: str) -> str:
    return _NOT_XML.sub("\ufffd", text)


def _line(f: Finding) -> str:
    country = f" ({f.country})" if f.country else ""
    return _clean(f"{f.path}:{f.line}:{f.column}: {f.code}{country} {f.text} [{f.rule}]")


def _testcase(result: FileResult) -> tuple[ET.Element, bool, bool]:
    path = _clean(result.path)
    case = ET.Element("testcase", {"name": path, "classname": SUITE, "file": path})
    findings = sorted(result.findings, key=lambda f: f.sort_key)
    failing = [f for f in findings if f.severity == "error"]
    others = [f for f in findings if f.severity != "error"]
    if result.errors:
        errors = [_clean(e) for e in result.errors]
        error = ET.SubElement(case, "error", {"message": errors[0], "type": "error"})
        error.text = "\n".join(errors)
    if failing:
        codes = sorted({f.code for f in failing})
        summary = f"{len(failing)} violation{'s' * (len(failing) != 1)}: {', '.join(codes)}"
        failure = ET.SubElement(case, "failure", {"message": summary, "type": codes[0]})
        failure.text = "\n".join(_line(f) for f in failing)
    if others:
        out = ET.SubElement(case, "system-out")
        out.text = "\n".join(f"{f.severity}: {_line(f)}" for f in others)
    return case, bool(failing), bool(result.errors)


def format_junit(results: Sequence[FileResult], rules: Mapping[str, Rule] | None = None) -> str:
    cases = [_testcase(r) for r in results]
    failures = sum(1 for _, failed, _ in cases if failed)
    errors = sum(1 for _, _, errored in cases if errored)
    attributes = {"name": SUITE, "tests": str(len(cases)), "failures": str(failures), "errors": str(errors)}
    root = ET.Element("testsuites", attributes)
    suite = ET.SubElement(root, "testsuite", attributes)
    for case, _, _ in cases:
        suite.append(case)
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
