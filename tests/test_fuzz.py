"""Property-based tests: arbitrary bytes, mangled markup and random MIME never crash the linter.

The default profile runs a modest, derandomised number of examples so the suite stays
fast and deterministic; ``HYPOTHESIS_PROFILE=long`` runs many more. The long campaign
(100,000+ inputs, crashes recorded rather than stopping) is ``scripts/fuzz_campaign.py``.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from fuzz_inputs import (
    any_input,
    arbitrary_bytes,
    eml_document,
    encoded,
    engine_and_config,
    html_document,
    lint,
    mangled,
    mjml_document,
    named,
    text_document,
)
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

settings.register_profile(
    "default", max_examples=60, derandomize=True, deadline=None, database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.register_profile(
    "long", max_examples=5000, deadline=None, suppress_health_check=list(HealthCheck),
)
FUZZ = settings.get_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))


@FUZZ
@given(named(arbitrary_bytes))
def test_arbitrary_bytes_never_crash(sample):
    lint(*sample)


@FUZZ
@given(named(mangled(encoded(html_document())), ("t.html", "t.html.twig", "noextension")))
def test_mangled_html_never_crashes(sample):
    lint(*sample)


@FUZZ
@given(named(mangled(encoded(mjml_document())), ("t.mjml", "t.mjml.j2")))
def test_mangled_mjml_with_hostile_doctypes_never_crashes(sample):
    lint(*sample)


@FUZZ
@given(named(encoded(text_document()), ("t.txt", "t.txt.jinja", "noextension")))
def test_text_templates_never_crash(sample):
    lint(*sample)


@FUZZ
@given(named(st.one_of(eml_document(), mangled(eml_document())), ("t.eml",)))
def test_random_mime_structures_never_crash(sample):
    lint(*sample)


@FUZZ
@given(any_input)
def test_the_engine_reports_every_input_as_findings_or_one_clean_error(sample):
    """Through the engine's file entry point: findings or a read error, never an internal error."""
    name, data = sample
    engine, config = engine_and_config()
    result = engine.check_bytes(name, data, config)
    for error in result.errors:
        assert error.startswith(f"{name}: "), error
        assert "internal error" not in error and "crashed" not in error, error
        assert "\n" not in error and "Traceback" not in error


# -- regressions: the crashes the fuzzers found, each fixed at its root ---------------------
@pytest.mark.parametrize(
    ("name", "source"),
    [
        # css.normalize_color: float("1.2.3") and int() of a 5,000-digit number
        ("t.html", '<p style="color:rgba(1,2,3,1.2.3);background:rgba(0,0,0,.)">x</p>'),
        ("t.html", '<p style="color:rgb(' + "9" * 5000 + ',0,0)">x</p>'),
        # unsubscribe-link: urlsplit raises on an unbalanced IPv6 bracket
        ("t.html", '<a href="https://[::1/unsubscribe">Unsubscribe</a>'),
        # List-Unsubscribe header with the same broken host
        ("t.eml", "From: a@b.example\r\nList-Unsubscribe: <https://[::1/u>\r\n\r\nHello\r\n"),
        # RFC 2047 word naming a charset that is not even ASCII (email.errors.CharsetError)
        ("t.eml", "From: a@b.example\r\nSubject: =?utf-\xff\xfe?q?x?=\r\n\r\nHello\r\n"),
        # Content-Disposition with 8-bit bytes comes back as an email.header.Header
        ("t.eml", 'Content-Type: multipart/mixed; boundary="b"\r\n\r\n--b\r\n'
                  "Content-Disposition: inline; filename=\xe9t\xe9\r\nContent-Type: text/plain\r\n\r\nHi\r\n--b--\r\n"),
        # a text part that is binary: skipped with a warning, the message is still read
        ("t.eml", 'Content-Type: multipart/mixed; boundary="b"\r\n\r\n--b\r\nContent-Type: text/html\r\n\r\n'
                  "\x00\x01\x02<p>x</p>\r\n--b\r\nContent-Type: text/plain\r\n\r\nUnsubscribe\r\n--b--\r\n"),
    ],
    ids=["rgba-alpha", "huge-rgb", "ipv6-href", "ipv6-list-unsubscribe", "charset-error", "header-object",
         "binary-text-part"],
)
def test_fuzzer_findings_stay_fixed(name, source):
    lint(name, source.encode("latin-1"))


def test_binary_text_part_is_skipped_with_a_warning_not_the_whole_message():
    from email_lint.readers import read_bytes

    data = (b'Content-Type: multipart/mixed; boundary="b"\r\n\r\n--b\r\nContent-Type: text/html\r\n\r\n'
            b"\x00\x01\x02<p>x</p>\r\n--b\r\nContent-Type: text/plain\r\n\r\nUnsubscribe here\r\n--b--\r\n")
    document = read_bytes("t.eml", data)
    assert [b.text for b in document.blocks] == ["Unsubscribe here"]
    assert document.warnings == ["the text/html part at line 6 was skipped: binary content (NUL bytes)"]


def test_campaign_script_runs_and_reports_its_figures(tmp_path):
    """The long campaign's script, on a handful of inputs: it reports what it tried."""
    import json
    import subprocess
    import sys

    script = Path(__file__).resolve().parents[1] / "scripts" / "fuzz_campaign.py"
    out = tmp_path / "summary.json"
    run = subprocess.run(
        [sys.executable, str(script), "--inputs", "25", "--seed", "3", "--crash-dir", str(tmp_path / "c"),
         "--json", str(out)], capture_output=True, text=True, timeout=120,
    )
    summary = json.loads(out.read_text())
    assert summary["inputs_tried"] == 25
    assert summary["crash_signatures"] == 0, summary["crashes"]
    assert run.returncode == 0, run.stderr
