"""Entry points of one group, found without importing :mod:`importlib.metadata`.

``importlib.metadata`` costs 20-50 ms to import (it pulls in ``email``, ``zipfile``,
``csv``...) and parses each distribution's whole ``METADATA`` (with its long
description) for a name and a version: a large part of a one-file run. This module
walks ``sys.path`` the same way for ``*.dist-info`` and ``*.egg-info`` directories, in
the same order, keeps the first distribution of each name, reads ``entry_points.txt``
with the same rules and only the headers of ``METADATA``. Anything it does not
reproduce exactly (zip files or eggs on ``sys.path``, other distribution finders) makes
it hand over to :func:`importlib.metadata.entry_points`.
"""

from __future__ import annotations

import functools
import os
import re
import sys
from importlib import import_module
from typing import Any

#: importlib.metadata's pattern, anchored and possessive (linear from any position).
_VALUE = re.compile(r"^(?P<module>[\w.]++)\s*+(:\s*+(?P<attr>[\w.]++)\s*+)?+((?P<extras>\[.*\])\s*+)?$")
_SEPARATORS = re.compile(r"[-_.]+")


class Distribution:
    """Where an entry point comes from; ``metadata["Name"]`` and ``version`` as in importlib."""

    def __init__(self, path: str):
        self._path = path

    @functools.cached_property
    def metadata(self) -> dict[str, str]:
        """The first value of each header of ``METADATA`` (``PKG-INFO`` for an egg-info)."""
        headers: dict[str, str] = {}
        for name in ("METADATA", "PKG-INFO"):
            text = _read(os.path.join(self._path, name))
            if text:
                break
        else:
            text = ""
        for line in text.splitlines():
            if not line.strip():
                break  # the body (long description) follows the first empty line
            key, colon, value = line.partition(":")
            if colon and not line[0].isspace():
                headers.setdefault(key, value.lstrip(" \t").rstrip("\r\n"))
        if "Name" not in headers or "Version" not in headers:
            from importlib.metadata import PathDistribution
            from pathlib import Path

            standard = PathDistribution(Path(self._path)).metadata
            headers = {"Name": standard["Name"], "Version": standard["Version"]}
        return headers

    @property
    def version(self) -> str:
        return self.metadata["Version"]


class EntryPoint:
    """``name = module:attr`` from a group of ``entry_points.txt``; ``load()`` imports it."""

    def __init__(self, name: str, value: str, group: str, dist: Distribution):
        self.name, self.value, self.group, self.dist = name, value, group, dist

    def load(self) -> Any:
        match = _VALUE.match(self.value)
        if match is None:  # importlib.metadata fails here too (with an AttributeError)
            raise AttributeError(f"invalid entry point value: {self.value!r}")
        module = import_module(match.group("module"))
        attrs = filter(None, (match.group("attr") or "").split("."))
        return functools.reduce(getattr, attrs, module)

    def __repr__(self) -> str:
        return f"EntryPoint(name={self.name!r}, value={self.value!r}, group={self.group!r})"


def _read(path: str) -> str | None:
    try:
        with open(path, encoding="utf-8") as handle:
            return handle.read()
    except (OSError, UnicodeDecodeError):
        return None


def _normalize(name: str) -> str:
    return _SEPARATORS.sub("-", name).lower().replace("-", "_")


def _supported() -> bool:
    """Only plain directories on ``sys.path``, and the standard finder lists distributions."""
    path_finder = getattr(sys.modules.get("_frozen_importlib_external"), "PathFinder", None)
    for finder in sys.meta_path:
        if finder is not path_finder and hasattr(finder, "find_distributions"):
            return False
    for entry in sys.path:
        if not isinstance(entry, str) or os.path.isfile(entry) or entry.lower().endswith(".egg"):
            return False
    return True


def _distribution_paths() -> list[str]:
    """Every ``.dist-info``/``.egg-info`` directory, first of each name only, in import order."""
    seen: set[str] = set()
    found: list[str] = []
    for entry in sys.path:
        try:
            children = os.listdir(entry or ".")
        except OSError:
            continue
        by_name: dict[str, list[str]] = {}
        for child in children:
            low = child.lower()
            if low.endswith((".dist-info", ".egg-info")):
                key = _normalize(low.rpartition(".")[0].partition("-")[0])
                by_name.setdefault(key, []).append(os.path.join(entry, child))
        for paths in by_name.values():
            for path in paths:
                name = _normalize(os.path.splitext(os.path.basename(path))[0].partition("-")[0])
                if name not in seen:
                    seen.add(name)
                    found.append(path)
    return found


def _parse(text: str, group: str, dist: Distribution) -> list[EntryPoint]:
    found: list[EntryPoint] = []
    section = None
    for line in map(str.strip, text.splitlines()):
        if not line or line.startswith("#"):
            continue
        if line.startswith("[") and line.endswith("]"):
            section = line.strip("[]")
            continue
        if section == group:
            name, _, value = line.partition("=")
            found.append(EntryPoint(name.strip(), value.strip(), group, dist))
    return found


def entry_points(group: str) -> list[Any]:
    """The entry points of *group* from every installed distribution (as importlib finds them)."""
    if not _supported():
        from importlib.metadata import entry_points as standard

        return list(standard(group=group))
    found: list[EntryPoint] = []
    for path in _distribution_paths():
        text = _read(os.path.join(path, "entry_points.txt"))
        if text:
            found.extend(_parse(text, group, Distribution(path)))
    return found


def version(name: str) -> str | None:
    """``importlib.metadata.version(name)``, or None when no distribution of *name* is installed."""
    if not _supported():
        from importlib.metadata import PackageNotFoundError
        from importlib.metadata import version as standard

        try:
            return standard(name)
        except PackageNotFoundError:
            return None
    wanted = _normalize(name)
    for path in _distribution_paths():
        if _normalize(os.path.basename(path).rpartition(".")[0].partition("-")[0]) == wanted:
            return Distribution(path).version
    return None
