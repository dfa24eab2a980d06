"""The ``check`` command's work: files in, formatted findings out, an exit code back."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from email_lint.config import ConfigResolver, check_codes
from email_lint.context import validate_fields
from email_lint.discovery import iter_files
from email_lint.engine import Engine, RunOptions
from email_lint.errors import ConfigError
from email_lint.exit_codes import ExitCode
from email_lint.findings import FileResult
from email_lint.plugins import load_plugins


def run_check(
    *,
    paths: tuple[str, ...],
    output_format: str,
    select: tuple[str, ...],
    ignore: tuple[str, ...],
    config_path: Path | None,
    cli_context: dict,
    exclude: tuple[str, ...],
    stdin_filename: str | None,
    quiet: bool,
    exit_zero: bool,
    disabled: tuple[str, ...],
) -> ExitCode:
    registry = load_plugins(disabled)
    formatters = _formatters(registry)
    if output_format not in formatters:
        raise ConfigError(f"unknown format {output_format!r} (known: {', '.join(sorted(formatters))})")
    known = frozenset(registry.rules)
    check_codes([*select, *ignore], known, "command line")
    context = validate_fields(cli_context, "command line")
    resolver = ConfigResolver(config_path, known)
    options = RunOptions(select=select, ignore=ignore, context=context)
    engine = Engine(registry.rules, options)
    results = [_check_one(engine, resolver, display, path, error, stdin_filename)
               for display, path, error in _targets(paths, exclude, resolver)]
    for result in results:
        for error in result.errors:
            click.echo(f"email-lint: {error}", err=True)
    output = formatters[output_format](results)
    if quiet and output_format == "text":
        summary = ("Found ", "All checks passed", "1 file could not", "files could not")
        output = "".join(f"{line}\n" for line in output.splitlines() if not line.startswith(summary))
    click.echo(output, nl=False)
    return exit_code(results, exit_zero)


def _formatters(registry) -> dict:
    from email_lint.formatters import builtin_formatters

    found = builtin_formatters()
    found.update(registry.formatters())
    return found


def _targets(paths, exclude, resolver):
    for display, path, error in iter_files(tuple(p for p in paths if p != "-"), exclude):
        if path is not None and exclude_by_config(resolver, path):
            continue
        yield display, path, error
    if "-" in paths:
        yield "-", None, None


def exclude_by_config(resolver: ConfigResolver, path: Path) -> bool:
    config = resolver.for_path(path)
    return bool(config.exclude) and config.matches(config.exclude, path)


def _check_one(engine: Engine, resolver, display, path, error, stdin_filename) -> FileResult:
    if error:
        return FileResult(display, errors=[error])
    if path is None:  # standard input
        name = stdin_filename or "-"
        config = resolver.for_path(Path(name).resolve() if stdin_filename else Path.cwd() / "stdin")
        return engine.check_bytes(name, sys.stdin.buffer.read(), config, Path(name))
    try:
        config = resolver.for_path(path)
    except ConfigError:
        raise
    return engine.check_file(display, path, config)


def exit_code(results: list[FileResult], exit_zero: bool = False) -> ExitCode:
    """2 if any file could not be checked, else 1 for error-severity findings, else 0."""
    if any(r.errors and not r.skipped for r in results):
        return ExitCode.ERROR
    if any(r.skipped for r in results):
        return ExitCode.ERROR
    if not exit_zero and any(f.severity == "error" for r in results for f in r.findings):
        return ExitCode.VIOLATIONS
    return ExitCode.OK
