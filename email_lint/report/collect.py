"""Build the report model: every template checked once per target country, with its evidence.

The model is plain JSON data (dicts, lists, strings, numbers), sorted, so the three
formats render the same facts and two runs on the same inputs give the same bytes.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, fields, is_dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from email_lint import __version__
from email_lint.config import ConfigResolver
from email_lint.context import Context, check_countries
from email_lint.directives import parse_directives
from email_lint.document import Document
from email_lint.engine import Engine, RunOptions
from email_lint.errors import EmailLintError
from email_lint.findings import Finding
from email_lint.readers import read_file
from email_lint.report import DISCLAIMER, SCHEMA_ID
from email_lint.report.clock import generated_at
from email_lint.report.elements import ELEMENTS, LABELS, OTHER, element_of
from email_lint.report.evidence import element_evidence
from email_lint.report.preview import build_preview

if TYPE_CHECKING:
    from email_lint.config import Config
    from email_lint.plugins import Registry

#: The column of a report run without ``--country``: the core rules alone.
ALL_COUNTRIES = "all"


@dataclass(frozen=True)
class ReportRequest:
    """What ``email-lint report`` was asked."""

    paths: tuple[str, ...]
    countries: tuple[str, ...] = ()
    campaign: Mapping[str, Any] = None  # type: ignore[assignment]
    config_path: Path | None = None
    disabled: tuple[str, ...] = ()
    contacts: Path | None = None
    suppressions: tuple[Path, ...] = ()
    with_preview: bool = True


def build_report(request: ReportRequest) -> dict[str, Any]:
    """The whole report model for *request* (raises EmailLintError on unusable input)."""
    from email_lint.plugins import load_plugins

    registry = load_plugins(request.disabled)
    countries = tuple(sorted(dict.fromkeys(request.countries)))
    check_countries(countries, registry.countries(), "--country")
    campaign = dict(request.campaign or {})
    columns = countries or (ALL_COUNTRIES,)
    engines = {column: _engine(registry, campaign, column) for column in columns}
    resolver = ConfigResolver(request.config_path, frozenset(registry.rules))
    templates = []
    configs: dict[str, Config] = {}
    for display, path, error in _targets(request.paths, resolver):
        if error or path is None:
            templates.append(_unreadable(display, error or "nothing to check"))
            continue
        config = resolver.for_path(path)
        configs.setdefault(str(config.path) if config.path else "", config)
        templates.append(_template(display, path, config, engines, registry, request.with_preview))
    report: dict[str, Any] = {
        "schema": SCHEMA_ID,
        "generated": generated_at(),
        "disclaimer": DISCLAIMER,
        "campaign": _campaign_facts(campaign, countries),
        "summary": _summary(templates),
        "templates": templates,
        "audience": None,
        "provenance": _provenance(registry, configs),
    }
    if request.contacts is not None:
        from email_lint.report.audience import audience_counts

        report["audience"] = audience_counts(request.contacts, request.suppressions, countries, campaign)
    return report


def _targets(paths: Sequence[str], resolver: ConfigResolver) -> list[tuple[str, Path | None, str | None]]:
    """The files ``check`` would read for *paths*: the same selection, and partials left to the
    templates that include them."""
    from email_lint.discovery import FileSelector, SelectionOptions
    from email_lint.runner import without_partials

    targets = list(FileSelector(resolver, SelectionOptions()).iter_files(tuple(paths)))
    return without_partials(targets, tuple(paths), resolver)


def _engine(registry: Registry, campaign: Mapping[str, Any], column: str) -> Engine:
    context = dict(campaign)
    if column != ALL_COUNTRIES:
        context["countries"] = (column,)
    return Engine(registry.rules, RunOptions(context=context), phrases=registry.phrase_entries())


def _unreadable(display: str, error: str) -> dict[str, Any]:
    return {"path": display, "sha256": None, "format": None, "status": "error", "errors": [error],
            "languages": {"declared": [], "detected": None}, "partials": [], "matrix": [], "findings": [],
            "preview": None}


def _template(display: str, path: Path, config: Config, engines: dict[str, Engine], registry: Registry,
              with_preview: bool) -> dict[str, Any]:
    assemble = next(iter(engines.values())).assembler(display, path, config)  # as `check` reads it
    try:
        raw = path.read_bytes()
        document = read_file(display, path, config.max_file_size, assemble)
    except EmailLintError as exc:
        return _unreadable(display, str(exc))
    except OSError as exc:
        return _unreadable(display, f"{display}: cannot read: {exc.strerror or exc}")
    directives = parse_directives(document)
    findings_by_column: dict[str, list[Finding]] = {}
    contexts: dict[str, Context] = {}
    errors: list[str] = []
    for column, engine in engines.items():
        try:
            findings_by_column[column] = engine.check_document(document, config, path)
        except Exception as exc:  # a crashing rule is reported in the record, never hidden
            errors.append(f"{display}: {exc}")
            findings_by_column[column] = []
        contexts[column] = engine.context_for(config, directives, path)
    evidence = {column: element_evidence(document, contexts[column]) for column in engines}
    matrix = [
        {
            "element": element,
            "label": LABELS[element],
            "cells": [
                _cell(element, column, document, contexts[column], findings_by_column[column],
                      evidence[column], registry)
                for column in engines
            ],
        }
        for element in (*ELEMENTS, OTHER)
    ]
    findings = _merged_findings(findings_by_column, registry)
    failing = any(f["severity"] == "error" for f in findings) or errors
    return {
        "path": display,
        "sha256": hashlib.sha256(raw).hexdigest(),
        "format": document.format,
        "status": "error" if errors else ("fail" if failing else "pass"),
        "errors": errors,
        "languages": {"declared": sorted(set(document.declared_languages)), "detected": document.language},
        "partials": _partials(document),
        "matrix": matrix,
        "findings": findings,
        "preview": build_preview(document, evidence, findings) if with_preview else None,
    }


def _partials(document: Document) -> list[str]:
    """The files the email was assembled from besides the entry, relative to where the report runs."""
    files: list[str] = getattr(document.assembly, "files", None) or []
    return sorted({_display_path(Path(name)) for name in files[1:]})


def _cell(element: str, column: str, document: Document, context: Context, findings: Sequence[Finding],
          evidence: Mapping[str, Any], registry: Registry) -> dict[str, Any]:
    own = [f for f in findings if element_of(f.code) == element]
    applicable = [
        code for code, rule in registry.rules.items()
        if element_of(code) == element and rule.applies(document, context)
    ]
    found = evidence.get(element, {"evidence": [], "rejected": []})
    if any(f.severity == "error" for f in own):
        status = "missing"
    elif own:
        status = "warning"
    elif not applicable:
        status = "not-required"
    else:
        status = "present"
    return {
        "country": column,
        "status": status,
        "rules": sorted(applicable),
        "findings": [_finding_ref(f) for f in own],
        "evidence": list(found["evidence"]) if status != "not-required" else [],
        "rejected": list(found["rejected"]) if status in ("missing", "warning") else [],
    }


def _finding_ref(finding: Finding) -> dict[str, Any]:
    return {"code": finding.code, "line": finding.line, "severity": finding.severity, "id": finding_id(finding)}


def finding_id(finding: Finding | Mapping[str, Any]) -> str:
    """A stable anchor for a finding (same finding, same id, in every column and run)."""
    if isinstance(finding, Mapping):
        key = f"{finding['path']}:{finding['line']}:{finding['code']}:{finding['message']}"
    else:
        key = f"{finding.path}:{finding.line}:{finding.code}:{finding.message}"
    return "f-" + hashlib.sha256(key.encode("utf-8")).hexdigest()[:12]


def _merged_findings(by_column: Mapping[str, Sequence[Finding]], registry: Registry) -> list[dict[str, Any]]:
    """Each finding once, with the report columns (countries) it was raised under."""
    merged: dict[tuple[int, str, int, str], dict[str, Any]] = {}
    for column, findings in by_column.items():
        for finding in findings:
            key = (finding.line, finding.code, finding.column, finding.message)
            entry = merged.get(key)
            if entry is None:
                rule = registry.rules.get(finding.code)
                entry = merged[key] = {
                    "id": finding_id(finding),
                    "path": finding.path,
                    "line": finding.line,
                    "column": finding.column,
                    "code": finding.code,
                    "rule": finding.rule,
                    "element": element_of(finding.code),
                    "severity": finding.severity,
                    "message": finding.message,
                    "reference": rule.reference if rule is not None else "",
                    "url": finding.url,
                    "columns": [],
                    "countries": [],
                }
            entry["columns"].append(column)
            entry["countries"] = sorted({*entry["countries"], *finding.countries})
    return [merged[key] for key in sorted(merged)]


def _summary(templates: Sequence[Mapping[str, Any]]) -> dict[str, int]:
    statuses = [t["status"] for t in templates]
    return {"templates": len(templates), "pass": statuses.count("pass"), "fail": statuses.count("fail"),
            "error": statuses.count("error")}


def _campaign_facts(campaign: Mapping[str, Any], countries: Sequence[str]) -> dict[str, Any]:
    return {
        "countries": list(countries),
        "kind": campaign.get("kind", "commercial"),
        "audience": campaign.get("audience"),
        "consent": campaign.get("consent"),
        "first_contact": campaign.get("first_contact"),
    }


# -- provenance ------------------------------------------------------------------------------
def _provenance(registry: Registry, configs: Mapping[str, Config]) -> dict[str, Any]:
    packs = []
    for plugin in sorted(registry.plugins, key=lambda p: p.name):
        rules = [
            {"code": code, "name": rule.name, "severity": rule.severity, "reference": rule.reference}
            for code, rule in sorted(registry.rules.items())
            if registry.origin.get(code) == plugin.name
        ]
        packs.append({"name": plugin.name, "distribution": plugin.distribution, "version": plugin.version,
                      "rules": rules})
    return {
        "email_lint_version": __version__,
        "packs": packs,
        "configurations": [_configuration(config) for _, config in sorted(configs.items())],
    }


def _configuration(config: Config) -> dict[str, Any]:
    """Where the configuration in force comes from, its hash and its resolved values."""
    values = _jsonable({f.name: getattr(config, f.name) for f in fields(config) if f.name not in ("path", "root")})
    canonical = json.dumps(values, sort_keys=True, ensure_ascii=False).encode("utf-8")
    file_hash = None
    if config.path is not None:
        try:
            file_hash = hashlib.sha256(Path(config.path).read_bytes()).hexdigest()
        except OSError:
            file_hash = None
    return {
        "path": _display_path(config.path) if config.path else None,
        "file_sha256": file_hash,
        "resolved_sha256": hashlib.sha256(canonical).hexdigest(),
        "values": values,
    }


def _display_path(path: Path) -> str:
    try:
        return Path(path).resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return Path(path).as_posix()


def _jsonable(value: Any) -> Any:
    """Configuration values as JSON (dataclasses as objects, tuples as lists, paths as text)."""
    if is_dataclass(value) and not isinstance(value, type):
        return {f.name: _jsonable(getattr(value, f.name)) for f in fields(value) if f.name != "extra_phrases"}
    if isinstance(value, Mapping):
        return {str(k): _jsonable(v) for k, v in sorted(value.items(), key=lambda kv: str(kv[0]))}
    if isinstance(value, (list, tuple, set, frozenset)):
        items = [_jsonable(v) for v in value]
        return sorted(items, key=json.dumps) if isinstance(value, (set, frozenset)) else items
    if isinstance(value, Path):
        return value.as_posix()
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return str(value)
