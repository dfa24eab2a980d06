"""``email-lint check --show-settings PATH``: the configuration and campaign context in force for
one file, each campaign field with where its value comes from (as ``ruff check --show-settings``).
"""

from __future__ import annotations

from dataclasses import fields
from pathlib import Path
from typing import Any

from email_lint.config import Config
from email_lint.context import Context
from email_lint.directives import Directives, parse_directives
from email_lint.engine import Engine
from email_lint.rules.base import Rule

FORMATS = ("html", "mjml", "text", "eml")
CONTEXT_FIELDS = ("kind", "countries", "audience", "consent", "first_contact")


def _value(value: Any) -> str:
    if value is None:
        return "(unset)"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, tuple | list):
        return ", ".join(str(v) for v in value) or "(none)"
    return str(value)


def _directives(engine: Engine, display: str, path: Path, config: Config) -> tuple[Directives | None, str]:
    """The file's directives, and its format ('' with a note when it cannot be read)."""
    from email_lint.readers import read_file

    if not path.is_file():
        return None, "(not a file: no directives read)"
    try:
        document = read_file(display, path, engine.max_file_size(config))
    except Exception as exc:  # show the settings anyway; `check` reports the error
        return None, f"(cannot be read: {exc})"
    return parse_directives(document), document.format


def _applies(rule: Rule, context: Context, file_format: str) -> bool:
    """Whether *rule* runs under *context* on a file of *file_format* (as ``Rule.applies``, less the document)."""
    return (
        (rule.kinds is None or context.kind in rule.kinds)
        and (rule.formats is None or file_format not in FORMATS or file_format in rule.formats)
        and (rule.countries is None or bool(rule.countries.intersection(context.countries)))
        and (rule.audiences is None or context.audience is None or context.audience in rule.audiences)
    )


def show_settings(engine: Engine, config: Config, display: str, path: Path, plugins: list[str]) -> str:
    directives, file_format = _directives(engine, display, path, config)
    configured = config.context_for(path)
    directive = directives.context if directives else {}
    cli = engine.options.context
    final = configured.merged(directive).merged(cli)
    defaults = Context()
    lines = [
        f"Settings for {display}",
        f"config-file = {config.path or '(none: defaults)'}",
        f"format = {file_format}",
        "",
        "[context]  # configuration < file directive < command line",
    ]
    for name in CONTEXT_FIELDS:
        if name in cli:
            source = "command line"
        elif name in directive:
            source = "file directive"
        elif getattr(configured, name) != getattr(defaults, name):
            source = f"configuration ({config.path})"
        else:
            source = "default"
        lines.append(f"{name.replace('_', '-')} = {_value(getattr(final, name))}  # {source}")
    lines.append(f"sender.name = {_value(final.sender_name)}")
    lines.append(f"sender.address = {_value(final.sender_address)}")
    extra = sorted({f"{element}.{language}" for element, language, _ in configured.extra_phrases})
    lines.append(f"phrases = {_value(extra)}")
    on = engine.enabled_codes(config, path)
    lines += [
        "",
        "[selection]",
        f"select = {_value(config.select_for(path) or ('(all)',))}",
        f"extend-select = {_value(config.extend_select)}",
        f"ignore = {_value(config.ignore)}",
        f"ignored-for-this-file = {_value(config.ignores_for(path))}",
        f"command-line-select = {_value(engine.options.select)}",
        f"command-line-ignore = {_value(engine.options.ignore)}",
        f"severity = {_value([f'{code}={level}' for code, level in config.severity])}",
        "",
        "[run]",
        f"exclude = {_value(config.exclude)}",
        f"max-file-size = {engine.max_file_size(config)}",
        f"plugins = {_value(plugins)}",
    ]
    for field in fields(config):  # anything another part of the configuration adds
        if field.name not in _SHOWN:
            lines.append(f"{field.name.replace('_', '-')} = {_value(getattr(config, field.name))}")
    applicable = [code for code in sorted(on) if _applies(engine.rules[code], final, file_format)]
    lines += ["", f"[rules]  # {len(on)} enabled, {len(applicable)} apply to this context",
              f"enabled = {_value(sorted(on))}", f"apply = {_value(applicable)}"]
    if directives and directives.suppressions:
        lines += ["", "[suppressions]"]
        lines += [f"line {s.line}: {', '.join(s.codes)}"
                  + (f" on line {s.target}" if s.target else " in the whole file")
                  + (f" -- {s.reason}" if s.reason else "") for s in directives.suppressions]
    return "\n".join(lines) + "\n"


_SHOWN = {"path", "root", "select", "ignore", "extend_select", "per_file_ignores", "severity", "context",
          "exclude", "overrides", "max_file_size"}
