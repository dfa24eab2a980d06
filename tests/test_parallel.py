"""--jobs: the output of N processes is byte-identical to one; the progress bar stays off
unless stderr is a terminal and the run is long."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import pytest

from email_lint import parallel
from email_lint.progress import Progress

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"

HTML = """<html lang="{lang}"><body>
<p>{label}</p>
<p>{body} (issue {n})</p>
{notice}
{company}
<p><a href="{href}">{unsub}</a></p>
</body></html>
"""
WORDS = {
    "en": ("Advertisement", "Fresh loaves every morning from the Brookside bakery.", "Unsubscribe",
           "<p>You are receiving this email because you joined our bread club.</p>",
           "<p>Brookside Bakery Ltd, 5 Wharf Street, Leeds LS2 7EQ</p>"),
    "fr": ("Publicité", "Des pains frais chaque matin à la boulangerie du Quai.", "Se désabonner",
           "<p>Vous recevez cet e-mail car vous êtes inscrit au club du pain.</p>",
           "<p>Boulangerie du Quai SARL, 12 quai Saint-Antoine, 69002 Lyon</p>"),
    "de": ("Anzeige", "Jeden Morgen frisches Brot aus der Backstube am Fluss.", "Abmelden",
           "<p>Sie erhalten diese E-Mail, weil Sie sich für unseren Brotclub angemeldet haben.</p>",
           "<p>Backstube am Fluss GmbH, Uferstraße 4, 50667 Köln</p>"),
}
EML = """From: {sender}
Subject: Weekly loaves {n}
{list_unsubscribe}Content-Type: text/plain; charset=utf-8

Advertisement
Fresh loaves every morning from the Brookside bakery.
You are receiving this email because you joined our bread club.
Brookside Bakery Ltd, 5 Wharf Street, Leeds LS2 7EQ
Unsubscribe: https://brookside-bakery.co.uk/u/{n}
"""


def generate(root: Path, count: int = 100) -> Path:
    """*count* templates with varied problems, formats, sub-folder configs and a binary file."""
    for n in range(count):
        folder = root / f"batch{n % 4}"
        folder.mkdir(parents=True, exist_ok=True)
        lang = ("en", "fr", "de")[n % 3]
        label, body, unsub, notice, company = WORDS[lang]
        if n % 5 == 4:
            text = EML.format(
                n=n,
                sender='"Brookside Bakery" <bread@brookside-bakery.co.uk>' if n % 2 else "loaves@gmail.com",
                list_unsubscribe="List-Unsubscribe: <https://brookside-bakery.co.uk/u>\n" if n % 3 else "",
            )
            (folder / f"mail-{n:03}.eml").write_text(text, encoding="utf-8")
            continue
        text = HTML.format(
            lang=lang, n=n, label=label if n % 7 else "", body=body, unsub=unsub,
            notice=notice if n % 3 else "", company=company if n % 4 else "",
            href="{{unsubscribe_url}}" if n % 6 else "#",
        )
        suffix = (".html", ".mjml.twig", ".txt", ".html.j2")[n % 4]
        if suffix == ".txt":
            text = "\n".join(line.strip("<p>/") for line in text.splitlines()[1:-1])
        if suffix == ".mjml.twig":
            column = f"<mj-column><mj-text>{text}</mj-text></mj-column>"
            text = f"<mjml><mj-body><mj-section>{column}</mj-section></mj-body></mjml>"
        (folder / f"template-{n:03}{suffix}").write_text(text, encoding="utf-8")
    (root / "batch1" / "email-lint.toml").write_text('kind = "transactional"\n', encoding="utf-8")
    (root / "batch2" / "broken.html").write_bytes(b"\x00\x01binary")
    return root


def run_cli(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "email_lint", "check", *args], cwd=cwd, capture_output=True,
                          timeout=300, check=False)


def assert_identical(target: Path, cwd: Path, *extra: str) -> subprocess.CompletedProcess:
    serial = run_cli("--jobs", "1", *extra, str(target), cwd=cwd)
    double = run_cli("--jobs", "2", *extra, str(target), cwd=cwd)
    assert serial.returncode in (0, 1, 2) and b"Traceback" not in serial.stderr, serial.stderr
    assert (double.returncode, double.stdout, double.stderr) == (serial.returncode, serial.stdout, serial.stderr)
    return serial


@pytest.mark.skipif(not EXAMPLES.is_dir(), reason="no examples/ folder")
@pytest.mark.parametrize("fmt", ["text", "json"])
def test_jobs_2_is_byte_identical_on_the_examples(fmt):
    result = assert_identical(Path("examples"), ROOT, "--format", fmt)
    assert result.stdout


@pytest.mark.parametrize("fmt", ["text", "sarif", "junit"])
def test_jobs_2_is_byte_identical_on_a_hundred_templates(tmp_path, fmt):
    generate(tmp_path / "t")
    result = assert_identical(Path("t"), tmp_path, "--format", fmt)
    assert result.returncode == 2  # the binary file
    if fmt == "text":
        lines = result.stdout.decode().splitlines()
        assert len(lines) > 50 and "broken.html" in result.stderr.decode()
        # batch1 has its own configuration (transactional: no data-source notice needed)
        assert any("EL003" in line for line in lines)
        assert not any("batch1" in line and "EL003" in line for line in lines)


def test_default_jobs_by_file_count(monkeypatch):
    monkeypatch.setattr(parallel, "cpu_count", lambda: 8)
    assert parallel.default_jobs(1) == 1
    assert parallel.default_jobs(parallel.PARALLEL_THRESHOLD) == 1
    assert parallel.default_jobs(parallel.PARALLEL_THRESHOLD + 1) == 8


def test_a_config_error_in_a_worker_exits_2_with_one_line(tmp_path):
    generate(tmp_path / "t", 30)
    (tmp_path / "t" / "batch3" / "email-lint.toml").write_text('colour = "blue"\n', encoding="utf-8")
    result = run_cli("--jobs", "2", "t", cwd=tmp_path)
    assert result.returncode == 2
    assert b"Traceback" not in result.stderr
    assert result.stderr.decode().strip().splitlines() == [
        line for line in result.stderr.decode().strip().splitlines() if line.startswith("email-lint: ")]
    assert b"colour" in result.stderr


def test_jobs_must_be_positive(tmp_path):
    result = run_cli("--jobs", "0", ".", cwd=tmp_path)
    assert result.returncode == 2 and b"Traceback" not in result.stderr


class FakeTerminal(io.StringIO):
    def isatty(self) -> bool:
        return True


class Clock:
    def __init__(self):
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_progress_is_silent_off_a_terminal():
    stream, clock = io.StringIO(), Clock()
    progress = Progress(100, stream, clock=clock)
    for _ in range(100):
        clock.now += 0.5
        progress.advance()
    progress.close()
    assert stream.getvalue() == ""


def test_progress_is_silent_for_a_short_run_on_a_terminal():
    stream, clock = FakeTerminal(), Clock()
    progress = Progress(100, stream, clock=clock)
    for _ in range(100):
        clock.now += 0.005
        progress.advance()
    progress.close()
    assert stream.getvalue() == ""


def test_progress_draws_on_a_terminal_for_a_long_run_then_clears_its_line():
    stream, clock = FakeTerminal(), Clock()
    progress = Progress(40, stream, clock=clock)
    for _ in range(40):
        clock.now += 0.05
        progress.advance()
    drawn = stream.getvalue()
    assert "40/40 files" in drawn and "[" + "#" * 30 + "]" in drawn
    assert drawn.count("\r") <= 12  # redrawn at most ten times a second, plus the last one
    progress.close()
    assert stream.getvalue().endswith("\r\x1b[2K")
