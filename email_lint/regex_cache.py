"""Large compiled regular expressions kept on disk between runs.

The phrase scanners and cue grammars are regexes of 5-250 KB. Python compiles a regex in
Python (parser and code generator: 0.7 s for the largest), then hands the code to its C
engine; that code is plain integers. This module stores it in the user's cache folder,
keyed by the caller's key, the Python version and the engine's magic number, and gives it
back to the engine on the next run (milliseconds). The engine validates code it is given;
anything unreadable, stale or refused is ignored and the regex compiled as usual, so the
cache can only save time, never change a match or fail a run.

Entries live in a folder of the user cache folder (``usercache.py``: ``$EMAIL_LINT_CACHE_DIR``,
empty or ``off`` turns caching off), one per interpreter; the oldest go beyond
:data:`KEEP` entries.
"""

from __future__ import annotations

import importlib
import marshal
import re
import sys
import zlib
from pathlib import Path
from types import ModuleType
from typing import Any

from email_lint import usercache

#: Bumped when the stored layout changes.
_LAYOUT = 1
#: Entries kept (a run needs about 30: phrase scanners and grammars, per set of extra phrases).
KEEP = 128
#: key, pattern, flags, engine code, number of groups, group names -> index.
Record = tuple[str, str, int, list[int], int, dict[str, int]]


def engine() -> ModuleType:
    """The C regex engine (``_sre``: internals without type stubs)."""
    return importlib.import_module("_sre")


def cache_dir() -> Path | None:
    """The folder for this interpreter's entries (in the user cache folder of
    ``usercache.py``), or None when the cache is off."""
    base = usercache.folder()
    if base is None:
        return None
    try:
        magic = engine().MAGIC
    except (ImportError, AttributeError):
        return None
    return base / f"regex-{_LAYOUT}-{sys.implementation.cache_tag}-{magic}"


def _entry(key: str) -> Path | None:
    folder = cache_dir()
    if folder is None:
        return None
    return folder / f"{name_of(key)}.bin"


def name_of(key: str) -> str:
    """A file name for *key* (checksums: a clash only costs a compile, the key is stored inside)."""
    data = key.encode("utf-8")
    return f"{zlib.crc32(data):08x}{zlib.adler32(data):08x}{len(data):x}"


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
    record = record_of(key, pattern, flags)
    if record is None:  # another interpreter's internals: compile as usual, store nothing
        return re.compile(pattern, flags)
    compiled = load_record(record)
    if compiled is None:
        return re.compile(pattern, flags)
    _store(key, record)
    return compiled


def record_of(key: str, pattern: Any, flags: int = 0, quiet: bool = False) -> Record | None:
    """What ``re``'s compiler makes of *pattern* (str or bytes), as stored under *key*; None
    when this interpreter's internals differ or the pattern does not compile. *quiet*: no
    warning (a pattern compiled earlier in the process already showed its own)."""
    import warnings

    try:
        parser, compiler = importlib.import_module("re._parser"), importlib.import_module("re._compiler")
        with warnings.catch_warnings():
            if quiet:
                warnings.simplefilter("ignore")
            parsed = parser.parse(pattern, flags)
            code = [int(op) for op in compiler._code(parsed, flags)]
        state = parsed.state
        return key, pattern, int(flags | state.flags), code, state.groups, dict(state.groupdict)
    except Exception:
        return None


def load_record(record: Record) -> re.Pattern[str] | None:
    """A regex from a record as stored, or None when the engine refuses it."""
    _key, pattern, flags, code, groups, groupindex = record
    try:
        indexgroup: list[str | None] = [None] * groups
        for name, index in groupindex.items():
            indexgroup[index] = name
        compiled: re.Pattern[str] = engine().compile(pattern, flags, code, groups - 1, groupindex, tuple(indexgroup))
        return compiled
    except (TypeError, ValueError, RuntimeError, IndexError, AttributeError, ImportError):
        return None


def _store(key: str, record: Record) -> None:
    entry = _entry(key)
    if entry is None:
        return
    try:
        # Imported only when storing: atomic imports tempfile, which imports shutil, bz2 and lzma.
        from email_lint.atomic import write_atomically

        entry.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        write_atomically(entry, zlib.compress(marshal.dumps(record), 1))
        entries = sorted(entry.parent.glob("*.bin"), key=lambda path: path.stat().st_mtime_ns, reverse=True)
        for old in entries[KEEP:]:
            old.unlink()
    except OSError:  # read-only or full disk, a race with another run: no cache this time
        pass
