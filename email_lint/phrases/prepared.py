"""The phrase data read and prepared once, then kept between runs (see :mod:`email_lint.usercache`).

Parsing six languages' TOML and preparing their lists and grammar rules (every slot
option normalised) cost 50-100 ms, a large part of a one-file run. The result is plain
data, cached per set of extra phrases (the packs' and the configuration's), keyed by the
Python version and a checksum of every data file and of the modules that prepare them:
an edited phrase list or normaliser is never served stale, even in a source checkout
whose version does not change. Language detection's stopwords are cached the same way.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from typing import Any

from email_lint import usercache
from email_lint.phrases.grammar import extract_grammars

DATA_PACKAGE = "email_lint.phrases.data"
_HERE = os.path.dirname(os.path.abspath(__file__))
_DATA_DIR = os.path.join(_HERE, "data")
#: The modules whose code decides what is cached (with the data files and Python).
_SOURCES = (
    os.path.join(_HERE, "prepared.py"),
    os.path.join(_HERE, "grammar.py"),
    os.path.join(os.path.dirname(_HERE), "normalize.py"),
    os.path.join(os.path.dirname(_HERE), "usercache.py"),
)
#: Bumped when the layout of the cached value changes.
FORMAT = 1

#: One language prepared: its grammar rules ``(category, rule pieces)`` and its phrase
#: lists ``(category, phrases)``, in file order.
PreparedLanguage = tuple[list[tuple[str, tuple[tuple[str, ...] | None, ...]]], list[tuple[str, list[str]]]]


def data_names() -> list[str]:
    """The files of the phrase data package, sorted."""
    if os.path.isdir(_DATA_DIR):  # a plain install: no importlib.resources at start-up
        return sorted(os.listdir(_DATA_DIR))
    from importlib import resources

    return sorted(entry.name for entry in resources.files(DATA_PACKAGE).iterdir())


def read_data(name: str) -> str:
    """The text of one file of the phrase data package."""
    if os.path.isdir(_DATA_DIR):
        with open(os.path.join(_DATA_DIR, name), encoding="utf-8") as handle:
            return handle.read()
    from importlib import resources

    return resources.files(DATA_PACKAGE).joinpath(name).read_text(encoding="utf-8")


def _is_language_file(name: str) -> bool:
    return name.endswith(".toml") and name != "merge_tags.toml"


def parse_tables() -> dict[str, dict[str, Any]]:
    """Every language file parsed: language code -> its table."""
    import tomllib  # (only when the cache is cold)

    tables: dict[str, dict[str, Any]] = {}
    for name in data_names():
        if _is_language_file(name):
            data = tomllib.loads(read_data(name))
            tables[data.get("language", name[:-5])] = data
    return tables


def prepare_language(language: str, elements: Mapping[str, Any]) -> PreparedLanguage:
    """One language's grammar rules and phrase lists (*elements* is left unchanged)."""
    copied = {key: dict(value) if isinstance(value, Mapping) else value for key, value in elements.items()}
    grammar = [(category, rule.pieces) for category, rule in extract_grammars(copied, language)]
    lists = [
        (f"{element}.{name}", list(phrases))
        for element, table in copied.items()
        if isinstance(table, Mapping)
        for name, phrases in table.items()
    ]
    return grammar, lists


#: Phrases added by configuration or plugins: ``(language, element, list name, phrases)``, sorted.
Extra = tuple[tuple[str, str, str, tuple[str, ...]], ...]


def _prepare(extra: Extra) -> dict[str, PreparedLanguage]:
    tables = parse_tables()
    for language, element, name, phrases in extra:
        lists = tables.setdefault(language, {}).setdefault(element, {})
        lists[name] = [*lists.get(name, []), *phrases]
    return {language: prepare_language(language, table) for language, table in tables.items()}


def _stopwords() -> dict[str, list[str]]:
    return {language: list(table.get("stopwords", {}).get("words", ())) for language, table in parse_tables().items()}


def _key() -> tuple[Any, ...] | None:
    """What the cached values depend on, or None when a source cannot be read (no cache)."""
    if not os.path.isdir(_DATA_DIR):
        return None
    parts: list[tuple[str, int, int]] = []
    try:
        for path in (*(os.path.join(_DATA_DIR, n) for n in data_names() if _is_language_file(n)), *_SOURCES):
            with open(path, "rb") as handle:
                data = handle.read()
            parts.append((os.path.basename(path), len(data), usercache.checksum(data)))
    except OSError:
        return None
    return (FORMAT, sys.version, sys.implementation.cache_tag, tuple(parts))


def languages(extra: Extra = ()) -> dict[str, PreparedLanguage]:
    """Every language prepared, with the *extra* phrases laid over the data files (new
    objects on each call)."""
    key = _key()
    return _prepare(extra) if key is None else usercache.cached("phrases", (key, extra), lambda: _prepare(extra))


def stopwords() -> dict[str, list[str]]:
    """Each language's stopwords (``[stopwords] words``), for language detection."""
    key = _key()
    return _stopwords() if key is None else usercache.cached("stopwords", key, _stopwords)
