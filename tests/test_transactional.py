"""Transactional mail: no opt-out, data-source notice or advertising label required; sender
identity still is; promotion inside it is a warning (EL010, 16 CFR 316.3)."""

from __future__ import annotations

import json

from click.testing import CliRunner

from email_lint.cli import main

ORDER = """<html lang="en"><body>
<p>Thanks for your order, Ana.</p>
<p>Order #1042 is confirmed: 2 terracotta pots, £24.00, delivered on Friday.</p>
<p>Claymore Studio Ltd, 41 Tanner Street, Norwich NR3 1AX</p>
{extra}</body></html>
"""
COUPON = """<table><tr><td>
<h2>You may also like</h2>
<p>Use code SPRING20 for 20% off your next order. <a href="https://claymore.example/shop">Shop now</a></p>
</td></tr></table>
"""


def run(tmp_path, *args: str):
    return CliRunner().invoke(main, ["check", "--format", "json", *args], catch_exceptions=False)


def test_order_confirmation_needs_no_opt_out_notice_or_label(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "order.html").write_text(ORDER.format(extra=""), encoding="utf-8")
    commercial = {f["code"] for f in json.loads(run(tmp_path, "order.html").stdout)}
    assert {"EL002", "EL003", "EL004"} <= commercial
    result = run(tmp_path, "--kind", "transactional", "order.html")
    assert result.exit_code == 0 and json.loads(result.stdout) == []
    explained = CliRunner().invoke(main, ["explain", "--kind", "transactional", "order.html"]).stdout
    for element in ("unsubscribe", "data_source_notice", "commercial_statement"):
        assert any(line.split()[:2] == [element, "not-required"] for line in explained.splitlines()), explained


def test_sender_identity_is_still_required(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "bare.html").write_text("<p>Order #1042 is confirmed.</p>\n", encoding="utf-8")
    codes = {f["code"] for f in json.loads(run(tmp_path, "--kind", "transactional", "bare.html").stdout)}
    assert "EL001" in codes and not {"EL002", "EL003", "EL004"} & codes


def test_coupon_block_gets_the_primary_purpose_warning(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "order.html").write_text(
        "<!-- email-lint: kind=transactional -->\n" + ORDER.format(extra=COUPON), encoding="utf-8")
    result = run(tmp_path, "order.html")
    findings = json.loads(result.stdout)
    assert [(f["code"], f["severity"], f["line"]) for f in findings] == [("EL010", "warning", 7)]
    assert "16 CFR 316.3" in findings[0]["message"] and "'You may also like' (line 7)" in findings[0]["message"]
    assert result.exit_code == 0  # a warning does not fail the run
