"""Readers: format detection, MJML, .eml decoding, encodings, visibility and languages."""

from __future__ import annotations

import base64
import codecs

import pytest

from email_lint.errors import ReadError
from email_lint.formats import detect_format
from email_lint.readers import read_bytes

HTML = b"<html><body><p>Hello</p></body></html>\n"
MJML = b"<mjml><mj-body><mj-section><mj-column><mj-text>Hi</mj-text></mj-column></mj-section></mj-body></mjml>\n"
EML = b"From: Shop <a@shop.example>\nTo: b@example.org\nSubject: Hi\n\nHello\n"
TEXT = b"Hello Sam,\n\nThe spring catalogue is out.\n"


def read(source: str | bytes, name: str = "t.html"):
    return read_bytes(name, source.encode("utf-8") if isinstance(source, str) else source)


def visible_texts(document) -> list[str]:
    return [b.text for b in document.blocks if b.visible and b.source == "body"]


def link(document, text: str):
    return next(lnk for lnk in document.links if lnk.text == text)


# -- format detection ------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("name", "head", "expected"),
    [
        ("promo.html", TEXT, "html"),
        ("promo.HTM", TEXT, "html"),
        ("promo.mjml", TEXT, "mjml"),
        ("promo.txt", HTML, "text"),
        ("promo.eml", TEXT, "eml"),
        ("promo.html.twig", TEXT, "html"),
        ("promo.mjml.twig", TEXT, "mjml"),
        ("promo.html.j2", TEXT, "html"),
        ("promo.txt.jinja", HTML, "text"),
        ("emails/welcome.html.hbs", TEXT, "html"),
        ("footer.html.liquid", TEXT, "html"),
        ("footer.mjml.tpl", TEXT, "mjml"),
        # a wrapper alone says nothing: the content decides
        ("welcome.hbs", HTML, "html"),
        ("welcome.hbs", TEXT, "text"),
        ("layout.tpl", MJML, "mjml"),
        ("order.liquid", HTML, "html"),
        ("notice.liquid", EML, "eml"),
        # no extension at all
        ("README", TEXT, "text"),
        ("message", EML, "eml"),
        ("newsletter", MJML, "mjml"),
        ("newsletter", HTML, "html"),
        ("fragment", b"<table><tr><td>Hi</td></tr></table>", "html"),
        ("mbox-style", b"From sender@example.org Mon Jan  1 00:00:00 2024\nFrom: a@b.example\nSubject: x\n\nbody",
         "eml"),
        ("bom-mjml", codecs.BOM_UTF8 + b"\n  <mjml lang='fr'></mjml>", "mjml"),
    ],
)
def test_detect_format(name, head, expected):
    assert detect_format(name, head) == expected


def test_text_starting_with_a_colon_phrase_is_not_mistaken_for_eml():
    assert detect_format("note", b"Note: the shop is closed on Monday.\n\nSee you soon.\n") == "text"


@pytest.mark.parametrize(
    ("name", "data", "fmt"),
    [("a.html.twig", HTML, "html"), ("a.mjml.twig", MJML, "mjml"), ("a.hbs", HTML, "html"),
     ("a.tpl", TEXT, "text"), ("a", EML, "eml"), ("a.liquid", MJML, "mjml")],
)
def test_read_bytes_uses_the_detected_format(name, data, fmt):
    assert read_bytes(name, data).format == fmt


# -- HTML ------------------------------------------------------------------------------------
def test_html_blocks_and_links_keep_their_source_lines():
    doc = read(
        "<html>\n<body>\n<p>First paragraph</p>\n\n<table><tr>\n<td>Cell <b>bold</b> text</td>\n</tr></table>\n"
        '<p>Footer with <a href="https://x.example/u">a link</a></p>\n</body>\n</html>\n'
    )
    assert [(b.text, b.line) for b in doc.blocks if b.source == "body"] == [
        ("First paragraph", 3), ("Cell bold text", 6), ("Footer with a link", 8)]
    assert [(lnk.href, lnk.text, lnk.line) for lnk in doc.links] == [("https://x.example/u", "a link", 8)]


def test_html_templating_syntax_stays_text():
    doc = read(
        "<p>Hi {{ first_name }},</p>\n"
        "{% if vip %}<p>VIP price: {{ price }}</p>{% endif %}\n"
        "{{#each items}}<p>{{this.name}}</p>{{/each}}\n"
        "<p>*|FNAME|* [[CUSTOMER]] <% name %></p>\n"
        '<p><a href="{{ unsubscribe_url }}">Unsubscribe</a></p>\n'
    )
    text = " ".join(visible_texts(doc))
    for piece in ("{{ first_name }}", "{% if vip %}", "{{ price }}", "{{#each items}}", "*|FNAME|*", "[[CUSTOMER]]"):
        assert piece in text
    assert link(doc, "Unsubscribe").href == "{{ unsubscribe_url }}"
    assert link(doc, "Unsubscribe").line == 5


def test_html_alt_text_and_comments():
    doc = read(
        "<html><head><title>Spring sale</title></head><body>\n"
        '<img src="logo.png" alt="Northwind logo">\n'
        "<!-- a comment -->\n"
        '<a href="https://x.example/"><img src="b.png" alt="Shop now"></a>\n'
        "</body></html>\n"
    )
    assert "Spring sale" not in visible_texts(doc)
    assert ("Northwind logo", "alt") in [(b.text, b.source) for b in doc.blocks]
    assert [(c.text.strip(), c.line) for c in doc.comments] == [("a comment", 3)]
    assert link(doc, "Shop now").href == "https://x.example/"


def test_comment_before_the_root_element_is_kept():
    """A directive at the very top of a template (the usual place) must not be lost."""
    doc = read("<!-- email-lint: kind=transactional -->\n<p>Your order has shipped.</p>\n")
    assert [(c.text.strip(), c.line) for c in doc.comments] == [("email-lint: kind=transactional", 1)]
    doc = read("<!DOCTYPE html>\n<!-- email-lint: kind=transactional -->\n<html><body><p>x</p></body></html>\n")
    assert [c.line for c in doc.comments] == [2]


def test_content_after_the_closing_html_tag_is_read():
    """Browsers render what follows ``</html>`` (footers appended by includes, ESP blocks)."""
    doc = read("<html><body><p>Sale</p></body></html>\n<p>Acme Ltd, 1 High Street</p>\n")
    assert visible_texts(doc) == ["Sale", "Acme Ltd, 1 High Street"]


def test_script_and_style_text_is_not_content():
    doc = read("<style>p{color:red}</style><script>var unsubscribe = 1;</script><p>Hello</p>")
    assert visible_texts(doc) == ["Hello"]


def test_html_xml_declaration_is_accepted():
    doc = read('<?xml version="1.0" encoding="utf-8"?>\n<html><body><p>Hi</p></body></html>')
    assert visible_texts(doc) == ["Hi"]


# -- MJML ------------------------------------------------------------------------------------
MJML_MESSY = """<mjml lang="fr">
  <mj-head>
    <mj-title>Soldes &amp; nouveautés</mj-title>
    <mj-preview>Jusqu'à -50&nbsp;%</mj-preview>
  </mj-head>
  <mj-body>
    <mj-section>
      <mj-column>
        <mj-text>Bonjour {{ prenom }}&nbsp;! Fish & chips {% if vip %}VIP{% endif %}</mj-text>
        <mj-button href="https://shop.example/?a=1&b=2">Voir & acheter</mj-button>
        <mj-text>{{#each produits}}<p>{{nom}}</p>{{/each}} <% if x %>[[PRIX]]<% end %> *|PRENOM|*</mj-text>
        <mj-navbar>
          <mj-navbar-link href="https://shop.example/aide">Aide</mj-navbar-link>
        </mj-navbar>
        <mj-social>
          <mj-social-element name="facebook" href="https://facebook.example/shop">Facebook</mj-social-element>
        </mj-social>
        <mj-raw><p>Brut <a href="{{ unsubscribe_url }}">Se désabonner</a></p></mj-raw>
        <mj-text>&copy; 2025 Atelier Lumière &mdash; 8 rue des Tanneurs</mj-text>
      </mj-column>
    </mj-section>
  </mj-body>
</mjml>
"""


def test_mjml_with_html_entities_bare_ampersands_and_templating_keeps_lines():
    doc = read(MJML_MESSY, "lettre.mjml")
    assert doc.format == "mjml"
    lines = {b.text: b.line for b in doc.blocks if b.source == "body"}
    assert lines["Bonjour {{ prenom }}\u00a0! Fish & chips {% if vip %}VIP{% endif %}"] == 9
    assert lines["\u00a9 2025 Atelier Lumière \u2014 8 rue des Tanneurs"] == 19
    assert [(lnk.href, lnk.text, lnk.line) for lnk in doc.links] == [
        ("https://shop.example/?a=1&b=2", "Voir & acheter", 10),
        ("https://shop.example/aide", "Aide", 13),
        ("https://facebook.example/shop", "Facebook", 16),
        ("{{ unsubscribe_url }}", "Se désabonner", 18),
    ]
    joined = " ".join(visible_texts(doc))
    for piece in ("{{#each produits}}", "{{nom}}", "[[PRIX]]", "*|PRENOM|*"):
        assert piece in joined
    assert doc.declared_languages == ["fr"]
    # head content is not body text
    assert not any("Soldes" in t for t in visible_texts(doc))


def test_mjml_attributes_and_mj_class_defaults_can_hide_text():
    doc = read(
        "<mjml><mj-head><mj-attributes>\n"
        '<mj-class name="legal" color="#ffffff" container-background-color="#ffffff" />\n'
        "</mj-attributes></mj-head><mj-body><mj-section><mj-column>\n"
        '<mj-text mj-class="legal"><a href="{{unsubscribe_url}}">Unsubscribe</a></mj-text>\n'
        "<mj-text>Visible text</mj-text>\n"
        "</mj-column></mj-section></mj-body></mjml>\n",
        "t.mjml",
    )
    assert link(doc, "Unsubscribe").visible is False
    assert "Visible text" in visible_texts(doc)


def test_mjml_doctype_with_external_entity_is_not_resolved(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-VALUE")
    source = (
        f'<?xml version="1.0"?>\n<!DOCTYPE mjml [<!ENTITY xxe SYSTEM "file://{secret}">]>\n'
        "<mjml><mj-body><mj-section><mj-column><mj-text>Hello &xxe;</mj-text>"
        "</mj-column></mj-section></mj-body></mjml>\n"
    )
    try:
        doc = read(source, "t.mjml")
    except ReadError:
        return  # refusing the file is fine too
    assert "TOP-SECRET-VALUE" not in doc.source.replace(str(secret), "") + " ".join(b.text for b in doc.blocks)


# -- plain text ------------------------------------------------------------------------------
def test_text_paragraphs_links_and_comments():
    doc = read(
        "{# email-lint: kind=transactional #}\n"
        "Hello Sam,\n"
        "\n"
        "Your order has shipped.\n"
        "Track it at https://shop.example/track/42.\n"
        "\n"
        "Questions? help@shop.example\n",
        "t.txt",
    )
    assert [(b.text, b.line) for b in doc.blocks] == [
        ("Hello Sam,", 2),
        ("Your order has shipped.\nTrack it at https://shop.example/track/42.", 4),
        ("Questions? help@shop.example", 7),
    ]
    assert [(lnk.href, lnk.line) for lnk in doc.links] == [
        ("https://shop.example/track/42", 5), ("mailto:help@shop.example", 7)]
    assert [(c.text.strip(), c.line) for c in doc.comments] == [("email-lint: kind=transactional", 1)]


# -- .eml ------------------------------------------------------------------------------------
def _qp_latin1_message() -> bytes:
    return (
        b"From: =?iso-8859-1?q?Caf=E9_Mont=E9e?= <news@cafe.example>\n"
        b"To: client@example.fr\n"
        b"Subject: =?utf-8?b?" + base64.b64encode("Dégustation de café".encode()) + b"?=\n"
        b"List-Unsubscribe: <https://cafe.example/u/1>\n"
        b"Content-Language: fr-FR\n"
        b"MIME-Version: 1.0\n"
        b'Content-Type: multipart/alternative; boundary="b1"\n'
        b"\n"
        b"--b1\n"
        b"Content-Type: text/plain; charset=iso-8859-1\n"
        b"Content-Transfer-Encoding: quoted-printable\n"
        b"\n"
        b"D=E9gustation samedi =E0 10=A0h.\n"
        b"Se d=E9sabonner : https://cafe.example/u/1\n"
        b"\n"
        b"--b1\n"
        b"Content-Type: text/html; charset=windows-1252\n"
        b"Content-Transfer-Encoding: base64\n"
        b"\n"
        + base64.encodebytes(
            '<p>Dégustation samedi – 10 h</p>\n<p><a href="https://cafe.example/u/1">Se désabonner</a></p>\n'
            .encode("cp1252"))
        + b"\n--b1\n"
        b"Content-Type: application/pdf; name=menu.pdf\n"
        b"Content-Disposition: attachment; filename=menu.pdf\n"
        b"Content-Transfer-Encoding: base64\n"
        b"\n"
        b"JVBERi0xLjQKJcfsj6IKNSAwIG9iago8PC9MZW5ndGggNiAwIFI+PgpzdHJlYW0K\n"
        b"--b1--\n"
    )


def test_eml_decodes_quoted_printable_and_base64_parts_with_their_charsets():
    doc = read(_qp_latin1_message(), "degustation.eml")
    assert doc.format == "eml"
    texts = [b.text for b in doc.blocks if b.source == "body"]
    assert any("Dégustation samedi à 10\u00a0h." in t for t in texts)
    assert "Dégustation samedi – 10 h" in texts
    assert {lnk.text for lnk in doc.links} >= {"Se désabonner"}
    assert all("JVBER" not in t for t in texts)  # the PDF attachment is not read


def test_eml_headers_belong_to_the_document():
    doc = read(_qp_latin1_message(), "degustation.eml")
    assert doc.header("from") == "Café Montée <news@cafe.example>"
    assert doc.header("Subject") == "Dégustation de café"
    assert doc.header("LIST-UNSUBSCRIBE") == "<https://cafe.example/u/1>"
    assert doc.line_of_header("list-unsubscribe") == 4
    assert ("Dégustation de café", "header:Subject") in [(b.text, b.source) for b in doc.blocks]


def test_eml_content_language_is_declared():
    doc = read(_qp_latin1_message(), "degustation.eml")
    assert doc.declared_languages[0] == "fr-FR"
    assert doc.language == "fr"


def test_eml_body_lines_point_into_the_message():
    raw = (
        "From: Shop <a@shop.example>\nTo: b@example.org\nSubject: Sale\n"
        "MIME-Version: 1.0\nContent-Type: text/html; charset=utf-8\n\n"
        "<p>Sale starts today.</p>\n<p><a href=\"{{unsubscribe_url}}\">Unsubscribe</a></p>\n"
    )
    doc = read(raw, "sale.eml")
    assert link(doc, "Unsubscribe").line == 8
    assert next((b.text, b.line) for b in doc.blocks if b.source == "body") == ("Sale starts today.", 7)


def test_eml_base64_utf8_plain_part():
    body = base64.encodebytes("Grüße aus Köln.\nAbmelden: https://shop.example/abmelden\n".encode())
    raw = (b"From: Shop <a@shop.example>\nSubject: Hallo\nMIME-Version: 1.0\n"
           b"Content-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: base64\n\n" + body)
    doc = read(raw, "m.eml")
    assert any("Grüße aus Köln." in b.text for b in doc.blocks)
    assert any(lnk.href == "https://shop.example/abmelden" for lnk in doc.links)


# -- encodings -------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "data",
    [
        codecs.BOM_UTF8 + "<p>Désinscription</p>".encode(),
        codecs.BOM_UTF16_LE + "<p>Désinscription</p>".encode("utf-16-le"),
        codecs.BOM_UTF16_BE + "<p>Désinscription</p>".encode("utf-16-be"),
        '<meta charset="windows-1252"><p>Désinscription</p>'.encode("cp1252"),
        '<meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1"><p>Désinscription</p>'
        .encode("latin-1"),
        "<p>Désinscription</p>".encode("cp1252"),  # nothing declared: the windows-1252 fallback
        "<p>Désinscription</p>".encode(),
    ],
)
def test_encodings(data):
    assert "Désinscription" in visible_texts(read(data))


def test_windows_1252_punctuation_fallback():
    doc = read("<p>L’équipe – “Atelier”</p>".encode("cp1252"))
    assert visible_texts(doc) == ["L’équipe – “Atelier”"]


@pytest.mark.parametrize(
    ("data", "words"),
    [(b"", "empty"), (b"  \n\t\n", "empty"), (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary")],
)
def test_unreadable_input_raises_read_error_naming_the_file(data, words):
    with pytest.raises(ReadError) as info:
        read_bytes("bad/file.html", data)
    assert "bad/file.html" in str(info.value)
    assert words in str(info.value).lower() or "not a text file" in str(info.value).lower()


# -- visibility ------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("markup", "reason"),
    [
        ('<div style="display:none">{}</div>', "display:none"),
        ('<div style="DISPLAY: none !important">{}</div>', "display:none"),
        ('<div style="visibility:hidden">{}</div>', "visibility:hidden"),
        ('<div style="font-size:0">{}</div>', "font-size:0"),
        ('<div style="font-size:0px;line-height:0">{}</div>', "font-size:0"),
        ('<div style="max-height:0;overflow:hidden">{}</div>', "max-height:0"),
        ('<div style="max-height:0px; overflow:hidden; mso-hide:all">{}</div>', "max-height:0"),
        ('<div style="opacity:0">{}</div>', "opacity:0"),
        ('<td style="background-color:#ffffff"><span style="color:#FFF">{}</span></td>', "colour"),
        ('<td bgcolor="white"><font color="#ffffff">{}</font></td>', "colour"),
        ('<td style="background:#000000 url(x.png)"><p style="color:rgb(0,0,0)">{}</p></td>', "colour"),
        ("<div hidden>{}</div>", "display:none"),
    ],
)
def test_hidden_text_and_links(markup, reason):
    html = "<table><tr>" + markup.format('Legal <a href="https://x.example/u">Unsubscribe</a>') + "</tr></table>"
    if not markup.startswith("<td"):
        html = markup.format('Legal <a href="https://x.example/u">Unsubscribe</a>')
    doc = read(html)
    hidden = link(doc, "Unsubscribe")
    assert hidden.visible is False
    assert reason in (hidden.hidden_reason or "")
    assert not any("Legal" in t for t in visible_texts(doc))


def test_hidden_by_stylesheet_class_and_id():
    doc = read(
        "<html><head><style>\n.preheader { display:none; }\n#foot { font-size: 0; }\n"
        "@media (max-width: 600px) { .mobile-hide { display:none } }\n</style></head><body>\n"
        '<p class="preheader">Preview text</p>\n<p id="foot"><a href="u">Unsubscribe</a></p>\n'
        '<p class="mobile-hide"><a href="p">Preferences</a></p>\n</body></html>\n'
    )
    assert "Preview text" not in visible_texts(doc)
    assert link(doc, "Unsubscribe").visible is False
    assert link(doc, "Preferences").visible is True  # only hidden on small screens


@pytest.mark.parametrize(
    "markup",
    [
        '<td style="font-size:0"><span style="font-size:12px">{}</span></td>',  # layout trick undone
        '<td style="background-color:#ffffff"><span style="color:#333333">{}</span></td>',
        '<div style="visibility:hidden"><p style="visibility:visible">{}</p></div>',
        '<div style="overflow:hidden;max-height:200px">{}</div>',
        '<div style="color:#ffffff;background-color:#000000">{}</div>',
    ],
)
def test_visible_text_and_links(markup):
    content = 'Legal <a href="https://x.example/u">Unsubscribe</a>'
    html = markup.format(content)
    if markup.startswith("<td"):
        html = "<table><tr>" + html + "</tr></table>"
    doc = read(html)
    assert link(doc, "Unsubscribe").visible is True
    assert any("Legal" in t for t in visible_texts(doc))


# -- declared language -----------------------------------------------------------------------
@pytest.mark.parametrize(
    ("source", "name", "language"),
    [
        ('<html lang="de-AT"><body><p>Hallo</p></body></html>', "t.html", "de"),
        ('<html xml:lang="it"><body><p>Ciao</p></body></html>', "t.html", "it"),
        ('<html><head><meta http-equiv="Content-Language" content="nl"></head><body><p>Hoi</p></body></html>',
         "t.html", "nl"),
        ('<mjml lang="es"><mj-body><mj-section><mj-column><mj-text>Hola</mj-text></mj-column>'
         "</mj-section></mj-body></mjml>", "t.mjml", "es"),
        ("From: a@b.example\nSubject: x\nContent-Language: fr\n\nBonjour", "t.eml", "fr"),
    ],
)
def test_declared_language(source, name, language):
    assert read(source, name).language == language


def test_language_guessed_from_text_when_undeclared():
    doc = read(
        "<p>Bonjour, nous sommes heureux de vous présenter les nouveautés de la saison. "
        "Vous pouvez les découvrir dans notre boutique avec une remise pour les abonnés et "
        "une livraison offerte sur toutes les commandes passées avant la fin du mois.</p>"
    )
    assert doc.declared_languages == []
    assert doc.language == "fr"
