"""Where the report goes and how it looks: ``--color``, ``-o/--output-file``, ``--show-source``."""

from __future__ import annotations

import contextlib
import os
import sys
import time
from collections import OrderedDict
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import BinaryIO

from email_lint.errors import ConfigError

COLOR_CHOICES = ("auto", "always", "never")
#: Files whose text ``--show-source`` keeps (a partial's findings come between its includers').
SOURCES_KEPT = 8


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
    """A path -> text function for code frames, reading each file once while its findings are
    written (the last few files only: memory stays flat), standard input from memory."""
    cache: OrderedDict[str, str | None] = OrderedDict()

    def read(display: str) -> str | None:
        if display in cache:
            cache.move_to_end(display)
            return cache[display]
        data: bytes | None = stdin_data if display == stdin_name else None
        if data is None:
            try:
                data = Path(display).read_bytes()
            except OSError:
                data = None
        text = cache[display] = None if data is None else _decode(data)
        if len(cache) > SOURCES_KEPT:
            cache.popitem(last=False)
        return text

    return read


def _decode(data: bytes) -> str:
    from email_lint.decoding import decode_bytes

    try:
        return decode_bytes(data)[0]
    except Exception:  # binary or undecodable: show what can be shown
        return data.decode("utf-8", "replace")


class ReportWriter:
    """Writes the report in pieces, as :func:`write_report` writes it whole: on standard
    output, or in *output_file* (opened at the first piece, or at :meth:`close` for an empty
    report). Pieces are gathered and written every ``BUFFER`` characters, or at :meth:`pause`
    when ``INTERVAL`` seconds went by; *before_write* runs before each write (to clear a
    progress bar)."""

    BUFFER = 64 * 1024
    INTERVAL = 0.25

    def __init__(self, output_file: Path | None, before_write: Callable[[], None] = lambda: None,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.output_file = output_file
        self.before_write = before_write
        self.clock = clock
        self._parts: list[str] = []
        self._size = 0
        self._last = clock()
        self._stream: BinaryIO | None = None

    def write(self, text: str) -> None:
        if text:
            self._parts.append(text)
            self._size += len(text)
            if self._size >= self.BUFFER:
                self.flush()

    def pause(self) -> None:
        """A file is done: write what is gathered if it has waited long enough."""
        if self._parts and self.clock() - self._last >= self.INTERVAL:
            self.flush()

    def flush(self) -> None:
        text = "".join(self._parts)
        self._parts, self._size, self._last = [], 0, self.clock()
        if not text and (self.output_file is None or self._stream is not None):
            return
        self.before_write()
        if self.output_file is None:
            import click

            click.echo(text, nl=False, color=True)  # colour was decided already (use_color)
            return
        try:
            if self._stream is None:
                self._stream = open(self.output_file, "wb")  # noqa: SIM115 (closed by close())
            self._stream.write(text.encode("utf-8"))
        except OSError as exc:
            raise ConfigError(f"{self.output_file}: cannot write the report: {exc.strerror or exc}") from None

    def abort(self) -> None:
        """The run stopped: close *output_file* without writing the rest."""
        if self._stream is not None:
            stream, self._stream = self._stream, None
            with contextlib.suppress(OSError):
                stream.close()

    def close(self) -> None:
        """Write the rest (and create an empty *output_file* for an empty report)."""
        self.flush()
        if self._stream is not None:
            stream, self._stream = self._stream, None
            try:
                stream.close()
            except OSError as exc:
                raise ConfigError(f"{self.output_file}: cannot write the report: {exc.strerror or exc}") from None


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
