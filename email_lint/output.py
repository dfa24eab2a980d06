"""Where the report goes and how it looks: ``--color``, ``-o/--output-file``, ``--show-source``."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Mapping
from pathlib import Path

from email_lint.errors import ConfigError

COLOR_CHOICES = ("auto", "always", "never")


def use_color(choice: str, output_file: Path | None, environ: Mapping[str, str] | None = None) -> bool:
    """``always``/``never`` win; ``auto``: ``FORCE_COLOR``, then ``NO_COLOR``, then a terminal on stdout."""
    if choice != "auto":
        return choice == "always"
    env = os.environ if environ is None else environ
    force = env.get("FORCE_COLOR")
    if force:
        return force.lower() not in ("0", "false", "no")
    if env.get("NO_COLOR"):
        return False
    return output_file is None and sys.stdout.isatty()


def source_reader(stdin_name: str | None, stdin_data: bytes | None) -> Callable[[str], str | None]:
    """A path -> text function for code frames, reading each file once (standard input from memory)."""
    cache: dict[str, str | None] = {}

    def read(display: str) -> str | None:
        if display not in cache:
            data: bytes | None = stdin_data if display == stdin_name else None
            if data is None:
                try:
                    data = Path(display).read_bytes()
                except OSError:
                    data = None
            cache[display] = None if data is None else _decode(data)
        return cache[display]

    return read


def _decode(data: bytes) -> str:
    from email_lint.decoding import decode_bytes

    try:
        return decode_bytes(data)[0]
    except Exception:  # binary or undecodable: show what can be shown
        return data.decode("utf-8", "replace")


def write_report(text: str, output_file: Path | None) -> None:
    """*text* on standard output, or the same bytes (UTF-8) in *output_file*."""
    if output_file is None:
        import click

        click.echo(text, nl=False, color=True)  # colour was decided already (use_color)
        return
    try:
        output_file.write_bytes(text.encode("utf-8"))
    except OSError as exc:
        raise ConfigError(f"{output_file}: cannot write the report: {exc.strerror or exc}") from None
