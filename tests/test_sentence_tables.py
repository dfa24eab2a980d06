"""Sentence-level tables (tests/challenge/sentences/<element>/<lang>.tsv): one rule, one sentence.

Each row (``text``, ``expected`` yes/no, ``note``) is placed in a minimal HTML email, written per
language, in which the four other elements are clearly present; only the rule under test runs,
so only the sentence can decide its verdict. ``expected=yes`` means the sentence carries the
element (the rule must stay silent), ``no`` that it does not (the rule must fire).

In ``text``, ``[[label]]`` becomes a link to a neutral opt-out URL and ``[[label -> url]]`` a
link to *url* (a merge tag, a mailto:, ``#``...); any other markup is inserted as written.
The accuracy bar per table lives in tests/challenge/bars.toml (``sentences``).
"""

from __future__ import annotations

import csv
import re
import tomllib
from pathlib import Path

import pytest

from email_lint.testing import check_snippet

HERE = Path(__file__).resolve().parent
TABLES = HERE / "challenge" / "sentences"
BARS = tomllib.loads((HERE / "challenge" / "bars.toml").read_text(encoding="utf-8"))
BAR = BARS["sentences"]
#: Elements whose six tables reach the target have their own bar (bars.toml ``sentences_by_element``).
ELEMENT_BARS: dict[str, float] = BARS.get("sentences_by_element", {})
LANGUAGES = ("en", "fr", "de", "it", "es", "nl")
ELEMENTS = {"sender_identity": "EL001", "unsubscribe": "EL002", "data_source_notice": "EL003",
            "commercial_statement": "EL004"}
MIN_ROWS = 40
NEUTRAL_URL = "https://links.mail-relay.example/u/8f3a21c"
_LINK = re.compile(r"\[\[(.+?)(?:\s*->\s*(.+?))?\]\]")

# Per language: the body copy, and one clear instance of each element (used when it is not under test).
# The sender sentence is the only name in a wrapper; the address and the opt-out URL name nobody.
WRAPPERS: dict[str, dict[str, str]] = {
    "en": {
        "body": "<h1>New season, new colours</h1><p>Our spring range has arrived in store and online.</p>",
        "sender_identity": "© 2025 Harbour &amp; Pine Ltd. All rights reserved.",
        "postal_address": "14 Quayside Walk, Falmouth TR11 3XB, United Kingdom",
        "unsubscribe": f'<a href="{NEUTRAL_URL}">Unsubscribe</a> from these emails.',
        "data_source_notice": "You are receiving this email because you signed up on our website.",
        "commercial_statement": "Advertisement",
    },
    "fr": {
        "body": "<h1>Nouvelle saison</h1><p>Notre collection de printemps est arrivée en boutique.</p>",
        "sender_identity": "© 2025 Atelier Sorel SARL. Tous droits réservés.",
        "postal_address": "12 rue des Tanneurs, 44000 Nantes, France",
        "unsubscribe": f'<a href="{NEUTRAL_URL}">Se désinscrire</a> de ces e-mails.',
        "data_source_notice": "Vous recevez cet e-mail car vous vous êtes inscrit sur notre site.",
        "commercial_statement": "Publicité",
    },
    "de": {
        "body": "<h1>Neue Saison</h1><p>Unsere Frühjahrskollektion ist im Laden und online.</p>",
        "sender_identity": "© 2025 Kaffeerösterei Brandt GmbH. Alle Rechte vorbehalten.",
        "postal_address": "Lindenhof 12, 28195 Bremen, Deutschland",
        "unsubscribe": f'<a href="{NEUTRAL_URL}">Newsletter abbestellen</a>',
        "data_source_notice": "Sie erhalten diese E-Mail, weil Sie sich auf unserer Website angemeldet haben.",
        "commercial_statement": "Werbung",
    },
    "it": {
        "body": "<h1>Nuova stagione</h1><p>La collezione di primavera è arrivata in negozio.</p>",
        "sender_identity": "© 2025 Pastificio Ranieri S.r.l. Tutti i diritti riservati.",
        "postal_address": "Via dei Mulini 22, 40121 Bologna, Italia",
        "unsubscribe": f'<a href="{NEUTRAL_URL}">Annulla l\'iscrizione</a> a queste email.',
        "data_source_notice": "Ricevi questa email perché ti sei iscritto sul nostro sito.",
        "commercial_statement": "Pubblicità",
    },
    "es": {
        "body": "<h1>Nueva temporada</h1><p>La colección de primavera ya está en tienda.</p>",
        "sender_identity": "© 2025 Cerámicas Albero S.L. Todos los derechos reservados.",
        "postal_address": "Calle del Horno 9, 12001 Castellón de la Plana, España",
        "unsubscribe": f'<a href="{NEUTRAL_URL}">Darse de baja</a> de estos correos.',
        "data_source_notice": "Recibes este correo porque te registraste en nuestra web.",
        "commercial_statement": "Publicidad",
    },
    "nl": {
        "body": "<h1>Nieuw seizoen</h1><p>Onze voorjaarscollectie ligt in de winkel.</p>",
        "sender_identity": "© 2025 Fietsenmakerij De Spaak B.V. Alle rechten voorbehouden.",
        "postal_address": "Kanaalweg 18, 3526 KM Utrecht, Nederland",
        "unsubscribe": f'<a href="{NEUTRAL_URL}">Afmelden</a> voor deze e-mails.',
        "data_source_notice": "Je ontvangt deze e-mail omdat je je op onze website hebt aangemeld.",
        "commercial_statement": "Advertentie",
    },
}


def expand(text: str) -> str:
    """``[[label]]``/``[[label -> url]]`` to anchors; everything else verbatim."""
    return _LINK.sub(lambda m: f'<a href="{m[2] or NEUTRAL_URL}">{m[1]}</a>', text)


def wrap(element: str, language: str, text: str) -> str:
    """A minimal email where *text* is the only possible source of *element*."""
    parts = WRAPPERS[language]
    sentence = f"<p>{expand(text)}</p>"
    top = sentence if element == "commercial_statement" else f"<p>{parts['commercial_statement']}</p>"
    footer = [parts[e] for e in ("data_source_notice", "unsubscribe") if e != element]
    if element in ("data_source_notice", "unsubscribe"):
        footer.append(expand(text))
    sender = sentence if element == "sender_identity" else f"<p>{parts['sender_identity']}</p>"
    footer_html = "".join(f"<p>{line}</p>" for line in footer)
    return (f'<!DOCTYPE html><html lang="{language}"><head><meta charset="utf-8"><title>News</title></head>'
            f"<body>\n{top}\n{parts['body']}\n{sender}\n<p>{parts['postal_address']}</p>\n{footer_html}\n"
            "</body></html>\n")


def load_table(path: Path) -> list[dict[str, str]]:
    with open(path, newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE))
    return [r for r in rows if r.get("text")]


TABLE_FILES = [(element, language, TABLES / element / f"{language}.tsv")
               for element in ELEMENTS for language in LANGUAGES]


@pytest.mark.parametrize(("element", "language", "path"), TABLE_FILES, ids=lambda v: getattr(v, "name", v))
def test_table_is_well_formed(element, language, path):
    assert path.is_file(), f"missing table {path.relative_to(HERE)}"
    rows = load_table(path)
    for number, row in enumerate(rows, 2):
        assert set(row) == {"text", "expected", "note"}, f"{path.name}:{number}: columns are text, expected, note"
        assert row["expected"] in ("yes", "no"), f"{path.name}:{number}: expected must be yes or no"
    texts = [r["text"] for r in rows]
    assert len(texts) == len(set(texts)), f"{path}: duplicate sentences"
    positives = sum(r["expected"] == "yes" for r in rows)
    assert positives >= MIN_ROWS and len(rows) - positives >= MIN_ROWS, \
        f"{path}: {positives} positives and {len(rows) - positives} negatives (need {MIN_ROWS} each)"


def test_wrappers_carry_every_other_element():
    """Sanity check of the harness: with the element's own wrapper line, no element rule fires."""
    for language, parts in WRAPPERS.items():
        for element, code in ELEMENTS.items():
            findings = check_snippet(wrap(element, language, parts[element]), "template.html", select=[code])
            assert not findings, (language, element, [f.message for f in findings])


def score_table(element: str, language: str, path: Path) -> tuple[float, list[str]]:
    """Accuracy of the element's rule over one table, and a line per wrong verdict."""
    rows = load_table(path)
    code = ELEMENTS[element]
    wrong = []
    for row in rows:
        fired = bool(check_snippet(wrap(element, language, row["text"]), "template.html", select=[code]))
        if fired != (row["expected"] == "no"):
            kind = "miss" if row["expected"] == "no" else "false alarm"
            wrong.append(f"  {kind:11} {row['text']}  -- {row['note']}")
    return 1 - len(wrong) / len(rows), wrong


@pytest.mark.parametrize(("element", "language", "path"), TABLE_FILES, ids=lambda v: getattr(v, "name", v))
def test_rule_verdicts_reach_the_bar(element, language, path):
    if not path.is_file():
        pytest.skip(f"no table {path.name}")
    accuracy, wrong = score_table(element, language, path)
    bar = ELEMENT_BARS.get(element, BAR)
    print(f"\n{element}/{language}: {accuracy:.3f} ({len(wrong)} wrong; bar {bar:.2f}, target 0.97)")
    print("\n".join(wrong))
    assert accuracy >= bar, "\n".join(wrong)


if __name__ == "__main__":  # python tests/test_sentence_tables.py > report.txt
    for element, language, path in TABLE_FILES:
        accuracy, wrong = score_table(element, language, path)
        print(f"{element}/{language}: {accuracy:.3f} ({len(wrong)} wrong of {len(load_table(path))})")
        print("\n".join(wrong))
