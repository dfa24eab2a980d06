#!/usr/bin/env python3
"""Benchmark email-lint: cold start on one file, files per second, peak memory.

Not a test: it prints figures to compare against the targets (on a 2-core machine:
cold start <= 0.15 s, >= 600 files/s in one process, peak memory <= 64 MiB).

    python bench/benchmark.py                 # the default set-up (~3,000 templates)
    python bench/benchmark.py --json          # the same figures as JSON
    python bench/benchmark.py --files 500 --runs 5
    python bench/benchmark.py --files 5000 --memory --against ../main/.venv/bin/python
                                              # peak memory per output format, two trees side by side

The templates are synthetic (HTML, MJML, plain text and .eml, six languages, 2-60 KB,
with merge tags, hidden preheaders and footers), generated into a temporary directory
that is deleted afterwards. When ``../shared/corpus/real`` exists next to the repository
(or ``--corpus`` names a directory), its files are also copied into that temporary
directory, a few times each (files up to 256 KiB); they are only read in place, never
written anywhere else.
Standard library only, plus the email_lint package itself.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import json
import os
import platform
import quopri
import random
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = REPO.parent / "shared" / "corpus" / "real"
TARGETS = {"cold_start_s": 0.15, "files_per_second": 600.0, "peak_memory_mib": 64.0}
MAX_CORPUS_FILE = 256 * 1024

# -- synthetic templates -----------------------------------------------------------------------
# Wordings written for this benchmark, one set per language; each template picks from them.
TEXT = {
    "en": {
        "hello": "Hello {name},",
        "filler": [
            "Our autumn collection has arrived and we picked a few favourites for you.",
            "Every jacket in this range is made from recycled wool and ships within two days.",
            "Members get early access to the new planters before they reach the shops.",
            "Read how our gardeners keep tomatoes going well into October.",
            "The workshop in the old mill reopens next week with longer hours.",
        ],
        "product": "Garden tool set",
        "cta": "Shop now",
        "unsub": "Unsubscribe",
        "prefs": "Manage your email preferences",
        "source": "You are receiving this email because you subscribed to our newsletter on {site}.",
        "ad": "Advertisement",
        "team": "The {company} team",
        "street": "14 Mill Lane, Bristol BS1 5AA, United Kingdom",
        "preheader": "Twenty percent off planters until Sunday",
        "form": "Ltd",
    },
    "fr": {
        "hello": "Bonjour {name},",
        "filler": [
            "Notre nouvelle collection d'automne est arrivée, voici nos coups de cœur.",
            "Chaque veste de cette gamme est fabriquée en laine recyclée et livrée en deux jours.",
            "Les membres profitent d'un accès anticipé aux nouvelles jardinières.",
            "Découvrez comment nos jardiniers prolongent la saison des tomates.",
            "L'atelier du vieux moulin rouvre la semaine prochaine avec des horaires élargis.",
        ],
        "product": "Coffret d'outils de jardin",
        "cta": "Découvrir",
        "unsub": "Se désabonner",
        "prefs": "Gérer mes préférences",
        "source": "Vous recevez cet e-mail car vous êtes inscrit à notre lettre d'information sur {site}.",
        "ad": "Publicité",
        "team": "L'équipe {company}",
        "street": "12 rue des Lilas, 69003 Lyon, France",
        "preheader": "Vingt pour cent de remise sur les jardinières",
        "form": "SAS",
    },
    "de": {
        "hello": "Hallo {name},",
        "filler": [
            "Unsere Herbstkollektion ist da, und wir haben ein paar Lieblingsstücke ausgesucht.",
            "Jede Jacke dieser Reihe besteht aus recycelter Wolle und wird in zwei Tagen geliefert.",
            "Mitglieder erhalten frühen Zugang zu den neuen Pflanzkübeln.",
            "Lesen Sie, wie unsere Gärtner Tomaten bis in den Oktober ernten.",
            "Die Werkstatt in der alten Mühle öffnet nächste Woche mit längeren Zeiten.",
        ],
        "product": "Gartenwerkzeug-Set",
        "cta": "Jetzt ansehen",
        "unsub": "Abmelden",
        "prefs": "E-Mail-Einstellungen verwalten",
        "source": "Sie erhalten diese E-Mail, weil Sie sich für unseren Newsletter auf {site} angemeldet haben.",
        "ad": "Werbung",
        "team": "Ihr {company} Team",
        "street": "Mühlenweg 7, 10115 Berlin, Deutschland",
        "preheader": "Zwanzig Prozent Rabatt auf Pflanzkübel",
        "form": "GmbH",
    },
    "it": {
        "hello": "Ciao {name},",
        "filler": [
            "La nostra collezione autunnale è arrivata e abbiamo scelto alcuni preferiti per te.",
            "Ogni giacca di questa linea è in lana riciclata e viene spedita in due giorni.",
            "I membri hanno accesso anticipato alle nuove fioriere.",
            "Scopri come i nostri giardinieri coltivano pomodori fino a ottobre.",
            "Il laboratorio del vecchio mulino riapre la prossima settimana.",
        ],
        "product": "Set di attrezzi da giardino",
        "cta": "Scopri di più",
        "unsub": "Annulla l'iscrizione",
        "prefs": "Gestisci le tue preferenze",
        "source": "Ricevi questa email perché ti sei iscritto alla nostra newsletter su {site}.",
        "ad": "Pubblicità",
        "team": "Il team di {company}",
        "street": "Via Roma 10, 20121 Milano, Italia",
        "preheader": "Venti per cento di sconto sulle fioriere",
        "form": "S.r.l.",
    },
    "es": {
        "hello": "Hola {name},",
        "filler": [
            "Nuestra colección de otoño ya está aquí y hemos elegido algunos favoritos para ti.",
            "Cada chaqueta de esta gama está hecha con lana reciclada y se envía en dos días.",
            "Los socios tienen acceso anticipado a las nuevas jardineras.",
            "Descubre cómo nuestros jardineros cultivan tomates hasta octubre.",
            "El taller del viejo molino reabre la semana que viene con más horario.",
        ],
        "product": "Juego de herramientas de jardín",
        "cta": "Comprar ahora",
        "unsub": "Darse de baja",
        "prefs": "Gestionar mis preferencias",
        "source": "Recibes este correo porque te suscribiste a nuestro boletín en {site}.",
        "ad": "Publicidad",
        "team": "El equipo de {company}",
        "street": "Calle Mayor 5, 28013 Madrid, España",
        "preheader": "Veinte por ciento de descuento en jardineras",
        "form": "S.L.",
    },
    "nl": {
        "hello": "Hallo {name},",
        "filler": [
            "Onze herfstcollectie is binnen en we hebben een paar favorieten voor je gekozen.",
            "Elke jas uit deze lijn is gemaakt van gerecyclede wol en wordt binnen twee dagen verzonden.",
            "Leden krijgen vroege toegang tot de nieuwe plantenbakken.",
            "Lees hoe onze tuiniers tot in oktober tomaten oogsten.",
            "De werkplaats in de oude molen gaat volgende week weer open.",
        ],
        "product": "Set tuingereedschap",
        "cta": "Bekijk nu",
        "unsub": "Afmelden",
        "prefs": "Beheer je e-mailvoorkeuren",
        "source": "Je ontvangt deze e-mail omdat je je hebt aangemeld voor onze nieuwsbrief op {site}.",
        "ad": "Advertentie",
        "team": "Het {company} team",
        "street": "Keizersgracht 123, 1015 CJ Amsterdam, Nederland",
        "preheader": "Twintig procent korting op plantenbakken",
        "form": "B.V.",
    },
}
# (personalisation tag, unsubscribe tag, address tag) in the syntax of several ESPs.
ESP_TAGS = [
    ("*|FNAME|*", "*|UNSUB|*", "*|HTML:LIST_ADDRESS_HTML|*"),
    ("{{first_name}}", "{{unsubscribe_url}}", "{{company_address}}"),
    ("{{ contact.firstname }}", "{{{unsubscribe}}}", "{{ sender_address }}"),
    ("[[FIRSTNAME]]", "[[UNSUB_LINK_EN]]", "[[POSTAL_ADDRESS]]"),
    ("%recipient.first_name%", "%unsubscribe_url%", "%company_address%"),
    ("-first_name-", "<%asm_group_unsubscribe_raw_url%>", "[Sender_Address]"),
]
COMPANIES = ["Northwind Garden", "Acme Widgets", "Maison Verte", "Blumenhof", "Orto Felice", "Tuinhuis"]
EXTENSIONS = {
    "html": [".html", ".htm", ".html.twig", ".html.j2", ".hbs", ".liquid"],
    "mjml": [".mjml", ".mjml.twig"],
    "text": [".txt", ".txt.j2"],
    "eml": [".eml"],
}


class Template:
    """The pieces of one synthetic email, rendered into any of the four formats."""

    def __init__(self, rng: random.Random, language: str, size: int):
        self.rng = rng
        self.t = TEXT[language]
        self.language = language
        self.size = size
        self.company = rng.choice(COMPANIES)
        self.site = self.company.lower().replace(" ", "") + ".example"
        self.name_tag, self.unsub_tag, self.address_tag = rng.choice(ESP_TAGS)
        # Each element is present most of the time, so some templates have findings.
        self.has = {key: rng.random() < 0.85 for key in ("sender", "unsub", "source", "ad", "address")}
        self.tag_address = rng.random() < 0.3
        self.hidden_unsub = rng.random() < 0.03
        self.transactional = rng.random() < 0.05

    def paragraphs(self) -> list[str]:
        """Body paragraphs, enough to reach the template's target size once marked up."""
        out, total = [], 0
        while total < self.size * 0.55:
            sentence = " ".join(self.rng.sample(self.t["filler"], 3))
            out.append(sentence)
            total += len(sentence) + 260  # markup around each paragraph
        return out

    def footer_lines(self) -> list[tuple[str, str | None]]:
        """(text, href) lines of the footer; href for links."""
        t, lines = self.t, []
        if self.has["sender"]:
            lines.append((f"© 2024 {self.company} {t['form']}", None))
        if self.has["address"]:
            lines.append((self.address_tag if self.tag_address else t["street"], None))
        if self.has["source"]:
            lines.append((t["source"].format(site=self.site), None))
        if self.has["unsub"]:
            lines.append((t["unsub"], self.unsub_tag if self.rng.random() < 0.7 else f"https://{self.site}/u?id=42"))
            lines.append((t["prefs"], f"https://{self.site}/preferences"))
        return lines

    # -- formats -------------------------------------------------------------------------
    def html(self) -> str:
        t, rng = self.t, self.rng
        directive = "<!-- email-lint: kind=transactional -->\n" if self.transactional else ""
        rows = []
        for number, paragraph in enumerate(self.paragraphs()):
            if number % 4 == 3:
                rows.append(
                    f'<tr><td class="product" style="padding:12px;font-family:Arial,sans-serif">'
                    f'<img src="https://cdn.{self.site}/p/{number}.jpg" alt="{t["product"]} {number}" width="180">'
                    f"<p><b>{t['product']}</b> {rng.randint(9, 99)},99 €</p>"
                    f'<a href="https://{self.site}/p/{number}?utm_source=email" class="btn" '
                    f'style="background:#2a7;color:#ffffff;padding:8px 14px">{t["cta"]}</a></td></tr>'
                )
            else:
                rows.append(
                    f'<tr><td style="padding:8px 24px;color:#333333;font-size:15px"><p>{paragraph}</p></td></tr>'
                )
        footer = []
        for text, href in self.footer_lines():
            if href is None:
                footer.append(f"<p>{text}</p>")
            else:
                style = "display:none" if self.hidden_unsub and text == t["unsub"] else "color:#666666"
                footer.append(f'<a href="{href}" style="{style}">{text}</a> ')
        ad = f'<p style="font-size:11px;color:#999999">{t["ad"]}</p>' if self.has["ad"] else ""
        loop = (
            "{{#each items}}<tr><td>{{this.title}} - {{this.price}}</td></tr>{{/each}}"
            if rng.random() < 0.3 else "{% for item in items %}<tr><td>{{ item.title }}</td></tr>{% endfor %}"
        )
        return (
            f'{directive}<!DOCTYPE html>\n<html lang="{self.language}">\n<head>\n<meta charset="utf-8">\n'
            f"<title>{t['preheader']}</title>\n<style>\n.btn {{ text-decoration:none; }}\n"
            ".product p { margin:0 0 6px 0; }\n@media (max-width:600px) { .product { display:block; } }\n"
            "</style>\n</head>\n<body style=\"margin:0;background:#f4f4f4\">\n"
            f'<div style="display:none;max-height:0;overflow:hidden;font-size:1px">{t["preheader"]}&nbsp;&zwnj;</div>\n'
            f"{ad}\n"
            '<table role="presentation" width="600" cellpadding="0" cellspacing="0" align="center" bgcolor="#ffffff">\n'
            f"<tr><td><h1>{t['hello'].format(name=self.name_tag)}</h1></td></tr>\n"
            + "\n".join(rows)
            + f"\n{loop}\n</table>\n"
            f'<table width="600" align="center"><tr><td style="font-size:12px;color:#777777">\n'
            + "\n".join(footer)
            + "\n</td></tr></table>\n</body>\n</html>\n"
        )

    def mjml(self) -> str:
        t = self.t
        directive = "<!-- email-lint: kind=transactional -->\n" if self.transactional else ""
        sections = []
        for number, paragraph in enumerate(self.paragraphs()):
            if number % 4 == 3:
                sections.append(
                    f'    <mj-section><mj-column><mj-image src="https://cdn.{self.site}/p/{number}.jpg" '
                    f'alt="{t["product"]}" />\n      <mj-button href="https://{self.site}/p/{number}">'
                    f"{t['cta']}</mj-button></mj-column></mj-section>"
                )
            else:
                sections.append(
                    f'    <mj-section><mj-column><mj-text font-size="15px" color="#333333">{paragraph}'
                    "</mj-text></mj-column></mj-section>"
                )
        footer = []
        for text, href in self.footer_lines():
            if href is None:
                footer.append(f'      <mj-text font-size="11px">{text}</mj-text>')
            else:
                footer.append(f'      <mj-text font-size="11px"><a href="{href}">{text}</a></mj-text>')
        ad = f'      <mj-text font-size="10px">{t["ad"]}</mj-text>\n' if self.has["ad"] else ""
        return (
            f"{directive}<mjml lang=\"{self.language}\">\n  <mj-head>\n    <mj-title>{t['preheader']}</mj-title>\n"
            f"    <mj-preview>{t['preheader']}</mj-preview>\n"
            '    <mj-attributes><mj-all font-family="Arial" /><mj-text line-height="1.5" /></mj-attributes>\n'
            "  </mj-head>\n  <mj-body background-color=\"#f4f4f4\">\n"
            f"    <mj-section><mj-column>\n{ad}"
            f"      <mj-text>{t['hello'].format(name=self.name_tag)}&nbsp;!</mj-text>\n"
            "    </mj-column></mj-section>\n"
            + "\n".join(sections)
            + "\n    <mj-section><mj-column>\n"
            + "\n".join(footer)
            + "\n    </mj-column></mj-section>\n  </mj-body>\n</mjml>\n"
        )

    def text(self) -> str:
        t = self.t
        lines = ["# email-lint: kind=transactional", ""] if self.transactional else []
        if self.has["ad"]:
            lines += [f"[{t['ad']}]", ""]
        lines += [t["hello"].format(name=self.name_tag), ""]
        for paragraph in self.paragraphs():
            words = paragraph.split()
            lines += [" ".join(words[i:i + 12]) for i in range(0, len(words), 12)] + [""]
        for text, href in self.footer_lines():
            lines += [f"{text}: {href}" if href else text]
        return "\n".join(lines) + "\n"

    def eml(self) -> bytes:
        t, rng = self.t, self.rng
        boundary = f"=_b{rng.randrange(10**8)}"
        html = self.html().encode("utf-8")
        plain = self.text().encode("utf-8")
        if rng.random() < 0.5:
            html_part = ("Content-Transfer-Encoding: quoted-printable", quopri.encodestring(html))
        else:
            html_part = ("Content-Transfer-Encoding: base64", base64.encodebytes(html))
        head = [
            f'From: "{self.company}" <news@{self.site}>' if self.has["sender"] else f"From: news@{self.site}",
            "To: reader@example.org",
            f"Subject: {t['preheader']}",
            "Date: Mon, 07 Oct 2024 09:30:00 +0000",
            f"Message-ID: <{rng.randrange(10**12)}@{self.site}>",
            "MIME-Version: 1.0",
            f"Content-Language: {self.language}",
        ]
        if self.has["unsub"] and rng.random() < 0.5:
            head.append(f"List-Unsubscribe: <https://{self.site}/u?id=42>")
        head.append(f'Content-Type: multipart/alternative; boundary="{boundary}"')
        body = (
            "\r\n".join(head).encode() + b"\r\n\r\n"
            + f"--{boundary}\r\nContent-Type: text/plain; charset=utf-8\r\n"
              "Content-Transfer-Encoding: quoted-printable\r\n\r\n".encode()
            + quopri.encodestring(plain) + b"\r\n"
            + f"--{boundary}\r\nContent-Type: text/html; charset=utf-8\r\n{html_part[0]}\r\n\r\n".encode()
            + html_part[1] + f"\r\n--{boundary}--\r\n".encode()
        )
        return body


def write_synthetic(directory: Path, count: int, seed: int) -> dict[str, int]:
    """Write *count* varied templates into *directory*; return how many of each format."""
    rng = random.Random(seed)
    counts: dict[str, int] = {}
    formats = ["html"] * 10 + ["mjml"] * 4 + ["text"] * 3 + ["eml"] * 3
    for number in range(count):
        fmt = rng.choice(formats)
        language = rng.choice(sorted(TEXT))
        size = int(2048 * (30 ** rng.random()))  # log-uniform, 2 KB to 60 KB
        template = Template(rng, language, size)
        content = getattr(template, fmt)()
        data = content if isinstance(content, bytes) else content.encode("utf-8")
        folder = directory / f"{language}-{number // 500:02d}"
        folder.mkdir(exist_ok=True)
        (folder / f"t{number:05d}{rng.choice(EXTENSIONS[fmt])}").write_bytes(data)
        counts[fmt] = counts.get(fmt, 0) + 1
    return counts


def copy_corpus(corpus: Path, directory: Path, copies: int) -> int:
    """Copy the corpus files (read in place) *copies* times into *directory*; return the count."""
    from fnmatch import fnmatchcase

    from email_lint.formats import DEFAULT_INCLUDE, detect_format

    written = 0
    files = sorted(p for p in corpus.rglob("*") if p.is_file() and p.stat().st_size <= MAX_CORPUS_FILE)
    for path in files:
        name = path.name
        if not any(fnmatchcase(name.lower(), glob) for glob in DEFAULT_INCLUDE):
            if path.suffix in (".tsv", ".md", ".csv", ".json"):
                continue
            fmt = detect_format(name, path.read_bytes()[:8192])
            name += {"eml": ".eml", "mjml": ".mjml", "html": ".html"}.get(fmt, ".txt")
        data = path.read_bytes()
        for copy in range(copies):
            folder = directory / f"real-{copy}"
            folder.mkdir(exist_ok=True)
            (folder / f"{path.parent.name}__{name}").write_bytes(data)
            written += 1
    return written


# -- measurements -----------------------------------------------------------------------------
def cli_command(python: str) -> list[str]:
    """The console script next to *python* when installed there, else ``python -m email_lint``."""
    script = Path(python).parent / "email-lint"
    return [str(script)] if script.exists() else [python, "-m", "email_lint"]


def child_env(pycache: Path | None) -> dict[str, str]:
    """The children's environment: with *pycache*, byte-code is cached there, as an installed
    package has it (``PYTHONDONTWRITEBYTECODE`` would recompile every module on every run)."""
    env = dict(os.environ)
    if pycache is not None:
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = str(pycache)
    return env


def run_child(command: list[str], cwd: Path, env: dict[str, str], stdout=subprocess.DEVNULL) -> dict:
    """Run *command*: wall and CPU seconds, exit code, peak RSS (MiB) of the child and its children.

    ``os.wait4`` gives that child's own ``ru_maxrss`` (what ``RUSAGE_CHILDREN`` reports
    when it is the largest child so far); a ``--jobs`` worker counts on its own, not summed.
    """
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, env=env, stdout=stdout, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    return {"wall_s": wall, "cpu_s": usage.ru_utime + usage.ru_stime, "exit_code": process.returncode,
            "peak_rss_mib": usage.ru_maxrss / 1024}


def import_time_ms(python: str, target: Path, cwd: Path, env: dict[str, str]) -> float:
    """Sum of the top-level cumulative import times of a one-file run (``-X importtime``)."""
    result = subprocess.run(
        [python, "-X", "importtime", "-m", "email_lint", "check", str(target)],
        cwd=cwd, env=env, capture_output=True, text=True, check=False,
    )
    total = 0
    for line in result.stderr.splitlines():
        match = re.match(r"import time:\s+\d+ \|\s+(\d+) \| (\S.*)$", line)
        if match:  # top level: no indentation before the module name
            total += int(match.group(1))
    return total / 1000


def cold_start(python: str, target: Path, cwd: Path, runs: int, env: dict[str, str]) -> dict:
    command = [*cli_command(python), "check", str(target)]
    # The first run warms the file-system and byte-code caches, and shows the CLI works.
    first = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, check=False)
    if first.returncode not in (0, 1):
        raise SystemExit(f"benchmark: {' '.join(command)} exited {first.returncode}:\n{first.stderr[-2000:]}")
    runs_ = [run_child(command, cwd, env) for _ in range(runs)]
    walls = [r["wall_s"] for r in runs_]
    imports = [import_time_ms(python, target, cwd, env) for _ in range(max(3, runs // 2))]
    return {
        "command": " ".join(Path(c).name if i == 0 else c for i, c in enumerate(command)),
        "best_s": min(walls),
        "median_s": statistics.median(walls),
        "cpu_best_s": min(r["cpu_s"] for r in runs_),
        "peak_rss_mib": max(r["peak_rss_mib"] for r in runs_),
        "import_ms_best": min(imports),
        "import_ms_median": statistics.median(imports),
    }


def in_process(directory: Path) -> dict:
    """Check every file in one process through the CLI's code path (plugins loaded once)."""
    from email_lint.discovery import iter_files

    try:  # the CLI's own way to build the engine and check one target
        from email_lint.parallel import EngineSpec, check_target

        _, engine, resolver = EngineSpec().build()
    except ImportError:  # an older tree without parallel.py
        from email_lint.config import ConfigResolver
        from email_lint.engine import Engine, RunOptions
        from email_lint.plugins import load_plugins

        registry = load_plugins(())
        engine, resolver = Engine(registry.rules, RunOptions()), ConfigResolver(None, frozenset(registry.rules))

        def check_target(engine, resolver, target):
            return engine.check_file(target[0], target[1], resolver.for_path(target[1]))

    targets = list(iter_files((str(directory),)))
    start, cpu = time.perf_counter(), time.process_time()
    findings = errors = 0
    for target in targets:
        result = check_target(engine, resolver, target)
        findings += len(result.findings)
        errors += len(result.errors)
    elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu
    return {"files": len(targets), "seconds": elapsed, "cpu_s": cpu, "files_per_second": len(targets) / elapsed,
            "findings": findings, "errors": errors}


def cli_directory(python: str, directory: Path, cwd: Path, env: dict[str, str], extra: tuple[str, ...] = ()) -> dict:
    """One CLI run over the whole directory (JSON output to a file, counted afterwards)."""
    out = cwd / "out.json"
    with out.open("wb") as handle:
        run = run_child([*cli_command(python), "check", "--format", "json", *extra, str(directory)], cwd, env, handle)
    try:
        run["findings"] = len(json.loads(out.read_text(encoding="utf-8") or "[]"))
    except ValueError:
        run["findings"] = -1
    return run


#: ``--memory``: the output formats measured (statistics: ``--statistics``, as text).
MEMORY_FORMATS = ("text", "json", "json-lines", "github", "gitlab", "junit", "sarif", "statistics")


def memory_by_format(pythons: dict[str, str], directory: Path, cwd: Path, env: dict[str, str],
                     jobs: tuple[str, ...] = ("1", "2")) -> list[dict]:
    """Peak RSS (MiB; the largest process, the CLI or one of its workers) and wall time of
    ``email-lint check DIR`` in every output format, for each interpreter in *pythons* (name ->
    path), runs interleaved so that a busier moment hurts every tree alike."""
    rows = []
    for fmt in MEMORY_FORMATS:
        options = ("--statistics",) if fmt == "statistics" else ("--format", fmt)
        for n in jobs:
            for name, python in pythons.items():
                out = cwd / f"memory-{name}.out"
                with out.open("wb") as handle:
                    run = run_child([*cli_command(python), "check", "--jobs", n, *options, str(directory)],
                                    cwd, env, handle)
                # SARIF names the tool's version: two trees differ there and nowhere else.
                data = re.sub(rb'("name": "email-lint",\s*"version": )"[^"]*"', rb'\1"*"', out.read_bytes())
                digest = hashlib.sha256(data).hexdigest()
                rows.append({"tree": name, "format": fmt, "jobs": int(n), "peak_rss_mib": run["peak_rss_mib"],
                             "wall_s": run["wall_s"], "exit_code": run["exit_code"], "output_sha256": digest})
    return rows


def memory_table(rows: list[dict]) -> str:
    """One line per format and --jobs, one column per tree; the speed-up of --jobs 2."""
    trees = list(dict.fromkeys(r["tree"] for r in rows))
    cell = {(r["tree"], r["format"], r["jobs"]): r for r in rows}
    lines = [f"{'format':<11} {'jobs':>4}  " + "  ".join(f"{t + ' MiB':>14} {'s':>6}" for t in trees)]
    for fmt in MEMORY_FORMATS:
        for n in sorted({r["jobs"] for r in rows}):
            values = [cell.get((t, fmt, n)) for t in trees]
            lines.append(f"{fmt:<11} {n:>4}  " + "  ".join(
                f"{v['peak_rss_mib']:>14.1f} {v['wall_s']:>6.2f}" if v else f"{'-':>14} {'-':>6}" for v in values))
    for t in trees:
        one = [cell[(t, f, 1)]["wall_s"] for f in MEMORY_FORMATS if (t, f, 1) in cell]
        two = [cell[(t, f, 2)]["wall_s"] for f in MEMORY_FORMATS if (t, f, 2) in cell]
        peak = max(r["peak_rss_mib"] for r in rows if r["tree"] == t)
        if one and two:
            lines.append(f"{t}: --jobs 2 speed-up x{statistics.median(one) / statistics.median(two):.2f} "
                         f"(median wall over the formats), largest peak {peak:.1f} MiB")
    differ = []
    for fmt in MEMORY_FORMATS:
        runs = [r for r in rows if r["format"] == fmt]
        if len({r["output_sha256"] for r in runs}) > 1:
            groups: dict[str, list[str]] = {}
            for r in runs:
                run = f"{r['tree']} jobs {r['jobs']} exit {r['exit_code']}"
                groups.setdefault(r["output_sha256"], []).append(run)
            differ.append(f"{fmt} ({' | '.join(', '.join(g) for g in groups.values())})")
    lines.append("output identical across trees and --jobs: " + ("yes" if not differ else "NO: " + "; ".join(differ)))
    return "\n".join(lines)


def cli_has_jobs(python: str, cwd: Path, env: dict[str, str]) -> bool:
    result = subprocess.run([*cli_command(python), "check", "--help"], cwd=cwd, env=env,
                            capture_output=True, text=True, check=False)
    return "--jobs" in result.stdout


# -- report -----------------------------------------------------------------------------------
def table(report: dict) -> str:
    cold, one, cli = report["cold_start"], report["in_process"], report["cli_directory"]
    files = one["files"]

    def rate(run: dict) -> str:
        return f"{files / run['wall_s']:.0f} files/s ({run['wall_s']:.2f} s, {run['peak_rss_mib']:.1f} MiB)"

    rows = [
        ("cold start, one file (best)", f"{cold['best_s']:.3f} s (cpu {cold['cpu_best_s']:.3f} s)",
         f"<= {TARGETS['cold_start_s']} s", cold["best_s"] <= TARGETS["cold_start_s"]),
        ("cold start, one file (median)", f"{cold['median_s']:.3f} s", "", None),
        ("import time, one-file run (median)", f"{cold['import_ms_median']:.1f} ms", "<= ~80 ms",
         cold["import_ms_median"] <= 80),
        (f"in process, {files} files", f"{one['files_per_second']:.0f} files/s (cpu {files / one['cpu_s']:.0f})",
         f">= {TARGETS['files_per_second']:.0f} files/s", one["files_per_second"] >= TARGETS["files_per_second"]),
        (f"CLI, one process, {files} files", rate(cli), "", None if cli["exit_code"] in (0, 1) else False),
        ("peak memory, CLI over the directory", f"{cli['peak_rss_mib']:.1f} MiB",
         f"<= {TARGETS['peak_memory_mib']:.0f} MiB", cli["peak_rss_mib"] <= TARGETS["peak_memory_mib"]),
    ]
    if "jobs2" in report:
        rows.append((f"CLI --jobs 2, {files} files", rate(report["jobs2"]), "", None))
        rows.append(("speed-up --jobs 2 vs --jobs 1", f"x{report['jobs_speedup']:.2f}", "", None))
    width = max(len(r[0]) for r in rows)
    lines = [f"{'measure':<{width}}  {'value':<40}  {'target':<18}  ok"]
    for name, value, target, ok in rows:
        mark = "" if ok is None else ("yes" if ok else "NO")
        lines.append(f"{name:<{width}}  {value:<40}  {target:<18}  {mark}")
    setup = report["setup"]
    lines.append("")
    lines.append(
        f"{setup['files']} templates ({', '.join(f'{k} {v}' for k, v in sorted(setup['formats'].items()))}"
        f"{', real ' + str(setup['real']) if setup['real'] else ''}); findings: {one['findings']} in process, "
        f"{cli['findings']} from the CLI; {setup['cpus']} CPUs, load {setup['load']}, Python {setup['python']}"
    )
    cache = "byte-code cached as when installed" if setup["bytecode_cache"] else "environment as is"
    lines.append(f"cold start: {cold['command']} (fresh process, warm disk cache, {cache})")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--files", type=int, default=3000, help="synthetic templates to generate (default 3000)")
    parser.add_argument("--runs", type=int, default=10, help="cold-start runs (default 10)")
    parser.add_argument("--seed", type=int, default=2024, help="seed of the template generator")
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS,
                        help="real templates to add, read in place (default ../shared/corpus/real if present)")
    parser.add_argument("--corpus-copies", type=int, default=3, help="copies of each corpus file (default 3)")
    parser.add_argument("--no-corpus", action="store_true", help="synthetic templates only")
    parser.add_argument("--no-bytecode-cache", action="store_true",
                        help="run the children in this environment as is (by default byte-code is cached "
                             "in the temporary directory, as an installed package has it)")
    parser.add_argument("--python", default=sys.executable, help="interpreter that has email_lint installed")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--memory", action="store_true",
                        help="only peak memory and wall time per output format, --jobs 1 and 2")
    parser.add_argument("--against", metavar="PYTHON",
                        help="with --memory: also measure this interpreter's email_lint (another tree), interleaved")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="email-lint-bench-") as tmp:
        root = Path(tmp)
        templates = root / "templates"
        templates.mkdir()
        formats = write_synthetic(templates, args.files, args.seed)
        real = 0
        if not args.no_corpus and args.corpus.is_dir():
            real = copy_corpus(args.corpus, templates, args.corpus_copies)
        one_file = root / "one" / "newsletter.html"
        one_file.parent.mkdir()
        one_file.write_text(Template(random.Random(args.seed), "en", 3000).html(), encoding="utf-8")
        env = child_env(None if args.no_bytecode_cache else root / "pycache")
        if args.memory:
            pythons = {"this": args.python, **({"against": args.against} if args.against else {})}
            rows = memory_by_format(pythons, templates, root, env)
            files = sum(1 for p in templates.rglob("*") if p.is_file())
            print(json.dumps(rows, indent=2) if args.json else
                  f"{files} files; {os.cpu_count()} CPUs, load {' '.join(f'{x:.2f}' for x in os.getloadavg())}\n"
                  + memory_table(rows))
            return 0

        report: dict = {
            "setup": {"files": args.files + real, "formats": formats, "real": real,
                      "cpus": os.cpu_count(), "load": " ".join(f"{x:.2f}" for x in os.getloadavg()),
                      "python": platform.python_version(), "machine": platform.machine(),
                      "system": platform.system(), "bytecode_cache": not args.no_bytecode_cache},
            "targets": TARGETS,
        }
        report["cold_start"] = cold_start(args.python, one_file, root, args.runs, env)
        # Child processes run before this process checks anything itself: on Linux a child's
        # peak RSS counts its parent's at fork time, so the parent must still be small.
        jobs = cli_has_jobs(args.python, root, env)
        report["cli_directory"] = cli_directory(args.python, templates, root, env, ("--jobs", "1") if jobs else ())
        if jobs:
            report["jobs2"] = cli_directory(args.python, templates, root, env, ("--jobs", "2"))
            report["jobs_speedup"] = report["cli_directory"]["wall_s"] / report["jobs2"]["wall_s"]
        report["setup"]["benchmark_rss_mib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        report["in_process"] = in_process(templates)
        shutil.rmtree(templates, ignore_errors=True)

    print(json.dumps(report, indent=2) if args.json else table(report))
    return 0


if __name__ == "__main__":
    sys.exit(main())
