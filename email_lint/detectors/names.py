"""What a name is: the words that can identify a sender, and the ones that never do.

A name is a run of words with at least one *name word*: a capitalised word (or a word with
an inner capital, "iNet", or digits and letters, "3M") that is neither a generic sender word
("team", "Kundenservice", "équipe", "redazione", "Novedades", "Nieuwsbrief"...) nor a function
word ("the", "Ihr", "l'", "di"). Navigation labels ("View in browser"), legal-notice headings
("Impressum", "Siège social") and lines with digits (streets, PO boxes) are not names.
The word lists are data: ``[sender_identity]`` in ``phrases/data/<language>.toml``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING

from email_lint.detectors.text import LazyPattern
from email_lint.normalize import fold, normalize

if TYPE_CHECKING:
    from email_lint.phrases.matcher import PhraseMatcher

#: Separators between the words of a candidate line.
_TOKEN = re.compile(r"[^\s,;:·•|/()\[\]\"“”«»<>]+")
_PART_SPLIT = re.compile(r"[-'’]")
_EDGE_PUNCT = " \t\n-–—,.;:!?|·•*()[]\"'“”«»"
#: A word with an inner capital or digits and letters: "iNet", "eBay", "3M", "PulseFit".
_INNER_CAPITAL = LazyPattern(r"^[a-z0-9]+[A-Z]|^\d+[A-Za-z]")
_COINED = LazyPattern(r"^\w*[a-z][A-Z]")


class Lexicon:
    """Every language's name lists, folded, for one phrase matcher; each list is built on
    first use (a one-file run reads only the few it needs)."""

    def __init__(self, matcher: PhraseMatcher):
        self.matcher = matcher
        #: find_name's answers: footers repeat the same lines from one email to the next.
        self.cache: dict[tuple[str, bool], NameCheck] = {}

    def _words(self, category: str) -> frozenset[str]:
        out: set[str] = set()
        for phrase in self.matcher.normalized(category):
            out.add(phrase)
            out.update(p for p in _PART_SPLIT.split(phrase) if p)
        return frozenset(out)

    @cached_property
    def sender_words(self) -> frozenset[str]:
        """Generic sender words: roles, departments, list names ("team", "Kundenservice")."""
        return self._words("sender_identity.generic")

    @cached_property
    def generic(self) -> frozenset[str]:
        """Words that are never a name: sender words and campaign words ("Summer", "Sale", "Soldes")."""
        return self.sender_words | self._words("sender_identity.campaign")

    @cached_property
    def pronouns(self) -> frozenset[str]:
        return frozenset(self.matcher.normalized("sender_identity.pronouns"))

    @cached_property
    def function(self) -> frozenset[str]:
        """Articles, prepositions, possessives and pronouns: never a name by themselves."""
        return frozenset(self.matcher.normalized("sender_identity.function_words")) | self.pronouns

    @cached_property
    def not_names(self) -> dict[str, str]:
        """Headings, navigation labels: phrase -> why it is no name."""
        matcher = self.matcher
        found = {p: "it is a navigation label, not a name" for p in matcher.normalized("sender_identity.navigation")}
        for phrase in matcher.normalized("sender_identity.headings"):
            found[phrase] = "it is a legal-notice heading, not a name"
        return found

    @cached_property
    def longest_not_name(self) -> int:
        return max((len(p.split()) for p in self.not_names), default=0)

    @cached_property
    def platforms(self) -> re.Pattern[str] | None:
        """Email platforms and social networks ("Mailchimp", "Constant Contact", "Instagram"),
        matched in any case: never the sender."""
        names = sorted(self.matcher.normalized("sender_identity.platforms"), key=len, reverse=True)
        if not names:
            return None
        body = "|".join(re.escape(n).replace(r"\ ", r"\s+") for n in names)
        return re.compile(rf"(?<![\w.@/])(?:{body})(?![\w@]|\.\w)", re.I)

    @cached_property
    def countries(self) -> frozenset[str]:
        """Country names as written in each language ("United Kingdom", "Deutschland")."""
        return frozenset(self.matcher.normalized("sender_identity.countries"))

    @cached_property
    def salutations(self) -> re.Pattern[str] | None:
        """Salutations ("dear", "sehr geehrte") at the start of normalised text."""
        phrases = sorted(self.matcher.normalized("sender_identity.salutations"), key=len, reverse=True)
        return re.compile(rf"(?:{'|'.join(map(re.escape, phrases))})(?![\w])") if phrases else None

    @cached_property
    def business_nouns(self) -> tuple[frozenset[str], tuple[str, ...], tuple[str, ...]]:
        """Kinds of business: single words, the endings of compounds (five letters or more:
        "Fachhändler", "fietsspecialist") and phrases of several words ("garden centre")."""
        nouns = self.matcher.normalized("sender_identity.business_nouns")
        words = frozenset(n for n in nouns if " " not in n)
        return words, tuple(n for n in words if len(n) >= 5), tuple(n for n in nouns if " " in n)

    def names_a_business(self, words: list[str]) -> bool:
        """Whether normalised *words* hold a kind of business ("a family bakery", "Ihr Fachhändler")."""
        exact, endings, phrases = self.business_nouns
        if any(w in exact or w.endswith(endings) for w in words):
            return True
        joined = " ".join(words)
        return any(p in joined for p in phrases)

    @cached_property
    def determiners(self) -> frozenset[str]:
        return frozenset(self.matcher.normalized("sender_identity.determiners"))

    @cached_property
    def introducer_words(self) -> frozenset[str]:
        """Words of the phrases that introduce a name ("sent", "by", "team"): never the name."""
        return frozenset(w for p in self.matcher.normalized("sender_identity.phrases") for w in p.split() if w != "*")

    @cached_property
    def rights_reserved(self) -> tuple[str, ...]:
        return self.matcher.normalized("sender_identity.rights_reserved")

    @cached_property
    def po_box(self) -> tuple[str, ...]:
        return tuple(p for p in self.matcher.normalized("postal_address.po_box") if len(p) > 2)

    @cached_property
    def descriptions(self) -> tuple[str, ...]:
        return tuple(sorted(self.matcher.normalized("sender_identity.descriptions"), key=len, reverse=True))

    @cached_property
    def organisations(self) -> tuple[str, ...]:
        """Kinds of organisation named before their name, as written ("Comune di", "Gemeente")."""
        by_language = self.matcher.by_language.get("sender_identity.organisations", {})
        return tuple(sorted({p for phrases in by_language.values() for p in phrases}))


#: id(matcher) -> its lexicon (the lexicon holds the matcher, so the id stays its own).
_LEXICONS: dict[int, Lexicon] = {}


def lexicon(matcher: PhraseMatcher) -> Lexicon:
    """The name lists of *matcher*'s languages (one lexicon per matcher)."""
    found = _LEXICONS.get(id(matcher))
    if found is None:
        found = _LEXICONS[id(matcher)] = Lexicon(matcher)
    return found


def _filler(word: str, lex: Lexicon) -> bool:
    """A function word, or a word made only of generic sender words ("Shop-Team", "l'équipe")."""
    folded = fold(word)
    if folded in lex.function or folded in lex.generic:
        return True
    parts = [p for p in _PART_SPLIT.split(folded) if p]
    return bool(parts) and all(p in lex.generic or p in lex.function for p in parts)


def _name_word(word: str, any_case: bool) -> bool:
    if not any(c.isalpha() for c in word):
        return False
    if sum(c.isdigit() for c in word) > sum(c.isalpha() for c in word):
        return False  # a number, a postcode
    return any_case or word[0].isupper() or _INNER_CAPITAL.match(word) is not None


@dataclass(frozen=True)
class NameCheck:
    """The name found in a candidate (``name``), or why there is none (``problem``)."""

    name: str | None
    problem: str = ""
    #: How many name words the name has.
    words: int = 0
    #: How many of the candidate's words are capitalised, generic ones included ("Amazing Company": 2).
    capitalised: int = 0
    #: Whether a name word has an inner capital ("HomeFinder", "iNet"): a coined brand, not a place.
    coined: bool = False
    #: Whether the candidate also holds a generic sender word ("the Acme team", "Radhaus-Team"):
    #: the name is then an organisation's.
    organisation: bool = False


def is_handle(name: str) -> bool:
    """Words joined by underscores ("Helicopter_flight_simulator"): a handle, not a name."""
    name = name.strip("\"' ")
    return "_" in name and name.replace("_", "").replace(".", "").isalnum()


def not_a_name(text: str, lex: Lexicon) -> str | None:
    """Why *text* as a whole is no name (a heading, a navigation label, an address...), or None."""
    norm = normalize(text.strip(_EDGE_PUNCT))
    if not norm:
        return "it has no words"
    if "@" in norm or "://" in norm or norm.startswith("www."):
        return "it is an address, not a name"
    words = norm.split()
    not_names = lex.not_names
    for size in range(1, min(lex.longest_not_name, len(words)) + 1):
        for start in range(len(words) - size + 1):
            why = not_names.get(" ".join(words[start:start + size]).strip(".,;:!?|"))
            if why:
                return why
    if any(norm.startswith(p) for p in lex.po_box) or re.match(r"(?:bp|cs|b\.p\.)\s*\d", norm):
        return "it is a post-office box, not a name"
    return None


#: A candidate split into words and the marks that end a run of name words (", : · | ( /" and
#: spaced dashes); a hyphen inside a word ("Saint-Josse") keeps it whole, an elided article
#: ("d'Art", "dell'Enoteca") is a word of its own.
_RUN_PIECE = re.compile(
    r"(?<![\w'’])(?i:[dl]|dell|dall|all|nell|sull|un)['’](?=\w)|\s[-–—]+\s|[,;:·•|/()\[\]–—?!]|[^\s,;:·•|/()\[\]–—?!]+"
)
_RUN_BREAK = frozenset(",;:·•|/()[]–—?!-")
#: What joins two words of one name: "Cole & Park", "Trattoria da Gino", "Gasthof zur Post",
#: "Fietsenmakerij De Spaak". Other function words ("aus", "with", "Sie") end a run.
_PARTICLES = frozenset({
    "&", "+", "and", "und", "et", "e", "y", "en", "of", "the", "de", "du", "des", "d'", "la", "le", "les", "l'",
    "dell'", "di", "da", "dal", "del", "della", "dei", "degli", "el", "los", "las", "dos", "van", "von", "der", "den",
    "het", "ten", "ter", "zu", "zum", "zur", "am", "im", "vom", "die", "das", "il", "lo", "i", "gli",
})


def name_run(text: str, lex: Lexicon) -> int:
    """How many name words the longest run of *text* holds: capitalised words next to each
    other, or joined by "&", "and" or a particle ("Cole & Park Realty": 3, "Trattoria da Gino": 2).
    Punctuation and lower-case words end a run; platform names ("Instagram") are never in one.
    "Made with care in Cornwall" and "Bremen, Deutschland" hold runs of one word only."""
    best = run = 0
    joined = False  # a function word after a name word: the run goes on if a name word follows
    for piece in _RUN_PIECE.findall(without_platforms(text, lex)):
        token = piece.strip()
        word = token if token in ("&", "+") else token.strip(_EDGE_PUNCT)
        if not word or token[0] in _RUN_BREAK:
            run, joined = 0, False
            continue
        folded = fold(word)
        if folded in _PARTICLES or fold(token) in _PARTICLES:
            joined = run > 0
            continue
        if folded in lex.function and not _continues(word, run > 0 and not joined, lex):
            run, joined = 0, False
            continue
        if _name_word(word, False):
            run = run + 1 if (joined or run) else 1
            best = max(best, run)
        else:
            run = 0
        joined = False
    return best


@dataclass(frozen=True)
class Leading:
    """The name a text starts with ("The Copper Kettle, a family bakery"): ``name`` as written,
    its count of name ``words``, and the ``rest`` of the text after it."""

    name: str
    words: int
    rest: str


def leading_name(text: str, lex: Lexicon, skip: frozenset[str] = frozenset()) -> Leading | None:
    """The run of name words *text* starts with, after articles ("the", "die", "l'") and the
    words of *skip* ("our"), or None when it starts otherwise ("an independent agency",
    "eine kleine Werbeagentur", "aus Leipzig")."""
    start = end = words = 0
    after_name = False
    platform = lex.platforms
    for match in _RUN_PIECE.finditer(text):
        token = match.group(0).strip()
        word = token if token in ("&", "+") else token.strip(_EDGE_PUNCT)
        if not word or token[0] in _RUN_BREAK:
            break
        folded = fold(word)
        if folded in _PARTICLES or fold(token) in _PARTICLES or (not words and folded in skip):
            after_name = False
            continue
        function = folded in lex.function and not _continues(word, after_name, lex)
        if function or not _name_word(word, False) or (platform and platform.fullmatch(word)):
            break
        if not words:
            start = match.start()
        words += 1
        end, after_name = match.end(), True
    if not words:
        return None
    return Leading(text[start:end].strip(_EDGE_PUNCT), words, text[end:])


def _continues(word: str, after_name: bool, lex: Lexicon) -> bool:
    """A capitalised function word right after a name word is part of it ("Fietsmakerij Vos",
    "Weingut Am Stein"); a pronoun never is ("Folgen Sie uns")."""
    return after_name and word[:1].isupper() and fold(word) not in lex.pronouns


def platform_words(text: str, lex: Lexicon) -> list[str]:
    """The platform names in *text* ("Powered by Mailchimp": ["Mailchimp"])."""
    pattern = lex.platforms
    return [m.group(0) for m in pattern.finditer(text)] if pattern else []


def without_platforms(text: str, lex: Lexicon) -> str:
    """*text* with each platform name replaced by a mark that ends a run of name words."""
    pattern = lex.platforms
    return pattern.sub(" | ", text) if pattern else text


def place_line(text: str, lex: Lexicon) -> tuple[str, bool]:
    """*text* without a trailing "town, country" ("Acme, Falmouth, United Kingdom": "Acme"), and
    whether it ended in a country. A line that is only a place comes back empty."""
    parts = [p.strip(_EDGE_PUNCT) for p in re.split(r"[,·•|]|\s[-–—]+\s", text)]
    parts = [p for p in parts if p]
    if not parts or normalize(parts[-1]) not in lex.countries:
        return text, False
    kept = parts[:-2]
    return ", ".join(kept), True


_CACHE_SIZE = 4096


def find_name(text: str, lex: Lexicon, any_case: bool = False) -> NameCheck:
    """The name in *text*: from its first to its last name word, as written."""
    key = (text, any_case)
    found = lex.cache.get(key)
    if found is None:
        if len(lex.cache) >= _CACHE_SIZE:
            lex.cache.clear()
        found = lex.cache[key] = _find_name(text, lex, any_case)
    return found


def _find_name(text: str, lex: Lexicon, any_case: bool) -> NameCheck:
    problem = not_a_name(text, lex)
    if problem:
        return NameCheck(None, problem)
    any_case = any_case or (text.isupper() and len(text) > 3)
    tokens = list(_TOKEN.finditer(text))
    name_tokens = []
    follows_name = False
    for token in tokens:
        word = token.group(0).strip(_EDGE_PUNCT)
        named = _name_word(word, any_case)
        # A capitalised function word right after a name word continues it ("Fietsmakerij Vos").
        continues = follows_name and word[:1].isupper() and fold(word) not in lex.pronouns
        if named and (not _filler(word, lex) or continues):
            name_tokens.append(token)
            follows_name = True
        else:
            follows_name = False
    if not name_tokens:
        return NameCheck(None, "it holds only generic words, no name")
    name = text[name_tokens[0].start():name_tokens[-1].end()].strip(_EDGE_PUNCT)
    capitalised = sum(1 for t in tokens if t.group(0).strip(_EDGE_PUNCT)[:1].isupper())
    coined = any(_COINED.search(t.group(0)) for t in name_tokens)
    organisation = any(p in lex.sender_words for t in tokens for p in _PART_SPLIT.split(fold(t.group(0))) if p)
    return NameCheck(name, "", len(name_tokens), capitalised, coined, organisation)
