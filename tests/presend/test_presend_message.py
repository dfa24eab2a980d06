"""``check_message``: rendered messages in six languages judged as sent, recipients decided."""

from __future__ import annotations

import email
import email.policy
import json
import subprocess
import sys
import time
from pathlib import Path

import pytest

from email_lint import RecipientDecision, Verdict, check_message
from email_lint.errors import ConfigError
from email_lint.findings import Finding
from email_lint.presend.audience import Contact, SuppressionList
from email_lint.presend.message import MessageNotChecked

MESSAGES = Path(__file__).parent / "messages"
COUNTRY = {"en": "gb", "fr": "fr", "de": "de", "it": "it", "es": "es", "nl": "nl"}
LANGUAGES = sorted(COUNTRY)
CAMPAIGN = {"audience": "b2c", "consent": "double-opt-in"}


def _message(lang: str, variant: str) -> bytes:
    return (MESSAGES / f"{lang}-{variant}.eml").read_bytes()


@pytest.mark.parametrize("lang", LANGUAGES)
def test_compliant_message_is_not_blocked(lang):
    verdict = check_message(_message(lang, "compliant"), countries=(COUNTRY[lang],), **CAMPAIGN)
    assert isinstance(verdict, Verdict)
    assert verdict.blocked is False
    assert [f for f in verdict.findings if f.severity == "error"] == []


@pytest.mark.parametrize("lang", LANGUAGES)
def test_unreplaced_tag_blocks_the_message(lang):
    verdict = check_message(_message(lang, "unreplaced-tag"), countries=(COUNTRY[lang],), **CAMPAIGN)
    assert verdict.blocked is True
    assert verdict.codes == ("EL009",)
    finding = verdict.findings[0]
    assert isinstance(finding, Finding) and finding.line == 17 and "unreplaced" in finding.message


@pytest.mark.parametrize("lang", LANGUAGES)
def test_missing_one_click_headers_block_a_commercial_message(lang):
    verdict = check_message(_message(lang, "no-one-click"), countries=(COUNTRY[lang],), **CAMPAIGN)
    assert verdict.blocked is True
    expected = {"EL006", "EL007"} if lang in ("de", "es") else {"EL007"}
    assert set(verdict.codes) == expected


@pytest.mark.parametrize("lang", LANGUAGES)
def test_transactional_mail_needs_no_one_click_headers_but_no_tag_either(lang):
    assert check_message(_message(lang, "no-one-click"), kind="transactional").blocked is False
    assert check_message(_message(lang, "unreplaced-tag"), kind="transactional").codes == ("EL009",)


def test_the_same_template_checked_by_the_cli_keeps_its_tags():
    """``email-lint check`` judges templates: a tag there is expected, EL009 never runs."""
    from email_lint.testing import check_snippet

    findings = check_snippet(_message("fr", "unreplaced-tag"), "template.eml")
    assert "EL009" not in {f.code for f in findings}


def test_an_email_message_object_gives_the_same_verdict_as_its_bytes():
    raw = _message("de", "unreplaced-tag")
    parsed = email.message_from_bytes(raw, policy=email.policy.default)
    from_object = check_message(parsed, countries="de", **CAMPAIGN)
    from_bytes = check_message(raw, countries="de", **CAMPAIGN)
    assert from_object.codes == from_bytes.codes == ("EL009",)


def test_to_json_is_deterministic_and_complete():
    verdict = check_message(_message("it", "no-one-click"), countries=("it",),
                            recipients=["giulia.rossi@posta.example"], **CAMPAIGN)
    text = verdict.to_json()
    assert text == check_message(_message("it", "no-one-click"), countries=("it",),
                                 recipients=["giulia.rossi@posta.example"], **CAMPAIGN).to_json()
    data = json.loads(text)
    assert list(data) == sorted(data)
    assert data["blocked"] is True
    assert {f["code"] for f in data["findings"]} == {"EL007"}
    assert data["recipients"] == [{"address": "giulia.rossi@posta.example", "decision": "send", "details": [],
                                   "reasons": []}]


def test_recipients_are_decided_by_suppressions_and_lawful_basis():
    suppressions = SuppressionList(["Left@Example.org"])
    contacts = {"prospect@firma.example": Contact("prospect@firma.example", country="de", consent="opt-out")}
    verdict = check_message(
        _message("de", "compliant"), countries=("de",), audience="b2b", consent="double-opt-in",
        recipients=["jonas.weber@post.example", "left@example.org", "prospect@firma.example",
                    Contact("kunde@firma.example", consent="soft-opt-in", customer=True)],
        suppressions=suppressions, contacts=contacts,
    )
    assert verdict.blocked is False  # blocked recipients do not block the message
    decisions = {d.address: (d.decision, d.reasons) for d in verdict.recipients}
    assert decisions == {
        "jonas.weber@post.example": ("send", ()),
        "left@example.org": ("block", ("suppressed",)),
        "prospect@firma.example": ("block", ("consent-not-lawful",)),
        "kunde@firma.example": ("send", ()),
    }
    blocked = next(d for d in verdict.recipients if d.address == "prospect@firma.example")
    assert isinstance(blocked, RecipientDecision) and "Germany" in blocked.details[0]


def test_unreadable_message_raises_message_not_checked():
    with pytest.raises(MessageNotChecked):
        check_message(b"   \n")


def test_bad_campaign_field_is_a_config_error():
    with pytest.raises(ConfigError, match="audience"):
        check_message(_message("en", "compliant"), audience="consumers")
    with pytest.raises(ConfigError, match="zz"):
        check_message(_message("en", "compliant"), countries=("zz",))


def test_a_configuration_file_sets_the_campaign(tmp_path):
    config = tmp_path / "email-lint.toml"
    config.write_text('kind = "transactional"\n', encoding="utf-8")
    assert check_message(_message("nl", "no-one-click"), config=config).blocked is False
    assert check_message(_message("nl", "no-one-click"), config=config, kind="commercial").blocked is True


def test_warm_calls_on_a_60_kb_message_are_fast():
    from newsletter60k import newsletter_60k

    data = newsletter_60k()
    assert 55_000 < len(data) < 70_000
    check_message(data, countries=("gb",), **CAMPAIGN)  # builds the engine and the matcher
    timings = []
    for _ in range(5):
        # CPU time, not wall time: on a loaded machine (CI, or the shared 2-core VM at a load
        # average of 10) a call waits for a CPU several times longer than it computes.
        start = time.process_time()
        verdict = check_message(data, countries=("gb",), **CAMPAIGN)
        timings.append(time.process_time() - start)
    assert verdict.blocked is False
    # A few ms on an idle machine (see bench); generous here for loaded CI machines.
    assert min(timings) < 0.1, timings


def test_registry_and_engine_are_built_once_per_process():
    from email_lint.presend import warm

    check_message(_message("en", "compliant"))
    registry, hits = warm.registry(), warm.engine.cache_info().hits
    check_message(_message("en", "compliant"))
    assert warm.registry() is registry
    assert warm.engine.cache_info().hits == hits + 1


def test_import_email_lint_and_the_check_command_do_not_import_presend(tmp_path):
    template = tmp_path / "a.html"
    template.write_text("<p>Hello</p>", encoding="utf-8")
    code = (
        "import sys, email_lint\n"
        "assert not [m for m in sys.modules if m.startswith('email_lint.')], sorted(sys.modules)\n"
        "from click.testing import CliRunner\n"
        "from email_lint.cli import main\n"
        f"CliRunner().invoke(main, ['check', {str(template)!r}])\n"
        "print(sorted(m for m in sys.modules if m.startswith('email_lint.presend')))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
