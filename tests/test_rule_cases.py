"""Data-driven rule cases: every YAML file under tests/rule_cases/ (core, packs, headers...)."""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path

import pytest

from email_lint.formats import detect_format
from email_lint.testing import assert_rule_case, load_rule_cases

CASES_DIR = Path(__file__).parent / "rule_cases"
CORE_DIR = CASES_DIR / "core"
CASES = load_rule_cases(CASES_DIR)

LANGUAGES = ("en", "fr", "de", "it", "es", "nl")
FORMATS = ("html", "mjml", "txt", "eml")
FORMAT_NAMES = {"html": "html", "mjml": "mjml", "txt": "text", "eml": "eml"}
ELEMENT_RULES = ("EL001", "EL002", "EL003", "EL004", "EL005")
_CORE_NAME = re.compile(rf"^(?P<lang>{'|'.join(LANGUAGES)})-(?P<fmt>{'|'.join(FORMATS)})-")


def test_cases_found():
    assert CASES, f"no rule cases under {CASES_DIR}"
    assert len({(c.origin, c.name) for c in CASES}) == len(CASES)


@pytest.mark.parametrize("case", CASES, ids=str)
def test_rule_case(case):
    assert_rule_case(case)


def _core_cases(code: str):
    return [c for c in CASES if c.rule == code and Path(c.origin).parent == CORE_DIR]


@pytest.mark.parametrize("code", ELEMENT_RULES)
def test_core_cases_cover_every_language_and_format(code):
    """Each element rule has a failing and a passing case in every language and every format."""
    seen: dict[str, set[bool]] = defaultdict(set)
    for case in _core_cases(code):
        match = _CORE_NAME.match(case.name)
        assert match, f"{case}: core case names start with <language>-<format>-"
        fmt = match["fmt"]
        assert detect_format(case.file, case.source.encode()) == FORMAT_NAMES[fmt], f"{case}: file {case.file}"
        fails = bool(case.expect)
        seen[match["lang"]].add(fails)
        seen[fmt].add(fails)
    for key in (*LANGUAGES, *FORMATS):
        assert seen[key] == {True, False}, f"{code}: {key} lacks a {'passing' if True in seen[key] else 'failing'} case"


@pytest.mark.parametrize("code", ELEMENT_RULES)
def test_core_missing_element_reported_at_line_one(code):
    """A missing element is reported once, at line 1 (link-level problems sit on the link's line)."""
    for case in _core_cases(code):
        if "-no-" in case.name or case.name.endswith("-missing"):
            assert case.expect == ((code, 1),), case
