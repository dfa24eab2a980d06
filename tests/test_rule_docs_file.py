"""docs/rules.md is generated from the rules: it must match what the code says."""

from __future__ import annotations

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _generator():
    spec = importlib.util.spec_from_file_location("gen_rule_docs", ROOT / "scripts" / "gen_rule_docs.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_docs_rules_md_is_up_to_date():
    expected = _generator().render()
    actual = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    assert actual == expected, "docs/rules.md is stale: run python scripts/gen_rule_docs.py"


def test_every_rule_url_points_at_its_section():
    from email_lint.plugins import load_plugins

    text = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    for code, rule in load_plugins().rules.items():
        anchor = rule.url.rsplit("#", 1)[1]
        assert f'<a id="{anchor}"></a>' in text, code
