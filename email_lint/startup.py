"""What a command-line run compiles at start-up, kept between runs: regexes and dataclass methods.

A one-file run compiles about 120 regular expressions (``re`` parses them and generates the
engine's code in Python) and builds about 175 dataclass methods from source text
(``dataclasses`` calls ``exec`` on each): together some 40 % of the instructions of such a
run, the same work on every run. :func:`install` serves both from one ``marshal`` file of
the user cache folder (``usercache.py``):

- regexes: the engine's code (plain integers) of each pattern compiled by earlier runs is
  handed back to the C engine, which validates it, and the pattern is put in ``re``'s own
  cache, where ``re.compile`` finds it as if compiled in this process;
- dataclass methods: the code object compiled from each source text ``dataclasses`` generates
  is kept, keyed by that text, and executed in the same namespaces as ``exec`` would.

Both are keyed by their full source (pattern and flags, the method's text) and by the exact
interpreter, so an entry can only stand for what it replaces. When ``re`` or ``dataclasses``
do not work as expected (another interpreter) nothing is installed. What a run compiled anew
is written at exit, atomically, by the process that installed the cache; a missing, stale or
damaged file is ignored, and an unwritable folder only costs the time the cache would have
saved.
"""

from __future__ import annotations

import atexit
import builtins
import marshal
import os
import re
import sys
from types import CodeType
from typing import Any

from email_lint import usercache
from email_lint.regex_cache import Record, load_record, record_of
from email_lint.regex_cache import engine as _sre

#: Bumped when the stored layout changes.
_LAYOUT = 1
#: Most regexes kept (``re`` keeps 512 in its cache; the oldest go first).
MAX_PATTERNS = 400
#: Most generated methods kept.
MAX_METHODS = 1000
#: Fewest new regexes worth a write: a pattern whose text changes from run to run (an
#: alternation built in a set's hash order) must not rewrite the file on every run.
MIN_NEW_PATTERNS = 3
#: Flags whose regexes are never stored: DEBUG prints while compiling, LOCALE depends on the locale.
_UNSTORED = re.DEBUG | re.LOCALE

RegexKey = tuple[type, Any, int]


class StartupCache:
    """The stored regexes and methods of one interpreter, and what this process adds."""

    def __init__(self, patterns: dict[tuple[Any, int], Record], methods: dict[str, CodeType]):
        self.patterns = patterns
        self.methods = methods
        self.new_methods = False
        self.seeded: set[RegexKey] = set()
        self.pid = os.getpid()

    def seed_regexes(self, cache: dict[Any, Any]) -> None:
        """Put every stored regex the engine accepts into ``re``'s cache."""
        for (pattern, flags), record in self.patterns.items():
            compiled = load_record(record)
            key = (type(pattern), pattern, flags)
            if compiled is not None and key not in cache:
                cache[key] = compiled
                self.seeded.add(key)

    def exec_method(self, source: Any, globals: Any = None, locals: Any = None, /) -> None:
        """``exec`` for ``dataclasses``: a source text runs as its stored code object."""
        if type(source) is str:
            code = self.methods.get(source)
            if code is None:
                code = compile(source, "<string>", "exec", dont_inherit=True)
                self.methods[source] = code
                self.new_methods = True
            source = code
        builtins.exec(source, globals, locals)

    def new_regexes(self, cache: dict[Any, Any]) -> list[RegexKey]:
        """Keys of the regexes in ``re``'s cache that this process compiled itself."""
        return [key for key in list(cache) if key not in self.seeded and _storable(key)
                and (key[1], key[2]) not in self.patterns]


def _storable(key: Any) -> bool:
    return (isinstance(key, tuple) and len(key) == 3 and key[0] in (str, bytes) and type(key[1]) is key[0]
            and type(key[2]) is int and not key[2] & _UNSTORED)


def _file_name() -> str:
    """One file per interpreter build, optimisation level and program (the script that started
    the process: a test session or a server compiles much that a command-line run does not)."""
    program = getattr(sys.modules.get("__main__"), "__file__", None) or ""
    key = (_LAYOUT, sys.version, sys.implementation.cache_tag, sys.flags.optimize, getattr(_sre(), "MAGIC", 0),
           os.path.abspath(program) if program else "")
    return f"startup-{usercache.checksum(repr(key).encode('utf-8')):08x}.marshal"


def _read(path: str) -> tuple[dict[tuple[Any, int], Record], dict[str, CodeType]]:
    """The stored regexes and methods, or empty ones (missing, damaged, another layout)."""
    try:
        with open(path, "rb") as stream:
            layout, patterns, methods = marshal.loads(stream.read())
        if layout != _LAYOUT or not isinstance(patterns, dict) or not isinstance(methods, dict):
            return {}, {}
        if not all(type(code) is CodeType for code in methods.values()):
            return {}, {}
        return patterns, methods
    except Exception:  # unreadable, truncated, not ours
        return {}, {}


def _works(cache: dict[Any, Any]) -> bool:
    """Whether ``re`` keeps its compiled patterns where this module seeds them."""
    probe = "email-lint start-up probe"
    key = (str, probe, 0)
    marker = object()  # re.compile returns what its cache holds
    cache[key] = marker
    try:
        return re.compile(probe) is marker
    finally:
        cache.pop(key, None)
        second = getattr(re, "_cache2", None)  # Python 3.12+: a second cache of the last used
        if isinstance(second, dict):
            second.pop(key, None)


_installed: StartupCache | None = None


def install() -> StartupCache | None:
    """Serve this process's regexes and dataclass methods from the cache; store new ones at exit."""
    global _installed
    if _installed is not None:
        return _installed
    folder = usercache.folder()
    cache = getattr(re, "_cache", None)
    if folder is None or not isinstance(cache, dict) or not _works(cache):
        return None
    path = os.path.join(folder, _file_name())
    startup = StartupCache(*_read(path))
    startup.seed_regexes(cache)  # first: importing dataclasses compiles regexes (inspect, tokenize)
    import dataclasses

    if "exec" not in vars(dataclasses):  # not patched by someone else
        setattr(dataclasses, "exec", startup.exec_method)  # noqa: B010 (a module global, not an attribute)
    atexit.register(_save, startup, path, cache)
    _installed = startup
    return startup


def _save(startup: StartupCache, path: str, cache: dict[Any, Any]) -> None:
    """Write the cache when this process compiled something new (not in forked children)."""
    if os.getpid() != startup.pid:
        return
    added = startup.new_regexes(cache)
    if len(added) < MIN_NEW_PATTERNS and not startup.new_methods:
        return
    patterns = dict(startup.patterns)
    for _kind, pattern, flags in added:
        record = record_of("", pattern, flags, quiet=True)  # shown when compiled, not again at exit
        if record is not None:
            patterns[pattern, flags] = record
    methods = startup.methods
    data = marshal.dumps((_LAYOUT, _newest(patterns, MAX_PATTERNS), _newest(methods, MAX_METHODS)))
    try:
        from pathlib import Path

        from email_lint.atomic import write_atomically

        target = Path(path)
        target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        write_atomically(target, data)
        others = [p for p in target.parent.glob("startup-*.marshal") if p != target]
        others.sort(key=lambda p: p.stat().st_mtime_ns, reverse=True)
        for old in others[usercache.KEEP - 1:]:
            old.unlink()
    except Exception:  # read-only or full disk, a race with another run: no cache this time
        return


def _newest(entries: dict[Any, Any], most: int) -> dict[Any, Any]:
    """The last *most* entries (insertion order: stored ones first, then this run's)."""
    if len(entries) <= most:
        return entries
    return dict(list(entries.items())[-most:])
