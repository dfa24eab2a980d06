"""Encodings: whatever the bytes, the text the rules see is right (asserted on phrases found)."""

from __future__ import annotations

import codecs
import quopri
from pathlib import Path

import pytest

from email_lint.decoding import UndecodableError, decode_bytes
from email_lint.readers import read_bytes
from email_lint.testing import check_snippet

HOSTILE = Path(__file__).parent / "fixtures" / "hostile"
FRENCH = """<html lang="fr"><body>
<p>Boulangerie Crémieux SARL, 3 place du Marché, 21000 Dijon</p>
<p><a href="https://boulangerie-cremieux.example/desinscription">Se désabonner</a></p>
</body></html>
"""


def unsubscribe_links(document) -> list[str]:
    return [link.text for link in document.links if "desinscription" in link.href]


@pytest.mark.parametrize(
    ("fixture", "encoding"),
    [
        ("cp1252-fr.html", "cp1252"),
        ("wrong-meta-charset.html", "cp1252"),
        ("utf8-bom.html", "utf-8"),
        ("utf16le-bom.html", "utf-16-le"),
        ("utf16be-bom.html", "utf-16-be"),
    ],
)
def test_fixture_templates_read_their_french_opt_out(fixture, encoding):
    data = (HOSTILE / fixture).read_bytes()
    _, used = decode_bytes(data)
    assert used == encoding
    document = read_bytes(fixture, data)
    assert unsubscribe_links(document) == ["Se désabonner"]
    assert "Boulangerie Crémieux SARL, 3 place du Marché, 21000 Dijon" in [b.text for b in document.blocks]
    assert not [f for f in check_snippet(data, fixture, select=("EL002",))]


@pytest.mark.parametrize(
    "encode",
    [
        lambda s: s.encode("utf-8"),
        lambda s: codecs.BOM_UTF8 + s.encode("utf-8"),
        lambda s: codecs.BOM_UTF16_LE + s.encode("utf-16-le"),
        lambda s: codecs.BOM_UTF16_BE + s.encode("utf-16-be"),
        lambda s: s.encode("latin-1"),
        lambda s: s.encode("cp1252"),
        lambda s: s.replace("<body>", '<head><meta charset="utf-8"></head><body>').encode("cp1252"),
        lambda s: s.replace("<body>", '<head><meta charset="iso-8859-1"></head><body>').encode("utf-8"),
        lambda s: s.replace("<body>", '<head><meta charset="shift_jis"></head><body>').encode("utf-8"),
        lambda s: s.replace("<body>", '<head><meta charset="utf-16"></head><body>').encode("utf-8"),
        lambda s: s.replace("<body>", '<head><meta charset="no-such-charset"></head><body>').encode("cp1252"),
    ],
    ids=["utf-8", "utf-8-bom", "utf-16-le-bom", "utf-16-be-bom", "latin-1", "windows-1252",
         "cp1252-declared-utf-8", "utf-8-declared-latin-1", "utf-8-declared-shift-jis", "utf-8-declared-utf-16",
         "cp1252-declared-unknown"],
)
def test_every_encoding_gives_the_same_words(encode):
    document = read_bytes("t.html", encode(FRENCH))
    assert unsubscribe_links(document) == ["Se désabonner"]
    assert document.blocks[0].text == "Boulangerie Crémieux SARL, 3 place du Marché, 21000 Dijon"


def test_windows_1252_punctuation_is_read_as_windows_1252():
    """0x80-0x9f are printable in windows-1252 (euro sign, curly quotes), control codes in latin-1."""
    text, encoding = decode_bytes("Prix : 10 € – l’offre “spéciale”".encode("cp1252"))
    assert (text, encoding) == ("Prix : 10 € – l’offre “spéciale”", "cp1252")


def test_latin_1_text_template_in_german():
    data = (HOSTILE / "latin1-de.txt").read_bytes()
    document = read_bytes("latin1-de.txt", data)
    texts = [b.text for b in document.blocks]
    assert "Grüne Wiese GmbH, Gartenstraße 12, 80331 München" in texts
    assert any(link.href == "https://gruene-wiese.example/abmelden" for link in document.links)
    assert not check_snippet(data, "latin1-de.txt", select=("EL002", "EL005"))


def test_undeclared_utf_16_without_bom_is_refused_as_binary_not_misread():
    with pytest.raises(UndecodableError):
        decode_bytes(FRENCH.encode("utf-16-le"))


# -- MIME parts -------------------------------------------------------------------------
def _message(*parts: tuple[str, str, bytes]) -> bytes:
    """A multipart/alternative message; parts are (content type line, transfer encoding, body)."""
    out = [b"From: Boulangerie <b@boulangerie-cremieux.example>", b"Subject: Galettes", b"MIME-Version: 1.0",
           b'Content-Type: multipart/alternative; boundary="sep"', b""]
    for content_type, transfer, body in parts:
        out += [b"--sep", f"Content-Type: {content_type}".encode(), f"Content-Transfer-Encoding: {transfer}".encode(),
                b"", body]
    out += [b"--sep--", b""]
    return b"\r\n".join(out)


@pytest.mark.parametrize(
    ("content_type", "transfer", "body"),
    [
        ('text/html; charset="utf-8"', "8bit", FRENCH.encode("cp1252")),  # declared UTF-8, is cp1252
        ('text/html; charset="us-ascii"', "8bit", FRENCH.encode("utf-8")),  # declared ASCII, is UTF-8
        ('text/html; charset="x-no-such-charset"', "8bit", FRENCH.encode("utf-8")),  # unknown charset
        ('text/html; charset="x-no-such-charset"', "8bit", FRENCH.encode("cp1252")),
        ("text/html", "8bit", FRENCH.encode("cp1252")),  # no charset at all
        ('text/html; charset="iso-8859-1"', "quoted-printable", quopri.encodestring(FRENCH.encode("latin-1"))),
        ('text/html; charset="utf-16"', "base64",
         __import__("base64").encodebytes(FRENCH.encode("utf-16-be"))),  # UTF-16 without BOM, big-endian
        ('text/html; charset="utf-16le"', "base64", __import__("base64").encodebytes(FRENCH.encode("utf-16-le"))),
    ],
    ids=["utf-8-but-cp1252", "ascii-but-utf-8", "unknown-utf-8", "unknown-cp1252", "none-cp1252",
         "latin-1-qp", "utf-16-no-bom-be", "utf-16le-no-bom"],
)
def test_mime_parts_with_a_wrong_or_unknown_charset(content_type, transfer, body):
    document = read_bytes("t.eml", _message((content_type, transfer, body)))
    assert unsubscribe_links(document) == ["Se désabonner"]
    assert "Boulangerie Crémieux SARL, 3 place du Marché, 21000 Dijon" in [b.text for b in document.blocks]


def test_iso_2022_jp_part_is_decoded_with_its_charset():
    body = "<p>配信停止はこちら <a href='https://example.jp/unsubscribe'>配信停止</a></p>".encode("iso-2022-jp")
    document = read_bytes("t.eml", _message(('text/html; charset="iso-2022-jp"', "7bit", body)))
    assert [link.text for link in document.links] == ["配信停止"]


def test_encoded_word_subject_and_header_with_unknown_charset():
    data = (b"From: =?utf-8?q?Boulangerie_Cr=C3=A9mieux?= <b@x.example>\r\n"
            b"Subject: =?x-unknown?q?caf=E9?= =?iso-8859-1?q?Se_d=E9sabonner?=\r\n"
            b"Content-Type: text/plain\r\n\r\nBonjour\r\n")
    document = read_bytes("t.eml", data)
    assert document.header("From") == "Boulangerie Crémieux <b@x.example>"
    assert document.header("Subject")  # kept as written rather than raising


def test_the_mime_fixture_reads_every_text_part_and_no_attachment():
    data = (HOSTILE / "mime-wrong-charsets.eml").read_bytes()
    document = read_bytes("mime-wrong-charsets.eml", data)
    assert document.header("Subject") == "Les galettes sont arrivées"
    # the text/plain part (unknown charset, UTF-8 bytes) and the text/html part (declared UTF-8, cp1252 bytes)
    assert unsubscribe_links(document) == [
        "Se désabonner : https://boulangerie-cremieux.example/desinscription", "Se désabonner"]
    assert "PDF" not in document.source


def test_bytes_undefined_in_windows_1252_still_read_with_their_words():
    """0x81 is undefined in windows-1252: the last resort (UnicodeDammit) keeps the text."""
    from email_lint.decoding import decode_bytes

    text, _ = decode_bytes(b"<p>Caf\xe9 \x81 <a href='/u'>Se d\xe9sabonner</a></p>")
    assert "Café" in text and "Se désabonner" in text


def test_raw_8bit_utf8_subject_is_read_and_its_label_counts():
    """RFC 5322 forbids 8-bit headers, senders write them anyway: '[Publicité]' must survive."""
    from email_lint.readers import read_bytes
    from email_lint.testing import check_snippet

    raw = (
        "From: Atelier <bonjour@atelier.example>\nSubject: [Publicité] Soldes d'hiver\n"
        "MIME-Version: 1.0\nContent-Type: text/plain; charset=utf-8\n\nBonjour, nos soldes commencent.\n"
    ).encode()
    assert read_bytes("promo.eml", raw).header("Subject") == "[Publicité] Soldes d'hiver"
    assert check_snippet(raw, "promo.eml", select=("EL004",)) == []


def test_raw_8bit_windows_1252_subject_falls_back_to_windows_1252():
    from email_lint.readers import read_bytes

    raw = b"From: a@b.example\nSubject: Caf\xe9 \x96 offre\n\nBonjour\n"
    assert read_bytes("x.eml", raw).header("Subject") == "Café – offre"
