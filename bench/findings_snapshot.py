#!/usr/bin/env python3
"""Snapshot the findings email-lint reports on a fixed set of templates, to compare two trees.

A speed change must not change what is found: run this with the interpreter of each tree
(``--python``) and compare the two files byte for byte (``cmp``), or pass ``--against`` to
print the verdicts that differ.

    python bench/findings_snapshot.py -o /tmp/after.json
    python bench/findings_snapshot.py --python ../before/.venv/bin/python -o /tmp/before.json
    python bench/findings_snapshot.py --against /tmp/before.json    # lists the changes

The sets: the project's challenge set (``tests/challenge``, its labelled files), the shared
real corpus (``../shared/corpus/real``, read in place, when present) and synthetic templates
from ``bench/benchmark.py`` (``--synthetic N``, fixed seed). Each set is checked in one run of
``email-lint check --format json`` with paths relative to the set's folder, so the snapshot
does not depend on where the trees live. Standard library only.
"""

from __future__ import annotations

import argparse
import csv
import json
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CHALLENGE = REPO / "tests" / "challenge"


def default_corpus() -> Path:
    """The shared corpus, found as ``bench/compare.py`` finds it (also from a git worktree)."""
    sys.path.insert(0, str(REPO / "bench"))
    import compare  # (bench/compare.py)

    return compare.default_corpus()


def labelled_files(folder: Path) -> list[str]:
    """The files named in *folder*'s ``labels.tsv``, in its order."""
    with open(folder / "labels.tsv", newline="", encoding="utf-8") as fh:
        return [row["file"] for row in csv.DictReader(fh, delimiter="\t") if row.get("file")]


def findings(python: str, folder: Path, files: list[str]) -> list[dict]:
    """The JSON findings of one ``check`` run over *files* (relative to *folder*)."""
    command = [python, "-m", "email_lint", "check", "--format", "json", "--exit-zero", "--no-respect-gitignore",
               *files]
    proc = subprocess.run(command, cwd=folder, capture_output=True, text=True, timeout=1800)
    if proc.returncode not in (0, 2) or not proc.stdout.strip():
        raise SystemExit(f"findings_snapshot: {folder}: exit {proc.returncode}: {proc.stderr.strip()[-500:]}")
    return json.loads(proc.stdout or "[]")


def synthetic(directory: Path, count: int) -> list[str]:
    """Generate *count* benchmark templates into *directory*; their relative paths."""
    sys.path.insert(0, str(REPO / "bench"))
    import benchmark  # (bench/benchmark.py: the synthetic generator)

    benchmark.write_synthetic(directory, count, 20261202)
    return sorted(str(p.relative_to(directory)) for p in directory.rglob("*") if p.is_file())


def snapshot(python: str, count: int, corpus: Path) -> dict[str, list[dict]]:
    """Findings per set name."""
    sets: dict[str, list[dict]] = {"challenge": findings(python, CHALLENGE, labelled_files(CHALLENGE))}
    if (corpus / "labels.tsv").is_file():
        sets["corpus"] = findings(python, corpus, labelled_files(corpus))
    if count:
        with tempfile.TemporaryDirectory(prefix="email-lint-snapshot-") as tmp:
            sets["synthetic"] = findings(python, Path(tmp), synthetic(Path(tmp), count))
    return sets


def verdicts(sets: dict[str, list[dict]]) -> set[tuple[str, str, str]]:
    """``(set, path, rule code)`` for every finding."""
    return {(name, str(f.get("path")), str(f.get("code"))) for name, found in sets.items() for f in found}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--python", default=sys.executable, help="interpreter of the tree to snapshot")
    parser.add_argument("--synthetic", type=int, default=600, help="synthetic templates (0: none)")
    parser.add_argument("--corpus", type=Path, default=None, help="labelled real corpus, read in place")
    parser.add_argument("-o", "--output", type=Path, help="write the snapshot here")
    parser.add_argument("--against", type=Path, help="an earlier snapshot: list the verdicts that differ")
    args = parser.parse_args(argv)
    sets = snapshot(args.python, args.synthetic, args.corpus or default_corpus())
    text = json.dumps(sets, indent=1, sort_keys=True, ensure_ascii=False) + "\n"
    if args.output:
        args.output.write_text(text, encoding="utf-8")
    if args.against is None:
        if not args.output:
            sys.stdout.write(text)
        return 0
    before = json.loads(args.against.read_text(encoding="utf-8"))
    old, new = verdicts(before), verdicts(sets)
    for name, path, code in sorted(old - new):
        print(f"gone   {name}: {path} {code}")
    for name, path, code in sorted(new - old):
        print(f"new    {name}: {path} {code}")
    same = before == sets
    print("findings identical" if same else f"findings differ ({len(old - new)} gone, {len(new - old)} new verdicts)")
    return 0 if same else 1


if __name__ == "__main__":
    raise SystemExit(main())
