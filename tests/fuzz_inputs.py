"""Hypothesis strategies for hostile and broken templates, and the fuzzing oracle.

Shared by ``tests/test_fuzz.py`` (a modest number of examples in the default suite)
and ``scripts/fuzz_campaign.py`` (the long campaign). The oracle, :func:`lint`, runs
a file through the reader and every rule: a clean :class:`ReadError` is an accepted
outcome, any other exception is a crash.
"""

from __future__ import annotations

import codecs
from functools import lru_cache

from hypothesis import strategies as st

from email_lint.errors import ReadError

# -- building blocks -----------------------------------------------------------------------
FILE_NAMES = (
    "t.html", "t.htm", "t.mjml", "t.txt", "t.eml", "t.html.twig", "t.mjml.j2", "t.hbs",
    "t.txt.jinja", "t.liquid", "noextension", "t.blade.php", "t.xhtml",
)
WORDS = (
    "Unsubscribe", "unsubscribe here", "Se désabonner", "Se désinscrire", "Abmelden",
    "Newsletter abbestellen", "Cancella iscrizione", "Disiscriviti", "Darse de baja",
    "Uitschrijven", "Afmelden", "Publicité", "Advertisement", "Werbung", "Anzeige",
    "You are receiving this email because you subscribed", "Vous recevez cet e-mail car",
    "Acme Ltd", "© 2024 Acme GmbH", "14 Mill Lane, Bristol BS1 5AA", "8 rue des Tanneurs, 69002 Lyon",
    "PO Box 12", "Lorem ipsum", "TBD", "123 Main St", "Company Name", "Grüße", "señor", "città",
    "naïve café", "日本語", "😀", "\u200b", "\u00a0", "\ufeff", "\u202e", "\x0c", "\t", "\r", "\r\n",
)
MERGE_TAGS = (
    "*|UNSUB|*", "*|LIST:ADDRESS|*", "*|HTML:LIST_ADDRESS_HTML|*", "{{{unsubscribe}}}",
    "{{{Unsubscribe}}}", "<%asm_group_unsubscribe_raw_url%>", "%unsubscribe_url%",
    "%mailing_list_unsubscribe_url%", "{{ UnsubscribeURL }}", "{unsubscribe_url}",
    "{{unsubscribe_url}}", "{{ unsubscribe }}", "%%unsub_center_url%%", "%%profile_center_url%%",
    "{% unsubscribe_link %}", "{{{RESEND_UNSUBSCRIBE_URL}}}", "%7B%7Bunsubscribe_url%7D%7D",
    "&#123;&#123;unsubscribe_url&#125;&#125;", "[[DELIVERY_INFO]]", "|UNSUB|", "${unsubscribeUrl}",
    "[unsubscribe]", "{shop_name}", "%%=v(@x)=%%", "*|", "|*", "{{", "}}", "{%", "%}", "<%", "%>",
)
TEMPLATING = (
    "{% if x %}", "{% endif %}", "{% for i in items %}", "{% endfor %}", "{{#each items}}", "{{/each}}",
    "{{> partial}}", "{{!-- note --}}", "{# note #}", "<%= user.name %>", "<% if a %>", "<?php echo 1 ?>",
    "{{ ''.__class__ }}", "{% raw %}", "{% endraw %}", "{{{{raw}}}}", "{{ x | safe }}",
    "@if($a)", "@endif", "${x}", "#{x}", "{{ {{ }} }}", "{% {% %} %}", "<{{tag}}>", "</{{tag}}>",
)
ENTITIES = (
    "&nbsp;", "&amp;", "&lt;", "&gt;", "&copy;", "&ndash;", "&eacute;", "&#233;", "&#xE9;", "&#0;",
    "&#x110000;", "&#99999999999999;", "&#xD800;", "&bogus;", "&", "&#", "&#x;", "&;", "&amp",
    "&nbsp", "&NotANamedOne;", "&x;", "&lol9;", "&#65", "&#x41",
)
DIRECTIVES = (
    "email-lint: kind=transactional", "email-lint: kind=commercial countries=fr,de",
    "email-lint: disable=EL002 -- reason", "email-lint: disable-next-line=EL001",
    "email-lint: disable-line=EL00", "email-lint: disable=", "email-lint: bogus",
    "email-lint: kind=", "email-lint: audience=b2b consent=opt-in first-contact=yes",
    "email-lint: countries=zz", "email-lint: disable=EL999,E -- x", "email-lint:",
    "email-lint: first-contact=maybe", "email-lint: disable=,,,",
)
STYLES = (
    "display:none", "display: none !important", "visibility:hidden", "font-size:0",
    "font-size:0px", "font-size:0.0em", "max-height:0;overflow:hidden", "opacity:0",
    "color:#fff;background:#fff", "color:white;background-color:#FFFFFF", "color:#ffffff",
    "color:rgb(1,2,3)", "color:rgba(1,2,3,0)", "color:rgba(1,2,3,1.2.3)", "color:rgba(1,2,3,.)",
    "color:rgb(999999999999999999999,0,0)", "background:url(x) #000", "color:", ":", ";;;",
    "font-size:", "color:#12", "color:#gggggg", "background-color:transparent", "color:inherit",
    "font-size:1e999px", "line-height:0", "height:0", "mso-hide:all", "color:hsl(0,0%,100%)",
)
URLS = (
    "https://example.com/unsubscribe", "#", "", "javascript:void(0)", "mailto:a@b.c",
    "mailto:", "http://", "https://[::1", "https://ex%zzample.com", "{{unsubscribe_url}}",
    "*|UNSUB|*", "tel:+331234", "https://example.com/login?next=/unsubscribe", "data:text/html,x",
    "https://example.com/" + "a" * 300, "\x00", "https://exa mple.com", "//example.com/opt-out",
)
HTML_TAGS = (
    "p", "div", "span", "a", "td", "tr", "table", "tbody", "b", "i", "font", "center", "br",
    "img", "style", "script", "head", "body", "html", "title", "h1", "li", "ul", "meta",
    "noscript", "template", "svg", "math", "select", "option", "textarea", "xmp", "plaintext",
    "iframe", "frameset", "area", "map", "o:p", "v:rect", "mj-text",
)
MJML_TAGS = (
    "mjml", "mj-head", "mj-body", "mj-section", "mj-column", "mj-text", "mj-button", "mj-image",
    "mj-raw", "mj-attributes", "mj-all", "mj-class", "mj-style", "mj-title", "mj-preview",
    "mj-navbar", "mj-navbar-link", "mj-social", "mj-social-element", "mj-hero", "mj-wrapper",
    "mj-include", "mj-font", "mj-table", "mj-divider", "mj-spacer", "mj-accordion", "p", "a", "span",
)
ATTRIBUTES = (
    "style", "href", "class", "id", "color", "background-color", "container-background-color",
    "font-size", "bgcolor", "hidden", "lang", "xml:lang", "alt", "src", "name", "mj-class",
    "css-class", "http-equiv", "content", "charset", "dir", "xmlns", "xmlns:x", "x:y",
)
CSS_BLOCKS = (
    ".hide{display:none}", "p{color:#fff;background:#fff}", "@media (max-width:600px){.x{display:none}}",
    "a.u{font-size:0}", "#f{visibility:hidden}", "/* unterminated", "}}}{{{", "@import url(http://x)",
    "a{color:red", ".a,.b,,{display:none}", "*{display:none}", "td > a{display:none}",
)
CHARSETS = (
    "utf-8", "UTF-8", "iso-8859-1", "latin1", "windows-1252", "cp1252", "utf-16", "utf-16le",
    "us-ascii", "x-unknown", "shift_jis", "iso-2022-jp", "koi8-r", "utf-7", "gb2312", "bogus charset",
    "", "utf-8\"; x=\"", "big5", "unicode-1-1-utf-7", "cp037",
)
ENCODINGS = ("utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "cp1252", "latin-1", "utf-32")

_text_piece = st.one_of(
    st.sampled_from(WORDS), st.sampled_from(MERGE_TAGS), st.sampled_from(TEMPLATING),
    st.sampled_from(ENTITIES), st.text(max_size=12),
)
inline_text = st.lists(_text_piece, max_size=6).map(" ".join)


def _attribute_value(name: str):
    if name == "style":
        return st.lists(st.sampled_from(STYLES), max_size=3).map(";".join)
    if name == "href":
        return st.one_of(st.sampled_from(URLS), st.sampled_from(MERGE_TAGS), st.text(max_size=10))
    if name in ("color", "background-color", "container-background-color", "bgcolor"):
        return st.sampled_from(("#fff", "#FFFFFF", "white", "#000", "rgb(0,0,0)", "", "#12", "red"))
    if name == "font-size":
        return st.sampled_from(("0", "0px", "12px", "", "-1px", "1e9px"))
    return inline_text


@st.composite
def attributes(draw) -> str:
    names = draw(st.lists(st.sampled_from(ATTRIBUTES), max_size=3))
    parts = []
    for name in names:
        value = draw(_attribute_value(name)).replace('"', "&quot;")
        quote = draw(st.sampled_from(('"', "'", "")))
        if quote == "'":
            value = value.replace("'", "&#39;")
        parts.append(f' {name}={quote}{value}{quote}' if draw(st.booleans()) else f" {name}")
    return "".join(parts)


@st.composite
def markup(draw, tags: tuple[str, ...] = HTML_TAGS, max_depth: int = 6) -> str:
    """A tree of tags with text, comments, directives and templating, maybe unbalanced."""
    parts: list[str] = []
    stack: list[str] = []
    for _ in range(draw(st.integers(0, 30))):
        choice = draw(st.integers(0, 9))
        if choice <= 2 and len(stack) < max_depth:
            tag = draw(st.sampled_from(tags))
            parts.append(f"<{tag}{draw(attributes())}>")
            if tag == "style" or tag == "mj-style":
                parts.append(draw(st.sampled_from(CSS_BLOCKS)))
            stack.append(tag)
        elif choice == 3 and stack:
            tag = stack.pop()
            if draw(st.integers(0, 9)):  # sometimes leave it unclosed
                parts.append(f"</{tag}>")
        elif choice == 4:
            parts.append(f"<!-- {draw(st.sampled_from(DIRECTIVES))} -->")
        elif choice == 5:
            parts.append(draw(st.sampled_from(TEMPLATING)))
        elif choice == 6:
            parts.append(f'<a href="{draw(st.sampled_from(URLS))}">{draw(inline_text)}</a>')
        elif choice == 7:
            parts.append(draw(st.sampled_from(("</p>", "</td></tr>", "<br/>", "<!--", "-->", "<![CDATA[",
                                                "]]>", "<!DOCTYPE html>", "<?xml version='1.0'?>", "</",
                                                "<", ">", "<a", "<p <p>", "<//>", "{#", "#}", "\x00"))))
        else:
            parts.append(draw(inline_text))
    while stack:
        tag = stack.pop()
        if draw(st.booleans()):
            parts.append(f"</{tag}>")
    return draw(st.sampled_from(("", "\n", " "))).join(parts)


@st.composite
def html_document(draw) -> str:
    head = ""
    if draw(st.booleans()):
        charset = draw(st.sampled_from(CHARSETS))
        head = f'<head><meta charset="{charset}"><title>{draw(inline_text)}</title></head>'
    lang = draw(st.sampled_from(("en", "fr", "de", "", "x-bad")))
    return f'<!DOCTYPE html><html lang="{lang}">{head}<body>{draw(markup())}</body></html>'


HOSTILE_DOCTYPES = (
    '<!DOCTYPE mjml [<!ENTITY x SYSTEM "file:///etc/passwd">]>',
    '<!DOCTYPE mjml SYSTEM "http://127.0.0.1:9/evil.dtd">',
    '<!DOCTYPE mjml [<!ENTITY % p SYSTEM "http://127.0.0.1:9/p.dtd"> %p;]>',
    '<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
    '<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>',
    '<!DOCTYPE mjml [<!ELEMENT mjml ANY><!ATTLIST mj-text css-class CDATA "x">]>',
    "<!DOCTYPE mjml [", "<!ENTITY", "]>",
)


@st.composite
def mjml_document(draw) -> str:
    doctype = draw(st.one_of(st.just(""), st.sampled_from(HOSTILE_DOCTYPES)))
    head = ""
    if draw(st.booleans()):
        head = ("<mj-head><mj-attributes><mj-all color=\"#fff\"/><mj-class name=\"h\" font-size=\"0\"/>"
                f"</mj-attributes><mj-title>{draw(inline_text)}</mj-title></mj-head>")
    body = draw(markup(tags=MJML_TAGS))
    refs = "".join(draw(st.lists(st.sampled_from(("&x;", "&lol3;", "&nbsp;", "&p;")), max_size=3)))
    return f"{doctype}<mjml>{head}<mj-body>{body}{refs}</mj-body></mjml>"


@st.composite
def text_document(draw) -> str:
    lines = draw(st.lists(st.one_of(inline_text, st.sampled_from(DIRECTIVES).map(lambda d: "# " + d),
                                    st.sampled_from(URLS), st.just("")), max_size=12))
    return "\n".join(lines)


def _encode(text: str, encoding: str) -> bytes:
    return text.encode(encoding, "replace")


@st.composite
def encoded(draw, text_strategy) -> bytes:
    """*text_strategy*'s text in a random encoding, sometimes two encodings mixed."""
    text = draw(text_strategy)
    encoding = draw(st.sampled_from(ENCODINGS))
    data = _encode(text, encoding)
    if draw(st.integers(0, 4)) == 0:  # mixed encodings: the tail in another codec
        cut = draw(st.integers(0, len(text)))
        data = _encode(text[:cut], encoding) + _encode(text[cut:], draw(st.sampled_from(ENCODINGS)))
    return data


@st.composite
def mangled(draw, data_strategy) -> bytes:
    """Random truncation, splicing and byte flips over *data_strategy*'s bytes."""
    data = bytearray(draw(data_strategy))
    for _ in range(draw(st.integers(0, 3))):
        operation = draw(st.integers(0, 3))
        if operation == 0 and data:  # truncate
            del data[draw(st.integers(0, len(data))):]
        elif operation == 1 and data:  # flip a byte
            data[draw(st.integers(0, len(data) - 1))] = draw(st.integers(0, 255))
        elif operation == 2:  # splice random bytes in
            at = draw(st.integers(0, len(data)))
            data[at:at] = draw(st.binary(max_size=16))
        elif operation == 3 and data:  # duplicate a slice
            start = draw(st.integers(0, len(data)))
            end = draw(st.integers(start, len(data)))
            at = draw(st.integers(0, len(data)))
            data[at:at] = data[start:end]
    return bytes(data)


# -- MIME ----------------------------------------------------------------------------------
TRANSFER_ENCODINGS = ("7bit", "8bit", "quoted-printable", "base64", "binary", "x-uuencode", "bogus", "")


def _transfer(body: bytes, cte: str, broken: bool) -> bytes:
    import base64
    import quopri

    if cte == "base64":
        out = base64.encodebytes(body)
        return out[: len(out) * 2 // 3] + b"!!@@" if broken else out
    if cte == "quoted-printable":
        out = quopri.encodestring(body)
        return out + b"=\n=ZZ=" if broken else out
    return body


@st.composite
def mime_part(draw, depth: int = 0) -> bytes:
    kind = draw(st.integers(0, 9 if depth < 3 else 6))
    if kind >= 7:  # nested multipart
        boundary = draw(st.sampled_from(("b1", "==b2==", "x" * 70, "", "b1", "same", "a b", "\"q\"")))
        subtype = draw(st.sampled_from(("alternative", "mixed", "related", "digest", "bogus")))
        children = draw(st.lists(mime_part(depth=depth + 1), max_size=3))
        body = b"".join(b"--" + boundary.encode() + b"\r\n" + c + b"\r\n" for c in children)
        if draw(st.booleans()):
            body += b"--" + boundary.encode() + b"--\r\n"
        header = f'Content-Type: multipart/{subtype}; boundary="{boundary}"\r\n'.encode()
        return header + b"\r\n" + b"preamble\r\n" + body
    subtype = draw(st.sampled_from(("html", "plain", "html", "calendar", "rfc822", "octet-stream")))
    maintype = "application" if subtype == "octet-stream" else "message" if subtype == "rfc822" else "text"
    charset = draw(st.sampled_from(CHARSETS))
    cte = draw(st.sampled_from(TRANSFER_ENCODINGS))
    source = draw(st.one_of(html_document(), text_document(), markup()))
    try:
        raw = source.encode(codecs.lookup(charset).name, "replace")
    except (LookupError, UnicodeError):
        raw = source.encode("utf-8", "surrogatepass")
    body = _transfer(raw, cte, draw(st.integers(0, 5)) == 0)
    disposition = draw(st.sampled_from(("", "Content-Disposition: attachment; filename=a.html\r\n",
                                        "Content-Disposition: inline\r\n", "Content-Disposition: \r\n")))
    header = (f'Content-Type: {maintype}/{subtype}; charset="{charset}"\r\n'
              f"Content-Transfer-Encoding: {cte}\r\n{disposition}").encode()
    return header + b"\r\n" + body


SUBJECTS = (
    "Hello", "=?utf-8?q?Se_d=C3=A9sabonner?=", "=?iso-8859-1?q?Se_d=E9sabonner?=",
    "=?x-unknown?q?abc?=", "=?utf-8?b?!!!?=", "=?utf-8?q?unterminated", "Werbung: Angebot",
    "=?utf-8?b?" + "QQ" * 5 + "?=", "\u00e9t\u00e9", "",
)


@st.composite
def eml_document(draw) -> bytes:
    headers = [
        f"From: {draw(st.sampled_from(('Acme <news@acme.example>', '=?utf-8?q?Acme?= <a@b>', '<>', '', 'x')))}",
        f"Subject: {draw(st.sampled_from(SUBJECTS))}",
        "MIME-Version: 1.0",
    ]
    if draw(st.booleans()):
        headers.append(f"List-Unsubscribe: <{draw(st.sampled_from(URLS))}>")
    if draw(st.booleans()):
        headers.append(f"Content-Language: {draw(st.sampled_from(('fr', 'de, en', '', ',', 'x' * 40)))}")
    head = "\r\n".join(h for h in headers if draw(st.integers(0, 6))).encode("utf-8")
    separator = draw(st.sampled_from((b"\r\n", b"\n", b"\r\n\t folded\r\n")))
    return head + separator + draw(mime_part())


# -- what the tests draw ---------------------------------------------------------------
def named(data_strategy, names=FILE_NAMES):
    return st.tuples(st.sampled_from(names), data_strategy)


#: Arbitrary bytes; half of them without NUL, which would make most of them "binary" at once.
arbitrary_bytes = st.one_of(st.binary(max_size=4096), st.binary(max_size=4096).map(lambda b: b.replace(b"\0", b"")))

any_input = st.one_of(
    named(arbitrary_bytes),
    named(encoded(html_document()), ("t.html", "t.html.twig", "noextension", "t.hbs")),
    named(mangled(encoded(html_document())), ("t.html", "noextension", "t.txt")),
    named(encoded(mjml_document()), ("t.mjml", "noextension", "t.mjml.twig")),
    named(mangled(encoded(mjml_document())), ("t.mjml",)),
    named(encoded(text_document()), ("t.txt", "t.txt.jinja", "noextension")),
    named(eml_document(), ("t.eml", "noextension")),
    named(mangled(eml_document()), ("t.eml",)),
)


# -- the oracle ------------------------------------------------------------------------
@lru_cache(maxsize=1)
def engine_and_config():
    from email_lint.config import build_config
    from email_lint.engine import Engine
    from email_lint.plugins import load_plugins

    rules = load_plugins().rules
    return Engine(rules), build_config({}, None, set(rules))


def lint(name: str, data: bytes):
    """Read *data* as *name* and run every rule; None when the file is cleanly refused.

    Any exception other than :class:`ReadError` escapes: that is a crash.
    """
    from email_lint.readers import read_bytes

    engine, config = engine_and_config()
    try:
        document = read_bytes(name, data)
        return engine.check_document(document, config)
    except ReadError:  # refused cleanly (not text, empty, a directive naming no known country...)
        return None
