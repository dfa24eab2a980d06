"""Static assembly: includes, layouts and partials of every engine, findings placed in the
file and line where the text really is, partials checked through their entry templates."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from email_lint.assembly import cache as cache_module
from email_lint.cli import main

REPO = Path(__file__).parent / "assembly_repo"

#: engine -> (shared footer, the line where it starts, entry templates)
ENGINES = {
    "mjml": ("partials/footer.mjml", 1, ["welcome.mjml", "harvest.mjml"]),
    "jinja": ("templates/partials/footer.html", 1, ["templates/welcome.html", "templates/promo.html"]),
    "twig": ("templates/partials/footer.html.twig", 1,
             ["templates/emails/welcome.html.twig", "templates/emails/sale.html.twig"]),
    "nunjucks": ("views/partials/footer.njk", 1, ["views/welcome.njk", "views/restock.njk"]),
    "handlebars": ("partials/footer.hbs", 1, ["templates/welcome.hbs", "templates/spring.hbs"]),
    "mustache": ("templates/footer.mustache", 1, ["templates/welcome.mustache", "templates/autumn.mustache"]),
    "liquid": ("_includes/footer.html", 1, ["emails/welcome.html", "emails/tours.html"]),
    "erb": ("app/views/shared/_footer.html.erb", 1,
            ["app/views/user_mailer/welcome.html.erb", "app/views/user_mailer/sale.html.erb"]),
    "go": ("templates/footer.tmpl", 2, ["templates/welcome.tmpl", "templates/newsletter.tmpl"]),
}


def run(*args: str):
    return CliRunner().invoke(main, ["check", *args])


@pytest.fixture(autouse=True)
def fresh_cache(monkeypatch):
    cache = cache_module.FileCache()
    monkeypatch.setattr(cache_module, "CACHE", cache)
    return cache


@pytest.fixture
def repo(tmp_path, monkeypatch) -> Path:
    copy = tmp_path / "repo"
    shutil.copytree(REPO, copy)
    monkeypatch.chdir(copy)
    return copy


def test_the_compliant_repository_passes_and_checks_entry_templates_only(repo):
    result = run(".")
    assert result.exit_code == 0, result.output
    entries = sum(len(e) for _, _, e in ENGINES.values())
    assert result.stdout.strip() == f"All checks passed ({entries} files checked)."
    assert result.stderr == ""


@pytest.mark.parametrize("engine", sorted(ENGINES))
def test_each_entry_template_passes_alone(repo, engine):
    _, _, entries = ENGINES[engine]
    result = run(*(f"{engine}/{e}" for e in entries))
    assert result.exit_code == 0, result.output
    assert result.stderr == ""


@pytest.mark.parametrize("engine", sorted(ENGINES))
def test_a_footer_without_unsubscribe_gives_one_finding_per_entry_at_the_footer(repo, engine):
    footer, line, entries = ENGINES[engine]
    path = repo / engine / footer
    path.write_text("".join(x for x in path.read_text().splitlines(True) if "nsubscribe" not in x))
    result = run(engine, "--format", "json")
    assert result.exit_code == 1, result.output
    findings = json.loads(result.stdout)
    assert [(f["path"], f["line"], f["code"]) for f in findings] == [(f"{engine}/{footer}", line, "EL002")] * 2
    assert sorted(f["via"] for f in findings) == sorted(f"{engine}/{e}" for e in entries)
    text = run(engine).stdout.splitlines()
    for entry in entries:
        assert any(x.startswith(f"{engine}/{footer}:{line}:1: EL002 ") and x.endswith(
            f" (via {engine}/{entry}) [unsubscribe-link]") for x in text), text


@pytest.mark.parametrize("engine", sorted(ENGINES))
def test_the_partial_alone_is_not_reported_as_an_email(repo, engine):
    footer = f"{engine}/{ENGINES[engine][0]}"
    result = run(footer)
    assert result.exit_code == 0, result.output
    assert "EL0" not in result.stdout
    assert result.stderr.startswith(f"email-lint: {footer}: a partial, checked as part of the templates that "
                                    "include it")
    assert len(result.stderr.splitlines()) == 1


def test_a_dead_link_in_the_footer_is_reported_at_its_own_line(repo):
    footer = repo / "jinja/templates/partials/footer.html"
    footer.write_text(footer.read_text().replace('"{{ unsubscribe_url }}"', '"#"'))
    findings = json.loads(run("jinja/templates/welcome.html", "--format", "json").stdout)
    assert [(f["path"], f["line"], f["code"], f["via"]) for f in findings] == [
        ("jinja/templates/partials/footer.html", 4, "EL002", "jinja/templates/welcome.html")]


def test_entry_findings_keep_the_entry_line_and_have_no_via(repo):
    welcome = repo / "jinja/templates/welcome.html"
    welcome.write_text(welcome.read_text().replace("</p>", '</p>\n<p><a href="#" style="display:none">x</a></p>'))
    base = repo / "jinja/templates/base.html"
    base.write_text(base.read_text().replace("Advertisement", "Hello"))
    findings = json.loads(run("jinja/templates/welcome.html", "--format", "json").stdout)
    assert [(f["path"], f["line"], f["code"], f.get("via")) for f in findings] == [
        ("jinja/templates/base.html", 1, "EL004", "jinja/templates/welcome.html")]


def test_sarif_names_the_entry_template_as_a_related_location(repo):
    footer = repo / "mjml/partials/footer.mjml"
    footer.write_text("".join(x for x in footer.read_text().splitlines(True) if "nsubscribe" not in x))
    log = json.loads(run("mjml/welcome.mjml", "--format", "sarif").stdout)
    (result,) = log["runs"][0]["results"]
    assert result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "mjml/partials/footer.mjml"
    assert result["relatedLocations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "mjml/welcome.mjml"
    assert result["properties"]["via"] == "mjml/welcome.mjml"


def test_no_assemble_checks_each_file_alone(repo):
    result = run("--no-assemble", "jinja/templates/welcome.html", "--format", "json")
    codes = {f["code"] for f in json.loads(result.stdout)}
    assert {"EL002", "EL005"} <= codes


def write(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)


FOOTER = ("<p>You are receiving this email because you subscribed on example.org.</p>\n"
          "<p>Acme Widgets Ltd, 10 High Street, Leeds LS1 4AB, United Kingdom</p>\n"
          '<p><a href="{{unsubscribe_url}}">Unsubscribe</a></p>\n')
BODY = "<html><body><p>Advertisement</p><p>Spring sale.</p>\n{}\n</body></html>\n"


def test_dynamic_and_missing_includes_are_warnings_not_crashes(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write(tmp_path, {"mail.html": BODY.format('{% include footer_name %}\n{% include "nowhere.html" %}\n'
                                              '{% include "gone.html" ignore missing %}')})
    result = run("mail.html")
    assert result.exit_code == 1
    assert "mail.html:2: dynamic include footer_name not followed" in result.stderr
    assert "mail.html:3: included file 'nowhere.html' not found" in result.stderr
    assert "gone.html" not in result.stderr
    assert "Traceback" not in result.output


def test_include_cycles_are_detected(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write(tmp_path, {"mail.html": BODY.format('{% include "a.html" %}'),
                     "a.html": '{% include "b.html" %}\n' + FOOTER, "b.html": '{% include "a.html" %}\n'})
    result = run("mail.html")
    assert result.exit_code == 0, result.output
    assert "include cycle" in result.stderr and "a.html -> b.html -> a.html" in result.stderr


@pytest.mark.parametrize("files", [
    {"mail.liquid": BODY.format("{% render 'footer' %}"), "snippets/footer.liquid": FOOTER},
    {"mail.html.twig": BODY.format("{% include ['missing.html.twig', 'footer.html.twig'] with {'a': 1} %}"),
     "footer.html.twig": FOOTER},
    {"app/views/m/mail.html.erb": BODY.format('<%= render partial: "shared/footer", locals: {a: 1} %>'),
     "app/views/shared/_footer.html.erb": FOOTER},
    {"mail.hbs": BODY.format('{{> "footer" title="x"}}'), "partials/footer.hbs": FOOTER},
    {"mail.mjml": '<mjml><mj-body><mj-section><mj-column><mj-text>Advertisement</mj-text></mj-column>'
                  '</mj-section>\n<mj-include path="foot.html" type="html" />\n</mj-body></mjml>\n',
     "foot.html": FOOTER},
    {"mail.tmpl": '{{define "footer"}}' + FOOTER + '{{end}}' + BODY.format('{{template "footer" .}}')},
])
def test_engine_specific_lookups(tmp_path, monkeypatch, files):
    monkeypatch.chdir(tmp_path)
    write(tmp_path, files)
    entry = next(iter(files))
    result = run(entry)
    assert result.exit_code == 0, result.output
    assert result.stderr == ""


def test_a_shared_footer_is_read_once_for_a_thousand_templates(tmp_path, monkeypatch, fresh_cache):
    monkeypatch.chdir(tmp_path)
    write(tmp_path, {"partials/footer.html": FOOTER})
    for number in range(1000):
        write(tmp_path, {f"emails/mail{number:04}.html": BODY.format('{% include "partials/footer.html" %}')})
    result = run("emails", "--jobs", "1", "-q")
    assert result.exit_code == 0, result.output
    assert fresh_cache.reads[(tmp_path / "partials/footer.html").absolute()] == 1


def test_a_one_file_run_imports_no_assembly_module(tmp_path):
    mail = tmp_path / "mail.html"
    mail.write_text(BODY.format(FOOTER))
    done = subprocess.run([sys.executable, "-X", "importtime", "-m", "email_lint", "check", str(mail)],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stdout + done.stderr
    imported = re.findall(r"\|\s+([\w.]+)$", done.stderr, re.M)
    assert "email_lint.engine" in imported
    assert not [m for m in imported if m.startswith("email_lint.assembly")]


def test_an_include_bomb_stops_at_the_size_cap(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    files = {"mail.html": BODY.format('{% include "p0.html" %}') + FOOTER}
    for level in range(40):  # each level includes the next twice: 2**40 copies if followed blindly
        files[f"p{level}.html"] = f'<p>level {level}</p>{{% include "p{level + 1}.html" %}}' * 2
    files["p40.html"] = "<p>end</p>" * 1000
    write(tmp_path, files)
    started = time.perf_counter()
    result = run("mail.html")
    assert "further includes not followed" in result.stderr
    assert result.exit_code in (0, 1)
    assert time.perf_counter() - started < 20


@pytest.mark.parametrize("unit", ["{% include ", "{{> a", "<%= render ", "{{template ", "<mj-include ",
                                  "{% render ", "{{ include("])
def test_unclosed_tags_are_scanned_in_linear_time(tmp_path, monkeypatch, unit):
    monkeypatch.chdir(tmp_path)
    write(tmp_path, {"mail.html": BODY.format(FOOTER) + unit * 40000})
    started = time.perf_counter()
    result = run("mail.html")
    assert result.exit_code in (0, 1), result.output
    assert time.perf_counter() - started < 20
