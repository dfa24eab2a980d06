"""What the ESP adds at send time (``esp``): its injections count as present, with evidence."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from email_lint.cli import main
from email_lint.context import Context
from email_lint.esp import ELEMENTS, catalogue, injected_elements

ROOT = Path(__file__).resolve().parents[1]

# A campaign with no unsubscribe link and no postal address: Mailchimp adds both in its footer.
NO_FOOTER = """<html lang="en"><body>
<p>Advertisement</p>
<p>Our spring pottery classes are open for booking.</p>
<p>You are receiving this email because you joined our studio newsletter.</p>
<p>Claymore Studio Ltd</p>
</body></html>
"""
WITH_UNSUB_TAG = NO_FOOTER.replace("</body>", '<p><a href="*|UNSUB|*">Unsubscribe</a></p>\n</body>')
EML_NO_HEADERS = """From: "Claymore Studio" <news@claymore.example>
To: ana@customer.example
Subject: Spring classes
Content-Type: text/plain; charset=utf-8

Advertisement. Our spring pottery classes are open.
You are receiving this email because you joined our studio newsletter.
Claymore Studio Ltd, 41 Tanner Street, Norwich NR3 1AX
Unsubscribe: https://claymore.example/unsubscribe?u=8f2a
"""


@pytest.fixture
def workdir(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "email-lint.toml").write_text("# stops the configuration search here\n", encoding="utf-8")
    return tmp_path


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def codes(*args: str) -> list[str]:
    result = CliRunner().invoke(main, ["check", "--format", "json", *args], catch_exceptions=False)
    assert result.exit_code in (0, 1), result.stderr
    return sorted(item["code"] for item in json.loads(result.stdout))


def test_mailchimp_footer_counts_as_unsubscribe_and_address(workdir):
    write(workdir / "spring.html", NO_FOOTER)
    assert {"EL002", "EL005"} <= set(codes("spring.html"))
    assert codes("--esp", "mailchimp", "spring.html") == []


def test_mailchimp_adds_no_footer_when_the_template_has_its_tag(workdir):
    """With *|UNSUB|* in the template Mailchimp adds no footer: the address must be there."""
    write(workdir / "spring.html", WITH_UNSUB_TAG)
    assert codes("--esp", "mailchimp", "spring.html") == ["EL005"]


def test_explain_shows_the_esp_evidence(workdir):
    write(workdir / "spring.html", NO_FOOTER)
    result = CliRunner().invoke(main, ["explain", "--esp", "mailchimp", "spring.html"], catch_exceptions=False)
    assert result.exit_code == 0, result.stderr
    lines = {line.split()[0]: line for line in result.stdout.splitlines()[1:] if line.startswith("  ")}
    for element in ("unsubscribe", "postal_address"):
        assert "present" in lines[element] and "esp: injected by Mailchimp at send time" in lines[element]
        assert "*|UNSUB|* is missing" in lines[element]
    data = CliRunner().invoke(main, ["explain", "--format", "json", "--esp", "mailchimp", "spring.html"]).stdout
    unsubscribe = next(e for e in json.loads(data)[0]["elements"] if e["element"] == "unsubscribe")
    assert unsubscribe["status"] == "present" and unsubscribe["evidence"][0]["source"] == "esp"


def test_esp_from_configuration_and_directive(workdir):
    write(workdir / "spring.html", NO_FOOTER)
    write(workdir / "email-lint.toml", 'esp = "mailchimp"\n')
    assert codes("spring.html") == []
    write(workdir / "email-lint.toml", "# no esp\n")
    write(workdir / "spring.html", "<!-- email-lint: esp=mailchimp -->\n" + NO_FOOTER)
    assert codes("spring.html") == []


def test_setting_dependent_injection_needs_esp_footer(workdir):
    write(workdir / "spring.html", NO_FOOTER)
    assert "EL002" in codes("--esp", "sendgrid", "spring.html")
    assert codes("--esp", "sendgrid", "--esp-footer", "spring.html") == ["EL005"]  # SendGrid adds no address
    write(workdir / "email-lint.toml", 'esp = "sendgrid"\nesp-footer = true\n')
    assert codes("spring.html") == ["EL005"]


def test_an_esp_that_adds_nothing(workdir):
    write(workdir / "spring.html", NO_FOOTER)
    assert {"EL002", "EL005"} <= set(codes("--esp", "mautic", "--esp-footer", "spring.html"))


def test_headers_injected_by_the_esp(workdir):
    write(workdir / "spring.eml", EML_NO_HEADERS)
    assert {"EL006", "EL007"} <= set(codes("spring.eml"))
    assert not {"EL006", "EL007"} & set(codes("--esp", "klaviyo", "spring.eml"))
    brevo = set(codes("--esp", "brevo", "spring.eml"))  # List-Unsubscribe documented, one-click not
    assert "EL006" not in brevo and "EL007" in brevo


def test_unknown_esp_is_one_clear_error(workdir):
    write(workdir / "spring.html", NO_FOOTER)
    result = CliRunner().invoke(main, ["check", "--esp", "mailfoo", "spring.html"])
    assert result.exit_code == 2
    assert result.stderr.strip().splitlines() == [
        "email-lint: error: command line: esp must be one of brevo, klaviyo, listmonk, mailchimp, mailgun, "
        "mautic, postmark, sendgrid, not 'mailfoo'"]
    write(workdir / "email-lint.toml", 'esp = "mailfoo"\n')
    result = CliRunner().invoke(main, ["check", "spring.html"])
    assert result.exit_code == 2 and "esp must be one of" in result.stderr
    write(workdir / "email-lint.toml", "# no esp\n")
    write(workdir / "spring.html", "<!-- email-lint: esp=mailfoo -->\n" + NO_FOOTER)
    assert "EL101" in codes("spring.html")


def test_injected_elements_api():
    assert injected_elements(Context()) == []
    mailchimp = injected_elements(Context(esp="mailchimp"))
    assert {element for element, _, _ in mailchimp} == set(ELEMENTS)
    assert all(reason.startswith("injected by Mailchimp") for _, _, reason in mailchimp)
    assert injected_elements(Context(esp="listmonk")) == []
    assert {e for e, _, _ in injected_elements(Context(esp="listmonk", esp_footer=True))} == {
        "list_unsubscribe_header", "one_click"}


def test_catalogue_covers_the_issue_esps_each_claim_sourced_and_documented():
    known = catalogue()
    assert {"mailchimp", "brevo", "sendgrid", "mailgun", "klaviyo", "mautic", "listmonk", "postmark"} <= set(known)
    doc = (ROOT / "docs" / "esp.md").read_text(encoding="utf-8")
    for esp in known.values():
        assert f"## {esp.name}" in doc, esp.name
        assert esp.injects or esp.nothing, f"{esp.key}: say what it adds, or that it adds nothing"
        for injection in esp.injects:
            assert re.match(r"https://", injection.source), injection
            assert injection.source in doc, f"docs/esp.md does not cite {injection.source}"


def test_configuration_schema_lists_every_esp():
    schema = json.loads((ROOT / "schemas" / "email-lint.schema.json").read_text(encoding="utf-8"))
    assert schema["$defs"]["context"]["esp"]["enum"] == sorted(catalogue())


def test_esp_per_folder_through_overrides(workdir):
    (workdir / "mailchimp").mkdir()
    (workdir / "own").mkdir()
    write(workdir / "mailchimp" / "spring.html", NO_FOOTER)
    write(workdir / "own" / "spring.html", NO_FOOTER)
    write(workdir / "email-lint.toml", '[[overrides]]\nfiles = ["mailchimp/"]\nesp = "mailchimp"\n')
    result = CliRunner().invoke(main, ["check", "--format", "json", "."], catch_exceptions=False)
    flagged = {(item["path"], item["code"]) for item in json.loads(result.stdout)}
    assert ("own/spring.html", "EL002") in flagged
    assert not any(path.startswith("mailchimp/") for path, _ in flagged)
