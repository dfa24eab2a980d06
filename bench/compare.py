#!/usr/bin/env python3
"""Benchmark email-lint side by side with htmlhint, in interleaved rounds.

Not a test: it prints throughput, cold start and peak memory of both tools on the same
HTML files, and the ratios of their medians with the spread over the rounds.

    python bench/compare.py                   # 5 rounds over the default mix
    python bench/compare.py --rounds 3 --synthetic 500 --json

The corpus is built in a temporary directory (deleted afterwards) from three sources: the
shared real templates (``../shared/corpus/real`` or ``--corpus``, read in place), the
project's challenge set (``tests/challenge``) and synthetic templates from
``bench/benchmark.py``. htmlhint reads only HTML, so both tools are timed on the same
``.html`` files; email-lint is also measured on the whole mix (``--jobs 1`` against
``--jobs 2``, peak memory as text and as JSON). htmlhint is installed with npm into
``~/.cache/email-lint-bench/htmlhint`` when node and npm are present, else skipped with a note.
Standard library only, plus the email_lint package itself.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import benchmark  # (/benchmark.py: the synthetic generator and run_child)

REPO = benchmark.REPO
CHALLENGE = REPO / "tests" / "challenge"
HTMLHINT_DIR = Path.home() / ".cache" / "email-lint-bench" / "htmlhint"
HTMLHINT_VERSION = "htmlhint@1"
NOT_TEMPLATES = (".md", ".tsv", ".toml", ".py", ".csv", ".json")
COLD_TARGET_BYTES = 7 * 1024


def default_corpus() -> Path:
    """``shared/corpus/real`` beside the checkout, or beside the main checkout of a git worktree."""
    if benchmark.DEFAULT_CORPUS.is_dir():
        return benchmark.DEFAULT_CORPUS
    try:
        common = subprocess.run(["git", "rev-parse", "--path-format=absolute", "--git-common-dir"], cwd=REPO,
                                capture_output=True, text=True, timeout=10).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        common = ""
    candidate = Path(common).parent.parent / "shared" / "corpus" / "real" if common else None
    return candidate if candidate is not None and candidate.is_dir() else benchmark.DEFAULT_CORPUS


# -- corpus --------------------------------------------------------------------------------------
def _format_of(path: Path) -> str:
    from email_lint.formats import detect_format

    return detect_format(path.name, path.read_bytes()[:8192]) or "text"


def _copy_tree(source: Path, target: Path) -> int:
    """Copy the template files under *source* (not its notes or data tables) into *target*."""
    written = 0
    for path in sorted(p for p in source.rglob("*") if p.is_file()):
        if path.suffix.lower() in NOT_TEMPLATES or path.stat().st_size > benchmark.MAX_CORPUS_FILE:
            continue
        relative = path.relative_to(source)
        destination = target / "__".join(relative.parts)
        destination.parent.mkdir(parents=True, exist_ok=True)
        destination.write_bytes(path.read_bytes())
        written += 1
    return written


def build_corpus(root: Path, corpus: Path | None, challenge: Path | None, synthetic: int, seed: int) -> dict:
    """Write the mix under ``root/mix/<source>`` and its HTML files under ``root/html``.

    Returns the mix: file counts per source and per format, and the two directories.
    """
    mix = root / "mix"
    sources: dict[str, Path] = {}
    if corpus is not None and corpus.is_dir():
        sources["real"] = corpus
    if challenge is not None and challenge.is_dir():
        sources["challenge"] = challenge
    for name, source in sources.items():
        if name == "real":
            (mix / name).mkdir(parents=True, exist_ok=True)
            benchmark.copy_corpus(source, mix / name, 1)
        else:
            _copy_tree(source, mix / name)
    if synthetic > 0:
        (mix / "synthetic").mkdir(parents=True, exist_ok=True)
        benchmark.write_synthetic(mix / "synthetic", synthetic, seed)
    html_dir = root / "html"
    html_dir.mkdir(parents=True, exist_ok=True)
    by_source: dict[str, dict[str, int]] = {}
    html_files = 0
    for path in sorted(p for p in mix.rglob("*") if p.is_file()):
        source = path.relative_to(mix).parts[0]
        fmt = _format_of(path)
        counts = by_source.setdefault(source, {})
        counts[fmt] = counts.get(fmt, 0) + 1
        if fmt == "html":
            html_files += 1
            (html_dir / f"{source}-{html_files:05d}.html").write_bytes(path.read_bytes())
    formats: dict[str, int] = {}
    for counts in by_source.values():
        for fmt, count in counts.items():
            formats[fmt] = formats.get(fmt, 0) + count
    return {
        "mix_dir": str(mix), "html_dir": str(html_dir),
        "files": sum(formats.values()), "html_files": html_files,
        "by_source": {name: dict(sorted(c.items())) for name, c in sorted(by_source.items())},
        "by_format": dict(sorted(formats.items())),
    }


def cold_file(html_dir: Path, target: int = COLD_TARGET_BYTES) -> Path | None:
    """The HTML file whose size is closest to *target* bytes (the cold-start sample)."""
    files = sorted(html_dir.glob("*.html"))
    return min(files, key=lambda p: (abs(p.stat().st_size - target), p.name)) if files else None


# -- statistics ------------------------------------------------------------------------------------
def summarize(values: list[float]) -> dict:
    """Median and spread (min-max) of *values*."""
    return {"median": statistics.median(values), "min": min(values), "max": max(values), "n": len(values)}


def ratio(numerator: list[float], denominator: list[float]) -> dict:
    """Ratio of the medians, with the spread of the per-round ratios (rounds paired in order)."""
    rounds = [a / b for a, b in zip(numerator, denominator, strict=True) if b]
    median_b = statistics.median(denominator)
    return {"ratio": statistics.median(numerator) / median_b if median_b else float("nan"),
            "min": min(rounds) if rounds else float("nan"), "max": max(rounds) if rounds else float("nan")}


# -- tools -------------------------------------------------------------------------------------------
def install_htmlhint(directory: Path = HTMLHINT_DIR) -> tuple[Path | None, str]:
    """The htmlhint executable (installed with npm into *directory* if needed), or None and why."""
    binary = directory / "node_modules" / ".bin" / "htmlhint"
    if binary.exists():
        return binary, ""
    if not shutil.which("node") or not shutil.which("npm"):
        return None, "node/npm not found: htmlhint side skipped"
    directory.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(["npm", "install", "--prefix", str(directory), HTMLHINT_VERSION],
                          capture_output=True, text=True)
    if done.returncode != 0 or not binary.exists():
        last = (done.stderr.strip().splitlines() or ["no output"])[-1]
        return None, f"npm install {HTMLHINT_VERSION} failed ({last}): htmlhint side skipped"
    return binary, ""


def version_of(command: list[str]) -> str:
    try:
        return subprocess.run(command, capture_output=True, text=True, timeout=30).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return "unknown"


def measure(python: str, manifest: dict, rounds: int, htmlhint: Path | None, pycache: Path) -> dict:
    """Run every tool in interleaved rounds; return the raw figures per measure."""
    env = benchmark.child_env(pycache)
    cwd = Path(manifest["html_dir"]).parent
    lint = [*benchmark.cli_command(python), "check", "--exit-zero", "--quiet", "--color", "never"]
    html_dir, mix_dir = manifest["html_dir"], manifest["mix_dir"]
    sample = cold_file(Path(html_dir))
    commands: dict[str, list[str]] = {
        "email_lint_html": [*lint, "--jobs", "1", html_dir],
        "email_lint_cold": [*lint, "--jobs", "1", str(sample)],
        "email_lint_mix_jobs1": [*lint, "--jobs", "1", mix_dir],
        "email_lint_mix_jobs2": [*lint, "--jobs", "2", mix_dir],
        "email_lint_mix_json": [*lint, "--jobs", "1", "--format", "json", mix_dir],
    }
    if htmlhint is not None:
        commands["htmlhint_html"] = [str(htmlhint), "--nocolor", "--warn", html_dir]
        commands["htmlhint_cold"] = [str(htmlhint), "--nocolor", "--warn", str(sample)]
    order = ["email_lint_html", "htmlhint_html", "email_lint_cold", "htmlhint_cold",
             "email_lint_mix_jobs1", "email_lint_mix_jobs2", "email_lint_mix_json"]
    order = [name for name in order if name in commands]
    benchmark.run_child(commands["email_lint_cold"], cwd, env)  # warm the byte-code cache
    runs: dict[str, list[dict]] = {name: [] for name in order}
    for number in range(rounds):
        for name in order:
            result = benchmark.run_child(commands[name], cwd, env)
            if result["exit_code"] != 0:
                raise SystemExit(f"error: {name} exited with {result['exit_code']}: {' '.join(commands[name])}")
            runs[name].append(result)
        print(f"round {number + 1}/{rounds} done", file=sys.stderr)
    return {"runs": runs, "cold_file_bytes": sample.stat().st_size if sample else 0}


def report(manifest: dict, raw: dict, meta: dict) -> dict:
    """Files/s, cold starts and peak memory per tool, and the ratios of their medians."""
    runs = raw["runs"]

    def rate(name: str, files: int) -> list[float]:
        return [files / r["wall_s"] for r in runs[name]]

    def walls(name: str) -> list[float]:
        return [r["wall_s"] * 1000 for r in runs[name]]

    def peak(name: str) -> float:
        return max(r["peak_rss_mib"] for r in runs[name])

    html, mix = manifest["html_files"], manifest["files"]
    out: dict = {"meta": meta, "corpus": {k: v for k, v in manifest.items() if not k.endswith("_dir")},
                 "cold_file_bytes": raw["cold_file_bytes"]}
    el_rate, el_cold = rate("email_lint_html", html), walls("email_lint_cold")
    j1, j2 = rate("email_lint_mix_jobs1", mix), rate("email_lint_mix_jobs2", mix)
    out["email_lint"] = {"html_files_per_s": summarize(el_rate), "cold_start_ms": summarize(el_cold),
                         "html_peak_mib": peak("email_lint_html"),
                         "mix_files_per_s_jobs1": summarize(j1), "mix_files_per_s_jobs2": summarize(j2),
                         "mix_peak_mib_text": peak("email_lint_mix_jobs1"),
                         "mix_peak_mib_json": peak("email_lint_mix_json")}
    out["ratios"] = {"jobs2_over_jobs1": ratio(j2, j1)}
    if "htmlhint_html" in runs:
        hh_rate, hh_cold = rate("htmlhint_html", html), walls("htmlhint_cold")
        out["htmlhint"] = {"html_files_per_s": summarize(hh_rate), "cold_start_ms": summarize(hh_cold),
                           "html_peak_mib": peak("htmlhint_html")}
        out["ratios"]["throughput_email_lint_over_htmlhint"] = ratio(el_rate, hh_rate)
        out["ratios"]["cold_start_email_lint_over_htmlhint"] = ratio(el_cold, hh_cold)
    return out


def table(out: dict) -> str:
    """The report as Markdown-friendly text."""
    meta, corpus = out["meta"], out["corpus"]

    def spread(s: dict, digits: int = 0) -> str:
        return f"{s['median']:.{digits}f} ({s['min']:.{digits}f}-{s['max']:.{digits}f})"

    def rat(r: dict) -> str:
        return f"{r['ratio']:.2f}x ({r['min']:.2f}-{r['max']:.2f})"

    lines = [f"date {meta['date']}, nproc {meta['nproc']}, Python {meta['python']}, node {meta['node']}, "
             f"htmlhint {meta['htmlhint']}, {meta['rounds']} interleaved rounds",
             f"mix: {corpus['files']} files; " + "; ".join(
                 f"{src} " + ", ".join(f"{n} {fmt}" for fmt, n in counts.items())
                 for src, counts in corpus["by_source"].items()),
             f"HTML set (both tools): {corpus['html_files']} files; cold start on one {out['cold_file_bytes']} B file",
             "", "median (min-max) | email-lint | htmlhint | ratio email-lint/htmlhint",
             "---|---|---|---"]
    el, hh, ratios = out["email_lint"], out.get("htmlhint"), out["ratios"]
    if hh:
        lines.append(f"files/s, HTML set, one process | {spread(el['html_files_per_s'])} | "
                     f"{spread(hh['html_files_per_s'])} | {rat(ratios['throughput_email_lint_over_htmlhint'])}")
        lines.append(f"cold start, ms | {spread(el['cold_start_ms'])} | {spread(hh['cold_start_ms'])} | "
                     f"{rat(ratios['cold_start_email_lint_over_htmlhint'])}")
        lines.append(f"peak memory, HTML set, MiB | {el['html_peak_mib']:.0f} | {hh['html_peak_mib']:.0f} | "
                     f"{el['html_peak_mib'] / hh['html_peak_mib']:.2f}x")
    else:
        lines.append(f"files/s, HTML set, one process | {spread(el['html_files_per_s'])} | skipped | -")
        lines.append(f"cold start, ms | {spread(el['cold_start_ms'])} | skipped | -")
        lines.append(f"note: {meta['htmlhint_note']}")
    lines += ["", f"email-lint, whole mix ({corpus['files']} files):",
              f"  --jobs 1: {spread(el['mix_files_per_s_jobs1'])} files/s; --jobs 2: "
              f"{spread(el['mix_files_per_s_jobs2'])} files/s; jobs-2/jobs-1 {rat(ratios['jobs2_over_jobs1'])}",
              f"  peak memory: {el['mix_peak_mib_text']:.0f} MiB as text, {el['mix_peak_mib_json']:.0f} MiB as JSON"]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=None, help="real templates (read in place)")
    parser.add_argument("--synthetic", type=int, default=1000, help="number of synthetic templates")
    parser.add_argument("--rounds", type=int, default=5, help="interleaved rounds")
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--python", default=sys.executable, help="the Python that runs email-lint")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args(argv)
    if args.rounds < 1 or args.synthetic < 0:
        print("error: --rounds must be >= 1 and --synthetic >= 0", file=sys.stderr)
        return 2
    corpus = args.corpus if args.corpus is not None else default_corpus()
    if args.corpus is not None and not corpus.is_dir():
        print(f"error: --corpus {corpus}: not a directory", file=sys.stderr)
        return 2
    if not corpus.is_dir():
        print(f"note: no real templates at {corpus}: the mix is challenge set and synthetic only", file=sys.stderr)
    htmlhint, note = install_htmlhint()
    if note:
        print(f"note: {note}", file=sys.stderr)
    meta = {"date": datetime.datetime.now().strftime("%Y-%m-%d %H:%M"), "nproc": os.cpu_count(),
            "python": version_of([args.python, "-c", "import platform; print(platform.python_version())"])
            or platform.python_version(),
            "node": version_of(["node", "--version"]) if shutil.which("node") else "absent",
            "htmlhint": version_of([str(htmlhint), "--version"]) if htmlhint else "absent",
            "htmlhint_note": note, "rounds": args.rounds}
    with tempfile.TemporaryDirectory(prefix="email-lint-compare-") as tmp:
        root = Path(tmp)
        manifest = build_corpus(root, corpus, CHALLENGE, args.synthetic, args.seed)
        if not manifest["html_files"]:
            print("error: the corpus has no HTML files", file=sys.stderr)
            return 2
        raw = measure(args.python, manifest, args.rounds, htmlhint, root / "pycache")
    out = report(manifest, raw, meta)
    print(json.dumps(out, indent=2, sort_keys=True) if args.json else table(out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
