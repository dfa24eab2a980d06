"""The campaign context every rule sees: what kind of email, to whom, on what consent.

Sources, lowest to highest precedence: configuration (global, then per-glob
overrides), the file's own directive (``<!-- email-lint: kind=transactional -->``),
then command-line flags.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, fields, replace
from functools import cached_property, lru_cache
from typing import TYPE_CHECKING, Any

from email_lint.errors import ConfigError

if TYPE_CHECKING:
    from email_lint.phrases.matcher import PhraseMatcher
    from email_lint.rules.base import Rule

KINDS = ("commercial", "transactional")
AUDIENCES = ("b2b", "b2c")
CONSENTS = ("opt-in", "double-opt-in", "soft-opt-in", "opt-out", "none", "unknown")
COUNTRY_ALIASES = {"uk": "gb"}


@dataclass(frozen=True)
class Context:
    """Campaign facts (kind, countries, audience, consent, first contact) and sender data."""

    kind: str = "commercial"
    countries: tuple[str, ...] = ()
    audience: str | None = None
    consent: str | None = None
    first_contact: bool | None = None
    sender_name: str | None = None
    sender_address: str | None = None
    #: The ESP that sends the email (``email_lint/esp/catalogue.toml``): what it injects counts as present.
    esp: str | None = None
    #: The ESP's setting that adds its unsubscribe footer or headers is on (SendGrid subscription tracking...).
    esp_footer: bool | None = None
    #: The message is rendered, as sent (the API, the gate): leftover merge tags are errors.
    rendered: bool = False
    #: Extra phrases from configuration: element -> language -> phrases (frozen as tuples).
    extra_phrases: tuple[tuple[str, str, tuple[str, ...]], ...] = field(default=(), compare=False)

    @cached_property
    def matcher(self) -> PhraseMatcher:
        """The phrase matcher for this context (bundled phrases plus configured extras)."""
        return _matcher_for(self.extra_phrases)

    def merged(self, values: Mapping[str, Any]) -> Context:
        """A copy with *values* (already validated) laid over this context."""
        if not values:  # (most files: no directive, no command-line context)
            return self
        known = {f.name for f in fields(self)}
        changes = {k: v for k, v in values.items() if k in known and v is not None and getattr(self, k) != v}
        # Unchanged, the same context: its phrase matcher, found once, serves every file.
        return replace(self, **changes) if changes else self


@lru_cache(maxsize=8)
def _matcher_for(extra_phrases: tuple[tuple[str, str, tuple[str, ...]], ...]) -> PhraseMatcher:
    """One matcher per set of extra phrases: every file's context carries the same tuple,
    so the per-file cost is a cache lookup, not a rebuild of the phrase table."""
    from email_lint.phrases import load_matcher

    extra: dict[str, dict[str, list[str]]] = {}
    for element, language, phrases in extra_phrases:
        extra.setdefault(element, {}).setdefault(language, []).extend(phrases)
    return load_matcher(extra)


def _bool(value: Any, key: str) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in ("1", "true", "yes", "on"):
        return True
    if text in ("0", "false", "no", "off"):
        return False
    raise ConfigError(f"{key} must be true or false, not {value!r}")


def _choice(value: Any, key: str, choices: tuple[str, ...]) -> str:
    text = str(value).strip().lower()
    if text not in choices:
        raise ConfigError(f"{key} must be one of {', '.join(choices)}, not {value!r}")
    return text


def parse_countries(value: Any) -> tuple[str, ...]:
    """``"FR, de"`` or ``["fr", "uk"]`` -> ``("de", "fr", "gb")`` (sorted, de-duplicated)."""
    if not isinstance(value, str | list | tuple):
        raise ConfigError(f"countries must be a list of country codes or a comma-separated string, not {value!r}")
    items = re.split(r"[,\s]+", value) if isinstance(value, str) else list(value)
    codes = set()
    for item in items:
        code = str(item).strip().lower()
        if not code:
            continue
        if not re.fullmatch(r"[a-z]{2}", code):
            raise ConfigError(f"countries: {item!r} is not an ISO 3166-1 alpha-2 code")
        codes.add(COUNTRY_ALIASES.get(code, code))
    return tuple(sorted(codes))


def known_countries(rules: Iterable[Rule]) -> tuple[str, ...]:
    """The countries *rules* cover (lower-case ISO codes, sorted)."""
    return tuple(sorted({c for rule in rules for c in (rule.countries or ())}))


def check_countries(countries: tuple[str, ...], known: tuple[str, ...], where: str) -> None:
    """Every targeted country must be covered by a loaded pack: a silently unchecked
    country is the worst failure a compliance linter can have."""
    unknown = [c for c in countries if c not in known]
    if unknown:
        raise ConfigError(
            f"{where}: unknown country code(s) {', '.join(unknown)}: no loaded pack covers them "
            f"(known: {', '.join(known) or 'none'})"
        )


def validate_fields(values: Mapping[str, Any], where: str) -> dict[str, Any]:
    """Check and convert campaign fields from config, a directive or the CLI."""
    out: dict[str, Any] = {}
    spelled: dict[str, str] = {}
    for key, value in values.items():
        name = key.replace("-", "_")
        if name in spelled:  # first-contact and first_contact are one field: give it once
            raise ConfigError(f"{where + ': ' if where else ''}{spelled[name]!r} and {key!r} set the same field")
        spelled[name] = key
        try:
            if name == "kind":
                out[name] = _choice(value, key, KINDS)
            elif name == "audience":
                out[name] = _choice(value, key, AUDIENCES)
            elif name == "consent":
                out[name] = _choice(value, key, CONSENTS)
            elif name in ("first_contact", "rendered"):
                out[name] = _bool(value, key)
            elif name == "countries":
                out[name] = parse_countries(value)
            elif name == "esp":
                from email_lint.esp import validate_esp

                out[name] = validate_esp(value)
            elif name == "esp_footer":
                out[name] = _bool(value, key)
            else:
                raise ConfigError(f"unknown campaign field {key!r}")
        except ConfigError as exc:
            raise ConfigError(f"{where}: {exc}" if where else str(exc)) from None
    return out


CONTEXT_KEYS = ("kind", "countries", "audience", "consent", "first-contact", "first_contact", "esp", "esp-footer",
                "esp_footer")
