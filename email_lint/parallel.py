"""Check files in one process or several; either way the results come back in discovery
order, so the output of ``--jobs N`` is byte-identical to a serial run.

Each worker process rebuilds the engine (plugins, rules, configuration resolver) once,
from a small picklable :class:`EngineSpec`, then checks the files it is sent.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from email_lint.config import ConfigResolver
from email_lint.engine import Engine, RunOptions
from email_lint.errors import EmailLintError
from email_lint.findings import FileResult

if TYPE_CHECKING:
    from multiprocessing.context import BaseContext

    from email_lint.plugins import Registry

#: Below this many files a run stays in one process unless ``--jobs`` says otherwise.
PARALLEL_THRESHOLD = 20

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


def _init_worker(spec: EngineSpec) -> None:
    import signal

    global _WORKER
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent process handles Ctrl-C
    _, engine, resolver = spec.build()
    _WORKER = (engine, resolver)


def _work(target: Target) -> FileResult:
    assert _WORKER is not None, "worker used before its initializer ran"
    return check_target(*_WORKER, target)


def _context() -> BaseContext:
    """Fork where it is safe (no threads yet): workers then start without re-importing."""
    import multiprocessing

    if "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1:
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context()


def check_all(targets: Sequence[Target], jobs: int, spec: EngineSpec, engine: Engine, resolver: ConfigResolver,
              on_result: Callable[[], None] = lambda: None) -> list[FileResult]:
    """Results for *targets*, in their order: in this process when ``jobs == 1`` (or there
    is at most one file), else in ``jobs`` worker processes."""
    jobs = min(jobs, len(targets))
    if jobs <= 1:
        results = []
        for target in targets:
            results.append(check_target(engine, resolver, target))
            on_result()
        return results
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    chunk = max(1, min(16, len(targets) // (jobs * 8)))
    executor = ProcessPoolExecutor(max_workers=jobs, mp_context=_context(), initializer=_init_worker,
                                   initargs=(spec,))
    results = []
    try:
        for result in executor.map(_work, targets, chunksize=chunk):
            results.append(result)
            on_result()
    except BrokenProcessPool as exc:
        raise EmailLintError(f"a worker process died ({exc}); run again with --jobs 1") from None
    finally:
        executor.shutdown(wait=True, cancel_futures=True)
    return results
