"""Discover and load rule packs through pluggy and the ``email_lint`` entry-point group."""

from __future__ import annotations

import importlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, cast

import pluggy

from email_lint import hookspecs
from email_lint.context import known_countries
from email_lint.entrypoints import entry_points  # importlib.metadata's, without its start-up cost
from email_lint.errors import PluginError
from email_lint.rules.base import Rule

if TYPE_CHECKING:
    from email_lint.formatters import Formatter
    from email_lint.packs.consent import Regime

GROUP = "email_lint"


@dataclass(frozen=True)
class LoadedPlugin:
    """A registered plugin and the distribution it comes from."""

    name: str
    distribution: str
    version: str


@dataclass
class Registry:
    """Every rule from every loaded plugin, by code, with where each came from."""

    manager: pluggy.PluginManager
    plugins: list[LoadedPlugin]
    rules: dict[str, Rule]
    origin: dict[str, str]

    def formatters(self) -> dict[str, Formatter]:
        found: dict[str, Formatter] = {}
        for mapping in self.manager.hook.email_lint_formatters():
            found.update(mapping or {})
        return found

    def extra_phrases(self) -> dict[str, dict[str, list[str]]]:
        """Phrases every plugin contributes: element -> language -> phrases (duplicates dropped)."""
        merged: dict[str, dict[str, list[str]]] = {}
        for mapping in self.manager.hook.email_lint_phrases():
            for element, by_language in (mapping or {}).items():
                for language, phrases in by_language.items():
                    known = merged.setdefault(element, {}).setdefault(language, [])
                    known.extend(p for p in phrases if p not in known)
        return merged

    def phrase_entries(self) -> tuple[tuple[str, str, tuple[str, ...]], ...]:
        """:meth:`extra_phrases` in the frozen form of ``Context.extra_phrases`` (computed once)."""
        if "_phrase_entries" not in self.__dict__:
            self.__dict__["_phrase_entries"] = tuple(
                (element, language, tuple(phrases))
                for element, by_language in sorted(self.extra_phrases().items())
                for language, phrases in sorted(by_language.items())
            )
        entries: tuple[tuple[str, str, tuple[str, ...]], ...] = self.__dict__["_phrase_entries"]
        return entries

    def regimes(self) -> dict[str, Regime]:
        """Country code (lower case) -> the consent ``Regime`` its pack declares (computed once).

        Two plugins declaring one country is a :class:`PluginError`, as for rule codes.
        """
        if "_regimes" not in self.__dict__:
            regimes: dict[str, Regime] = {}
            owner: dict[str, str] = {}
            for impl in self.manager.hook.email_lint_consent_regimes.get_hookimpls():
                try:
                    # pluggy types a hook result as object; the hookspec declares this mapping.
                    provided = cast("Mapping[object, Regime]", impl.function() or {})
                except Exception as exc:
                    raise PluginError(f"plugin {impl.plugin_name!r} failed to list its consent regimes: "
                                      f"{type(exc).__name__}: {exc}") from None
                for code, regime in provided.items():
                    code = str(code).lower()
                    if code in regimes:
                        raise _clash(f"the consent regime of {code.upper()}", owner[code], impl.plugin_name,
                                     self.plugins)
                    regimes[code] = regime
                    owner[code] = impl.plugin_name
            self.__dict__["_regimes"] = dict(sorted(regimes.items()))
        found: dict[str, Regime] = self.__dict__["_regimes"]
        return found

    def countries(self) -> tuple[str, ...]:
        """Every country some loaded rule belongs to (lower case, sorted)."""
        return known_countries(self.rules.values())


def _distribution(entry_point: object) -> tuple[str, str]:
    dist = getattr(entry_point, "dist", None)
    if dist is None:
        return "?", "?"
    return dist.metadata["Name"], dist.version


def load_plugins(disabled: tuple[str, ...] = (), extra: tuple[tuple[str, object], ...] = ()) -> Registry:
    """Register every entry point of the group (minus *disabled*) and collect their rules.

    A plugin that fails to import, a misspelt hook, or two rules sharing a code or a
    name raise :class:`PluginError` naming the plugins: a silently missing pack is the
    worst failure a compliance linter can have.
    """
    manager = pluggy.PluginManager(hookspecs.PROJECT)
    manager.add_hookspecs(hookspecs)
    plugins: list[LoadedPlugin] = []
    eps = sorted(entry_points(group=GROUP), key=lambda ep: ep.name)
    known = sorted({ep.name for ep in eps} | {name for name, _ in extra})
    unknown = [name for name in disabled if name not in known]
    if unknown:
        raise PluginError(
            f"--disable-plugin: unknown plugin{'s' * (len(unknown) > 1)} {', '.join(map(repr, unknown))} "
            f"(known: {', '.join(known)})"
        )
    seen: set[str] = set()
    for ep in eps:
        if ep.name in disabled or ep.name in seen:
            continue
        seen.add(ep.name)
        dist_name, version = _distribution(ep)
        try:
            module = ep.load()
        except Exception as exc:  # any import failure must be reported, not swallowed
            raise PluginError(
                f"plugin {ep.name!r} (distribution {dist_name}) failed to load: "
                f"{type(exc).__name__}: {exc}"
            ) from None
        manager.register(module, name=ep.name)
        plugins.append(LoadedPlugin(ep.name, dist_name, version))
    for name, module in extra:
        if isinstance(module, str):
            module = importlib.import_module(module)
        manager.register(module, name=name)
        plugins.append(LoadedPlugin(name, "(in process)", "-"))
    try:
        manager.check_pending()
    except pluggy.PluginValidationError as exc:
        plugin_name = manager.get_name(exc.plugin) or exc.plugin
        raise PluginError(f"plugin {plugin_name!r} has an unknown hook: {exc}") from None
    return Registry(manager, plugins, *_collect_rules(manager, plugins))


def _clash(what: str, first: str, second: str, plugins: Sequence[LoadedPlugin]) -> PluginError:
    """Two plugins define one rule code or name: name both, with their distributions."""
    where = {p.name: f"{p.name!r} ({p.distribution} {p.version})" for p in plugins}
    one, two = sorted((first, second))
    return PluginError(f"{what} is defined by both {where.get(one, repr(one))} and {where.get(two, repr(two))}")


def _collect_rules(
    manager: pluggy.PluginManager, plugins: Sequence[LoadedPlugin] = ()
) -> tuple[dict[str, Rule], dict[str, str]]:
    plugins = list(plugins)
    rules: dict[str, Rule] = {}
    origin: dict[str, str] = {}
    names: dict[str, str] = {}
    for impl in manager.hook.email_lint_rules.get_hookimpls():
        plugin = impl.plugin_name
        try:
            # pluggy types a hook result as object; the hookspec declares a list (each item is checked).
            provided = cast("Iterable[object]", impl.function() or [])
        except Exception as exc:
            raise PluginError(f"plugin {plugin!r} failed to list its rules: {type(exc).__name__}: {exc}") from None
        for item in provided:
            if not isinstance(item, Rule):
                raise PluginError(f"plugin {plugin!r} returned {item!r}, not a Rule")
            if item.code in rules:
                raise _clash(f"rule code {item.code}", origin[item.code], plugin, plugins)
            if item.name in names:
                raise _clash(f"rule name {item.name!r}", names[item.name], plugin, plugins)
            rules[item.code] = item
            origin[item.code] = plugin
            names[item.name] = plugin
    return dict(sorted(rules.items())), origin
