"""The SMTP gate, tested as a server: a real gate on a loopback port, a real downstream sink, real clients."""

from __future__ import annotations

import json
import re
import smtplib
import socket
from concurrent.futures import ThreadPoolExecutor

import pytest

pytest.importorskip("aiosmtpd")
pytest.importorskip("aiosmtplib")

from gate_support import GateThread, Sink, free_port

from email_lint.presend.gate.run import GateOptions, build_policy

SENDER = "news@northwind.example"


def message(*, body_link: str = "https://northwind.example/unsubscribe?u=42", one_click: bool = True,
            message_id: str = "autumn-2026@northwind.example", extra_body: str = "") -> bytes:
    """A rendered commercial message in English, CRLF line endings as on the wire."""
    headers = [
        "From: Northwind Books <news@northwind.example>",
        "To: reader@example.org",
        "Subject: Our autumn reading list",
        "Date: Tue, 01 Dec 2026 09:00:00 +0000",
        f"Message-ID: <{message_id}>",
        "MIME-Version: 1.0",
    ]
    if one_click:
        headers += ["List-Unsubscribe: <https://northwind.example/unsubscribe?u=42>",
                    "List-Unsubscribe-Post: List-Unsubscribe=One-Click"]
    headers.append("Content-Type: text/html; charset=utf-8")
    body = [
        '<html lang="en"><body><p>Hello, here are ten novels our booksellers loved this autumn.</p>',
        "<p>Northwind Books Ltd, 14 Harbour Road, Bristol BS1 4RN, United Kingdom.</p>",
        "<p>This is an advertisement. You are receiving this email because you subscribed on",
        f'northwind.example. <a href="{body_link}">Unsubscribe</a> at any time.',
        '<a href="https://northwind.example/privacy">Privacy policy</a>.</p>',
        ".A line that starts with a dot, to test dot-stuffing both ways.",
        extra_body,
        "</body></html>",
    ]
    return ("\r\n".join(headers) + "\r\n\r\n" + "\r\n".join(body) + "\r\n").encode("utf-8")


NONCOMPLIANT = message(body_link="*|UNSUB|*", one_click=False, message_id="broken@northwind.example")
TRACE = re.compile(rb"\A(?:(?:Received|X-Email-Lint):[^\r\n]*\r\n(?:[ \t][^\r\n]*\r\n)*)+\Z")


def trace_prefix(received: bytes, sent: bytes) -> bytes:
    """What the gate put before the message; fails unless the rest is byte-identical."""
    assert received.endswith(sent), "the message body or headers were changed on the way"
    return received[: len(received) - len(sent)]


@pytest.fixture(scope="module")
def suppressions(tmp_path_factory):
    path = tmp_path_factory.mktemp("lists") / "suppressed.csv"
    path.write_text("email\nGone@Example.org\n", encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def policy(suppressions):
    return build_policy(GateOptions(listen=("127.0.0.1", 0), relay=("127.0.0.1", 0), suppressions=(suppressions,)))


@pytest.fixture
def sink():
    with Sink() as running:
        yield running


@pytest.fixture
def log_path(tmp_path):
    return tmp_path / "gate.jsonl"


@pytest.fixture
def gate(policy, sink, log_path):
    with GateThread(policy, sink.port, log_path=str(log_path)) as running:
        yield running


def log_lines(path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_compliant_message_arrives_byte_identical_but_for_trace_headers(gate, sink, log_path):
    sent = message()
    with smtplib.SMTP("127.0.0.1", gate.port, timeout=10) as client:
        assert client.sendmail(SENDER, ["reader@example.org"], sent) == {}
    [got] = sink.wait_for(1)
    assert got.rcpt_tos == ["reader@example.org"] and got.mail_from == SENDER
    prefix = trace_prefix(got.content, sent)
    assert TRACE.match(prefix), prefix
    assert b"X-Email-Lint: pass" in prefix and prefix.startswith(b"Received: from ")
    [record] = [r for r in log_lines(log_path) if r["event"] == "message"]
    assert record["decision"] == "relayed" and record["verdict"] == "pass" and record["reply"] == "250"
    assert record["message_id"] == "<autumn-2026@northwind.example>"
    # No campaign country: the recipient is not judged on consent, only warned about (country-unknown).
    assert record["recipients"] == {"send": 0, "warn": 1, "block": 0, "refused_by_relay": 0}
    assert "reader@example.org" not in log_path.read_text(encoding="utf-8")  # no addresses unless asked


def test_noncompliant_message_is_refused_with_550_and_its_codes(gate, sink, log_path):
    with smtplib.SMTP("127.0.0.1", gate.port, timeout=10) as client, pytest.raises(smtplib.SMTPDataError) as caught:
        client.sendmail(SENDER, ["reader@example.org"], NONCOMPLIANT)
    assert caught.value.smtp_code == 550
    text = caught.value.smtp_error.decode()
    assert text.startswith("5.7.1 email-lint: ")
    codes = text.removeprefix("5.7.1 email-lint: ").split()
    assert {"EL006", "EL007"} <= set(codes) and all(re.fullmatch(r"[A-Z]+\d{3}", c) for c in codes)
    assert sink.messages == []
    [record] = [r for r in log_lines(log_path) if r["event"] == "message"]
    assert record["decision"] == "rejected" and record["reply"] == "550" and record["codes"] == codes


def test_suppressed_recipient_is_refused_at_rcpt_while_the_others_are_delivered(gate, sink):
    sent = message()
    with smtplib.SMTP("127.0.0.1", gate.port, timeout=10) as client:
        refused = client.sendmail(SENDER, ["ann@example.org", "gone@example.org", "bob@example.org"], sent)
    assert refused == {"gone@example.org": (550, b"5.7.1 email-lint: suppressed")}
    [got] = sink.wait_for(1)
    assert got.rcpt_tos == ["ann@example.org", "bob@example.org"]
    trace_prefix(got.content, sent)


def test_tag_mode_relays_everything_with_the_verdict_in_a_header(policy, sink):
    with GateThread(policy, sink.port, mode="tag", log_path=None) as gate, \
            smtplib.SMTP("127.0.0.1", gate.port, timeout=10) as client:
        assert client.sendmail(SENDER, ["gone@example.org", "ann@example.org"], NONCOMPLIANT) == {}
    [got] = sink.wait_for(1)
    assert got.rcpt_tos == ["gone@example.org", "ann@example.org"]
    prefix = trace_prefix(got.content, NONCOMPLIANT).decode()
    header = re.search(r"X-Email-Lint: (.*?)\r\n(?! )", prefix, re.S).group(1).replace("\r\n ", " ")
    assert header.startswith("block; codes=") and "EL006" in header and header.endswith("block=1")


def test_relay_down_gives_4xx_and_the_retried_message_is_delivered(policy):
    port = free_port()  # nothing listens there yet
    sent = message()
    with GateThread(policy, port, log_path=None) as gate:
        with smtplib.SMTP("127.0.0.1", gate.port, timeout=10) as client, \
                pytest.raises(smtplib.SMTPSenderRefused) as caught:
            client.sendmail(SENDER, ["reader@example.org"], sent)
        assert 400 <= caught.value.smtp_code < 500
        with Sink(port) as sink, smtplib.SMTP("127.0.0.1", gate.port, timeout=10) as client:
            assert client.sendmail(SENDER, ["reader@example.org"], sent) == {}  # the client's retry
            [got] = sink.wait_for(1)
    trace_prefix(got.content, sent)


def test_relay_refusing_at_data_temporarily_gives_the_client_its_4xx(gate, sink):
    sink.handler.data_reply = "452 4.3.1 Insufficient system storage"
    with smtplib.SMTP("127.0.0.1", gate.port, timeout=10) as client, pytest.raises(smtplib.SMTPDataError) as caught:
        client.sendmail(SENDER, ["reader@example.org"], message())
    assert caught.value.smtp_code == 452


def test_relay_refusing_the_content_for_good_is_passed_through(gate, sink):
    sink.handler.data_reply = "554 5.6.0 Message content rejected"
    with smtplib.SMTP("127.0.0.1", gate.port, timeout=10) as client, pytest.raises(smtplib.SMTPDataError) as caught:
        client.sendmail(SENDER, ["reader@example.org"], message())
    assert caught.value.smtp_code == 554


def test_relay_refusing_a_recipient_for_good_is_passed_through(gate, sink):
    sink.handler.refuse_rcpt["nobody@example.org"] = "550 5.1.1 No such user"
    with smtplib.SMTP("127.0.0.1", gate.port, timeout=10) as client:
        refused = client.sendmail(SENDER, ["nobody@example.org", "ann@example.org"], message())
    assert refused == {"nobody@example.org": (550, b"5.1.1 No such user")}
    assert [m.rcpt_tos for m in sink.wait_for(1)] == [["ann@example.org"]]


def test_a_crashing_rule_answers_451_and_fail_open_relays_with_a_header(policy, sink, monkeypatch):
    import dataclasses

    from email_lint.presend import warm

    rules = warm.registry().rules  # the warm engines share this table
    monkeypatch.setitem(rules, "EL006", dataclasses.replace(rules["EL006"], check=_crash))
    with GateThread(policy, sink.port, log_path=None) as gate, \
            smtplib.SMTP("127.0.0.1", gate.port, timeout=10) as client, \
            pytest.raises(smtplib.SMTPDataError) as caught:
        client.sendmail(SENDER, ["reader@example.org"], message())
    assert (caught.value.smtp_code, caught.value.smtp_error[:5]) == (451, b"4.3.0")
    assert sink.messages == []
    with GateThread(policy, sink.port, log_path=None, fail_open=True) as gate, \
            smtplib.SMTP("127.0.0.1", gate.port, timeout=10) as client:
        client.sendmail(SENDER, ["reader@example.org"], message())
    [got] = sink.wait_for(1)
    assert b"X-Email-Lint: error" in trace_prefix(got.content, message())


def _crash(*_args, **_kwargs):
    raise RuntimeError("a bug in a rule")


def test_twenty_concurrent_clients_each_deliver_exactly_once(gate, sink):
    def send(i: int) -> dict:
        with smtplib.SMTP("127.0.0.1", gate.port, timeout=20) as client:
            return client.sendmail(SENDER, [f"reader{i}@example.org"], message(message_id=f"m{i}@northwind.example"))

    with ThreadPoolExecutor(max_workers=20) as pool:
        assert list(pool.map(send, range(20))) == [{}] * 20
    got = sink.wait_for(20)
    assert sorted(m.rcpt_tos[0] for m in got) == sorted(f"reader{i}@example.org" for i in range(20))
    for m in got:
        i = m.rcpt_tos[0].removeprefix("reader").removesuffix("@example.org")
        trace_prefix(m.content, message(message_id=f"m{i}@northwind.example"))


def test_a_20_mb_message_arrives_intact(gate, sink):
    import base64
    import os

    attachment = base64.encodebytes(os.urandom(15 * 1024 * 1024)).replace(b"\n", b"\r\n")
    html = message().split(b"\r\n\r\n", 1)
    head = html[0].replace(b"Content-Type: text/html; charset=utf-8", b'Content-Type: multipart/mixed; boundary="b1"')
    sent = (head + b"\r\n\r\n--b1\r\nContent-Type: text/html; charset=utf-8\r\n\r\n" + html[1]
            + b"--b1\r\nContent-Type: application/octet-stream\r\nContent-Transfer-Encoding: base64\r\n"
            + b'Content-Disposition: attachment; filename="catalogue.bin"\r\n\r\n' + attachment + b"--b1--\r\n")
    assert len(sent) > 20 * 1000 * 1000
    with smtplib.SMTP("127.0.0.1", gate.port, timeout=60) as client:
        assert client.sendmail(SENDER, ["reader@example.org"], sent) == {}
    [got] = sink.wait_for(1, timeout=30)
    assert b"X-Email-Lint: pass" in trace_prefix(got.content, sent)  # judged, not waved through


def test_a_relay_restarted_between_two_messages_of_one_session_gets_the_second(policy):
    port = free_port()
    first, second = message(message_id="one@northwind.example"), message(message_id="two@northwind.example")
    with GateThread(policy, port, log_path=None) as gate, smtplib.SMTP("127.0.0.1", gate.port, timeout=10) as client:
        with Sink(port) as sink:
            assert client.sendmail(SENDER, ["reader@example.org"], first) == {}
            sink.wait_for(1)
        with Sink(port) as restarted:  # the gate's relay session to the first sink is dead now
            assert client.sendmail(SENDER, ["reader@example.org"], second) == {}
            [got] = restarted.wait_for(1)
    trace_prefix(got.content, second)


def test_dot_stuffing_and_lines_ending_in_a_dot_survive_the_trip(gate, sink):
    tricky = ("Thanks.\r\n.\r\n..two dots.\r\n.\r\n" * 50) + "The end.\r\n"
    sent = message(extra_body=tricky)
    with smtplib.SMTP("127.0.0.1", gate.port, timeout=10) as client:  # smtplib stuffs the dots
        assert client.sendmail(SENDER, ["reader@example.org"], sent) == {}
    [got] = sink.wait_for(1)
    trace_prefix(got.content, sent)


def _raw_session(port: int, lines: list[bytes]) -> list[bytes]:
    """Send SMTP lines one by one on a raw socket; the reply after each."""
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        reader = sock.makefile("rb")
        replies = [reader.readline()]
        for line in lines:
            sock.sendall(line)
            reply = reader.readline()
            while reply[3:4] == b"-":  # multi-line (EHLO)
                reply = reader.readline()
            replies.append(reply)
        return replies


def test_an_empty_message_is_judged_not_hung(gate, sink):
    replies = _raw_session(gate.port, [b"EHLO client.example\r\n", b"MAIL FROM:<a@example.org>\r\n",
                                       b"RCPT TO:<b@example.org>\r\n", b"DATA\r\n", b".\r\n", b"QUIT\r\n"])
    assert [r[:3] for r in replies] == [b"220", b"250", b"250", b"250", b"354", b"550", b"221"]
    assert replies[5].startswith(b"550 5.6.0 email-lint: cannot check the message")  # no retry can help
    assert sink.messages == []


def test_a_message_over_the_size_limit_gets_552_and_the_session_goes_on(policy, sink):
    big = message(extra_body="<p>padding</p>\r\n" * 1000)
    with GateThread(policy, sink.port, log_path=None, max_message_size=10_000) as gate:
        with smtplib.SMTP("127.0.0.1", gate.port, timeout=10) as client:  # announced with SIZE: refused at MAIL
            with pytest.raises(smtplib.SMTPSenderRefused) as caught:
                client.sendmail(SENDER, ["reader@example.org"], big)
            assert caught.value.smtp_code == 552
        unannounced = big.replace(b"\r\n.", b"\r\n..") + b".\r\n"
        replies = _raw_session(gate.port, [b"EHLO c\r\n", b"MAIL FROM:<a@example.org>\r\n",
                                           b"RCPT TO:<b@example.org>\r\n", b"DATA\r\n", unannounced,
                                           b"MAIL FROM:<a@example.org>\r\n", b"QUIT\r\n"])
        assert [r[:3] for r in replies] == [b"220", b"250", b"250", b"250", b"354", b"552", b"250", b"221"]
    assert sink.messages == []


def test_a_client_that_drops_mid_message_leaves_nothing_behind(gate, sink):
    with socket.create_connection(("127.0.0.1", gate.port), timeout=10) as sock:
        for line in (b"EHLO c\r\n", b"MAIL FROM:<a@example.org>\r\n", b"RCPT TO:<b@example.org>\r\n", b"DATA\r\n"):
            sock.sendall(line)
        sock.sendall(message()[:500])
    with smtplib.SMTP("127.0.0.1", gate.port, timeout=10) as client:  # the gate still serves
        assert client.sendmail(SENDER, ["reader@example.org"], message()) == {}
    assert len(sink.wait_for(1)) == 1


CONTACTS = """email,country,audience,consent,status
anna@example.de,de,b2c,double-opt-in,subscribed
bernd@example.de,de,b2c,opt-out,subscribed
clara@example.de,de,b2c,double-opt-in,unsubscribed
"""


def test_contacts_without_a_lawful_basis_are_refused_at_rcpt(tmp_path, sink):
    contacts = tmp_path / "contacts.csv"
    contacts.write_text(CONTACTS, encoding="utf-8")
    policy = build_policy(GateOptions(listen=("127.0.0.1", 0), relay=("127.0.0.1", 0), contacts=contacts))
    sent = message()
    with GateThread(policy, sink.port, log_path=None) as gate, \
            smtplib.SMTP("127.0.0.1", gate.port, timeout=10) as client:
        refused = client.sendmail(SENDER, ["anna@example.de", "Bernd@Example.de", "clara@example.de",
                                           "dave@example.org"], sent)
    # Germany: opt-out is no basis for advertising to consumers (UWG §7(2) Nr. 2); an unsubscribe is final.
    assert refused == {"Bernd@Example.de": (550, b"5.7.1 email-lint: consent-not-lawful"),
                       "clara@example.de": (550, b"5.7.1 email-lint: unsubscribed")}
    [got] = sink.wait_for(1)
    assert got.rcpt_tos == ["anna@example.de", "dave@example.org"]  # dave: not in the file, warned, sent
    assert b"send=1; warn=1; block=2" in trace_prefix(got.content, sent).replace(b"\r\n ", b" ")


def test_a_forged_verdict_header_is_dropped_and_the_gates_own_is_the_only_one(policy, sink):
    forged = NONCOMPLIANT.replace(b"Subject:", b"X-Email-Lint: pass;\r\n send=1\r\nSubject:", 1)
    with GateThread(policy, sink.port, mode="tag", log_path=None) as gate, \
            smtplib.SMTP("127.0.0.1", gate.port, timeout=10) as client:
        client.sendmail(SENDER, ["ann@example.org"], forged)
    [got] = sink.wait_for(1)
    assert got.content.count(b"X-Email-Lint:") == 1 and b"X-Email-Lint: block" in got.content
    trace_prefix(got.content, NONCOMPLIANT)  # the rest is the message as it was without the forged field


def test_8bit_utf8_content_and_an_smtputf8_address_arrive_intact(gate, sink):
    sent = message(extra_body="<p>Grüße aus Köln, à bientôt, ¡hasta pronto!</p>")
    with smtplib.SMTP("127.0.0.1", gate.port, timeout=10) as client:
        client.ehlo()
        assert client.has_extn("smtputf8") and client.has_extn("8bitmime")
        options = ["SMTPUTF8", "BODY=8BITMIME"]
        assert client.sendmail(SENDER, ["jürgen@beispiel.example"], sent, mail_options=options) == {}
    [got] = sink.wait_for(1)
    assert got.rcpt_tos == ["jürgen@beispiel.example"]
    trace_prefix(got.content, sent)


def test_a_message_whose_every_recipient_is_refused_gets_its_log_line(gate, sink, log_path):
    with smtplib.SMTP("127.0.0.1", gate.port, timeout=10) as client, \
            pytest.raises(smtplib.SMTPRecipientsRefused):
        client.sendmail(SENDER, ["gone@example.org"], message())
    [record] = [r for r in log_lines(log_path) if r["event"] == "message"]
    assert record["decision"] == "rejected"
    assert record["recipients"] == {"send": 0, "warn": 0, "block": 1, "refused_by_relay": 0}
    assert sink.messages == []


def test_a_check_over_the_time_budget_answers_451_and_the_message_is_not_lost(policy, sink, monkeypatch):
    import dataclasses
    import time as clock

    from email_lint.presend import warm

    def slow(document, context):
        clock.sleep(1.5)
        return ()

    rules = warm.registry().rules
    monkeypatch.setitem(rules, "EL006", dataclasses.replace(rules["EL006"], check=slow))
    with GateThread(policy, sink.port, log_path=None, check_timeout=0.3) as gate, \
            smtplib.SMTP("127.0.0.1", gate.port, timeout=10) as client, \
            pytest.raises(smtplib.SMTPDataError) as caught:
        client.sendmail(SENDER, ["reader@example.org"], message())
    assert caught.value.smtp_code == 451 and b"took too long" in caught.value.smtp_error
    assert sink.messages == []
