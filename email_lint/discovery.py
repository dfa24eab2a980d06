"""Which files a run checks: the command line's paths expanded, in a stable order (ruff is the model).

- A directory is walked for the template extensions (``include``/``extend-include``), minus
  ``exclude``/``extend-exclude``/``--exclude`` and, by default, what git ignores (``.gitignore``
  files at every level, ``.git/info/exclude``). Symbolic links to folders are not followed.
- A plain ``.txt``/``.text`` file is walked only as the text part of an email: beside a template
  the walk selects, of the same stem (``welcome.txt`` next to ``welcome.html``), or inside a configured
  ``template-dirs`` folder (``.txt.j2``, ``.text.erb`` wrappers are templates anyway).
- A file named on the command line is always checked, unless ``--force-exclude`` and the walk
  would have left it out by ``exclude`` or the plain-text rule (git's ignore files are not read
  for named files, as in ruff: pre-commit passes tracked files); a file that is clearly not
  text (an image under the templates folder) is skipped quietly.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from email_lint.config import Config, ConfigResolver
from email_lint.decoding import looks_binary
from email_lint.formats import BINARY_EXTENSIONS, PLAIN_TEXT_EXTENSIONS, format_from_name, is_wrapped, template_stem
from email_lint.pathmatch import PatternSet

#: Version-control folders: never walked, whatever ``exclude`` says.
VCS_DIRS = frozenset({".git", ".hg", ".svn", ".bzr"})

Target = tuple[str, Path | None, str | None]  # (display path, path, error)


@dataclass(frozen=True)
class SelectionOptions:
    """What the command line says about file selection (None: the configuration decides)."""

    exclude: tuple[str, ...] = ()
    respect_gitignore: bool | None = None
    force_exclude: bool | None = None


class GitIgnore:
    """What git ignores under one repository: ``.git/info/exclude`` and every ``.gitignore``."""

    def __init__(self, root: Path):
        self.root = root
        self._stacks: dict[Path, tuple[PatternSet, ...]] = {}

    @staticmethod
    def find(start: Path) -> GitIgnore | None:
        """The repository holding *start* (absolute), if any."""
        for folder in (start, *start.parents):
            if (folder / ".git").exists():
                return GitIgnore(folder)
        return None

    def _stack(self, directory: Path) -> tuple[PatternSet, ...]:
        """Pattern sets that apply inside *directory*, the most specific last."""
        if directory in self._stacks:
            return self._stacks[directory]
        if directory == self.root:
            stack = tuple(filter(None, (_read_patterns(self.root / ".git" / "info" / "exclude", self.root),)))
        elif self.root in directory.parents:
            stack = self._stack(directory.parent)
        else:
            stack = ()
        own = _read_patterns(directory / ".gitignore", directory)
        if own:
            stack = (*stack, own)
        self._stacks[directory] = stack
        return stack

    def ignores(self, directory: Path, name: str, is_dir: bool = False) -> bool:
        """Whether git ignores *name* in *directory* (its folders are checked by the walk as it descends)."""
        target = f"{directory}/{name}"
        for patterns in reversed(self._stack(directory)):
            decision = patterns.decide(target, is_dir)
            if decision is not None:
                return decision
        return False


def _read_patterns(path: Path, base: Path) -> PatternSet | None:
    try:
        lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return None
    patterns = tuple(line for line in lines if line.strip() and not line.startswith("#"))
    return PatternSet(patterns, base) if patterns else None


class FileSelector:
    """Expands paths into the files to check, under each folder's closest configuration."""

    def __init__(self, resolver: ConfigResolver, options: SelectionOptions | None = None):
        self.resolver = resolver
        self.options = options or SelectionOptions()
        self.cli_exclude = PatternSet(self.options.exclude, Path.cwd().resolve())
        self._git: dict[Path, GitIgnore | None] = {}
        self._repositories: dict[Path, GitIgnore] = {}

    # -- settings -----------------------------------------------------------------------------
    def _respect_gitignore(self, config: Config) -> bool:
        flag = self.options.respect_gitignore
        return config.respect_gitignore if flag is None else flag

    def _force_exclude(self, config: Config) -> bool:
        flag = self.options.force_exclude
        return config.force_exclude if flag is None else flag

    def _git_for(self, directory: Path) -> GitIgnore | None:
        """The repository of *directory*: one :class:`GitIgnore` per repository, so the
        ``.gitignore`` files of a tree are read once."""
        if directory not in self._git:
            found = GitIgnore.find(directory)
            if found is not None:
                found = self._repositories.setdefault(found.root, found)
            self._git[directory] = found
        return self._git[directory]

    def excluded(self, path: Path | str, config: Config, is_dir: bool = False) -> bool:
        """Left out by ``exclude``/``extend-exclude`` (configuration) or ``--exclude``."""
        return config.exclude_patterns.matches(path, is_dir) or self.cli_exclude.matches(path, is_dir)

    # -- the command line's paths ------------------------------------------------------------
    def iter_files(self, paths: tuple[str, ...]) -> Iterator[Target]:
        """Yield ``(display path, path, error)`` for each file to check, in a stable order."""
        for raw in paths:
            path = Path(raw)
            if not os.path.lexists(raw):
                yield raw, None, f"{raw}: no such file or directory"
            elif path.is_dir():
                yield from self._walk(path)
            elif not self._skip_named(path):
                yield raw, path, None

    def _skip_named(self, path: Path) -> bool:
        """A named file is skipped when it is clearly binary, or with ``--force-exclude`` when
        the walk would have left it out."""
        absolute = path.absolute()
        if format_from_name(path.name) is None and _binary(path):
            return True
        folder = absolute.parent.resolve()
        config = self.resolver.for_directory(folder)
        if not self._force_exclude(config):
            return False
        absolute = folder / path.name
        root, cwd = config.root.resolve(), Path.cwd().resolve()
        for candidate in (absolute, *absolute.parents):
            is_dir = candidate != absolute
            if _below(candidate, root) and config.exclude_patterns.matches(candidate, is_dir):
                return True
            if _below(candidate, cwd) and self.cli_exclude.matches(candidate, is_dir):
                return True
        if _is_plain_text(path.name) and not config.include_patterns.matches(absolute):
            if _in_template_dirs(absolute, config):
                return False
            siblings = [name for name in os.listdir(folder)
                        if not _is_plain_text(name) and config.include_patterns.matches(f"{folder}/{name}")]
            return template_stem(path.name) not in _email_stems(siblings)
        return False

    # -- directory walks ---------------------------------------------------------------------
    def _walk(self, root: Path) -> Iterator[Target]:
        errors: list[OSError] = []
        found: list[Path] = []
        root_absolute = root.resolve()
        repository = self._git_for(root_absolute)
        for folder, dirs, files in os.walk(root, onerror=errors.append, followlinks=False):
            relative = Path(folder).relative_to(root)
            absolute = root_absolute / relative if relative.parts else root_absolute
            config = self.resolver.for_directory(absolute)
            git = repository if self._respect_gitignore(config) else None
            dirs[:] = sorted(d for d in dirs if self._enter(absolute, d, config, git))
            texts: list[str] = []
            templates: list[str] = []
            for name in files:
                (texts if _is_plain_text(name) else templates).append(name)
            prefix = f"{absolute}/"
            templates = [n for n in templates if self._selected(absolute, prefix + n, n, config, git)]
            found.extend(Path(folder) / name for name in templates)
            if texts:
                stems = _email_stems(templates)
                in_template_dirs = _in_template_dirs(absolute / "_", config)
                found.extend(
                    Path(folder) / name for name in texts
                    if self._text_selected(absolute, prefix + name, name, config, git, in_template_dirs, stems)
                )
        for error in errors:
            yield str(error.filename), None, f"{error.filename}: cannot read directory: {error.strerror}"
        for path in sorted(found):
            yield str(path), path, None

    def _enter(self, parent: Path, name: str, config: Config, git: GitIgnore | None) -> bool:
        if name in VCS_DIRS or self.excluded(f"{parent}/{name}", config, is_dir=True):
            return False
        return git is None or not git.ignores(parent, name, is_dir=True)

    def _selected(self, folder: Path, path: str, name: str, config: Config, git: GitIgnore | None) -> bool:
        if not config.include_patterns.matches(path):
            return False
        return not self.excluded(path, config) and (git is None or not git.ignores(folder, name))

    def _text_selected(self, folder: Path, path: str, name: str, config: Config, git: GitIgnore | None,
                       in_template_dirs: bool, stems: frozenset[str]) -> bool:
        """A plain-text file is walked when included by name, or as the text part of an email:
        in a configured template folder, or beside a selected template of the same stem."""
        wanted = in_template_dirs or template_stem(name) in stems or config.include_patterns.matches(path)
        return wanted and not self.excluded(path, config) and (git is None or not git.ignores(folder, name))


def _email_stems(names: list[str]) -> frozenset[str]:
    """Stems of the HTML/MJML templates among *names* (``welcome`` for ``welcome.html.erb``)."""
    return frozenset(template_stem(name) for name in names if format_from_name(name) in ("html", "mjml"))


def _in_template_dirs(path: Path, config: Config) -> bool:
    return any(folder in path.parents for folder in config.template_paths)


def _below(path: Path, base: Path) -> bool:
    return base in path.parents


def _is_plain_text(name: str) -> bool:
    """A ``.txt``/``.text`` file without a template-engine wrapper."""
    lowered = name.lower()
    return lowered.endswith(PLAIN_TEXT_EXTENSIONS) and not is_wrapped(lowered)


def _binary(path: Path) -> bool:
    """Clearly not a template: a binary extension, or NUL bytes in its first 8 KiB."""
    if path.suffix.lower() in BINARY_EXTENSIONS:
        return True
    try:
        with path.open("rb") as stream:
            return looks_binary(stream.read(8192))
    except OSError:
        return False  # the reader reports it


def iter_files(paths: tuple[str, ...], exclude: tuple[str, ...] = (),
               resolver: ConfigResolver | None = None) -> Iterator[Target]:
    """The files to check for *paths* (a convenience over :class:`FileSelector`)."""
    selector = FileSelector(resolver or ConfigResolver(None, frozenset()), SelectionOptions(exclude=exclude))
    return selector.iter_files(paths)
