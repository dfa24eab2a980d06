"""The HTML walk reuses an element's visibility state for siblings styled alike: never across parents."""

from __future__ import annotations

from email_lint.readers.html import read_html

CELL = '<td style="font-size:14px;color:#333333"><a href="https://example.org/{n}">link {n}</a></td>'


def test_the_same_style_under_a_hidden_and_a_visible_parent_keeps_each_parents_visibility():
    html = (
        "<html><body><table>"
        f'<tr style="display:none">{CELL.format(n=1)}{CELL.format(n=2)}</tr>'
        f"<tr>{CELL.format(n=3)}{CELL.format(n=4)}</tr>"
        f'<tr style="background-color:#333333">{CELL.format(n=5)}</tr>'
        f'<tr style="display:none">{CELL.format(n=6)}</tr>'
        "</table></body></html>"
    )
    links = {link.text: link for link in read_html("t.html", html).links}
    assert [links[f"link {n}"].visible for n in range(1, 7)] == [False, False, True, True, False, False]
    assert links["link 1"].hidden_reason == "display:none"
    assert "equals its background" in links["link 5"].hidden_reason
