"""What the email service provider (ESP) adds at send time, as evidence for the rules.

The knowledge is data (``catalogue.toml`` beside this module, documented with its sources in
docs/esp.md): per ESP, which elements it injects (``unsubscribe``, ``postal_address``,
``list_unsubscribe_header``, ``one_click``) and under which condition. ``esp = "mailchimp"``
(configuration, ``email-lint: esp=mailchimp`` directive, or ``--esp``) selects one; the
detectors then count its injections as evidence with source ``esp``, after the template's own.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from email_lint.errors import ConfigError

if TYPE_CHECKING:
    from email_lint.context import Context
    from email_lint.detectors.model import Evidence
    from email_lint.document import Document

ELEMENTS = ("unsubscribe", "postal_address", "list_unsubscribe_header", "one_click")
CONDITIONS = ("always", "tag-missing", "setting")


@dataclass(frozen=True)
class Injection:
    """One thing an ESP adds, and when."""

    esp: str
    name: str
    elements: tuple[str, ...]
    condition: str
    what: str
    source: str
    tag: str | None = None
    setting: str | None = None

    def applies(self, document: Document | None, esp_footer: bool | None) -> bool:
        """Whether the ESP adds this to *document* (None: no document, judge by settings only)."""
        if self.condition == "setting":
            return bool(esp_footer)
        if self.condition == "tag-missing" and document is not None:
            return re.search(self.tag or "", document.source or "") is None
        return True

    @property
    def reason(self) -> str:
        if self.condition == "setting":
            return f"injected by {self.name} at send time ({self.setting} is on: esp-footer = true)"
        return f"injected by {self.name} at send time"


@dataclass(frozen=True)
class Esp:
    key: str
    name: str
    injects: tuple[Injection, ...]
    #: Why nothing is modelled, for an ESP that injects nothing.
    nothing: str = ""


@lru_cache(maxsize=1)
def catalogue() -> dict[str, Esp]:
    """Every known ESP by key, read and checked once."""
    data = tomllib.loads(Path(__file__).with_name("catalogue.toml").read_text(encoding="utf-8"))
    found: dict[str, Esp] = {}
    for key, entry in data.items():
        injects: list[Injection] = []
        for item in entry.get("injects", []):
            injection = Injection(key, entry["name"], tuple(item["elements"]), item["condition"], item["what"],
                                  item["source"], item.get("tag"), item.get("setting"))
            bad = set(injection.elements) - set(ELEMENTS)
            if bad or injection.condition not in CONDITIONS:
                raise ValueError(f"esp catalogue: {key}: unknown element or condition")
            if (injection.condition == "tag-missing") != (injection.tag is not None):
                raise ValueError(f"esp catalogue: {key}: a tag-missing condition needs a tag, and only it")
            if (injection.condition == "setting") != (injection.setting is not None):
                raise ValueError(f"esp catalogue: {key}: a setting condition needs a setting, and only it")
            injects.append(injection)
        found[key] = Esp(key, entry["name"], tuple(injects), entry.get("nothing", ""))
    return found


def validate_esp(value: object) -> str:
    """``"Mailchimp"`` -> ``"mailchimp"``; an unknown ESP is a configuration error."""
    key = str(value).strip().lower()
    known = catalogue()
    if key not in known:
        raise ConfigError(f"esp must be one of {', '.join(sorted(known))}, not {value!r}")
    return key


def injections(context: Context, element: str, document: Document | None = None) -> list[Injection]:
    """What the context's ESP adds for *element* (to *document*, when given)."""
    key: str | None = getattr(context, "esp", None)  # a pack may pass a context-like object
    if not key:
        return []
    esp = catalogue().get(key)
    if esp is None:
        return []
    return [i for i in esp.injects if element in i.elements and i.applies(document, context.esp_footer)]


def injected_elements(context: Context, document: Document | None = None) -> list[tuple[str, str, str]]:
    """``(element, text, reason)`` for everything the context's ESP injects."""
    return [(element, i.what, i.reason) for element in ELEMENTS for i in injections(context, element, document)]


def evidence(document: Document, context: Context, element: str) -> Iterator[Evidence]:
    """The ESP's injections for *element* as :class:`~email_lint.detectors.model.Evidence` (source ``esp``),
    placed on the document's last line, where a footer is appended."""
    from email_lint.detectors.model import Evidence

    last_line = max((document.source or "").count("\n"), 1)
    for injection in injections(context, element, document):
        yield Evidence(injection.what, last_line, "esp", injection.reason)
