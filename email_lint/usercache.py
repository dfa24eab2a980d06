"""Data worth keeping between runs, in the user's cache folder: plain ``marshal`` files.

Each entry is named after a checksum of its key and holds the key with the value, so a
file that is missing, stale, unreadable, truncated or not ours is simply ignored: the
value is built again and the file rewritten atomically. ``marshal`` holds plain data
only (no code runs when a file is read). A folder that cannot be written costs only the
time a cache would have saved: nothing here fails the run, and nothing uses the network.

The folder is ``$EMAIL_LINT_CACHE_DIR`` when set (empty or ``off``: no cache), else
``$XDG_CACHE_HOME/email-lint`` or ``~/.cache/email-lint`` (``~/Library/Caches`` on
macOS, ``%LOCALAPPDATA%`` on Windows).
"""

from __future__ import annotations

import marshal
import os
import sys
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

ENVIRONMENT = "EMAIL_LINT_CACHE_DIR"
#: Files of one kind kept in the folder (older ones go when a new one is written).
KEEP = 8
_OFF = ("", "0", "off", "no", "false", "none")
#: Value bytes of each entry loaded in this process, by file name.
_loaded: dict[str, bytes] = {}


def folder() -> Path | None:
    """The cache folder, or None when caching is off or no home folder is known."""
    configured = os.environ.get(ENVIRONMENT)
    if configured is not None:
        return None if configured.strip().lower() in _OFF else Path(configured)
    try:
        if sys.platform == "win32":
            base = os.environ.get("LOCALAPPDATA") or str(Path.home() / "AppData" / "Local")
        elif sys.platform == "darwin":
            base = str(Path.home() / "Library" / "Caches")
        else:
            xdg = os.environ.get("XDG_CACHE_HOME", "")
            base = xdg if os.path.isabs(xdg) else str(Path.home() / ".cache")
    except (RuntimeError, KeyError, OSError):  # no home folder
        return None
    return Path(base) / "email-lint"


def checksum(data: bytes, start: int = 0) -> int:
    """A cheap running checksum for keys (CRC-32, with the length folded in by the caller)."""
    return zlib.crc32(data, start)


def cached(kind: str, key: Any, build: Callable[[], Any]) -> Any:
    """The value of *build()* for *key*, read from the cache when a valid entry is there.

    *key* is plain data (tuples, strings, numbers) naming everything the value depends
    on; the value must be plain data too. Every call returns new objects (callers may
    change them). *kind* names the file family (``phrases``)."""
    name = f"{kind}-{checksum(repr(key).encode('utf-8')):08x}.marshal"
    if name in _loaded:
        return marshal.loads(_loaded[name])
    directory = folder()
    found = _read(directory / name, key) if directory is not None else None
    if found is not None:
        _loaded[name] = found[0]
        return found[1]
    value = build()
    try:
        data = marshal.dumps(value)
    except ValueError:  # not plain data: no cache, built on each call
        return value
    if directory is not None:
        _write(directory, name, kind, marshal.dumps((key, data)))
    _loaded[name] = data
    return marshal.loads(data)  # what a later run reads from the file, exactly


def parsed_toml(kind: str, text: str) -> Any:
    """``tomllib.loads(text)``, cached by a checksum of *text* (for the package's own data files)."""
    data = text.encode("utf-8")

    def parse() -> Any:
        import tomllib

        return tomllib.loads(text)

    return cached(kind, (1, sys.version, len(data), checksum(data)), parse)


def _read(path: Path, key: Any) -> tuple[bytes, Any] | None:
    """The value stored in *path* for *key* (its bytes and itself), or None (missing, stale,
    damaged)."""
    try:
        with open(path, "rb") as stream:
            stored_key, data = marshal.loads(stream.read())
        if stored_key != key or not isinstance(data, bytes):
            return None
        return data, marshal.loads(data)
    except Exception:  # unreadable, truncated, not a marshal file, not a pair: ignored
        return None


def _write(directory: Path, name: str, kind: str, data: bytes) -> None:
    """Store *data* as *name* atomically and keep at most :data:`KEEP` files of *kind*."""
    try:
        directory.mkdir(parents=True, exist_ok=True, mode=0o700)
        from email_lint.atomic import write_atomically

        write_atomically(directory / name, data)
        others = [p for p in directory.glob(f"{kind}-*.marshal") if p.name != name]
        others.sort(key=lambda p: p.stat().st_mtime_ns, reverse=True)
        for old in others[KEEP - 1:]:
            old.unlink()
    except Exception:  # read-only or full disk, a race with another run: no cache this time
        return
