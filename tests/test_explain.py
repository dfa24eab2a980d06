"""`email-lint explain`: statuses, evidence, rejected candidates, output formats, exit codes."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from email_lint.cli import main

NEWSLETTER = """<html lang="en"><body>
<p>Our reading lamps are back in stock.</p>
<p>Advertisement</p>
<p>Harbour &amp; Pine Ltd</p>
<p>14 Quay Street, Bristol BS1 4DJ</p>
<p><a href="#">Unsubscribe</a></p>
</body></html>
"""

RECEIPT = """<html lang="en"><body>
<p>Thank you for your order 4471.</p>
<p>Billing address</p>
<p>7 Elm Road, Leeds LS2 9JT</p>
<p>The team</p>
</body></html>
"""


def run(*args: str):
    return CliRunner().invoke(main, ["explain", *args])


@pytest.fixture()
def newsletter(tmp_path):
    path = tmp_path / "newsletter.html"
    path.write_text(NEWSLETTER, encoding="utf-8")
    return path


def test_text_output_shows_status_and_evidence(newsletter):
    result = run(str(newsletter))
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == str(newsletter)
    sender = next(line for line in lines if line.strip().startswith("sender_identity"))
    assert sender.split()[1] == "present"
    assert '"Harbour & Pine Ltd" (line 4, body: legal entity)' in sender
    unsubscribe = next(line for line in lines if line.strip().startswith("unsubscribe"))
    assert unsubscribe.split()[1] == "missing"
    assert "not counted: \"Unsubscribe\" (line 6): its target is '#'" in result.stdout


def test_json_output_has_exactly_the_contracted_fields(newsletter):
    result = run("--format", "json", str(newsletter))
    assert result.exit_code == 0, result.stderr
    (report,) = json.loads(result.stdout)
    assert set(report) == {"path", "elements"}
    assert [e["element"] for e in report["elements"]] == [
        "sender_identity", "postal_address", "unsubscribe", "data_source_notice", "commercial_statement",
    ]
    for element in report["elements"]:
        assert set(element) == {"element", "code", "status", "evidence", "rejected"}
        for item in element["evidence"]:
            assert set(item) == {"text", "line", "source", "reason"}
        for item in element["rejected"]:
            assert set(item) == {"text", "line", "reason"}
    by_name = {e["element"]: e for e in report["elements"]}
    assert by_name["commercial_statement"]["code"] == "EL004"
    assert by_name["commercial_statement"]["evidence"][0] == {
        "text": "Advertisement", "line": 3, "source": "body", "reason": "advertising label",
    }
    assert by_name["unsubscribe"]["status"] == "missing"
    assert by_name["unsubscribe"]["rejected"] == [{"text": "Unsubscribe", "line": 6, "reason": "its target is '#'"}]
    assert by_name["data_source_notice"]["status"] == "missing"
    assert by_name["data_source_notice"]["evidence"] == []


def test_transactional_kind_makes_commercial_elements_not_required(tmp_path):
    path = tmp_path / "receipt.html"
    path.write_text(RECEIPT, encoding="utf-8")
    result = run("--format", "json", "--kind", "transactional", str(path))
    assert result.exit_code == 0, result.stderr
    statuses = {e["element"]: e["status"] for e in json.loads(result.stdout)[0]["elements"]}
    assert statuses["data_source_notice"] == "not-required"
    assert statuses["commercial_statement"] == "not-required"
    text = run("--kind", "transactional", str(path)).stdout
    assert "not-required  (not required for a transactional email)" in text


def test_missing_address_lists_the_recipients_address_as_rejected(tmp_path):
    path = tmp_path / "receipt.html"
    path.write_text(RECEIPT, encoding="utf-8")
    (report,) = json.loads(run("--format", "json", str(path)).stdout)
    address = next(e for e in report["elements"] if e["element"] == "postal_address")
    assert address["status"] == "missing"
    assert address["rejected"] == [
        {"text": "7 Elm Road, Leeds LS2 9JT", "line": 4, "reason": "the recipient's own address, not the sender's"},
    ]
    text = run(str(path)).stdout
    assert "looked for the sender's street address" in text


def test_directories_are_walked_in_order_and_output_is_deterministic(tmp_path):
    (tmp_path / "b.html").write_text(NEWSLETTER, encoding="utf-8")
    (tmp_path / "b.txt").write_text("Hello,\n\nNothing to see.\n", encoding="utf-8")  # b.html's text part
    first = run("--format", "json", str(tmp_path))
    second = run("--format", "json", str(tmp_path))
    assert first.exit_code == 0
    assert first.stdout == second.stdout
    assert [r["path"].rsplit("/", 1)[-1] for r in json.loads(first.stdout)] == ["b.html", "b.txt"]


def test_unreadable_file_is_one_line_and_exit_2(tmp_path, newsletter):
    result = run(str(tmp_path / "nowhere.html"), str(newsletter))
    assert result.exit_code == 2
    assert result.stderr.strip().splitlines() == [f"email-lint: {tmp_path / 'nowhere.html'}: no such file or directory"]
    assert "Traceback" not in result.stderr + result.stdout
    assert str(newsletter) in result.stdout  # the readable file is still explained


def test_empty_file_is_a_read_error(tmp_path):
    path = tmp_path / "empty.html"
    path.write_text("", encoding="utf-8")
    result = run(str(path))
    assert result.exit_code == 2
    assert len(result.stderr.strip().splitlines()) == 1 and "empty.html" in result.stderr


def test_unknown_country_is_a_usage_error(newsletter):
    result = run("--country", "zz", str(newsletter))
    assert result.exit_code == 2
    assert result.stderr.startswith("email-lint: error:") and "zz" in result.stderr


def test_configured_sender_counts_as_evidence(tmp_path):
    path = tmp_path / "mail.txt"
    path.write_text("Hello,\n\nNew mugs are in.\n\nNorthwind Pottery\n", encoding="utf-8")
    config = tmp_path / "email-lint.toml"
    config.write_text('[sender]\nname = "Northwind Pottery"\n', encoding="utf-8")
    (report,) = json.loads(run("--format", "json", "--config", str(config), str(path)).stdout)
    sender = report["elements"][0]
    assert sender["status"] == "present"
    assert sender["evidence"][0] == {
        "text": "Northwind Pottery", "line": 5, "source": "configuration",
        "reason": "configured sender name (sender.name)",
    }
