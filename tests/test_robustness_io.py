"""Issue 14: no traceback anywhere, the promised exit code, one line per problem.

The file system (unreadable files and folders, names with newlines or a leading dash),
standard input (closed, endless), the output (a full disk, a closed pipe), Ctrl-C,
configuration values of the wrong type or size, hostile baselines, the per-file time
budget, and decoders that used to print on stderr or crash.
"""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from email_lint.cli import main
from email_lint.timebudget import TimeBudgetExceeded, time_limit

CLEAN = (
    "<p>Acme Widgets Ltd, 10 High Street, Leeds LS1 4AB. This is an advertisement. You receive this "
    "email because you subscribed at acme.example.</p><a href='{{unsubscribe_url}}'>Unsubscribe</a>"
)
ROOT = os.geteuid() == 0 if hasattr(os, "geteuid") else False


def cli(*args: str, cwd: Path, **kwargs) -> subprocess.CompletedProcess:
    kwargs.setdefault("stdout", subprocess.PIPE)
    kwargs.setdefault("stderr", subprocess.PIPE)
    return subprocess.run([sys.executable, "-m", "email_lint", *args], cwd=cwd, timeout=120, **kwargs)


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def one_error_line(stderr: str) -> str:
    assert "Traceback" not in stderr
    lines = [line for line in stderr.splitlines() if line]
    assert len(lines) == 1, stderr
    return lines[0]


@pytest.fixture
def folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.html").write_text(CLEAN)
    (tmp_path / "b.html").write_text(CLEAN)
    return tmp_path


# -- the per-file time budget -----------------------------------------------------------------
def test_time_limit_stops_a_catastrophic_regex():
    began = time.monotonic()
    with pytest.raises(TimeBudgetExceeded, match=r"took longer than 0\.2 s"), time_limit(0.2):
        re.match(r"(?:a|a)*b", "a" * 40)
    assert time.monotonic() - began < 5


def test_time_limits_nest_and_clean_up():
    with time_limit(5):
        with pytest.raises(TimeBudgetExceeded), time_limit(0.1):
            while True:
                pass
        with time_limit(0):  # no limit
            pass
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)


def _slow_reader(monkeypatch):
    """Reading any file named slow*.html loops until the budget stops it."""
    import email_lint.engine as engine_module

    real = engine_module.read_file

    def read_file(display, path, *args, **kwargs):
        if Path(display).name.startswith("slow"):
            while True:
                time.sleep(0.01)
        return real(display, path, *args, **kwargs)

    monkeypatch.setattr(engine_module, "read_file", read_file)


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_file_over_the_time_budget_is_reported_and_the_run_goes_on(folder, monkeypatch, jobs):
    _slow_reader(monkeypatch)
    (folder / "slow.html").write_text(CLEAN)
    code, stdout, stderr = run("check", "--timeout", "0.3", "--jobs", jobs, "a.html", "slow.html", "b.html")
    assert code == 2
    assert one_error_line(stderr) == "email-lint: slow.html: took longer than 0.3 s; skipped"
    assert "2 files checked" in stdout and "1 file could not be checked" in stdout


def test_the_default_budget_is_ten_seconds():
    code, stdout, _ = run("check", "--help")
    assert code == 0 and "--timeout" in stdout and "default: 10.0" in " ".join(stdout.split())


# -- standard input ---------------------------------------------------------------------------
def test_closed_standard_input_is_one_line(folder):
    done = cli("check", "-", cwd=folder, stdin=None, preexec_fn=lambda: os.close(0))
    assert done.returncode == 2
    assert one_error_line(done.stderr.decode()) == "email-lint: -: cannot read standard input: it is closed"


def test_endless_standard_input_is_cut_at_the_size_limit(folder):
    with open("/dev/zero", "rb") as zeros:
        done = cli("check", "--max-file-size", "64k", "-", cwd=folder, stdin=zeros)
    assert done.returncode == 2
    assert "more than 65536 bytes is over max-file-size" in one_error_line(done.stderr.decode())


def test_standard_input_within_the_limit_is_checked(folder):
    done = cli("check", "--stdin-filename", "t.html", "-", cwd=folder, input=CLEAN.encode())
    assert done.returncode == 0, done.stderr


# -- output and signals -----------------------------------------------------------------------
@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
@pytest.mark.parametrize("extra", [(), ("--exit-zero",)])
def test_a_full_disk_is_one_line_and_exit_2(folder, extra):
    (folder / "bad.html").write_text("<p>hello</p>")
    with open("/dev/full", "w") as full:
        done = cli("check", *extra, "bad.html", cwd=folder, stdout=full, stderr=subprocess.PIPE)
    assert done.returncode == 2
    assert one_error_line(done.stderr.decode()) == (
        "email-lint: error: cannot write the report: No space left on device")


def test_a_reader_that_goes_away_is_no_error(folder):
    for number in range(200):
        (folder / f"bad{number}.html").write_text("<p>hello</p>")
    child = subprocess.Popen([sys.executable, "-m", "email_lint", "check", "."], cwd=folder,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    child.stdout.close()  # as `| head -0` does
    _, stderr = child.communicate(timeout=120)
    assert b"Traceback" not in stderr and b"Broken pipe" not in stderr
    assert child.returncode in (0, 1)


def test_ctrl_c_exits_130_without_a_traceback(folder):
    child = subprocess.Popen([sys.executable, "-m", "email_lint", "check", "-"], cwd=folder,
                             stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    wchan = Path(f"/proc/{child.pid}/wchan")
    while time.monotonic() < deadline:  # until it waits on standard input (imports done)
        time.sleep(0.2)
        if wchan.exists() and "pipe" in wchan.read_text():
            break
    else:  # pragma: no cover - no /proc: wait long enough for the imports
        time.sleep(5)
    child.send_signal(signal.SIGINT)
    _, stderr = child.communicate(timeout=60)
    assert child.returncode == 130
    assert one_error_line(stderr.decode()) == "email-lint: interrupted"


# -- the file system --------------------------------------------------------------------------
def test_an_unreadable_file_named_on_the_command_line_is_reported_and_the_others_checked(folder, monkeypatch):
    """Simulated (the suite may run as root): access() says no, opening raises EACCES."""
    secret = str(folder / "secret.html")
    (folder / "secret.html").write_text(CLEAN)
    real_access, real_open = os.access, os.open
    monkeypatch.setattr(os, "access", lambda p, mode, *a, **k: os.fspath(p) != secret and real_access(p, mode))

    def guarded_open(path, flags, *args, **kwargs):
        if os.path.abspath(os.fspath(path)) == secret:
            raise PermissionError(13, "Permission denied", os.fspath(path))
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", guarded_open)
    code, stdout, stderr = run("check", "a.html", "secret.html", "b.html")
    assert code == 2
    assert one_error_line(stderr) == "email-lint: secret.html: cannot read: Permission denied"
    assert "2 files checked" in stdout


def test_an_unsearchable_folder_does_not_stop_the_configuration_search(folder, monkeypatch):
    """Simulated: every file test inside locked/ raises EACCES, as in a folder without x."""
    (folder / "locked").mkdir()
    (folder / "locked" / "c.html").write_text(CLEAN)
    real_is_file = Path.is_file

    def is_file(self):
        if "locked" in self.parts and self.name != "c.html":
            raise PermissionError(13, "Permission denied", str(self))
        return real_is_file(self)

    monkeypatch.setattr(Path, "is_file", is_file)
    code, _, stderr = run("check", "a.html", "locked/c.html")
    assert code == 0, stderr


@pytest.mark.skipif(ROOT, reason="root reads every file")
def test_real_permissions_unreadable_file_and_unsearchable_folder(folder):  # pragma: no cover - not as root
    (folder / "secret.html").write_text(CLEAN)
    (folder / "secret.html").chmod(0)
    (folder / "locked").mkdir()
    (folder / "locked" / "c.html").write_text(CLEAN)
    (folder / "locked").chmod(0o600)
    try:
        done = cli("check", "a.html", "secret.html", "locked/c.html", ".", cwd=folder)
    finally:
        (folder / "locked").chmod(0o700)
    stderr = done.stderr.decode()
    assert done.returncode == 2 and "Traceback" not in stderr
    assert "secret.html: cannot read: Permission denied" in stderr


def test_a_newline_in_a_file_name_forges_no_finding_line(folder):
    name = "x.html\nforged.html:1:1: EL999 forged"
    (folder / name).write_text("<p>hello</p>")
    code, stdout, _stderr = run("check", name)
    assert code == 1
    assert not any(line.startswith("forged.html") for line in stdout.splitlines())
    assert "x.html\\nforged.html:1:1: EL999 forged:1:1: EL001" in stdout


def test_a_file_named_like_an_option_is_a_file(folder):
    (folder / "-rf.html").write_text(CLEAN)
    code, _stdout, stderr = run("check", "--", "-rf.html")
    assert code == 0, stderr
    hooks = (Path(__file__).parents[1] / ".pre-commit-hooks.yaml").read_text()
    assert re.search(r"^\s*entry: email-lint check .*--$", hooks, re.M)  # pre-commit appends the names after --


# -- configuration ----------------------------------------------------------------------------
@pytest.mark.parametrize(("toml", "expected"), [
    ("countries = 5", "countries must be a list of country codes"),
    ("overrides = 5", "overrides must be an array of tables"),
    ("[sender]\nname = 5", "sender.name must be a string"),
    ("max-file-size = 9223372036854775807", "max-file-size must be a number of bytes from 1 to"),
    ("max-file-size = 0", "max-file-size must be a number of bytes from 1 to"),
])
def test_a_configuration_value_of_the_wrong_type_or_size_is_one_line(folder, toml, expected):
    (folder / "email-lint.toml").write_text(toml + "\n")
    code, _, stderr = run("check", "a.html")
    assert code == 2
    line = one_error_line(stderr)
    assert "email-lint.toml" in line and expected in line


def test_a_long_extend_chain_is_one_line(folder):
    for number in range(1000):
        (folder / f"c{number}.toml").write_text(f'extend = "c{number + 1}.toml"\n')
    (folder / "c1000.toml").write_text("")
    code, _, stderr = run("check", "--config", "c0.toml", "a.html")
    assert code == 2
    assert "'extend' chains more than 32 files" in one_error_line(stderr)


@pytest.mark.parametrize("size", ["99999999999999999999G", "2G", "0"])
def test_an_impossible_max_file_size_is_a_usage_error(folder, size):
    code, _, stderr = run("check", "--max-file-size", size, "a.html")
    assert code == 2
    assert "max-file-size" in stderr and "Traceback" not in stderr


# -- baselines --------------------------------------------------------------------------------
def _baseline(folder: Path, findings) -> Path:
    path = folder / "baseline.json"
    path.write_text(json.dumps({"version": 1, "tool": "email-lint", "findings": findings}))
    return path


@pytest.mark.parametrize("count", ["1e400", "-1", "true", "1.5", "10000000000"])
def test_a_baseline_count_out_of_bounds_is_one_line(folder, count):
    entry = f'{{"path": "a.html", "code": "EL001", "fingerprint": "x", "count": {count}}}'
    (folder / "baseline.json").write_text(f'{{"version": 1, "findings": [{entry}]}}')
    code, _, stderr = run("check", "--baseline", "baseline.json", "a.html")
    assert code == 2
    assert "invalid baseline: count must be a whole number" in one_error_line(stderr)


def test_a_deeply_nested_baseline_is_one_line(folder):
    (folder / "baseline.json").write_text('{"version": 1, "findings": ' + "[" * 100_000 + "]" * 100_000 + "}")
    code, _, stderr = run("check", "--baseline", "baseline.json", "a.html")
    assert code == 2
    assert one_error_line(stderr).endswith("invalid baseline: nested too deeply")


def test_updating_a_baseline_never_writes_through_a_planted_link(folder):
    (folder / "bad.html").write_text("<p>hello</p>")
    victim = folder / "victim.txt"
    victim.write_text("untouched")
    (folder / "baseline.json.tmp").symlink_to(victim)
    code, _, stderr = run("check", "--baseline", "baseline.json", "--update-baseline", "bad.html")
    assert code == 0, stderr
    assert victim.read_text() == "untouched"
    assert (folder / "baseline.json.tmp").is_symlink()
    assert json.loads((folder / "baseline.json").read_text())["findings"]
    assert not [p for p in folder.iterdir() if p.name.endswith(".tmp") and p.name != "baseline.json.tmp"]


def test_a_baseline_that_is_a_link_is_replaced_not_written_through(folder):
    (folder / "bad.html").write_text("<p>hello</p>")
    victim = folder / "victim.json"
    victim.write_text("untouched")
    (folder / "baseline.json").symlink_to(victim)
    (folder / "victim.json").write_text(json.dumps({"version": 1, "findings": []}))
    code, _, _ = run("check", "--baseline", "baseline.json", "--update-baseline", "bad.html")
    assert code == 0
    assert json.loads(victim.read_text()) == {"version": 1, "findings": []}
    assert not (folder / "baseline.json").is_symlink()


# -- decoders ---------------------------------------------------------------------------------
def test_undecodable_bytes_print_nothing_unprefixed(folder):
    (folder / "odd.html").write_bytes(b"<p>" + b"\x81\x8d\x8f\x90\x9d" * 50 + b"\xc3\x28</p>")
    done = cli("check", "odd.html", cwd=folder)
    assert all(line.startswith("email-lint: ") for line in done.stderr.decode().splitlines())
    assert b"could not be decoded" not in done.stderr


def test_mjml_in_utf7_with_a_lone_surrogate_is_checked(folder):
    (folder / "t.mjml").write_bytes(b'<meta charset="utf-7"><mjml><mj-body><mj-text>Hi +2Dc-</mj-text>'
                                    b"</mj-body></mjml>")
    code, _, stderr = run("check", "t.mjml")
    assert code == 1 and "internal error" not in stderr and "Traceback" not in stderr


def test_an_eml_with_a_nul_charset_is_checked(folder):
    (folder / "t.eml").write_bytes(b'From: Acme <a@acme.example>\r\nContent-Type: text/plain; charset="\x00"\r\n\r\n'
                                   b"Hello\r\n")
    code, _, stderr = run("check", "t.eml")
    assert code == 1 and "internal error" not in stderr and "Traceback" not in stderr
