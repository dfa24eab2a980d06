"""A finding (a violation stamped with its rule, file and severity) and a file's result."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Finding:
    """One reported problem, as every formatter sees it."""

    path: str
    line: int
    column: int
    code: str
    rule: str
    message: str
    severity: str = "error"
    end_line: int | None = None
    url: str | None = None
    country: str | None = None
    #: Countries whose law this core finding also breaks (a pack's requirement restating the core one).
    countries: tuple[str, ...] = ()
    #: The entry template through which a partial or layout (``path``) was checked.
    via: str | None = None

    @property
    def text(self) -> str:
        """The message as people read it: with the countries it also breaks, e.g. ``... (GB, FR)``,
        and the entry template a partial's finding was reached through, ``(via templates/welcome.html)``."""
        text = f"{self.message} ({', '.join(self.countries)})" if self.countries else self.message
        return f"{text} (via {self.via})" if self.via else text

    @property
    def sort_key(self) -> tuple[str, int, str, int, str, str]:
        return (self.path, self.line, self.code, self.column, self.message, self.via or "")


@dataclass
class FileResult:
    """What checking one file gave: findings, or a one-line error, or both."""

    path: str
    findings: list[Finding] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    skipped: bool = False
    #: What the reader left out or ignored (printed on stderr; the exit code is unchanged).
    warnings: list[str] = field(default_factory=list)
