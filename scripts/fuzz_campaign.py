#!/usr/bin/env python3
"""The long fuzzing campaign: hypothesis-generated hostile input through reader and rules.

    .venv/bin/python scripts/fuzz_campaign.py --inputs 100000 [--seed 1] [--crash-dir DIR] [--scaling]

Draws from the same strategies as ``tests/test_fuzz.py`` (arbitrary bytes, mangled
HTML/MJML with hostile DTDs, random encodings, random MIME trees) without stopping at
the first failure: every crash is recorded by signature (exception type and the
innermost email_lint frame), its smallest input saved to ``--crash-dir``, and the run
goes on. Inputs slower than ``--slow`` seconds are recorded (and saved) too. Ends with a summary
(inputs tried, crashes, slow inputs) and exits 1 if anything was found.

``--scaling`` adds a probe random inputs rarely reach: each of a list of tokens
(unclosed comments, tag openers, merge-tag delimiters...) repeated to 20 KB and to 80 KB
in each format; a time that grows much faster than the size (quadratic scans) is a
finding, as is any input over ``--slow`` seconds.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import tempfile
import time
import traceback
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))


def _signature(exc: BaseException) -> str:
    """Exception type plus the innermost frame inside email_lint (or the innermost frame)."""
    frames = traceback.extract_tb(exc.__traceback__)
    ours = [f for f in frames if "email_lint" in f.filename] or frames
    where = f"{Path(ours[-1].filename).name}:{ours[-1].lineno}" if ours else "?"
    return f"{type(exc).__name__} at {where}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--inputs", type=int, default=100_000, help="inputs to try (default 100000)")
    parser.add_argument("--seed", type=int, default=1, help="hypothesis seed (default 1)")
    parser.add_argument("--crash-dir", type=Path, default=Path(tempfile.gettempdir()) / "email-lint-fuzz-crashes",
                        help="where crashing inputs go (default: in the temporary directory)")
    parser.add_argument("--slow", type=float, default=2.0, help="report inputs slower than this (seconds)")
    parser.add_argument("--json", type=Path, help="also write the summary as JSON to this file")
    parser.add_argument("--scaling", action="store_true", help="also probe for super-linear time (see above)")
    args = parser.parse_args(argv)

    from fuzz_inputs import any_input, lint
    from hypothesis import HealthCheck, Phase, given, seed, settings

    crashes: dict[str, dict] = {}
    slow: list[dict] = []
    tried = 0
    started = time.monotonic()

    def record(name: str, data: bytes, exc: BaseException) -> None:
        cause = exc.__cause__ if exc.__cause__ is not None else exc
        signature = _signature(cause)
        known = crashes.get(signature)
        if known is None or len(data) < known["size"]:
            args.crash_dir.mkdir(parents=True, exist_ok=True)
            digest = hashlib.sha1(data).hexdigest()[:12]
            target = args.crash_dir / f"{digest}-{Path(name).name}"
            target.write_bytes(data)
            crashes[signature] = {
                "signature": signature,
                "message": f"{type(cause).__name__}: {cause}"[:300],
                "input": str(target),
                "size": len(data),
                "count": (known or {}).get("count", 0),
            }
        crashes[signature]["count"] += 1

    @settings(max_examples=max(args.inputs, 1), deadline=None, database=None, phases=[Phase.generate],
              suppress_health_check=list(HealthCheck))
    @seed(args.seed)
    @given(any_input)
    def campaign(sample) -> None:
        nonlocal tried
        name, data = sample
        tried += 1
        began = time.monotonic()
        try:
            lint(name, data)
        except Exception as exc:  # a crash: record it and go on
            record(name, data, exc)
        elapsed = time.monotonic() - began
        if elapsed > args.slow:
            args.crash_dir.mkdir(parents=True, exist_ok=True)
            target = args.crash_dir / f"slow-{hashlib.sha1(data).hexdigest()[:12]}-{Path(name).name}"
            target.write_bytes(data)
            slow.append({"input": str(target), "size": len(data), "seconds": round(elapsed, 2)})
        if tried % 10_000 == 0:
            print(f"  {tried} inputs, {len(crashes)} crash signature(s), "
                  f"{time.monotonic() - started:.0f}s", file=sys.stderr, flush=True)

    if args.inputs:
        campaign()
    scaling = scaling_probe(args.slow) if args.scaling else []
    summary = {
        "inputs_tried": tried,
        "seconds": round(time.monotonic() - started, 1),
        "seed": args.seed,
        "crash_signatures": len(crashes),
        "crashing_inputs": sum(c["count"] for c in crashes.values()),
        "crashes": sorted(crashes.values(), key=lambda c: c["signature"]),
        "slow_inputs": slow,
        "scaling_problems": scaling,
    }
    print(json.dumps(summary, indent=2))
    if args.json:
        args.json.write_text(json.dumps(summary, indent=2) + "\n", encoding="utf-8")
    return 1 if crashes or slow or scaling else 0


#: Tokens whose repetition has made a scan quadratic somewhere (or could).
SCALING_TOKENS = (
    "<!--", "{#", "{{!--", "{{!", "<%--", "<%", "{{", "{%", "*|", "%%", "[[", "{", "$", "&", "&#", "<",
    "<p>", "<div>", "<a href='", "<span style='", "<style>", "/*", "<![CDATA[", "<!DOCTYPE x [", "<!ENTITY",
    "<mj-a ", '<mj-text "', "<mj-text>", "a@b", "a.", "http://", "www.", "Se désabonner ", "unsubscribe ",
    "Acme Ltd ", "12 rue ", "BS1 5AA ", "<!-- email-lint: disable-next-line=EL002 -->\n", "-- ", "--b\r\n",
    "Content-Type: text/plain\r\n", "=?utf-8?q?", "\r", "\n\n", "\t", " ", "x" * 100, "color:", "rgb(",
)
FORMATS = ("t.html", "t.txt", "t.mjml", "t.eml")


def scaling_probe(slow: float, sizes: tuple[int, int] = (20_000, 80_000), ratio: float = 8.0) -> list[dict]:
    """Tokens whose processing time grows more than *ratio* times for a 4x larger input."""
    from fuzz_inputs import lint

    problems = []
    for token in SCALING_TOKENS:
        for name in FORMATS:
            times = []
            for size in sizes:
                data = (token * max(1, size // len(token.encode()))).encode()
                if name == "t.eml":
                    data = b"From: a@b.example\r\nSubject: x\r\nContent-Type: text/html\r\n\r\n" + data
                began = time.monotonic()
                try:
                    lint(name, data)
                except Exception as exc:  # reported by the campaign proper; here only time counts
                    print(f"  {token!r} as {name}: {type(exc).__name__}: {exc}", file=sys.stderr)
                times.append(time.monotonic() - began)
            growth = times[1] / max(times[0], 0.01)
            if growth > ratio or times[1] > slow:
                problems.append({"token": token, "format": name, "seconds": [round(t, 3) for t in times],
                                 "growth": round(growth, 1)})
                print(f"  slow: {token!r} as {name}: {times[0]:.2f}s -> {times[1]:.2f}s", file=sys.stderr)
    return problems


if __name__ == "__main__":
    sys.exit(main())
