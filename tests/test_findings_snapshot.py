"""What email-lint finds on the challenge set and the shared corpus stays exactly as recorded.

Speed work must not change a verdict: the findings (JSON, paths relative to each set) are
compared byte for byte with ``tests/golden/findings/``. A change that improves accuracy
updates the record on purpose: ``EMAIL_LINT_UPDATE_GOLDEN=1 pytest tests/test_findings_snapshot.py``
(say in the commit which verdicts changed: ``bench/findings_snapshot.py --against``).
"""

from __future__ import annotations

import importlib.util
import json
import os
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
GOLDEN = REPO / "tests" / "golden" / "findings"
_spec = importlib.util.spec_from_file_location("findings_snapshot", REPO / "bench" / "findings_snapshot.py")
assert _spec is not None and _spec.loader is not None
snapshot = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(snapshot)


def _compare(name: str, folder: Path) -> None:
    found = snapshot.findings(sys.executable, folder, snapshot.labelled_files(folder))
    text = json.dumps(found, indent=1, sort_keys=True, ensure_ascii=False) + "\n"
    golden = GOLDEN / f"{name}.json"
    if os.environ.get("EMAIL_LINT_UPDATE_GOLDEN"):
        golden.write_text(text, encoding="utf-8")
    assert text == golden.read_text(encoding="utf-8"), (
        f"findings on the {name} set changed; if intended, regenerate with EMAIL_LINT_UPDATE_GOLDEN=1")


def test_challenge_findings_unchanged():
    _compare("challenge", snapshot.CHALLENGE)


@pytest.mark.skipif(not (snapshot.default_corpus() / "labels.tsv").is_file(),
                    reason="../shared/corpus/real is not available")
def test_corpus_findings_unchanged():
    _compare("corpus", snapshot.default_corpus())
