"""Baselines: record today's findings, then report only new ones (adopting the linter on a
legacy template repository).

A baseline is a JSON file::

    {"version": 1, "tool": "email-lint", "findings": [
      {"path": "templates/promo.html", "code": "EL002", "rule": "unsubscribe-link",
       "message": "...", "fingerprint": "3f0c...", "count": 1}, ...]}

Paths are relative to the baseline file's folder, so the file works from any directory.
The fingerprint hashes the path, code, rule, the message (white space collapsed, digits
masked) and the *content* of the flagged lines, never their number: inserting lines above
a finding does not make it new. A finding is matched by fingerprint first; a finding whose
line content changed still matches a recorded finding of the same file, code and message
that is left over (so editing the first line of a template keeps its whole-file findings
baselined). ``count`` records identical findings: one more than recorded is reported.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from email_lint.errors import ConfigError
from email_lint.findings import FileResult, Finding

VERSION = 1
#: Bounds on what a baseline may hold (it is read whole).
MAX_BASELINE_BYTES = 256 * 1024 * 1024
MAX_COUNT = 10**9
#: Gives the bytes of a checked file by its display path (None if unavailable).
SourceReader = Callable[[str], bytes | None]


@dataclass(frozen=True, slots=True)
class Entry:
    """Some identical recorded findings."""

    path: str
    code: str
    rule: str
    message: str
    fingerprint: str
    count: int = 1

    @property
    def loose_key(self) -> tuple[str, str, str]:
        return self.path, self.code, normalise_message(self.message)


def normalise_message(message: str) -> str:
    return re.sub(r"\d+", "#", " ".join(message.split()))


def read_source(display: str) -> bytes | None:
    """The bytes of a checked file (None when it cannot be read again)."""
    try:
        return Path(display).read_bytes()
    except OSError:
        return None


class _Fingerprinter:
    """Fingerprints findings, reading each file's lines once."""

    def __init__(self, root: Path, sources: SourceReader):
        self.root = root
        self.sources = sources
        self._lines: dict[str, list[bytes]] = {}

    def path(self, display: str) -> str:
        if display == "-":
            return display
        return Path(os.path.relpath(os.path.abspath(display), self.root)).as_posix()

    def content(self, finding: Finding) -> bytes:
        if finding.path not in self._lines:
            data = self.sources(finding.path) or b""
            self._lines[finding.path] = data.splitlines()
        lines = self._lines[finding.path]
        last = max(finding.end_line or finding.line, finding.line)
        return b"\n".join(b" ".join(line.split()) for line in lines[finding.line - 1:last])

    def entry(self, finding: Finding) -> Entry:
        path = self.path(finding.path)
        digest = hashlib.sha256()
        for part in (path, finding.code, finding.rule, normalise_message(finding.message)):
            digest.update(part.encode("utf-8", "surrogateescape") + b"\0")
        digest.update(self.content(finding))
        return Entry(path, finding.code, finding.rule, finding.message, digest.hexdigest()[:20])


def load(path: Path) -> list[Entry]:
    """The entries of the baseline at *path*; a missing or malformed file is a usage error."""
    if not path.is_file():
        raise ConfigError(f"{path}: no such baseline file (create it with --update-baseline)")
    try:
        if path.stat().st_size > MAX_BASELINE_BYTES:
            raise ValueError(f"larger than {MAX_BASELINE_BYTES} bytes")
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("version") != VERSION:
            raise ValueError(f"unsupported version {data.get('version')!r}")
        return [Entry(str(item["path"]), str(item["code"]), str(item.get("rule", "")), str(item.get("message", "")),
                      str(item["fingerprint"]), _count(item.get("count", 1)))
                for item in data["findings"]]
    except RecursionError:
        raise ConfigError(f"{path}: invalid baseline: nested too deeply") from None
    except (OSError, UnicodeDecodeError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise ConfigError(f"{path}: invalid baseline: {exc}") from None


def _count(value: object) -> int:
    """A recorded count: a whole number from 1 to :data:`MAX_COUNT` (``1e400`` is not one)."""
    if not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= MAX_COUNT:
        raise ValueError(f"count must be a whole number from 1 to {MAX_COUNT}, not {value!r}")
    return value


def apply(entries: Sequence[Entry], results: Sequence[FileResult], baseline_path: Path,
          sources: SourceReader = read_source) -> list[FileResult]:
    """*results* without the findings the baseline records (matched as the module says)."""
    fingerprinter = _Fingerprinter(baseline_path.resolve().parent, sources)
    left = {e.fingerprint: e.count for e in entries}
    loose: dict[tuple[str, str, str], list[str]] = {}
    for e in entries:
        loose.setdefault(e.loose_key, []).append(e.fingerprint)
    pending: list[tuple[int, Finding, Entry]] = []
    kept: list[list[Finding]] = [[] for _ in results]
    for index, result in enumerate(results):
        for finding in result.findings:
            entry = fingerprinter.entry(finding)
            if left.get(entry.fingerprint, 0) > 0:
                left[entry.fingerprint] -= 1
            else:
                pending.append((index, finding, entry))
    for index, finding, entry in pending:  # line content changed: same file, code and message
        spare = next((fp for fp in loose.get(entry.loose_key, ()) if left[fp] > 0), None)
        if spare is None:
            kept[index].append(finding)
        else:
            left[spare] -= 1
    return [replace(r, findings=sorted(k, key=lambda f: f.sort_key)) for r, k in zip(results, kept, strict=True)]


def write(path: Path, results: Sequence[FileResult], previous: Sequence[Entry] = (),
          sources: SourceReader = read_source) -> int:
    """Record every finding of *results* at *path*; return how many were recorded.

    Entries of files not checked in this run are kept while those files still exist, so a
    run on some of the templates (a pre-commit hook) does not forget the others.
    """
    root = path.resolve().parent
    fingerprinter = _Fingerprinter(root, sources)
    counts: dict[str, Entry] = {}
    for result in results:
        for finding in result.findings:
            entry = fingerprinter.entry(finding)
            seen = counts.get(entry.fingerprint)
            counts[entry.fingerprint] = replace(seen, count=seen.count + 1) if seen else entry
    checked = {fingerprinter.path(r.path) for r in results}
    kept = [e for e in previous if e.path not in checked and e.fingerprint not in counts and (root / e.path).exists()]
    entries = sorted([*counts.values(), *kept], key=lambda e: (e.path, e.code, e.message, e.fingerprint))
    document = {
        "version": VERSION,
        "tool": "email-lint",
        "findings": [
            {"path": e.path, "code": e.code, "rule": e.rule, "message": e.message,
             "fingerprint": e.fingerprint, "count": e.count}
            for e in entries
        ],
    }
    text = json.dumps(document, indent=2, ensure_ascii=False) + "\n"
    from email_lint.atomic import write_atomically

    try:
        write_atomically(path, text.encode("utf-8"))
    except OSError as exc:
        raise ConfigError(f"{path}: cannot write baseline: {exc.strerror or exc}") from None
    return sum(e.count for e in counts.values())
