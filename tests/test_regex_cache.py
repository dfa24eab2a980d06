"""The on-disk regex cache saves compile time and can never change a match or fail a run."""

from __future__ import annotations

import os
import re

import pytest

from email_lint import regex_cache

PATTERN = r"\W(un(?:subscribe|abonnieren)|d(?:esinscri(?:bir|re)|isiscriviti))(?![\w])"
TEXT = "\nClick to unsubscribe, hier abbestellen or désinscrire: disiscriviti now"


@pytest.fixture
def cache(tmp_path, monkeypatch):
    monkeypatch.setenv("EMAIL_LINT_CACHE_DIR", str(tmp_path / "cache"))
    return tmp_path / "cache"


def _matches(pattern: re.Pattern[str]) -> list[tuple[int, int]]:
    return [m.span(1) for m in pattern.finditer(TEXT)]


def test_stored_code_is_given_back_and_matches_alike(cache):
    first = regex_cache.compile_stored("k", PATTERN)
    assert regex_cache.has("k") and len(list(cache.rglob("*.bin"))) == 1
    loaded = regex_cache.load("k")
    assert loaded is not None and loaded.pattern == PATTERN
    assert _matches(loaded) == _matches(first) == _matches(re.compile(PATTERN))


def test_a_damaged_entry_is_ignored_and_replaced(cache):
    regex_cache.compile_stored("k", PATTERN)
    (entry,) = cache.rglob("*.bin")
    entry.write_bytes(b"not a regex")
    assert regex_cache.load("k") is None
    assert _matches(regex_cache.compile_stored("k", PATTERN)) == _matches(re.compile(PATTERN))
    assert regex_cache.load("k") is not None


def test_code_refused_by_the_engine_falls_back(cache):
    record = ("k", PATTERN, 0, [1, 2, 3], 2, {})
    assert regex_cache.load_record(record) is None


def test_an_entry_for_another_pattern_is_not_used(cache):
    regex_cache.compile_stored("k", r"\W(old)")
    assert regex_cache.compile_stored("k", PATTERN).pattern == PATTERN


def test_the_cache_can_be_turned_off(tmp_path, monkeypatch):
    monkeypatch.setenv("EMAIL_LINT_CACHE_DIR", "")
    assert regex_cache.cache_dir() is None
    assert _matches(regex_cache.compile_stored("k", PATTERN)) == _matches(re.compile(PATTERN))
    assert not regex_cache.has("k")


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes anywhere")
def test_an_unwritable_cache_costs_nothing(tmp_path, monkeypatch):
    locked = tmp_path / "locked"
    locked.mkdir(mode=0o500)
    monkeypatch.setenv("EMAIL_LINT_CACHE_DIR", str(locked / "cache"))
    assert _matches(regex_cache.compile_stored("k", PATTERN)) == _matches(re.compile(PATTERN))


def test_a_cache_path_that_is_a_file_costs_nothing(tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    monkeypatch.setenv("EMAIL_LINT_CACHE_DIR", str(blocker))
    assert _matches(regex_cache.compile_stored("k", PATTERN)) == _matches(re.compile(PATTERN))
    assert regex_cache.load("k") is None
