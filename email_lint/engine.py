"""Run the applicable rules on a document and turn their violations into findings.

The road for one file: read -> directives -> context -> rules -> stamp -> suppress -> sort.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from email_lint.config import Config
from email_lint.context import Context
from email_lint.directives import Directives, parse_directives
from email_lint.document import Document
from email_lint.errors import ReadError
from email_lint.findings import FileResult, Finding
from email_lint.readers import read_bytes
from email_lint.rules.base import Rule, Violation
from email_lint.selection import Selection

UNUSED_SUPPRESSION = "EL100"
INVALID_DIRECTIVE = "EL101"


@dataclass
class RunOptions:
    """What the command line adds on top of configuration."""

    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    context: dict = field(default_factory=dict)
    format: str | None = None


class Engine:
    """Checks documents with a fixed set of rules."""

    def __init__(self, rules: dict[str, Rule], options: RunOptions | None = None):
        self.rules = rules
        self.options = options or RunOptions()

    # -- one document ----------------------------------------------------------------------
    def check_document(self, document: Document, config: Config, path: Path | None = None) -> list[Finding]:
        """Findings for *document* under *config* (and the run's command-line options)."""
        directives = parse_directives(document)
        context = self.context_for(config, directives, path)
        selection = Selection(config.select + config.extend_select, config.ignore)
        selection = selection.narrowed(self.options.select, self.options.ignore)
        file_ignores = config.ignores_for(path) if path is not None else ()
        severities = dict(config.severity)

        def enabled(code: str) -> bool:
            return selection.enabled(code) and not any(code.startswith(p) for p in file_ignores)

        findings: list[Finding] = []
        for code, rule in self.rules.items():
            if code in (UNUSED_SUPPRESSION, INVALID_DIRECTIVE) or not enabled(code):
                continue
            if not rule.applies(document, context):
                continue
            try:
                violations = list(rule.check(document, context) or ())
            except Exception as exc:
                raise RuleCrash(rule, document.path, exc) from exc
            findings.extend(self._stamp(document.path, rule, v, severities) for v in violations)
        findings = self._suppress(document.path, findings, directives, enabled, severities)
        return sorted(findings, key=lambda f: f.sort_key)

    def context_for(self, config: Config, directives: Directives, path: Path | None) -> Context:
        context = config.context_for(path) if path is not None else config.context
        return context.merged(directives.context).merged(self.options.context)

    def _stamp(self, path: str, rule: Rule, violation: Violation, severities: dict[str, str]) -> Finding:
        severity = violation.severity or severities.get(rule.code) or rule.severity
        return Finding(
            path=path,
            line=max(violation.line, 1),
            column=max(violation.column, 1),
            code=rule.code,
            rule=rule.name,
            message=violation.message,
            severity=severity,
            end_line=violation.end_line,
            url=rule.url,
            country=rule.country.upper() if rule.country else None,
        )

    def _suppress(self, path, findings, directives: Directives, enabled, severities) -> list[Finding]:
        kept: list[Finding] = []
        for finding in findings:
            covering = None
            for suppression in directives.suppressions:
                prefix = suppression.covers(finding.code, finding.line)
                if prefix:
                    suppression.used.add(prefix)
                    covering = suppression
            if covering is None:
                kept.append(finding)
        meta: list[tuple[str, Violation]] = []
        for suppression in directives.suppressions:
            unused = [c for c in suppression.codes if c not in suppression.used]
            # A suppression of a rule that is not enabled here silences nothing, by design.
            unused = [c for c in unused if any(code.startswith(c) and enabled(code) for code in self.rules)]
            if unused:
                meta.append((UNUSED_SUPPRESSION, Violation(
                    f"unused suppression of {', '.join(unused)}: nothing to silence here; remove it",
                    suppression.line)))
        for line, message in directives.problems:
            meta.append((INVALID_DIRECTIVE, Violation(f"invalid email-lint directive: {message}", line)))
        for code, violation in meta:
            rule = self.rules.get(code)
            if rule is not None and enabled(code):
                kept.append(self._stamp(path, rule, violation, severities))
        return kept

    # -- one file --------------------------------------------------------------------------
    def check_bytes(self, display: str, data: bytes, config: Config, path: Path | None = None) -> FileResult:
        result = FileResult(display)
        try:
            document = read_bytes(display, data)
            result.findings = self.check_document(document, config, path)
        except ReadError as exc:
            result.errors.append(str(exc))
        except RuleCrash as exc:
            result.errors.append(str(exc))
        return result

    def check_file(self, display: str, path: Path, config: Config) -> FileResult:
        try:
            size = path.stat().st_size
            if not path.is_file():
                return FileResult(display, errors=[f"{display}: not a regular file"])
            if size > config.max_file_size:
                return FileResult(
                    display,
                    errors=[f"{display}: skipped, {size} bytes is over max-file-size ({config.max_file_size})"],
                    skipped=True,
                )
            data = path.read_bytes()
        except OSError as exc:
            return FileResult(display, errors=[f"{display}: cannot read: {exc.strerror or exc}"])
        return self.check_bytes(display, data, config, path)


class RuleCrash(Exception):
    """A rule raised: reported with the rule and the file, never turned into a pass."""

    def __init__(self, rule: Rule, path: str, exc: Exception):
        super().__init__(f"{path}: rule {rule.code} ({rule.name}) crashed: {type(exc).__name__}: {exc}")
        self.rule = rule
