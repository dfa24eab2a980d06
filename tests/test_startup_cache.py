"""The start-up cache (regexes, dataclass methods) gives back what it replaces and never fails a run.

Each case runs in a fresh interpreter: :func:`email_lint.startup.install` changes its process.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

#: Installs the cache, compiles PATTERNS, defines a frozen dataclass, prints what came from where.
PROBE = textwrap.dedent("""
    import json, re, sys
    from email_lint import startup
    cache = startup.install()
    PATTERNS = [(r"\\b(?P<word>un)subscribe\\b", re.I), (r"[a-z]+@[a-z]+\\.(?:com|org)", 0),
                (rb"<(?:html|body)\\b", re.I), (r"(\\d+)-(\\d+)", re.M)]
    compiled = [re.compile(p, f) for p, f in PATTERNS]
    from dataclasses import FrozenInstanceError, dataclass, field, replace

    @dataclass(frozen=True, order=True)
    class Probe:
        name: str
        count: int = 0
        tags: tuple = field(default=(), compare=False)

    one = Probe("a", 2, ("x",))
    try:
        one.name = "b"
        frozen = False
    except FrozenInstanceError:
        frozen = True
    text = "Please UNSUBSCRIBE here, write to bob@example.org or call 12-34 <HTML>"
    print(json.dumps({
        "installed": cache is not None,
        "seeded": sorted(repr(k[1]) for k in (cache.seeded if cache else ()) if k[1] in [p for p, _ in PATTERNS]),
        "new_methods": bool(cache and cache.new_methods),
        "matches": [[m.span() for m in c.finditer(text if isinstance(c.pattern, str) else text.encode())]
                    for c in compiled],
        "groups": [dict(c.groupindex) for c in compiled],
        "flags": [c.flags for c in compiled],
        "dataclass": [repr(one), one == Probe("a", 2), hash(one) == hash(Probe("a", 2, ("y",))),
                      one < Probe("b"), frozen, repr(replace(one, count=3))],
    }))
""")


def _probe(cache_dir: str) -> dict:
    env = {**os.environ, "EMAIL_LINT_CACHE_DIR": cache_dir}
    done = subprocess.run([sys.executable, "-c", PROBE], env=env, capture_output=True, text=True, check=True)
    result: dict = json.loads(done.stdout)
    return result


@pytest.fixture
def cache_dir(tmp_path: Path) -> Path:
    return tmp_path / "cache"


def _startup_files(cache_dir: Path) -> list[Path]:
    return sorted(cache_dir.glob("startup-*.marshal"))


def test_a_second_run_gets_the_same_regexes_and_methods_from_the_cache(cache_dir):
    first = _probe(str(cache_dir))
    assert first["installed"] and first["new_methods"] and not first["seeded"]
    assert len(_startup_files(cache_dir)) == 1
    second = _probe(str(cache_dir))
    assert len(second["seeded"]) == 4 and not second["new_methods"]
    off = _probe("")
    assert not off["installed"]
    for key in ("matches", "groups", "flags", "dataclass"):
        assert first[key] == second[key] == off[key]
    assert second["dataclass"][1:5] == [True, True, True, True]


def test_a_damaged_cache_file_is_ignored_and_rewritten(cache_dir):
    _probe(str(cache_dir))
    (stored,) = _startup_files(cache_dir)
    stored.write_bytes(b"\x00not marshal")
    damaged = _probe(str(cache_dir))
    assert damaged["installed"] and not damaged["seeded"] and damaged["new_methods"]
    assert len(_probe(str(cache_dir))["seeded"]) == 4


def test_an_unwritable_cache_folder_costs_nothing_but_time(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    result = _probe(str(blocker / "cache"))
    assert result["installed"] and result["dataclass"][1:5] == [True, True, True, True]


def test_the_command_line_writes_the_cache_once_then_reuses_it(cache_dir, tmp_path):
    template = tmp_path / "t.txt"
    template.write_text("Hello\n\nUnsubscribe: https://example.com/u\n", encoding="utf-8")
    env = {**os.environ, "EMAIL_LINT_CACHE_DIR": str(cache_dir)}
    command = [sys.executable, "-m", "email_lint", "check", "--timeout", "0", str(template)]
    outputs = []
    for _ in range(2):
        done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
        outputs.append((done.returncode, done.stdout, done.stderr))
        if not outputs[1:]:
            (stored,) = _startup_files(cache_dir)
            written = stored.stat().st_mtime_ns
    assert outputs[0] == outputs[1]
    assert stored.stat().st_mtime_ns == written  # nothing new on the second run: not rewritten
