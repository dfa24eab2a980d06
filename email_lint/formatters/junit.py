"""JUnit XML for CI systems: one ``<testcase>`` per checked file.

A file with error-severity findings has one ``<failure>`` listing them all; a file that
could not be read has an ``<error>``; warnings and infos go to ``<system-out>`` and do not
fail the test case. No timestamps or durations, so the output is reproducible.
"""

from __future__ import annotations

import re
import tempfile
from collections.abc import Iterable, Iterator, Mapping, Sequence
from xml.etree import ElementTree as ET

from email_lint.findings import FileResult, Finding
from email_lint.formatters.stream import render
from email_lint.rules.base import Rule

SUITE = "email-lint"
#: Test cases kept in memory before the rest go to a temporary file (their count, in the
#: opening tags, is known only at the end).
SPOOL_BYTES = 1024 * 1024
#: Indentation of a test case in the document (``ET.indent`` of the whole tree).
_CASE_INDENT = "\n    "
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


class JunitStream:
    """Each file's test case rendered as it comes (to a temporary file past ``SPOOL_BYTES``);
    the opening tags, with the counts, then the cases, once every file is in."""

    def __init__(self, rules: Mapping[str, Rule] | None = None) -> None:
        # closed once read back (finish)
        self.cases = tempfile.SpooledTemporaryFile(SPOOL_BYTES, mode="w+", encoding="utf-8", newline="")  # noqa: SIM115
        self.tests = self.failures = self.errors = 0

    def add(self, result: FileResult) -> Iterable[str]:
        case, failed, errored = _testcase(result)
        self.tests += 1
        self.failures += failed
        self.errors += errored
        ET.indent(case, level=2)
        self.cases.write(_CASE_INDENT + ET.tostring(case, encoding="unicode"))
        return ()

    def finish(self) -> Iterator[str]:
        attributes = {"name": SUITE, "tests": str(self.tests), "failures": str(self.failures),
                      "errors": str(self.errors)}
        root = ET.Element("testsuites", attributes)
        suite = ET.SubElement(root, "testsuite", attributes)
        if self.tests:
            ET.SubElement(suite, "cases")  # stands for the test cases, written in between
        ET.indent(root)
        text = '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
        if not self.tests:
            yield text
            return
        head, tail = text.split(_CASE_INDENT + "<cases />", 1)
        yield head
        self.cases.seek(0)
        try:
            while chunk := self.cases.read(65536):
                yield chunk
        finally:
            self.cases.close()
        yield tail


def format_junit(results: Sequence[FileResult], rules: Mapping[str, Rule] | None = None) -> str:
    return render(JunitStream(rules), results)
