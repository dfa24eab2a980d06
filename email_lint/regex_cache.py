"""Large compiled regular expressions kept on disk between runs.

The phrase scanners and cue grammars are regexes of 5-250 KB. Python compiles a regex in
Python (parser and code generator: 0.7 s for the largest), then hands the code to its C
engine; that code is plain integers. This module stores it in the user's cache folder,
keyed by the caller's key, the Python version and the engine's magic number, and gives it
back to the engine on the next run (milliseconds). The engine validates code it is given;
anything unreadable, stale or refused is ignored and the regex compiled as usual, so the
cache can only save time, never change a match or fail a run.

The folder is ``$EMAIL_LINT_CACHE_DIR``, else ``$XDG_CACHE_HOME/email-lint``, else
``~/.cache/email-lint``; ``EMAIL_LINT_CACHE_DIR=""`` turns the cache off.
"""

from __future__ import annotations

import hashlib
import importlib
import marshal
import os
import re
import sys
import zlib
from pathlib import Path
from types import ModuleType

#: Bumped when the stored layout changes.
_LAYOUT = 1
#: key, pattern, flags, engine code, number of groups, group names -> index.
Record = tuple[str, str, int, list[int], int, dict[str, int]]


def _engine() -> ModuleType:
    """The C regex engine (``_sre``: internals without type stubs)."""
    return importlib.import_module("_sre")


def cache_dir() -> Path | None:
    """The folder for this interpreter's entries, or None when the cache is off."""
    configured = os.environ.get("EMAIL_LINT_CACHE_DIR")
    if configured is not None:
        if not configured:
            return None
        base = Path(configured)
    else:
        xdg = os.environ.get("XDG_CACHE_HOME")
        base = Path(xdg) / "email-lint" if xdg else Path.home() / ".cache" / "email-lint"
    try:
        magic = _engine().MAGIC
    except (ImportError, AttributeError):
        return None
    return base / f"regex-{_LAYOUT}-{sys.implementation.cache_tag}-{magic}"


def _entry(key: str) -> Path | None:
    folder = cache_dir()
    if folder is None:
        return None
    return folder / (hashlib.sha256(key.encode("utf-8")).hexdigest()[:40] + ".bin")


def has(key: str) -> bool:
    """Whether an entry is stored under *key* (it may still turn out unusable)."""
    entry = _entry(key)
    return entry is not None and entry.is_file()


def load(key: str) -> re.Pattern[str] | None:
    """The regex stored under *key*, or None (not stored, unreadable or refused)."""
    entry = _entry(key)
    if entry is None:
        return None
    try:
        record = marshal.loads(zlib.decompress(entry.read_bytes()))
    except (OSError, EOFError, ValueError, TypeError, zlib.error):
        return None
    if not isinstance(record, tuple) or len(record) != 6 or record[0] != key:
        return None
    return load_record(record)  # (the engine validates the code it is given)


def compile_stored(key: str, pattern: str, flags: int = 0) -> re.Pattern[str]:
    """*pattern* compiled, from the cache when it holds *key*, else compiled and stored."""
    compiled = load(key)
    if compiled is not None and compiled.pattern == pattern:
        return compiled
    try:
        parser, compiler = importlib.import_module("re._parser"), importlib.import_module("re._compiler")
        parsed = parser.parse(pattern, flags)
        code = [int(op) for op in compiler._code(parsed, flags)]
        state = parsed.state
        record: Record = (key, pattern, flags | state.flags, code, state.groups, dict(state.groupdict))
    except Exception:  # another interpreter's internals: compile as usual, store nothing
        return re.compile(pattern, flags)
    compiled = load_record(record)
    if compiled is None:
        return re.compile(pattern, flags)
    _store(key, record)
    return compiled


def load_record(record: Record) -> re.Pattern[str] | None:
    """A regex from a record as stored, or None when the engine refuses it."""
    _key, pattern, flags, code, groups, groupindex = record
    try:
        indexgroup: list[str | None] = [None] * groups
        for name, index in groupindex.items():
            indexgroup[index] = name
        compiled: re.Pattern[str] = _engine().compile(pattern, flags, code, groups - 1, groupindex, tuple(indexgroup))
        return compiled
    except (TypeError, ValueError, RuntimeError, IndexError, AttributeError, ImportError):
        return None


def _store(key: str, record: Record) -> None:
    entry = _entry(key)
    if entry is None:
        return
    import tempfile  # (only when storing: it imports shutil, bz2 and lzma)

    try:
        entry.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=entry.parent, prefix=".tmp-")
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(zlib.compress(marshal.dumps(record), 1))
            os.replace(temporary, entry)
        finally:
            if os.path.exists(temporary):
                os.unlink(temporary)
    except OSError:
        pass
