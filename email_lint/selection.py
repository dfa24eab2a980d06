"""Which rule codes are on: ``select``/``ignore`` by prefix, the longest prefix wins (as in ruff)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Selection:
    """Select and ignore prefixes; an empty ``select`` means every rule."""

    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()

    def enabled(self, code: str) -> bool:
        best_select = max((len(p) for p in self.select if code.startswith(p)), default=-1)
        best_ignore = max((len(p) for p in self.ignore if code.startswith(p)), default=-1)
        if best_select < 0 and best_ignore < 0:
            return not self.select
        return best_select > best_ignore

    def narrowed(self, select: tuple[str, ...] = (), ignore: tuple[str, ...] = ()) -> Selection:
        """Command-line flags: a given ``select`` replaces, ``ignore`` adds."""
        return Selection(select or self.select, self.ignore + ignore)
