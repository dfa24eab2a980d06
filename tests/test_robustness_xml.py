"""Hostile XML: external entities, billion laughs and DTD fetches are inert, bounded and reported.

Decision: such a file is still checked. The DOCTYPE is ignored (never loaded, fetched or
expanded), ``&name;`` references to declared entities read as plain text, and a warning
on stderr says so; the exit code is the one the findings give.
"""

from __future__ import annotations

import contextlib
import socket
import threading
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from email_lint.cli import main
from email_lint.readers import read_bytes
from email_lint.readers.mjml import parse_mjml

HOSTILE = Path(__file__).parent / "fixtures" / "hostile"
MJML_BODY = """<mjml><mj-body><mj-section><mj-column>
  <mj-text>Fernhill Outdoor Ltd. Value: &leak;</mj-text>
  <mj-button href="https://fernhill.example/u?x=&leak;">Unsubscribe</mj-button>
</mj-column></mj-section></mj-body></mjml>
"""


def _everything_read(document) -> str:
    return "\n".join([*(b.text for b in document.blocks), *(link.href for link in document.links), document.source])


@pytest.fixture
def secret(tmp_path) -> Path:
    path = tmp_path / "secret.txt"
    path.write_text("S3CRET-MARKER-do-not-read\n", encoding="utf-8")
    return path


@pytest.fixture
def listener():
    """A local TCP server that counts the connections made to it (a DTD fetch would be one)."""
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.bind(("127.0.0.1", 0))
    server.listen(8)
    server.settimeout(0.2)
    accepted: list[bytes] = []
    stop = threading.Event()

    def serve() -> None:
        while not stop.is_set():
            try:
                connection, _ = server.accept()
            except OSError:
                continue
            with connection:
                connection.settimeout(1)
                try:
                    accepted.append(connection.recv(4096))
                except OSError:
                    accepted.append(b"")

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    yield server.getsockname()[1], accepted
    stop.set()
    thread.join(2)
    server.close()


@pytest.fixture
def no_python_sockets(monkeypatch):
    """Any connection attempted from Python fails the test."""

    def refuse(*args, **kwargs):
        raise AssertionError(f"network access attempted: {args!r}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)


def test_external_file_entity_is_never_read(secret, no_python_sockets):
    source = f'<!DOCTYPE mjml [<!ENTITY leak SYSTEM "{secret.as_uri()}">]>\n{MJML_BODY}'
    document = read_bytes("t.mjml", source.encode())
    assert "S3CRET" not in _everything_read(document)
    assert "Fernhill Outdoor Ltd. Value: &leak;" in [b.text for b in document.blocks]
    assert document.warnings and "never loaded, fetched or expanded" in document.warnings[0]


def test_the_xml_parser_itself_resolves_no_entity(secret):
    """Below the escaping of unknown entities: the parser configuration alone is inert."""
    from lxml import etree

    from email_lint.readers.mjml import xml_parser

    raw = f'<!DOCTYPE mjml [<!ENTITY leak SYSTEM "{secret.as_uri()}">]><mjml><mj-text>&leak;</mj-text></mjml>'
    root = etree.fromstring(raw.encode(), xml_parser())
    assert "S3CRET" not in etree.tostring(root).decode()


def test_external_dtd_with_attribute_defaults_is_never_loaded(tmp_path):
    from lxml import etree

    from email_lint.readers.mjml import xml_parser

    dtd = tmp_path / "mjml.dtd"
    dtd.write_text('<!ATTLIST mj-text css-class CDATA "FROM-THE-DTD">', encoding="utf-8")
    raw = f'<!DOCTYPE mjml SYSTEM "{dtd.as_uri()}"><mjml><mj-text>Hi</mj-text></mjml>'
    assert etree.fromstring(raw.encode(), xml_parser()).find("mj-text").get("css-class") is None
    root = parse_mjml(raw)
    assert root.find(".//mj-text").get("css-class") is None


@pytest.mark.parametrize(
    "doctype",
    [
        '<!DOCTYPE mjml SYSTEM "http://127.0.0.1:{port}/mjml.dtd">',
        '<!DOCTYPE mjml PUBLIC "-//X//DTD MJML//EN" "http://127.0.0.1:{port}/mjml.dtd">',
        '<!DOCTYPE mjml [<!ENTITY leak SYSTEM "http://127.0.0.1:{port}/secret.txt">]>',
        '<!DOCTYPE mjml [<!ENTITY % remote SYSTEM "http://127.0.0.1:{port}/remote.dtd"> %remote;]>',
    ],
    ids=["system-dtd", "public-dtd", "external-entity", "parameter-entity"],
)
def test_nothing_is_fetched_over_the_network(doctype, listener, no_python_sockets):
    port, accepted = listener
    source = doctype.format(port=port) + "\n" + MJML_BODY
    for name in ("t.mjml", "t.html"):
        document = read_bytes(name, source.encode())
        assert any("Unsubscribe" in b.text for b in document.blocks)
    from lxml import etree

    from email_lint.readers.mjml import xml_parser

    raw = doctype.format(port=port) + "<mjml><mj-text>&leak;</mj-text></mjml>"
    with contextlib.suppress(etree.XMLSyntaxError):  # refusing is fine too: nothing may be fetched
        etree.fromstring(raw.encode(), xml_parser())
    time.sleep(0.3)  # a fetch, had there been one, would have reached the listener by now
    assert accepted == []


def test_billion_laughs_is_bounded_in_time_and_size():
    entities = '<!ENTITY lol0 "lol">' + "".join(
        f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 10)
    )
    source = f"<!DOCTYPE mjml [{entities}]>\n" + MJML_BODY.replace("&leak;", "&lol9;")
    for name in ("t.mjml", "t.html"):
        began = time.monotonic()
        document = read_bytes(name, source.encode())
        assert time.monotonic() - began < 2.0
        assert sum(len(b.text) for b in document.blocks) < 1_000  # 10^9 "lol"s were never built
        assert "&lol9;" in _everything_read(document)


def test_the_raw_parser_refuses_or_bounds_an_entity_bomb():
    from lxml import etree

    from email_lint.readers.mjml import xml_parser

    entities = '<!ENTITY a "aaaaaaaaaa">' + "".join(
        f'<!ENTITY {chr(98 + i)} "{f"&{chr(97 + i)};" * 10}">' for i in range(8)
    )
    raw = f"<!DOCTYPE m [{entities}]><m>&i;</m>"
    began = time.monotonic()
    try:
        root = etree.fromstring(raw.encode(), xml_parser())
    except etree.XMLSyntaxError:
        root = None
    assert time.monotonic() - began < 2.0
    assert root is None or len(etree.tostring(root)) < 10_000


def test_html_ignores_declared_entities_too(secret):
    source = f'<!DOCTYPE html [<!ENTITY leak SYSTEM "{secret.as_uri()}">]><html><body><p>Hi &leak;</p></body></html>'
    document = read_bytes("t.html", source.encode())
    assert "S3CRET" not in _everything_read(document)
    assert document.warnings


def test_ordinary_doctypes_give_no_warning():
    xhtml = ('<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" '
             '"http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">\n<html><body><p>Hi</p></body></html>')
    assert read_bytes("t.html", xhtml.encode()).warnings == []
    assert read_bytes("t.html", b"<!DOCTYPE html><html><body><p>Hi</p></body></html>").warnings == []
    assert read_bytes("t.mjml", MJML_BODY.replace("&leak;", "x").encode()).warnings == []


def test_cli_checks_hostile_files_and_reports_the_ignored_doctype():
    """Reported clearly: one warning line per file on stderr; the file is still checked."""
    names = ["xxe-file.mjml", "xxe-network.mjml", "external-dtd.mjml", "parameter-entity.mjml",
             "billion-laughs.mjml", "xxe.html"]
    began = time.monotonic()
    result = CliRunner().invoke(main, ["check", "--select", "EL002", *(str(HOSTILE / n) for n in names)])
    assert time.monotonic() - began < 20
    assert result.exit_code == 0, result.output + result.stderr
    warnings = [line for line in result.stderr.splitlines() if line.startswith("email-lint: warning: ")]
    assert len(warnings) == len(names)
    assert all("ignored (never loaded, fetched or expanded)" in line for line in warnings)
    assert "Traceback" not in result.stderr
    assert "root:" not in result.output  # nothing of /etc/passwd
