"""Helpers for testing rules and rule packs (public API, used by third-party packs too).

Rule cases are YAML files::

    rule: EL002                 # the code under test (only this rule is selected)
    cases:
      - name: fr-html-link      # unique within the file
        file: footer.html       # the name gives the format (.html .mjml .txt .eml, wrappers)
        context: {kind: commercial, countries: fr}   # optional campaign fields
        config: {sender: {name: Acme}}               # optional [tool.email-lint] table
        select: [EL002, EL100]  # optional: rules to run (default: the case's rule)
        source: |
          <p><a href="{{unsubscribe_url}}">Se désabonner</a></p>
        expect: []              # or [{code: EL002, line: 1}]

A pack tests itself in three lines::

    from email_lint.testing import load_rule_cases, assert_rule_case
    @pytest.mark.parametrize("case", load_rule_cases("tests/cases"), ids=str)
    def test_case(case): assert_rule_case(case)

Requires PyYAML (``pip install email-lint[test]``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from email_lint.config import build_config
from email_lint.context import validate_fields
from email_lint.engine import Engine, RunOptions
from email_lint.findings import Finding
from email_lint.readers import read_bytes

if TYPE_CHECKING:
    from email_lint.plugins import Registry


@dataclass(frozen=True)
class RuleCase:
    """One template with the exact findings (code, line) it must produce."""

    rule: str
    name: str
    source: str
    file: str = "template.html"
    expect: tuple[tuple[str, int], ...] = ()
    context: Mapping[str, Any] = field(default_factory=dict)
    config: Mapping[str, Any] = field(default_factory=dict)
    select: tuple[str, ...] = ()
    origin: str = ""

    @property
    def selected(self) -> tuple[str, ...]:
        return self.select or (self.rule,)

    def __str__(self) -> str:
        return f"{self.rule}:{self.name}"


def load_rule_cases(path: str | Path) -> list[RuleCase]:
    """Every case in a YAML file, or in every ``*.yaml``/``*.yml`` file under a directory."""
    import yaml

    root = Path(path)
    files = sorted([*root.rglob("*.yaml"), *root.rglob("*.yml")]) if root.is_dir() else [root]
    cases: list[RuleCase] = []
    for file in files:
        data = yaml.safe_load(file.read_text(encoding="utf-8")) or {}
        code = str(data["rule"]).upper()
        names: set[str] = set()
        for item in data.get("cases", []):
            name = str(item["name"])
            if name in names:
                raise ValueError(f"{file}: duplicate case name {name!r}")
            names.add(name)
            expect = tuple((str(v["code"]).upper(), int(v["line"])) for v in item.get("expect") or [])
            cases.append(
                RuleCase(
                    rule=code,
                    name=name,
                    source=item["source"],
                    file=item.get("file", "template.html"),
                    expect=expect,
                    context=item.get("context") or {},
                    config=item.get("config") or {},
                    select=tuple(str(c).upper() for c in item.get("select") or ()),
                    origin=str(file),
                )
            )
    return cases


def _registry(plugins: Iterable[tuple[str, object]] = ()) -> Registry:
    plugins = tuple(plugins)
    return _installed_registry() if not plugins else _load_registry(plugins)


@lru_cache(maxsize=1)
def _installed_registry() -> Registry:
    return _load_registry(())


def _load_registry(plugins: tuple[tuple[str, object], ...]) -> Registry:
    from email_lint.plugins import load_plugins

    return load_plugins(extra=plugins)


def check_snippet(
    source: str | bytes,
    filename: str = "template.html",
    *,
    select: Iterable[str] = (),
    context: Mapping[str, Any] | None = None,
    config: Mapping[str, Any] | None = None,
    plugins: Iterable[tuple[str, object]] = (),
) -> list[Finding]:
    """Run the selected rules (all when empty) on *source* as if it were *filename*."""
    registry = _registry(plugins)
    options = RunOptions(select=tuple(select), context=validate_fields(dict(context or {}), "test context"))
    settings = build_config(dict(config or {}), None, set(registry.rules))
    data = source.encode("utf-8") if isinstance(source, str) else source
    document = read_bytes(filename, data)
    engine = Engine(registry.rules, options, phrases=registry.phrase_entries())
    return engine.check_document(document, settings)


def run_rule_case(case: RuleCase, plugins: Iterable[tuple[str, object]] = ()) -> list[tuple[str, int]]:
    """The (code, line) pairs *case* produces with only its rule selected."""
    findings = check_snippet(
        case.source, case.file, select=case.selected, context=case.context, config=case.config, plugins=plugins
    )
    return sorted((f.code, f.line) for f in findings)


def assert_rule_case(case: RuleCase, plugins: Iterable[tuple[str, object]] = ()) -> None:
    """Fail with a readable diff when *case* does not produce exactly what it expects."""
    got = run_rule_case(case, plugins)
    want = sorted(case.expect)
    if got != want:
        findings = check_snippet(case.source, case.file, select=case.selected, context=case.context,
                                 config=case.config, plugins=plugins)
        details = "\n".join(f"  {f.code} line {f.line}: {f.message}" for f in findings) or "  (none)"
        raise AssertionError(f"{case} ({case.origin}): expected {want}, got {got}\n{details}")
