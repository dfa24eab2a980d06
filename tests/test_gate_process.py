"""``python -m email_lint gate`` as a real process: start-up, option errors, graceful stop on SIGTERM."""

from __future__ import annotations

import json
import signal
import smtplib
import socket
import subprocess
import sys
import time

import pytest

pytest.importorskip("aiosmtpd")
pytest.importorskip("aiosmtplib")

from gate_support import Sink
from test_gate import SENDER, message, trace_prefix


def start_gate(relay_port: int, log, *extra: str) -> tuple[subprocess.Popen, int]:
    proc = subprocess.Popen(
        [sys.executable, "-m", "email_lint", "gate", "--listen", "127.0.0.1:0", "--relay", f"127.0.0.1:{relay_port}",
         "--log", str(log), *extra],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail(f"the gate exited {proc.returncode}: {proc.stderr.read()}")
        if log.exists():
            starts = [json.loads(x) for x in log.read_text().splitlines() if '"start"' in x]
            if starts:
                return proc, int(starts[0]["listen"].rsplit(":", 1)[1])
        time.sleep(0.05)
    proc.kill()
    pytest.fail("the gate did not start within 30 s")


def refused(port: int) -> bool:
    try:
        socket.create_connection(("127.0.0.1", port), timeout=1).close()
    except ConnectionRefusedError:
        return True
    return False


def test_sigterm_stops_listening_finishes_open_transactions_and_exits_0(tmp_path):
    log = tmp_path / "gate.jsonl"
    sent = message()
    with Sink() as sink:
        proc, port = start_gate(sink.port, log, "--shutdown-timeout", "10")
        try:
            busy = smtplib.SMTP("127.0.0.1", port, timeout=10)
            busy.ehlo()
            assert busy.mail(SENDER)[0] == 250
            assert busy.rcpt("reader@example.org")[0] == 250
            idle = smtplib.SMTP("127.0.0.1", port, timeout=10)
            idle.ehlo()

            proc.send_signal(signal.SIGTERM)
            deadline = time.monotonic() + 5
            while not refused(port) and time.monotonic() < deadline:
                time.sleep(0.05)
            assert refused(port), "still accepting connections after SIGTERM"

            assert busy.data(sent)[0] == 250  # the open transaction finishes
            busy.quit()
            try:  # the idle session was told 421 and closed
                code = idle.noop()[0]
            except smtplib.SMTPServerDisconnected:
                code = 421
            assert code == 421
            assert proc.wait(timeout=15) == 0
        finally:
            if proc.poll() is None:
                proc.kill()
        [got] = sink.wait_for(1)
    trace_prefix(got.content, sent)
    events = [json.loads(x)["event"] for x in log.read_text().splitlines()]
    assert events == ["start", "message", "stop"]


@pytest.mark.parametrize("args, needle", [
    (["--listen", "nowhere", "--relay", "127.0.0.1:25"], "HOST:PORT"),
    (["--listen", "127.0.0.1:0", "--relay", "127.0.0.1:25", "--suppressions", "missing.csv"], "missing.csv"),
    (["--listen", "127.0.0.1:0", "--relay", "127.0.0.1:25", "--contacts", "nowhere.csv"], "nowhere.csv"),
    (["--listen", "127.0.0.1:0", "--relay", "127.0.0.1:25", "--esp", "pigeon-post"], "pigeon-post"),
])
def test_bad_options_give_one_line_and_exit_2(args, needle, tmp_path):
    result = subprocess.run([sys.executable, "-m", "email_lint", "gate", *args], capture_output=True, text=True,
                            cwd=tmp_path, timeout=60)
    assert result.returncode == 2
    assert needle in result.stderr and "Traceback" not in result.stderr


def test_a_port_in_use_is_one_line_and_exit_2(tmp_path):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = subprocess.run([sys.executable, "-m", "email_lint", "gate", "--listen", f"127.0.0.1:{port}",
                                 "--relay", "127.0.0.1:25"], capture_output=True, text=True, timeout=60)
    assert result.returncode == 2, result.stderr
    assert result.stderr.startswith("email-lint: error: cannot listen on") and "Traceback" not in result.stderr
