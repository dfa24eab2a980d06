"""The shared scorer over the labelled real-world corpus: accuracy >= 0.97 on every element."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
SCORER = SHARED / "tools" / "score_corpus.py"
CORPUS = SHARED / "corpus" / "real"
MIN_ACCURACY = "0.97"


@pytest.mark.skipif(not (SCORER.is_file() and (CORPUS / "labels.tsv").is_file()),
                    reason="../shared (scorer and labelled corpus) is not available")
def test_corpus_accuracy_reaches_the_bar():
    command = f"{sys.executable} -m email_lint check"
    result = subprocess.run(
        [sys.executable, str(SCORER), str(CORPUS), "--min-accuracy", MIN_ACCURACY, "--cmd", command,
         "--show-errors"],
        cwd=REPO, capture_output=True, text=True, timeout=600,
    )
    report = f"scorer exit {result.returncode}\n{result.stdout}\n{result.stderr}"
    print(report)
    assert result.returncode == 0, report
    assert "worst accuracy" in result.stdout, report
