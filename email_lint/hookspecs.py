"""Hook specifications: what a plugin (the core pack included) can provide."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pluggy

if TYPE_CHECKING:
    from email_lint.formatters import Formatter
    from email_lint.packs.consent import Regime
    from email_lint.rules.base import Rule

PROJECT = "email_lint"
hookspec = pluggy.HookspecMarker(PROJECT)
hookimpl = pluggy.HookimplMarker(PROJECT)


@hookspec
def email_lint_rules() -> list[Rule]:
    """Return the :class:`~email_lint.rules.base.Rule` objects this plugin provides."""


@hookspec
def email_lint_formatters() -> dict[str, Formatter]:
    """Return extra output formats: ``{name: function(results, rules) -> str}``.

    *results* is the run's ``list[FileResult]``, *rules* maps each loaded code to its ``Rule``
    (see :mod:`email_lint.formatters`); the function must not print or read anything.
    """


@hookspec
def email_lint_phrases() -> dict[str, dict[str, list[str]]]:
    """Return extra phrases: ``{element: {language: [phrases]}}`` merged into the matcher.

    Each element becomes the category ``<element>.phrases`` (for a core element, its main
    list); wordings several plugins contribute are kept once. See :mod:`email_lint.packs.phrases`.
    """


@hookspec
def email_lint_consent_regimes() -> dict[str, Regime]:
    """Return ``{country code: Regime}``: the consent regime of each country the plugin covers.

    The pack's consent rule and the audience check (per recipient) judge with this same
    object; see :class:`email_lint.packs.consent.Regime`.
    """
