"""What a rule is: a small declared object plus a check function over a document."""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from email_lint.context import Context
    from email_lint.document import Document

SEVERITIES = ("error", "warning", "info")
DOCS_URL = "https://github.com/email-lint/email-lint/blob/main/docs/rules.md#{code}"


@dataclass(frozen=True, slots=True)
class Violation:
    """What a check function yields; the engine stamps code, severity and path on it."""

    message: str
    line: int = 1
    column: int = 1
    end_line: int | None = None
    #: Overrides the rule's default severity for this one finding.
    severity: str | None = None
    #: Where a finding about an element missing from the whole email goes: "footer" puts it
    #: where an assembled email's shared footer (layout or partial) starts, else line 1.
    anchor: str | None = None


CheckFunction = Callable[["Document", "Context"], Iterable[Violation]]


@dataclass(frozen=True)
class Rule:
    """A rule: identity, scope and documentation around one check function.

    Scope fields left as ``None`` mean "always": ``kinds`` restricts the campaign
    kinds (commercial/transactional), ``formats`` the input formats, ``countries``
    the target countries (a country rule runs only when the campaign targets its
    country), ``audiences`` the audience (b2b/b2c).
    """

    code: str
    name: str
    summary: str
    check: CheckFunction = field(repr=False, compare=False)
    severity: str = "error"
    kinds: frozenset[str] | None = None
    formats: frozenset[str] | None = None
    countries: frozenset[str] | None = None
    audiences: frozenset[str] | None = None
    reference: str = ""
    docs: str = ""
    url: str | None = None
    #: Set for rules that only make sense when the document has headers (.eml).
    needs_headers: bool = False
    #: Set for rules that judge a message as sent (``check_message``, the gate): they run
    #: only when the context says the message is rendered, never on a template.
    rendered: bool = False
    #: A country rule whose requirement is the core rule's (same evidence, same verdict): its
    #: finding is folded into that core finding, which then names the country (``countries``).
    same_as: str | None = None

    @property
    def country(self) -> str | None:
        """The single country a country-pack rule belongs to (None for core rules)."""
        return next(iter(self.countries)) if self.countries and len(self.countries) == 1 else None

    def applies(self, document: Document, context: Context) -> bool:
        """Whether this rule runs on *document* under *context*."""
        if self.kinds is not None and context.kind not in self.kinds:
            return False
        if self.formats is not None and document.format not in self.formats:
            return False
        if self.needs_headers and not document.headers:
            return False
        if self.rendered and not context.rendered:
            return False
        if self.countries is not None and not self.countries.intersection(context.countries):
            return False
        return self.audiences is None or context.audience is None or context.audience in self.audiences


def esp_injects(context: Context, element: str, document: Document | None = None) -> bool:
    """Whether the campaign's ESP (``esp``) adds *element* at send time (``email_lint/esp``)."""
    if not getattr(context, "esp", None):
        return False
    from email_lint.esp import injections

    return bool(injections(context, element, document))


def rule(
    code: str,
    name: str,
    summary: str,
    *,
    severity: str = "error",
    kinds: Iterable[str] | None = None,
    formats: Iterable[str] | None = None,
    countries: Iterable[str] | None = None,
    audiences: Iterable[str] | None = None,
    reference: str = "",
    url: str | None = None,
    needs_headers: bool = False,
    rendered: bool = False,
    same_as: str | None = None,
) -> Callable[[CheckFunction], Rule]:
    """Declare a rule around a check function; the function's docstring is its documentation."""

    def decorate(check: CheckFunction) -> Rule:
        return Rule(
            code=code,
            name=name,
            summary=summary,
            check=check,
            severity=severity,
            kinds=frozenset(kinds) if kinds is not None else None,
            formats=frozenset(formats) if formats is not None else None,
            countries=frozenset(c.lower() for c in countries) if countries is not None else None,
            audiences=frozenset(audiences) if audiences is not None else None,
            reference=reference,
            docs=inspect.cleandoc(check.__doc__ or ""),
            url=url or DOCS_URL.format(code=code.lower()),
            needs_headers=needs_headers,
            rendered=rendered,
            same_as=same_as,
        )

    return decorate
