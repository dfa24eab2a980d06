"""The hostile inputs of issue 14: each once took seconds to minutes on a few kilobytes.

Every case builds its input for a size in bytes (``build(n)``) and names the file and the
countries it is checked for. ``lint_case`` runs the full engine (reader, directives, every
applicable rule) on it, as the CLI does for one file. Used by
``tests/test_robustness_linear.py`` and ``scripts/bench_robustness.py --reproducers``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache


@dataclass(frozen=True)
class Case:
    """One reproducer: an input family, the file name it is read as, and the countries."""

    id: str
    name: str
    build: Callable[[int], bytes]
    #: The size (bytes) the issue measured it at: it must finish well under 2 s there.
    size: int
    countries: tuple[str, ...] = ()
    #: Extra configuration (``phrases`` and such), as a TOML table would give it.
    config: tuple[tuple[str, object], ...] = ()


def _repeat(unit: str, n: int) -> str:
    return unit * max(1, n // len(unit))


def _eml(headers: str, body: str = "Hello.\r\n") -> bytes:
    return (headers + "Content-Type: text/plain; charset=utf-8\r\n\r\n" + body).encode("utf-8")


def _from_spaces(n: int) -> bytes:
    # The From value starts with white space and has no <addr>: each split of the run was tried.
    # (a folded first line keeps it: the header parser strips only the first line's blanks).
    return _eml("From:\r\n \t" + " " * n + "x\r\nSubject: hi\r\n")


def _from_encoded(n: int) -> bytes:
    return _eml("From: =?utf-8?q?" + "_" * n + "?=x\r\nSubject: hi\r\n")  # decodes to white space


def _paragraph_of_urls(n: int) -> bytes:
    # Every link means unsubscribe and none is usable (the sentence asks for a login).
    return ("To unsubscribe, log in to your account: " + _repeat("https://news.example/unsubscribe/a ", n)
            + "\n").encode()


def _many_headers(n: int) -> bytes:
    return _eml(_repeat("X-Trace: a\r\n", n) + "From: Acme <a@acme.example>\r\n")


def _wildcard_phrase_text(n: int) -> bytes:
    return ("Hello\n\n" + _repeat("the.", n) + " reply." + _repeat("reply.", n // 2) + "\n").encode()


def _encoded_words_subject(n: int) -> bytes:
    return _eml("From: Acme <a@acme.example>\r\nSubject: " + _repeat("=?utf-8?q?a?= ", n) + "\r\n")


def _braces(n: int) -> bytes:
    return ("<p>" + "{" * n + "</p>").encode()


def _tag_identifier(n: int) -> bytes:
    return ("<p>{{" + "a" * n + "</p>").encode()


def _dpo_mailbox(n: int) -> bytes:
    return ("<p>" + _repeat("dpo.", n) + "</p>").encode()


def _at_rules(n: int) -> bytes:
    return ("<style>" + _repeat("@;", n) + "</style><p>x</p>").encode()


def _name_before_address(n: int) -> bytes:
    return ("<p>" + _repeat("A-", n) + "A! 10 Main Street</p>").encode()


def _merge_tag_identifier(n: int) -> bytes:
    return ("<p>{{" + _repeat("salesChannel.", n) + "}}</p>").encode()


def _doctypes(n: int) -> bytes:
    return (_repeat("<!DOCTYPE", n) + "x").encode()  # no ">" anywhere: each DOCTYPE scanned to the end


def _many_attributes(n: int) -> bytes:
    count = max(1, n // 11)
    return ("<p " + " ".join(f"a{i}=\"x\"" for i in range(count)) + ">x</p>").encode()


def _configured_wildcards(n: int) -> bytes:
    return ("<p>" + _repeat("w ", n) + "</p>").encode()


CASES: tuple[Case, ...] = (
    Case("from-whitespace", "t.eml", _from_spaces, 8_000),
    Case("from-encoded-words", "t.eml", _from_encoded, 8_000),
    Case("paragraph-of-urls", "t.txt", _paragraph_of_urls, 208_000),
    Case("many-headers", "t.eml", _many_headers, 3_200_000),
    Case("wildcard-phrases", "t.txt", _wildcard_phrase_text, 256_000),
    Case("encoded-words-subject", "t.eml", _encoded_words_subject, 3_400_000),
    Case("braces-ca", "t.html", _braces, 32_000, ("ca",)),
    Case("tag-identifier-de", "t.html", _tag_identifier, 32_000, ("de",), (("audience", "b2b"),)),
    Case("dpo-mailbox-it", "t.html", _dpo_mailbox, 128_000, ("it",)),
    Case("style-at-rules", "t.html", _at_rules, 3_200_000),
    Case("name-before-address", "t.html", _name_before_address, 32_000),
    Case("merge-tag-identifier", "t.html", _merge_tag_identifier, 104_000),
    Case("doctypes", "t.html", _doctypes, 104_000),
    Case("many-attributes", "t.html", _many_attributes, 1_100_000),
    Case("configured-wildcards", "t.html", _configured_wildcards, 64_000,
         config=(("phrases", {"sender_identity": {"en": ["w * * * w"]}}),)),
)


@lru_cache(maxsize=1)
def _engine_and_rules():
    from email_lint.engine import Engine
    from email_lint.plugins import load_plugins

    registry = load_plugins()
    return Engine(registry.rules, phrases=registry.phrase_entries()), frozenset(registry.rules)


def lint_case(case: Case, data: bytes):
    """Check *data* as *case* says: the findings (or the FileResult's errors)."""
    from email_lint.config import build_config

    engine, codes = _engine_and_rules()
    table = dict(case.config)
    if case.countries:
        table["countries"] = list(case.countries)
    config = build_config(table, None, set(codes))
    result = engine.check_bytes(case.name, data, config)
    return result
