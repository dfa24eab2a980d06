"""Configuration: ``[tool.email-lint]`` in pyproject.toml, ``email-lint.toml`` or ``.email-lint.toml``.

The closest configuration file to a checked file wins; a file may ``extend`` another
(explicitly, by path). Keys are validated: an unknown key is an error, never ignored.
"""

from __future__ import annotations

import os
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from email_lint.context import Context, validate_fields
from email_lint.errors import ConfigError
from email_lint.formats import DEFAULT_INCLUDE
from email_lint.pathmatch import PatternSet
from email_lint.rules.base import SEVERITIES

if TYPE_CHECKING:
    from email_lint.assembly.search import SearchPaths

#: A TOML table as :mod:`tomllib` reads it.
Table = dict[str, Any]

CONFIG_FILES = (".email-lint.toml", "email-lint.toml", "pyproject.toml")
#: Campaign fields; ``first-contact`` may also be written ``first_contact`` (as in Python and JSON).
CONTEXT_KEYS = {"kind", "countries", "audience", "consent", "first-contact", "first_contact", "esp", "esp-footer"}
TOP_KEYS = CONTEXT_KEYS | {
    "extend", "select", "ignore", "extend-select", "per-file-ignores", "severity", "sender",
    "phrases", "exclude", "overrides", "max-file-size",
    "extend-exclude", "include", "extend-include", "respect-gitignore", "force-exclude", "template-dirs",
    "partials-dirs",
}
OVERRIDE_KEYS = CONTEXT_KEYS | {"files", "ignore", "select"}
SENDER_KEYS = {"name", "address"}
PHRASE_ELEMENTS = {
    "sender_identity", "unsubscribe", "data_source_notice", "commercial_statement", "postal_address",
}
DEFAULT_MAX_FILE_SIZE = 5 * 1024 * 1024
#: The largest ``max-file-size``: a file is read whole, so this much memory must be at hand.
MAX_FILE_SIZE_LIMIT = 1024**3
#: How many files an ``extend`` chain may hold.
MAX_EXTEND_DEPTH = 32
#: Folders a directory walk never enters unless ``exclude`` is replaced (``extend-exclude`` adds).
DEFAULT_EXCLUDE = (
    ".bzr", ".direnv", ".eggs", ".git", ".hg", ".mypy_cache", ".nox", ".pytest_cache", ".ruff_cache", ".svn",
    ".tox", ".venv", "__pycache__", "build", "dist", "node_modules", "site-packages", "venv",
)
#: ``*`` words a configured phrase may hold: each multiplies the ways a match is tried by five.
MAX_PHRASE_WILDCARDS = 3


@dataclass(frozen=True)
class Override:
    """Settings for the files matching some globs (relative to the config file)."""

    files: tuple[str, ...]
    context: dict[str, Any]
    ignore: tuple[str, ...] = ()
    select: tuple[str, ...] = ()


@dataclass(frozen=True)
class Config:
    """A loaded and validated configuration."""

    path: Path | None = None
    root: Path = field(default_factory=Path.cwd)
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    extend_select: tuple[str, ...] = ()
    per_file_ignores: tuple[tuple[str, tuple[str, ...]], ...] = ()
    severity: tuple[tuple[str, str], ...] = ()
    context: Context = field(default_factory=Context)
    exclude: tuple[str, ...] = DEFAULT_EXCLUDE
    overrides: tuple[Override, ...] = ()
    max_file_size: int = DEFAULT_MAX_FILE_SIZE
    extend_exclude: tuple[str, ...] = ()
    #: Globs of the files a directory walk checks; None: every template extension.
    include: tuple[str, ...] | None = None
    extend_include: tuple[str, ...] = ()
    respect_gitignore: bool = True
    force_exclude: bool = False
    #: Template folders (relative to the configuration file): their plain ``.txt`` files are walked.
    template_dirs: tuple[str, ...] = ()
    #: Folders of partials (relative to the configuration file): checked through the templates
    #: that include them, never as emails of their own (``partials-dirs``).
    partials_dirs: tuple[str, ...] = ()

    def search_paths(self) -> SearchPaths:
        """Where includes are looked for (:class:`email_lint.assembly.search.SearchPaths`),
        made once per current folder (asked for each walked file, when finding the partials)."""
        cwd = os.getcwd()
        found = self._search_paths.get(cwd)
        if found is None:
            found = self._search_paths[cwd] = self._make_search_paths(Path(cwd))
        return found

    def _make_search_paths(self, cwd: Path) -> SearchPaths:
        from email_lint.assembly.search import SearchPaths

        root = self.root if self.path is not None else cwd  # no configuration: the project is here
        partials = tuple(Path(os.path.abspath(root / folder)) for folder in self.partials_dirs)
        return SearchPaths(Path(os.path.abspath(root)), self.template_paths, partials)

    @cached_property
    def _search_paths(self) -> dict[str, SearchPaths]:
        return {}

    def matches(self, globs: tuple[str, ...], path: Path) -> bool:
        """Whether *path* matches the gitignore-style *globs* (relative to the config file's folder)."""
        return self._patterns(globs).matches(_absolute(path))

    def _patterns(self, globs: tuple[str, ...]) -> PatternSet:
        cache = self._pattern_cache
        if globs not in cache:
            cache[globs] = PatternSet(globs, self.root.resolve())
        return cache[globs]

    @cached_property
    def _pattern_cache(self) -> dict[tuple[str, ...], PatternSet]:
        return {}

    @cached_property
    def exclude_patterns(self) -> PatternSet:
        return PatternSet(self.exclude + self.extend_exclude, self.root.resolve())

    @cached_property
    def include_patterns(self) -> PatternSet:
        """Include globs, matched without regard to case (``promo.HTML`` is a template)."""
        include = DEFAULT_INCLUDE if self.include is None else self.include
        return PatternSet(include + self.extend_include, self.root.resolve(), fold_case=True)

    @cached_property
    def template_paths(self) -> tuple[Path, ...]:
        root = self.root.resolve()
        return tuple((root / folder).resolve() for folder in self.template_dirs)

    def context_for(self, path: Path) -> Context:
        """The configured context for *path*: global values, then matching overrides."""
        context = self.context
        for override in self.overrides:
            if self.matches(override.files, path):
                context = context.merged(override.context)
        return context

    def select_for(self, path: Path) -> tuple[str, ...]:
        """``select`` for *path*: the last matching override that sets one replaces the global one."""
        select = self.select
        for override in self.overrides:
            if override.select and self.matches(override.files, path):
                select = override.select
        return select

    def ignores_for(self, path: Path) -> tuple[str, ...]:
        codes: list[str] = []
        for glob, ignored in self.per_file_ignores:
            if self.matches((glob,), path):
                codes.extend(ignored)
        for override in self.overrides:
            if override.ignore and self.matches(override.files, path):
                codes.extend(override.ignore)
        return tuple(codes)


def _absolute(path: Path) -> Path:
    return path.resolve()


def _flag(table: Table, key: str, default: bool, where: str) -> bool:
    value = table.get(key, default)
    if not isinstance(value, bool):
        raise ConfigError(f"{where}: {key} must be true or false")
    return value


def _codes(value: Any, key: str, where: str) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"{where}: {key} must be a list of rule codes")
    return tuple(v.strip().upper() for v in value)


def _strings(value: Any, key: str, where: str) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"{where}: {key} must be a list of strings")
    return tuple(value)


def _read_table(path: Path) -> Table:
    import tomllib  # (only where there is a configuration file)

    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read configuration: {exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}") from None
    if path.name == "pyproject.toml":
        table: Table = data.get("tool", {}).get("email-lint", {})
        return table
    return data


def _has_table(path: Path) -> bool:
    if path.name != "pyproject.toml":
        return True
    import tomllib

    try:
        return "email-lint" in tomllib.loads(path.read_text(encoding="utf-8")).get("tool", {})
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return True  # let loading report the problem


def _raw_config(path: Path, seen: tuple[Path, ...] = ()) -> Table:
    """The table of *path* laid over the one it extends (keys replace, not merge)."""
    path = path.resolve()
    if path in seen:
        raise ConfigError(f"{path}: 'extend' loops back to itself")
    if len(seen) >= MAX_EXTEND_DEPTH:
        raise ConfigError(f"{seen[0]}: 'extend' chains more than {MAX_EXTEND_DEPTH} files")
    table = _read_table(path)
    unknown = sorted(set(table) - TOP_KEYS)
    if unknown:
        raise ConfigError(f"{path}: unknown key(s) {', '.join(unknown)} (known: {', '.join(sorted(TOP_KEYS))})")
    if "extend" in table:
        base_path = (path.parent / str(table["extend"])).resolve()
        if not base_path.is_file():
            raise ConfigError(f"{path}: extend: no such file {base_path}")
        base = _raw_config(base_path, (*seen, path))
        base.update({k: v for k, v in table.items() if k != "extend"})
        return base
    return dict(table)


def build_config(table: Table, path: Path | None, known_codes: set[str] | None = None) -> Config:
    """Validate a raw table into a :class:`Config`."""
    where = str(path) if path else "configuration"
    root = path.parent if path else Path.cwd()
    unknown = sorted(set(table) - TOP_KEYS - {"extend"})
    if unknown:
        raise ConfigError(f"{where}: unknown key(s) {', '.join(unknown)} (known: {', '.join(sorted(TOP_KEYS))})")
    select = _codes(table.get("select", []), "select", where)
    ignore = _codes(table.get("ignore", []), "ignore", where)
    extend_select = _codes(table.get("extend-select", []), "extend-select", where)
    per_file = table.get("per-file-ignores", {})
    if not isinstance(per_file, dict):
        raise ConfigError(f"{where}: per-file-ignores must be a table of glob = [codes]")
    per_file_ignores = tuple((g, _codes(c, f"per-file-ignores.{g}", where)) for g, c in per_file.items())
    severity = table.get("severity", {})
    if not isinstance(severity, dict) or any(v not in SEVERITIES for v in severity.values()):
        raise ConfigError(f"{where}: severity must map rule codes to one of {', '.join(SEVERITIES)}")
    all_codes = [*select, *ignore, *extend_select, *(c for _, cs in per_file_ignores for c in cs),
                 *(k.upper() for k in severity)]
    context_values = validate_fields({k: table[k] for k in CONTEXT_KEYS if k in table}, where)
    sender = table.get("sender", {})
    if not isinstance(sender, dict) or set(sender) - SENDER_KEYS:
        raise ConfigError(f"{where}: sender takes only the keys name and address")
    for key, value in sender.items():
        if not isinstance(value, str):
            raise ConfigError(f"{where}: sender.{key} must be a string, not {value!r}")
    phrases = table.get("phrases", {})
    extra: list[tuple[str, str, tuple[str, ...]]] = []
    if not isinstance(phrases, dict):
        raise ConfigError(f"{where}: phrases must be a table of element -> language -> [phrases]")
    for element, by_language in phrases.items():
        if element not in PHRASE_ELEMENTS:
            known = ", ".join(sorted(PHRASE_ELEMENTS))
            raise ConfigError(f"{where}: phrases.{element}: unknown element (known: {known})")
        if not isinstance(by_language, dict):
            raise ConfigError(f"{where}: phrases.{element} must be a table of language = [phrases]")
        for language, values in sorted(by_language.items()):
            key = f"phrases.{element}.{language}"
            phrases_here = _strings(values, key, where)
            for phrase in phrases_here:
                if phrase.split().count("*") > MAX_PHRASE_WILDCARDS:
                    raise ConfigError(f"{where}: {key}: {phrase!r} has more than {MAX_PHRASE_WILDCARDS} "
                                      "wildcards (*): each one multiplies the matching work; use fewer")
            extra.append((element, language, phrases_here))
    context = Context(
        sender_name=sender.get("name"), sender_address=sender.get("address"), extra_phrases=tuple(extra)
    ).merged(context_values)
    overrides = []
    if not isinstance(table.get("overrides", []), list):
        raise ConfigError(f"{where}: overrides must be an array of tables ([[overrides]] with files = [globs])")
    for number, item in enumerate(table.get("overrides", []), start=1):
        if not isinstance(item, dict) or "files" not in item:
            raise ConfigError(f"{where}: overrides[{number}] needs a files = [globs] key")
        unknown = sorted(set(item) - OVERRIDE_KEYS)
        if unknown:
            raise ConfigError(f"{where}: overrides[{number}]: unknown key(s) {', '.join(unknown)}")
        override_ignore = _codes(item.get("ignore", []), f"overrides[{number}].ignore", where)
        override_select = _codes(item.get("select", []), f"overrides[{number}].select", where)
        all_codes.extend((*override_ignore, *override_select))
        overrides.append(
            Override(
                files=_strings(item["files"], "files", where),
                context=validate_fields(
                    {k: item[k] for k in CONTEXT_KEYS if k in item}, f"{where}: overrides[{number}]"
                ),
                ignore=override_ignore,
                select=override_select,
            )
        )
    if known_codes is not None:
        check_codes(all_codes, known_codes, where)
    max_size = table.get("max-file-size", DEFAULT_MAX_FILE_SIZE)
    if not isinstance(max_size, int) or isinstance(max_size, bool) or not 0 < max_size <= MAX_FILE_SIZE_LIMIT:
        raise ConfigError(f"{where}: max-file-size must be a number of bytes from 1 to {MAX_FILE_SIZE_LIMIT} (1 GiB)")
    return Config(
        path=path,
        root=root,
        select=select,
        ignore=ignore,
        extend_select=extend_select,
        per_file_ignores=per_file_ignores,
        severity=tuple((k.upper(), v) for k, v in severity.items()),
        context=context,
        exclude=_strings(table["exclude"], "exclude", where) if "exclude" in table else DEFAULT_EXCLUDE,
        overrides=tuple(overrides),
        max_file_size=max_size,
        extend_exclude=_strings(table.get("extend-exclude", []), "extend-exclude", where),
        include=_strings(table["include"], "include", where) if "include" in table else None,
        extend_include=_strings(table.get("extend-include", []), "extend-include", where),
        respect_gitignore=_flag(table, "respect-gitignore", True, where),
        force_exclude=_flag(table, "force-exclude", False, where),
        template_dirs=_strings(table.get("template-dirs", []), "template-dirs", where),
        partials_dirs=_strings(table.get("partials-dirs", []), "partials-dirs", where),
    )


def check_codes(codes: Iterable[str], known_codes: Collection[str], where: str) -> None:
    """Every code or prefix must select at least one known rule."""
    for code in codes:
        if not any(k.startswith(code) for k in known_codes):
            raise ConfigError(f"{where}: unknown rule code or prefix {code!r}")


def find_config_file(directory: Path) -> Path | None:
    """The closest configuration file at or above *directory*."""
    for folder in (directory, *directory.parents):
        for name in CONFIG_FILES:
            candidate = folder / name
            if _is_file(candidate) and _has_table(candidate):
                return candidate
    return None


def _is_file(path: Path) -> bool:
    """``path.is_file()``, False in a folder that cannot be searched (its files are then
    reported unreadable one by one; the run goes on)."""
    try:
        return path.is_file()
    except OSError:
        return False


def load_config(path: Path | None, known_codes: frozenset[str] | None = None) -> Config:
    """Load, extend and validate the configuration file at *path* (None: defaults, with
    patterns relative to the current folder)."""
    if path is None:
        return build_config({}, None, set(known_codes) if known_codes else None)
    try:
        stat = path.stat()
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read configuration: {exc.strerror or exc}") from None
    return _load_file(path, stat.st_mtime_ns, stat.st_size, known_codes)


@lru_cache(maxsize=64)
def _load_file(path: Path, _mtime: int, _size: int, known_codes: frozenset[str] | None) -> Config:
    """One load per version of the file (a long-running gate sees edits)."""
    return build_config(_raw_config(path), path, set(known_codes) if known_codes else None)


class ConfigResolver:
    """Closest configuration for each checked file, or one explicit ``--config``."""

    def __init__(self, explicit: Path | None, known_codes: frozenset[str]):
        self.explicit = explicit
        self.known_codes = known_codes
        self._by_dir: dict[Path, Config] = {}
        #: Folder as given (joined to the current folder, not normalised) -> its configuration:
        #: resolving symbolic links costs a system call per path component, once per folder here.
        self._by_folder: dict[str, Config] = {}
        if explicit is not None and not explicit.is_file():
            raise ConfigError(f"{explicit}: no such configuration file")

    def for_path(self, path: Path) -> Config:
        if self.explicit is not None:
            return load_config(self.explicit.resolve(), self.known_codes)
        folder = path.parent if path.name else path
        key = os.path.join(os.getcwd(), folder)  # as resolve() sees it: '..' after a link is kept
        config = self._by_folder.get(key)
        if config is None:
            config = self._by_folder[key] = self.for_directory(folder.resolve())
        return config

    def for_directory(self, directory: Path) -> Config:
        """The configuration that applies to the files of *directory* (an absolute path)."""
        if self.explicit is not None:
            return load_config(self.explicit.resolve(), self.known_codes)
        if directory not in self._by_dir:
            found = find_config_file(directory)
            self._by_dir[directory] = load_config(found, self.known_codes)
        return self._by_dir[directory]
