"""Render the rule list and one rule's documentation (``email-lint rules`` / ``rule CODE``)."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from email_lint.context import check_countries, parse_countries
from email_lint.rules.base import Rule

if TYPE_CHECKING:
    from email_lint.plugins import Registry

DISCLAIMER = "email-lint gives technical checks, not legal advice."


def _applies(rule: Rule, countries: tuple[str, ...], audience: str | None) -> bool:
    if countries and rule.countries is not None and not rule.countries.intersection(countries):
        return False
    return audience is None or rule.audiences is None or audience in rule.audiences


def rule_dict(rule: Rule, pack: str) -> dict[str, Any]:
    return {
        "code": rule.code,
        "name": rule.name,
        "summary": rule.summary,
        "pack": pack,
        "severity": rule.severity,
        "country": rule.country.upper() if rule.country else None,
        "kinds": sorted(rule.kinds) if rule.kinds else None,
        "audiences": sorted(rule.audiences) if rule.audiences else None,
        "reference": rule.reference,
        "url": rule.url,
        "same_as": rule.same_as,
    }


def format_rule_list(registry: Registry, countries: tuple[str, ...], audience: str | None, output_format: str) -> str:
    wanted = parse_countries(",".join(countries)) if countries else ()
    check_countries(wanted, registry.countries(), "--country")
    rules = [r for r in registry.rules.values() if _applies(r, wanted, audience)]
    if output_format == "json":
        return json.dumps([rule_dict(r, registry.origin[r.code]) for r in rules], indent=2, ensure_ascii=False) + "\n"
    width = max((len(r.name) for r in rules), default=10)
    lines = []
    for r in rules:
        country = r.country.upper() if r.country else "--"
        lines.append(f"{r.code:<6} {r.name:<{width}}  {country:<2}  {registry.origin[r.code]:<6}  {r.summary}")
        if r.reference:
            lines.append(f"{'':<6} ref: {r.reference}")
    return "\n".join(lines) + "\n"


def format_rule_doc(rule: Rule, pack: str) -> str:
    scope = []
    if rule.kinds:
        scope.append("kinds: " + ", ".join(sorted(rule.kinds)))
    if rule.countries:
        scope.append("countries: " + ", ".join(c.upper() for c in sorted(rule.countries)))
    if rule.audiences:
        scope.append("audiences: " + ", ".join(sorted(rule.audiences)))
    header = [
        f"# {rule.name} ({rule.code})",
        "",
        f"Pack: {pack}. Default severity: {rule.severity}." + (f" Applies to {'; '.join(scope)}." if scope else ""),
    ]
    if rule.reference:
        header.append(f"Legal reference: {rule.reference}")
    if rule.same_as and rule.country:
        cc = rule.country.upper()
        header += ["", f"Same requirement as {rule.same_as}: one finding per problem, reported as {rule.same_as} "
                       f"naming {cc} (text `... ({cc})`, JSON `countries`). Suppressing, ignoring or baselining "
                       f"{rule.same_as} covers it; {rule.code} reports on its own only when {rule.same_as} is not "
                       "selected."]
    body = rule.docs.strip()
    if DISCLAIMER not in body:
        body += "\n\n" + DISCLAIMER
    return "\n".join(header) + "\n\n" + body + "\n"
