"""Bounded time on pathological input: no scan is quadratic in the size of the file.

Every token below once made some scan quadratic (found by ``scripts/fuzz_campaign.py
--scaling``): 100 KB of it took from 20 seconds to several minutes. Now each input is
read and checked in well under a second; the bound below leaves room for slow CI.
"""

from __future__ import annotations

import re
import time

import pytest
from fuzz_inputs import lint
from hypothesis import given, settings
from hypothesis import strategies as st

from email_lint.readers.spans import LineCounter, blank_spans, find_spans

PATHOLOGICAL = {
    "<!--": ("t.html", "t.txt", "t.mjml", "t.eml"),  # lazy comment regexes (readers, MJML structure)
    "{#": ("t.html", "t.txt", "t.mjml"),  # template comments
    "{{!": ("t.html", "t.txt"),
    "<%": ("t.mjml",),  # template tags escaped before the XML parser
    "<mj-a ": ("t.mjml",),  # a tag never closed (MJML structure check)
    '<mj-text "': ("t.mjml",),  # an unclosed quote in a tag
    "*|": ("t.html", "t.txt"),  # legal-form name scan of the sender-identity rule
    "a.": ("t.txt", "t.html"),  # e-mail address scans
    "<style>/*": ("t.html",),  # CSS comments
}
BOUND_SECONDS = 6.0


@pytest.mark.parametrize(("token", "name"), [(t, n) for t, names in PATHOLOGICAL.items() for n in names])
def test_pathological_input_is_checked_in_bounded_time(token, name):
    data = (token * (100_000 // len(token))).encode()
    if name == "t.eml":
        data = b"From: a@b.example\r\nSubject: x\r\nContent-Type: text/html\r\n\r\n" + data
    began = time.monotonic()
    lint(name, data)
    assert time.monotonic() - began < BOUND_SECONDS


def test_long_style_attribute_without_colon():
    began = time.monotonic()
    lint("t.html", ('<p style="' + "a" * 100_000 + '">x</p>').encode())
    assert time.monotonic() - began < BOUND_SECONDS


# -- the linear span finder agrees with the regexes it replaces ---------------------------
DELIMITERS = (("<!--", "-->"), ("{#", "#}"), ("{{!--", "--}}"), ("{{!", "}}"), ("<%--", "--%>"))
REGEX = re.compile("|".join(f"{re.escape(o)}(.*?){re.escape(c)}" for o, c in DELIMITERS), re.S)
pieces = st.lists(st.sampled_from(["<!--", "-->", "{#", "#}", "{{!--", "--}}", "{{!", "}}", "<%--", "--%>",
                                   "-", "{", "}", "#", "!", "<", ">", "%", "a", "\n"]), max_size=40).map("".join)


@settings(max_examples=300, derandomize=True, database=None)
@given(pieces)
def test_find_spans_matches_the_regex_alternation(source):
    """Same spans as the lazy-regex alternation (when the lookahead-free `{{!` form is used)."""
    expected = [(m.start(), m.end(), next(g for g in m.groups() if g is not None)) for m in REGEX.finditer(source)]
    assert [(s.start, s.end, s.body) for s in find_spans(source, DELIMITERS)] == expected
    assert blank_spans(source, find_spans(source, DELIMITERS)) == REGEX.sub(
        lambda m: "\n" * m.group(0).count("\n"), source)


@settings(max_examples=100, derandomize=True, database=None)
@given(st.text(alphabet="ab\n", max_size=60), st.lists(st.integers(0, 60), max_size=10))
def test_line_counter_matches_counting_from_the_start(source, offsets):
    counter = LineCounter(source, 1)
    for offset in offsets:  # in any order, even backwards
        assert counter.line_at(offset) == source.count("\n", 0, offset) + 1
