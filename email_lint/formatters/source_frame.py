"""``--show-source``: the flagged source line under a finding, with a caret at its column.

::

      9 | <p><a href="#">Unsubscribe</a></p>
        |    ^

Tabs are expanded; a long line (minified HTML) is cut to a window around the column.
"""

from __future__ import annotations

import click

WIDTH = 100
TAB = 4


def _window(line: str, column: int) -> tuple[str, int]:
    """*line* cut to at most ``WIDTH`` characters around the 0-based *column*; the new column."""
    if len(line) <= WIDTH:
        return line, column
    start = max(0, min(column - WIDTH // 3, len(line) - WIDTH))
    end = start + WIDTH
    head, tail = ("…" if start else ""), ("…" if end < len(line) else "")
    return f"{head}{line[start:end]}{tail}", column - start + len(head)


def frame(source: str, line: int, column: int, color: bool = False) -> list[str]:
    """The frame for 1-based *line* and *column* of *source*; none when the line is not there."""
    lines = source.splitlines()
    if not 1 <= line <= len(lines):
        return []
    raw = lines[line - 1]
    offset = len(raw[: max(column - 1, 0)].expandtabs(TAB))
    text, caret_at = _window(raw.expandtabs(TAB).rstrip(), offset)
    gutter = " " * len(str(line))

    def style(value: str, **kw: object) -> str:
        return click.style(value, **kw) if color else value  # type: ignore[arg-type]

    bar = style("|", fg="blue", bold=True)
    return [
        f"  {style(str(line), fg='blue', bold=True)} {bar} {text}",
        f"  {gutter} {bar} {' ' * min(caret_at, len(text))}{style('^', fg='red', bold=True)}",
    ]


