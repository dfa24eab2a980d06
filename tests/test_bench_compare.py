"""bench/compare.py: the corpus it builds and the statistics it prints (no npm, no timing)."""

from __future__ import annotations

import importlib.util
import math
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[1] / "bench"


@pytest.fixture(scope="module")
def compare():
    sys.path.insert(0, str(BENCH))
    try:
        spec = importlib.util.spec_from_file_location("bench_compare", BENCH / "compare.py")
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        yield module
    finally:
        sys.path.remove(str(BENCH))


def _fake_sources(tmp_path: Path) -> tuple[Path, Path]:
    real = tmp_path / "real" / "acme__shop"
    real.mkdir(parents=True)
    (real / "welcome.html").write_text("<html><body><p>Hi there, welcome aboard.</p></body></html>")
    (real / "receipt.mjml").write_text("<mjml><mj-body><mj-text>Thanks</mj-text></mj-body></mjml>")
    (tmp_path / "real" / "labels.tsv").write_text("file\tlabel\n")
    challenge = tmp_path / "challenge"
    (challenge / "en").mkdir(parents=True)
    (challenge / "en" / "promo.html").write_text("<p>Big sale on garden chairs this weekend.</p>")
    (challenge / "en" / "note.txt").write_text("A plain note about the garden club.\n")
    (challenge / "README.md").write_text("# not a template\n")
    (challenge / "bars.toml").write_text("x = 1\n")
    return tmp_path / "real", challenge


def test_build_corpus_counts_each_source_and_format(compare, tmp_path):
    real, challenge = _fake_sources(tmp_path)
    out = tmp_path / "out"
    manifest = compare.build_corpus(out, real, challenge, synthetic=30, seed=3)

    assert manifest["by_source"]["real"] == {"html": 1, "mjml": 1}
    assert manifest["by_source"]["challenge"] == {"html": 1, "text": 1}
    assert sum(manifest["by_source"]["synthetic"].values()) == 30
    assert manifest["files"] == 34 == sum(manifest["by_format"].values())
    html = sorted(Path(manifest["html_dir"]).iterdir())
    assert len(html) == manifest["html_files"] == manifest["by_format"]["html"]
    assert all(p.suffix == ".html" for p in html)
    mix_files = [p for p in Path(manifest["mix_dir"]).rglob("*") if p.is_file()]
    assert len(mix_files) == 34
    assert not any(p.suffix in (".md", ".tsv", ".toml") for p in mix_files)
    # The sources are read in place, never written to.
    assert sorted(p.name for p in real.rglob("*") if p.is_file()) == ["labels.tsv", "receipt.mjml", "welcome.html"]


def test_build_corpus_without_real_or_challenge(compare, tmp_path):
    manifest = compare.build_corpus(tmp_path / "out", tmp_path / "absent", None, synthetic=5, seed=1)
    assert list(manifest["by_source"]) == ["synthetic"]
    assert manifest["files"] == 5


def test_cold_file_picks_size_closest_to_target(compare, tmp_path):
    for name, size in (("a.html", 1000), ("b.html", 7000), ("c.html", 9000)):
        (tmp_path / name).write_bytes(b"x" * size)
    assert compare.cold_file(tmp_path).name == "b.html"
    assert compare.cold_file(tmp_path / "absent") is None


def test_summarize_and_ratio(compare):
    assert compare.summarize([3.0, 1.0, 2.0, 10.0]) == {"median": 2.5, "min": 1.0, "max": 10.0, "n": 4}
    result = compare.ratio([200.0, 300.0, 250.0], [100.0, 100.0, 125.0])
    assert result["ratio"] == pytest.approx(2.5)
    assert result["min"] == pytest.approx(2.0)
    assert result["max"] == pytest.approx(3.0)
    assert math.isnan(compare.ratio([1.0], [0.0])["min"])


def test_table_reports_skipped_htmlhint(compare):
    summary = {"median": 1.0, "min": 1.0, "max": 1.0, "n": 1}
    out = {
        "meta": {"date": "2026-01-01 00:00", "nproc": 2, "python": "3.11", "node": "absent",
                 "htmlhint": "absent", "htmlhint_note": "node/npm not found: htmlhint side skipped", "rounds": 1},
        "corpus": {"files": 2, "html_files": 1, "by_source": {"synthetic": {"html": 1, "text": 1}},
                   "by_format": {"html": 1, "text": 1}},
        "cold_file_bytes": 7000,
        "email_lint": {"html_files_per_s": summary, "cold_start_ms": summary, "html_peak_mib": 40.0,
                       "mix_files_per_s_jobs1": summary, "mix_files_per_s_jobs2": summary,
                       "mix_peak_mib_text": 40.0, "mix_peak_mib_json": 41.0},
        "ratios": {"jobs2_over_jobs1": {"ratio": 1.0, "min": 1.0, "max": 1.0}},
    }
    text = compare.table(out)
    assert "skipped" in text and "node/npm not found" in text
    assert "synthetic 1 html, 1 text" in text
