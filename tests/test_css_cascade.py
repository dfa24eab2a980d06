"""Hidden links found whatever selector hides them: the data in data/css_cascade.yaml, in HTML and MJML."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from email_lint.readers import read_bytes

CASES = yaml.safe_load((Path(__file__).parent / "data" / "css_cascade.yaml").read_text(encoding="utf-8"))


def _link(document):
    return next(link for link in document.links if link.text == "Unsubscribe")


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_html(case):
    page = f"<html><head><style>{case['css']}</style></head><body>\n{case['html']}\n</body></html>\n"
    document = read_bytes("t.html", page.encode("utf-8"))
    assert _link(document).visible is case["visible"]


MJML_CASES = [c for c in CASES if "mjml_section" in c]


@pytest.mark.parametrize("case", MJML_CASES, ids=[c["name"] for c in MJML_CASES])
def test_mjml(case):
    """The same style in <mj-style>, the link inside an mj-text of a section carrying the class."""
    link = case["html"]
    inner = link[link.index("<a "):link.index("</a>") + 4]
    page = (
        f"<mjml><mj-head><mj-style>{case['css']}</mj-style></mj-head><mj-body>\n"
        f"<mj-section {case['mjml_section']}><mj-column><mj-text>{inner}</mj-text></mj-column></mj-section>\n"
        "</mj-body></mjml>\n"
    )
    document = read_bytes("t.mjml", page.encode("utf-8"))
    assert _link(document).visible is case["visible"]


@pytest.mark.parametrize(
    ("css", "visible"),
    [(".footer a { display: none }", False), (".footer a { display: inline }", True)],
)
def test_mjml_button_is_a_link(css, visible):
    """``a`` in a sheet also names mj-button, which renders as <a>."""
    page = (
        f"<mjml><mj-head><mj-style>{css}</mj-style></mj-head><mj-body>\n"
        '<mj-section css-class="footer"><mj-column>\n'
        '<mj-button href="https://u.example/x">Unsubscribe</mj-button>\n'
        "</mj-column></mj-section></mj-body></mjml>\n"
    )
    assert _link(read_bytes("t.mjml", page.encode("utf-8"))).visible is visible


def test_no_style_block_imports_no_css_library():
    """A template without <style> never pays for tinycss2 or cssselect."""
    import subprocess
    import sys

    code = (
        "import sys; from email_lint.readers import read_bytes; "
        "read_bytes('t.html', b'<html><body><p style=\"color:red\">Hi <a href=\"u\">x</a></p></body></html>'); "
        "print(any(m in sys.modules for m in ('tinycss2', 'cssselect')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
