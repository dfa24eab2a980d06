"""Command line: ``email-lint check | explain | rules | rule | gate``. Parsing options and exit codes only."""

from __future__ import annotations

import gc

gc.disable()  # start-up makes long-lived objects only: no collections until the end of this module

from email_lint import startup

startup.install()  # regexes and dataclass methods compiled by earlier runs (before the imports using them)

import errno
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn, TypeVar

import click

import email_lint
from email_lint.context import AUDIENCES, CONSENTS, KINDS
from email_lint.errors import ConfigError, EmailLintError
from email_lint.exit_codes import ExitCode
from email_lint.output import COLOR_CHOICES
from email_lint.timebudget import DEFAULT_SECONDS

if TYPE_CHECKING:
    from datetime import date

    from email_lint.plugins import Registry

F = TypeVar("F", bound=Callable[..., Any])


def _split_codes(values: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(c.strip().upper() for v in values for c in v.split(",") if c.strip())


def _registry(disabled: tuple[str, ...]) -> Registry:
    from email_lint.plugins import load_plugins

    return load_plugins(tuple(disabled))


_SIZE_UNITS = {"": 1, "k": 1024, "kb": 1024, "kib": 1024, "m": 1024**2, "mb": 1024**2, "mib": 1024**2,
               "g": 1024**3, "gb": 1024**3, "gib": 1024**3}


def _parse_size(_ctx: click.Context, _param: click.Parameter, value: str | None) -> int | None:
    """``5242880``, ``512k``, ``10M``, ``1GiB`` -> bytes (binary units)."""
    if value is None:
        return None
    text = value.strip().lower()
    digits = text.rstrip("kmgib")
    unit = text[len(digits):]
    if not digits.isdigit() or unit not in _SIZE_UNITS or len(digits) > 12 or int(digits) <= 0:
        raise click.BadParameter(f"{value!r} is not a size: write bytes, or a number with k, M or G")
    from email_lint.config import MAX_FILE_SIZE_LIMIT

    size = int(digits) * _SIZE_UNITS[unit]
    if size > MAX_FILE_SIZE_LIMIT:
        raise click.BadParameter(f"{value!r} is over the largest size, 1G")
    return size


def _interrupted() -> NoReturn:
    """Ctrl-C: one line, exit 130 (128 + SIGINT), as shells expect."""
    click.echo("email-lint: interrupted", err=True)
    sys.exit(ExitCode.INTERRUPTED)


def _output_failed(exc: OSError) -> NoReturn:
    """The report could not be written (full disk, closed standard output): one line, exit 2,
    whatever ``--exit-zero`` says. A reader that went away (``| head``) is no error."""
    if isinstance(exc, BrokenPipeError) or exc.errno == errno.EPIPE:
        _silence_stdout()
        sys.exit(ExitCode.OK)
    _silence_stdout()
    click.echo(f"email-lint: error: cannot write the report: {exc.strerror or exc}", err=True)
    sys.exit(ExitCode.ERROR)


def _silence_stdout() -> None:
    """Point standard output at /dev/null: the interpreter's last flush at exit must not fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):
        pass


def _fail(message: str) -> NoReturn:
    click.echo(f"email-lint: error: {message}", err=True)
    sys.exit(ExitCode.ERROR)


def _version_message() -> str:
    lines = [f"email-lint {email_lint.__version__}"]
    try:
        registry = _registry(())
    except EmailLintError as exc:
        lines.append(f"plugins: error: {exc}")
    else:
        for plugin in registry.plugins:
            count = sum(1 for origin in registry.origin.values() if origin == plugin.name)
            lines.append(f"  {plugin.name}: {plugin.distribution} {plugin.version} ({count} rules)")
    return "\n".join(lines)


def _print_version(ctx: click.Context, _param: click.Parameter, value: bool) -> None:
    if not value or ctx.resilient_parsing:
        return
    click.echo(_version_message())
    ctx.exit(ExitCode.OK)


esp_options = (
    click.option("--esp", metavar="NAME",
                 help="The ESP that sends the email (mailchimp, brevo, sendgrid, mailgun, klaviyo, postmark, "
                      "listmonk, mautic): what it adds at send time counts as present (docs/esp.md)."),
    click.option("--esp-footer/--no-esp-footer", default=None,
                 help="The ESP's setting that adds its unsubscribe footer or headers is on "
                      "(SendGrid subscription tracking, Mailgun unsubscribe tracking, Postmark broadcast stream...)."),
)


def with_esp_options(function: F) -> F:
    for option in reversed(esp_options):
        function = option(function)
    return function


disable_plugin_option = click.option(
    "--disable-plugin", "disabled", multiple=True, metavar="NAME",
    help="Do not load the plugin (rule pack) NAME; repeatable.",
)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--version", is_flag=True, expose_value=False, is_eager=True, callback=_print_version,
              help="Show the version and the loaded rule packs.")
def main() -> None:
    """Check email templates for what the law requires of commercial email."""


@main.command()
# readable=False: an unreadable file is reported by the check (one line), with the others checked.
@click.argument("paths", nargs=-1, type=click.Path(readable=False))
@click.option("--format", "output_format", default="text", show_default=True,
              help="Output format: text, json, json-lines, github, gitlab, junit or sarif (plugins may add more).")
@click.option("-o", "--output-file", type=click.Path(dir_okay=False, path_type=Path), metavar="FILE",
              help="Write the report to FILE instead of standard output (the same bytes).")
@click.option("--color", type=click.Choice(COLOR_CHOICES), default="auto", show_default=True,
              help="Colour the text report: auto (on a terminal; NO_COLOR and FORCE_COLOR are honoured).")
@click.option("--show-settings", is_flag=True,
              help="Print the configuration and campaign context in force for PATH, then exit 0.")
@click.option("--show-source", is_flag=True, help="Show the source line, with a caret, under each finding (text).")
@click.option("--select", multiple=True, metavar="CODES", help="Only these rule codes or prefixes (comma-separated).")
@click.option("--ignore", multiple=True, metavar="CODES", help="Skip these rule codes or prefixes (comma-separated).")
@click.option("--config", "config_path", type=click.Path(dir_okay=False, path_type=Path),
              help="Use this configuration file instead of the closest one.")
@click.option("--kind", type=click.Choice(KINDS), help="Campaign kind (default: commercial).")
@click.option("--country", "countries", multiple=True, metavar="CC",
              help="Target country (ISO 3166-1 alpha-2), repeatable or comma-separated.")
@click.option("--audience", type=click.Choice(AUDIENCES), help="Audience: b2b or b2c.")
@click.option("--consent", type=click.Choice(CONSENTS), help="Consent basis of the recipients.")
@click.option("--first-contact/--no-first-contact", "--first_contact/--no_first_contact", "first_contact", default=None,
              help="First message to a rented or bought list.")
@with_esp_options
@click.option("--exclude", multiple=True, metavar="GLOB",
              help="Skip files matching GLOB (gitignore-style, relative to the current folder) in directory walks.")
@click.option("--respect-gitignore/--no-respect-gitignore", default=None,
              help="Skip files git ignores in directory walks (default: on; configuration: respect-gitignore).")
@click.option("--force-exclude/--no-force-exclude", default=None,
              help="Apply the exclusions to files named on the command line too (as the pre-commit hook does).")
@click.option("--show-files", is_flag=True, help="List the files that would be checked, one a line, and exit.")
@click.option("--stdin-filename", metavar="PATH", help="Name (and format) of the template read from '-'.")
@click.option("-q", "--quiet", is_flag=True, help="Print findings and errors only, no summary.")
@click.option("--exit-zero", is_flag=True, help="Exit 0 even when violations are found (errors still exit 2).")
@click.option("--statistics", is_flag=True,
              help="Print how many findings each rule produced instead of the findings (text, json, json-lines).")
@click.option("--baseline", type=click.Path(dir_okay=False, path_type=Path), metavar="FILE",
              help="Report only findings that FILE (a baseline JSON) does not record.")
@click.option("--update-baseline", is_flag=True, help="Record the current findings in the --baseline FILE.")
@click.option("-j", "--jobs", type=click.IntRange(min=1), metavar="N",
              help="Check files in N processes (default: every CPU when there are more than 20 files).")
@click.option("--max-file-size", metavar="SIZE", callback=_parse_size,
              help="Skip (and report) larger files: bytes, or e.g. 512k, 10M (default: configuration, 5M).")
@click.option("--no-assemble", "no_assemble", is_flag=True,
              help="Check each file alone: do not follow includes, layouts and partials.")
@click.option("--timeout", type=click.FloatRange(min=0, max=86_400), default=DEFAULT_SECONDS, show_default=True,
              metavar="SECONDS", help="Skip (and report) a file whose check takes longer than SECONDS (0: no limit).")
@disable_plugin_option
def check(paths: tuple[str, ...], output_format: str, output_file: Path | None, color: str, show_settings: bool,
          show_source: bool, select: tuple[str, ...], ignore: tuple[str, ...], config_path: Path | None,
          kind: str | None, countries: tuple[str, ...], audience: str | None, consent: str | None,
          first_contact: bool | None, esp: str | None, esp_footer: bool | None, exclude: tuple[str, ...],
          stdin_filename: str | None, quiet: bool, exit_zero: bool, statistics: bool, baseline: Path | None,
          update_baseline: bool, jobs: int | None, max_file_size: int | None, no_assemble: bool, timeout: float,
          disabled: tuple[str, ...], respect_gitignore: bool | None, force_exclude: bool | None,
          show_files: bool) -> None:
    """Check the templates in PATHS (files or directories; '-' reads standard input)."""
    from email_lint.runner import run_check

    cli_context = {"kind": kind, "audience": audience, "consent": consent, "first_contact": first_contact,
                   "esp": esp, "esp_footer": esp_footer}
    if countries:
        cli_context["countries"] = ",".join(countries)
    try:
        code = run_check(
            paths=tuple(paths) or (".",),
            output_format=output_format,
            select=_split_codes(select),
            ignore=_split_codes(ignore),
            config_path=config_path,
            cli_context={k: v for k, v in cli_context.items() if v is not None},
            exclude=tuple(exclude),
            stdin_filename=stdin_filename,
            quiet=quiet,
            exit_zero=exit_zero,
            disabled=tuple(disabled),
            statistics=statistics,
            baseline=baseline,
            update_baseline=update_baseline,
            jobs=jobs,
            max_file_size=max_file_size,
            color=color,
            show_source=show_source,
            output_file=output_file,
            respect_gitignore=respect_gitignore,
            force_exclude=force_exclude,
            show_files=show_files,
            show_settings=show_settings,
            assemble=not no_assemble,
            timeout=timeout or None,
        )
        sys.stdout.flush()  # a full disk shows here, not at exit
    except EmailLintError as exc:
        _fail(str(exc))
    except KeyboardInterrupt:
        _interrupted()
    except OSError as exc:
        _output_failed(exc)
    sys.exit(code)


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--country", "countries", multiple=True, metavar="CC",
              help="Target country (ISO 3166-1 alpha-2), repeatable or comma-separated.")
@click.option("--kind", type=click.Choice(KINDS), help="Campaign kind (default: commercial).")
@click.option("--audience", type=click.Choice(AUDIENCES), help="Audience: b2b or b2c.")
@click.option("--consent", type=click.Choice(CONSENTS), help="Consent basis of the recipients.")
@with_esp_options
@click.option("--config", "config_path", type=click.Path(dir_okay=False, path_type=Path),
              help="Use this configuration file instead of the closest one.")
@disable_plugin_option
def explain(paths: tuple[str, ...], output_format: str, countries: tuple[str, ...], kind: str | None,
            audience: str | None, consent: str | None, esp: str | None, esp_footer: bool | None,
            config_path: Path | None, disabled: tuple[str, ...]) -> None:
    """Show, for each file in PATHS, each required element's status and the evidence for it."""
    from email_lint.explain import run_explain
    from email_lint.formatters.explain import format_explain_json, format_explain_text

    cli_context = {"kind": kind, "audience": audience, "consent": consent, "esp": esp, "esp_footer": esp_footer}
    if countries:
        cli_context["countries"] = ",".join(countries)
    try:
        reports, errors = run_explain(tuple(paths), {k: v for k, v in cli_context.items() if v is not None},
                                      config_path, tuple(disabled))
    except EmailLintError as exc:
        _fail(str(exc))
    for error in errors:
        click.echo(f"email-lint: {error}", err=True)
    output = format_explain_json(reports) if output_format == "json" else format_explain_text(reports)
    click.echo(output, nl=False)
    sys.exit(ExitCode.ERROR if errors else ExitCode.OK)


@main.command("rules")
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--country", "countries", multiple=True, metavar="CC", help="Only rules that apply to this country.")
@click.option("--audience", type=click.Choice(AUDIENCES), help="Only rules that apply to this audience.")
@disable_plugin_option
def list_rules(output_format: str, countries: tuple[str, ...], audience: str | None,
               disabled: tuple[str, ...]) -> None:
    """List every rule: code, name, pack and summary."""
    from email_lint.rule_docs import format_rule_list

    try:
        registry = _registry(disabled)
        click.echo(format_rule_list(registry, countries, audience, output_format), nl=False)
    except (EmailLintError, ConfigError) as exc:
        _fail(str(exc))


@main.command("rule")
@click.argument("code")
@disable_plugin_option
def show_rule(code: str, disabled: tuple[str, ...]) -> None:
    """Print the documentation of rule CODE (or its name)."""
    from email_lint.rule_docs import format_rule_doc

    try:
        registry = _registry(disabled)
    except EmailLintError as exc:
        _fail(str(exc))
    wanted = code.strip()
    for rule in registry.rules.values():
        if wanted.upper() == rule.code or wanted.lower() == rule.name:
            click.echo(format_rule_doc(rule, registry.origin[rule.code]), nl=False)
            return
    _fail(f"unknown rule {code!r}; `email-lint rules` lists them")


def _parse_hostport(_ctx: click.Context, param: click.Parameter, value: str | None) -> tuple[str, int] | None:
    """``127.0.0.1:10025``, ``[::1]:25``, ``localhost:2525`` -> (host, port)."""
    if value is None:
        return None
    host, sep, port = value.rpartition(":")
    host = host[1:-1] if host.startswith("[") and host.endswith("]") else host
    if not sep or not host or not port.isdigit() or int(port) > 65535:
        raise click.BadParameter(f"{value!r} is not HOST:PORT")
    return host, int(port)


@main.command()
@click.option("--listen", required=True, metavar="HOST:PORT", callback=_parse_hostport,
              help="Address to accept SMTP on (port 0: any free port, printed in the start log line).")
@click.option("--relay", required=True, metavar="HOST:PORT", callback=_parse_hostport,
              help="The next hop: accepted messages are relayed there.")
@click.option("--mode", type=click.Choice(("reject", "tag")), default="reject", show_default=True,
              help="reject: refuse blocked recipients (RCPT) and messages (DATA) with 550; "
                   "tag: relay everything with an X-Email-Lint header.")
@click.option("--contacts", type=click.Path(dir_okay=False, path_type=Path), metavar="FILE",
              help="Contacts export (CSV or JSON Lines, as for `audience`): each recipient's country, audience, "
                   "consent and status; recipients not in it are judged on the campaign options.")
@click.option("--profile", type=click.Choice(["auto", "generic", "mailchimp", "brevo", "mautic", "listmonk"]),
              default="auto", show_default=True, help="Column names of the --contacts export.")
@click.option("--suppressions", multiple=True, type=click.Path(dir_okay=False, path_type=Path), metavar="FILE",
              help="Suppression file (CSV with an email column, or one address per line); repeatable.")
@click.option("--kind", type=click.Choice(KINDS), help="Campaign kind (default: commercial).")
@click.option("--country", "countries", multiple=True, metavar="CC",
              help="Target country (ISO 3166-1 alpha-2), repeatable or comma-separated.")
@click.option("--audience", type=click.Choice(AUDIENCES), help="Audience: b2b or b2c.")
@click.option("--consent", type=click.Choice(CONSENTS), help="Consent basis of the recipients.")
@click.option("--first-contact/--no-first-contact", default=None, help="First message to a rented or bought list.")
@with_esp_options
@click.option("--retention-days", type=click.IntRange(min=1), default=3 * 365, show_default=True,
              help="Refuse prospects whose last interaction (in --contacts) is older than this.")
@click.option("--fail-open", is_flag=True,
              help="When the check itself fails, relay (with an X-Email-Lint: error header) instead of 451.")
@click.option("--max-message-size", metavar="SIZE", callback=_parse_size, default="32M", show_default=True,
              help="Refuse larger messages with 552: bytes, or e.g. 512k, 10M.")
@click.option("--log", "log_path", type=click.Path(dir_okay=False), metavar="FILE",
              help="Append the JSON-lines log to FILE (default: standard error).")
@click.option("--log-addresses", is_flag=True, help="Put sender and recipient addresses in the log.")
@click.option("--shutdown-timeout", type=click.FloatRange(min=0), default=30.0, show_default=True, metavar="SECONDS",
              help="On SIGTERM, how long open transactions may take to finish.")
@click.option("--timeout", "check_timeout", type=click.FloatRange(min=0, min_open=True), default=10.0,
              show_default=True, metavar="SECONDS",
              help="Time budget of one message's check: past it the client gets 451 and retries.")
@click.option("--config", "config_path", type=click.Path(dir_okay=False, path_type=Path),
              help="Configuration file (select, ignore, severities...) for the message check.")
def gate(listen: tuple[str, int], relay: tuple[str, int], mode: str, contacts: Path | None, profile: str,
         suppressions: tuple[Path, ...], kind: str | None, countries: tuple[str, ...], audience: str | None,
         consent: str | None, first_contact: bool | None, esp: str | None, esp_footer: bool | None,
         retention_days: int, fail_open: bool, max_message_size: int, log_path: str | None, log_addresses: bool,
         shutdown_timeout: float, check_timeout: float, config_path: Path | None) -> None:
    """Run the SMTP gate: judge each recipient and message, relay the lawful ones (needs email-lint[gate])."""
    try:
        from email_lint.presend.gate.run import GateOptions, run_gate
    except ImportError as exc:
        _fail(f"the gate needs the gate extra ({exc.name} is missing): pip install 'email-lint[gate]'")
    from email_lint.context import parse_countries

    try:
        options = GateOptions(
            listen=listen, relay=relay, mode=mode, contacts=contacts, profile=profile, suppressions=tuple(suppressions),
            kind=kind, countries=parse_countries(",".join(countries)) if countries else (), audience=audience,
            consent=consent, first_contact=first_contact, esp=esp, esp_footer=esp_footer,
            retention_days=retention_days, fail_open=fail_open, max_message_size=max_message_size,
            log_path=log_path, log_addresses=log_addresses, shutdown_timeout=shutdown_timeout,
            check_timeout=check_timeout, config_path=config_path,
        )
        code = run_gate(options)
    except EmailLintError as exc:
        _fail(str(exc))
    sys.exit(code)


def _iso_day(_ctx: click.Context, _param: click.Parameter, value: str | None) -> date | None:
    """``--today 2026-12-01`` -> a date (for reproducible runs)."""
    if value is None:
        return None
    from datetime import date

    try:
        return date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not an ISO date (YYYY-MM-DD)") from None


@main.command("audience")
@click.argument("contacts", type=click.Path(path_type=Path))
@click.option("--suppressions", "suppressions", multiple=True, type=click.Path(path_type=Path), metavar="FILE",
              help="Addresses never to mail: CSV with an 'email' column, or one per line; repeatable.")
@click.option("--country", "countries", multiple=True, metavar="CC",
              help="Campaign country for contacts without one (ISO 3166-1 alpha-2), repeatable or comma-separated.")
@click.option("--audience", type=click.Choice(AUDIENCES), help="Audience for contacts without one: b2b or b2c.")
@click.option("--consent", type=click.Choice(CONSENTS), help="Consent basis for contacts without one.")
@click.option("--kind", type=click.Choice(KINDS), help="Campaign kind (default: commercial).")
@click.option("--first-contact/--no-first-contact", default=None,
              help="Whether this is a first message to every contact (default: judged per contact).")
@click.option("--template", type=click.Path(path_type=Path), metavar="PATH",
              help="The campaign's template: first contacts need its data-source notice (EL003).")
@click.option("--format", "output_format", type=click.Choice(["text", "json", "csv"]), default="text",
              show_default=True, help="text: blocked and warned rows plus counts; json/csv: one line per contact.")
@click.option("--show-addresses", is_flag=True, help="Print addresses instead of row numbers.")
@click.option("--retention-days", type=int, default=3 * 365, show_default=True,
              help="Block prospects whose last interaction is older than this.")
@click.option("--today", callback=_iso_day, metavar="YYYY-MM-DD", help="Judge as of this day (default: today).")
@click.option("--profile", type=click.Choice(["auto", "generic", "mailchimp", "brevo", "mautic", "listmonk"]),
              default="auto", show_default=True, help="Column names of the contacts export.")
def audience_check(contacts: Path, suppressions: tuple[Path, ...], countries: tuple[str, ...], audience: str | None,
                   consent: str | None, kind: str | None, first_contact: bool | None, template: Path | None,
                   output_format: str, show_addresses: bool, retention_days: int, today: date | None,
                   profile: str) -> None:
    """Decide send, warn or block for each contact of CONTACTS (CSV or JSON Lines)."""
    from email_lint.presend.audience_run import AudienceOptions, run_audience

    options = AudienceOptions(
        contacts=contacts, suppressions=tuple(suppressions), countries=tuple(countries), audience=audience,
        consent=consent, kind=kind, first_contact=first_contact, template=template, output_format=output_format,
        show_addresses=show_addresses, retention_days=retention_days, today=today, profile=profile,
    )
    try:
        code = run_audience(options)
    except EmailLintError as exc:
        _fail(str(exc))
    sys.exit(code)

@main.command("report")
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("--country", "countries", multiple=True, metavar="CC",
              help="Target country (a column of the matrix), repeatable or comma-separated.")
@click.option("--kind", type=click.Choice(KINDS), help="Campaign kind (default: commercial).")
@click.option("--audience", type=click.Choice(AUDIENCES), help="Audience: b2b or b2c.")
@click.option("--consent", type=click.Choice(CONSENTS), help="Consent basis of the recipients.")
@click.option("--first-contact/--no-first-contact", default=None, help="First message to a rented or bought list.")
@click.option("--contacts", type=click.Path(dir_okay=False, path_type=Path), metavar="FILE",
              help="Contacts (CSV or JSON Lines): adds the recipients counted by decision and reason.")
@click.option("--suppressions", multiple=True, type=click.Path(dir_okay=False, path_type=Path), metavar="FILE",
              help="Suppression list applied to --contacts; repeatable.")
@click.option("--format", "output_format", type=click.Choice(["html", "md", "json"]), default="html",
              show_default=True, help="html: one self-contained page; md: for pull requests; json: for archives.")
@click.option("-o", "--output", "output", type=click.Path(dir_okay=False, path_type=Path), metavar="FILE",
              help="Write the report to FILE instead of standard output.")
@click.option("--config", "config_path", type=click.Path(dir_okay=False, path_type=Path),
              help="Use this configuration file instead of the closest one.")
@disable_plugin_option
def report(paths: tuple[str, ...], countries: tuple[str, ...], kind: str | None, audience: str | None,
           consent: str | None, first_contact: bool | None, contacts: Path | None, suppressions: tuple[Path, ...],
           output_format: str, output: Path | None, config_path: Path | None, disabled: tuple[str, ...]) -> None:
    """Write a compliance report: per template and country, the evidence for each legal element."""
    from email_lint.context import parse_countries, validate_fields
    from email_lint.report.collect import ReportRequest, build_report
    from email_lint.report.render import renderer

    if suppressions and contacts is None:
        _fail("--suppressions needs --contacts FILE")
    values = {"kind": kind, "audience": audience, "consent": consent, "first_contact": first_contact}
    try:
        campaign = validate_fields({k: v for k, v in values.items() if v is not None}, "command line")
        request = ReportRequest(
            paths=tuple(paths), countries=parse_countries(",".join(countries)), campaign=campaign,
            config_path=config_path, disabled=tuple(disabled), contacts=contacts, suppressions=tuple(suppressions),
        )
        text = renderer(output_format)(build_report(request))
    except EmailLintError as exc:
        _fail(str(exc))
    if output is None:
        click.echo(text, nl=False)
        return
    try:
        output.write_text(text, encoding="utf-8")
    except OSError as exc:
        _fail(f"{output}: cannot write the report: {exc.strerror or exc}")


# What start-up made lives as long as the process: kept out of every later collection.
gc.freeze()
gc.enable()

if __name__ == "__main__":  # pragma: no cover
    main()
