"""Recognise ESP merge tags (``*|UNSUB|*``, ``{{ unsubscribe_url }}``...) and broken ones.

Two sources: the catalogue in ``phrases/data/merge_tags.toml`` (exact tags, with the
ESP's case rules) and generic patterns, any templating delimiter around an identifier
whose words say what it renders (``{{ unsubscribe_link }}``, ``[[CompanyName]]``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import unquote

# Delimiters of the templating languages and ESPs we meet; group "id" is the identifier.
# Every alternative starts with its delimiter's first character (a lookbehind, where there is
# one, comes after it: `%(?<![\w%]%)` is `(?<![\w%])%`), so the regex engine skips in C to the
# next such character instead of trying every position of the text (14x faster on sources).
_TAG = re.compile(
    r"""
      \*\|(?P<a>[A-Za-z0-9_:\-]+)\|\*                      # Mailchimp *|UNSUB|*
    | \{\{\{?-?\s*(?P<b>[A-Za-z_][\w.:\-]*+)[^{}]{0,80}?\}?\}\}  # Handlebars/Jinja/Liquid/Go
    | \{%-?\s*(?P<c>[A-Za-z_]\w*)[^%]{0,80}?-?%\}          # Klaviyo/Liquid {% unsubscribe %}
    | <%=?\s*(?P<d>[A-Za-z_]\w*)\s*%>                      # SendGrid <%asm_..._url%>
    | %%(?:=\s*)?(?P<e>[A-Za-z_][\w]*)(?:\s*=)?%%          # Salesforce %%unsub_center_url%%
    | \[\[(?P<f>[A-Za-z_][\w:]*)\]\]                        # Mailjet [[DELIVERY_INFO]]
    | \$\{(?P<g>[A-Za-z_][\w.]*)\}                          # ${unsubscribeUrl}
    | %(?<![\w%]%)(?P<h>[A-Za-z_][\w]*)%(?![\w%])           # Mailgun %unsubscribe_url%
    | \[(?<![\[\w]\[)(?P<i>[A-Za-z_][\w]*)\](?!\])          # SendGrid [unsubscribe]
    | \{(?<![{\w$]\{)(?P<j>[A-Za-z_][\w.]*)\}(?!\})          # Mautic/PrestaShop {shop_name}
    """,
    re.VERBOSE,
)

#: Every delimiter above starts with one of these characters: text without them has no tag.
TAG_START = re.compile(r"[*{<%\[$]")

_WORDS = {
    "unsubscribe": re.compile(
        r"unsub|opt_?-?out|optout|delivery_info|remove_?url|abmelde|desinscri|desabonn|"
        r"disiscri|cancella|baja|uitschrijf|afmeld",
        re.I,
    ),
    "preferences": re.compile(
        r"preference|profile_?center|update_?profile|manage_?subscription|notifications?_?url|"
        r"notification_?settings|subscription_?center|email_?settings",
        re.I,
    ),
    "sender_identity": re.compile(
        r"company|sender|from_?name|shop_?name|store_?name|brand|organi[sz]ation|org_?name|"
        r"business_?name|site_?name|signature|list:name|salesChannel\.[\w.]{0,60}name|mirror",
        re.I,
    ),
    "postal_address": re.compile(
        r"(?:sender|company|list|org|organi[sz]ation|business|shop|store|physical|mailing|"
        r"office|footer|postal|member)[_:.\-]?(?:street_?)?addr|postal|^addressline|list_address",
        re.I,
    ),
    "data_source_notice": re.compile(r"list:description|permission_?reminder", re.I),
}
# Identifiers naming the recipient's data never render the sender's.
_RECIPIENT = re.compile(
    r"billing|shipping|delivery_?(?:block|addr)|invoice|customer|recipient|subscriber|"
    r"user|first_?name|last_?name|contact\.|email_?addr",
    re.I,
)


@dataclass(frozen=True, slots=True)
class CatalogTag:
    """A merge tag from the catalogue."""

    tag: str
    esp: str
    element: str
    case_sensitive: bool


@dataclass(frozen=True, slots=True)
class TagHit:
    """A merge tag found in a text: what it renders, and whether it is broken."""

    text: str
    element: str
    esp: str | None = None
    #: None when the tag works; otherwise why it will not be substituted.
    problem: str | None = None
    #: Offset in the scanned text, where a caller needs it (entity-encoded tags in a source).
    start: int | None = None


_SPACES = re.compile(r"\s+")


def _squash(tag: str) -> str:
    return _SPACES.sub("", tag)


@lru_cache(maxsize=1)
def catalogue() -> dict[str, CatalogTag]:
    """Catalogue tags keyed by their lower-cased, space-free form."""
    from email_lint.phrases.matcher import read_data
    from email_lint.usercache import parsed_toml

    data = parsed_toml("merge-tags", read_data("merge_tags.toml"))
    tags = [CatalogTag(**entry) for entry in data["tags"]]
    return {_squash(t.tag).lower(): t for t in tags}


def classify(identifier: str) -> str | None:
    """Which element an identifier renders, from its words, or None."""
    if _WORDS["unsubscribe"].search(identifier):
        return "unsubscribe"
    if _WORDS["preferences"].search(identifier):
        return "preferences"
    if _WORDS["data_source_notice"].search(identifier):
        return "data_source_notice"
    if _RECIPIENT.search(identifier):
        return None
    if _WORDS["postal_address"].search(identifier):
        return "postal_address"
    if _WORDS["sender_identity"].search(identifier):
        return "sender_identity"
    return None


def find_tags(text: str) -> list[TagHit]:
    """Every merge tag in *text* that renders a known element, broken ones included."""
    hits: list[TagHit] = []
    if not text or not TAG_START.search(text):
        return hits
    known = catalogue()
    for match in _TAG.finditer(text):
        raw = match.group(0)
        squashed = _squash(raw)
        entry = known.get(squashed.lower())
        if entry is not None:
            wrong_case = entry.case_sensitive and squashed != _squash(entry.tag)
            problem = f"is in the wrong case: {entry.esp} only substitutes {entry.tag}" if wrong_case else None
            hits.append(TagHit(raw, entry.element, entry.esp, problem))
            continue
        identifier = next(g for g in match.groups() if g is not None)
        element = classify(identifier)
        if element is not None:
            hits.append(TagHit(raw, element))
    return hits


def is_template_expression(text: str) -> bool:
    """True when *text* holds any templating expression (its value is unknown here)."""
    return bool(_TAG.search(text))


_PERCENT = re.compile(r"%(?:7B|7C|5B|3C|25|2A)", re.I)


def percent_encoded_tags(href: str) -> list[TagHit]:
    """Merge tags that only appear after percent-decoding *href*: the ESP won't see them."""
    if not _PERCENT.search(href):
        return []
    plain = {h.text for h in find_tags(href)}
    return [
        TagHit(h.text, h.element, h.esp, "is percent-encoded (%7B...): the ESP will not substitute it")
        for h in find_tags(unquote(href))
        if h.text not in plain and h.problem is None
    ]


_ENTITY = (
    r"&(?:#0*(?:123|125|124|42|37|91|93|60|62)|#x0*(?:7b|7d|7c|2a|25|5b|5d|3c|3e)|lbrace|rbrace|"
    r"lcub|rcub|vert|verbar|ast|midast|percnt|lsqb|rsqb|lbrack|rbrack|lt|gt);"
)
_TAG_CHAR = r"[\w.:\s|*%\[\]{}<>]"
_ANY_ENTITY = re.compile(_ENTITY, re.I)


@lru_cache(maxsize=1)
def _entity_run() -> re.Pattern[str]:
    """A maximal run of tag characters and character references holding at least one
    reference. It starts only where a run starts (not after a tag character), so the runs
    without a reference, most of the source, cost no Python-level match each. Compiled on
    first need (few sources have such references): it is slow to compile."""
    return re.compile(rf"(?<!{_TAG_CHAR}){_TAG_CHAR}*(?:{_ENTITY})(?:{_ENTITY}|{_TAG_CHAR})*", re.I)


def entity_encoded_tags(source: str) -> list[TagHit]:
    """Merge tags written with character references in the raw source (``&#123;&#123;``)."""
    import html

    hits: list[TagHit] = []
    if "&" not in source or not _ANY_ENTITY.search(source):
        return hits
    for match in _entity_run().finditer(source):
        chunk = match.group(0)
        if "&" not in chunk:
            continue
        decoded = html.unescape(chunk)
        if decoded == chunk:
            continue
        plain = {h.text for h in find_tags(chunk)}
        for hit in find_tags(decoded):
            if hit.text not in plain and hit.problem is None and hit.element == "unsubscribe":
                hits.append(
                    TagHit(hit.text, hit.element, hit.esp,
                           "is entity-encoded (&#123;...) in the source: the ESP will not substitute it",
                           match.start() + chunk.index("&"))
                )
    return hits


#: Delimiters no rendered text has by accident: any expression in them is an unreplaced tag.
#: Single-character delimiters (``{x}``, ``[x]``, ``%x%``) count only for a known tag.
_STRONG_GROUPS = frozenset("abcdefg")
#: Expressions the identifier-based patterns above miss: Go templates (listmonk
#: ``{{ .Subscriber.FirstName }}``), Mailgun recipient variables (``%recipient.first%``).
_LEFTOVER = re.compile(r"\{\{[^{}\n]{1,120}?\}\}|\{%[^%\n]{1,120}?%\}|%recipient[._][\w.]{1,60}%")


def unreplaced_tags(text: str) -> list[TagHit]:
    """Every templating expression left in a *rendered* text (the ESP should have replaced it).

    Catalogue tags and tags whose words say what they render, whatever their delimiter; any
    other identifier inside a two-character delimiter (``{{ first_name }}``, ``*|FNAME|*``,
    ``{% if %}``, ``<%= x %>``, ``%%x%%``, ``[[x]]``, ``${x}``) as element ``"merge_tag"``.
    """
    hits: list[TagHit] = []
    if not text or not TAG_START.search(text):
        return hits
    known = catalogue()
    for match in _TAG.finditer(text):
        raw = match.group(0)
        entry = known.get(_squash(raw).lower())
        if entry is not None:
            hits.append(TagHit(raw, entry.element, entry.esp, start=match.start()))
            continue
        group = match.lastgroup or ""
        element = classify(match.group(group)) if group else None
        if element is None and group in _STRONG_GROUPS:
            element = "merge_tag"
        if element is not None:
            hits.append(TagHit(raw, element, start=match.start()))
    taken = [(h.start or 0, (h.start or 0) + len(h.text)) for h in hits]
    for match in _LEFTOVER.finditer(text):
        if not any(start < match.end() and match.start() < end for start, end in taken):
            hits.append(TagHit(match.group(0), "merge_tag", start=match.start()))
    return sorted(hits, key=lambda h: h.start or 0)
