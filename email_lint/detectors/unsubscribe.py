"""Unsubscribe: a visible, working, free and simple way to opt out, and the candidates that are not."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING
from urllib.parse import unquote, urlsplit

from email_lint.detectors import collect
from email_lint.detectors.model import ElementEvidence, Evidence, Rejected
from email_lint.detectors.text import Hit, merge_tags, phrase_hits
from email_lint.merge_tags import entity_encoded_tags, is_template_expression, percent_encoded_tags
from email_lint.normalize import normalize

if TYPE_CHECKING:
    from email_lint.context import Context
    from email_lint.document import Document, Link, TextBlock
    from email_lint.phrases.matcher import PhraseMatcher

ELEMENT = "unsubscribe"
LOOKED_FOR = (
    "a visible link whose text or URL means unsubscribe (a preferences link only when it says it stops the "
    "emails), an ESP unsubscribe tag ({{unsubscribe_url}}, *|UNSUB|*), a mailto: opt-out, a reply "
    "instruction ('reply STOP', 'just let me know and I won't write again') or a List-Unsubscribe header"
)

#: Gmail clips messages larger than about 102 KB: what follows is behind a "View entire message".
GMAIL_CLIP_BYTES = 102 * 1024
# (?<!...) rather than \b: from every word inside a long "a.a.a..." the scan is quadratic.
_URL_IN_TEXT = re.compile(r"https?://\S+|www\.\S+|(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b", re.I)
_LIST_UNSUBSCRIBE_URI = re.compile(r"<\s*((?:https?|mailto):[^>\s]+)\s*>", re.I)


_LOGIN_TARGET = re.compile(
    r"(?:^|[/?&=_.#-])(?:login|log-in|log_in|signin|sign-in|sign_in|logon|connexion|se-connecter|"
    r"einloggen|accedi|iniciar-sesion|inloggen)(?:$|[/?&=_.#-])",
    re.I,
)
_TAG_DEBRIS = re.compile(r"[|*%{}\[\]<>]")
#: URL words that mean opting out itself, not a preference centre.
_OPT_OUT_URL = re.compile(
    r"unsub|opt[-_]?out|remove|desabo|desinscri|abmeld|abbestell|austrag|disiscri|cancella|baja|desuscri|"
    r"uitschrijf|afmeld"
)
#: Longest sentence (characters) read as a reply opt-out in the writer's words.
_REPLY_BLOCK = 400
#: Wording that leaves something other than the emails ("Darse de baja del gimnasio").
NOT_OPT_OUT = "unsubscribe.not_opt_out"
PREFERENCES_ONLY = ("a preferences link whose text and surroundings never say that it stops the emails "
                    "is not an opt-out")


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


def _link_means_unsubscribe(document: Document, link: Link, matcher: PhraseMatcher) -> str | None:
    """``"unsubscribe"`` when a link's text or URL means opting out, ``"preferences"`` when it
    only means managing preferences, else None."""
    # Once per distinct link text: the links of a plain-text paragraph all have its text.
    key = ("text_means_unsubscribe", link.text)
    if key not in document.memo:
        text = normalize(link.text)
        kind = None
        if text and matcher.contains("unsubscribe.phrases", text):
            kind = "unsubscribe"
        elif text and matcher.contains("unsubscribe.preferences", text):
            kind = "preferences"
        document.memo[key] = kind
    if document.memo[key] == "unsubscribe":
        return "unsubscribe"
    href = unquote(link.href).lower()
    if href.startswith("mailto:"):
        words = normalize(href.replace("_", " ").replace("-", " "))
    else:
        path = re.sub(r"^[a-z]+://[^/]+", "", href)
        words = normalize(re.sub(r"[/?&=_.\-+%#]", " ", path)) if path else ""
    if words and matcher.contains("unsubscribe.url_words", words):
        return "unsubscribe" if _OPT_OUT_URL.search(href) else "preferences"
    cached: str | None = document.memo[key]
    return cached


def _says_stop(document: Document, context: Context, link: Link) -> bool:
    """Whether a preferences link's sentence, or the one just before it, says that it stops the
    emails ("Update your preferences or unsubscribe from all", "Ne plus recevoir nos e-mails :")."""
    matcher = context.matcher
    blocks = _blocks_of(document, link)
    visible = document.visible_blocks
    if blocks:
        position = next((i for i, b in enumerate(visible) if b is blocks[0]), 0)
        if position:
            blocks = [visible[position - 1], *blocks]
    return any(matcher.contains("unsubscribe.phrases", b.normalized) for b in blocks)


def _barrier_in(document: Document, context: Context, block: TextBlock) -> str | None:
    """The first wording in *block* that makes opting out not free or simple, or None."""
    key = ("barrier", id(block))
    if key not in document.memo:
        match = context.matcher.search("unsubscribe.barriers", block.normalized)
        document.memo[key] = Hit(match.group(0), block).original if match else None
    cached: str | None = document.memo[key]
    return cached


def _blocks_of(document: Document, link: Link) -> list[TextBlock]:
    """The visible blocks (sentences) a link's text stands in."""
    key = ("blocks_of", link.line, link.text)
    if key in document.memo:
        cached: list[TextBlock] = document.memo[key]
        return cached
    text = normalize(link.text)
    if not text:
        return []
    by_line = document.memo.get("blocks_by_line")
    if by_line is None:  # built once: each link then looks at the blocks on its line only
        by_line = {}
        for block in document.visible_blocks:
            for line in range(block.line, block.line + block.text.count("\n") + 2):
                by_line.setdefault(line, []).append(block)
        document.memo["blocks_by_line"] = by_line
    found = document.memo[key] = [block for block in by_line.get(link.line, ()) if text in block.normalized]
    return found


def _link_problem(document: Document, context: Context, link: Link) -> str | None:
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


def _candidate(text: str, line: int, problem: str | None, source: str, kind: str, reason: str,
               within: str = "") -> Evidence | Rejected:
    if problem is None:
        return Evidence(text, line, source, f"{reason} in {within!r}" if within else reason)
    return Rejected(text, line, problem, source, kind, within)


def _tag_candidates(document: Document) -> Iterator[Evidence | Rejected]:
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
        reason = "ESP unsubscribe tag" if tag.element == "unsubscribe" else "ESP preference-centre tag"
        yield _candidate(tag.text, located.line, problem, "merge-tag", "merge tag", reason)
    for link in document.links:
        for tag in percent_encoded_tags(link.href):
            if tag.element in ("unsubscribe", "preferences"):
                yield Rejected(tag.text, link.line, f"merge tag {tag.text} {tag.problem}", "merge-tag", "merge tag")
    for tag in entity_encoded_tags(document.source):
        line = document.source.count("\n", 0, tag.start or 0) + 1
        yield Rejected(tag.text, line, f"merge tag {tag.text} {tag.problem}", "merge-tag", "merge tag")


def _other_candidates(document: Document, context: Context) -> Iterator[Evidence | Rejected]:
    """Every other opt-out, cheapest first, so the check can stop at the first usable one."""
    matcher = context.matcher
    header = document.header("List-Unsubscribe")
    if header is not None:
        line = document.line_of_header("list-unsubscribe")
        problem = None
        if not _LIST_UNSUBSCRIBE_URI.search(header):
            problem = "the List-Unsubscribe header has no <https:> or <mailto:> URI"
        yield _candidate(header.strip(), line, problem, "header:List-Unsubscribe", "List-Unsubscribe header",
                         "List-Unsubscribe header")

    for link in document.links:
        kind = _link_means_unsubscribe(document, link, matcher)
        if kind == "unsubscribe":
            other = _other_thing(document, matcher, link.text)
            problem = f"it leaves something else, not the emails ({other!r})" if other else None
            yield _candidate(link.text or link.href, link.line, problem or _link_problem(document, context, link),
                             "link", "link", "link that means unsubscribe")
        elif kind == "preferences":
            problem = _link_problem(document, context, link)
            if problem is None and not _says_stop(document, context, link):
                problem = PREFERENCES_ONLY
            yield _candidate(link.text or link.href, link.line, problem, "link", "link",
                             "preferences link that says it stops the emails")

    for hit in phrase_hits(document, matcher, "unsubscribe.reply"):
        barrier = _barrier_in(document, context, hit.block)
        problem = f"it is not free and simple ({barrier!r})" if barrier else None
        yield _candidate(hit.original, hit.line, problem, "body", "reply instruction", "reply instruction")

    yield from _reply_in_own_words(document, context)

    # An unsubscribe sentence with a link in it ("... click here"), or a URL or address
    # written out in the text. The links of a block once, whatever the number of phrases
    # in it (hits x links was quadratic in a paragraph of unsubscribe URLs).
    offered: set[int] = set()
    for hit in phrase_hits(document, matcher, "unsubscribe.phrases"):
        if _leaves_other_thing(document, matcher, hit):
            continue
        barrier = _barrier_in(document, context, hit.block)
        problem = f"it is not free and simple ({barrier!r})" if barrier else None
        for link in () if id(hit.block) in offered else _links_in(document, hit.block):
            link_problem = _link_problem(document, context, link)
            yield _candidate(link.text, link.line, link_problem, "link", "link", "link in an unsubscribe sentence",
                             hit.original)
        offered.add(id(hit.block))
        if problem or _has_url(document, hit.block):
            # A written-out address is an opt-out; a bare instruction only matters when it
            # puts a barrier in the way (then it explains why no opt-out is usable).
            yield _candidate(hit.original, hit.line, problem, "body", "instruction",
                             "unsubscribe instruction with an address written out")


def _other_thing(document: Document, matcher: PhraseMatcher, link_text: str) -> str | None:
    """The words of a link's text that leave something other than the emails: a course, an
    event, a gym ("Darse de baja del gimnasio", "Vom Kurs abmelden"), or None (once per
    distinct link text: the links of a plain-text paragraph all have its text)."""
    key = ("not_opt_out_text", link_text)
    if key not in document.memo:
        text = normalize(link_text)
        spans = matcher.spans(NOT_OPT_OUT, text) if text and NOT_OPT_OUT in matcher.categories else []
        document.memo[key] = text[spans[0][0]:spans[0][1]].strip() if spans else None
    found: str | None = document.memo[key]
    return found


def _leaves_other_thing(document: Document, matcher: PhraseMatcher, hit: Hit) -> bool:
    """Whether an unsubscribe phrase stands inside wording that leaves something else."""
    key = ("not_opt_out", id(hit.block))
    spans = document.memo.get(key)
    if spans is None:
        text = hit.block.normalized
        spans = document.memo[key] = [text[a:b] for a, b in matcher.spans(NOT_OPT_OUT, text)] \
            if NOT_OPT_OUT in matcher.categories else []
    return any(hit.text in span for span in spans)


def _reply_in_own_words(document: Document, context: Context) -> Iterator[Evidence | Rejected]:
    """A reply opt-out in the writer's words: a reply verb and a wish to stop in one sentence
    ("just let me know and I won't follow up", "Antworten Sie mit 'Nein danke', dann melden wir
    uns nicht mehr")."""
    matcher = context.matcher
    verbs = {id(h.block): h for h in phrase_hits(document, matcher, "unsubscribe.reply_verbs")
             if len(h.block.text) <= _REPLY_BLOCK}
    if not verbs:
        return
    for hit in phrase_hits(document, matcher, "unsubscribe.stop_wishes"):
        verb = verbs.pop(id(hit.block), None)
        if verb is None:
            continue
        barrier = _barrier_in(document, context, hit.block)
        problem = f"it is not free and simple ({barrier!r})" if barrier else None
        text = hit.block.text.strip()
        yield _candidate(text if len(text) <= 160 else text[:159] + "…", verb.line, problem, "body",
                         "reply instruction", f"reply opt-out ({verb.original!r} and {hit.original!r})")


def describe(candidate: Evidence | Rejected) -> str:
    """How a message names a candidate: "link 'Unsubscribe'", "merge tag *|UNSUB|*"."""
    kind = getattr(candidate, "kind", "") or candidate.source
    if kind == "merge tag":
        return f"merge tag {candidate.text}"
    if kind == "List-Unsubscribe header":
        return kind
    within = getattr(candidate, "within", "")
    return f"{kind} {candidate.text!r}" + (f" in {within!r}" if within else "")


def broken_tag(candidate: Evidence | Rejected) -> bool:
    """A merge tag the ESP will not substitute (reported even when another opt-out works)."""
    return isinstance(candidate, Rejected) and candidate.kind == "merge tag" and candidate.reason.startswith(
        "merge tag ")


def candidates(document: Document, context: Context) -> Iterator[Evidence | Rejected]:
    """Every opt-out candidate: merge tags first (broken ones before working ones, as every
    broken tag is reported), then the others cheapest first."""
    tags = list(_tag_candidates(document))
    yield from (t for t in tags if isinstance(t, Rejected))
    yield from (t for t in tags if isinstance(t, Evidence))
    yield from _other_candidates(document, context)


def detect(document: Document, context: Context, complete: bool = False) -> ElementEvidence:
    return collect(document, context, ELEMENT, LOOKED_FOR, candidates, complete)


def _links_in(document: Document, block: TextBlock) -> list[Link]:
    """Links whose text stands inside *block* (same sentence), by text and nearby line.

    Memoised per block: a block with hundreds of phrase hits is scanned once, not once
    per hit (quadratic on a long block, found by the scaling probe)."""
    key = ("links_in", id(block))
    if key not in document.memo:
        last_line = block.line + block.text.count("\n") + 1
        text = block.normalized
        inside: dict[str, bool] = {}  # per distinct link text (a paragraph's links share one)

        def stands_in(link_text: str) -> bool:
            if link_text not in inside:
                inside[link_text] = bool(link_text.strip()) and normalize(link_text) in text
            return inside[link_text]

        document.memo[key] = [
            link for link in document.links if block.line <= link.line <= last_line and stands_in(link.text)
        ]
    cached: list[Link] = document.memo[key]
    return cached


def _has_url(document: Document, block: TextBlock) -> bool:
    key = ("has_url", id(block))
    if key not in document.memo:
        document.memo[key] = _URL_IN_TEXT.search(block.text) is not None
    cached: bool = document.memo[key]
    return cached


def _clipped(document: Document, line: int) -> bool:
    if document.size <= GMAIL_CLIP_BYTES or not document.source or document.format == "eml":
        return False
    lines = document.memo.get("line_bytes")
    if lines is None:
        lines = [0]
        for text_line in document.source.split("\n"):
            lines.append(lines[-1] + len(text_line.encode("utf-8", "replace")) + 1)
        document.memo["line_bytes"] = lines
    return line < len(lines) and lines[line - 1] > GMAIL_CLIP_BYTES


