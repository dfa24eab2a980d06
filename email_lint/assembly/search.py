"""Where included files are looked for: the including file's folder and its parents up to the
project root, the configured ``template-dirs`` and ``partials-dirs``, and each engine's
conventional folders (``templates/``, ``partials/``, ``_includes/``, ``snippets/``...)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

#: Conventional folders of shared templates, looked for in the project root and its parents.
CONVENTIONAL = ("templates", "partials", "includes", "_includes", "snippets", "layouts", "_layouts",
                "views", "views/partials", "emails", "mail", "mails")
#: Folders whose files are partials (checked through the templates that include them).
PARTIAL_FOLDERS = frozenset({"partials", "layouts", "includes", "_includes", "_layouts", "snippets",
                             "_partials", "components"})
#: How far above a file outside the project root the search goes.
MAX_PARENTS = 4


@dataclass(frozen=True)
class SearchPaths:
    """The run's search folders (absolute paths)."""

    root: Path
    template_dirs: tuple[Path, ...] = ()
    partials_dirs: tuple[Path, ...] = ()

    def ancestors(self, including: Path) -> list[Path]:
        """The including file's folder, then its parents up to the project root."""
        folders: list[Path] = []
        folder = including.parent
        for _ in range(32):
            folders.append(folder)
            if folder == self.root or folder.parent == folder:
                break
            if len(folders) >= MAX_PARENTS and not folder.is_relative_to(self.root):
                break
            folder = folder.parent
        return folders

    def shared(self, *conventional: str) -> list[Path]:
        """Configured folders, then the named conventional folders under the root."""
        folders = [*self.template_dirs, *self.partials_dirs]
        folders.extend(self.root / name for name in conventional)
        return folders

    def is_partial_folder(self, path: Path) -> bool:
        """Whether *path* lies in a configured partials dir (or a conventional partials folder)."""
        for folder in self.partials_dirs:
            if path.is_relative_to(folder):
                return True
        try:
            parts = path.relative_to(self.root).parts[:-1]
        except ValueError:
            parts = path.parts[-4:-1]
        return any(part.lower() in PARTIAL_FOLDERS for part in parts)


def unique(paths: Iterable[Path]) -> list[Path]:
    seen: set[Path] = set()
    result: list[Path] = []
    for path in paths:
        if path not in seen:
            seen.add(path)
            result.append(path)
    return result


def joined(folders: Iterable[Path], names: Iterable[str]) -> list[Path]:
    """Every folder / name, folders first."""
    return unique(folder / name for folder in folders for name in names)


def with_extensions(name: str, extensions: Iterable[str]) -> list[str]:
    """*name* as written, then with each extension added (when it has none of them)."""
    names = [name]
    lowered = name.lower()
    for extension in extensions:
        if extension and not lowered.endswith(extension):
            names.append(name + extension)
    return names


def template_extensions(including: Path) -> list[str]:
    """``.html.twig`` -> [".html.twig", ".twig"]: the including file's own compound extensions."""
    suffixes = including.suffixes
    return ["".join(suffixes[i:]) for i in range(len(suffixes)) if suffixes[i:]][-3:]
