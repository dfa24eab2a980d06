"""EL002 unsubscribe-link."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

from email_lint.evidence import Hit, merge_tags, phrase_hits
from email_lint.merge_tags import entity_encoded_tags, is_template_expression, percent_encoded_tags
from email_lint.normalize import normalize
from email_lint.rules.base import Violation, rule

#: Gmail clips messages larger than about 102 KB: what follows is behind a "View entire message".
GMAIL_CLIP_BYTES = 102 * 1024
# (?<!...) rather than \b: from every word inside a long "a.a.a..." the scan is quadratic.
_URL_IN_TEXT = re.compile(r"https?://\S+|www\.\S+|(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b", re.I)
_LIST_UNSUBSCRIBE_URI = re.compile(r"<\s*((?:https?|mailto):[^>\s]+)\s*>", re.I)


@dataclass(frozen=True, slots=True)
class Candidate:
    """Something that looks like an opt-out, and what (if anything) makes it unusable."""

    what: str
    line: int
    problem: str | None = None


_LOGIN_TARGET = re.compile(
    r"(?:^|[/?&=_.#-])(?:login|log-in|log_in|signin|sign-in|sign_in|logon|connexion|se-connecter|"
    r"einloggen|accedi|iniciar-sesion|inloggen)(?:$|[/?&=_.#-])",
    re.I,
)
_TAG_DEBRIS = re.compile(r"[|*%{}\[\]<>]")


def _dead_target(href: str) -> str | None:
    """Why *href* cannot work as an opt-out target, or None when it may."""
    target = href.strip()
    lowered = target.lower()
    if not target or target == "#" or lowered.startswith("#"):
        return f"its target is {target or 'empty'!r}"
    if lowered.startswith(("javascript:", "data:", "about:")):
        return f"its target is a {lowered.split(':', 1)[0]}: URL"
    if is_template_expression(target):
        return None
    has_scheme = re.match(r"[a-z][a-z0-9+.\-]*:", lowered) is not None
    if not has_scheme and _TAG_DEBRIS.search(target):
        return f"its target {target!r} looks like a broken merge tag"
    try:
        parts = urlsplit(target)
    except ValueError:  # e.g. an unbalanced "[" in the host (found by fuzzing)
        return f"its target {target!r} is not a valid URL"
    if lowered.startswith(("http://", "https://")) and not parts.netloc:
        return f"its target {target!r} has no host"
    if _LOGIN_TARGET.search(parts.path if has_scheme else target):
        return f"its target {target!r} is a login page"
    return None


def _link_means_unsubscribe(link, matcher) -> bool:
    text = normalize(link.text)
    if text and (
        matcher.contains("unsubscribe.phrases", text) or matcher.contains("unsubscribe.preferences", text)
    ):
        return True
    href = unquote(link.href).lower()
    if href.startswith("mailto:"):
        return matcher.contains("unsubscribe.url_words", normalize(href.replace("_", " ").replace("-", " ")))
    path = re.sub(r"^[a-z]+://[^/]+", "", href)
    words = normalize(re.sub(r"[/?&=_.\-+%#]", " ", path))
    return bool(path) and matcher.contains("unsubscribe.url_words", words)


def _barrier_in(document, context, block) -> str | None:
    """The first wording in *block* that makes opting out not free or simple, or None."""
    key = ("barrier", id(block))
    if key not in document.memo:
        match = context.matcher.search("unsubscribe.barriers", block.normalized)
        document.memo[key] = Hit(match.group(0), block).original if match else None
    return document.memo[key]


def _blocks_of(document, link) -> list:
    """The visible blocks (sentences) a link's text stands in."""
    text = normalize(link.text)
    if not text:
        return []
    return [
        block for block in document.visible_blocks
        if block.line <= link.line <= block.line + block.text.count("\n") + 1 and text in block.normalized
    ]


def _link_problem(document, context, link) -> str | None:
    """Why a link that means "unsubscribe" cannot serve as the opt-out, or None."""
    problem = _dead_target(link.href)
    if problem is None and not link.visible:
        problem = f"it is hidden ({link.hidden_reason or 'not visible'})"
    if problem is None and _clipped(document, link.line):
        problem = "it comes after Gmail's ~102 KB clipping point"
    if problem is None:
        for block in _blocks_of(document, link):
            barrier = _barrier_in(document, context, block)
            if barrier:
                return f"it is not free and simple ({barrier!r})"
    return problem


def _tag_candidates(document) -> Iterator[Candidate]:
    """Unsubscribe merge tags, working or broken (wrong case, percent- or entity-encoded)."""
    for located in merge_tags(document):
        tag = located.tag
        if tag.element not in ("unsubscribe", "preferences"):
            continue
        problem = None
        if tag.problem:
            problem = f"merge tag {tag.text} {tag.problem}"
        elif not located.visible:
            problem = "it is hidden"
        yield Candidate(f"merge tag {tag.text}", located.line, problem)
    for link in document.links:
        for tag in percent_encoded_tags(link.href):
            if tag.element in ("unsubscribe", "preferences"):
                yield Candidate(f"merge tag {tag.text}", link.line, f"merge tag {tag.text} {tag.problem}")
    for tag in entity_encoded_tags(document.source):
        line = document.source.count("\n", 0, tag.start or 0) + 1
        yield Candidate(f"merge tag {tag.text}", line, f"merge tag {tag.text} {tag.problem}")


def _other_candidates(document, context) -> Iterator[Candidate]:
    """Every other opt-out, cheapest first, so the check can stop at the first usable one."""
    matcher = context.matcher
    header = document.header("List-Unsubscribe")
    if header is not None:
        line = document.line_of_header("list-unsubscribe")
        if _LIST_UNSUBSCRIBE_URI.search(header):
            yield Candidate("List-Unsubscribe header", line)
        else:
            problem = "the List-Unsubscribe header has no <https:> or <mailto:> URI"
            yield Candidate("List-Unsubscribe header", line, problem)

    for link in document.links:
        if _link_means_unsubscribe(link, matcher):
            yield Candidate(f"link {link.text or link.href!r}", link.line, _link_problem(document, context, link))

    for hit in phrase_hits(document, matcher, "unsubscribe.reply"):
        barrier = _barrier_in(document, context, hit.block)
        problem = f"it is not free and simple ({barrier!r})" if barrier else None
        yield Candidate(f"reply instruction {hit.original!r}", hit.line, problem)

    # An unsubscribe sentence with a link in it ("... click here"), or a URL or address
    # written out in the text.
    for hit in phrase_hits(document, matcher, "unsubscribe.phrases"):
        barrier = _barrier_in(document, context, hit.block)
        problem = f"it is not free and simple ({barrier!r})" if barrier else None
        for link in _links_in(document, hit.block):
            link_problem = _link_problem(document, context, link)
            yield Candidate(f"link {link.text!r} in {hit.original!r}", link.line, link_problem)
        if problem or _has_url(document, hit.block):
            # A written-out address is an opt-out; a bare instruction only matters when it
            # puts a barrier in the way (then it explains why no opt-out is usable).
            yield Candidate(f"instruction {hit.original!r}", hit.line, problem)


def _links_in(document, block) -> list:
    """Links whose text stands inside *block* (same sentence), by text and nearby line.

    Memoised per block: a block with hundreds of phrase hits is scanned once, not once
    per hit (quadratic on a long block, found by the scaling probe)."""
    key = ("links_in", id(block))
    if key not in document.memo:
        last_line = block.line + block.text.count("\n") + 1
        text = block.normalized
        document.memo[key] = [
            link for link in document.links
            if link.text.strip() and block.line <= link.line <= last_line and normalize(link.text) in text
        ]
    return document.memo[key]


def _has_url(document, block) -> bool:
    key = ("has_url", id(block))
    if key not in document.memo:
        document.memo[key] = _URL_IN_TEXT.search(block.text) is not None
    return document.memo[key]


def _clipped(document, line: int) -> bool:
    if document.size <= GMAIL_CLIP_BYTES or not document.source or document.format == "eml":
        return False
    lines = document.memo.get("line_bytes")
    if lines is None:
        lines = [0]
        for text_line in document.source.split("\n"):
            lines.append(lines[-1] + len(text_line.encode("utf-8", "replace")) + 1)
        document.memo["line_bytes"] = lines
    return line < len(lines) and lines[line - 1] > GMAIL_CLIP_BYTES


@rule(
    "EL002",
    "unsubscribe-link",
    "The email must offer a visible, working, free and simple way to opt out.",
    reference="CPCE art. L.34-5; GDPR art. 21; UWG §7(3); CAN-SPAM 15 U.S.C. 7704(a)(3)-(5); 16 CFR 316.5",
)
def check_unsubscribe_link(document, context):
    """## What it does
    Looks for an opt-out: a link whose text or URL means unsubscribe, opt out or manage
    preferences (in English, French, German, Italian, Spanish, Dutch...), an ESP unsubscribe
    merge tag (`*|UNSUB|*`, `{{{unsubscribe}}}`, `<%asm_group_unsubscribe_raw_url%>`,
    `%unsubscribe_url%`, `{{ UnsubscribeURL }}`, `{unsubscribe_url}`, `{{unsubscribe_url}}`,
    `%%unsub_center_url%%`, `{% unsubscribe_link %}`, `{{{RESEND_UNSUBSCRIBE_URL}}}`...),
    a `mailto:` opt-out, a reply instruction ("reply STOP") or, in an .eml, a
    `List-Unsubscribe` header. It fails when there is none, and also when the only opt-outs are:

    - hidden (`display:none`, `visibility:hidden`, `font-size:0`, `max-height:0` with
      `overflow:hidden`, text colour equal to its background) or after Gmail's ~102 KB clip;
    - dead (`href="#"`, empty, `javascript:`);
    - not free and simple: they ask for a login, a fee, a phone call or a letter, or
      personal data beyond the address;
    - a merge tag the ESP will not substitute: percent-encoded (`%7B%7B...`), entity-encoded
      (`&#123;&#123;...`) or in the wrong case (`{{{Unsubscribe}}}` for SendGrid).

    A broken merge tag is reported even when another opt-out works: it is a dead link.

    ## Why
    The right to object to direct marketing must be offered free of charge and simply in
    every message: CPCE art. L.34-5 and CNIL guidance (France), GDPR art. 21(2)-(3),
    UWG §7(3) Nr. 4 (Germany), Codice Privacy art. 130(4) (Italy), LSSI art. 21.2 (Spain),
    PECR reg. 22(3) (UK), CAN-SPAM 15 U.S.C. 7704(a)(3)-(5) and 16 CFR 316.5 (US: no fee,
    no information beyond the address, at most a reply or one web page), CASL s. 11 (Canada).

    ## Example
    ```html
    <p>To unsubscribe, log in to your account and call our service desk.</p>
    <a href="#">Unsubscribe</a>
    ```

    ## Use instead
    ```html
    <a href="{{unsubscribe_url}}">Unsubscribe</a>
    ```

    email-lint gives technical checks, not legal advice.
    """
    tags = list(_tag_candidates(document))
    broken_tags = [c for c in tags if c.problem and c.problem.startswith("merge tag ")]
    for candidate in broken_tags:
        yield Violation(f"{candidate.problem}; write the tag exactly as the ESP documents it", candidate.line)
    if any(c.problem is None for c in tags):
        return
    others = [c for c in tags if c.problem and c not in broken_tags]
    for candidate in _other_candidates(document, context):
        if candidate.problem is None:
            return
        others.append(candidate)
    broken_lines = {c.line for c in broken_tags}
    others = [c for c in others if c.line not in broken_lines]
    if others:
        # Point at a link when there is one: it is what the author has to fix.
        first = min(others, key=lambda c: (not c.what.startswith("link "), c.line))
        yield Violation(
            f"the only opt-out ({first.what}) is not usable: {first.problem}; "
            "add a visible link that unsubscribes in one step, free of charge",
            first.line,
        )
        return
    if broken_tags:
        return
    examples = context.matcher.examples("unsubscribe.suggestion", document.language)
    wording = " / ".join(f"'{e}'" for e in examples) or "'Unsubscribe'"
    yield Violation(
        "no unsubscribe link or opt-out found: add a visible link such as "
        f"{wording} pointing to your ESP's unsubscribe tag (e.g. {{{{unsubscribe_url}}}}) "
        "or a one-step opt-out page"
    )
