"""The phrase data cached between runs gives exactly what parsing the data files gives.

The cache (``email_lint/usercache.py``, ``email_lint/phrases/prepared.py``) keeps the parsed
and prepared phrase data in the user's cache folder; a stale, damaged or unwritable cache
is ignored, never an error, and never served for data or code it was not made from.
"""

from __future__ import annotations

import marshal
import os
import subprocess
import sys
import tomllib

import pytest

from email_lint import usercache
from email_lint.phrases import matcher as matcher_module
from email_lint.phrases import prepared
from email_lint.phrases.matcher import PhraseMatcher, load_matcher


@pytest.fixture
def cache(tmp_path, monkeypatch):
    """A fresh cache folder, nothing loaded in this process yet."""
    folder = tmp_path / "cache"
    monkeypatch.setenv(usercache.ENVIRONMENT, str(folder))
    monkeypatch.setattr(usercache, "_loaded", {})
    return folder


def _plain_tables() -> dict:
    """The language files parsed the plain way (as before the cache)."""
    tables = {}
    for name in sorted(os.listdir(prepared._DATA_DIR)):
        if name.endswith(".toml") and name != "merge_tags.toml":
            with open(os.path.join(prepared._DATA_DIR, name), "rb") as handle:
                data = tomllib.load(handle)
            tables[data.get("language", name[:-5])] = data
    return tables


def _state(matcher: PhraseMatcher) -> tuple:
    grammar = {category: [rule.pieces for rule in rules] for category, rules in matcher._grammar.items()}
    return matcher.categories, matcher._phrases, matcher.by_language, grammar


def test_written_then_read_back_the_same(cache):
    plain = _plain_tables()
    built = prepared.languages()
    assert built == {language: prepared.prepare_language(language, table) for language, table in plain.items()}
    words = prepared.stopwords()
    assert words == {language: table["stopwords"]["words"] for language, table in plain.items()}
    assert len(list(cache.glob("phrases-*.marshal"))) == len(list(cache.glob("stopwords-*.marshal"))) == 1
    usercache._loaded.clear()  # a new process: read from the files
    assert prepared.languages() == built and prepared.stopwords() == words
    first = prepared.languages()
    first["en"][1].clear()
    assert prepared.languages() == built  # every call gets its own objects


def test_matcher_from_the_cache_is_the_matcher_of_the_data_files(cache):
    plain = _plain_tables()
    extra = {"unsubscribe": {"de": ["austragen bitte"], "xx": ["opt me out"]},
             "new_element": {"en": ["brand new phrase"]}}
    for extras in (None, extra):
        usercache._loaded.clear()
        matcher_module._cached_matcher.cache_clear()
        tables = _plain_tables()
        for element, by_language in (extras or {}).items():
            for language, phrases in by_language.items():
                lists = tables.setdefault(language, {}).setdefault(element, {})
                lists["phrases"] = [*lists.get("phrases", []), *phrases]
        expected = _state(PhraseMatcher(tables))
        assert _state(load_matcher(extras)) == expected  # built, then cached
        usercache._loaded.clear()
        matcher_module._cached_matcher.cache_clear()
        assert _state(load_matcher(extras)) == expected  # read from the file
    assert _plain_tables() == plain
    matcher_module._cached_matcher.cache_clear()


@pytest.mark.parametrize("damage", [b"", b"not marshal", marshal.dumps((1, 2, 3)), marshal.dumps(("key", b"x"))])
def test_a_damaged_or_foreign_file_is_ignored_and_rewritten(cache, damage):
    built = prepared.languages()
    (path,) = cache.glob("phrases-*.marshal")
    path.write_bytes(damage)
    usercache._loaded.clear()
    assert prepared.languages() == built
    assert path.read_bytes() != damage


def test_stale_when_a_data_file_or_the_preparing_code_changes(cache, monkeypatch):
    key = prepared._key()
    assert key is not None and usercache.cached("phrases", key, lambda: "old") == "old"
    usercache._loaded.clear()
    assert usercache.cached("phrases", key, lambda: "new") == "old"  # same key: read back
    sources = [*prepared._SOURCES]
    data = cache.parent / "grammar.py"
    data.write_text("changed", encoding="utf-8")
    monkeypatch.setattr(prepared, "_SOURCES", (*sources[:1], str(data), *sources[2:]))
    assert prepared._key() != key
    usercache._loaded.clear()
    assert usercache.cached("phrases", prepared._key(), lambda: "new") == "new"


def test_no_folder_an_unwritable_one_or_caching_off_never_fail(tmp_path, monkeypatch):
    blocker = tmp_path / "a-file"
    blocker.write_text("", encoding="utf-8")
    for setting in (str(blocker / "cache"), "", "off"):
        monkeypatch.setenv(usercache.ENVIRONMENT, setting)
        monkeypatch.setattr(usercache, "_loaded", {})
        assert usercache.cached("phrases", ("k", setting), lambda: {"a": [1]}) == {"a": [1]}
    assert usercache.folder() is None
    monkeypatch.delenv(usercache.ENVIRONMENT)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    if sys.platform not in ("win32", "darwin"):
        assert usercache.folder() == tmp_path / "xdg" / "email-lint"


def test_only_the_newest_files_of_a_kind_are_kept(cache):
    for number in range(usercache.KEEP + 3):
        usercache.cached("phrases", ("key", number), lambda number=number: number)
    kept = list(cache.glob("phrases-*.marshal"))
    assert len(kept) == usercache.KEEP
    usercache._loaded.clear()
    assert usercache.cached("phrases", ("key", usercache.KEEP + 2), lambda: "rebuilt") == usercache.KEEP + 2


def test_cli_writes_the_cache_once_then_reads_it(tmp_path):
    page = tmp_path / "mail.html"
    page.write_text('<p>Hello</p><a href="https://x.example/unsubscribe">Unsubscribe</a>', encoding="utf-8")
    env = {**os.environ, usercache.ENVIRONMENT: str(tmp_path / "cache")}
    outputs, stamps = [], []
    for _ in range(2):
        done = subprocess.run([sys.executable, "-m", "email_lint", "check", str(page)],
                              capture_output=True, text=True, cwd=tmp_path, env=env, timeout=120)
        assert done.returncode in (0, 1), done.stderr[-2000:]
        outputs.append(done.stdout)
        (entry,) = (tmp_path / "cache").glob("phrases-*.marshal")
        stamps.append((entry.stat().st_ino, entry.stat().st_mtime_ns))
    assert outputs[0] == outputs[1] and "EL00" in outputs[0]
    assert stamps[0] == stamps[1]  # read, not written again
