"""The ``explain`` command's work: for each file, each element's status and its evidence.

An element is ``present`` when its detector found evidence, ``missing`` when it found
none, and ``not-required`` when the element's core rule does not apply to the email
under its campaign context (a transactional email needs no commercial statement).
The evidence is the same the rules judge (:mod:`email_lint.detectors`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from email_lint.detectors import CODES, ELEMENTS, ElementEvidence, Evidence, Rejected, detect
from email_lint.errors import ConfigError, EmailLintError, ReadError

if TYPE_CHECKING:
    from email_lint.context import Context
    from email_lint.document import Document
    from email_lint.rules.base import Rule

_Found = TypeVar("_Found", Evidence, Rejected)

PRESENT, MISSING, NOT_REQUIRED = "present", "missing", "not-required"


@dataclass(frozen=True)
class ElementReport:
    """One element of one file: its status and what the detector found."""

    element: str
    code: str
    status: str
    found: ElementEvidence

    def as_dict(self) -> dict[str, Any]:
        return {
            "element": self.element,
            "code": self.code,
            "status": self.status,
            "evidence": [e.as_dict() for e in _unique(self.found.evidence)],
            "rejected": [r.as_dict() for r in _unique(self.found.rejected)],
        }


@dataclass(frozen=True)
class FileReport:
    path: str
    elements: tuple[ElementReport, ...]
    #: The campaign kind the statuses were judged under.
    kind: str = "commercial"

    def as_dict(self) -> dict[str, Any]:
        return {"path": self.path, "elements": [e.as_dict() for e in self.elements]}


def _unique(items: Iterable[_Found]) -> list[_Found]:
    """Items without repeats, in order: one piece of text on one line counts once (the
    first, most trusted, reason is kept); a rejected candidate once per reason."""
    seen: set[tuple[str, int, str]] = set()
    out: list[_Found] = []
    for item in items:
        key = (item.text, item.line, item.reason if isinstance(item, Rejected) else item.source)
        if key not in seen:
            seen.add(key)
            out.append(item)
    return out


def explain_document(document: Document, context: Context, rules: Mapping[str, Rule]) -> FileReport:
    """Every element's status and evidence for *document* under *context*."""
    reports: list[ElementReport] = []
    for element in ELEMENTS:
        code = CODES[element]
        rule = rules.get(code)
        found = detect(document, context, element, complete=True)
        if rule is None or not rule.applies(document, context):
            status = NOT_REQUIRED
        else:
            status = PRESENT if found.present else MISSING
        reports.append(ElementReport(element, code, status, found))
    return FileReport(document.path, tuple(reports), context.kind)


def run_explain(paths: tuple[str, ...], cli_context: dict[str, Any], config_path: Path | None,
                disabled: tuple[str, ...] = ()) -> tuple[list[FileReport], list[str]]:
    """Reports for the files in *paths* (files or directories) and one error line per file
    that could not be read. Configuration errors raise :class:`EmailLintError`."""
    from email_lint.context import check_countries, validate_fields
    from email_lint.directives import parse_directives
    from email_lint.discovery import FileSelector
    from email_lint.parallel import EngineSpec
    from email_lint.readers import read_file

    context_fields = validate_fields(cli_context, "command line")
    spec = EngineSpec(disabled, context=tuple(sorted(context_fields.items())), config_path=config_path)
    registry, engine, resolver = spec.build()
    check_countries(context_fields.get("countries", ()), registry.countries(), "--country")
    reports: list[FileReport] = []
    errors: list[str] = []
    for display, path, error in FileSelector(resolver).iter_files(paths):
        if error is not None or path is None:
            errors.append(error or f"{display}: cannot read")
            continue
        config = resolver.for_path(path)
        try:
            document = read_file(display, path, engine.max_file_size(config))
            directives = parse_directives(document)
            try:
                check_countries(directives.context.get("countries", ()), engine.countries, "directive")
            except ConfigError as exc:
                raise ReadError(display, str(exc)) from None
            context = engine.context_for(config, directives, path)
            reports.append(explain_document(document, context, registry.rules))
        except ReadError as exc:
            errors.append(str(exc))
        except OSError as exc:
            errors.append(f"{display}: cannot read: {exc.strerror or exc}")
        except EmailLintError:
            raise
        except Exception as exc:  # a reader or detector bug must not print a traceback
            errors.append(f"{display}: internal error, please report it: {type(exc).__name__}: {exc}")
    return reports, errors
