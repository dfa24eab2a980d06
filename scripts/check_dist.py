"""Check what the built distributions carry: ``python scripts/check_dist.py dist/``.

The wheel must hold the licence, ``py.typed``, the phrase data and every country pack; the
sdist must also hold the tests with their data, the examples and the docs, so its tests run
when it is unpacked. Exit 1 with one line per missing file, 2 when the folder has no wheel
or sdist.
"""

from __future__ import annotations

import sys
import tarfile
import zipfile
from pathlib import Path

WHEEL_MUST = (
    "*.dist-info/licenses/LICENSE",
    "email_lint/py.typed",
    "email_lint/phrases/data/*.toml",
    "email_lint/cli.py",
    *(f"email_lint_{cc}/__init__.py" for cc in ("be", "ca", "de", "es", "fr", "gb", "it", "nl", "us")),
)
SDIST_MUST = (
    "LICENSE",
    "PKG-INFO",
    "pyproject.toml",
    "MANIFEST.in",
    "email_lint/py.typed",
    "email_lint/phrases/data/*.toml",
    "plugins/email_lint_gb/__init__.py",
    "tests/test_cli.py",
    "tests/rule_cases/*/*.yaml",
    "tests/golden/*",
    "tests/data/*",
    "examples/*",
    "docs/rules.md",
    "schemas/email-lint.schema.json",
)


def missing(names: list[str], patterns: tuple[str, ...]) -> list[str]:
    """The patterns that match no name (``*`` also matches ``/``, as in fnmatch)."""
    from fnmatch import fnmatchcase

    return [p for p in patterns if not any(fnmatchcase(n, p) for n in names)]


def wheel_names(path: Path) -> list[str]:
    with zipfile.ZipFile(path) as wheel:
        return wheel.namelist()


def sdist_names(path: Path) -> list[str]:
    with tarfile.open(path) as sdist:
        # Drop the top folder (email_lint-1.2.3/...).
        return [m.name.partition("/")[2] for m in sdist.getmembers()]


def main(argv: list[str]) -> int:
    folder = Path(argv[1] if len(argv) > 1 else "dist")
    wheels, sdists = sorted(folder.glob("*.whl")), sorted(folder.glob("*.tar.gz"))
    if not wheels or not sdists:
        print(f"check_dist: {folder}: needs one wheel and one sdist (run python -m build)", file=sys.stderr)
        return 2
    problems = [f"{wheels[-1].name}: missing {p}" for p in missing(wheel_names(wheels[-1]), WHEEL_MUST)]
    problems += [f"{sdists[-1].name}: missing {p}" for p in missing(sdist_names(sdists[-1]), SDIST_MUST)]
    for problem in problems:
        print(f"check_dist: {problem}", file=sys.stderr)
    if not problems:
        print(f"check_dist: {wheels[-1].name} and {sdists[-1].name} carry what they must")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
