"""The map from the assembled email back to the files and lines its text comes from."""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from email_lint.findings import Finding


@dataclass(frozen=True, slots=True)
class Piece:
    """``assembled[start:start + length]`` is the text of *file* from (*line*, *column*)."""

    start: int
    length: int
    file: str
    line: int
    column: int


@dataclass
class SourceMap:
    """Pieces of the assembled text in order, each with its origin, and the footer's place."""

    entry: str
    text: str
    pieces: list[Piece]
    #: Assembled line where the shared footer starts (a layout's or partial's), if any.
    footer_line: int | None = None
    #: ``path:line: message`` lines about includes that could not be followed.
    warnings: list[str] = field(default_factory=list)
    #: Display paths of every file the email was assembled from, entry first.
    files: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        starts = [0]
        at = self.text.find("\n")
        while at >= 0:
            starts.append(at + 1)
            at = self.text.find("\n", at + 1)
        self._line_starts = starts
        self._piece_starts = [p.start for p in self.pieces]

    def offset(self, line: int, column: int = 1) -> int:
        index = min(max(line, 1), len(self._line_starts)) - 1
        start = self._line_starts[index]
        end = self._line_starts[index + 1] if index + 1 < len(self._line_starts) else len(self.text)
        at = min(start + max(column, 1) - 1, max(end - 1, start))
        if column <= 1:  # a whole-line position: the first character that is not white space
            while at < end - 1 and self.text[at] in " \t\r":
                at += 1
        return at

    def locate(self, line: int, column: int = 1) -> tuple[str, int, int]:
        """``(file, line, column)`` where the assembled (*line*, *column*) really is."""
        if not self.pieces:
            return self.entry, line, column
        at = self.offset(line, column)
        piece = self.pieces[max(bisect_right(self._piece_starts, at) - 1, 0)]
        inside = self.text[piece.start:at]
        newlines = inside.count("\n")
        if newlines:
            return piece.file, piece.line + newlines, at - (piece.start + inside.rindex("\n"))
        return piece.file, piece.line, piece.column + len(inside)

    def relocate(self, findings: list[Finding]) -> list[Finding]:
        """*findings* (in assembled lines) moved to their real file and line; those that land
        outside the entry template say ``via`` it."""
        moved = []
        for finding in findings:
            path, line, column = self.locate(finding.line, finding.column)
            end_line = None
            if finding.end_line is not None:
                end_path, end, _ = self.locate(finding.end_line, 1)
                end_line = end if end_path == path and end >= line else None
            via = self.entry if path != self.entry else None
            moved.append(replace(finding, path=path, line=line, column=column, end_line=end_line, via=via))
        return moved
