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


@pytest.mark.parametrize("mjml", [False, True])
def test_indexed_simple_selectors_select_what_cssselect_selects(mjml):
    """Tag/class/id selectors go through an index of the tree, not XPath: the same elements."""
    from lxml import etree

    from email_lint.readers.css import _simple_selectors, _TreeIndex
    from email_lint.readers.selectors import compile_selector_group

    markup = (
        '<root><div class="footer Legal" id="foot"><a class="x" href="u">U</a><p class="x y">t</p></div>'
        '<section css-class="footer"><mj-button href="v">V</mj-button><a id="x">w</a></section>'
        '<td class="c1"/><td class="c10"/><TD class="c1 c2"/></root>'
    )
    root = etree.fromstring(markup)
    index = _TreeIndex(root, mjml)
    for group in ("a", ".footer", "#foot", "p.x.y", ".x", "td.c1", ".c1.c2", "*", "div#foot.footer", "a#x",
                  ".legal", ".Legal", "#nope", "section", "mj-button", ".footer, #x", "TD", "TD.c1"):
        simple = _simple_selectors(group, mjml)
        assert simple is not None, group
        fast = sorted({id(e) for selector in simple for e in index.select(*selector)})
        slow = sorted({id(e) for xpath, _ in compile_selector_group(group, mjml) for e in xpath(root)})
        assert fast == slow, group
    assert _simple_selectors(".footer a") is None and _simple_selectors("a:not(.x)") is None
