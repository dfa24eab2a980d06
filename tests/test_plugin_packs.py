"""Rule packs as plugins: discovery through the ``email_lint`` entry point, a third-party pack
run from the command line, and the failures that must stop a run (exit 2, naming the plugin)."""

from __future__ import annotations

import importlib
import sys
import textwrap
import tomllib
from pathlib import Path

import pytest
from click.testing import CliRunner

from email_lint.cli import main
from email_lint.plugins import load_plugins
from email_lint.testing import assert_rule_case, load_rule_cases

ROOT = Path(__file__).resolve().parents[1]
THIRD_PARTY = Path(__file__).parent / "thirdparty_pack"
COUNTRY_PACKS = ("be", "ca", "de", "es", "fr", "gb", "it", "nl", "us")


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


@pytest.fixture
def install(tmp_path, monkeypatch):
    """Install a pack the way pip would, as far as discovery goes: a ``.dist-info`` with an
    ``email_lint`` entry point, on ``sys.path`` (undone after the test)."""
    imported: list[str] = []

    def _install(dist: str, version: str, entry_points: dict[str, str], modules: dict[str, str] | None = None,
                 source: Path | None = None) -> None:
        site = tmp_path / f"site-{dist}"
        info = site / f"{dist.replace('-', '_')}-{version}.dist-info"
        info.mkdir(parents=True)
        (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {dist}\nVersion: {version}\n")
        lines = "".join(f"{name} = {target}\n" for name, target in entry_points.items())
        (info / "entry_points.txt").write_text(f"[email_lint]\n{lines}")
        for module, code in (modules or {}).items():
            (site / f"{module}.py").write_text(textwrap.dedent(code))
        imported.extend([*(modules or {}), *(target.split(".")[0] for target in entry_points.values())])
        monkeypatch.syspath_prepend(str(site))
        if source is not None:
            monkeypatch.syspath_prepend(str(source))
        importlib.invalidate_caches()

    yield _install
    for name in imported:
        sys.modules.pop(name, None)


# -- the bundled packs ------------------------------------------------------------------------
def test_every_country_pack_is_registered_and_loaded():
    """pyproject's entry points name every package under plugins/, and each one loads."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    declared = project["project"]["entry-points"]["email_lint"]
    on_disk = {p.name.removeprefix("email_lint_") for p in (ROOT / "plugins").glob("email_lint_*") if p.is_dir()}
    assert on_disk == set(COUNTRY_PACKS)
    assert {name: declared.get(name) for name in on_disk} == {name: f"email_lint_{name}" for name in on_disk}
    registry = load_plugins()
    assert {p.name for p in registry.plugins} >= {"core", *COUNTRY_PACKS}
    assert registry.countries() == COUNTRY_PACKS
    for name in COUNTRY_PACKS:
        assert any(origin == name for origin in registry.origin.values()), name


def test_version_lists_every_pack_with_its_version():
    result = run("--version")
    assert result.exit_code == 0
    for name in ("core", *COUNTRY_PACKS):
        assert f"  {name}: email-lint " in result.stdout, name


def test_disable_plugin_removes_a_pack_and_its_country():
    listed = run("rules", "--disable-plugin", "fr").stdout
    assert "FR101" not in listed and "DE101" in listed
    result = run("check", "--disable-plugin", "fr", "--country", "fr", str(ROOT / "examples" / "country"))
    assert result.exit_code == 2
    assert "unknown country code(s) fr" in result.stderr and "known: be, ca, de, es, gb, it, nl, us" in result.stderr
    assert "Traceback" not in result.stderr


def test_plugin_phrases_are_merged_once():
    registry = load_plugins()
    phrases = registry.extra_phrases()
    # "rights" is contributed by several packs (fr, de, it): each wording appears once.
    english = phrases["rights"]["en"]
    assert "privacy policy" in english and len(english) == len(set(english))
    entries = dict(((e, lang), words) for e, lang, words in registry.phrase_entries())
    assert entries[("impressum", "de")] == tuple(phrases["impressum"]["de"])


# -- a third-party pack -----------------------------------------------------------------------
def test_third_party_pack_is_discovered_and_runs_from_the_cli(install, tmp_path):
    install("zedland-email-lint", "1.2.3", {"zedland": "zedland_email_lint"}, source=THIRD_PARTY)
    version = run("--version")
    assert "  zedland: zedland-email-lint 1.2.3 (1 rules)" in version.stdout

    assert "ZZ201" in run("rules", "--country", "zz").stdout
    doc = run("rule", "ZZ201")
    assert doc.exit_code == 0 and "Zedland Advertising Act s. 4" in doc.stdout and "not legal advice" in doc.stdout

    template = tmp_path / "promo.html"
    template.write_text("<p>Big sale at the corner shop.</p>\n", encoding="utf-8")
    failing = run("check", "--country", "zz", "--select", "ZZ", "--format", "json", str(template))
    assert failing.exit_code == 1, failing.stdout + failing.stderr
    assert '"code": "ZZ201"' in failing.stdout and '"country": "ZZ"' in failing.stdout

    template.write_text("<p>Zedvert</p>\n<p>Big sale at Corner Shop Ltd.</p>\n", encoding="utf-8")
    passing = run("check", "--country", "zz", "--select", "ZZ", str(template))
    assert passing.exit_code == 0, passing.stdout

    disabled = run("check", "--country", "zz", "--disable-plugin", "zedland", str(template))
    assert disabled.exit_code == 2 and "unknown country code(s) zz" in disabled.stderr


@pytest.mark.parametrize("case", load_rule_cases(THIRD_PARTY / "cases"), ids=str)
def test_third_party_pack_tests_itself_with_the_public_helpers(case, monkeypatch):
    monkeypatch.syspath_prepend(str(THIRD_PARTY))
    import zedland_email_lint

    assert_rule_case(case, plugins=[("zedland", zedland_email_lint)])


# -- failures that stop the run ---------------------------------------------------------------
def test_pack_that_fails_to_import_exits_2_naming_it(install, tmp_path):
    install("broken-email-lint-pack", "0.3.0", {"broken": "broken_pack_mod"},
            {"broken_pack_mod": "import a_module_that_is_not_installed\n"})
    (tmp_path / "a.html").write_text("<p>Hi</p>\n", encoding="utf-8")
    for args in (("check", str(tmp_path / "a.html")), ("rules",), ("rule", "EL001")):
        result = run(*args)
        assert result.exit_code == 2, args
        assert "'broken'" in result.stderr and "broken-email-lint-pack" in result.stderr, result.stderr
        assert "ModuleNotFoundError" in result.stderr and "Traceback" not in result.stderr
        assert len(result.stderr.strip().splitlines()) == 1
    # The broken pack can be switched off.
    assert run("check", "--disable-plugin", "broken", str(tmp_path / "a.html")).exit_code == 1


DUPLICATE = """
from email_lint.hookspecs import hookimpl
from email_lint.rules.base import Violation, rule

@rule({code!r}, {name!r}, "A copy.", countries=["fr"])
def check(document, context):
    '''## What it does
    Nothing.'''
    return ()

@hookimpl
def email_lint_rules():
    return [check]
"""


@pytest.mark.parametrize(("code", "name", "clash"), [
    ("FR101", "acme-consent",
     "rule code FR101 is defined by both 'acme' (acme-email-lint 2.0.0) and 'fr' (email-lint "),
    ("AC101", "fr-prior-consent",
     "rule name 'fr-prior-consent' is defined by both 'acme' (acme-email-lint 2.0.0) and 'fr' (email-lint "),
])
def test_two_rules_with_one_code_or_name_exit_2_naming_both_plugins(install, tmp_path, code, name, clash):
    install("acme-email-lint", "2.0.0", {"acme": "acme_dup_pack"},
            {"acme_dup_pack": DUPLICATE.format(code=code, name=name)})
    (tmp_path / "a.html").write_text("<p>Hi</p>\n", encoding="utf-8")
    result = run("check", str(tmp_path / "a.html"))
    assert result.exit_code == 2
    assert clash in result.stderr, result.stderr
    assert "Traceback" not in result.stderr


def test_misspelt_hook_is_caught_by_check_pending(install, tmp_path):
    install("typo-email-lint", "0.1.0", {"typo": "typo_pack_mod"}, {"typo_pack_mod": """
        from email_lint.hookspecs import hookimpl

        @hookimpl
        def email_lint_rulez():
            return []
    """})
    (tmp_path / "a.html").write_text("<p>Hi</p>\n", encoding="utf-8")
    result = run("check", str(tmp_path / "a.html"))
    assert result.exit_code == 2
    assert "'typo'" in result.stderr and "email_lint_rulez" in result.stderr


def test_the_readme_pack_example_works(monkeypatch):
    """The "Writing a pack" example of the README is a working pack."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("### Writing a pack"):]
    code = section[section.index("```python\n") + len("```python\n"):]
    code = code[:code.index("\n```\n")]  # the docstring's own fences are indented
    assert "email_lint_rules" in code
    module = type(sys)("email_lint_lu_readme")
    exec(compile(code, "README.md", "exec"), module.__dict__)
    from email_lint.testing import check_snippet

    plugins = [("lu", module)]
    fails = check_snippet("<p>Publicité</p>", context={"countries": "lu", "consent": "opt-out"}, plugins=plugins)
    assert [f.code for f in fails if f.code.startswith("LU")] == ["LU101"]
    passes = check_snippet("<p>Publicité</p>", context={"countries": "lu", "consent": "opt-in"}, plugins=plugins)
    assert not [f for f in passes if f.code.startswith("LU")]
