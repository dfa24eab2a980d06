"""A realistic ~60 KB rendered newsletter (CSS, layout tables, product cards), built from the
English compliant fixture: the size mailbox providers see from ESPs, for timing tests and bench."""

from __future__ import annotations

from pathlib import Path

HERE = Path(__file__).parent
_STYLE = "".join(
    f".c{i} {{ font-family: Helvetica, Arial, sans-serif; font-size: {12 + i % 6}px; "
    f"color: #3{i % 10}3{i % 10}3{i % 10}; "
    f"padding: {i % 12}px {i % 8}px; line-height: 1.{i % 9}; }}\n"
    for i in range(160)
)
_CARD = (
    '<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="border:1px solid #e5e5e5;'
    'border-radius:6px;background-color:#ffffff;margin:0 0 16px 0"><tr><td class="c{i}" style="padding:16px 20px;'
    'font-family:Helvetica,Arial,sans-serif"><img src="https://cdn.northwind.example/img/p{i}.jpg" width="520" '
    'alt="Bulb pack {i}" style="display:block;border:0;width:100%;max-width:520px"><h2 style="margin:12px 0 4px 0;'
    'font-size:18px;color:#1f3d2b">Spring bulb pack no. {i}</h2><p style="margin:0 0 8px 0;font-size:14px;'
    'color:#444444">Tulips, crocus and daffodils chosen for borders and pots. Plant before the first frost.</p>'
    '<a href="https://northwind.example/p/{i}?utm_source=newsletter&amp;utm_medium=email" style="display:inline-block;'
    'padding:10px 18px;background-color:#2e7d32;color:#ffffff;text-decoration:none;border-radius:4px">Shop now</a>'
    "</td></tr></table>\n"
)


def newsletter_60k() -> bytes:
    """The compliant English message with ~60 KB of layout around the same footer."""
    source = (HERE / "messages" / "en-compliant.eml").read_text(encoding="utf-8")
    cards = "".join(_CARD.format(i=i) for i in range(48))
    head = f'<html lang="en">\n<head><style>\n{_STYLE}</style></head>\n<body>'
    source = source.replace('<html lang="en">\n<body>', head)
    return source.replace("  <h1>", cards + "  <h1>").encode("utf-8")
