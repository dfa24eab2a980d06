"""No network, no execution: every fixture template is checked with sockets disabled, and
templating code with side effects is read as text, never evaluated."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner

from email_lint.cli import main

TESTS = Path(__file__).resolve().parent
REPO = TESTS.parent
HOSTILE = TESTS / "fixtures" / "hostile"


@pytest.fixture
def no_network(monkeypatch):
    """Sockets disabled: creating one, connecting or resolving a name fails the test."""
    attempts: list[str] = []

    def refuse(what):
        def refused(*args, **kwargs):
            attempts.append(what)
            raise OSError(f"network disabled in this test ({what})")

        return refused

    monkeypatch.setattr(socket.socket, "connect", refuse("connect"))
    monkeypatch.setattr(socket.socket, "connect_ex", refuse("connect_ex"))
    monkeypatch.setattr(socket.socket, "sendto", refuse("sendto"))
    monkeypatch.setattr(socket, "create_connection", refuse("create_connection"))
    monkeypatch.setattr(socket, "getaddrinfo", refuse("getaddrinfo"))
    monkeypatch.setattr(socket, "gethostbyname", refuse("gethostbyname"))
    yield attempts
    assert attempts == [], f"network access attempted: {attempts}"


def _rule_case_files(root: Path) -> list[Path]:
    """Every rule case of the repository written out as the file it pretends to be."""
    cases_dir = TESTS / "rule_cases"
    if not any(cases_dir.rglob("*.yaml")):
        return []
    from email_lint.testing import load_rule_cases

    written = []
    for number, case in enumerate(load_rule_cases(cases_dir)):
        folder = root / f"case{number:04d}"
        folder.mkdir()
        path = folder / Path(case.file).name
        path.write_text(case.source, encoding="utf-8")
        written.append(path)
    return written


def test_every_fixture_is_checked_with_sockets_disabled(tmp_path, no_network):
    targets = [REPO / "examples", HOSTILE, *_rule_case_files(tmp_path)]
    result = CliRunner().invoke(main, ["check", "--jobs", "1", "--format", "json", *map(str, targets)])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert result.exit_code in (0, 1, 2)
    findings = json.loads(result.stdout)
    assert findings, "the fixtures produce findings"
    for line in result.stderr.splitlines():
        assert line.startswith("email-lint: "), line
        assert "internal error" not in line and "crashed" not in line and "Traceback" not in line, line
    errors = [line for line in result.stderr.splitlines() if not line.startswith("email-lint: warning: ")]
    assert errors == [f"email-lint: {HOSTILE / 'binary.html'}: not a text file: binary content (NUL bytes)"]


_AUDIT_RUN = textwrap.dedent(
    """
    import json, sys
    events = []
    WATCHED = ("socket.", "subprocess.", "os.system", "os.exec", "os.posix_spawn", "os.spawn", "os.fork",
               "urllib.", "http.", "ftplib.", "smtplib.", "ctypes.")
    MARKER = "EMAIL_LINT_PWNED"
    def payload(code):  # a code object built from template text would hold the payload's strings
        return any(MARKER in str(const) or (hasattr(const, "co_consts") and payload(const))
                   for const in getattr(code, "co_consts", ()))
    def hook(event, args):
        if event.startswith(WATCHED):
            events.append(event)
        elif event == "compile" and MARKER in str(args[0]):
            events.append("compile of template text")
        elif event == "exec" and payload(args[0]):
            events.append("exec of template text")
    # Import first (compiling modules is fine), then watch only the run itself.
    from email_lint.cli import main
    import email_lint.readers.html, email_lint.readers.mjml, email_lint.readers.text, email_lint.readers.eml
    import email_lint.plugins, email_lint.runner, email_lint.formatters
    sys.addaudithook(hook)
    try:
        main(sys.argv[1:], standalone_mode=False)
    except SystemExit:
        pass
    engines = sorted(m for m in sys.modules
                     if m.split(".")[0] in {"jinja2", "mako", "chevron", "pybars", "django", "liquid", "pystache"})
    print(json.dumps({"events": sorted(set(events)), "engines": engines}), file=sys.stderr)
    """
)


def test_templating_code_with_side_effects_is_never_evaluated(tmp_path):
    """Jinja, Twig, ERB, PHP, Handlebars and SpEL payloads that would write files or spawn
    processes: read as text; no process, socket or code evaluation happens during the run."""
    template = tmp_path / "side-effects.html.j2"
    template.write_bytes((HOSTILE / "templating-side-effects.html.j2").read_bytes())
    run = subprocess.run(
        [sys.executable, "-c", _AUDIT_RUN, "check", "--jobs", "1", "--select", "EL002", str(template)],
        capture_output=True, text=True, timeout=120, cwd=tmp_path,
    )
    report = json.loads(run.stderr.strip().splitlines()[-1])
    assert report == {"events": [], "engines": []}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["side-effects.html.j2"]  # no EMAIL_LINT_PWNED_*
    assert run.stdout.strip().endswith("All checks passed!") or "EL002" not in run.stdout
