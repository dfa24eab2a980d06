"""Strict configuration: every accepted key does what it says or is rejected, one test per case;
the published JSON schema agrees with the loader; ``--show-settings`` shows what is in force."""

from __future__ import annotations

import json
import re
import tomllib
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner

from email_lint.cli import main
from email_lint.config import OVERRIDE_KEYS, TOP_KEYS, build_config
from email_lint.errors import ConfigError

ROOT = Path(__file__).resolve().parent.parent
SCHEMA = json.loads((ROOT / "schemas" / "email-lint.schema.json").read_text(encoding="utf-8"))
# Complete but for the data-source notice (EL003), with a dead unsubscribe link (EL002) on line 5.
TEMPLATE = """<html lang="en"><body>
<p>Advertisement</p>
<p>Our spring seed catalogue is out.</p>
<p>Northwind Garden Supplies Ltd, 14 Mill Lane, Bristol BS1 5AA</p>
<p><a href="#">Unsubscribe</a></p>
</body></html>
"""


@pytest.fixture
def root(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    return tmp_path


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def check(*args: str):
    result = CliRunner().invoke(main, ["check", "--format", "json", *args])
    findings = json.loads(result.stdout) if result.exit_code != 2 and result.stdout.strip() else []
    return result, findings


def codes(findings) -> list[str]:
    return sorted(f["code"] for f in findings)


# -- [[overrides]] select ---------------------------------------------------------------------
def test_override_select_narrows_the_rules_of_matching_files(root):
    write(root / "email-lint.toml", '[[overrides]]\nfiles = ["promo/**"]\nselect = ["EL002"]\n')
    write(root / "promo" / "a.html", TEMPLATE)
    write(root / "other" / "a.html", TEMPLATE)
    _, findings = check(".")
    by_path = {p: codes(f for f in findings if f["path"].startswith(p)) for p in ("promo", "other")}
    assert by_path == {"promo": ["EL002"], "other": ["EL002", "EL003"]}


def test_override_select_of_an_unknown_code_names_the_key_and_the_file(root):
    config = write(root / "email-lint.toml", '[[overrides]]\nfiles = ["*.html"]\nselect = ["EL999"]\n')
    write(root / "a.html", TEMPLATE)
    result, _ = check(".")
    assert result.exit_code == 2
    assert str(config) in result.stderr and "EL999" in result.stderr and result.stderr.count("\n") == 1


def test_unknown_override_key_is_rejected(root):
    write(root / "email-lint.toml", '[[overrides]]\nfiles = ["*.html"]\nsellect = ["EL002"]\n')
    write(root / "a.html", TEMPLATE)
    result, _ = check(".")
    assert result.exit_code == 2 and "sellect" in result.stderr and "email-lint.toml" in result.stderr


# -- --disable-plugin -------------------------------------------------------------------------
@pytest.mark.parametrize("command", [["check", "."], ["rules"], ["rule", "EL001"]])
def test_disable_plugin_with_an_unknown_name_exits_2_naming_the_known_ones(root, command):
    write(root / "a.html", TEMPLATE)
    result = CliRunner().invoke(main, [*command, "--disable-plugin", "frr"])
    assert result.exit_code == 2
    assert "'frr'" in result.stderr and "known: " in result.stderr and " fr," in result.stderr


def test_disable_plugin_with_a_known_name_still_works(root):
    write(root / "a.html", TEMPLATE)
    result = CliRunner().invoke(main, ["rules", "--disable-plugin", "fr", "--format", "json"])
    assert result.exit_code == 0 and not any(r["code"].startswith("FR") for r in json.loads(result.stdout))


# -- suppressions -----------------------------------------------------------------------------
def test_suppression_of_an_unknown_code_is_one_el101(root):
    write(root / "a.html", "<!-- email-lint: disable=EL999 -- not a rule -->\n" + TEMPLATE)
    _, findings = check("a.html")
    el101 = [f for f in findings if f["code"] == "EL101"]
    assert len(el101) == 1 and "EL999" in el101[0]["message"] and el101[0]["line"] == 1
    assert "EL100" not in codes(findings)  # unknown, not unused


def test_suppression_reason_without_dashes_is_one_el101(root):
    write(root / "a.html", "<!-- email-lint: disable=EL003 the notice comes from the ESP footer -->\n" + TEMPLATE)
    _, findings = check("a.html")
    el101 = [f for f in findings if f["code"] == "EL101"]
    assert len(el101) == 1, el101
    assert "' -- '" in el101[0]["message"] and "the notice comes from the ESP footer" in el101[0]["message"]
    assert "EL003" not in codes(findings)  # the codes before the stray words still count


# -- first_contact / first-contact ------------------------------------------------------------
FR_B2B = ["--country", "fr", "--audience", "b2b", "--consent", "opt-in"]


@pytest.mark.parametrize("spelling", ["first-contact", "first_contact"])
def test_first_contact_in_both_spellings_in_configuration(root, spelling):
    write(root / "email-lint.toml", f"{spelling} = true\n")
    write(root / "a.html", TEMPLATE)
    _, findings = check(*FR_B2B, "a.html")
    assert "FR204" in codes(findings)


@pytest.mark.parametrize("spelling", ["first-contact", "first_contact"])
def test_first_contact_in_both_spellings_in_an_override(root, spelling):
    write(root / "email-lint.toml", f'[[overrides]]\nfiles = ["*.html"]\n{spelling} = true\n')
    write(root / "a.html", TEMPLATE)
    _, findings = check(*FR_B2B, "a.html")
    assert "FR204" in codes(findings)


@pytest.mark.parametrize("spelling", ["first-contact", "first_contact"])
def test_first_contact_in_both_spellings_in_a_directive(root, spelling):
    write(root / "a.html", f"<!-- email-lint: {spelling}=true -->\n" + TEMPLATE)
    _, findings = check(*FR_B2B, "a.html")
    assert "FR204" in codes(findings) and "EL101" not in codes(findings)


@pytest.mark.parametrize("flag", ["--first-contact", "--first_contact"])
def test_first_contact_in_both_spellings_on_the_command_line(root, flag):
    write(root / "a.html", TEMPLATE)
    _, findings = check(*FR_B2B, flag, "a.html")
    assert "FR204" in codes(findings)


def test_both_spellings_at_once_are_rejected(root):
    write(root / "email-lint.toml", "first-contact = true\nfirst_contact = false\n")
    write(root / "a.html", TEMPLATE)
    result, _ = check("a.html")
    assert result.exit_code == 2 and "first_contact" in result.stderr and "email-lint.toml" in result.stderr


# -- the JSON schema --------------------------------------------------------------------------
def validate(table: dict) -> None:
    jsonschema.Draft202012Validator(SCHEMA).validate(table)


def test_schema_is_a_valid_draft_2020_12_schema():
    jsonschema.Draft202012Validator.check_schema(SCHEMA)


def test_schema_knows_every_key_the_loader_accepts_and_no_other():
    assert set(SCHEMA["properties"]) == TOP_KEYS, "add the key to schemas/email-lint.schema.json"
    override = SCHEMA["properties"]["overrides"]["items"]["properties"]
    assert set(override) == OVERRIDE_KEYS, "add the key to schemas/email-lint.schema.json (overrides)"


def readme_tables() -> list[tuple[str, dict]]:
    """Every ``[tool.email-lint]`` table of the TOML blocks in the README and docs."""
    found = []
    for doc in (ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))):
        for number, block in enumerate(re.findall(r"```toml\n(.*?)```", doc.read_text(encoding="utf-8"), re.S)):
            table = tomllib.loads(block).get("tool", {}).get("email-lint")
            if table is not None:
                found.append((f"{doc.name}#{number}", table))
    return found


def repository_tables() -> list[tuple[str, dict]]:
    names = ("email-lint.toml", ".email-lint.toml")
    paths = sorted(p for name in names for p in ROOT.glob(f"**/{name}") if ".venv" not in p.parts)
    return [(str(p.relative_to(ROOT)), tomllib.loads(p.read_text(encoding="utf-8"))) for p in paths]


def test_readme_configuration_examples_are_valid_for_the_schema_and_the_loader():
    tables = readme_tables() + repository_tables()
    assert len(readme_tables()) >= 2
    for name, table in tables:
        validate(table)
        build_config(table, None)
        assert name


@pytest.mark.parametrize(
    "table",
    [
        {"selct": ["EL"]},
        {"kind": "promotional"},
        {"countries": ["france"]},
        {"severity": {"EL001": "fatal"}},
        {"sender": {"name": "Acme", "phone": "1"}},
        {"phrases": {"signature": {"en": ["x"]}}},
        {"max-file-size": 0},
        {"overrides": [{"kind": "transactional"}]},
        {"overrides": [{"files": ["*.html"], "sellect": ["EL"]}]},
        {"first-contact": True, "first_contact": True},
    ],
    ids=str,
)
def test_schema_and_loader_reject_the_same_mistakes(table):
    with pytest.raises(jsonschema.ValidationError):
        validate(table)
    with pytest.raises(ConfigError):
        build_config(table, None)


# -- --show-settings --------------------------------------------------------------------------
def test_show_settings_prints_the_settings_for_one_file_and_exits_0(root):
    config = write(root / "email-lint.toml", 'countries = ["fr"]\n[[overrides]]\nfiles = ["promo/**"]\n'
                                               'select = ["EL002", "FR"]\nkind = "commercial"\n')
    write(root / "promo" / "a.html", "<!-- email-lint: audience=b2b first_contact=true -->\n" + TEMPLATE)
    result = CliRunner().invoke(main, ["check", "--show-settings", "--consent", "opt-out", "promo/a.html"])
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert f"config-file = {config.resolve()}" in out
    assert "format = html" in out
    assert f"countries = fr  # configuration ({config.resolve()})" in out
    assert "audience = b2b  # file directive" in out
    assert "first-contact = true  # file directive" in out
    assert "consent = opt-out  # command line" in out
    assert "select = EL002, FR" in out
    assert re.search(r"^apply = EL002, FR\d", out, re.M)


def test_show_settings_takes_one_path(root):
    write(root / "a.html", TEMPLATE)
    result = CliRunner().invoke(main, ["check", "--show-settings", "a.html", "a.html"])
    assert result.exit_code == 2 and "one PATH" in result.stderr
