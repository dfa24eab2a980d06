"""Formats as streams: each file's result goes in as it is checked, text comes out as soon
as it can be written, and memory stays flat in the number of files.

A :class:`ReportStream` takes results in discovery order (:meth:`~ReportStream.add`) and
gives the chunks of the report to write now; :meth:`~ReportStream.finish` gives the rest.
Joined, the chunks are byte for byte what the pure function of the same format returns
(the pure functions are these streams over a list). Formats sorted by path need every
finding before the first is written: :class:`SortedFindings` keeps them in memory up to a
limit, then in sorted runs on disk, merged at the end.
Modules only some formats need (json, pickle, tempfile) are imported where they are used.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import IO, Any, Protocol

from email_lint.findings import FileResult, Finding

#: Findings kept in memory before a sorted run of them goes to a temporary file.
SPILL_AT = 20_000


class ReportStream(Protocol):
    """A report built one file's result at a time."""

    def add(self, result: FileResult) -> Iterable[str]:
        """Take the next file's result; the text that can be written now."""
        ...

    def finish(self) -> Iterable[str]:
        """The rest of the report, once every result was added."""
        ...


def render(stream: ReportStream, results: Iterable[FileResult]) -> str:
    """The whole report of *results* as one string."""
    parts: list[str] = []
    for result in results:
        parts.extend(stream.add(result))
    parts.extend(stream.finish())
    return "".join(parts)


class SortedFindings:
    """Findings given in any order, read back sorted by :attr:`Finding.sort_key`.

    Stable, as :func:`sorted` is: findings with equal keys come out in the order they went
    in. Past *limit* findings, the ones in memory are sorted and written to a temporary file.
    """

    def __init__(self, limit: int = SPILL_AT) -> None:
        self.limit = limit
        self._held: list[Finding] = []
        self._runs: list[IO[bytes]] = []

    def extend(self, findings: Iterable[Finding]) -> None:
        self._held.extend(findings)
        if len(self._held) >= self.limit:
            self._spill()

    def _spill(self) -> None:
        import pickle
        import tempfile

        run = tempfile.TemporaryFile()  # noqa: SIM115 (closed once merged, in __iter__)
        pickler = pickle.Pickler(run, pickle.HIGHEST_PROTOCOL)
        for finding in sorted(self._held, key=_key):
            pickler.dump(finding)
            pickler.clear_memo()
        run.seek(0)
        self._runs.append(run)
        self._held = []

    def __iter__(self) -> Iterator[Finding]:
        """Every finding, sorted; the temporary files are closed once read."""
        held = sorted(self._held, key=_key)
        self._held = []
        if not self._runs:
            yield from held
            return
        import heapq

        runs, self._runs = self._runs, []
        try:
            yield from heapq.merge(*(_read_run(run) for run in runs), held, key=_key)
        finally:
            for run in runs:
                run.close()


def _key(finding: Finding) -> tuple[Any, ...]:
    return finding.sort_key


def _read_run(run: IO[bytes]) -> Iterator[Finding]:
    import pickle

    unpickler = pickle.Unpickler(run)
    while True:
        try:
            yield unpickler.load()
        except EOFError:
            return


def json_array(items: Iterable[Any], level: int = 0) -> Iterator[str]:
    """``json.dumps(list(items), indent=2, ensure_ascii=False)`` in pieces, one item at a
    time, for an array nested *level* deep (its closing bracket indented ``2 * level``)."""
    import json

    pad = " " * (2 * level + 2)
    first = True
    for item in items:
        text = json.dumps(item, indent=2, ensure_ascii=False).replace("\n", "\n" + pad)
        yield ("[\n" if first else ",\n") + pad + text
        first = False
    yield "[]" if first else "\n" + " " * (2 * level) + "]"
