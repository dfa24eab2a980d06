"""Messages say what is wrong and what to add; broken merge tags say how they are broken."""

from __future__ import annotations

import pytest

from email_lint.testing import check_snippet


def _messages(source: str, filename: str = "t.html", code: str = "EL002", **kwargs) -> list[str]:
    return [f.message for f in check_snippet(source, filename, select=(code,), **kwargs) if f.code == code]


@pytest.mark.parametrize(
    ("href", "words"),
    [
        ("https://t.example/c?u=%7B%7Bunsubscribe_url%7D%7D", "percent-encoded"),
        ("%7B%7B%7Bunsubscribe%7D%7D%7D", "percent-encoded"),
        ("&#123;&#123;unsubscribe_url&#125;&#125;", "entity-encoded"),
        ("&#x7b;&#x7b;&#x7b;RESEND_UNSUBSCRIBE_URL&#x7d;&#x7d;&#x7d;", "entity-encoded"),
        ("{{{Unsubscribe}}}", "wrong case"),
        ("*|unsub|*", "wrong case"),
        ("{{{resend_unsubscribe_url}}}", "wrong case"),
    ],
)
def test_broken_merge_tag_message_says_how(href, words):
    source = f'<p>Spring sale.</p>\n<p><a href="{href}">Unsubscribe</a></p>\n'
    messages = _messages(source)
    assert len(messages) == 1, messages
    assert words in messages[0], messages[0]


def test_broken_tag_reported_beside_a_working_opt_out():
    source = (
        '<p><a href="{{unsubscribe_url}}">Unsubscribe</a></p>\n'
        '<p><a href="*|Unsub|*">Unsubscribe from this list</a></p>\n'
    )
    findings = check_snippet(source, "t.html", select=("EL002",))
    assert [(f.code, f.line) for f in findings] == [("EL002", 2)]
    assert "wrong case" in findings[0].message
    assert "*|UNSUB|*" in findings[0].message  # says what the ESP expects


@pytest.mark.parametrize(
    ("style", "reason"),
    [
        ("display:none", "display:none"),
        ("font-size:0", "font-size:0"),
        ("visibility:hidden", "visibility:hidden"),
        ("max-height:0;overflow:hidden", "max-height:0"),
        ("color:#fff;background-color:#ffffff", "colour"),
    ],
)
def test_hidden_link_message_names_the_trick(style, reason):
    source = f'<p>Spring sale.</p>\n<p style="{style}"><a href="{{{{unsubscribe_url}}}}">Unsubscribe</a></p>\n'
    findings = check_snippet(source, "t.html", select=("EL002",))
    assert [(f.code, f.line) for f in findings] == [("EL002", 2)]
    assert "hidden" in findings[0].message and reason in findings[0].message


@pytest.mark.parametrize("href", ["#", "", "javascript:void(0)"])
def test_dead_link_message_names_the_target(href):
    findings = check_snippet(f'<p>x</p>\n<a href="{href}">Unsubscribe</a>\n', "t.html", select=("EL002",))
    assert [(f.code, f.line) for f in findings] == [("EL002", 2)]
    assert "target" in findings[0].message


@pytest.mark.parametrize(
    ("sentence", "barrier"),
    [
        ("To unsubscribe, log in to your account", "log in"),
        ("Unsubscribing costs a processing fee of $2", "fee"),
        ("To unsubscribe, call our hotline", "call"),
        ("To unsubscribe, send a letter to our head office", "letter"),
        ("To unsubscribe, give your date of birth", "date of birth"),
    ],
)
def test_barrier_message_quotes_the_barrier(sentence, barrier):
    source = f'<p>{sentence}: <a href="https://x.example/unsubscribe">unsubscribe</a></p>\n'
    findings = check_snippet(source, "t.html", select=("EL002",))
    assert [(f.code, f.line) for f in findings] == [("EL002", 1)]
    assert "free and simple" in findings[0].message
    assert barrier in findings[0].message.lower()


@pytest.mark.parametrize(
    ("code", "words"),
    [
        ("EL001", ("sender", "add")),
        ("EL002", ("unsubscribe", "add")),
        ("EL003", ("why", "add")),
        ("EL004", ("advertising", "add")),
        ("EL005", ("postal address", "add")),
    ],
)
def test_missing_element_message_is_actionable(code, words):
    messages = _messages("<p>Hello there.</p>\n", code=code)
    assert len(messages) == 1
    for word in words:
        assert word in messages[0].lower() or word in messages[0], messages[0]


@pytest.mark.parametrize(
    ("lang", "wording"),
    [("fr", "désabonner"), ("de", "abmelden"), ("it", "iscrizione"), ("es", "baja"), ("nl", "uitschrijven")],
)
def test_missing_unsubscribe_suggests_wording_in_the_document_language(lang, wording):
    messages = _messages(f'<html lang="{lang}"><body><p>Hello.</p></body></html>\n')
    assert len(messages) == 1
    assert wording in messages[0].lower(), messages[0]


def test_entity_encoded_tag_is_reported_at_its_own_line():
    """Not at the first character reference of the file (here a &#169; on line 1)."""
    from email_lint.testing import check_snippet

    source = (
        "<p>&#169; 2025 Northwind Ltd</p>\n<p>Spring offers.</p>\n"
        '<p><a href="&lbrace;&lbrace;unsubscribe_url&rbrace;&rbrace;">Unsubscribe</a></p>\n'
    )
    findings = check_snippet(source, "promo.html", select=("EL002",))
    assert [(f.line, "entity-encoded" in f.message) for f in findings] == [(3, True)]
