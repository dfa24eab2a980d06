"""Country packs from the command line: the B2B French prospecting example (passes for France,
fails for Germany), campaign context from every source, unknown countries, rule docs."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from email_lint.cli import main
from email_lint.plugins import load_plugins

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "country" / "fr-b2b-prospecting.html"
KNOWN = "known: be, ca, de, es, fr, gb, it, nl, us"
COUNTRY_RULES = [r for r in load_plugins().rules.values() if r.country]
FR_OFFER = "<p>Publicité — Atelier Lumière SARL, 8 rue des Tanneurs, 69002 Lyon : -20 % sur nos lampes.</p>\n"


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def codes(result) -> set[str]:
    return {m for m in re.findall(r":\d+:\d+:(?: \w+:)? ([A-Z]+\d{3}) ", result.stdout)}


@pytest.fixture
def workdir(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    return tmp_path


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


# -- done when: one B2B French opt-out prospecting template -----------------------------------
FR_FLAGS = ("--country", "fr", "--audience", "b2b", "--consent", "opt-out")


def test_french_b2b_prospecting_passes_for_france_in_text_and_json():
    text = run("check", *FR_FLAGS, str(EXAMPLE))
    assert text.exit_code == 0, text.stdout + text.stderr
    assert "All checks passed (1 file checked)." in text.stdout
    as_json = run("check", *FR_FLAGS, "--format", "json", str(EXAMPLE))
    assert as_json.exit_code == 0 and json.loads(as_json.stdout) == []


def test_the_french_rules_did_run_on_it(tmp_path):
    """Without its data-source sentence the same template fails FR204 at first contact."""
    source = EXAMPLE.read_text(encoding="utf-8").replace("Vos coordonnées proviennent de cet annuaire public.", "")
    broken = write(tmp_path / "fr-b2b-prospecting.html", source)
    result = run("check", *FR_FLAGS, str(broken))
    assert result.exit_code == 1 and codes(result) == {"FR204"}
    assert "France: first contact without a data-source notice" in result.stdout


def test_french_b2b_prospecting_fails_for_germany_with_the_consent_rule_in_text():
    result = run("check", "--country", "de", str(EXAMPLE))
    assert result.exit_code == 1
    line = next(line for line in result.stdout.splitlines() if " DE101 " in line)
    # The country shows in the code's prefix and in the message.
    assert re.match(r"^.+fr-b2b-prospecting\.html:1:1: DE101 .*consent=opt-out is not a lawful basis "
                    r"for advertising email to B2B recipients in Germany: .+ \[de-prior-consent\]$", line)
    assert not any(code.startswith("FR") for code in codes(result))


def test_french_b2b_prospecting_fails_for_germany_with_the_consent_rule_in_json():
    result = run("check", "--country", "de", "--audience", "b2b", "--consent", "opt-out", "--format", "json",
                 str(EXAMPLE))
    assert result.exit_code == 1
    findings = json.loads(result.stdout)
    consent = [f for f in findings if f["code"] == "DE101"]
    assert len(consent) == 1
    assert consent[0]["country"] == "DE" and consent[0]["rule"] == "de-prior-consent"
    assert consent[0]["severity"] == "error" and consent[0]["line"] == 1
    assert {f["country"] for f in findings} == {"DE"}


def test_the_example_passes_with_its_own_directive():
    result = run("check", str(EXAMPLE))
    assert result.exit_code == 0, result.stdout


# -- campaign context: configuration < directive < command line ------------------------------
def test_configuration_and_per_glob_overrides(workdir):
    write(workdir / "email-lint.toml", '''countries = ["FR"]
audience = "b2c"
consent = "opt-in"

[[overrides]]
files = ["prospection/**"]
audience = "b2b"
consent = "none"
''')
    write(workdir / "newsletter.html", FR_OFFER)
    write(workdir / "prospection" / "cabinets.html", FR_OFFER)
    result = run("check", "--select", "FR101", ".")
    assert result.exit_code == 1
    assert re.findall(r"^(\S+):1:1: FR101", result.stdout, re.M) == ["prospection/cabinets.html"]


def test_directive_in_mjml_mj_raw_and_in_a_text_comment(workdir):
    write(workdir / "offre.mjml", """<mjml>
  <mj-head><mj-raw><!-- email-lint: countries=fr audience=b2c consent=opt-out --></mj-raw></mj-head>
  <mj-body><mj-section><mj-column><mj-text>Publicité — Atelier Lumière SARL</mj-text></mj-column></mj-section></mj-body>
</mjml>
""")
    write(workdir / "offre.txt", "# email-lint: countries=de audience=b2b consent=opt-out\nAnzeige — Berger GmbH\n")
    write(workdir / "relance.txt.j2", "{# email-lint: countries=it consent=none #}\nPubblicità — Rossi S.r.l.\n")
    result = run("check", "--select", "FR101,DE101,IT101", ".")
    assert set(re.findall(r"^(\S+):1:1: ([A-Z]{2}101)", result.stdout, re.M)) == {
        ("offre.mjml", "FR101"), ("offre.txt", "DE101"), ("relance.txt.j2", "IT101")}


def test_command_line_beats_directive_beats_configuration(workdir):
    write(workdir / "email-lint.toml", 'countries = ["fr"]\naudience = "b2c"\nconsent = "opt-out"\n')
    write(workdir / "a.html", "<!-- email-lint: consent=double-opt-in -->\n" + FR_OFFER)
    assert run("check", "--select", "FR101", "a.html").exit_code == 0
    assert run("check", "--select", "FR101", "--consent", "none", "a.html").exit_code == 1
    # --country replaces the configured and directive countries.
    replaced = run("check", "--select", "FR101,DE101", "--country", "de", "--consent", "opt-out", "a.html")
    assert codes(replaced) == {"DE101"}


# -- unknown countries: exit 2 naming the known ones ------------------------------------------
def test_unknown_country_on_the_command_line(workdir):
    write(workdir / "a.html", FR_OFFER)
    result = run("check", "--country", "fr,xx", "a.html")
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr.strip() == f"email-lint: error: --country: unknown country code(s) xx: no loaded pack " \
                                    f"covers them ({KNOWN})"


def test_unknown_country_in_configuration(workdir):
    write(workdir / "email-lint.toml", 'countries = ["zz"]\n')
    write(workdir / "a.html", FR_OFFER)
    result = run("check", "a.html")
    assert result.exit_code == 2
    assert "email-lint.toml" in result.stderr and "unknown country code(s) zz" in result.stderr
    assert KNOWN in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr


def test_unknown_country_in_a_directive_stops_that_file_only(workdir):
    write(workdir / "a.html", "<!-- email-lint: countries=fr,qq -->\n" + FR_OFFER)
    write(workdir / "b.html", "<p>No sender, no opt-out.</p>\n")
    result = run("check", "a.html", "b.html")
    assert result.exit_code == 2
    assert result.stderr.strip().splitlines() == [
        f"email-lint: a.html: directive: unknown country code(s) qq: no loaded pack covers them ({KNOWN})"]
    assert "b.html:1:1: EL001" in result.stdout


def test_malformed_country_code_is_an_invalid_directive(workdir):
    write(workdir / "a.html", "<!-- email-lint: countries=france -->\n" + FR_OFFER)
    result = run("check", "--select", "EL101", "a.html")
    assert result.exit_code == 1 and "EL101" in result.stdout and "'france'" in result.stdout


def test_rules_with_an_unknown_country():
    result = run("rules", "--country", "xx")
    assert result.exit_code == 2 and KNOWN in result.stderr


# -- rule listing and documentation -----------------------------------------------------------
def test_rules_for_germany_b2b():
    result = run("rules", "--country", "de", "--audience", "b2b")
    assert result.exit_code == 0
    listed = set(re.findall(r"^([A-Z]+\d{3}) ", result.stdout, re.M))
    assert {"DE101", "DE209", "EL001", "EL005"} <= listed
    assert not any(code[:2] in ("FR", "IT", "US") for code in listed)
    assert re.search(r"^DE101\s+de-prior-consent\s+DE\s+de\s+.+\n\s+ref: UWG §7\(2\) Nr\. 2", result.stdout, re.M)
    b2c = run("rules", "--country", "de", "--audience", "b2c").stdout
    assert "DE101" in b2c and "DE209" not in b2c


def test_rules_json_gives_country_and_reference_for_every_country_rule():
    data = {r["code"]: r for r in json.loads(run("rules", "--format", "json").stdout)}
    for rule in COUNTRY_RULES:
        entry = data[rule.code]
        assert entry["country"] == rule.country.upper() and entry["reference"] == rule.reference
        assert entry["pack"] == rule.country


@pytest.mark.parametrize("rule", COUNTRY_RULES, ids=lambda r: r.code)
def test_rule_documents_every_country_rule(rule):
    result = run("rule", rule.code.lower())
    assert result.exit_code == 0
    for needle in (f"# {rule.name} ({rule.code})", f"Legal reference: {rule.reference}", "## What it does",
                   "## Why", "## Example", "## Use instead", "email-lint gives technical checks, not legal advice."):
        assert needle in result.stdout, needle
    assert result.stdout.count("not legal advice") == 1


def test_readme_shows_the_real_output(monkeypatch):
    monkeypatch.chdir(ROOT)
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for flags in (FR_FLAGS, ("--country", "de")):
        command = f"$ email-lint check {' '.join(flags)} examples/country/fr-b2b-prospecting.html\n"
        assert command in readme, command
        result = run("check", *flags, "examples/country/fr-b2b-prospecting.html")
        assert command + result.stdout in readme, result.stdout
