"""Header parsing for the .eml rules: folding, List-Unsubscribe URIs, DKIM h= tags, From."""

from __future__ import annotations

import pytest

from email_lint.mail_headers import (
    dkim_signed_headers,
    from_mailbox,
    header_values,
    is_one_click_value,
    list_unsubscribe_uris,
    unfold,
)
from email_lint.readers import read_bytes


def test_unfold_removes_line_breaks_only():
    assert unfold("a;\r\n\tb=c;\n d") == "a;\tb=c; d"


def test_list_unsubscribe_uris_are_classified():
    value = ("<https://shop.example/u?x=1>,\r\n <mailto:leave@shop.example?subject=stop>, <http://shop.example/u>,"
             " <{{unsubscribe_url}}>, <mailto:?subject=x>, <ftp://shop.example/u>, <https:///nohost>")
    kinds = [(u.kind, u.problem is not None) for u in list_unsubscribe_uris(value)]
    assert kinds == [("https", False), ("mailto", False), ("http", False), ("template", False),
                     ("invalid", True), ("invalid", True), ("invalid", True)]


def test_white_space_inside_brackets_is_ignored():
    (uri,) = list_unsubscribe_uris("<https://shop.example/\r\n  unsubscribe/42>")
    assert (uri.uri, uri.kind) == ("https://shop.example/unsubscribe/42", "https")


@pytest.mark.parametrize(("value", "ok"), [
    ("List-Unsubscribe=One-Click", True), (" List-Unsubscribe=One-Click \r\n", True),
    ("List-Unsubscribe=One-\r\n Click", True), ("One-Click", False), ("list-unsubscribe=one-click", False), ("", False),
])
def test_one_click_value(value, ok):
    assert is_one_click_value(value) is ok


def test_dkim_h_tag_with_folding_spaces_and_case():
    value = ("v=1; a=rsa-sha256; d=shop.example;\r\n\th=From : To:\r\n List-Unsub\r\n scribe: LIST-UNSUBSCRIBE-POST;"
             "\r\n\tb=abc")
    assert dkim_signed_headers(value) == {"from", "to", "list-unsubscribe", "list-unsubscribe-post"}
    assert dkim_signed_headers("v=1; d=shop.example; b=abc") == frozenset()


@pytest.mark.parametrize(("value", "expected"), [
    ('"Shop, Inc." <news@shop.example>', ("Shop, Inc.", "news@shop.example")),
    ("news@shop.example", ("", "news@shop.example")),
    ("news@shop.example (Shop)", ("Shop", "news@shop.example")),
    ("Shop\r\n <news@shop.example>", ("Shop", "news@shop.example")),
    ("", None),
])
def test_from_mailbox(value, expected):
    assert from_mailbox(value) == expected


def test_repeated_headers_are_all_kept():
    raw = (b"DKIM-Signature: v=1; d=relay.example; h=from\r\nDKIM-Signature: v=1; d=shop.example;\r\n"
           b" h=from:list-unsubscribe\r\nFrom: Shop <news@shop.example>\r\n\r\nHello\r\n")
    document = read_bytes("m.eml", raw)
    signatures = header_values(document, "dkim-signature")
    assert [dkim_signed_headers(v) for v in signatures] == [{"from"}, {"from", "list-unsubscribe"}]
    assert header_values(document, "List-Unsubscribe") == []
