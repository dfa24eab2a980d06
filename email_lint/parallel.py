"""Check files in one process or several; either way the results come back in discovery
order, one at a time as they are ready, so the output of ``--jobs N`` is byte-identical to
a serial run and nothing waits for the whole run.

The worker processes start once per run, warm: forked, they inherit the engine the main
process built (plugins, rules, configuration resolver); spawned, they rebuild it once from
a small picklable :class:`EngineSpec`. They are sent files in chunks, first to find the
partials among the walked templates (:meth:`Checker.included`), then to check them.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from email_lint.config import ConfigResolver
from email_lint.engine import Engine, RunOptions
from email_lint.errors import EmailLintError
from email_lint.findings import FileResult

if TYPE_CHECKING:
    from concurrent.futures import ProcessPoolExecutor
    from multiprocessing.context import BaseContext

    from email_lint.plugins import Registry

#: Below this many files a run stays in one process unless ``--jobs`` says otherwise.
PARALLEL_THRESHOLD = 20
#: Most files sent to a worker at once: to check, and to look for includes (much cheaper).
CHECK_CHUNK = 32
SCAN_CHUNK = 256

Target = tuple[str, Path | None, str | None]  # (display path, path, discovery error)


@dataclass(frozen=True)
class EngineSpec:
    """Everything a process needs to build the run's engine."""

    disabled: tuple[str, ...] = ()
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    context: tuple[tuple[str, object], ...] = ()
    config_path: Path | None = None
    #: ``--max-file-size`` (bytes), over the configured ``max-file-size``.
    max_file_size: int | None = None
    #: Resolve includes, layouts and partials (``--no-assemble``: off).
    assemble: bool = True
    #: ``--timeout`` (seconds per file; None: no limit).
    timeout: float | None = None

    def build(self) -> tuple[Registry, Engine, ConfigResolver]:
        """``(registry, engine, resolver)`` for this run."""
        from email_lint.plugins import load_plugins

        registry = load_plugins(self.disabled)
        options = RunOptions(select=self.select, ignore=self.ignore, context=dict(self.context),
                             max_file_size=self.max_file_size, assemble=self.assemble, timeout=self.timeout)
        engine = Engine(registry.rules, options, phrases=registry.phrase_entries())
        resolver = ConfigResolver(self.config_path, frozenset(registry.rules))
        return registry, engine, resolver


def cpu_count() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def default_jobs(files: int) -> int:
    """All usable CPUs when there are many files, else one process."""
    return cpu_count() if files > PARALLEL_THRESHOLD else 1


def check_target(engine: Engine, resolver: ConfigResolver, target: Target) -> FileResult:
    """Check one discovered file (or report why it could not be found)."""
    display, path, error = target
    if error or path is None:
        return FileResult(display, errors=[error or f"{display}: nothing to check"])
    return engine.check_file(display, path, resolver.for_path(path))


_WORKER: tuple[Engine, ConfigResolver] | None = None
_Item = TypeVar("_Item")
_Out = TypeVar("_Out")


def _init_worker(spec: EngineSpec, built: tuple[Engine, ConfigResolver] | None = None) -> None:
    """Ready a worker: the engine the main process built (forked), else one built from *spec*."""
    import signal

    global _WORKER
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent process handles Ctrl-C
    if built is None:
        _, engine, resolver = spec.build()
        built = (engine, resolver)
    _WORKER = built


def _work(target: Target) -> FileResult:
    assert _WORKER is not None, "worker used before its initializer ran"
    return check_target(*_WORKER, target)


def included_files(resolver: ConfigResolver, path: Path) -> list[Path]:
    """The files the template at *path* is assembled from (see :mod:`email_lint.assembly.graph`)."""
    from email_lint.assembly import graph

    return graph.included_files(path, resolver.for_path(path).search_paths())


def _included(path: Path) -> list[Path]:
    assert _WORKER is not None, "worker used before its initializer ran"
    return included_files(_WORKER[1], path)


def _context() -> BaseContext:
    """Fork where it is safe (no threads yet): workers then start without re-importing."""
    import multiprocessing

    if "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1:
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context()


def _chunk(files: int, jobs: int, most: int) -> int:
    """Chunks small enough that every worker gets about eight, at most *most* files each."""
    return max(1, min(most, files // (jobs * 8)))


class Checker:
    """Checks files in this process (``jobs == 1``) or in ``jobs`` worker processes, started
    at the first use and stopped when the ``with`` block ends."""

    def __init__(self, jobs: int, spec: EngineSpec, engine: Engine, resolver: ConfigResolver, files: int) -> None:
        self.jobs = max(1, min(jobs, files))
        self.spec = spec
        self.engine = engine
        self.resolver = resolver
        self._executor: ProcessPoolExecutor | None = None

    def __enter__(self) -> Checker:
        return self

    def __exit__(self, *exc_info: object) -> None:
        if self._executor is not None:
            self._executor.shutdown(wait=True, cancel_futures=True)
            self._executor = None

    def _pool(self) -> ProcessPoolExecutor:
        if self._executor is None:
            from concurrent.futures import ProcessPoolExecutor

            context = _context()
            # Forked, a worker has the engine already (initargs are not pickled then).
            built = (self.engine, self.resolver) if context.get_start_method() == "fork" else None
            self._executor = ProcessPoolExecutor(max_workers=self.jobs, mp_context=context,
                                                 initializer=_init_worker, initargs=(self.spec, built))
        return self._executor

    def included(self, files: Sequence[Path]) -> dict[Path, list[Path]]:
        """``{file: the files it is assembled from}`` for each of *files*."""
        if self.jobs <= 1 or len(files) <= 1:
            return {path: included_files(self.resolver, path) for path in files}
        found = self._map(_included, files, _chunk(len(files), self.jobs, SCAN_CHUNK))
        return dict(zip(files, found, strict=True))

    def results(self, targets: Sequence[Target], on_result: Callable[[], None] = lambda: None
                ) -> Iterator[FileResult]:
        """Each target's result, in their order, as soon as it and those before it are ready."""
        if self.jobs <= 1 or len(targets) <= 1:
            for target in targets:
                yield check_target(self.engine, self.resolver, target)
                on_result()
            return
        for result in self._map(_work, targets, _chunk(len(targets), self.jobs, CHECK_CHUNK)):
            yield result
            on_result()

    def _map(self, function: Callable[[_Item], _Out], items: Sequence[_Item], chunk: int) -> Iterator[_Out]:
        from concurrent.futures.process import BrokenProcessPool

        try:
            yield from self._pool().map(function, items, chunksize=chunk)
        except BrokenProcessPool as exc:
            raise EmailLintError(f"a worker process died ({exc}); run again with --jobs 1") from None


def check_all(targets: Sequence[Target], jobs: int, spec: EngineSpec, engine: Engine, resolver: ConfigResolver,
              on_result: Callable[[], None] = lambda: None) -> list[FileResult]:
    """Results for *targets*, in their order: in this process when ``jobs == 1`` (or there
    is at most one file), else in ``jobs`` worker processes."""
    with Checker(jobs, spec, engine, resolver, len(targets)) as checker:
        return list(checker.results(targets, on_result))
