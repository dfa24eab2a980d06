"""email_lint.entrypoints finds what importlib.metadata finds, without importing it."""

from __future__ import annotations

import importlib
import importlib.metadata
import sys
import zipfile

import pytest

from email_lint import entrypoints


def _described(eps) -> list[tuple[str, str, str, str, str]]:
    return [(ep.name, ep.value, ep.group, ep.dist.metadata["Name"], ep.dist.version) for ep in eps]


def _standard(group: str) -> list[tuple[str, str, str, str, str]]:
    return _described(importlib.metadata.entry_points(group=group))


@pytest.mark.parametrize("group", ["email_lint", "console_scripts", "pytest11", "no_such_group"])
def test_same_entry_points_as_importlib_in_this_environment(group):
    assert entrypoints._supported()
    assert _described(entrypoints.entry_points(group)) == _standard(group)


@pytest.fixture
def site(tmp_path, monkeypatch):
    monkeypatch.syspath_prepend(str(tmp_path))
    importlib.invalidate_caches()
    yield tmp_path
    importlib.invalidate_caches()


def _dist(folder, dirname: str, metadata: str, entry_points: str) -> None:
    info = folder / dirname
    info.mkdir(parents=True)
    name = "PKG-INFO" if dirname.endswith(".egg-info") else "METADATA"
    (info / name).write_text(metadata, encoding="utf-8")
    (info / "entry_points.txt").write_text(entry_points, encoding="utf-8")


def test_order_shadowing_parsing_and_load(site):
    (site / "bench_pack_a.py").write_text("RULES = 'a'\nclass Box:\n    value = 42\n", encoding="utf-8")
    _dist(site, "bench_pack_a-1.2.dist-info",
          "Metadata-Version: 2.1\nName: Bench-Pack.A\nVersion: 1.2\n\nName: not a header\n",
          "# comment\n[console_scripts]\nx = y\n[email_lint]\n  zeta = bench_pack_a:Box.value \n"
          "alpha=bench_pack_a\n\n[other]\nbeta = nothing\n")
    # An egg-info of another name, and a second copy of "bench-pack-a" further down sys.path.
    _dist(site, "bench_pack_b.egg-info", "Metadata-Version: 1.0\nName: bench-pack-b\nVersion: 0.1\n",
          "[email_lint]\ngamma = bench_pack_a:RULES\n")
    shadowed = site / "later"
    _dist(shadowed, "Bench_Pack_A-9.9.dist-info", "Name: bench-pack-a\nVersion: 9.9\n", "[email_lint]\nold = x\n")
    sys.path.append(str(shadowed))
    try:
        ours = entrypoints.entry_points("email_lint")
        assert _described(ours) == _standard("email_lint")
    finally:
        sys.path.remove(str(shadowed))
    found = {ep.name: ep for ep in ours}
    assert "old" not in found  # the first distribution of a name wins, as in importlib
    assert found["zeta"].load() == 42 and found["alpha"].load().RULES == "a" and found["gamma"].load() == "a"
    assert found["zeta"].dist.metadata["Name"] == "Bench-Pack.A" and found["gamma"].dist.version == "0.1"
    sys.modules.pop("bench_pack_a", None)


def test_a_zip_on_sys_path_hands_over_to_importlib(site, monkeypatch):
    archive = site / "packs.zip"
    with zipfile.ZipFile(archive, "w") as bundle:
        bundle.writestr("zipped_pack-1.0.dist-info/METADATA", "Name: zipped-pack\nVersion: 1.0\n")
        bundle.writestr("zipped_pack-1.0.dist-info/entry_points.txt", "[email_lint]\nzipped = zipped_mod\n")
    monkeypatch.syspath_prepend(str(archive))
    assert not entrypoints._supported()
    ours = entrypoints.entry_points("email_lint")
    assert _described(ours) == _standard("email_lint")
    assert "zipped" in {ep.name for ep in ours}


@pytest.mark.parametrize("name", ["email-lint", "email_lint", "Click", "pluggy", "jaraco.classes", "no-such-dist"])
def test_same_version_as_importlib(name):
    try:
        expected = importlib.metadata.version(name)
    except importlib.metadata.PackageNotFoundError:
        expected = None
    assert entrypoints.version(name) == expected


def test_version_of_a_shadowed_distribution_and_through_a_zip(site, monkeypatch):
    _dist(site, "bench_pack_v-1.2.dist-info", "Name: bench-pack-v\nVersion: 1.2\n", "")
    _dist(site / "later", "Bench.Pack_V-9.9.dist-info", "Name: bench-pack-v\nVersion: 9.9\n", "")
    sys.path.append(str(site / "later"))
    try:
        assert entrypoints.version("Bench_Pack.V") == importlib.metadata.version("bench-pack-v") == "1.2"
        archive = site / "v.zip"
        with zipfile.ZipFile(archive, "w") as bundle:
            bundle.writestr("zipped_v-3.0.dist-info/METADATA", "Name: zipped-v\nVersion: 3.0\n")
        monkeypatch.syspath_prepend(str(archive))
        assert not entrypoints._supported()
        assert entrypoints.version("zipped-v") == "3.0" and entrypoints.version("no-such-dist") is None
    finally:
        if str(site / "later") in sys.path:
            sys.path.remove(str(site / "later"))
