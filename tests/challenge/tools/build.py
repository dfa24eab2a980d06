#!/usr/bin/env python3
"""Wrap the hand-written challenge emails in their format envelopes and write labels.tsv.

Every email's wording lives in ``tests/challenge/tools/src/<lang>.txt``, written by hand, one
card per email. This script only does the boilerplate: the HTML document skeleton, the MJML
``<mj-section>`` scaffolding, the RFC 5322/MIME envelope of ``.eml`` files, and the label row.
It never generates or substitutes wording. Run it after editing a source file and commit both::

    python tests/challenge/tools/build.py

Card syntax (``@@ slug`` starts a card; header lines until ``--``; then the body)::

    @@ autumn-sale
    format: html                 # html | mjml | txt | eml
    kind: marketing              # marketing | transactional | unknown
    labels: sender=yes postal=yes unsub=yes form=link dsn=no comm=yes
    notes: what the file tests
    subject: Autumn offers       # <title>, <mj-title>, Subject:
    preheader: hidden preview    # optional (html/mjml/eml html)
    from: "Harbour & Pine" <news@harbourandpine.example>   # eml only
    header: List-Unsubscribe: <https://harbourandpine.example/u/1>   # eml only, repeatable
    eml: alt                     # text | html | alt (multipart/alternative)
    cte: quoted-printable        # 8bit | quoted-printable | base64
    charset: utf-8
    --
    # Heading
    A paragraph with <a href="https://x.example">inline HTML</a>.
    btn: Label | https://x.example/shop
    img: https://x.example/logo.png | Logo alt text
    small: a small grey footer paragraph
    raw: <p style="display:none">verbatim HTML</p>
    ---                          # divider

The body of ``txt`` cards and of ``eml: text`` cards is plain text, kept verbatim.
"""

from __future__ import annotations

import csv
import html
import re
import sys
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from email.policy import SMTP, default
from email.utils import format_datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
LANGUAGES = ("en", "fr", "de", "it", "es", "nl")
EXT = {"html": "html", "mjml": "mjml", "txt": "txt", "eml": "eml"}
COLUMNS = ("file", "source_repo", "source_path", "commit", "format", "language", "sender_identity",
           "postal_address", "unsubscribe", "unsubscribe_form", "data_source_notice", "commercial_statement",
           "kind", "notes")
LABEL_KEYS = {"sender": "sender_identity", "postal": "postal_address", "unsub": "unsubscribe",
              "form": "unsubscribe_form", "dsn": "data_source_notice", "comm": "commercial_statement"}
FORMS = {"none", "link", "merge_tag", "mailto", "text", "reply"}


class CardError(ValueError):
    """A source card is malformed."""


def parse_cards(path: Path) -> list[dict]:
    """The cards of one source file, in order."""
    cards: list[dict] = []
    card: dict | None = None
    in_body = False
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line.startswith("@@ "):
            card = {"slug": line[3:].strip(), "headers": [], "body": [], "line": number}
            cards.append(card)
            in_body = False
        elif card is None:
            continue
        elif in_body:
            card["body"].append(line)
        elif line.strip() == "--":
            in_body = True
        elif line.strip():
            key, sep, value = line.partition(":")
            if not sep:
                raise CardError(f"{path}:{number}: expected 'key: value', got {line!r}")
            key, value = key.strip(), value.strip()
            if key == "header":
                card["headers"].append(value)
            else:
                card[key] = value
    for card in cards:
        card["body"] = "\n".join(card["body"]).strip("\n")
    return cards


def parse_labels(card: dict, where: str) -> dict[str, str]:
    labels = dict(item.split("=", 1) for item in card["labels"].split())
    if set(labels) != set(LABEL_KEYS):
        raise CardError(f"{where}: labels need exactly {sorted(LABEL_KEYS)}")
    for key, value in labels.items():
        allowed = FORMS if key == "form" else {"yes", "no"}
        if value not in allowed:
            raise CardError(f"{where}: label {key}={value!r} is not one of {sorted(allowed)}")
    if (labels["unsub"] == "yes") and labels["form"] == "none":
        raise CardError(f"{where}: unsub=yes needs a form")
    return {LABEL_KEYS[k]: v for k, v in labels.items()}


# ---------------------------------------------------------------- body blocks
def blocks(body: str) -> list[tuple[str, str]]:
    """``(kind, content)`` for each blank-line separated block of a markup body."""
    out = []
    for chunk in re.split(r"\n\s*\n", body.strip()):
        chunk = chunk.strip("\n")
        if chunk.strip() == "---":
            out.append(("hr", ""))
            continue
        match = re.match(r"(#{1,2}) (.*)", chunk, re.S)
        if match:
            out.append(("h1" if len(match[1]) == 1 else "h2", match[2]))
            continue
        match = re.match(r"(btn|img|small|raw|center): ?(.*)", chunk, re.S)
        if match:
            out.append((match[1], match[2]))
            continue
        out.append(("p", chunk))
    return out


def _lines(text: str) -> str:
    return "<br>\n".join(text.split("\n"))


def html_block(kind: str, content: str) -> str:
    if kind == "hr":
        return '<tr><td style="padding:8px 32px"><hr style="border:0;border-top:1px solid #e2e2e2"></td></tr>'
    if kind == "raw":
        return f'<tr><td style="padding:0 32px">{content}</td></tr>'
    if kind in ("h1", "h2"):
        size = 26 if kind == "h1" else 19
        return (f'<tr><td style="padding:16px 32px 4px"><{kind} style="margin:0;font-size:{size}px;'
                f'line-height:1.25;color:#1d1d1b">{_lines(content)}</{kind}></td></tr>')
    if kind == "btn":
        label, _, url = (p.strip() for p in content.partition("|"))
        return (f'<tr><td align="center" style="padding:16px 32px"><a href="{html.escape(url)}" '
                'style="display:inline-block;background:#1d1d1b;color:#ffffff;padding:12px 24px;'
                f'border-radius:4px;text-decoration:none;font-weight:bold">{label}</a></td></tr>')
    if kind == "img":
        src, _, alt = (p.strip() for p in content.partition("|"))
        return (f'<tr><td align="center" style="padding:16px 32px"><img src="{html.escape(src)}" '
                f'alt="{html.escape(alt)}" width="536" style="display:block;max-width:100%;border:0"></td></tr>')
    if kind == "small":
        return (f'<tr><td style="padding:4px 32px;font-size:12px;line-height:1.5;color:#777777">'
                f"{_lines(content)}</td></tr>")
    if kind == "center":
        return f'<tr><td align="center" style="padding:8px 32px">{_lines(content)}</td></tr>'
    return f'<tr><td style="padding:8px 32px;font-size:15px;line-height:1.6">{_lines(content)}</td></tr>'


def render_html(card: dict, lang: str) -> str:
    pre = card.get("preheader")
    preheader = (f'<div style="display:none;max-height:0;overflow:hidden;mso-hide:all">{pre}</div>\n'
                 if pre else "")
    rows = "\n".join(html_block(k, c) for k, c in blocks(card["body"]))
    title = html.escape(card.get("subject", ""))
    return f"""<!DOCTYPE html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<style>
  body {{ margin:0; padding:0; background:#f4f4f1; }}
  a {{ color:#2f5d8a; }}
  @media (max-width:620px) {{ .wrap {{ width:100% !important; }} }}
</style>
</head>
<body style="margin:0;padding:0;background:#f4f4f1;font-family:Helvetica,Arial,sans-serif;color:#1d1d1b">
{preheader}<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0"
 style="background:#f4f4f1">
<tr><td align="center" style="padding:24px 0">
<table role="presentation" class="wrap" width="600" cellpadding="0" cellspacing="0" border="0"
 style="background:#ffffff">
{rows}
</table>
</td></tr>
</table>
</body>
</html>
"""


def mjml_block(kind: str, content: str) -> str:
    if kind == "hr":
        return '        <mj-divider border-width="1px" border-color="#e2e2e2" />'
    if kind == "raw":
        return f"        <mj-raw>\n          {content}\n        </mj-raw>"
    if kind in ("h1", "h2"):
        size = "26px" if kind == "h1" else "19px"
        return f'        <mj-text font-size="{size}" font-weight="bold">{_lines(content)}</mj-text>'
    if kind == "btn":
        label, _, url = (p.strip() for p in content.partition("|"))
        return f'        <mj-button href="{html.escape(url)}" background-color="#1d1d1b">{label}</mj-button>'
    if kind == "img":
        src, _, alt = (p.strip() for p in content.partition("|"))
        return f'        <mj-image src="{html.escape(src)}" alt="{html.escape(alt)}" />'
    if kind == "small":
        return f'        <mj-text font-size="12px" color="#777777">{_lines(content)}</mj-text>'
    if kind == "center":
        return f'        <mj-text align="center">{_lines(content)}</mj-text>'
    return f"        <mj-text>{_lines(content)}</mj-text>"


def render_mjml(card: dict, lang: str) -> str:
    pre = card.get("preheader")
    preview = f"\n    <mj-preview>{pre}</mj-preview>" if pre else ""
    items = "\n".join(mjml_block(k, c) for k, c in blocks(card["body"]))
    return f"""<mjml lang="{lang}">
  <mj-head>
    <mj-title>{html.escape(card.get("subject", ""))}</mj-title>{preview}
    <mj-attributes>
      <mj-all font-family="Helvetica, Arial, sans-serif" />
      <mj-text font-size="15px" line-height="1.6" color="#1d1d1b" />
    </mj-attributes>
  </mj-head>
  <mj-body background-color="#f4f4f1">
    <mj-section background-color="#ffffff">
      <mj-column>
{items}
      </mj-column>
    </mj-section>
  </mj-body>
</mjml>
"""


# ---------------------------------------------------------------- eml
def html_to_text(card: dict) -> str:
    """A text/plain alternative for an ``eml: alt`` card (links as ``label <url>``)."""
    parts = []
    for kind, content in blocks(card["body"]):
        if kind == "hr":
            parts.append("-" * 24)
            continue
        if kind == "img":
            continue
        if kind == "btn":
            label, _, url = (p.strip() for p in content.partition("|"))
            parts.append(f"{label}: {url}")
            continue
        text = re.sub(r'<a [^>]*href="([^"]*)"[^>]*>(.*?)</a>', r"\2 (\1)", content, flags=re.S)
        text = re.sub(r"<br\s*/?>", "\n", text)
        text = html.unescape(re.sub(r"<[^>]+>", "", text))
        parts.append(text.upper() if kind == "h1" else text)
    return "\n\n".join(p.strip() for p in parts if p.strip()) + "\n"


def render_eml(card: dict, lang: str, index: int) -> bytes:
    msg = EmailMessage()
    msg["From"] = card["from"]
    msg["To"] = card.get("to", "Alex Martin <alex.martin@example.net>")
    msg["Subject"] = card.get("subject", "")
    msg["Date"] = format_datetime(datetime(2025, 3, 3, 9, 15, tzinfo=UTC) + timedelta(days=3 * index,
                                                                                              minutes=37 * index))
    domain = card["from"].rsplit("@", 1)[-1].rstrip(">").strip()
    msg["Message-ID"] = f"<{card['slug']}.{index:03d}@{domain}>"
    for header in card["headers"]:
        name, _, value = header.partition(":")
        msg[name.strip()] = value.strip()
    msg["Content-Language"] = lang
    mode = card.get("eml", "text")
    cte = card.get("cte", "quoted-printable")
    charset = card.get("charset", "utf-8")
    if mode == "text":
        msg.set_content(card["body"] + "\n", charset=charset, cte=cte)
    elif mode == "html":
        msg.set_content(render_html(card, lang), subtype="html", charset=charset, cte=cte)
    elif mode == "alt":
        msg.set_content(html_to_text(card), charset=charset, cte=cte)
        msg.add_alternative(render_html(card, lang), subtype="html", charset=charset, cte=cte)
        msg.set_boundary(f"=_alt_{card['slug']}_{index:03d}")
        for part in msg.iter_parts():
            del part["MIME-Version"]
    else:
        raise CardError(f"{card['slug']}: eml mode {mode!r} is not text, html or alt")
    policy = SMTP if card.get("crlf") == "yes" else default
    return msg.as_bytes(policy=policy.clone(max_line_length=998))


# ---------------------------------------------------------------- main
def build() -> list[dict[str, str]]:
    rows: list[dict[str, str]] = []
    for lang in LANGUAGES:
        source = HERE / "src" / f"{lang}.txt"
        if not source.is_file():
            continue
        out_dir = ROOT / lang
        out_dir.mkdir(exist_ok=True)
        for stale in out_dir.iterdir():
            stale.unlink()
        counters: dict[str, int] = {}
        for card in parse_cards(source):
            where = f"{source.name}:{card['line']} ({card['slug']})"
            fmt = card.get("format", "")
            if fmt not in EXT:
                raise CardError(f"{where}: format {fmt!r}")
            counters[fmt] = counters.get(fmt, 0) + 1
            name = f"{lang}-{fmt}-{counters[fmt]:02d}-{card['slug']}.{EXT[fmt]}"
            labels = parse_labels(card, where)
            if fmt == "html":
                data = render_html(card, lang).encode("utf-8")
            elif fmt == "mjml":
                data = render_mjml(card, lang).encode("utf-8")
            elif fmt == "txt":
                data = (card["body"] + "\n").encode(card.get("charset", "utf-8"))
            else:
                data = render_eml(card, lang, len(rows) + 1)
            (out_dir / name).write_bytes(data)
            rows.append({"file": f"{lang}/{name}", "source_repo": "email-lint (written for this set)",
                         "source_path": f"tests/challenge/tools/src/{lang}.txt#{card['slug']}", "commit": "-",
                         "format": fmt, "language": lang, **labels, "kind": card.get("kind", "marketing"),
                         "notes": card.get("notes", "")})
    with open(ROOT / "labels.tsv", "w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, COLUMNS, delimiter="\t", lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    return rows


def main() -> int:
    try:
        rows = build()
    except (CardError, KeyError, UnicodeError) as exc:
        print(f"build: {exc}", file=sys.stderr)
        return 2
    print(f"build: {len(rows)} templates written, labels.tsv updated")
    return 0


if __name__ == "__main__":
    sys.exit(main())
