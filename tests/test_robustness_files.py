"""Sizes and shapes: big files, deep nesting, huge messages, many files, links, FIFOs, permissions.

Each case gives a clear one-line message, in bounded time and memory, and the other
files of the run are still checked.
"""

from __future__ import annotations

import base64
import os
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path

import pytest
from click.testing import CliRunner

from email_lint.cli import main
from email_lint.config import DEFAULT_MAX_FILE_SIZE
from email_lint.errors import FileTooLarge, ReadError
from email_lint.readers import read_bytes, read_file

GOOD = """<html><body>
<p>Advertisement. Fernhill Outdoor Ltd, 22 Quarry Road, Sheffield S1 2AB.</p>
<p>You are receiving this email because you subscribed at fernhill.example.</p>
<p><a href="https://fernhill.example/unsubscribe">Unsubscribe</a></p>
</body></html>
"""
BAD = "<html><body><p>Big sale this weekend only!</p></body></html>\n"


def check(*args: str):
    return CliRunner().invoke(main, ["check", *args])


def lines_of(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.strip()]


@pytest.fixture
def good_and_bad(tmp_path) -> tuple[Path, Path]:
    good, bad = tmp_path / "good.html", tmp_path / "bad.html"
    good.write_text(GOOD, encoding="utf-8")
    bad.write_text(BAD, encoding="utf-8")
    return good, bad


# -- maximum file size ----------------------------------------------------------------------
def test_default_limit_is_five_mebibytes():
    assert DEFAULT_MAX_FILE_SIZE == 5 * 1024 * 1024


def test_a_file_over_the_limit_is_reported_and_skipped_and_the_others_are_checked(tmp_path, good_and_bad):
    good, bad = good_and_bad
    big = tmp_path / "big.html"
    big.write_text(GOOD + "<!--" + "x" * 4000 + "-->", encoding="utf-8")
    result = check("--max-file-size", "2k", "--select", "EL002", str(big), str(bad), str(good))
    assert result.exit_code == 2
    size = big.stat().st_size
    assert lines_of(result.stderr) == [f"email-lint: {big}: skipped, {size} bytes is over max-file-size (2048)"]
    assert f"{bad}:1:1: EL002" in result.output  # the other files are still checked
    assert str(good) not in result.output


def test_a_skipped_file_is_never_truncated_and_half_checked(tmp_path):
    """Were it truncated, the opt-out at its very end would be lost and EL002 would fire."""
    path = tmp_path / "long.html"
    path.write_text(GOOD.replace("<p>Advert", "<p>" + "filler " * 500 + "</p><p>Advert"), encoding="utf-8")
    limit = path.stat().st_size - 1
    result = check("--max-file-size", str(limit), "--select", "EL002", str(path))
    assert result.exit_code == 2 and "skipped" in result.stderr
    assert "EL002" not in result.output
    assert check("--max-file-size", str(limit + 1), "--select", "EL002", str(path)).exit_code == 0


def test_the_limit_comes_from_configuration_and_the_flag_wins(tmp_path, good_and_bad):
    good, _ = good_and_bad
    (tmp_path / "email-lint.toml").write_text("max-file-size = 100\n", encoding="utf-8")
    assert "over max-file-size (100)" in check("--select", "EL002", str(good)).stderr
    assert check("--max-file-size", "1M", "--select", "EL002", str(good)).exit_code == 0


@pytest.mark.parametrize("value", ["0", "-5", "ten", "5X", "1.5M", ""])
def test_a_bad_size_is_a_usage_error(value, good_and_bad):
    result = check("--max-file-size", value, str(good_and_bad[0]))
    assert result.exit_code == 2
    assert "Traceback" not in result.output + result.stderr


def test_standard_input_obeys_the_limit_too():
    result = CliRunner().invoke(main, ["check", "--max-file-size", "100", "--stdin-filename", "x.html", "-"],
                                input=GOOD)
    assert result.exit_code == 2 and "x.html: skipped" in result.stderr


# -- deep nesting -----------------------------------------------------------------------
@pytest.mark.parametrize(
    ("name", "source"),
    [
        ("deep.html", "<html><body>" + "<div>" * 10_000 + "<p>Acme Ltd</p>" + "</div>" * 10_000 + "</body></html>"),
        ("deep.html", "<html><body>" + "<span>" * 10_000 + "<p>unclosed</p></body></html>"),
        ("deep.mjml", "<mjml><mj-body>" + "<mj-section><mj-column>" * 5_000 + "<mj-text>Acme</mj-text>"
         + "</mj-column></mj-section>" * 5_000 + "</mj-body></mjml>"),
        ("deep.eml", "Content-Type: text/html\r\n\r\n" + "<b>" * 10_000 + "Acme"),
    ],
    ids=["html", "html-unclosed", "mjml", "eml-part"],
)
def test_ten_thousand_levels_give_a_clear_error_quickly(name, source):
    began = time.monotonic()
    with pytest.raises(ReadError, match="nested deeper than 2048 levels cannot be read whole: not checked"):
        read_bytes(name, source.encode())
    assert time.monotonic() - began < 5


@pytest.mark.parametrize("name", ["deep.html", "deep.mjml"])
def test_two_thousand_levels_are_read_whole(name):
    """Deeper than libxml2's default 256 levels, which silently dropped every text."""
    depth = 2_000 if name.endswith(".html") else 900
    inner = "<p>Acme Ltd</p><a href='https://acme.example/unsubscribe'>Unsubscribe</a>"
    if name.endswith(".mjml"):
        source = ("<mjml><mj-body><mj-text>" + "<div>" * depth + inner + "</div>" * depth
                  + "</mj-text></mj-body></mjml>")
    else:
        source = "<html><body>" + "<div>" * depth + inner + "</div>" * depth + "</body></html>"
    document = read_bytes(name, source.encode())
    assert [b.text for b in document.blocks if b.visible] == ["Acme Ltd", "Unsubscribe"]
    assert [link.href for link in document.links] == ["https://acme.example/unsubscribe"]


def test_deep_file_does_not_stop_the_run(tmp_path, good_and_bad):
    _, bad = good_and_bad
    deep = tmp_path / "deep.html"
    deep.write_text("<div>" * 10_000, encoding="utf-8")
    result = check(str(deep), str(bad))
    assert result.exit_code == 2
    assert lines_of(result.stderr) == [
        f"email-lint: {deep}: markup nested deeper than 2048 levels cannot be read whole: not checked"]
    assert f"{bad}:1:1: EL002" in result.output


# -- big messages -----------------------------------------------------------------------
def _message_with_attachment(path: Path, attachment_bytes: int, html: str = GOOD) -> None:
    chunk = base64.encodebytes(os.urandom(57 * 1024))  # 1,024 lines of 76 characters
    with path.open("wb") as out:
        out.write(b"From: Fernhill Outdoor <news@fernhill.example>\r\nSubject: Spring\r\nMIME-Version: 1.0\r\n"
                  b'Content-Type: multipart/mixed; boundary="outer"\r\n\r\n--outer\r\n'
                  b"Content-Type: text/html; charset=utf-8\r\n\r\n" + html.encode() + b"\r\n--outer\r\n"
                  b'Content-Type: application/zip; name="catalogue.zip"\r\n'
                  b"Content-Disposition: attachment\r\nContent-Transfer-Encoding: base64\r\n\r\n")
        written = 0
        while written < attachment_bytes:
            out.write(chunk)
            written += len(chunk)
        out.write(b"--outer--\r\n")


def test_a_message_with_big_attachments_is_read_without_loading_them(tmp_path):
    path = tmp_path / "big.eml"
    _message_with_attachment(path, 12 * 1024 * 1024)
    assert path.stat().st_size > DEFAULT_MAX_FILE_SIZE
    tracemalloc.start()
    try:
        began = time.monotonic()
        document = read_file(str(path), path, DEFAULT_MAX_FILE_SIZE)
        elapsed = time.monotonic() - began
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 2 * 1024 * 1024, f"peak {peak} bytes: the attachment was kept in memory"
    assert elapsed < 10
    assert "Unsubscribe" in [link.text for link in document.links]
    assert document.header("Subject") == "Spring"


def test_a_message_whose_text_is_over_the_limit_is_skipped(tmp_path):
    path = tmp_path / "long.eml"
    _message_with_attachment(path, 0, html=GOOD + "<p>" + "words " * 2_000 + "</p>")
    with pytest.raises(FileTooLarge, match=r"text parts are over max-file-size .* attachments do not count"):
        read_file(str(path), path, 4_096)
    result = check("--max-file-size", "4k", str(path))
    assert result.exit_code == 2 and "skipped" in result.stderr


# -- many files, links, permissions, special files -----------------------------------------
def test_a_directory_of_twenty_thousand_files(tmp_path):
    """Discovery lists every file once, in order, quickly; the templates among them are checked."""
    root = tmp_path / "repo"
    for folder in range(20):
        (root / f"f{folder:02d}").mkdir(parents=True)
    templates = []
    for number in range(20_000):
        folder = root / f"f{number % 20:02d}"
        if number % 40 == 0:
            path = folder / f"t{number:05d}.txt.j2"  # a lone .txt is not walked
            path.write_text(f"Offer {number}. Unsubscribe: https://acme.example/u/{number}\n", encoding="utf-8")
            templates.append(path)
        else:
            os.close(os.open(folder / f"asset{number:05d}.png", os.O_CREAT | os.O_WRONLY, 0o644))
    from email_lint.discovery import iter_files

    began = time.monotonic()
    found = [display for display, _, error in iter_files((str(root),)) if not error]
    assert time.monotonic() - began < 10
    assert found == sorted(str(p) for p in templates)
    result = check("--select", "EL002", "--jobs", "1", str(root))
    assert result.exit_code == 0, result.stderr
    assert f"{len(templates)} files" in result.output


def test_symlink_loops_are_reported_and_the_walk_goes_on(tmp_path, good_and_bad):
    _, bad = good_and_bad
    (tmp_path / "self.html").symlink_to("self.html")
    (tmp_path / "a.html").symlink_to("b.html")
    (tmp_path / "b.html").symlink_to("a.html")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "up").symlink_to("..", target_is_directory=True)  # a directory loop
    began = time.monotonic()
    result = check(str(tmp_path))
    assert time.monotonic() - began < 20
    assert result.exit_code == 2
    errors = lines_of(result.stderr)
    assert sorted(errors) == sorted(
        f"email-lint: {tmp_path / name}: cannot read: Too many levels of symbolic links"
        for name in ("a.html", "b.html", "self.html"))
    assert f"{bad}:1:1: EL002" in result.output
    assert result.output.count(f"{bad}:1:1: EL002") == 1  # the directory loop was not followed


@pytest.mark.skipif(not hasattr(os, "getuid") or os.getuid() == 0, reason="root reads files whatever their mode")
def test_an_unreadable_file_is_reported_and_the_others_are_checked(tmp_path, good_and_bad):
    _, bad = good_and_bad
    locked = tmp_path / "locked.html"
    locked.write_text(GOOD, encoding="utf-8")
    locked.chmod(0)
    try:
        result = check(str(locked), str(bad))
    finally:
        locked.chmod(0o644)
    assert result.exit_code == 2
    assert lines_of(result.stderr) == [f"email-lint: {locked}: cannot read: Permission denied"]
    assert f"{bad}:1:1: EL002" in result.output


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this platform")
def test_a_fifo_never_blocks_the_run(tmp_path, good_and_bad):
    """Named explicitly or met in a walk: refused before it is opened for a blocking read."""
    _, bad = good_and_bad
    fifo = tmp_path / "pipe.html"
    os.mkfifo(fifo)
    run = subprocess.run([sys.executable, "-m", "email_lint", "check", str(fifo), str(tmp_path)],
                         capture_output=True, text=True, timeout=60)
    assert run.returncode == 2
    assert lines_of(run.stderr) == [f"email-lint: {fifo}: not a regular file (a FIFO, device or socket): skipped"] * 2
    assert f"{bad}:1:1: EL002" in run.stdout


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this platform")
def test_read_file_refuses_a_fifo_without_opening_it_for_a_blocking_read(tmp_path):
    fifo = tmp_path / "pipe.eml"
    os.mkfifo(fifo)
    with pytest.raises(ReadError, match="not a regular file"):
        read_file(str(fifo), fifo, DEFAULT_MAX_FILE_SIZE)


def test_binary_and_empty_files_are_refused_in_one_line(tmp_path, good_and_bad):
    _, bad = good_and_bad
    (tmp_path / "logo.html").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    (tmp_path / "empty.html").write_bytes(b"")
    result = check(str(tmp_path))
    assert result.exit_code == 2
    assert sorted(lines_of(result.stderr)) == [
        f"email-lint: {tmp_path / 'empty.html'}: empty file",
        f"email-lint: {tmp_path / 'logo.html'}: not a text file: binary content (NUL bytes)",
    ]
    assert f"{bad}:1:1: EL002" in result.output


def test_a_permission_error_is_one_line_even_when_running_as_root(monkeypatch, tmp_path, good_and_bad):
    """The same path as chmod 000 for a non-root user, simulated where root reads anything."""
    _, bad = good_and_bad
    locked = tmp_path / "locked.html"
    locked.write_text(GOOD, encoding="utf-8")
    real_open = os.open

    def guarded_open(path, flags, *args, **kwargs):
        if Path(path) == locked:
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", guarded_open)
    result = check("--jobs", "1", str(locked), str(bad))
    assert result.exit_code == 2
    assert lines_of(result.stderr) == [f"email-lint: {locked}: cannot read: Permission denied"]
    assert f"{bad}:1:1: EL002" in result.output


def test_an_unreadable_directory_is_one_line_and_the_rest_is_walked(monkeypatch, tmp_path, good_and_bad):
    _, bad = good_and_bad
    locked = tmp_path / "locked"
    locked.mkdir()
    (locked / "hidden.html").write_text(BAD, encoding="utf-8")
    real_scandir = os.scandir

    def guarded_scandir(path="."):
        if Path(path) == locked:
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", guarded_scandir)
    result = check("--jobs", "1", str(tmp_path))
    assert result.exit_code == 2
    assert lines_of(result.stderr) == [f"email-lint: {locked}: cannot read directory: Permission denied"]
    assert f"{bad}:1:1: EL002" in result.output
    assert "hidden.html" not in result.output
