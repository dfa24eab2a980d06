"""The command line: exit codes, output formats, options, stdin, rule docs, bad input."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from email_lint.cli import main
from email_lint.exit_codes import ExitCode

COMPLIANT = """<html lang="en"><body>
<p>Advertisement</p>
<p>Our autumn bulb collection has landed.</p>
<p>You are receiving this email because you signed up at northwind.example.</p>
<p>Northwind Garden Supplies Ltd, 14 Mill Lane, Bristol BS1 5AA</p>
<p><a href="{{unsubscribe_url}}">Unsubscribe</a></p>
</body></html>
"""
# No data-source notice (EL003, line 1) and a hidden opt-out (EL002, line 7).
NON_COMPLIANT = """<html lang="en"><body>
<p>Advertisement</p>
<p>Our autumn bulb collection has landed.</p>
<p>Northwind Garden Supplies Ltd, 14 Mill Lane, Bristol BS1 5AA</p>
<table><tr><td style="background:#ffffff">
<p style="color:#ffffff">
<a href="{{unsubscribe_url}}">Unsubscribe</a></p>
</td></tr></table>
</body></html>
"""
MJML_FR = """<mjml lang="fr">
  <mj-body>
    <mj-section><mj-column>
      <mj-text>Publicité</mj-text>
      <mj-text>Les nouveautés d'automne sont arrivées&nbsp;!</mj-text>
      <mj-text>Atelier Lumière SARL &ndash; 8 rue des Tanneurs, 69002 Lyon</mj-text>
      <mj-text><a href="{{ unsubscribe_url }}">Se désinscrire</a></mj-text>
    </mj-column></mj-section>
  </mj-body>
</mjml>
"""
TEXT_LINE = re.compile(
    r"^(?P<path>.+?):(?P<line>\d+):(?P<column>\d+): (?P<code>[A-Z]+\d{3}) (?P<message>.+) \[(?P<rule>[a-z0-9-]+)\]$"
)
SUMMARY = re.compile(
    r"^(Found \d+ problems? in \d+ of \d+ files? checked\.|All checks passed \(\d+ files? checked\)\.)$"
)
JSON_REQUIRED = {"path", "line", "column", "code", "rule", "message", "severity"}
JSON_OPTIONAL = {"end_line", "url"}


@pytest.fixture
def workdir(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    return tmp_path


def write(path: Path, text: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def run(*args: str, input: str | bytes | None = None):
    return CliRunner().invoke(main, list(args), input=input, catch_exceptions=False)


def finding_lines(stdout: str) -> list[str]:
    return [line for line in stdout.splitlines() if not SUMMARY.match(line) and "could not be checked" not in line]


def codes_in(result) -> list[tuple[str, int]]:
    return [(m["code"], int(m["line"])) for m in map(TEXT_LINE.match, finding_lines(result.stdout)) if m]


# -- exit codes ------------------------------------------------------------------------------
def test_clean_file_exits_0(workdir):
    write(workdir / "ok.html", COMPLIANT)
    result = run("check", "ok.html")
    assert result.exit_code == ExitCode.OK == 0, result.stdout + result.stderr
    assert result.stdout == "All checks passed (1 file checked).\n"
    assert result.stderr == ""


def test_violations_exit_1(workdir):
    write(workdir / "bad.html", NON_COMPLIANT)
    result = run("check", "bad.html")
    assert result.exit_code == ExitCode.VIOLATIONS == 1
    assert codes_in(result) == [("EL003", 1), ("EL002", 7)]
    assert result.stderr == ""


def test_exit_codes_are_an_int_enum():
    assert [int(code) for code in ExitCode] == [0, 1, 2, 130]  # 130: Ctrl-C, as shells report it
    assert issubclass(ExitCode, int)


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["check", "--no-such-option", "ok.html"], "no-such-option"),
        (["check", "--select", "EL999", "ok.html"], "EL999"),
        (["check", "--ignore", "XX1", "ok.html"], "XX1"),
        (["check", "--format", "yaml", "ok.html"], "yaml"),
        (["check", "--kind", "promo", "ok.html"], "promo"),
        (["check", "--config", "missing.toml", "ok.html"], "missing.toml"),
        (["rule", "EL999"], "EL999"),
        (["frobnicate"], "frobnicate"),
    ],
)
def test_usage_errors_exit_2_with_a_message_and_no_traceback(workdir, args, words):
    write(workdir / "ok.html", COMPLIANT)
    result = CliRunner().invoke(main, args)
    assert result.exit_code == ExitCode.ERROR == 2
    assert words in result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    assert result.exception is None or isinstance(result.exception, SystemExit)


def test_bad_config_key_exits_2_with_one_line(workdir):
    write(workdir / "email-lint.toml", 'colour = "blue"\n')
    write(workdir / "ok.html", COMPLIANT)
    result = run("check", "ok.html")
    assert result.exit_code == 2
    assert len(result.stderr.strip().splitlines()) == 1
    assert "colour" in result.stderr and "email-lint.toml" in result.stderr
    assert "Traceback" not in result.stderr


def test_missing_path_exits_2_and_other_files_are_still_checked(workdir):
    write(workdir / "bad.html", NON_COMPLIANT)
    result = run("check", "nowhere.html", "bad.html")
    assert result.exit_code == 2
    assert codes_in(result) == [("EL003", 1), ("EL002", 7)]
    assert result.stderr.count("\n") == 1 and "nowhere.html" in result.stderr


# -- bad input: one line on stderr naming the file, exit 2, the rest still checked ----------
BAD_INPUTS = {
    "binary.html": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00",
    "empty.html": b"",
    "blank.txt": b"   \n\n\t\n",
    "undecodable.html": b"\xef\xbb\xbf<p>caf\xe9 \xff\xfe</p>",  # a UTF-8 BOM, then invalid UTF-8
    "zero.mjml": b"\x00" * 64,
    "broken.mjml": b"<mjml>\n  <mj-body>\n    <mj-section>\n      <mj-text>Half a templ",
}


@pytest.mark.parametrize("name", sorted(BAD_INPUTS))
def test_bad_input_is_reported_and_the_others_checked(workdir, name):
    write(workdir / name, BAD_INPUTS[name])
    write(workdir / "ok.html", COMPLIANT)
    write(workdir / "z-bad.html", NON_COMPLIANT)
    result = run("check", name, "ok.html", "z-bad.html")
    assert result.exit_code == 2, result.stdout + result.stderr
    errors = result.stderr.strip().splitlines()
    assert len(errors) == 1 and name in errors[0], result.stderr
    assert "Traceback" not in result.stderr
    assert codes_in(result) == [("EL003", 1), ("EL002", 7)]
    assert all(m and m["path"] == "z-bad.html" for m in map(TEXT_LINE.match, finding_lines(result.stdout)))


def test_dangling_symlink_is_a_read_error(workdir):
    os.symlink(workdir / "gone.html", workdir / "link.html")
    write(workdir / "ok.html", COMPLIANT)
    result = run("check", "link.html", "ok.html")
    assert result.exit_code == 2
    assert "link.html" in result.stderr and "Traceback" not in result.stderr


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root reads every file")
def test_unreadable_file_is_a_read_error(workdir):
    locked = write(workdir / "locked.html", COMPLIANT)
    locked.chmod(0)
    write(workdir / "ok.html", COMPLIANT)
    result = run("check", "locked.html", "ok.html")
    assert result.exit_code == 2 and "locked.html" in result.stderr


def test_exit_zero_hides_violations_but_not_errors(workdir):
    write(workdir / "bad.html", NON_COMPLIANT)
    result = run("check", "--exit-zero", "bad.html")
    assert result.exit_code == 0
    assert codes_in(result) == [("EL003", 1), ("EL002", 7)]
    result = run("check", "--exit-zero", "bad.html", "missing.html")
    assert result.exit_code == 2


# -- text output -----------------------------------------------------------------------------
def test_text_format_lines_and_summary(workdir):
    write(workdir / "bad.html", NON_COMPLIANT)
    write(workdir / "ok.html", COMPLIANT)
    result = run("check", "bad.html", "ok.html")
    lines = result.stdout.splitlines()
    assert lines[-1] == "Found 2 problems in 1 of 2 files checked."
    parsed = [TEXT_LINE.match(line) for line in lines[:-1]]
    assert all(parsed), lines
    assert [(m["path"], m["line"], m["column"], m["code"], m["rule"]) for m in parsed] == [
        ("bad.html", "1", "1", "EL003", "data-source-notice"),
        ("bad.html", "7", "1", "EL002", "unsubscribe-link"),
    ]
    assert "hidden" in parsed[1]["message"]


def test_text_warning_lines_keep_the_contract_shape(workdir):
    write(workdir / "email-lint.toml", '[severity]\nEL003 = "warning"\n')
    write(workdir / "bad.html", NON_COMPLIANT)
    result = run("check", "bad.html")
    assert all(TEXT_LINE.match(line) for line in finding_lines(result.stdout)), result.stdout


def test_quiet_prints_findings_only(workdir):
    write(workdir / "bad.html", NON_COMPLIANT)
    write(workdir / "ok.html", COMPLIANT)
    result = run("check", "--quiet", "bad.html", "ok.html")
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert len(lines) == 2 and all(TEXT_LINE.match(line) for line in lines)
    clean = run("check", "-q", "ok.html")
    assert clean.exit_code == 0 and clean.stdout == ""


# -- JSON output -----------------------------------------------------------------------------
def test_json_contract(workdir):
    write(workdir / "b" / "second.html", NON_COMPLIANT)
    write(workdir / "a.mjml", "<mjml><mj-body><mj-section><mj-column><mj-text>Hi</mj-text>"
                              "</mj-column></mj-section></mj-body></mjml>\n")
    result = run("check", "--format", "json", "b/second.html", "./a.mjml")
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert isinstance(data, list) and data
    for item in data:
        assert JSON_REQUIRED <= set(item) <= JSON_REQUIRED | JSON_OPTIONAL, sorted(item)
        assert isinstance(item["line"], int) and isinstance(item["column"], int)
        assert item["severity"] in ("error", "warning", "info")
        assert re.fullmatch(r"[A-Z]+\d{3}", item["code"]) and re.fullmatch(r"[a-z0-9-]+", item["rule"])
        if "url" in item:
            assert item["url"].startswith("http")
        if "end_line" in item:
            assert isinstance(item["end_line"], int) and item["end_line"] >= item["line"]
    assert {item["path"] for item in data} == {"b/second.html", "./a.mjml"}  # paths as given
    keys = [(item["path"], item["line"], item["code"]) for item in data]
    assert keys == sorted(keys)
    assert [(i["code"], i["line"]) for i in data if i["path"] == "b/second.html"] == [("EL003", 1), ("EL002", 7)]
    assert {i["code"] for i in data if i["path"] == "./a.mjml"} == {"EL001", "EL002", "EL003", "EL004", "EL005"}
    hidden = next(i for i in data if i["code"] == "EL002" and i["path"] == "b/second.html")
    assert hidden["rule"] == "unsubscribe-link" and hidden["severity"] == "error"


def test_json_clean_run_is_an_empty_array(workdir):
    write(workdir / "ok.html", COMPLIANT)
    result = run("check", "--format", "json", "ok.html")
    assert result.exit_code == 0
    assert json.loads(result.stdout) == []


def test_json_output_stays_json_when_a_file_cannot_be_read(workdir):
    write(workdir / "bad.html", NON_COMPLIANT)
    result = run("check", "--format", "json", "bad.html", "missing.html")
    assert result.exit_code == 2
    assert len(json.loads(result.stdout)) == 2
    assert "missing.html" in result.stderr


# -- selection, kind, directories ------------------------------------------------------------
@pytest.mark.parametrize(
    ("options", "expected"),
    [
        ([], {"EL001", "EL002", "EL003", "EL004", "EL005"}),
        (["--select", "EL002"], {"EL002"}),
        (["--select", "EL002,EL004"], {"EL002", "EL004"}),
        (["--select", "EL002", "--select", "EL005"], {"EL002", "EL005"}),
        (["--ignore", "EL00"], set()),
        (["--ignore", "EL001", "--ignore", "EL003,EL005"], {"EL002", "EL004"}),
        (["--select", "EL00", "--ignore", "EL003"], {"EL001", "EL002", "EL004", "EL005"}),
        (["--select", "EL002", "--ignore", "EL00"], {"EL002"}),  # the longest prefix wins
        (["--select", "el004"], {"EL004"}),
    ],
)
def test_select_and_ignore_by_prefix(workdir, options, expected):
    write(workdir / "bare.html", "<p>Hello.</p>\n")
    result = run("check", *options, "bare.html")
    assert {code for code, _ in codes_in(result)} == expected
    assert result.exit_code == (1 if expected else 0)


def test_kind_transactional_exempts_opt_out_data_source_and_commercial_statement(workdir):
    write(workdir / "bare.html", "<p>Your order has shipped.</p>\n")
    result = run("check", "--kind", "transactional", "bare.html")
    assert {code for code, _ in codes_in(result)} == {"EL001", "EL005"}
    commercial = run("check", "--kind", "commercial", "bare.html")
    assert {code for code, _ in codes_in(commercial)} == {"EL001", "EL002", "EL003", "EL004", "EL005"}


def test_cli_kind_beats_the_file_directive(workdir):
    receipt = "<div>\n<!-- email-lint: kind=transactional -->\n<p>Your order has shipped.</p>\n</div>\n"
    write(workdir / "receipt.html", receipt)
    assert "EL004" not in {c for c, _ in codes_in(run("check", "receipt.html"))}
    assert "EL004" in {c for c, _ in codes_in(run("check", "--kind", "commercial", "receipt.html"))}


def test_directory_walk_default_includes_and_exclude(workdir):
    write(workdir / "t" / "a.html", NON_COMPLIANT)
    write(workdir / "t" / "sub" / "b.mjml", MJML_FR)
    write(workdir / "t" / "sub" / "c.html.twig", NON_COMPLIANT)
    write(workdir / "t" / "sub" / "c.txt", "Hello.\n")  # the text part of c.html.twig
    write(workdir / "t" / "sub" / "requirements.txt", "click>=8\n")  # a lone .txt is not an email
    write(workdir / "t" / "vendor" / "e.html", NON_COMPLIANT)
    write(workdir / "t" / "notes.md", "# not a template\n")
    write(workdir / "t" / "logo.png", b"\x89PNG\r\n\x1a\n\x00")
    write(workdir / "t" / "node_modules" / "x.html", NON_COMPLIANT)
    result = run("check", "--format", "json", "t")
    paths = sorted({item["path"] for item in json.loads(result.stdout)})
    assert paths == ["t/a.html", "t/sub/b.mjml", "t/sub/c.html.twig", "t/sub/c.txt", "t/vendor/e.html"]
    assert result.exit_code == 1
    excluded = run("check", "--format", "json", "--exclude", "vendor", "--exclude", "*.twig", "t")
    # c.txt goes with c.html.twig: the text part of an excluded template is not an email of its own
    assert sorted({item["path"] for item in json.loads(excluded.stdout)}) == ["t/a.html", "t/sub/b.mjml"]
    summary = run("check", "t").stdout.splitlines()[-1]
    assert summary == "Found 12 problems in 5 of 5 files checked."


def test_explicit_file_is_checked_even_with_an_unknown_extension(workdir):
    write(workdir / "footer.partial", "<p>Hello</p>\n")
    result = run("check", "footer.partial")
    assert result.exit_code == 1 and codes_in(result)


# -- standard input --------------------------------------------------------------------------
def test_stdin_with_stdin_filename(workdir):
    result = run("check", "-", "--stdin-filename", "lettre.mjml", input=MJML_FR.encode())
    assert result.exit_code == 1
    assert codes_in(result) == [("EL003", 1)]
    assert all(TEXT_LINE.match(line)["path"] == "lettre.mjml" for line in finding_lines(result.stdout))


def test_stdin_json_and_format_from_the_name(workdir):
    source = "From: Kettle & Crane <a@shop.example>\nSubject: Hi\nList-Unsubscribe: <https://shop.example/u>\n\nHello\n"
    # As a message, the From display name identifies the sender; as plain text, nothing does.
    result = run("check", "--format", "json", "--select", "EL001", "-", "--stdin-filename", "x.eml",
                 input=source.encode())
    assert json.loads(result.stdout) == [] and result.exit_code == 0
    as_text = run("check", "--format", "json", "--select", "EL001", "-", "--stdin-filename", "x.txt",
                  input=source.encode())
    assert [(i["path"], i["code"]) for i in json.loads(as_text.stdout)] == [("x.txt", "EL001")]


def test_stdin_empty_is_a_read_error(workdir):
    result = run("check", "-", "--stdin-filename", "x.html", input=b"")
    assert result.exit_code == 2 and "x.html" in result.stderr


# -- rule documentation ----------------------------------------------------------------------
def test_rules_lists_every_rule():
    result = run("rules")
    assert result.exit_code == 0
    for code, name in [("EL001", "sender-identity"), ("EL002", "unsubscribe-link"), ("EL003", "data-source-notice"),
                       ("EL004", "commercial-statement"), ("EL005", "postal-address"),
                       ("EL100", "unused-suppression"), ("EL101", "invalid-directive")]:
        assert re.search(rf"^{code}\s+{name}\s", result.stdout, re.M), code
    as_json = json.loads(run("rules", "--format", "json").stdout)
    assert {"EL001", "EL005", "EL101"} <= {r["code"] for r in as_json}


@pytest.mark.parametrize("wanted", ["EL002", "el002", "unsubscribe-link"])
def test_rule_prints_its_documentation(wanted):
    result = run("rule", wanted)
    assert result.exit_code == 0
    for section in ("unsubscribe-link", "EL002", "## What it does", "## Why", "## Example", "## Use instead",
                    "16 CFR 316.5", "not legal advice"):
        assert section in result.stdout


def test_version():
    result = run("--version")
    assert result.exit_code == 0 and result.stdout.startswith("email-lint ")


# -- determinism and real processes ----------------------------------------------------------
def test_output_is_byte_identical_across_runs(workdir):
    for number in range(6):
        write(workdir / "t" / f"m{number}.html", NON_COMPLIANT if number % 2 else "<p>Bonjour à tous</p>\n")
    write(workdir / "t" / "fr.mjml", MJML_FR)
    first = run("check", "--format", "json", "t")
    second = run("check", "--format", "json", "t")
    assert first.stdout == second.stdout and first.stdout.strip() != "[]"
    assert run("check", "t").stdout == run("check", "t").stdout


def _console_script() -> str | None:
    beside = Path(sys.executable).with_name("email-lint")
    return str(beside) if beside.exists() else shutil.which("email-lint")


def _subprocess(argv: list[str], cwd: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONHASHSEED": "random"}
    return subprocess.run(argv, cwd=cwd, capture_output=True, timeout=60, env=env)


def test_console_script_and_python_m_agree(workdir):
    write(workdir / "bad.html", NON_COMPLIANT)
    write(workdir / "fr.mjml", MJML_FR)
    script = _console_script()
    if script is None:
        pytest.skip("the email-lint console script is not installed")
    args = ["check", "--format", "json", "bad.html", "fr.mjml"]
    via_script = _subprocess([script, *args], workdir)
    via_module = _subprocess([sys.executable, "-m", "email_lint", *args], workdir)
    assert via_script.returncode == via_module.returncode == 1, via_script.stderr
    assert via_script.stdout == via_module.stdout  # same bytes, different hash seeds
    assert [(i["path"], i["code"], i["line"]) for i in json.loads(via_script.stdout)] == [
        ("bad.html", "EL003", 1), ("bad.html", "EL002", 7), ("fr.mjml", "EL003", 1)]


def test_subprocess_bad_input_has_no_traceback(workdir):
    write(workdir / "binary.html", b"\x00\x01\x02")
    write(workdir / "ok.html", COMPLIANT)
    result = _subprocess([sys.executable, "-m", "email_lint", "check", "binary.html", "missing.html", "ok.html"],
                         workdir)
    assert result.returncode == 2
    stderr = result.stderr.decode()
    assert "Traceback" not in stderr and len(stderr.strip().splitlines()) == 2
    assert result.stdout.decode().endswith("(see errors above).\n")
