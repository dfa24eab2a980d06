"""``email-lint audience``: every profile, every block reason, output formats, exit codes, streaming."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from email_lint.cli import main

CONTACTS = Path(__file__).parent / "contacts"
SUPPRESSIONS = str(CONTACTS / "suppressions.txt")
TODAY = ("--today", "2026-12-01")


def run(*args: str):
    return CliRunner().invoke(main, ["audience", *args])


def decisions(*args: str) -> dict[str, tuple[str, list[str]]]:
    """email -> (decision, reasons) from --format json --show-addresses."""
    result = run(*args, "--format", "json", "--show-addresses", *TODAY)
    assert result.exit_code in (0, 1), result.output
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    return {row["email"]: (row["decision"], row["reasons"]) for row in rows}


def test_generic_csv_every_block_reason():
    got = decisions(str(CONTACTS / "generic.csv"), "--suppressions", SUPPRESSIONS)
    assert got == {
        "ana.martin@example.org": ("send", []),
        "bruno.petit@example.org": ("block", ["consent-not-lawful"]),  # FR B2C needs opt-in
        "info@atelier-lumiere.example": ("send", ["role-address"]),  # FR: a company's info@ is B2B
        "carla.weiss@example.org": ("block", ["soft-opt-in-not-customer"]),
        "dora.leroy@example.org": ("block", ["retention-expired"]),  # last contact 2021, a prospect
        "emil.braun@example.org": ("warn", ["consent-undeclared"]),
        "fay.hughes@example.org": ("block", ["unsubscribed"]),
        "gus.peeters@example.org": ("block", ["consent-not-lawful"]),  # BE B2B named person: consent
        "sales@drukkerij-maes.example": ("send", ["role-address"]),  # BE: impersonal address exempt
        "left.behind@example.org": ("block", ["suppressed"]),
        "hana.conti@example.org": ("block", ["bounced"]),
        "ivo.ruiz@example.org": ("block", ["complained"]),
        "jan.visser@example.org": ("block", ["consent-unconfirmed"]),
        "kim.tremblay@example.org": ("block", ["cleaned"]),
        "lea.smith@example.org": ("block", ["blocklisted"]),
        "not-an-address": ("block", ["invalid-address"]),
        "max.durand@prospect.example": ("send", []),
    }


def test_template_without_data_source_notice_blocks_first_contacts(tmp_path):
    bare = tmp_path / "prospecting.html"
    bare.write_text("<p>Publicité — Paie Express SAS, 4 quai de la Fosse, 44000 Nantes.</p>"
                    '<p><a href="{{ unsubscribe_url }}">Se désinscrire</a></p>', encoding="utf-8")
    got = decisions(str(CONTACTS / "generic.csv"), "--template", str(bare))
    assert got["max.durand@prospect.example"] == ("block", ["no-data-source-notice"])
    assert got["emil.braun@example.org"] == ("block", ["consent-undeclared", "no-data-source-notice"])
    assert got["ana.martin@example.org"] == ("send", [])  # she opted in: not a first contact
    noticed = tmp_path / "noticed.html"
    noticed.write_text(bare.read_text(encoding="utf-8") + "<p>Vous recevez ce message car votre cabinet figure "
                       "dans l'annuaire de l'Ordre des experts-comptables.</p>", encoding="utf-8")
    got = decisions(str(CONTACTS / "generic.csv"), "--template", str(noticed))
    assert got["max.durand@prospect.example"] == ("send", [])


def test_generic_json_lines():
    got = decisions(str(CONTACTS / "generic.jsonl"), "--suppressions", SUPPRESSIONS)
    assert got == {
        "ana.martin@example.org": ("send", []),
        "carla.weiss@example.org": ("send", []),  # a customer: no retention limit, soft opt-in fine
        "olga.berg@example.org": ("block", ["soft-opt-in-not-customer"]),
        "Left.Behind@Example.org": ("block", ["suppressed"]),
        "pia.kurz@example.org": ("block", ["complained"]),  # a key the first object lacks
    }


def test_mailchimp_exports():
    got = decisions(str(CONTACTS / "mailchimp-subscribed.csv"), "--suppressions", SUPPRESSIONS,
                    "--consent", "opt-out", "--audience", "b2b")
    assert got == {
        "jonas.weber@example.org": ("send", []),  # OPTIN_TIME + CONFIRM_TIME: double opt-in
        "lena.koch@example.org": ("block", ["consent-not-lawful"]),  # imported: campaign's opt-out, DE
        "old.kunde@example.org": ("block", ["retention-expired"]),
        "left.behind@example.org": ("block", ["suppressed"]),
        "broken.example.org": ("block", ["invalid-address"]),
    }
    assert decisions(str(CONTACTS / "mailchimp-unsubscribed.csv")) == {
        "gone.away@example.org": ("block", ["unsubscribed"])}
    assert decisions(str(CONTACTS / "mailchimp-cleaned.csv")) == {
        "no.such.box@example.org": ("block", ["cleaned"])}


def test_brevo_export():
    got = decisions(str(CONTACTS / "brevo.csv"), "--suppressions", SUPPRESSIONS, "--consent", "opt-out",
                    "--audience", "b2c")
    assert got == {
        "camille.durand@example.org": ("send", []),  # DOUBLE_OPT-IN
        "remi.blanc@example.org": ("block", ["blocklisted", "consent-not-lawful"]),
        "sylvie.noir@example.org": ("block", ["consent-not-lawful"]),
        "ancien.prospect@example.org": ("block", ["retention-expired"]),  # ADDED_TIME 10-01-2019, day first
        "left.behind@example.org": ("block", ["suppressed"]),
    }


def test_mautic_export():
    got = decisions(str(CONTACTS / "mautic.csv"), "--suppressions", SUPPRESSIONS, "--consent", "opt-out",
                    "--audience", "b2b")
    assert got == {
        "julie.martin@example.org": ("send", []),  # France, B2B, opt-out: lawful
        "marc.roux@example.org": ("block", ["unsubscribed"]),  # dnc 1
        "nina.fabre@example.org": ("block", ["bounced"]),  # dnc 2
        "hugo.lambert@example.org": ("block", ["retention-expired"]),
        "klaus.vogel@example.org": ("block", ["consent-not-lawful"]),  # Deutschland: opt-in for B2B too
        "left.behind@example.org": ("block", ["suppressed"]),
    }


def test_listmonk_export():
    got = decisions(str(CONTACTS / "listmonk.csv"), "--suppressions", SUPPRESSIONS)
    assert got == {
        "sanne.jansen@example.org": ("send", []),  # confirmed subscription: double opt-in
        "piet.bakker@example.org": ("block", ["blocklisted", "consent-undeclared"]),
        "eva.smit@example.org": ("block", ["consent-unconfirmed", "consent-undeclared"]),
        "tom.meijer@example.org": ("block", ["unsubscribed", "consent-undeclared"]),
        "lotte.mulder@example.org": ("block", ["soft-opt-in-not-customer"]),
        "bram.vos@example.org": ("block", ["consent-not-lawful"]),
        "oud.lid@example.org": ("block", ["consent-not-lawful", "retention-expired"]),
        "left.behind@example.org": ("block", ["suppressed"]),
    }


def test_forced_profile_and_unknown_profile(tmp_path):
    got = decisions(str(CONTACTS / "mautic.csv"), "--profile", "generic")
    assert got["marc.roux@example.org"] == ("warn", ["consent-undeclared"])  # generic ignores dnc
    other = tmp_path / "other.csv"
    other.write_text("Mail,Name\na@example.org,Ana\n", encoding="utf-8")
    result = run(str(other), "--profile", "mailchimp", *TODAY)
    assert result.exit_code == 2 and "no email column for the mailchimp profile" in result.stderr
    assert run(str(CONTACTS / "mautic.csv"), "--profile", "hubspot").exit_code == 2


def test_text_output_counts_and_hides_addresses():
    result = run(str(CONTACTS / "generic.csv"), "--suppressions", SUPPRESSIONS, *TODAY)
    assert result.exit_code == 1
    assert "@" not in result.stdout.replace("info@", "").replace("contact@", "")
    assert "row 2: block: consent-not-lawful" in result.stdout
    assert "17 contacts: 4 send, 1 warn, 12 block" in result.stdout
    assert "  block consent-not-lawful" in result.stdout and "CPCE art. L.34-5" in result.stdout
    shown = run(str(CONTACTS / "generic.csv"), "--show-addresses", *TODAY)
    assert "bruno.petit@example.org: block: consent-not-lawful" in shown.stdout


def test_json_and_csv_outputs_are_one_line_per_contact():
    result = run(str(CONTACTS / "generic.csv"), "--format", "json", *TODAY)
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(rows) == 17 and rows[1] == {"row": 2, "decision": "block", "reasons": ["consent-not-lawful"]}
    assert all("email" not in row for row in rows)
    assert "17 contacts" in result.stderr
    table = run(str(CONTACTS / "generic.csv"), "--format", "csv", *TODAY).stdout.splitlines()
    assert table[0] == "row,decision,reasons" and table[2] == "2,block,consent-not-lawful" and len(table) == 18


def test_exit_0_when_nobody_is_blocked(tmp_path):
    good = tmp_path / "good.csv"
    good.write_text("email,country,audience,consent,last_interaction\nana@example.org,fr,b2c,opt-in,2026-11-01\n",
                    encoding="utf-8")
    assert run(str(good), *TODAY).exit_code == 0


def test_retention_days_is_configurable():
    got = decisions(str(CONTACTS / "generic.csv"), "--retention-days", "3650")
    assert got["dora.leroy@example.org"] == ("send", [])


def test_transactional_mail_ignores_unsubscribes_but_not_bounces():
    got = decisions(str(CONTACTS / "generic.csv"), "--kind", "transactional")
    assert got["fay.hughes@example.org"] == ("send", [])
    assert got["hana.conti@example.org"] == ("block", ["bounced"])
    assert got["bruno.petit@example.org"] == ("send", [])


@pytest.mark.parametrize(("content", "message"), [
    ("email,consent\na@example.org,maybe\n", "row 1: consent 'maybe'"),
    ("email,last_interaction\na@example.org,yesterday\n", "row 1: 'yesterday' is not an ISO 8601 date"),
    ("email,customer\na@example.org,perhaps\n", "row 1: 'perhaps' is not true or false"),
    ("name,phone\nAna,123\n", "no email column"),
    ('{"email": "a@example.org"}\n{not json\n', "row 2: not a JSON object"),
    ("", "the contacts file is empty"),
])
def test_bad_input_exits_2_with_one_line_naming_the_file(tmp_path, content, message):
    path = tmp_path / "contacts.csv"
    path.write_text(content, encoding="utf-8")
    result = run(str(path), *TODAY)
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and str(path) in result.stderr and message in result.stderr


def test_bad_options_exit_2(tmp_path):
    assert run(str(tmp_path / "missing.csv")).exit_code == 2
    assert "--country" in run(str(CONTACTS / "generic.csv"), "--country", "zz").stderr
    assert run(str(CONTACTS / "generic.csv"), "--today", "01/12/2026").exit_code == 2
    bad = tmp_path / "supp.csv"
    bad.write_text("name\nAna\n", encoding="utf-8")
    result = run(str(CONTACTS / "generic.csv"), "--suppressions", str(bad))
    assert result.exit_code == 2 and str(bad) in result.stderr


def test_suppression_file_shapes(tmp_path):
    from email_lint.presend.audience import SuppressionList

    one_per_line = tmp_path / "a.txt"
    one_per_line.write_text("# comment\n Ana@Example.org \n<bo@example.org>\nmailto:cy@example.org\n\n",
                            encoding="utf-8")
    with_header = tmp_path / "b.csv"
    with_header.write_text('EMAIL;reason\n"Di@Example.org";bounce\n', encoding="utf-8")
    only_email = tmp_path / "c.csv"
    only_email.write_text("email\nEd@example.org\nmary@example.org\n", encoding="utf-8")
    loaded = SuppressionList.load(one_per_line, with_header, only_email)
    assert loaded.addresses == {"ana@example.org", "bo@example.org", "cy@example.org", "di@example.org",
                                "ed@example.org", "mary@example.org"}


def test_memory_grows_with_suppressions_not_with_contacts(tmp_path):
    """Streaming: ten times the contacts, about the same peak of traced memory."""
    import io
    import tracemalloc
    from datetime import date

    from email_lint.presend.audience_run import AudienceOptions, run_audience

    def peak(rows: int) -> int:
        path = tmp_path / f"c{rows}.csv"
        with path.open("w", encoding="utf-8") as out:
            out.write("email,country,audience,consent,last_interaction\n")
            for i in range(rows):
                out.write(f"person{i}@example.org,fr,b2c,{('opt-in', 'opt-out')[i % 2]},2026-0{1 + i % 9}-01\n")
        options = AudienceOptions(contacts=path, today=date(2026, 12, 1), output_format="json")
        run_audience(options, out=io.StringIO(), err=io.StringIO())  # warm the caches
        sink = open("/dev/null", "w")  # noqa: SIM115
        tracemalloc.start()
        try:
            run_audience(options, out=sink, err=io.StringIO())
            return tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
            sink.close()

    small, large = peak(5_000), peak(50_000)
    assert large < small * 2 + 200_000, (small, large)
