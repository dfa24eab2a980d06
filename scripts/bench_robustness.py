#!/usr/bin/env python3
"""Measure email-lint on hostile shapes: time and peak memory of real CLI runs.

    .venv/bin/python scripts/bench_robustness.py            # every case
    .venv/bin/python scripts/bench_robustness.py eml        # only the 50 MB message
    .venv/bin/python scripts/bench_robustness.py --json

Cases (generated in a temporary directory, deleted afterwards):

- ``eml``: a 50 MiB .eml: an HTML and a text part plus 50 MiB of base64 attachments
  (a PDF, a zip, an inline image). Target: under 200 MiB peak, a few seconds.
- ``files``: a directory of 20,000 small templates (HTML, text, MJML), default ``--jobs``.
- ``deep``: HTML nested 10,000 levels (a clear read error) and 2,000 levels (read whole).
- ``laughs``: MJML with a billion-laughs DOCTYPE.

Each case runs ``python -m email_lint check`` in a child process; peak memory is the
child's maximum resident set size (the largest process, when there are workers).
"""

from __future__ import annotations

import argparse
import base64
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
HTML = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Spring at Fernhill</title></head>
<body><table width="600"><tr><td>
<p style="font-size:11px;color:#777">Advertisement</p>
<h1>Spring is here</h1>
{paragraphs}
<p>You are receiving this email because you subscribed at fernhill.example.</p>
<p>Fernhill Outdoor Ltd, 22 Quarry Road, Sheffield S1 2AB</p>
<p><a href="https://fernhill.example/unsubscribe?u={{{{ id }}}}">Unsubscribe</a></p>
</td></tr></table></body></html>
"""
PARAGRAPH = ("<p>Our new range of walking boots is made in Northamptonshire from waxed leather and "
             "recycled rubber; every pair is resoled for free in its first two years.</p>\n")


def run_cli(args: list[str], cwd: Path) -> dict:
    """Run the CLI in a child; its wall time, peak RSS (MiB) and exit code."""
    probe = (
        "import resource, subprocess, sys, time, json\n"
        "began = time.perf_counter()\n"
        "done = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)\n"
        "elapsed = time.perf_counter() - began\n"
        "peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024\n"
        "print(json.dumps({'seconds': round(elapsed, 2), 'peak_mib': round(peak, 1), 'exit': done.returncode,"
        " 'stderr': done.stderr.decode('utf-8', 'replace').splitlines()[:3]}))\n"
    )
    out = subprocess.run([sys.executable, "-c", probe, sys.executable, "-m", "email_lint", "check", *args],
                         capture_output=True, text=True, cwd=cwd, check=True)
    return json.loads(out.stdout)


def make_eml(path: Path, attachments_mib: int = 50) -> None:
    html = HTML.format(paragraphs=PARAGRAPH * 120).encode()
    text = b"Spring is here. Unsubscribe: https://fernhill.example/unsubscribe\r\n"
    chunk = base64.encodebytes(os.urandom(57 * 1024)).replace(b"\n", b"\r\n")
    with path.open("wb") as out:
        out.write(b"From: Fernhill Outdoor <news@fernhill.example>\r\nTo: walker@example.org\r\n"
                  b"Subject: Spring at Fernhill\r\nMIME-Version: 1.0\r\n"
                  b"List-Unsubscribe: <https://fernhill.example/u/1>\r\n"
                  b"List-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n"
                  b'Content-Type: multipart/mixed; boundary="mixed"\r\n\r\n--mixed\r\n'
                  b'Content-Type: multipart/alternative; boundary="alt"\r\n\r\n--alt\r\n'
                  b"Content-Type: text/plain; charset=utf-8\r\n\r\n" + text + b"\r\n--alt\r\n"
                  b"Content-Type: text/html; charset=utf-8\r\n\r\n" + html + b"\r\n--alt--\r\n")
        per_attachment = attachments_mib * 1024 * 1024 // 3
        for name, kind, disposition in (("catalogue.pdf", "application/pdf", "attachment"),
                                        ("photos.zip", "application/zip", "attachment"),
                                        ("hero.jpg", "image/jpeg", "inline")):
            out.write(f'--mixed\r\nContent-Type: {kind}; name="{name}"\r\nContent-Disposition: {disposition}; '
                      f'filename="{name}"\r\nContent-Transfer-Encoding: base64\r\n\r\n'.encode())
            written = 0
            while written < per_attachment:
                out.write(chunk)
                written += len(chunk)
        out.write(b"--mixed--\r\n")


def bench_eml(root: Path) -> dict:
    path = root / "newsletter-with-attachments.eml"
    make_eml(path)
    result = run_cli([str(path)], root)
    result["file_mib"] = round(path.stat().st_size / 1024 / 1024, 1)
    return result


def bench_files(root: Path, count: int = 20_000) -> dict:
    folder = root / "many"
    for number in range(count):
        sub = folder / f"d{number % 50:02d}"
        sub.mkdir(parents=True, exist_ok=True)
        kind = number % 3
        if kind == 0:
            (sub / f"t{number:05d}.html").write_text(HTML.format(paragraphs=PARAGRAPH), encoding="utf-8")
        elif kind == 1:
            (sub / f"t{number:05d}.txt").write_text(
                "Advertisement\n\nFernhill Outdoor Ltd, 22 Quarry Road, Sheffield S1 2AB\n\n"
                "Unsubscribe: https://fernhill.example/unsubscribe\n", encoding="utf-8")
        else:
            (sub / f"t{number:05d}.mjml").write_text(
                "<mjml><mj-body><mj-section><mj-column><mj-text>Advertisement. Fernhill Outdoor Ltd, "
                "22 Quarry Road, Sheffield S1 2AB</mj-text><mj-button href='https://fernhill.example/u'>"
                "Unsubscribe</mj-button></mj-column></mj-section></mj-body></mjml>", encoding="utf-8")
    result = run_cli([str(folder)], root)
    result["files"] = count
    result["files_per_second"] = round(count / result["seconds"])
    return result


def bench_deep(root: Path) -> dict:
    deep = root / "deep.html"
    deep.write_text("<html><body>" + "<div>" * 10_000 + "<p>x</p>" + "</div>" * 10_000 + "</body></html>")
    readable = root / "deep2000.html"
    readable.write_text("<html><body>" + "<div>" * 2_000 + "<p>x</p>" + "</div>" * 2_000 + "</body></html>")
    return {"10000_levels": run_cli([str(deep)], root), "2000_levels": run_cli([str(readable)], root)}


def bench_laughs(root: Path) -> dict:
    entities = '<!ENTITY lol0 "lol">' + "".join(f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 10))
    path = root / "laughs.mjml"
    path.write_text(f"<!DOCTYPE mjml [{entities}]><mjml><mj-body><mj-text>&lol9;</mj-text></mj-body></mjml>")
    return run_cli([str(path)], root)


CASES = {"eml": bench_eml, "files": bench_files, "deep": bench_deep, "laughs": bench_laughs}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("cases", nargs="*", choices=[*CASES, []], help="cases to run (default: all)")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args(argv)
    figures = {}
    with tempfile.TemporaryDirectory(prefix="email-lint-bench-") as tmp:
        for name in args.cases or list(CASES):
            figures[name] = CASES[name](Path(tmp))
            if not args.json:
                print(f"{name}: {json.dumps(figures[name])}", flush=True)
    if args.json:
        print(json.dumps(figures, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
