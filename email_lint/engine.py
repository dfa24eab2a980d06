"""Run the applicable rules on a document and turn their violations into findings.

The road for one file: read -> directives -> context -> rules -> stamp -> suppress -> sort.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from email_lint.config import Config
from email_lint.context import Context, check_countries, known_countries
from email_lint.directives import Directives, parse_directives
from email_lint.document import Document
from email_lint.errors import ConfigError, EmailLintError, FileTooLarge, ReadError
from email_lint.findings import FileResult, Finding
from email_lint.readers import Assembler, has_include_syntax, read_bytes, read_file
from email_lint.restated import Credits, fold_restated, with_countries
from email_lint.rules.base import Rule, Violation
from email_lint.selection import Selection
from email_lint.timebudget import TimeBudgetExceeded, time_limit

if TYPE_CHECKING:
    from email_lint.assembly.source_map import SourceMap

UNUSED_SUPPRESSION = "EL100"
INVALID_DIRECTIVE = "EL101"


@dataclass
class RunOptions:
    """What the command line adds on top of configuration."""

    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    context: dict[str, Any] = field(default_factory=dict)
    format: str | None = None
    #: ``--max-file-size``: overrides the configured ``max-file-size`` (bytes).
    max_file_size: int | None = None
    #: Resolve includes, layouts and partials (``--no-assemble`` turns it off).
    assemble: bool = True
    #: ``--timeout``: seconds one file may take (read and checked) before it is reported and
    #: skipped; None: no limit (see :mod:`email_lint.timebudget`).
    timeout: float | None = None


class Engine:
    """Checks documents with a fixed set of rules."""

    def __init__(
        self,
        rules: dict[str, Rule],
        options: RunOptions | None = None,
        phrases: tuple[tuple[str, str, tuple[str, ...]], ...] = (),
    ):
        self.rules = rules
        self.options = options or RunOptions()
        #: Phrases plugins contribute (``Registry.phrase_entries()``), laid under configured ones.
        self.phrases = phrases
        self.countries = known_countries(rules.values())
        #: Codes on per (selection, per-file ignores): the same for most files of a run.
        self._enabled_cache: dict[tuple[Selection, tuple[str, ...]], frozenset[str]] = {}
        #: Configured context (by id, kept alive here) -> the same with the plugins' phrases.
        self._phrase_contexts: dict[int, tuple[Context, Context]] = {}
        #: (context id, codes on, format, has headers) -> (that context, the rules to run).
        self._runnable_cache: dict[tuple[int, frozenset[str], str, bool], tuple[Context, list[tuple[str, Rule]]]] = {}

    # -- one document ----------------------------------------------------------------------
    def check_document(self, document: Document, config: Config, path: Path | None = None) -> list[Finding]:
        """Findings for *document* under *config* (and the run's command-line options)."""
        directives = parse_directives(document)
        try:
            check_countries(directives.context.get("countries", ()), self.countries, "directive")
        except ConfigError as exc:  # this file cannot be checked as its author meant
            raise ReadError(document.path, str(exc)) from None
        context = self.context_for(config, directives, path)
        severities = dict(config.severity)
        on = self.enabled_codes(config, path)

        def enabled(code: str) -> bool:
            return code in on

        findings: list[Finding] = []
        for _code, rule in self._runnable(document, context, on):
            if type(rule).applies is not Rule.applies and not rule.applies(document, context):
                continue
            try:
                violations = list(rule.check(document, context) or ())
            except Exception as exc:
                raise RuleCrash(rule, document.path, exc) from exc
            findings.extend(self._stamp(document.path, rule, v, severities, document) for v in violations)
        findings, credits = fold_restated(findings, self.rules, self._ignoring(config, path))
        findings = self._suppress(document.path, findings, directives, enabled, severities, credits)
        if document.assembly is not None:  # assembled lines back to each file's own lines
            findings = document.assembly.relocate(findings)
        return sorted(findings, key=lambda f: f.sort_key)

    def enabled_codes(self, config: Config, path: Path | None) -> frozenset[str]:
        """The rule codes on for *path*: configured selection (and overrides), then the command line."""
        select = config.select_for(path) if path is not None else config.select
        selection = Selection(select + config.extend_select, config.ignore)
        selection = selection.narrowed(self.options.select, self.options.ignore)
        file_ignores = config.ignores_for(path) if path is not None else ()
        return self._enabled_codes(selection, file_ignores)

    def _enabled_codes(self, selection: Selection, file_ignores: tuple[str, ...]) -> frozenset[str]:
        """The rule codes on under *selection* minus *file_ignores* (memoised: same for most files)."""
        key = (selection, file_ignores)
        cache = self._enabled_cache
        if key not in cache:
            cache[key] = frozenset(
                code for code in self.rules
                if selection.enabled(code) and not any(code.startswith(p) for p in file_ignores)
            )
        return cache[key]

    def context_for(self, config: Config, directives: Directives, path: Path | None) -> Context:
        """Configuration < file directive < command line; every country must have a pack."""
        context = config.context_for(path) if path is not None else config.context
        check_countries(context.countries, self.countries, str(config.path or "configuration"))
        if self.phrases:
            context = self._with_plugin_phrases(context)
        return context.merged(directives.context).merged(self.options.context)

    def _runnable(self, document: Document, context: Context, on: frozenset[str]) -> list[tuple[str, Rule]]:
        """The enabled rules that apply to documents of *document*'s format under *context*:
        the same for most files of a run, so worked out once per context, codes and format.
        (A rule class with its own ``applies`` is kept here and asked for each document.)"""
        key = (id(context), on, document.format, bool(document.headers))
        cached = self._runnable_cache.get(key)
        if cached is None or cached[0] is not context:
            if len(self._runnable_cache) >= 256:  # files with their own directives: keep it bounded
                self._runnable_cache.clear()
            rules = [(code, rule) for code, rule in self.rules.items()
                     if code not in (UNUSED_SUPPRESSION, INVALID_DIRECTIVE) and code in on
                     and (type(rule).applies is not Rule.applies or rule.applies(document, context))]
            cached = self._runnable_cache[key] = (context, rules)
        return cached[1]

    def _with_plugin_phrases(self, context: Context) -> Context:
        """*context* with the plugins' phrases, one object per configured context: its phrase
        matcher is then looked up once, not hashed from every phrase again for each file."""
        cached = self._phrase_contexts.get(id(context))
        if cached is None or cached[0] is not context:
            cached = self._phrase_contexts[id(context)] = (
                context, replace(context, extra_phrases=self.phrases + context.extra_phrases))
        return cached[1]

    def _stamp(self, path: str, rule: Rule, violation: Violation, severities: dict[str, str],
               document: Document | None = None) -> Finding:
        severity = violation.severity or severities.get(rule.code) or rule.severity
        line = violation.line
        if violation.anchor == "footer" and document is not None and document.assembly is not None:
            line = document.assembly.footer_line or line  # the shared footer lacks it, not the entry
        return Finding(
            path=path,
            line=max(line, 1),
            column=max(violation.column, 1),
            code=rule.code,
            rule=rule.name,
            message=violation.message,
            severity=severity,
            end_line=violation.end_line,
            url=rule.url,
            country=rule.country.upper() if rule.country else None,
        )

    def _ignoring(self, config: Config, path: Path | None) -> Callable[[str], bool]:
        """Whether a code is turned off on purpose (an ignore prefix matches it) for *path*."""
        prefixes = (*config.ignore, *self.options.ignore, *(config.ignores_for(path) if path is not None else ()))

        def ignored(code: str) -> bool:
            return any(code.startswith(prefix) for prefix in prefixes)

        return ignored

    def _suppress(self, path: str, findings: list[Finding], directives: Directives, enabled: Callable[[str], bool],
                  severities: dict[str, str], credits: Credits | None = None) -> list[Finding]:
        kept: list[Finding] = []
        for index, finding in enumerate(findings):
            covering = None
            for suppression in directives.suppressions:
                prefix = suppression.covers(finding.code, finding.line)
                if prefix:
                    suppression.used.add(prefix)
                    covering = suppression
            if covering is None:
                credited = (credits or {}).get(index, [])
                # A suppression of the country rule (GB203) takes its country off the core finding.
                credited = [(country, code) for country, code in credited
                            if not self._suppressed(code, finding.line, directives)]
                kept.append(with_countries(finding, credited))
        meta: list[tuple[str, Violation]] = []
        for suppression in directives.suppressions:
            unknown = [c for c in suppression.codes if not any(code.startswith(c) for code in self.rules)]
            if unknown:
                meta.append((INVALID_DIRECTIVE, Violation(
                    f"invalid email-lint directive: unknown rule code{'s' * (len(unknown) > 1)} "
                    f"{', '.join(unknown)} (`email-lint rules` lists them)", suppression.line)))
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

    @staticmethod
    def _suppressed(code: str, line: int, directives: Directives) -> bool:
        covered = False
        for suppression in directives.suppressions:
            prefix = suppression.covers(code, line)
            if prefix:
                suppression.used.add(prefix)
                covered = True
        return covered

    # -- one file --------------------------------------------------------------------------
    def max_file_size(self, config: Config) -> int:
        return self.options.max_file_size or config.max_file_size

    def check_bytes(self, display: str, data: bytes, config: Config, path: Path | None = None) -> FileResult:
        assemble = self.assembler(display, path, config) if path is not None else None
        return self._check(display, lambda: read_bytes(display, data, max_bytes=self.max_file_size(config),
                                                       assemble=assemble), config, path)

    def check_file(self, display: str, path: Path, config: Config) -> FileResult:
        """Check the file at *path*: a file that cannot be read gives an error line, never a crash."""
        assemble = self.assembler(display, path, config)
        return self._check(display, lambda: read_file(display, path, self.max_file_size(config), assemble),
                           config, path)

    def assembler(self, display: str, path: Path, config: Config) -> Assembler | None:
        """The reader's hook that assembles a template with include syntax (None: off)."""
        if not self.options.assemble:
            return None

        def assemble(text: str) -> tuple[str, SourceMap] | None:
            if not has_include_syntax(text) and not _rails_view(path):
                return None
            from email_lint.assembly import assemble as assemble_template

            source_map = assemble_template(path, display, text, config.search_paths())
            if len(source_map.files) == 1 and not source_map.warnings:
                return None
            return source_map.text, source_map

        return assemble

    def _check(self, display: str, read: Callable[[], Document], config: Config, path: Path | None) -> FileResult:
        try:
            with time_limit(self.options.timeout):
                return self._check_within_budget(display, read, config, path)
        except TimeBudgetExceeded as exc:
            return FileResult(display, errors=[f"{display}: {exc}; skipped"], skipped=True)

    def _check_within_budget(self, display: str, read: Callable[[], Document], config: Config,
                             path: Path | None) -> FileResult:
        result = FileResult(display)
        try:
            document = read()
            result.warnings = [f"{display}: {warning}" for warning in document.warnings]
            if document.assembly is not None:
                result.warnings.extend(document.assembly.warnings)
            result.findings = self.check_document(document, config, path)
        except FileTooLarge as exc:
            result.errors.append(str(exc))
            result.skipped = True
        except (ReadError, RuleCrash) as exc:
            result.errors.append(str(exc))
        except OSError as exc:
            result.errors.append(f"{display}: cannot read: {exc.strerror or exc}")
        except EmailLintError:  # a configuration or plugin error ends the run (one line, exit 2)
            raise
        except Exception as exc:  # a reader bug must not stop the run, nor print a traceback
            result.errors.append(f"{display}: internal error, please report it: {type(exc).__name__}: {exc}")
        return result


def _rails_view(path: Path) -> bool:
    """A Rails mailer view (``app/views/<mailer>/x.html.erb``): its layout wraps it implicitly."""
    return path.name.endswith(".erb") and "views" in path.parts[:-1]


class RuleCrash(Exception):
    """A rule raised: reported with the rule and the file, never turned into a pass."""

    def __init__(self, rule: Rule, path: str, exc: Exception):
        super().__init__(f"{path}: rule {rule.code} ({rule.name}) crashed: {type(exc).__name__}: {exc}")
        self.rule = rule
