"""One finding per problem: a country rule that restates a core rule (``Rule.same_as``) does not
report the problem a second time; the core finding names the country instead.

``GB203`` (PECR's opt-out address) on a dead unsubscribe link is ``EL002 ... (GB)``. The country
finding stays on its own only when there is no core finding to fold it into: the core rule is not
selected, or does not apply. Ignoring the core code (``ignore``, per-file ignores, ``--ignore``)
covers the restatements too, as suppressing or baselining it does.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import replace

from email_lint.findings import Finding
from email_lint.rules.base import Rule

#: Index of a core finding -> the (country, country rule code) pairs folded into it.
Credits = dict[int, list[tuple[str, str]]]


def fold_restated(
    findings: list[Finding], rules: Mapping[str, Rule], ignored: Callable[[str], bool]
) -> tuple[list[Finding], Credits]:
    """*findings* without the restating country findings, and what each core finding absorbed."""
    cores: dict[str, list[int]] = {}
    kept: list[Finding] = []
    pending: list[Finding] = []
    for finding in findings:
        rule = rules.get(finding.code)
        if rule is not None and rule.same_as and finding.country:
            pending.append(finding)
            continue
        cores.setdefault(finding.code, []).append(len(kept))
        kept.append(finding)
    credits: Credits = {}
    for finding in pending:
        core = rules[finding.code].same_as or ""
        targets = cores.get(core)
        if targets:
            target = next((i for i in targets if kept[i].line == finding.line), targets[0])
            credits.setdefault(target, []).append((finding.country or "", finding.code))
        elif not ignored(core):
            kept.append(finding)
    return kept, credits


def with_countries(finding: Finding, credited: list[tuple[str, str]]) -> Finding:
    """*finding* naming the countries of *credited* (sorted, once each)."""
    countries = sorted({country for country, _ in credited} | set(finding.countries))
    return replace(finding, countries=tuple(countries)) if countries else finding
