"""Inline suppressions: file-wide ``disable=``, ``disable-next-line=``, EL100 and EL101."""

from __future__ import annotations

from email_lint.testing import check_snippet

# Everything but a data-source notice; EL003 is what the suppressions below are about.
FOOTER = (
    "<p>Advertisement</p>\n"
    "<p>Northwind Garden Supplies Ltd, 14 Mill Lane, Bristol BS1 5AA</p>\n"
    '<p><a href="{{unsubscribe_url}}">Unsubscribe</a></p>\n'
)
NOTICE = "<p>You are receiving this email because you signed up at northwind.example.</p>\n"


def codes(source: str, filename: str = "t.html", **kwargs) -> list[tuple[str, int]]:
    return [(f.code, f.line) for f in check_snippet(source, filename, **kwargs)]


def test_without_suppression_the_finding_is_reported():
    assert codes(FOOTER) == [("EL003", 1)]


def test_file_suppression_silences_the_rule():
    source = "<!-- email-lint: disable=EL003 -- notice added by the ESP footer -->\n" + FOOTER
    assert codes("<div>\n" + source + "</div>\n") == []


def test_file_suppression_by_prefix_and_several_codes():
    bare = "<div>\n<!-- email-lint: disable=EL00 -->\n<p>Hello.</p>\n</div>\n"
    assert codes(bare) == []
    listed = "<div>\n<!-- email-lint: disable=EL001,EL003,EL004,EL005 -->\n<p>Hello.</p>\n</div>\n"
    assert codes(listed) == [("EL002", 1)]


def test_unused_file_suppression_is_el100_at_its_line():
    source = "<div>\n<!-- email-lint: disable=EL003 -- stale -->\n" + FOOTER + NOTICE + "</div>\n"
    findings = check_snippet(source, "t.html")
    assert [(f.code, f.line) for f in findings] == [("EL100", 2)]
    assert "EL003" in findings[0].message
    assert findings[0].severity == "warning"
    assert findings[0].rule == "unused-suppression"


def test_disable_next_line_silences_only_the_next_line():
    source = (
        "<div>\n"
        "<p>Advertisement</p>\n"
        "<p>Northwind Garden Supplies Ltd, 14 Mill Lane, Bristol BS1 5AA</p>\n"
        + NOTICE
        + "<!-- email-lint: disable-next-line=EL002 -- preference centre is tested separately -->\n"
        '<p><a href="#">Unsubscribe</a></p>\n'
        "</div>\n"
    )
    assert codes(source) == []
    # The same comment one line too high silences nothing, and says so.
    moved = source.replace(
        "<!-- email-lint: disable-next-line=EL002 -- preference centre is tested separately -->\n",
        "<!-- email-lint: disable-next-line=EL002 -- preference centre is tested separately -->\n<p></p>\n",
    )
    assert codes(moved) == [("EL100", 5), ("EL002", 7)]


def test_disable_next_line_does_not_silence_a_missing_element_at_line_one():
    source = "<div>\n<!-- email-lint: disable-next-line=EL003 -->\n" + FOOTER + "</div>\n"
    assert sorted(codes(source)) == [("EL003", 1), ("EL100", 2)]


def test_suppression_in_text_templates():
    text = (
        "{# email-lint: disable=EL003 -- notice added by the ESP #}\n"
        "Advertisement\n\n"
        "Northwind Garden Supplies Ltd, 14 Mill Lane, Bristol BS1 5AA\n"
        "Unsubscribe: {{unsubscribe_url}}\n"
    )
    assert codes(text, "t.txt") == []


def test_suppression_in_mjml():
    mjml = (
        "<mjml>\n<mj-body>\n"
        "<!-- email-lint: disable=EL003 -->\n"
        "<mj-section><mj-column>\n"
        "<mj-text>Advertisement</mj-text>\n"
        "<mj-text>Northwind Garden Supplies Ltd, 14 Mill Lane, Bristol BS1 5AA</mj-text>\n"
        '<mj-text><a href="{{unsubscribe_url}}">Unsubscribe</a></mj-text>\n'
        "</mj-column></mj-section>\n</mj-body>\n</mjml>\n"
    )
    assert codes(mjml, "t.mjml") == []


def test_suppression_of_a_rule_not_selected_is_not_reported_as_unused():
    source = "<div>\n<!-- email-lint: disable=EL003 -->\n" + FOOTER + NOTICE + "</div>\n"
    assert codes(source, select=("EL002", "EL100")) == []


def test_malformed_directives_are_el101_at_their_line():
    source = (
        "<div>\n"
        "<!-- email-lint: disable=EL00X -->\n"
        "<!-- email-lint: kind=promotional -->\n"
        "<!-- email-lint: ignore=EL003 -->\n"
        "<!-- email-lint: disable -->\n"
        + FOOTER + NOTICE
        + "</div>\n"
    )
    findings = check_snippet(source, "t.html")
    assert [(f.code, f.line) for f in findings] == [("EL101", 2), ("EL101", 3), ("EL101", 4), ("EL101", 5)]
    assert all(f.rule == "invalid-directive" for f in findings)
    assert "promotional" in findings[1].message
    assert "ignore" in findings[2].message


def test_el100_and_el101_can_be_ignored():
    directives = "<!-- email-lint: disable=EL003 -->\n<!-- email-lint: kind=promo -->\n"
    source = "<div>\n" + directives + FOOTER + NOTICE + "</div>\n"
    assert sorted(codes(source)) == [("EL100", 2), ("EL101", 3)]
    assert codes(source, select=("EL001", "EL002", "EL003", "EL004", "EL005")) == []


def test_comment_that_is_not_a_directive_is_ignored():
    source = "<div>\n<!-- email lint is great; disable nothing -->\n" + FOOTER + NOTICE + "</div>\n"
    assert codes(source) == []
