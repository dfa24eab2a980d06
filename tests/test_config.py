"""Configuration: where it is found, what each key does, and clear errors for mistakes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from email_lint.cli import main

# Complete but for the data-source notice: EL003 at line 1.
NO_NOTICE = """<html lang="en"><body>
<p>Advertisement</p>
<p>Our autumn bulb collection has landed.</p>
<p>Northwind Garden Supplies Ltd, 14 Mill Lane, Bristol BS1 5AA</p>
<p><a href="{{unsubscribe_url}}">Unsubscribe</a></p>
</body></html>
"""
BARE = "<p>Our autumn bulb collection has landed.</p>\n"
ALL = {"EL001", "EL002", "EL003", "EL004", "EL005"}


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
    findings = json.loads(result.stdout) if result.stdout.strip() else []
    return result, findings


def codes(*args: str) -> set[str]:
    result, findings = check(*args)
    assert result.exit_code in (0, 1), result.stderr
    return {f["code"] for f in findings}


def codes_by_path(*args: str) -> dict[str, set[str]]:
    result, findings = check(*args)
    assert result.exit_code in (0, 1), result.stderr
    out: dict[str, set[str]] = {}
    for f in findings:
        out.setdefault(f["path"], set()).add(f["code"])
    return out


# -- where configuration comes from ----------------------------------------------------------
def test_defaults_without_configuration(root):
    write(root / "t.html", BARE)
    assert codes("t.html") == ALL


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("pyproject.toml", '[project]\nname = "campaigns"\n\n[tool.email-lint]\nignore = ["EL003", "EL004"]\n'),
        ("email-lint.toml", 'ignore = ["EL003", "EL004"]\n'),
        (".email-lint.toml", 'ignore = ["EL003", "EL004"]\n'),
    ],
)
def test_each_configuration_file_is_read(root, name, text):
    write(root / name, text)
    write(root / "templates" / "t.html", BARE)
    assert codes("templates/t.html") == ALL - {"EL003", "EL004"}


def test_pyproject_without_our_table_is_skipped_for_the_next_one_up(root):
    write(root / "email-lint.toml", 'ignore = ["EL005"]\n')
    write(root / "shop" / "pyproject.toml", '[project]\nname = "shop"\n')
    write(root / "shop" / "t.html", BARE)
    assert codes("shop/t.html") == ALL - {"EL005"}


def test_closest_configuration_wins_without_merging(root):
    write(root / "email-lint.toml", 'ignore = ["EL003"]\n')
    write(root / "fr" / "email-lint.toml", 'ignore = ["EL004"]\n')
    write(root / "top.html", BARE)
    write(root / "fr" / "deep" / "t.html", BARE)
    found = codes_by_path("top.html", "fr/deep/t.html")
    assert found["top.html"] == ALL - {"EL003"}
    assert found["fr/deep/t.html"] == ALL - {"EL004"}  # EL003 is back: no implicit merge


def test_explicit_extend_builds_on_another_file(root):
    write(root / "base.toml", 'ignore = ["EL003"]\n[severity]\nEL001 = "warning"\n')
    write(root / "fr" / "email-lint.toml", 'extend = "../base.toml"\nselect = ["EL00"]\n')
    write(root / "fr" / "t.html", BARE)
    _, findings = check("fr/t.html")
    assert {f["code"] for f in findings} == ALL - {"EL003"}
    assert next(f for f in findings if f["code"] == "EL001")["severity"] == "warning"


def test_extend_keys_replace_those_of_the_base(root):
    write(root / "base.toml", 'ignore = ["EL003"]\n')
    write(root / "email-lint.toml", 'extend = "base.toml"\nignore = ["EL004"]\n')
    write(root / "t.html", BARE)
    assert codes("t.html") == ALL - {"EL004"}


def test_explicit_config_option_beats_the_closest_file(root):
    write(root / "email-lint.toml", 'ignore = ["EL003"]\n')
    write(root / "ci" / "strict.toml", "ignore = []\n")
    write(root / "t.html", BARE)
    assert codes("t.html") == ALL - {"EL003"}
    assert codes("--config", "ci/strict.toml", "t.html") == ALL


# -- what each key does ----------------------------------------------------------------------
def test_select_and_cli_ignore_stack(root):
    write(root / "email-lint.toml", 'select = ["EL002", "EL003", "EL005"]\n')
    write(root / "t.html", BARE)
    assert codes("t.html") == {"EL002", "EL003", "EL005"}
    assert codes("--ignore", "EL005", "t.html") == {"EL002", "EL003"}
    assert codes("--select", "EL001", "t.html") == {"EL001"}  # the command line's select replaces


def test_per_file_ignores(root):
    write(root / "email-lint.toml", '[per-file-ignores]\n"legacy/*.html" = ["EL003"]\n"**/promo-*.mjml" = ["EL00"]\n')
    write(root / "legacy" / "old.html", NO_NOTICE)
    write(root / "new" / "t.html", NO_NOTICE)
    write(root / "a" / "b" / "promo-1.mjml", "<mjml><mj-body><mj-section><mj-column><mj-text>Hi</mj-text>"
                                             "</mj-column></mj-section></mj-body></mjml>\n")
    found = codes_by_path("legacy/old.html", "new/t.html", "a/b/promo-1.mjml")
    assert found == {"new/t.html": {"EL003"}}


def test_severity_warning_is_reported_but_does_not_fail_the_run(root):
    write(root / "email-lint.toml", '[severity]\nEL003 = "warning"\n')
    write(root / "t.html", NO_NOTICE)
    result, findings = check("t.html")
    assert result.exit_code == 0
    assert [(f["code"], f["severity"]) for f in findings] == [("EL003", "warning")]
    text = CliRunner().invoke(main, ["check", "t.html"])
    assert text.exit_code == 0 and "EL003" in text.stdout


def test_error_severity_still_fails_beside_warnings(root):
    write(root / "email-lint.toml", '[severity]\nEL001 = "warning"\nEL002 = "info"\n')
    write(root / "t.html", BARE)
    result, findings = check("t.html")
    assert result.exit_code == 1
    assert {f["code"]: f["severity"] for f in findings} == {
        "EL001": "warning", "EL002": "info", "EL003": "error", "EL004": "error", "EL005": "error"}


def test_global_kind(root):
    write(root / "email-lint.toml", 'kind = "transactional"\n')
    write(root / "t.html", BARE)
    assert codes("t.html") == {"EL001", "EL005"}  # no opt-out, notice or ad label
    assert codes("--kind", "commercial", "t.html") == ALL  # the command line wins


def test_overrides_per_glob(root):
    write(root / "email-lint.toml", '[[overrides]]\nfiles = ["transactional/**"]\nkind = "transactional"\n')
    write(root / "transactional" / "receipts" / "order.html", BARE)
    write(root / "marketing" / "promo.html", BARE)
    found = codes_by_path("transactional/receipts/order.html", "marketing/promo.html")
    assert found["transactional/receipts/order.html"] == {"EL001", "EL005"}
    assert found["marketing/promo.html"] == ALL


def test_file_directive_beats_configuration(root):
    write(root / "email-lint.toml", 'kind = "transactional"\n')
    write(root / "t.html", "<div>\n<!-- email-lint: kind=commercial -->\n" + BARE + "</div>\n")
    assert codes("t.html") == ALL


def test_sender_name_and_address(root):
    footer = "<p>Northwind Garden Supplies &middot; Unit 4, Harbourside Business Park, Bristol</p>\n"
    write(root / "t.html", BARE + footer)
    assert {"EL001", "EL005"} <= codes("t.html")
    write(root / "email-lint.toml",
          '[sender]\nname = "Northwind Garden Supplies"\naddress = "Unit 4, Harbourside Business Park, Bristol"\n')
    assert codes("t.html") == {"EL002", "EL003", "EL004"}


def test_extra_phrases_per_element_and_language(root):
    write(root / "t.html", NO_NOTICE.replace("<p>Advertisement</p>", "<p>Réservé aux membres du club</p>")
          .replace('lang="en"', 'lang="fr"'))
    member = "<p>Garden Circle letters reach every plot holder of the allotments.</p>\n</body>"
    write(root / "t2.html", NO_NOTICE.replace("</body>", member))
    assert codes_by_path("t.html", "t2.html") == {"t.html": {"EL003", "EL004"}, "t2.html": {"EL003"}}
    write(root / "email-lint.toml",
          '[phrases.commercial_statement]\nfr = ["réservé aux membres du club"]\n\n'
          '[phrases.data_source_notice]\nen = ["letters reach every plot holder"]\n')
    assert codes_by_path("t.html", "t2.html") == {"t.html": {"EL003"}}


def test_exclude(root):
    write(root / "email-lint.toml", 'exclude = ["vendor/**", "*.draft.html"]\n')
    write(root / "t" / "a.html", BARE)
    write(root / "t" / "b.draft.html", BARE)
    write(root / "vendor" / "c.html", BARE)
    assert set(codes_by_path(".")) == {"t/a.html"}


def test_max_file_size(root):
    write(root / "email-lint.toml", "max-file-size = 100\n")
    write(root / "big.html", BARE * 10)
    result = CliRunner().invoke(main, ["check", "big.html"])
    assert result.exit_code == 2 and "big.html" in result.stderr


# -- mistakes: exit 2, one clear line, no traceback -------------------------------------------
@pytest.mark.parametrize(
    ("text", "words"),
    [
        ('colour = "blue"\n', "colour"),
        ('ignore = ["EL003", "EL777"]\n', "EL777"),
        ('select = ["XYZ"]\n', "XYZ"),
        ('[per-file-ignores]\n"*.html" = ["EL999"]\n', "EL999"),
        ('[severity]\nEL003 = "fatal"\n', "severity"),
        ('[severity]\nEL999 = "warning"\n', "EL999"),
        ('kind = "promotional"\n', "promotional"),
        ('[sender]\nname = "Acme"\nphone = "123"\n', "sender"),
        ('[phrases.greeting]\nen = ["hello"]\n', "greeting"),
        ('[[overrides]]\nfiles = ["a/**"]\ncolour = "red"\n', "colour"),
        ('[[overrides]]\nkind = "transactional"\n', "files"),
        ('extend = "nowhere.toml"\n', "nowhere.toml"),
        ('ignore = ["EL003"\n', "TOML"),
        ("max-file-size = -1\n", "max-file-size"),
    ],
)
def test_invalid_configuration_exits_2_with_one_clear_line(root, text, words):
    write(root / "email-lint.toml", text)
    write(root / "t.html", BARE)
    result = CliRunner().invoke(main, ["check", "t.html"])
    assert result.exit_code == 2, result.stdout
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert words in lines[0], lines[0]
    assert "email-lint.toml" in lines[0]
    assert "Traceback" not in result.stderr + result.stdout


def test_invalid_pyproject_table_is_reported(root):
    write(root / "pyproject.toml", '[tool.email-lint]\nignroe = ["EL003"]\n')
    write(root / "t.html", BARE)
    result = CliRunner().invoke(main, ["check", "t.html"])
    assert result.exit_code == 2
    assert "ignroe" in result.stderr and "pyproject.toml" in result.stderr


def test_extend_loop_is_an_error(root):
    write(root / "a.toml", 'extend = "b.toml"\n')
    write(root / "b.toml", 'extend = "a.toml"\n')
    write(root / "t.html", BARE)
    result = CliRunner().invoke(main, ["check", "--config", "a.toml", "t.html"])
    assert result.exit_code == 2 and "extend" in result.stderr and "Traceback" not in result.stderr
