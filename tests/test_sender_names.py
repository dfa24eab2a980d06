"""Sender identity is a name: sign-offs, descriptions, headings and copyright lines in six
languages (data: tests/explain_cases/sender_names.yaml)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from email_lint.context import Context
from email_lint.detectors import detect
from email_lint.readers import read_bytes
from email_lint.rules.from_header import names_sender

CASES = yaml.safe_load((Path(__file__).parent / "explain_cases" / "sender_names.yaml").read_text(encoding="utf-8"))
IDS = [f"{c['lang']}-{i}-{'name' if 'name' in c else 'none'}" for i, c in enumerate(CASES["cases"])]


@pytest.mark.parametrize("case", CASES["cases"], ids=IDS)
def test_sender_evidence_is_a_name(case):
    document = read_bytes("mail.txt", "\n\n".join(case["lines"]).encode("utf-8"))
    found = detect(document, Context(), "sender_identity", complete=True)
    if "name" in case:
        assert found.present, found
        assert case["name"] in found.first.text, found.first
    else:
        assert not found.present, found.evidence
        reasons = " ".join(r.reason for r in found.rejected)
        assert case["none"] in reasons, found.rejected


@pytest.mark.parametrize(("display", "names"), [
    ("Newsletter", False), ("Info", False), ("Novedades", False), ("Nieuwsbrief", False), ("Les offres", False),
    ("Kundenservice", False), ("Servizio Clienti", False), ("No-Reply", False), ("The Team", False),
    ("Helicopter_flight_simulator", False), ("Harbour & Pine", True), ("Atelier Ardoise", True),
    ("{{ from_name }}", True), ("Acme Support", True),
])
def test_from_display_names_share_the_generic_words(display, names):
    assert names_sender(display) is names
