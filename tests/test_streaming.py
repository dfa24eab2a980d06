"""Memory flat in the number of files: bounded caches, results streamed in order."""

from __future__ import annotations

import json
import random
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from test_assembly import ENGINES
from test_parallel import assert_identical, generate

from email_lint.assembly.cache import FileCache
from email_lint.findings import FileResult, Finding
from email_lint.formatters import stream as stream_module
from email_lint.formatters.gitlab import format_gitlab
from email_lint.formatters.json_format import finding_dict, format_json
from email_lint.formatters.json_lines import format_json_lines
from email_lint.formatters.junit import _testcase, format_junit
from email_lint.formatters.stream import SortedFindings, json_array
from email_lint.output import ReportWriter


def test_the_template_cache_forgets_the_least_recently_used_past_its_budget(tmp_path: Path):
    cache = FileCache(max_chars=1000)
    footer = tmp_path / "footer.html"
    footer.write_text("<p>footer</p>", encoding="utf-8")
    files = []
    for n in range(20):
        path = tmp_path / f"t{n}.html"
        path.write_text("x" * 200, encoding="utf-8")
        files.append(path)
    for path in files:
        assert cache.get(footer, "footer.html") is not None  # used by every template: stays
        assert cache.get(path, path.name) is not None
    assert cache.reads[footer] == 1
    assert len(cache._files) <= 5
    assert cache.get(files[0], files[0].name) is not None and cache.reads[files[0]] == 2  # read again
    big = tmp_path / "big.html"
    big.write_text("y" * 2000, encoding="utf-8")
    assert cache.get(big, "big.html") is not None and big not in cache._files  # over the budget: not kept


# -- the pieces of a streamed report ------------------------------------------------------------
ROOT = Path(__file__).resolve().parents[1]


def _value(rng: random.Random, depth: int = 0):
    kinds = ["str", "int", "none", "bool"] + (["list", "dict"] if depth < 3 else [])
    kind = rng.choice(kinds)
    if kind == "str":
        return "".join(rng.choice('ab "\\\n\té€\x00\u2028/') for _ in range(rng.randrange(6)))
    if kind == "int":
        return rng.randrange(-5, 500)
    if kind == "none":
        return None
    if kind == "bool":
        return rng.random() < 0.5
    if kind == "list":
        return [_value(rng, depth + 1) for _ in range(rng.randrange(3))]
    return {f"k{n}é": _value(rng, depth + 1) for n in range(rng.randrange(3))}


@pytest.mark.parametrize("seed", range(40))
def test_json_array_in_pieces_is_json_dumps(seed):
    rng = random.Random(seed)
    items = [_value(rng) for _ in range(rng.randrange(4))]
    assert "".join(json_array(items)) == json.dumps(items, indent=2, ensure_ascii=False)
    nested = {"a": 1, "runs": [{"tool": "x", "results": items}]}  # three levels deep, as in SARIF
    whole = json.dumps(nested, indent=2, ensure_ascii=False)
    head, tail = json.dumps({"a": 1, "runs": [{"tool": "x", "results": "@"}]}, indent=2).rsplit('"@"', 1)
    assert head + "".join(json_array(items, level=3)) + tail == whole


def _findings(rng: random.Random, count: int) -> list[Finding]:
    return [Finding(path=rng.choice(["b.html", "a.html", "a/x.html", "c d.html"]), line=rng.randrange(1, 4),
                    column=1, code=rng.choice(["EL001", "EL002", "FR101"]), rule="r",
                    message=rng.choice(["m", "n"]), severity=rng.choice(["error", "warning", "info"]),
                    end_line=rng.choice([None, 3]), via=rng.choice([None, "e.html"]))
            for _ in range(count)]


@pytest.mark.parametrize("limit", [1, 3, 7, 1000])
def test_sorted_findings_spilled_to_disk_come_back_sorted_and_stable(limit):
    findings = _findings(random.Random(limit), 60)
    kept = SortedFindings(limit)
    for start in range(0, 60, 5):
        kept.extend(findings[start:start + 5])
    assert list(kept) == sorted(findings, key=lambda f: f.sort_key)


def _results(seed: int) -> list[FileResult]:
    rng = random.Random(seed)
    results = []
    for n in range(rng.randrange(0, 8)):
        path = rng.choice(["t/a.html", "t/b.html", "t/ü <&>.html", "t/\x01odd.html", "b.html"]) + str(n)
        found = [Finding(**{**finding_dict(f), "path": path}) if not f.via else f
                 for f in _findings(rng, rng.randrange(0, 4))]
        reason = rng.choice(["gone", "odd <x> & \x02"])
        errors = [f"{path}: cannot read: {reason}"] if rng.random() < 0.2 else []
        results.append(FileResult(path, sorted(found, key=lambda f: f.sort_key), errors))
    return results


def _old_junit(results: list[FileResult]) -> str:
    """The junit formatter before streaming: the whole tree, indented at once."""
    cases = [_testcase(r) for r in results]
    failures = sum(1 for _, failed, _ in cases if failed)
    errors = sum(1 for _, _, errored in cases if errored)
    attributes = {"name": "email-lint", "tests": str(len(cases)), "failures": str(failures), "errors": str(errors)}
    root = ET.Element("testsuites", attributes)
    suite = ET.SubElement(root, "testsuite", attributes)
    for case, _, _ in cases:
        suite.append(case)
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


@pytest.mark.parametrize("seed", range(25))
def test_streamed_formats_are_the_whole_list_formats(seed, monkeypatch):
    results = _results(seed)
    ordered = sorted((f for r in results for f in r.findings), key=lambda f: f.sort_key)
    expected_json = json.dumps([finding_dict(f) for f in ordered], indent=2, ensure_ascii=False) + "\n"
    assert format_json(results) == expected_json
    assert format_json_lines(results) == "".join(json.dumps(finding_dict(f), ensure_ascii=False) + "\n"
                                                 for f in ordered)
    assert format_junit(results) == _old_junit(results)
    gitlab = format_gitlab(results)
    monkeypatch.setattr(stream_module, "SPILL_AT", 2)  # the same through sorted runs on disk
    assert format_json(results) == expected_json
    assert format_gitlab(results) == gitlab
    monkeypatch.setattr("email_lint.formatters.junit.SPOOL_BYTES", 10)
    assert format_junit(results) == _old_junit(results)


def test_report_writer_creates_an_empty_report_file_and_writes_pieces_in_order(tmp_path):
    target = tmp_path / "report.txt"
    writer = ReportWriter(target)
    writer.close()
    assert target.read_bytes() == b""
    cleared = []
    writer = ReportWriter(target, before_write=lambda: cleared.append(1))
    writer.BUFFER = 4
    for piece in ["ab", "cdé", "", "fg\n"]:
        writer.write(piece)
        writer.pause()
    writer.close()
    assert target.read_bytes() == "abcdéfg\n".encode() and cleared


# -- --jobs 2 streams the same bytes as --jobs 1, in every format ---------------------------------
FORMATS = [("--format", "json"), ("--format", "json-lines"), ("--format", "github"), ("--format", "gitlab"),
           ("--statistics",), ("--statistics", "--format", "json"), ("--show-source",), ("-q",),
           ("--format", "text", "--color", "always")]


@pytest.fixture(scope="module")
def mixed_tree(tmp_path_factory) -> Path:
    """A hundred templates (one binary, a sub-folder configuration) and templates with partials."""
    root = tmp_path_factory.mktemp("stream")
    generate(root / "t")
    for engine in ("jinja", "twig", "handlebars", "erb", "go"):
        copy = root / "t" / f"assembled-{engine}"
        shutil.copytree(ROOT / "tests" / "assembly_repo" / engine, copy)
        footer = copy / ENGINES[engine][0]  # findings in the partial, reached through each entry (via)
        footer.write_text("".join(x for x in footer.read_text().splitlines(True) if "nsubscribe" not in x))
    return root


@pytest.mark.parametrize("options", FORMATS, ids=" ".join)
def test_jobs_2_streams_the_bytes_of_jobs_1(mixed_tree, options):
    result = assert_identical(Path("t"), mixed_tree, *options)
    assert result.returncode == 2  # the binary file
    assert result.stdout or "--statistics" in options
    if options == ("--format", "json"):
        assert b'"via": "t/assembled-' in result.stdout
