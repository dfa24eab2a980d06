"""The streaming MIME scanner: same text parts as the standard library's parser, in bounded memory."""

from __future__ import annotations

import io
from email import message_from_bytes
from email.message import EmailMessage

from hypothesis import given, settings
from hypothesis import strategies as st

from email_lint.readers import read_bytes
from email_lint.readers.mime import MAX_DEPTH, scan_message

WORDS = st.sampled_from(["Unsubscribe", "Se désabonner", "Grüße", "naïve", "price 10 €", "日本", "a" * 90, "=", "--b"])
BODY = st.lists(WORDS, min_size=1, max_size=8).map(" ".join)


@st.composite
def messages(draw, depth: int = 0) -> EmailMessage:
    """Well-formed MIME trees built with the standard library."""
    message = EmailMessage()
    kind = draw(st.sampled_from(["plain", "html", "attachment", "multipart"] if depth < 3 else ["plain", "html"]))
    if kind == "multipart":
        message.make_mixed()
        for child in draw(st.lists(messages(depth + 1), min_size=1, max_size=3)):
            message.attach(child)
    elif kind == "attachment":
        message.set_content(draw(st.binary(min_size=1, max_size=300)), maintype="application", subtype="pdf",
                            filename="a.pdf")
    else:
        charset = draw(st.sampled_from(["utf-8", "iso-8859-1", "utf-16"]))
        body = draw(BODY)
        if charset == "iso-8859-1":
            body = body.encode("iso-8859-1", "replace").decode("iso-8859-1")
        transfer = draw(st.sampled_from(["base64", "quoted-printable", "8bit"]))
        if charset == "utf-16" and transfer == "8bit":
            transfer = "base64"
        message.set_content(body, subtype=kind, charset=charset, cte=transfer)
    return message


def library_text_parts(data: bytes) -> list[bytes]:
    parts = []
    for part in message_from_bytes(data).walk():
        if part.is_multipart() or part.get_content_type() not in ("text/plain", "text/html"):
            continue
        if str(part.get("Content-Disposition") or "").lower().startswith("attachment"):
            continue
        parts.append(part.get_payload(decode=True))
    return parts


@settings(max_examples=120, derandomize=True, database=None, deadline=None)
@given(messages())
def test_same_text_parts_as_the_standard_library(message):
    data = message.as_bytes()
    scanned = scan_message(io.BytesIO(data))
    assert [p.decoded() for p in scanned.parts] == library_text_parts(data)


def test_part_lines_are_the_lines_of_the_message():
    data = (b"From: a@b.example\r\nContent-Type: multipart/alternative; boundary=\"x\"\r\n\r\npreamble\r\n"
            b"--x\r\nContent-Type: text/plain\r\n\r\nline 8\r\n--x\r\nContent-Type: text/html\r\n\r\n"
            b"<p>line 12</p>\r\n<p>line 13</p>\r\n--x--\r\n")
    document = read_bytes("t.eml", data)
    assert [(b.text, b.line) for b in document.blocks] == [("line 8", 8), ("line 12", 12), ("line 13", 13)]


def test_a_boundary_used_but_not_declared_is_adopted():
    """A common sender bug: the header declares one boundary, the body uses another."""
    data = (b"Content-Type: multipart/alternative; boundary=\"declared\"\r\n\r\n--used\r\n"
            b"Content-Type: text/plain\r\n\r\nUnsubscribe here\r\n--used--\r\n")
    assert [b.text for b in read_bytes("t.eml", data).blocks] == ["Unsubscribe here"]


def test_attachments_and_non_text_parts_are_skipped():
    data = (b"Content-Type: multipart/mixed; boundary=\"m\"\r\n\r\n--m\r\nContent-Type: text/plain\r\n\r\nBody\r\n"
            b"--m\r\nContent-Type: text/html\r\nContent-Disposition: attachment; filename=old.html\r\n\r\n"
            b"<p>Attached page</p>\r\n--m\r\nContent-Type: image/png\r\nContent-Disposition: inline\r\n\r\n"
            b"iVBORw0KGgo=\r\n--m\r\nContent-Type: text/calendar\r\n\r\nBEGIN:VCALENDAR\r\n--m--\r\n")
    assert [b.text for b in read_bytes("t.eml", data).blocks] == ["Body"]


def test_an_inline_forwarded_message_is_read_but_not_an_encoded_one():
    inner = b"From: x@y.example\r\nContent-Type: text/plain\r\n\r\nForwarded text\r\n"
    data = (b"Content-Type: multipart/mixed; boundary=\"m\"\r\n\r\n--m\r\nContent-Type: message/rfc822\r\n\r\n"
            + inner + b"--m\r\nContent-Type: message/rfc822\r\nContent-Transfer-Encoding: base64\r\n\r\n"
            + __import__("base64").encodebytes(inner) + b"--m--\r\n")
    assert [b.text for b in read_bytes("t.eml", data).blocks] == ["Forwarded text"]


def test_multiparts_nested_too_deep_are_skipped_with_a_warning():
    depth = MAX_DEPTH + 10
    opening = b"".join(f"Content-Type: multipart/mixed; boundary=\"b{i}\"\r\n\r\n--b{i}\r\n".encode()
                       for i in range(depth))
    data = b"Subject: Deep\r\n" + opening + b"Content-Type: text/plain\r\n\r\nToo deep to read\r\n"
    document = read_bytes("t.eml", data)
    assert [b.text for b in document.blocks] == ["Deep"]
    assert document.warnings == [f"multipart parts nested deeper than {MAX_DEPTH} levels were not read"]


def test_a_line_of_megabytes_is_read_in_pieces_and_a_delimiter_still_ends_the_part():
    data = (b"Content-Type: multipart/mixed; boundary=\"m\"\r\n\r\n--m\r\nContent-Type: application/zip\r\n\r\n"
            + b"A" * 3_000_000 + b"\r\n--m\r\nContent-Type: text/plain\r\n\r\nAfter the blob\r\n--m--\r\n")
    assert [b.text for b in read_bytes("t.eml", data).blocks] == ["After the blob"]
