"""`email-lint explain` on one newsletter per language in every format: each element's first
piece of evidence holds the expected text and points at the source line that holds it.

The newsletters are data (tests/explain_cases/elements.yaml); this module renders each into
html, mjml, txt and eml and runs the command with ``--format json``.
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from email_lint.cli import main

CASES = yaml.safe_load((Path(__file__).parent / "explain_cases" / "elements.yaml").read_text(encoding="utf-8"))
FORMATS = ("html", "mjml", "txt", "eml")
_LINK = re.compile(r"\[([^\]]+)\]\(([^)]+)\)")


def _markup(paragraph: str) -> str:
    escaped = html.escape(paragraph, quote=False)
    return _LINK.sub(lambda m: f'<a href="{m.group(2)}">{m.group(1)}</a>', escaped)


def render(case: dict, language: str, fmt: str) -> str:
    paragraphs = case["paragraphs"]
    if fmt == "txt":
        return "\n\n".join(_LINK.sub(r"\1: \2", p) for p in paragraphs) + "\n"
    body = "\n".join(f"<p>{_markup(p)}</p>" for p in paragraphs)
    page = f'<!DOCTYPE html>\n<html lang="{language}">\n<body>\n{body}\n</body>\n</html>\n'
    if fmt == "html":
        return page
    if fmt == "mjml":
        texts = "\n".join(f"        <mj-text>{_markup(p)}</mj-text>" for p in paragraphs)
        return (f'<mjml lang="{language}">\n  <mj-body>\n    <mj-section>\n      <mj-column>\n'
                f"{texts}\n      </mj-column>\n    </mj-section>\n  </mj-body>\n</mjml>\n")
    headers = (
        f"From: {case['from']}\nTo: reader@example.org\nSubject: {case['subject']}\n"
        "Date: Tue, 04 Nov 2025 09:30:00 +0000\nMessage-ID: <n1@mail.example>\nMIME-Version: 1.0\n"
        "Content-Type: text/html; charset=utf-8\nContent-Transfer-Encoding: 8bit\n\n"
    )
    return headers + page


def source_line(source: str, text: str) -> int:
    """The first line of *source* holding *text* (as written, or HTML-escaped)."""
    variants = (text, html.escape(text, quote=False))
    for number, line in enumerate(source.splitlines(), start=1):
        if any(v in line for v in variants):
            return number
    raise AssertionError(f"{text!r} is not in the rendered source")


PARAMS = [(language, fmt) for language in CASES["languages"] for fmt in FORMATS]


@pytest.mark.parametrize(("language", "fmt"), PARAMS, ids=[f"{lang}-{fmt}" for lang, fmt in PARAMS])
def test_explain_points_at_each_elements_evidence(tmp_path, language, fmt):
    case = CASES["languages"][language]
    source = render(case, language, fmt)
    path = tmp_path / f"newsletter.{fmt}"
    path.write_text(source, encoding="utf-8")
    result = CliRunner().invoke(main, ["explain", "--format", "json", str(path)])
    assert result.exit_code == 0, result.output + result.stderr
    (report,) = json.loads(result.stdout)
    elements = {e["element"]: e for e in report["elements"]}
    expected = dict(case["expect"]) | case.get("by_format", {}).get(fmt, {})
    for element, text in expected.items():
        got = elements[element]
        assert got["status"] == "present", (element, got)
        first = got["evidence"][0]
        assert text in first["text"], (element, first)
        assert first["line"] == source_line(source, text), (element, first)
