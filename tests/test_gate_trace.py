"""The gate's trace headers: what it adds, what it removes, and nothing else."""

from __future__ import annotations

from datetime import UTC, datetime

from email_lint.presend.gate.trace import lint_header, message_id, received, strip_lint_headers


def test_the_verdict_header_folds_at_76_columns_and_unfolds_to_its_value():
    codes = ["EL007", "EL006", "EL007"] + [f"FR{n}" for n in range(200, 215)]
    header = lint_header("block", codes, {"send": 2, "block": 1})
    lines = header.decode().split("\r\n")
    assert all(len(line) <= 76 for line in lines) and lines[-1] == ""
    assert all(line.startswith(" ") for line in lines[1:-1]) and len(lines) > 2
    value = " ".join(sorted(set(codes)))
    assert header.replace(b"\r\n ", b" ") == f"X-Email-Lint: block; codes={value}; send=2; warn=0; block=1\r\n".encode()


def test_received_names_the_hop_and_cannot_be_injected():
    line = received("evil\r\nX-Injected: 1", "127.0.0.1", "gate.example",
                    datetime(2026, 12, 1, 9, 0, tzinfo=UTC))
    assert line.startswith(b"Received: from evil??X-Injected:?1 ([127.0.0.1])\r\n\tby gate.example (email-lint gate)")
    assert line.count(b"\r\n") == 3 and b"Tue, 01 Dec 2026 09:00:00 +0000" in line


def test_only_header_fields_are_stripped():
    body = b"Subject: hi\r\n\r\nX-Email-Lint: pass is just words in a body\r\n"
    assert strip_lint_headers(body) is body
    forged = b"X-Email-Lint: pass;\r\n\trecipients=send:1\r\nSubject: hi\r\nx-email-lint:warn\r\n\r\nbody\r\n"
    assert strip_lint_headers(forged) == b"Subject: hi\r\n\r\nbody\r\n"


def test_message_id_is_read_from_the_header_block_only():
    assert message_id(b"Message-ID:\r\n <a@b.example>\r\n\r\nbody") == "<a@b.example>"
    assert message_id(b"Subject: x\r\n\r\nMessage-ID: <not@header.example>\r\n") is None
