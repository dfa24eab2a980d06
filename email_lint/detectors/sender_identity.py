"""Sender identity: a name that identifies who sends the email, found where a sender is named."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from functools import lru_cache
from typing import TYPE_CHECKING

from email_lint.detectors import collect
from email_lint.detectors.brands import brand_mentions
from email_lint.detectors.model import ElementEvidence, Evidence, Rejected
from email_lint.detectors.names import (
    Leading,
    Lexicon,
    NameCheck,
    find_name,
    is_handle,
    leading_name,
    lexicon,
    name_run,
    not_a_name,
    place_line,
    platform_words,
    without_platforms,
)
from email_lint.detectors.text import LazyPattern, RawIndex, phrase_hits, tags_for
from email_lint.merge_tags import is_template_expression
from email_lint.normalize import fold_keep_case, normalize

if TYPE_CHECKING:
    from email_lint.context import Context
    from email_lint.detectors.postal_address import AddressMatch
    from email_lint.document import Document, TextBlock
    from email_lint.phrases.matcher import PhraseMatcher

ELEMENT = "sender_identity"
LOOKED_FOR = (
    "a name of the sender: a legal entity ('Acme Ltd'), a copyright holder, a signature or sign-off with a "
    "name, a company description ('Acme is a design studio'), a From display name that is not generic, a "
    "brand matching the email's own domains, a logo alt text, an ESP company tag (*|LIST:COMPANY|*) or sender.name"
)

# Case variants written out: an re.I scan of every email's text costs more than this alternation.
_COPYRIGHT_MARK = re.compile(r"©|\([cC]\)|(?<![\w])(?:[Cc]opyright|COPYRIGHT)(?![\w])")
#: Years and year tags at the start of a holder: "2019-2025", "*|CURRENT_YEAR|*", "{{ year }}".
_YEARS = LazyPattern(
    r"^(?:[\s,.:;\-–—©]|\(c\)|copyright|\d{4}(?:\s*[-–/]\s*\d{2,4})?|"
    r"(?:\*\||\{\{\{?|\{%|\[\[?|%%?|<%=?|\$\{)\s*[\w.:\s]*(?:year|date|jahr|anno|ano|jaar|annee)[\w.:\s]*"
    r"(?:\|\*|\}\}\}?|%\}|\]\]?|%%?|%>|\})|by|par|von|di|da|por|door)+",
    re.I,
)
_HOLDER_END = LazyPattern(r"\s[|·•–—\-]\s|[|·•]|\.\s|\.$|;")
_NAME_WORD = r"[A-Z0-9\[{*][\w&'’.\-\]}|*]*"
#: What joins two words of one name: "Harbour & Pine", "Marks and Spencer", "Dupont et Fils".
_JOIN = r"(?:[ \t]+(?:&|\+|and|und|et|e|y|en))?"
#: A whole block that is a dashed sign-off: "— The Mailgunners".
_SIGN_OFF = LazyPattern(r"[—–-]{1,2}\s*(?:the\s+)?[A-Z][\w'’&.\-]+(?:\s+[A-Z][\w'’&.\-]+){0,3}")
_LOGO_ALT = LazyPattern(r"\blogo\b", re.I)
#: ``"Name" <addr>``: possessive, so a long run of white space without ``<addr>`` (a folded or
#: RFC 2047-encoded From) is scanned once, not once per split (cubic in its length).
_ADDRESS = LazyPattern(r'^\s*+"?+([^"<]*+)"?+\s*+<[^>]++>\s*+$')
_DIGIT = re.compile(r"\d")
#: An unfilled placeholder: "[Company Name]", "[City]".
_PLACEHOLDER = LazyPattern(r"\[[^\[\]{}|*%<>]*[A-Za-z][^\[\]{}|*%<>]*\]")
#: A closing that says where it comes from ("Herzliche Grüße aus dem Laden"): the name follows it.
_GREETING_TAIL = LazyPattern(r"(?:aus|vom|von|from|de|du|des|da|dal|dalla|dallo|desde|del|uit|van|vanuit)\b")
#: Lines short enough to be a sign-off or a name line.
_SHORT_LINE = 8
#: Words a closing formula may add to a signed line ("Mit herzlichen Grüßen aus der Werkstatt, ...").
_CLOSING_WORDS = 6
#: Sender addresses whose neighbourhood is searched for a name (a listing may come first).
_ADDRESSES_LOOKED_AT = 3
#: Lines after a closing read as its signature ("Mark" then "iNet Marketing Services").
_SIGNATURE_LINES = 2
#: Longest block (characters) read for an introduced name ("sent by Acme", "the Acme team").
_INTRODUCER_BLOCK = 300
#: A capitalised name of up to six words, for company descriptions ("Studio Ardoise is a...").
_DESCRIBED = (
    r"(?:(?<=[.!?:]\s)|^)(?P<name>(?:[A-Z][\w'’&.\-]*|[a-z0-9]+[A-Z][\w'’&.\-]*)"
    r"(?:[ \t]+(?:(?:&|\+|and|und|et|e|y|en|de|di|del|della|van|von|der|den|du|des|la|le|of|da|dos)[ \t]+)?"
    r"(?:[A-Z][\w'’&.\-]*|[a-z0-9]+[A-Z][\w'’&.\-]*)){0,5})[ \t]+(?:{verbs})(?![\w])"
)


@lru_cache(maxsize=4)
def _legal_form_pattern(forms: tuple[str, ...]) -> re.Pattern[str]:
    alternatives = "|".join(re.escape(f) for f in sorted(forms, key=len, reverse=True))
    # A name of one to five words, then the legal form ("Acme Widgets GmbH", "[Company Name, LLC]").
    # The lookbehind starts a name only where a word starts and the possessive "*+" never
    # gives characters back: otherwise a long unbroken run ("*|*|*|...", found by the
    # scaling probe) is retried from each of its characters, quadratic in its length.
    first = r"(?<![\w&'’.\-\]}|*\[{])" + _NAME_WORD + "+"
    return re.compile(
        rf"{first}(?:{_JOIN}[ \t]+{_NAME_WORD}+){{0,4}},?[ \t]+(?:{alternatives})(?![\w])"
    )


@lru_cache(maxsize=4)
def _description_pattern(verbs: tuple[str, ...]) -> re.Pattern[str]:
    alternatives = "|".join(re.escape(v).replace(r"\ ", r"[ \t]+") for v in verbs)
    return re.compile(_DESCRIBED.replace("{verbs}", alternatives), re.M)


def _legal_forms(matcher: PhraseMatcher) -> tuple[str, ...]:
    forms: set[str] = set()
    for phrases in matcher.by_language.get("sender_identity.legal_forms", {}).values():
        forms.update(phrases)
    return tuple(sorted(forms))


def names_company(text: str, matcher: PhraseMatcher) -> bool:
    """True when *text* names a legal entity ("Acme Ltd") or a copyright holder."""
    forms = _legal_forms(matcher)
    if forms and _legal_form_pattern(forms).search(text):
        return True
    lex = lexicon(matcher)
    return any(holder.name for holder, _ in _copyright_holders(text, lex))


def _copyright_holders(text: str, lex: Lexicon) -> Iterator[tuple[NameCheck | _Tagged, re.Match[str]]]:
    """For each copyright mark in *text*: the check of its holder (``NameCheck``), and the mark."""
    for mark in _copyright_marks(text):
        end = text.find("\n", mark.end())
        rest = text[mark.end(): end if end >= 0 else len(text)]
        rest = _YEARS.sub("", rest, count=1)
        cut = _HOLDER_END.search(rest)
        holder = (rest[: cut.start()] if cut else rest).strip()
        folded = normalize(holder)
        for phrase in lex.rights_reserved:
            at = folded.find(phrase)
            if at >= 0:
                holder = " ".join(holder.split()[: len(folded[:at].split())])
                folded = normalize(holder)
        if holder and is_template_expression(holder):
            yield _Tagged(holder), mark
        else:
            yield find_name(holder, lex, any_case=holder.isupper() or holder.islower()), mark


_MARKERS = ("©", "(c)", "(C)", "opyright", "OPYRIGHT")


def _copyright_marks(text: str) -> Iterator[re.Match[str]]:
    """The copyright marks of *text*, in order. Plain substring searches find whether there are
    any (most emails have one "©" or none) before the pattern runs, from the first one."""
    first = min((at for at in (text.find(m) for m in _MARKERS) if at >= 0), default=-1)
    if first < 0:
        return iter(())
    return _COPYRIGHT_MARK.finditer(text, max(first - 1, 0))


class _Tagged:
    """A holder that is a merge tag: its value names the sender at send time."""

    problem = ""

    def __init__(self, name: str):
        self.name = name


def _from_display_name(value: str | None) -> str | None:
    if not value:
        return None
    match = _ADDRESS.match(value)
    name = (match.group(1) if match else "").strip()
    return name or None


def _line_of(document: Document, text: str) -> int:
    wanted = normalize(text)
    for block in document.visible_blocks:
        if wanted in block.normalized:
            return block.line
    return 1


def _from_candidates(document: Document, lex: Lexicon) -> Iterator[Evidence | Rejected]:
    name = _from_display_name(document.header("From"))
    if not name:
        return
    line = document.line_of_header("from")
    if is_template_expression(name):
        yield Evidence(name, line, "header:From", "From display name (merge tag)")
        return
    if is_handle(name):
        yield Rejected(name, line, "a From display name written as a handle names nobody", "header:From")
        return
    found = find_name(name, lex, any_case=True)
    if found.name:
        yield Evidence(name, line, "header:From", "display name of the From header")
    else:
        yield Rejected(name, line, f"a generic From display name: {found.problem}", "header:From")


def _copyright_candidates(index: RawIndex, lex: Lexicon) -> Iterator[Evidence | Rejected]:
    for check, mark in _copyright_holders(index.text, lex):
        where = index.locate(mark.start())
        if where is None:
            continue
        block, line = where
        if check.name:
            yield Evidence(check.name, line, block.source, "copyright holder")
        else:
            text = _line_at(index.text, mark.start())
            yield Rejected(text, line, f"a copyright line with no holder names nobody ({check.problem})")


def _line_at(text: str, offset: int) -> str:
    start = text.rfind("\n", 0, offset) + 1
    end = text.find("\n", offset)
    return text[start: end if end >= 0 else len(text)].strip()


def _hit_blocks(document: Document, matcher: PhraseMatcher, category: str,
                sources: tuple[str, ...] = ("body",)) -> list[TextBlock]:
    """The blocks (in order, once each) holding a phrase of *category*: the costly patterns
    then run on those blocks only."""
    seen: dict[int, TextBlock] = {}
    for hit in phrase_hits(document, matcher, category):
        if hit.block.source in sources:
            seen.setdefault(id(hit.block), hit.block)
    return list(seen.values())


def _description_candidates(document: Document, lex: Lexicon) -> Iterator[Evidence]:
    if not lex.descriptions:
        return
    pattern = _description_pattern(lex.descriptions)
    for block in _hit_blocks(document, lex.matcher, "sender_identity.descriptions"):
        folded = fold_keep_case(block.text)
        for match in pattern.finditer(folded):
            raw = block.text[match.start("name"):match.end("name")] if len(folded) == len(block.text) else None
            name = find_name(raw or match.group("name"), lex)
            if not name.name:
                continue
            if name.words == 1 and _occurrences(document, name.name) < 2:
                continue  # "Shipping is a breeze": one capitalised word may just start the sentence
            line = block.line + folded.count("\n", 0, match.start())
            yield Evidence(name.name, line, block.source, "company description")


def _occurrences(document: Document, word: str) -> int:
    pattern = re.compile(rf"(?<![\w]){re.escape(word)}(?![\w])")
    return sum(len(pattern.findall(b.text)) for b in document.visible_blocks)


def _lines(blocks: Iterable[TextBlock]) -> list[tuple[str, int, TextBlock]]:
    """Every line of *blocks* with its source line and block."""
    out = []
    for block in blocks:
        for offset, text in enumerate(block.text.split("\n")):
            out.append((text.strip(), block.line + offset, block))
    return out


def _signature_candidates(document: Document, body: list[TextBlock], lex: Lexicon) -> Iterator[Evidence | Rejected]:
    """The name after a closing formula ("Best regards,\\nSam Whitford"; "Cheers, Sam")."""
    closing_blocks = {id(b) for b in _hit_blocks(document, lex.matcher, "sender_identity.closings")}
    if not closing_blocks:
        return
    pattern = lex.matcher.pattern("sender_identity.closings")
    if pattern is None:  # no closing phrases: no block matched one above
        return
    lines = _lines(body)
    for position, (text, line, block) in enumerate(lines):
        if id(block) not in closing_blocks or not text or len(text.split()) > _SHORT_LINE + _CLOSING_WORDS:
            continue
        norm = normalize(text)
        match = pattern.match(norm)
        if not match:
            continue
        same_line = _signed_on_the_line(text, norm, match.end())
        if same_line is None:
            continue  # "Danke für Ihre Bestellung": a sentence, not a closing
        if same_line:  # "Cheers, Sam": the name on the same line
            following = [(same_line, line)]
        else:
            following = [(t, n) for t, n, _ in lines[position + 1:position + 4] if t][:_SIGNATURE_LINES]
        yield from _judge_signature(following, match.group(0), block.source, lex)


def _signed_on_the_line(text: str, norm: str, end: int) -> str | None:
    """What follows a closing on its own line: the signature written there ("Cheers, Sam";
    "Herzliche Grüße aus Rheinhessen, Familie Ostermann"; "Un abrazo lector, Inés"), "" when the
    line ends with the closing (the signature is on the next lines), None when the closing
    words only start a sentence ("Danke für Ihre Bestellung")."""
    after = norm[end:]
    rest = after.strip(" ,.!-–—")
    if not rest:
        return ""
    words = text.split()
    written = " ".join(words[len(norm[:end].split()):])  # the rest as written, case kept
    if re.match(r"\s*[,\-–—]", after):
        return written.strip(" ,.!-–—")
    head, comma, tail = written.partition(",")
    if _GREETING_TAIL.match(rest):  # "Grüße aus Rheinhessen": a name only after a comma
        return tail.strip(" ,.!-–—") if comma else ""
    if comma and len(head.split()) <= 2 and head[:1].islower():  # "Un abrazo lector, Inés"
        return tail.strip(" ,.!-–—")
    return None


def _judge_signature(following: list[tuple[str, int]], closing: str, source: str,
                     lex: Lexicon) -> Iterator[Evidence | Rejected]:
    """The signature lines after a closing: a full name or an organisation identifies the sender,
    a first name alone ("Un saludo, Álvaro") does not."""
    rejected: list[Rejected] = []
    for candidate, line in following:
        if not candidate or len(candidate.split()) > _SHORT_LINE:
            break
        found = find_name(candidate, lex)
        if found.name and not _DIGIT.search(found.name) and (found.words >= 2 or found.coined or found.organisation):
            yield Evidence(found.name, line, source, f"signature after {closing!r}")
            return
        if found.name:
            rejected.append(Rejected(candidate, line, "a first name alone does not identify the sender"))
        else:
            rejected.append(Rejected(candidate, line, f"a sign-off without a name ({found.problem})"))
            break
    yield from rejected


def _introducer_candidates(document: Document, lex: Lexicon) -> Iterator[Evidence | Rejected]:
    """"sent by Acme", "the Acme team", "L'équipe Atelier Ardoise": the name within or after."""
    for hit in phrase_hits(document, lex.matcher, "sender_identity.phrases"):
        block = hit.block
        if len(block.text) > _INTRODUCER_BLOCK:
            continue  # a paragraph of prose ("our team has..."); footers and sign-offs are short
        start = block.text.find(hit.original)
        if start < 0:
            continue
        end = block.text.find("\n", start)
        tail = block.text[start: end if end >= 0 else len(block.text)]
        cut = re.search(r"[.!?](?:\s|$)", tail[len(hit.original):])
        if cut:
            tail = tail[: len(hit.original) + cut.start()]
        found = _introduced_name(tail, hit.original, lex)
        if found.name and not _DIGIT.search(found.name) and not not_a_name(found.name, lex):
            yield Evidence(found.name, hit.line, block.source, f"named in {hit.original!r}")
        elif len(block.text.split()) <= _SHORT_LINE // 2 + 2:
            yield Rejected(tail.strip(), hit.line, f"a sign-off without a name ({found.problem or 'no name'})")


def _introduced_name(tail: str, phrase: str, lex: Lexicon) -> NameCheck:
    """The name in an introducing phrase ("the Acme team": within it) or right after it ("sent by
    the Acme Trust"; not "Team aus Leipzig", where no name follows)."""
    words = tail.split()
    size = len(phrase.split())
    inside = [w for w in words[:size] if normalize(w) not in lex.introducer_words]
    if inside:
        return find_name(" ".join((inside + words[size:])[:_SHORT_LINE]), lex)
    lead = leading_name(tail[len(phrase):].lstrip(" :"), lex, skip=lex.determiners)
    if lead is None:
        return NameCheck(None, "no name right after it")
    return find_name(lead.name, lex)


def _introduction_candidates(document: Document, lex: Lexicon) -> Iterator[Evidence | Rejected]:
    """"We're Kettlewell Home, an independent shop"; "Wir sind die Schreinerei Hollmann": the name
    right after the self-introduction. "We are an independent design agency" names nobody."""
    for hit in phrase_hits(document, lex.matcher, "sender_identity.introductions"):
        text = hit.block.text
        at = text.find(hit.original)
        if at < 0:
            continue
        end = text.find("\n", at)
        rest = text[at + len(hit.original): end if end >= 0 else len(text)]
        lead = leading_name(rest, lex)
        if lead is not None and _names_itself(lead, lex):
            yield Evidence(lead.name, hit.line, hit.block.source, f"self-introduction ({hit.original!r})")
        elif len(text) <= _INTRODUCER_BLOCK:
            sentence = re.split(r"(?<=[.!?])\s", text[at:])[0].strip()
            yield Rejected(sentence, hit.line, "a self-introduction without a name: it describes, it names nobody")


def _names_itself(lead: Leading, lex: Lexicon) -> bool:
    """Whether a name after "we are" is one: two name words, a coined brand, or one word followed by
    a description ("Somos Brío, una agencia"; not "Wir sind Handwerker, keine Verkäufer")."""
    check = find_name(lead.name, lex)
    if check.name is None or not_a_name(lead.name, lex):
        return False
    if check.words >= 2 or check.coined:
        return True
    return _describes(lead.rest, lex, opening=True)


#: Longest block (words) read as a brand line: a tagline or a footer line, not a paragraph
#: ("Leichte Leinenkleider, luftige Blusen und Sandalen für warme Tage sind eingetroffen...").
_BRAND_LINE_WORDS = 20
_SENTENCE_END = LazyPattern(r"[.!?]\s+\S")
#: A line that may be "NAME, description": a short head without digits, then a separator.
_APPOSITION = LazyPattern(r"^(?P<head>[^,:;–—|·•\d]{3,80}?)(?:\s*[,:]|\s+[-–—]+)\s+(?P<tail>\S.*)$")


def _brand_line_candidates(document: Document, body: list[TextBlock], lex: Lexicon) -> Iterator[Evidence]:
    """A line that starts with a name and goes on to say what it is: "The Copper Kettle, a family
    bakery in Hebden Bridge since 1978"; "Elektro Wagner, Ihr Fachhändler seit 1968"."""
    for text, line, block in _lines(b for b in body if len(b.text.split()) <= _BRAND_LINE_WORDS):
        match = _APPOSITION.match(text)
        if match is None or _SENTENCE_END.search(match.group("tail")):
            continue  # a tagline is one sentence: "..., a family bakery. Come and see us" is prose
        head = match.group("head").strip()
        lead = leading_name(head, lex)
        if lead is None or lead.rest.strip() or _not_a_name_line(head, lex):
            continue
        check = find_name(head, lex)
        tail = match.group("tail")
        if (check.words >= 2 or check.coined) and _describes(tail, lex, capitalised_nouns=_nouns_capitalised(document)):
            yield Evidence(lead.name, line, block.source, "name followed by a description of the sender")


#: Languages that capitalise every noun: a description after a name may start with one.
_CAPITALISED_NOUNS = frozenset({"de", "lb"})
#: Words after a name where the kind of business is looked for ("a family-run organic bakery").
_DESCRIPTION_WORDS = 6


def _nouns_capitalised(document: Document) -> bool:
    return document.language in _CAPITALISED_NOUNS


def _greets(text: str, lex: Lexicon) -> bool:
    """Whether *text* starts with a salutation ("Dear Customer", "Liebe Frau Berg")."""
    pattern = lex.salutations
    return pattern is not None and pattern.match(normalize(text)) is not None


def _describes(tail: str, lex: Lexicon, opening: bool = False, capitalised_nouns: bool = False) -> bool:
    """Whether the words after a name say what it is: how long it has been going ("dal 1961",
    "al 25 jaar"), or a kind of business within a few words, opened by an article, a possessive or
    a lower-case word ("a family bakery", "Ihr Fachhändler", "tienda de telas"; a capitalised word
    only where every noun is capitalised, *capitalised_nouns*: "Meisterbetrieb für..."). "Gift
    Cards, the perfect present" names no business. With *opening*, the description must start
    right after a comma, colon or dash."""
    if opening:
        cut = re.match(r"\s*(?:[,:]|[-–—]+)\s*", tail)
        if cut is None:
            return False
        tail = tail[cut.end():]
    norm = normalize(tail)
    if not opening and lex.matcher.contains("sender_identity.since", norm):
        return True
    first = next(iter(tail.split()), "")
    words = norm.replace("'", "' ").split()[:_DESCRIPTION_WORDS]
    if not words or not first[:1].isalpha():
        return False
    if first[:1].isupper() and words[0] not in lex.determiners and not capitalised_nouns:
        return False  # "Jenna Cole, Realtor, Cole & Park Realty": a list of names, not a description
    return lex.names_a_business(words)


def _heading_candidates(document: Document, lex: Lexicon) -> Iterator[Rejected]:
    """Legal-notice headings with no name after them ("Sede legale: Milano", "Impressum")."""
    for hit in phrase_hits(document, lex.matcher, "sender_identity.headings"):
        if len(hit.block.text) <= _INTRODUCER_BLOCK:
            line = _line_at(hit.block.text, max(hit.block.text.find(hit.original), 0))
            yield Rejected(line, hit.line, f"{hit.original!r} is a legal-notice heading, not a name")


def _beside_address_candidates(document: Document, context: Context, lex: Lexicon) -> Iterator[Evidence | Rejected]:
    """The name before the address on its line ("Merriweather 1234 S. Broadway St."; "Cole & Park
    Realty, 88 Maple Ave") or on the line above it ("Cole & Park Realty\n88 Maple Ave")."""
    from email_lint.detectors.postal_address import addresses, find_address

    first = find_address(document, context)
    if first is None:
        return
    seen = 0
    if first.block is not None:
        judged = list(_beside(document, first, lex))
        yield from judged
        if any(isinstance(c, Evidence) for c in judged):
            return
        seen = 1
    for found in addresses(document, context):
        if found.block is first.block and found.offset == first.offset:
            continue
        if found.customer or found.block is None:
            continue
        judged = list(_beside(document, found, lex))
        yield from judged
        seen += 1
        if seen == _ADDRESSES_LOOKED_AT or any(isinstance(c, Evidence) for c in judged):
            return


def _beside(document: Document, found: AddressMatch, lex: Lexicon) -> Iterator[Evidence | Rejected]:
    block = found.block
    if block is None:  # an address from configuration or a merge tag: callers skip those
        return
    line_start = block.text.rfind("\n", 0, found.offset) + 1
    prefix = block.text[line_start:found.offset]
    stripped = prefix.strip()
    if stripped and not _DIGIT.search(stripped):
        separated = stripped[-1] in ",·•|-–—:"
        starts_with_number = block.text[found.offset:found.offset + 1].isdigit()
        if separated or starts_with_number:
            yield from _judge_beside(stripped.strip(",·•|-–—: "), found.line, lex, same_line=not separated)
            return
    if line_start > 0:
        above = block.text[:line_start - 1]
        yield from _judge_beside(above.split("\n")[-1].strip(), found.line - 1, lex)
        return
    visible = [b for b in document.blocks if b.visible and b.source == "body"]
    position = next((i for i, b in enumerate(visible) if b is block), 0)
    if position:
        previous = visible[position - 1]
        yield from _judge_beside(previous.text.split("\n")[-1].strip(), previous.line + previous.text.count("\n"), lex)


def _judge_beside(text: str, line: int, lex: Lexicon, same_line: bool = False) -> Iterator[Evidence | Rejected]:
    """A line next to the address is the sender's name when it reads as one: two name words
    side by side ("Cole & Park Realty"), a coined brand ("HomeFinder") or a name on the
    address's own line. A sentence, a sign-off, a place, a platform credit or a placeholder is not."""
    if not text or len(text.split()) > _SHORT_LINE:
        return
    if _DIGIT.search(text):
        yield Rejected(text, line, "a street line or post-office box above the address, not a name")
        return
    problem = _not_a_name_line(text, lex)
    if problem:
        yield Rejected(text, line, problem)
        return
    text, _ = place_line(_PLACEHOLDER.sub(" ", text), lex)
    check = find_name(text, lex)
    if check.name is None:
        yield Rejected(text, line, f"the line next to the address is no name: {check.problem}")
    elif name_run(text, lex) >= 2 or _coined(text, lex) or same_line:
        yield Evidence(check.name, line, "body", "name next to the postal address")
    elif platforms := platform_words(text, lex):
        yield Rejected(text, line, f"it names a platform ({', '.join(platforms)}), not the sender")
    else:
        yield Rejected(text, line, "no two name words side by side: one word may be a place, a sentence is no "
                                   "name (not counted without a legal form, a signature or a matching domain)")


def _not_a_name_line(text: str, lex: Lexicon) -> str | None:
    """Why a short line (next to an address, a brand line) cannot be a name, or None."""
    # Spans, not matcher.pattern(): the phrase tree answers without compiling the category's regex
    # (costly in a one-file run).
    if any(start == 0 for start, _ in lex.matcher.spans("sender_identity.closings", normalize(text))):
        return "a closing formula: the name after it is read as a signature"
    if _greets(text, lex):
        return "a salutation to the reader, not the sender's name"
    placeholder = _PLACEHOLDER.search(text)
    stripped = _PLACEHOLDER.sub(" ", text) if placeholder else text
    if placeholder and find_name(stripped, lex).name is None:
        return f"an unfilled placeholder ({placeholder.group(0)}), not a name"
    place, country = place_line(stripped, lex)
    if country and not place.strip():
        return "a place (town and country), not a name"
    return None


def _coined(text: str, lex: Lexicon) -> bool:
    """A coined brand word ("HomeFinder", "iNet") that is not a platform's ("MailUp")."""
    return find_name(without_platforms(text, lex), lex).coined


def _organisation_candidates(document: Document, lex: Lexicon) -> Iterator[Evidence]:
    """A public body or association named by its kind: "Comune di Bergamo", "Gemeente Utrecht"."""
    pattern = _organisation_pattern(lex.organisations)
    if pattern is None:
        return
    for block in _hit_blocks(document, lex.matcher, "sender_identity.organisations", ("body", "alt")):
        for match in pattern.finditer(block.text):
            line = block.line + block.text.count("\n", 0, match.start())
            yield Evidence(match.group(0).strip(), line, block.source, "public body or association")


@lru_cache(maxsize=4)
def _organisation_pattern(kinds: tuple[str, ...]) -> re.Pattern[str] | None:
    if not kinds:
        return None
    alternatives = "|".join(re.escape(k).replace(r"\ ", r"[ \t]+") for k in sorted(kinds, key=len, reverse=True))
    word = r"[A-ZÀ-Ý][\w'’\-]*"
    particle = r"(?:di|de|des|du|del|della|dei|degli|la|il|von|van|der|of|the)[ \t]+|d['’]"
    joined = rf"(?:[ \t]+(?:{particle})?{word})"
    # "Mutuelle des Artisans du Rhône", "Amicale d'Oc": a particle may come before the first word.
    return re.compile(rf"(?<![\w])(?i:{alternatives})[ \t]+(?:{particle})?{word}{joined}{{0,5}}")


def _logo_candidates(document: Document, lex: Lexicon) -> Iterator[Evidence | Rejected]:
    for block in document.blocks:
        if not (block.visible and block.source == "alt" and _LOGO_ALT.search(block.text)):
            continue
        rest = _LOGO_ALT.sub("", block.text).strip(" -_|:")
        found = find_name(rest, lex, any_case=True) if rest else None
        if found is not None and found.name:
            yield Evidence(block.text.strip(), block.line, "alt", "logo alt text naming a brand")
        else:
            yield Rejected(block.text.strip(), block.line, "a logo alt text without a brand name", "alt")


def candidates(document: Document, context: Context) -> Iterator[Evidence | Rejected]:
    """Evidence of the sender's name, most trusted first, and the near candidates that name nobody."""
    matcher = context.matcher
    lex = lexicon(matcher)
    if context.sender_name and normalize(context.sender_name) in document.visible_text:
        yield Evidence(context.sender_name, _line_of(document, context.sender_name), "configuration",
                       "configured sender name (sender.name)")
    yield from _from_candidates(document, lex)
    for located in tags_for(document, ELEMENT):
        yield Evidence(located.tag.text, located.line, "merge-tag", "ESP tag that renders the sender")
    # One pass of each pattern over the visible text, a block per line.
    text_blocks = [b for b in document.blocks if b.visible and b.source != "alt"]
    index = RawIndex(text_blocks)
    yield from _copyright_candidates(index, lex)
    forms = _legal_forms(matcher)
    if forms:
        for match in _legal_form_pattern(forms).finditer(index.text):
            where = index.locate(match.start())
            if where and not not_a_name(match.group(0), lex):
                yield Evidence(match.group(0), where[1], where[0].source, "legal entity")
    body = [b for b in text_blocks if b.source == "body"]
    yield from _description_candidates(document, lex)
    yield from _introduction_candidates(document, lex)
    yield from _brand_line_candidates(document, body, lex)
    yield from _signature_candidates(document, body, lex)
    for block in body:
        text = block.text.strip()
        if text[:1] in "—–-" and _SIGN_OFF.fullmatch(text):
            found = find_name(text, lex)
            if found.name:
                yield Evidence(found.name, block.line, block.source, "signature")
            else:
                yield Rejected(text, block.line, f"a sign-off without a name ({found.problem})")
    yield from _organisation_candidates(document, lex)
    yield from _introducer_candidates(document, lex)
    yield from _heading_candidates(document, lex)
    for mention, block, line in brand_mentions(document):
        found = find_name(mention, lex, any_case=True)
        if found.name:
            yield Evidence(mention, line, block.source, "brand matching the email's own domain")
        else:
            yield Rejected(mention, line, f"it matches the email's domain but is a generic word ({found.problem})")
    yield from _beside_address_candidates(document, context, lex)
    yield from _logo_candidates(document, lex)


def detect(document: Document, context: Context, complete: bool = False) -> ElementEvidence:
    return collect(document, context, ELEMENT, LOOKED_FOR, candidates, complete)
