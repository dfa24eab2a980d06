"""In-file directives: ``<!-- email-lint: ... -->`` comments.

- campaign context: ``email-lint: kind=transactional countries=fr,de audience=b2b``
- file suppression: ``email-lint: disable=EL003,EL004 -- reason``
- line suppression: ``email-lint: disable-next-line=EL002 -- reason`` (and ``disable-line``)

The same words work in any comment a template language offers: HTML/MJML
comments, ``{# #}``, ``{{!-- --}}``, and ``#`` lines in plain-text templates.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from email_lint.context import validate_fields
from email_lint.document import Document
from email_lint.errors import ConfigError

_DIRECTIVE = re.compile(r"^\s*email-lint\s*:(.*)$", re.S | re.I)
_CODE = re.compile(r"^[A-Z]{1,4}\d{0,3}$")
SUPPRESSION_KEYS = ("disable", "disable-next-line", "disable-line")
CONTEXT_KEYS = ("kind", "countries", "audience", "consent", "first-contact", "first_contact", "esp", "esp-footer")


@dataclass
class Suppression:
    """Codes (prefixes) silenced in a whole file or on one line."""

    codes: tuple[str, ...]
    line: int
    #: The line silenced, or None for the whole file.
    target: int | None
    reason: str = ""
    used: set[str] = field(default_factory=set)

    def covers(self, code: str, line: int) -> str | None:
        """The prefix of this suppression that covers *code* at *line*, if any."""
        if self.target is not None and self.target != line:
            return None
        for prefix in self.codes:
            if code.startswith(prefix):
                return prefix
        return None


@dataclass
class Directives:
    """What a document's comments say."""

    context: dict[str, Any] = field(default_factory=dict)
    suppressions: list[Suppression] = field(default_factory=list)
    #: (line, message) of malformed directives.
    problems: list[tuple[int, str]] = field(default_factory=list)


def parse_directives(document: Document) -> Directives:
    """Read every ``email-lint:`` comment of *document*."""
    found = Directives()
    for comment in document.comments:
        match = _DIRECTIVE.match(comment.text)
        if not match:
            continue
        body, _, reason = match.group(1).partition(" -- ")
        body = body.strip().rstrip("-").strip()
        context: dict[str, str] = {}
        loose: list[str] = []  # words that are not key=value: one problem for the comment, not one per word
        for token in body.split():
            key, equals, value = token.partition("=")
            key = key.strip().lower()
            if not equals or not value:
                loose.append(token)
                continue
            if key in SUPPRESSION_KEYS:
                codes = tuple(c.strip().upper() for c in value.split(",") if c.strip())
                bad = [c for c in codes if not _CODE.match(c)]
                if bad or not codes:
                    found.problems.append((comment.line, f"malformed rule code(s) in {token!r}"))
                    continue
                end_line = comment.line + comment.text.count("\n")
                target = {"disable": None, "disable-line": comment.line,
                          "disable-next-line": end_line + 1}[key]
                found.suppressions.append(Suppression(codes, comment.line, target, reason.strip()))
            elif key in CONTEXT_KEYS:
                context[key] = value
            else:
                known = ", ".join(SUPPRESSION_KEYS + CONTEXT_KEYS)
                found.problems.append((comment.line, f"unknown directive key {key!r} (known: {known})"))
        if loose:
            words = " ".join(loose)
            hint = "; write ' -- ' before a reason" if any(k in body for k in SUPPRESSION_KEYS) else ""
            found.problems.append((comment.line, f"expected key=value items, not {words!r}{hint}"))
        if context:
            try:
                found.context.update(validate_fields(context, ""))
            except ConfigError as exc:
                found.problems.append((comment.line, str(exc)))
    return found
