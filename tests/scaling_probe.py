"""A scaling probe for regular expressions: does a scan grow faster than its input?

:func:`collect_patterns` finds every compiled pattern of the ``email_lint`` package and the
plugin packages: module-level ``re.Pattern`` attributes (also inside dicts, lists and
tuples), the patterns lru-cached factories build (captured by watching ``re.compile``
while :func:`warm_up` lints sample templates of every format for every country), and the
phrase matcher's regexes (both the search pattern and the scanner of each category).
A pattern added tomorrow is probed without touching this file.

:func:`families` builds each pattern's adversarial inputs from its own pieces (its
literals, a character of each class it uses, pairs of them, a literal followed by a
separator), repeated and ended by a character nothing expects. :func:`probe` screens
each family once at :data:`SCREEN_CHARS`; a family whose scan takes longer than
:data:`SCREEN_SECONDS` is then measured properly: sized so that one scan takes 20-100 ms
(CPU time), best of three at that size and at twice it, and reported when the time grows more
than :data:`MAX_RATIO` times.
"""

from __future__ import annotations

import gc
import importlib
import pkgutil
import re
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from re import _constants as C
from re import _parser

from email_lint.detectors.text import LazyPattern
from email_lint.timebudget import TimeBudgetExceeded, time_limit

SCREEN_CHARS = 8_192
SCREEN_SECONDS = 0.002
#: A family that takes this long at the screen size is quadratic (or worse) for sure.
HOPELESS_SECONDS = 1.0
MAX_RATIO = 2.5
TARGET_SECONDS = 0.02
MAX_CHARS = 4_000_000
END = "\x00"
#: Packages probed besides email_lint: the country packs (plugins/).
PLUGIN_PREFIX = "email_lint_"


@dataclass(frozen=True)
class Probed:
    """A pattern and where it comes from (``module.NAME`` or ``phrases:category``)."""

    where: str
    pattern: re.Pattern[str]


@dataclass(frozen=True)
class Slow:
    """A family whose scan time grew more than :data:`MAX_RATIO` times for twice the input."""

    where: str
    unit: str
    chars: int
    seconds: float
    ratio: float

    def __str__(self) -> str:
        return (f"{self.where}: {self.unit!r} x {self.chars // max(len(self.unit), 1)}: {self.seconds:.3f} s, "
                f"x{self.ratio:.1f} for twice the input")


# -- collecting -----------------------------------------------------------------------------
def _modules() -> Iterator[object]:
    from importlib.metadata import entry_points

    import email_lint

    names = ["email_lint"] + [m.name for m in pkgutil.walk_packages(email_lint.__path__, "email_lint.")]
    plugins = {ep.value.split(":")[0].split(".")[0] for ep in entry_points(group="email_lint")}
    for plugin in sorted(plugins - {"email_lint"}):
        package = importlib.import_module(plugin)
        names.append(plugin)
        names += [m.name for m in pkgutil.walk_packages(getattr(package, "__path__", []), plugin + ".")]
    for name in sorted(set(names)):
        try:
            yield importlib.import_module(name)
        except Exception:  # an optional extra not installed, or one needing set-up (Django settings)
            continue


def _patterns_in(value, where: str, depth: int = 0) -> Iterator[Probed]:
    kind = type(value)  # not isinstance: a lazy proxy (Django's settings) would evaluate itself
    if kind is re.Pattern:
        if isinstance(value.pattern, str):
            yield Probed(where, value)
    elif kind is LazyPattern:  # compiled on first use in the linter: compiled here to be probed
        yield from _patterns_in(re.compile(value._pattern, value._flags), where, depth)
    elif depth < 2 and kind is dict:
        for key, item in value.items():
            yield from _patterns_in(item, f"{where}[{key!r}]", depth + 1)
    elif depth < 2 and kind in (list, tuple):
        for index, item in enumerate(value):
            yield from _patterns_in(item, f"{where}[{index}]", depth + 1)


def module_patterns() -> list[Probed]:
    """Every module-level compiled pattern of email_lint and the plugin packages."""
    found: dict[int, Probed] = {}
    for module in _modules():
        for name, value in sorted(vars(module).items()):
            for probed in _patterns_in(value, f"{module.__name__}.{name}"):
                found.setdefault(id(probed.pattern), probed)
    return list(found.values())


def built_patterns(warm_up: Callable[[], None]) -> list[Probed]:
    """Patterns that email_lint code compiles while *warm_up* runs (lru-cached factories):
    ``re.compile`` is watched, and every lru cache of the packages emptied first."""
    import functools

    for module in list(_modules()):
        for value in vars(module).values():
            if type(value) is functools._lru_cache_wrapper:
                value.cache_clear()
    seen: list[Probed] = []
    original = re.compile

    def watching(pattern, flags=0):
        compiled = original(pattern, flags)
        caller = sys._getframe(1).f_globals.get("__name__", "")
        if isinstance(compiled.pattern, str) and caller.startswith(("email_lint", PLUGIN_PREFIX)):
            seen.append(Probed(f"{caller}:{sys._getframe(1).f_code.co_name}()", compiled))
        return compiled

    re.compile = watching
    try:
        warm_up()
    finally:
        re.compile = original
    return seen


def phrase_patterns() -> list[Probed]:
    """The phrase matcher's search pattern and scanner of every category."""
    from email_lint.phrases import load_matcher
    from email_lint.phrases.matcher import _compile_scanner

    matcher = load_matcher()
    found = []
    for category in matcher.categories:
        if category in matcher._grammar:
            # What a scan runs: the cue grammar factored by first word. (The plain alternation
            # of PhraseMatcher.pattern, kept for search(), tries every rule at every word start:
            # linear, but the data-source grammar's is above the screen's one second.)
            found.append(Probed(f"phrases:{category} (grammar)", matcher._grammar_tree(category)._pattern().default()))
        elif (pattern := matcher.pattern(category)) is not None:
            found.append(Probed(f"phrases:{category}", pattern))
        scanner = _compile_scanner(matcher._phrases.get(category, ()))
        if scanner is not None:
            found.append(Probed(f"phrases:{category} (scanner)", scanner))
    return found


def collect_patterns(warm_up: Callable[[], None] | None = None) -> list[Probed]:
    """Module-level, factory-built (when *warm_up* is given) and phrase patterns, each once."""
    found: dict[tuple[str, int], Probed] = {}
    groups = [module_patterns(), built_patterns(warm_up) if warm_up else [], phrase_patterns()]
    for probed in (p for group in groups for p in group):
        found.setdefault((probed.pattern.pattern, probed.pattern.flags), probed)
    return sorted(found.values(), key=lambda p: p.where)


# -- adversarial inputs ---------------------------------------------------------------------
_CATEGORY_CHAR = {
    C.CATEGORY_DIGIT: "0", C.CATEGORY_NOT_DIGIT: "a", C.CATEGORY_SPACE: " ", C.CATEGORY_NOT_SPACE: "a",
    C.CATEGORY_WORD: "a", C.CATEGORY_NOT_WORD: ".", C.CATEGORY_LINEBREAK: "\n", C.CATEGORY_NOT_LINEBREAK: "a",
}
_FALLBACKS = "a .-A0\n_/:@"


def _class_chars(items) -> list[str]:
    """One or two characters a class accepts (a negated class: common ones it does not exclude)."""
    if items and items[0][0] is C.NEGATE:
        excluded = re.compile(_class_source(items[1:]))
        return [c for c in _FALLBACKS if not excluded.match(c)][:2]
    chars = []
    for op, value in items:
        if op is C.LITERAL:
            chars.append(chr(value))
        elif op is C.RANGE:
            chars.append(chr(value[0]))
        elif op is C.CATEGORY:
            chars.append(_CATEGORY_CHAR.get(value, "a"))
    return chars[:3]


def _class_source(items) -> str:
    """A regex source for the class *items* (to test characters against)."""
    parts = []
    for op, value in items:
        if op is C.LITERAL:
            parts.append(re.escape(chr(value)))
        elif op is C.RANGE:
            parts.append(f"{re.escape(chr(value[0]))}-{re.escape(chr(value[1]))}")
        elif op is C.CATEGORY:
            parts.append({C.CATEGORY_DIGIT: r"\d", C.CATEGORY_NOT_DIGIT: r"\D", C.CATEGORY_SPACE: r"\s",
                          C.CATEGORY_NOT_SPACE: r"\S", C.CATEGORY_WORD: r"\w",
                          C.CATEGORY_NOT_WORD: r"\W"}.get(value, r"\w"))
    return "[" + "".join(parts) + "]" if parts else "[^\\s\\S]"


def _pieces(parsed, literals: list[str], chars: list[str]) -> None:
    """Walk a parsed pattern: runs of literal characters, and characters its classes take."""
    run: list[str] = []

    def flush() -> None:
        if run:
            literals.append("".join(run)[:12])
            run.clear()

    for op, value in parsed:
        if op is C.LITERAL:
            run.append(chr(value))
            chars.append(chr(value))
            continue
        flush()
        if op is C.IN:
            chars.extend(_class_chars(value))
        elif op is C.ANY:
            chars.append("a")
        elif op is C.CATEGORY:
            chars.append(_CATEGORY_CHAR.get(value, "a"))
        elif op in (C.MAX_REPEAT, C.MIN_REPEAT, C.POSSESSIVE_REPEAT):
            _pieces(value[2], literals, chars)
        elif op is C.SUBPATTERN:
            _pieces(value[3], literals, chars)
        elif op in (C.ASSERT, C.ASSERT_NOT):
            _pieces(value[1], literals, chars)
        elif op is C.ATOMIC_GROUP:
            _pieces(value, literals, chars)
        elif op is C.BRANCH:
            for branch in value[1]:
                _pieces(branch, literals, chars)
        elif op is C.GROUPREF_EXISTS:
            _pieces(value[1], literals, chars)
            if value[2] is not None:
                _pieces(value[2], literals, chars)
    flush()


def _first(items, limit: int) -> list[str]:
    out: list[str] = []
    for item in items:
        if item and item not in out:
            out.append(item)
        if len(out) == limit:
            break
    return out


def families(pattern: re.Pattern[str], max_literals: int = 8, max_chars: int = 7) -> list[str]:
    """Units to repeat: the pattern's literals, its class characters, pairs of characters,
    and literals followed by a separator. Phrase alternations give thousands of literals:
    the first few (in order of the pattern) stand for them."""
    literals: list[str] = []
    chars: list[str] = []
    _pieces(_parser.parse(pattern.pattern, pattern.flags), literals, chars)
    words = _first((lit for lit in literals if len(lit) > 1), max_literals)
    alphabet = _first([*chars, " ", "a", "."], max_chars)
    units = [*words, *alphabet]
    units += [a + b for a in alphabet for b in alphabet if a != b]
    units += [w + sep for w in words for sep in (" ", ".", "-", "\n", alphabet[0]) if sep != w[-1:]]
    return _first(units, 10_000)


# -- measuring ------------------------------------------------------------------------------
@contextmanager
def _no_collection() -> Iterator[None]:
    """The garbage collector off while timing: a full collection of the test session's heap
    landing in one run (the match objects of a long scan trigger them) looks super-linear."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _scan_seconds(pattern: re.Pattern[str], text: str, limit: float | None = None) -> float:
    """CPU seconds of one scan: the machine is shared, and wall time under load grows with
    the length of a run (a longer one is interrupted more), which would look super-linear."""
    with _no_collection():
        began = time.process_time()
        if limit:
            try:
                with time_limit(limit):
                    for _ in pattern.finditer(text):
                        pass
            except TimeBudgetExceeded:
                return float("inf")
        else:
            for _ in pattern.finditer(text):
                pass
        return time.process_time() - began


def _text(unit: str, chars: int) -> str:
    return unit * max(1, chars // len(unit)) + END


def _best(pattern: re.Pattern[str], text: str, runs: int = 3) -> float:
    return min(_scan_seconds(pattern, text) for _ in range(runs))


def measure(pattern: re.Pattern[str], unit: str, where: str = "") -> Slow | None:
    """A :class:`Slow` when the scan of *unit* repeated grows super-linearly, else None."""
    seconds = _scan_seconds(pattern, _text(unit, SCREEN_CHARS), limit=HOPELESS_SECONDS)
    if seconds == float("inf"):
        return Slow(where, unit, SCREEN_CHARS, seconds, float("inf"))
    return _judge(lambda n: _scan_seconds(pattern, _text(unit, n)), SCREEN_CHARS, seconds, where, unit)


def _judge(cpu: Callable[[int], float], size: int, seconds: float, where: str, unit: str) -> Slow | None:
    """Screen, then measure: fast at *size*, or not much slower at twice it, passes at once;
    otherwise best of three at a size taking 20-200 ms and at twice that size."""
    if seconds <= SCREEN_SECONDS:
        return None
    if cpu(2 * size) <= 2.2 * seconds:  # slow but linear
        return None
    while seconds < TARGET_SECONDS and size < MAX_CHARS:
        size *= 2
        seconds = cpu(size)
    while seconds > 5 * TARGET_SECONDS and size > 512:
        size //= 2
        seconds = cpu(size)
    for _attempt in range(3):  # measured three times before blaming: the machine is shared
        small = min(cpu(size) for _ in range(3))
        large = min(cpu(2 * size) for _ in range(3))
        ratio = large / max(small, 1e-9)
        if ratio <= MAX_RATIO:
            return None
        if ratio > 6:  # quadratic or worse beyond doubt
            break
    return Slow(where, unit, 2 * size, large, ratio)


def measure_run(run: Callable[[int], object], size: int, where: str = "", unit: str = "") -> Slow | None:
    """:func:`measure` for any callable taking a size (a scanner, a reader, the engine)."""

    def cpu(n: int) -> float:
        with _no_collection():
            began = time.process_time()
            run(n)
            return time.process_time() - began

    return _judge(cpu, size, cpu(size), where, unit)


def probe(probed: Probed) -> list[Slow]:
    """The first family of *probed* that scales super-linearly (an empty list: none)."""
    slow = []
    for unit in families(probed.pattern):
        found = measure(probed.pattern, unit, probed.where)
        if found is not None:
            slow.append(found)
            break  # one family is enough to fail a pattern
    return slow


def phrase_families(phrases) -> list[str]:
    """Units for a phrase list: each token that stands next to a wildcard (``the * team``),
    and the first words of the phrases, followed by a separator (``the.the.the...``)."""
    from email_lint.phrases.tree import WILDCARD

    tokens: list[str] = []
    for phrase in phrases:
        words = phrase.lower().split()
        if WILDCARD in words:
            tokens += [w for i, w in enumerate(words) if w != WILDCARD and WILDCARD in words[max(i - 1, 0):i + 2]]
    tokens = _first(tokens, 6) + _first((p.lower().split()[0] for p in phrases if p.split()), 3)
    return _first((t + sep for t in tokens for sep in (".", " ")), 40)

