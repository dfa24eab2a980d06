"""Memory flat in the number of files: bounded caches, results streamed in order."""

from __future__ import annotations

from pathlib import Path

from email_lint.assembly.cache import FileCache


def test_the_template_cache_forgets_the_least_recently_used_past_its_budget(tmp_path: Path):
    cache = FileCache(max_chars=1000)
    footer = tmp_path / "footer.html"
    footer.write_text("<p>footer</p>", encoding="utf-8")
    files = []
    for n in range(20):
        path = tmp_path / f"t{n}.html"
        path.write_text("x" * 200, encoding="utf-8")
        files.append(path)
    for path in files:
        assert cache.get(footer, "footer.html") is not None  # used by every template: stays
        assert cache.get(path, path.name) is not None
    assert cache.reads[footer] == 1
    assert len(cache._files) <= 5
    assert cache.get(files[0], files[0].name) is not None and cache.reads[files[0]] == 2  # read again
    big = tmp_path / "big.html"
    big.write_text("y" * 2000, encoding="utf-8")
    assert cache.get(big, "big.html") is not None and big not in cache._files  # over the budget: not kept
