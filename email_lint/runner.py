"""The ``check`` command's work: files in, formatted findings out, an exit code back."""

from __future__ import annotations

import os
import re
import stat
import sys
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import replace
from itertools import chain
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from email_lint.config import Config, ConfigResolver, check_codes
from email_lint.context import check_countries, validate_fields
from email_lint.discovery import FileSelector, SelectionOptions
from email_lint.engine import Engine
from email_lint.errors import ConfigError
from email_lint.exit_codes import ExitCode
from email_lint.findings import FileResult
from email_lint.output import ReportWriter, source_reader, use_color, write_report
from email_lint.parallel import Checker, EngineSpec, Target, default_jobs
from email_lint.printable import printable
from email_lint.progress import Progress

if TYPE_CHECKING:
    from email_lint.assembly.search import SearchPaths
    from email_lint.baseline import Entry
    from email_lint.formatters import Formatter
    from email_lint.formatters.stream import ReportStream
    from email_lint.plugins import Registry
    from email_lint.rules.base import Rule


def run_check(
    *,
    paths: tuple[str, ...],
    output_format: str,
    select: tuple[str, ...],
    ignore: tuple[str, ...],
    config_path: Path | None,
    cli_context: dict[str, Any],
    exclude: tuple[str, ...],
    stdin_filename: str | None,
    quiet: bool,
    exit_zero: bool,
    disabled: tuple[str, ...],
    statistics: bool = False,
    baseline: Path | None = None,
    update_baseline: bool = False,
    jobs: int | None = None,
    max_file_size: int | None = None,
    color: str = "never",
    show_source: bool = False,
    output_file: Path | None = None,
    respect_gitignore: bool | None = None,
    force_exclude: bool | None = None,
    show_files: bool = False,
    show_settings: bool = False,
    assemble: bool = True,
    timeout: float | None = None,
) -> ExitCode:
    context = validate_fields(cli_context, "command line")
    spec = EngineSpec(disabled, select, ignore, tuple(sorted(context.items())), config_path, max_file_size, assemble,
                      timeout)
    registry, engine, resolver = spec.build()
    if show_settings:
        return _show_settings(paths, registry, engine, resolver, output_file)
    formatters = _formatters(registry)
    if output_format not in formatters:
        raise ConfigError(f"unknown format {output_format!r} (known: {', '.join(sorted(formatters))})")
    check_output_options(output_format, statistics, show_source)
    check_codes([*select, *ignore], frozenset(registry.rules), "command line")
    check_countries(context.get("countries", ()), registry.countries(), "--country")
    selector = FileSelector(resolver, SelectionOptions(exclude, respect_gitignore, force_exclude))
    targets = list(selector.iter_files(tuple(p for p in paths if p != "-")))
    with Checker(jobs or default_jobs(len(targets)), spec, engine, resolver, len(targets)) as checker:
        if assemble:
            targets = without_partials(targets, paths, resolver, checker.included)
        if show_files:
            return _show_files(targets)
        recorded = _load_baseline(baseline, update_baseline)
        stdin_name, stdin_data, stdin_result = None, None, None
        if "-" in paths:
            stdin_name = stdin_filename or "-"
            stdin_data, stdin_result = _read_stdin(engine, resolver, stdin_name, stdin_filename)
        progress = Progress(len(targets))

        def stdin_results() -> Iterator[FileResult]:
            if stdin_name is not None:
                yield stdin_result or _check_stdin(engine, resolver, stdin_name, stdin_data or b"", stdin_filename)

        results: Iterable[FileResult] = chain(checker.results(targets, progress.advance), stdin_results())
        if baseline is not None:  # matched over the whole run: every result first
            collected = list(results)
            progress.close()
            results = _baseline_results(baseline, update_baseline, recorded, collected, stdin_name, stdin_data)
        sources = source_reader(stdin_name, stdin_data) if show_source else None
        stream = _report_stream(registry, output_format, statistics, quiet, use_color(color, output_file), sources)
        writer = ReportWriter(output_file, progress.close if output_file is None else lambda: None)
        try:
            outcome = _write(results, stream, writer, progress)
        except BaseException:
            writer.abort()
            raise
    return outcome.exit_code(exit_zero)


def _write(results: Iterable[FileResult], stream: ReportStream, writer: ReportWriter, progress: Progress) -> Outcome:
    """Each result's notes on stderr and its part of the report as it comes; then the rest."""
    outcome = Outcome()
    shown: set[str] = set()  # a shared layout's warning once, not once per template using it
    for result in results:
        outcome.add(result)
        notes = [f"email-lint: {printable(error)}" for error in result.errors]
        for warning in result.warnings:
            if warning not in shown:
                shown.add(warning)
                notes.append(f"email-lint: warning: {printable(warning)}")
        if notes:
            progress.close()
            for note in notes:
                click.echo(note, err=True)
        for chunk in stream.add(result):
            writer.write(chunk)
        writer.pause()
    progress.close()
    for chunk in stream.finish():
        writer.write(chunk)
    writer.close()
    return outcome


class Outcome:
    """What the exit code needs of the run's results, gathered one result at a time."""

    def __init__(self) -> None:
        self.failed = False  # a file could not be checked (or was skipped)
        self.violations = False  # an error-severity finding

    def add(self, result: FileResult) -> None:
        self.failed = self.failed or bool(result.errors) or result.skipped
        self.violations = self.violations or any(f.severity == "error" for f in result.findings)

    def exit_code(self, exit_zero: bool = False) -> ExitCode:
        """2 if any file could not be checked, else 1 for error-severity findings, else 0."""
        if self.failed:
            return ExitCode.ERROR
        if self.violations and not exit_zero:
            return ExitCode.VIOLATIONS
        return ExitCode.OK


#: Formats ``--statistics`` can print in; ``--show-source`` and colour are for people (text).
STATISTICS_FORMATS = ("text", "json", "json-lines")


def check_output_options(output_format: str, statistics: bool, show_source: bool) -> None:
    if statistics and output_format not in STATISTICS_FORMATS:
        raise ConfigError(f"--statistics prints {', '.join(STATISTICS_FORMATS)}; not --format {output_format}")
    if show_source and (output_format != "text" or statistics):
        raise ConfigError("--show-source works with --format text only, and not with --statistics")


def _report_stream(registry: Registry, output_format: str, statistics: bool, quiet: bool, color: bool,
                   sources: Callable[[str], str | None] | None) -> ReportStream:
    """The report as a stream: statistics, or the findings in *output_format*."""
    if statistics:
        from email_lint.formatters.statistics import StatisticsStream

        return StatisticsStream(output_format, color=color)
    plugin_formats = registry.formatters()
    if output_format in plugin_formats:  # a plugin's function takes every result at once
        return _Collected(plugin_formats[output_format], registry.rules)
    from email_lint.formatters import builtin_stream

    if output_format == "text":
        return builtin_stream("text", registry.rules, color=color, sources=sources, quiet=quiet)
    return builtin_stream(output_format, registry.rules)


class _Collected:
    """A formatter function (a plugin's) as a stream: the results gathered, then formatted."""

    def __init__(self, formatter: Formatter, rules: Mapping[str, Rule]) -> None:
        self.formatter = formatter
        self.rules = rules
        self.results: list[FileResult] = []

    def add(self, result: FileResult) -> Iterable[str]:
        self.results.append(result)
        return ()

    def finish(self) -> Iterable[str]:
        return (self.formatter(self.results, self.rules),)


def _show_settings(paths: tuple[str, ...], registry: Registry, engine: Engine, resolver: ConfigResolver,
                   output_file: Path | None) -> ExitCode:
    """``--show-settings PATH``: the settings in force for one file (exit 0)."""
    from email_lint.settings import show_settings

    check_codes([*engine.options.select, *engine.options.ignore], frozenset(registry.rules), "command line")
    if len(paths) != 1 or paths[0] == "-":
        raise ConfigError("--show-settings takes one PATH (a file or a folder)")
    display = paths[0]
    path = Path(display)
    config = resolver.for_path(path if path.is_file() else path / "any.html")
    check_countries(engine.options.context.get("countries", ()), registry.countries(), "--country")
    plugins = [p.name for p in registry.plugins]
    write_report(show_settings(engine, config, display, path, plugins), output_file)
    return ExitCode.OK


def _load_baseline(path: Path | None, update: bool) -> list[Entry]:
    """The recorded entries (checked before any file is, so a bad baseline stops the run)."""
    if update and path is None:
        raise ConfigError("--update-baseline needs --baseline FILE")
    if path is None or (update and not path.exists()):
        return []
    from email_lint import baseline

    return baseline.load(path)


def _baseline_results(path: Path, update: bool, recorded: list[Entry], results: list[FileResult],
                      stdin_name: str | None, stdin_data: bytes | None) -> list[FileResult]:
    """Results without the baselined findings; with *update*, record them all first."""
    from email_lint import baseline

    def sources(display: str) -> bytes | None:
        return stdin_data if display == stdin_name else baseline.read_source(display)

    if not update:
        return baseline.apply(recorded, results, path, sources)
    count = baseline.write(path, results, recorded, sources)
    click.echo(f"email-lint: {path}: recorded {count} finding{'s' * (count != 1)}", err=True)
    return [replace(r, findings=[]) for r in results]


def _formatters(registry: Registry) -> dict[str, Formatter]:
    from email_lint.formatters import builtin_formatters

    found = builtin_formatters()
    found.update(registry.formatters())
    return found


def _show_files(targets: Sequence[Target]) -> ExitCode:
    """``--show-files``: the files a run would check, sorted, one a line; errors on stderr."""
    errors = [error for _, _, error in targets if error]
    for error in errors:
        click.echo(f"email-lint: {error}", err=True)
    for display in sorted(display for display, path, _ in targets if path is not None):
        click.echo(display)
    return ExitCode.ERROR if errors else ExitCode.OK


#: Folders and names of partials by convention (cheap test before loading :mod:`email_lint.assembly`).
_PARTIAL_PATH = re.compile(r"(?:^|/)(?:_[^/]*|(?:_?partials|_?layouts|_?includes|snippets|components)/.*)$", re.I)
_DOCUMENT = re.compile(rb"<(?:html|body|mjml)\b|<!doctype", re.I)
#: A child template (extends a layout, fills a parent): an email of its own, not a partial.
_CHILD = re.compile(rb"\{%-?\s*(?:extends|layout)\b|\{\{~?\s*(?:#\s*>|<)|\{\{-?\s*template\s"
                    rb"|\A---\s*\n[^\n]*layout\s*:")


def _maybe_partial(path: Path, resolver: ConfigResolver) -> bool:
    """Whether an explicitly named file may be a partial: named or placed like one, in a
    configured partials dir, or an HTML/MJML fragment (no document around it)."""
    from email_lint.formats import format_from_name

    if _PARTIAL_PATH.search(path.as_posix()) or resolver.for_path(path).partials_dirs:
        return True
    if format_from_name(path.name) not in ("html", "mjml", None):
        return False
    try:
        if not stat.S_ISREG(os.stat(path).st_mode):  # a FIFO must never block the run
            return False
        with open(path, "rb") as stream:
            head = stream.read(65536)
    except OSError:
        return False
    return not _DOCUMENT.search(head) and not _CHILD.search(head)


def without_partials(targets: list[Target], paths: tuple[str, ...], resolver: ConfigResolver,
                     included: Callable[[list[Path]], Mapping[Path, list[Path]]] | None = None) -> list[Target]:
    """*targets* without the partials: a walk skips them silently (they are checked through the
    templates that include them); a partial named on the command line gets a note instead.
    *included* gives the walked files' includes at once (in worker processes)."""
    explicit = set(paths)
    walked = [path for display, path, _ in targets if path is not None and display not in explicit]
    named = [(display, path) for display, path, _ in targets
             if path is not None and display in explicit and _maybe_partial(path, resolver)]
    if not walked and not named:
        return targets
    from email_lint.assembly import graph

    def paths_for(path: Path) -> SearchPaths:
        return resolver.for_path(path).search_paths()

    found = included(walked) if included is not None and walked else None
    dropped = set(graph.partials_among(walked, paths_for, included=found))
    for display, path in named:
        search = paths_for(path)
        includers = graph.includers_of(path, search)
        if not includers and not graph.by_convention(path, search):
            continue
        dropped.add(path)
        where = f" ({', '.join(p.as_posix() for p in includers)}{', ...' * (len(includers) >= 3)})" if includers else ""
        click.echo(f"email-lint: {display}: a partial, checked as part of the templates that include it{where}",
                   err=True)
    return [t for t in targets if t[1] is None or t[1] not in dropped]


def exclude_by_config(resolver: ConfigResolver, path: Path) -> bool:
    config = resolver.for_path(path)
    return bool(config.exclude) and config.matches(config.exclude, path)


def _stdin_config(resolver: ConfigResolver, name: str, stdin_filename: str | None) -> Config:
    return resolver.for_path(Path(name).resolve() if stdin_filename else Path.cwd() / "stdin")


def _read_stdin(engine: Engine, resolver: ConfigResolver, name: str,
                stdin_filename: str | None) -> tuple[bytes, FileResult | None]:
    """Standard input, read to at most ``max-file-size`` + 1 bytes (``< /dev/zero`` ends):
    ``(data, None)``, or ``(b"", result)`` reporting why it was not read (closed, too large)."""
    limit = engine.max_file_size(_stdin_config(resolver, name, stdin_filename))
    stream = getattr(sys.stdin, "buffer", None)
    if stream is None:  # closed (``<&-``): Python sets sys.stdin to None
        return b"", FileResult(name, errors=[f"{name}: cannot read standard input: it is closed"])
    try:
        data = stream.read(limit + 1)
    except (OSError, ValueError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        return b"", FileResult(name, errors=[f"{name}: cannot read standard input: {reason}"])
    if len(data) > limit:
        return b"", FileResult(name, errors=[f"{name}: skipped, more than {limit} bytes is over max-file-size"],
                               skipped=True)
    return data, None


def _check_stdin(engine: Engine, resolver: ConfigResolver, name: str, data: bytes,
                 stdin_filename: str | None) -> FileResult:
    config = _stdin_config(resolver, name, stdin_filename)
    return engine.check_bytes(name, data, config, Path(name))


def exit_code(results: Iterable[FileResult], exit_zero: bool = False) -> ExitCode:
    """2 if any file could not be checked, else 1 for error-severity findings, else 0."""
    outcome = Outcome()
    for result in results:
        outcome.add(result)
    return outcome.exit_code(exit_zero)
