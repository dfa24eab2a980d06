"""`email-lint report`: the three formats, determinism, the schema, and the page in a real browser."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner

from email_lint.cli import main

ROOT = Path(__file__).resolve().parents[1]
CAMPAIGN = Path(__file__).parent / "report" / "campaign"
GOLDEN = Path(__file__).parent / "golden" / "report"
SCHEMA = json.loads((ROOT / "schemas" / "report.schema.json").read_text(encoding="utf-8"))
EPOCH = "1767225600"  # 2026-01-01T00:00:00Z


def report(*args: str, epoch: str | None = EPOCH) -> tuple[int, str, str]:
    env = {"SOURCE_DATE_EPOCH": epoch} if epoch is not None else {}
    result = CliRunner().invoke(main, ["report", *args], env=env)
    return result.exit_code, result.stdout, result.stderr


def campaign_args() -> list[str]:
    return [os.path.relpath(CAMPAIGN), "--country", "gb", "--country", "fr"]


@pytest.fixture(autouse=True)
def _in_repository(monkeypatch):
    monkeypatch.chdir(ROOT)


# -- goldens ---------------------------------------------------------------------------------
@pytest.mark.parametrize("fmt", ["md", "json"])
def test_golden(fmt):
    """Regenerate with ``UPDATE_GOLDEN=1 pytest tests/test_report.py`` after a deliberate change."""
    from email_lint import __version__

    code, out, err = report(*campaign_args(), "--format", fmt)
    assert code == 0, err
    out = out.replace(__version__, "VERSION")  # set by the release tag: changes with every commit
    golden = GOLDEN / f"campaign.{fmt}"
    if os.environ.get("UPDATE_GOLDEN"):
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(out, encoding="utf-8")
    assert out == golden.read_text(encoding="utf-8")


@pytest.mark.parametrize("fmt", ["html", "md", "json"])
def test_same_inputs_same_bytes(fmt):
    first = report(*campaign_args(), "--format", fmt)
    second = report(*campaign_args(), "--format", fmt)
    assert first[0] == 0 and first[1] == second[1]


def test_date_comes_from_source_date_epoch():
    _, out, _ = report(*campaign_args(), "--format", "json")
    assert json.loads(out)["generated"] == "2026-01-01T00:00:00Z"
    code, _, err = report(*campaign_args(), "--format", "json", epoch="yesterday")
    assert code == 2 and "SOURCE_DATE_EPOCH" in err and "Traceback" not in err


def test_json_validates_against_its_schema():
    jsonschema.Draft202012Validator.check_schema(SCHEMA)
    for args in (campaign_args(), ["examples/"], ["examples/", "--country", "de", "--kind", "transactional"]):
        code, out, err = report(*args, "--format", "json")
        assert code == 0, err
        jsonschema.validate(json.loads(out), SCHEMA, cls=jsonschema.Draft202012Validator)


def test_matrix_statuses_follow_the_findings():
    _, out, _ = report(*campaign_args(), "--format", "json")
    data = json.loads(out)
    note = next(t for t in data["templates"] if t["path"].endswith("spring-offer.txt"))
    cells = {row["element"]: {c["country"]: c for c in row["cells"]} for row in note["matrix"]}
    assert cells["unsubscribe"]["gb"]["status"] == "missing"
    assert {f["code"] for f in cells["unsubscribe"]["gb"]["findings"]} >= {"EL002"}
    assert cells["postal_address"]["fr"]["status"] == "missing"
    offer = next(t for t in data["templates"] if t["path"].endswith("spring-offer.html"))
    assert all(c["status"] in ("present", "not-required") for row in offer["matrix"] for c in row["cells"]
               if row["element"] != "other_requirements")
    assert re.fullmatch(r"[0-9a-f]{64}", offer["sha256"])
    assert offer["languages"] == {"declared": ["en"], "detected": "en"}


def test_transactional_elements_are_not_required():
    _, out, _ = report("examples/compliant/order-shipped-de.txt", "--kind", "transactional", "--format", "json")
    row = {r["element"]: r["cells"][0]["status"] for r in json.loads(out)["templates"][0]["matrix"]}
    assert row["commercial_statement"] == "not-required"


def test_output_file_and_errors(tmp_path):
    target = tmp_path / "r.md"
    code, out, _ = report(*campaign_args(), "--format", "md", "-o", str(target))
    assert code == 0 and out == ""
    assert target.read_text(encoding="utf-8") == report(*campaign_args(), "--format", "md")[1]
    code, _, err = report("no-such-dir/", "--format", "json")
    assert code == 0  # the record says the path could not be checked
    code, _, err = report(*campaign_args(), "--country", "zz")
    assert code == 2 and "zz" in err and "Traceback" not in err


# -- the HTML page ---------------------------------------------------------------------------
def test_html_has_no_script_and_no_external_reference():
    _, page, _ = report(*campaign_args(), "--format", "html")
    assert "<script" not in page.lower()
    assert 'sandbox=""' in page
    outside = re.findall(r"(?:src|href)=\"(https?:[^\"]*)", page)
    assert outside == []
    assert "cdn.fernhollow.example/logo.png" not in page and "url(" not in page.split("</style>", 1)[1]


def test_preview_strips_what_would_run_or_fetch():
    from email_lint.readers import read_bytes
    from email_lint.report.preview import build_preview

    document = read_bytes("x.html", (CAMPAIGN / "spring-offer.html").read_bytes())
    preview = build_preview(document, {"gb": {"sender_identity": {"evidence": [
        {"text": "Fernhollow Seed Company Ltd", "line": 22, "source": "body", "reason": "legal entity"}]}}}, [])
    html = preview["html"]
    for gone in ("<script", "onload", "<iframe", "<link", "https://cdn", "url("):
        assert gone not in html
    assert '<mark class="el-evidence"' in html and "Content-Security-Policy" in html


@pytest.fixture(scope="module")
def browser():
    from report_browser import find_browser

    if find_browser() is None:
        pytest.skip("no Chromium with chromedriver on this machine (.ci/run installs them where it can)")
    pytest.importorskip("selenium")
    return find_browser()


def test_page_in_a_real_browser(browser, tmp_path):
    """The examples' report opened in headless Chromium: matrix, evidence and preview visible, no request."""
    from report_browser import headless_browser, page_requests, screenshot
    from selenium.webdriver.common.by import By

    page = tmp_path / "report.html"
    code, _, err = report("examples/", str(CAMPAIGN), "--country", "fr", "--country", "de", "--format", "html",
                          "-o", str(page))
    assert code == 0, err
    with headless_browser() as (driver, proxy):
        driver.get(page.as_uri())
        assert driver.title == "email-lint compliance report"
        matrix = driver.find_element(By.CSS_SELECTOR, "table.matrix")
        assert matrix.is_displayed() and "Sender identity" in matrix.text
        assert {"FR", "DE"} <= {th.text for th in matrix.find_elements(By.CSS_SELECTOR, "thead th")}
        missing = driver.find_elements(By.CSS_SELECTOR, "td.missing")
        assert missing and all(cell.is_displayed() for cell in missing[:3])
        quotes = driver.find_elements(By.CSS_SELECTOR, "td.present blockquote")
        assert quotes and quotes[0].is_displayed() and quotes[0].text.startswith("“")
        frames = driver.find_elements(By.CSS_SELECTOR, "iframe.preview")
        assert frames and frames[0].is_displayed() and frames[0].size["height"] > 200
        driver.switch_to.frame(frames[0])
        body = driver.find_element(By.TAG_NAME, "body")
        assert body.text.strip(), "the preview shows the email"
        driver.switch_to.default_content()
        assert driver.execute_script("return document.scripts.length") == 0
        screenshot(driver, tmp_path / "report.png")
        assert (tmp_path / "report.png").stat().st_size > 20_000
        # the page asked for nothing but itself (Chromium's own log of the page's requests) ...
        requested = page_requests(driver)
        assert requested and all(url == page.as_uri() or url.startswith(("about:", "data:")) for url in requested), \
            requested
        # ... and nothing reached the network: the remote logo, style sheet, background and
        # iframe of spring-offer.html were never fetched (every request goes to the proxy)
        assert not [r for r in proxy.requests if "fernhollow" in r or "example" in r], proxy.requests


def test_screenshot_script_writes_a_png(browser, tmp_path):
    out = tmp_path / "shot.png"
    result = subprocess.run([sys.executable, "scripts/report_screenshot.py", "-o", str(out)], capture_output=True,
                            text=True, cwd=ROOT, check=False)
    assert result.returncode == 0, result.stderr
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


# -- the campaign ----------------------------------------------------------------------------
CONTACTS = Path(__file__).parent / "report" / "contacts.csv"
SUPPRESSIONS = Path(__file__).parent / "report" / "suppressions.csv"


@pytest.mark.parametrize("fmt", ["html", "md", "json"])
def test_campaign_counts_and_no_address_anywhere(fmt):
    code, out, err = report(str(CAMPAIGN / "spring-offer.html"), "--country", "fr", "--country", "gb",
                            "--contacts", str(CONTACTS), "--suppressions", str(SUPPRESSIONS), "--format", fmt)
    assert code == 0, err
    addresses = {line.split(",", 1)[0] for line in CONTACTS.read_text(encoding="utf-8").splitlines()[1:]}
    addresses |= {line for line in SUPPRESSIONS.read_text(encoding="utf-8").splitlines()[1:]}
    for address in addresses:
        assert address not in out, address
    assert "@" not in out.replace("@media", "").replace("@import", "")
    if fmt == "json":
        audience = json.loads(out)["audience"]
        assert audience["contacts"] == 9 and audience["suppressions"] == 2
        assert audience["by_decision"] == {"send": 3, "warn": 1, "block": 5}
        for reason in ("suppressed", "unsubscribed", "retention-expired", "soft-opt-in-not-customer",
                       "consent-not-lawful"):
            assert audience["by_reason"][f"block: {reason}"] == 1, reason
        assert audience["retention_cutoff"] == "2023-01-02"  # three years before SOURCE_DATE_EPOCH's day
        jsonschema.validate(json.loads(out), SCHEMA, cls=jsonschema.Draft202012Validator)


def test_suppressions_need_contacts():
    code, _, err = report(str(CAMPAIGN), "--suppressions", str(SUPPRESSIONS))
    assert code == 2 and "--contacts" in err


def test_assembled_template_lists_its_partials_and_passes():
    code, out, err = report(str(Path(__file__).parent / "report" / "assembled"), "--format", "json")
    assert code == 0, err
    templates = json.loads(out)["templates"]
    assert [t["path"].rsplit("/", 1)[-1] for t in templates] == ["autumn.html"]  # the partial is not an email
    assert templates[0]["partials"] == [str(Path(os.path.relpath(Path(__file__).parent / "report" / "assembled"))
                                            / "partials" / "footer.html")]
    assert templates[0]["status"] == "pass"


# -- countries a core finding also breaks ------------------------------------------------------
# Complete for the core rules but for a dead unsubscribe link on line 5 (as in test_one_finding).
DEAD_UNSUBSCRIBE = """<html lang="en"><body>
<p>Advertisement</p>
<p>You receive this because you bought seeds from us. Our spring catalogue is out.</p>
<p>Northwind Garden Supplies Ltd, 14 Mill Lane, Bristol BS1 5AA</p>
<p><a href="#">Unsubscribe</a></p>
</body></html>
"""


def test_findings_name_the_countries_whose_law_they_also_break(tmp_path, monkeypatch):
    """A country pack's requirement that restates a core one is folded into the core finding
    (one EL002 naming GB): the report shows those countries in every format."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "promo.html").write_text(DEAD_UNSUBSCRIBE, encoding="utf-8")
    args = ["promo.html", "--country", "gb", "--audience", "b2b"]
    code, out, err = report(*args, "--format", "json")
    assert code == 0, err
    data = json.loads(out)
    jsonschema.validate(data, SCHEMA, cls=jsonschema.Draft202012Validator)
    findings = data["templates"][0]["findings"]
    assert [(f["code"], f["countries"]) for f in findings] == [("EL002", ["GB"])]
    _, markdown, _ = report(*args, "--format", "md")
    assert "also breaks: GB" in next(line for line in markdown.splitlines() if "**EL002**" in line)
    _, page, _ = report(*args, "--format", "html")
    assert '<span class="small">Also breaks: GB</span>' in page
