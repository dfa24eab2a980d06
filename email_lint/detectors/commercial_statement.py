"""Commercial statement: the email says it is advertising, in a sentence, a label or the subject.

Three kinds of evidence, all from the ``[commercial_statement]`` phrase data of each language:

- a statement anywhere in the text ("This email is an advertisement", "Diese Zusendung ist
  Werbung", "La presente email ha carattere pubblicitario"), the ``phrases`` list and grammar,
  unless a negation stands just before it ("Dies ist *keine* kommerzielle Kommunikation");
- a label standing as a line of its own, heading a line ("Werbung: Winterangebote",
  "Publicité · Atelier Sorel", "[Anzeige] ...") or saying whose advertising it is
  ("Promoción comercial de Pastelería Goya"): the ``labels`` list and grammar (a message noun
  with an advertising qualifier, "Comunicazione di natura commerciale"), or a compound of an
  advertising word and a message noun ("Marketingmail", "Produktwerbung");
- a subject prefix that is a label (``ADV:``, ``[Publicité]``).

A word that merely contains a label ("E-Mail im Browser anzeigen", "Bewerbung") is no label:
labels match whole words, and a compound only when its parts are listed.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from email_lint.detectors import collect
from email_lint.detectors.model import ElementEvidence, Evidence, Rejected
from email_lint.detectors.text import phrase_hits
from email_lint.normalize import normalize

if TYPE_CHECKING:
    from email_lint.context import Context
    from email_lint.document import Document, TextBlock
    from email_lint.phrases.matcher import PhraseMatcher

ELEMENT = "commercial_statement"
LABELS = "commercial_statement.labels"
LOOKED_FOR = (
    "a statement that the email is advertising ('This email is an advertisement'), a stand-alone "
    "label ('Advertisement', 'Publicité', 'Werbung') or a subject prefix ('ADV:', '[Publicité]')"
)
_LABEL_TRIM = re.compile(r"^[\s\[\](){}*:|\-–—.!]+|[\s\[\](){}*:|\-–—.!]+$")
_SPACED_COLON = re.compile(r" :(?= )")
#: Characters :data:`_LABEL_TRIM` strips from either end of a line.
_TRIM = frozenset("[](){}*:|-–—.! \t")
#: Longest line that may be a label by itself (longer lines are sentences or titles).
_MAX_LABEL_LINE = 80
#: Between label candidates in the one text scanned for them: no phrase or rule crosses it.
_JOIN = "\n|\n"
#: Words of normalised text, an elided one with its apostrophe ("n'", "l'").
_TOKEN = re.compile(r"\w+'?")
#: Where the clause before a statement begins: the negation must stand in the same clause.
_CLAUSE_END = re.compile(r"[.!?;:]")
#: Words between a negation and the statement it denies are short ("not *a*", "n'est pas *une*",
#: "non è *una*", "nicht *um eine*"); a longer one means the negation governs something else
#: ("if you'd rather not *receive* this promotional email").
_GLUE_LENGTH = 4
_NEGATION_WINDOW = 3


@lru_cache(maxsize=8)
def _words(matcher: PhraseMatcher, category: str) -> frozenset[str]:
    """The normalised words of one list of every language (once per matcher)."""
    words: set[str] = set()
    for phrases in matcher.by_language.get(f"{ELEMENT}.{category}", {}).values():
        words.update(normalize(p) for p in phrases)
    return frozenset(words - {""})


@dataclass(frozen=True)
class _Compounds:
    """Compound labels: an advertising word glued to a message noun ("werbe" + "mail",
    "marketing" + "bericht"), or a word ending in an advertising noun ("produkt" + "werbung");
    none that ends in one of the listed exceptions ("bewerbung", "initiativbewerbung")."""

    whole: frozenset[str]
    suffixes: tuple[str, ...]
    exceptions: tuple[str, ...]

    def __contains__(self, word: str) -> bool:
        if " " in word or any(word.endswith(e) for e in self.exceptions):
            return False
        if word in self.whole:
            return True
        return any(word.endswith(s) and len(word) > len(s) + 2 for s in self.suffixes)


@lru_cache(maxsize=8)
def _compounds(matcher: PhraseMatcher) -> _Compounds:
    tails = _words(matcher, "label_tails")
    whole = {f"{head}{glue}{tail}" for head in _words(matcher, "label_heads") for tail in tails for glue in ("", "-")}
    return _Compounds(frozenset(whole), tuple(sorted(_words(matcher, "label_suffixes"))),
                      tuple(sorted(_words(matcher, "label_exceptions"))))


#: A label heading a line: "Advertisement: autumn offers", "Werbung · Hollis & Vane", "Pubblicità – Festa".
_LEADING_LABEL = re.compile(r"^\s*+(?:[\[(]\s*+([^\])\n]{1,30}?)\s*+[\])]|([^:·|–—(\n]{1,30}?)\s*+(?:[:·|–—(]| - ))")


def subject_prefix(subject: str) -> str:
    """``"[Publicité] Soldes"`` -> ``"publicite"``; ``"ADV: House"`` -> ``"adv"`` (a dash, a middle dot or
    a bar may stand for the colon)."""
    match = _LEADING_LABEL.match(subject)
    if not match:
        return ""
    return normalize(match.group(1) or match.group(2))


#: "Advertisement from Castlebar Motors", "Publicité de Cuisines Lemoine": a label, then whose it is
#: (labels of five letters or more: "Pub de la gare" is a bar; "Sponsored by" names a sponsor).
_LABEL_OF = re.compile(r"^\s*+(\S[^\n]{3,30}?)\s++(?:from|de|du|des|von|der|di|del|della|dello|dei|da|van)\s++\S")


def _line_candidates(line: str) -> list[str]:
    """What of a line may be a label: the line itself (short ones), its head before a
    separator or in brackets, its head before "from"/"de"/"von" (normalised)."""
    found = []
    if len(line) <= _MAX_LABEL_LINE:
        found.append(normalize(_LABEL_TRIM.sub("", line) if line[0] in _TRIM or line[-1] in _TRIM else line))
    prefix = subject_prefix(line)
    if prefix:
        found.append(prefix)
    owner = _LABEL_OF.match(line)
    if owner is not None and len(owner.group(1)) >= 5:
        found.append(normalize(owner.group(1)))
    # French puts a space before a colon ("Information : publicité"); the grammar's separator does not.
    return [_SPACED_COLON.sub(":", c) if " :" in c else c for c in found if c and "|" not in c]


def _labelled(candidates: set[str], matcher: PhraseMatcher) -> set[str]:
    """The candidates that are labels, matched whole: one scan of them all joined."""
    if not candidates:
        return set()
    ordered = sorted(candidates)
    joined = _JOIN.join(ordered)
    starts = {}
    offset = 0
    for candidate in ordered:
        starts[offset] = candidate
        offset += len(candidate) + len(_JOIN)
    # (A phrase's match may end with the white space after it.)
    found = {starts[start] for start, end in matcher.spans(LABELS, joined)
             if start in starts and joined[start:end].rstrip() == starts[start]}
    compounds = _compounds(matcher)
    found.update(c for c in candidates if c in compounds)
    return found


def _label_lines(document: Document, matcher: PhraseMatcher) -> Iterator[Evidence]:
    """Visible lines that are a label, head a line with one, or subject prefixes that are one."""
    lines: list[tuple[TextBlock, int, str, list[str]]] = []
    candidates: set[str] = set()
    for block in document.blocks:
        if not block.visible:
            continue
        if block.source == "header:Subject":
            prefix = subject_prefix(block.text)
            if prefix:
                lines.append((block, 0, block.text.strip(), [prefix]))
                candidates.add(prefix)
            continue
        for offset, line in enumerate(block.text.splitlines()):
            stripped = line.strip()
            if stripped:
                found = _line_candidates(stripped)
                lines.append((block, offset, stripped, found))
                candidates.update(found)
    labelled = _labelled(candidates, matcher)
    if not labelled:
        return
    for block, offset, line, found in lines:
        for label in found:
            if label in labelled:
                if block.source == "header:Subject":
                    yield Evidence(line, block.line, block.source, f"subject prefix {label!r}")
                else:
                    yield Evidence(line, block.line + offset, block.source, "advertising label")
                break


def _negation(text: str, start: int, negations: frozenset[str]) -> str | None:
    """The negation denying the statement at *start* of a block's normalised *text* ("keine",
    "n'", "not"), if one stands just before it in its clause, with only short words between."""
    before = _CLAUSE_END.split(text[max(start - 60, 0):start])[-1]
    tokens: list[str] = _TOKEN.findall(before)[-_NEGATION_WINDOW:]
    for index in range(len(tokens) - 1, -1, -1):
        if tokens[index] in negations:
            return tokens[index]
        if len(tokens[index]) > _GLUE_LENGTH:
            return None
    return None


def _statements(document: Document, matcher: PhraseMatcher) -> Iterator[Evidence | Rejected]:
    """Statement hits, each rejected when a negation denies it. A block's hits come in order:
    each is looked for after the previous one (linear however many a block holds)."""
    negations = _words(matcher, "negations")
    after: dict[tuple[int, str], int] = {}
    for hit in phrase_hits(document, matcher, "commercial_statement.phrases"):
        text = hit.block.normalized
        key = (id(hit.block), hit.text)
        start = text.find(hit.text, after.get(key, 0))
        after[key] = start + 1
        negation = _negation(text, start, negations) if start > 0 else None
        if negation is None:
            yield Evidence(hit.original, hit.line, "body", "statement that the email is advertising")
        else:
            yield Rejected(hit.original, hit.line, f"negated ({negation!r}): says the email is not advertising")


def candidates(document: Document, context: Context) -> Iterator[Evidence | Rejected]:
    yield from _statements(document, context.matcher)
    yield from _label_lines(document, context.matcher)


def detect(document: Document, context: Context, complete: bool = False) -> ElementEvidence:
    return collect(document, context, ELEMENT, LOOKED_FOR, candidates, complete)
