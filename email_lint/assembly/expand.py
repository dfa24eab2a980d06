"""Expand an entry template: includes, layouts, blocks and partials substituted as text, in
the engine's order, with every piece mapped to its file and line. Never runs template code:
only literal names are followed; anything else is a warning naming it."""

from __future__ import annotations

import os
from bisect import bisect_left
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from email_lint.assembly import cache as cache_module
from email_lint.assembly.cache import FileCache, SourceFile
from email_lint.assembly.engines import Tag, engine_sniffed, engines_named, erb, gotmpl, handlebars, jinja, liquid, mjml
from email_lint.assembly.search import SearchPaths
from email_lint.assembly.source_map import Piece, SourceMap

if TYPE_CHECKING:
    from email_lint.assembly.cache import ScannedTags

#: Includes nested deeper than this are not followed (a warning says so).
MAX_DEPTH = 16
#: Sibling files read for Go definitions, at most.
MAX_SIBLINGS = 500
#: Characters an assembled email may reach: past it, includes are no longer followed (a
#: partial that includes itself twice at each level would otherwise grow exponentially).
MAX_ASSEMBLED = 5 * 1024 * 1024
#: Includes expanded per email, at most (real emails use a few dozen).
MAX_EXPANSIONS = 500
#: Warnings kept per email (the rest are counted).
MAX_WARNINGS = 20
SCANNERS = {"mjml": mjml.scan, "jinja": jinja.scan, "twig": jinja.scan, "nunjucks": jinja.scan,
            "handlebars": handlebars.scan, "mustache": handlebars.scan, "liquid": liquid.scan,
            "erb": erb.scan, "go": gotmpl.scan}


@dataclass(frozen=True)
class Definition:
    """A named body: a block, a define, an inline partial (``source.text[start:end]``)."""

    source: SourceFile
    start: int
    end: int
    engines: tuple[str, ...]


@dataclass(frozen=True)
class Env:
    """What a body is expanded with."""

    engines: tuple[str, ...]
    #: name -> definitions, most derived first (child blocks, Go defines, inline partials).
    named: dict[str, list[Definition]] = field(default_factory=dict)
    #: Definitions left for ``super()`` inside the block being expanded.
    chain: tuple[Definition, ...] = ()
    #: What a layout shows at ``{{ content }}``/``yield``/``@partial-block``: (definition, env).
    slot: tuple[Definition, Env] | None = None
    stack: tuple[Path, ...] = ()
    depth: int = 0


class _Builder:
    def __init__(self, shown: Callable[[SourceFile], str]) -> None:
        #: ``shown(source)``: the path findings in *source* are reported at.
        self.shown = shown
        self.parts: list[str] = []
        self.pieces: list[Piece] = []
        self.size = 0
        self.marks: list[tuple[str, int]] = []  # (file display, offset) where a file starts

    def copy(self, source: SourceFile, start: int, end: int) -> None:
        if end <= start:
            return
        line, column = source.position(start)
        self.pieces.append(Piece(self.size, end - start, self.shown(source), line, column))
        self.parts.append(source.text[start:end])
        self.size += end - start

    def insert(self, text: str, source: SourceFile, at: int) -> None:
        line, column = source.position(at)
        self.pieces.append(Piece(self.size, len(text), self.shown(source), line, column))
        self.parts.append(text)
        self.size += len(text)

    def ends_with_newline(self) -> bool:
        return not self.parts or self.parts[-1].endswith("\n")

    def text(self) -> str:
        return "".join(self.parts)


class Expander:
    """Expands one entry template."""

    def __init__(self, entry: SourceFile, paths: SearchPaths, cache: FileCache) -> None:
        self.entry = entry
        self.paths = paths
        self.cache = cache
        self.out = _Builder(self.shown)
        self.warnings: list[str] = []
        self._warned: set[str] = set()
        self.expansions = 0
        self.unshown = 0
        self.files: list[str] = [entry.display]
        self.named_marks: list[tuple[str, int]] = []

    # -- files and tags ----------------------------------------------------------------------
    def shown(self, source: SourceFile) -> str:
        return self.entry.display if source is self.entry else self.display(source.path)

    def display(self, path: Path) -> str:
        if os.path.isabs(self.entry.display):
            return str(path)
        try:
            return Path(os.path.relpath(path)).as_posix() if path.is_relative_to(Path.cwd()) else str(path)
        except ValueError:
            return str(path)

    def tags(self, source: SourceFile, engines: tuple[str, ...]) -> ScannedTags:
        """``(tags, their start offsets, the extends tags)`` of *source* read with *engines*."""
        memo = source.tags.get(engines)
        if memo is None:
            found: list[tuple[str, Tag]] = []
            scanned: set[Callable[[str], list[Tag]]] = set()
            for engine in engines:
                scanner = SCANNERS[engine]
                if scanner in scanned:
                    continue
                scanned.add(scanner)
                found.extend((engine, tag) for tag in scanner(source.text))
            found.sort(key=lambda item: (item[1].start, -item[1].end))
            layouts = [item for item in found if item[1].kind == "extends"]
            memo = source.tags[engines] = (found, [item[1].start for item in found], layouts)
        return memo

    def engines_of(self, source: SourceFile, inherited: tuple[str, ...]) -> tuple[str, ...]:
        """The file's engines from its extension, else its includer's, else its content's."""
        named = engines_named(source.path.name)
        if any(e != "mjml" for e in named):
            return named
        base = [e for e in inherited if e != "mjml"]
        if not base:  # (the content is sniffed only when needed: a regex scan of the text)
            sniffed = engine_sniffed(source.text)
            base = [sniffed] if sniffed is not None else []
        mjml_first = ["mjml"] if "mjml" in named or "<mj-include" in source.text else []
        return tuple(dict.fromkeys([*mjml_first, *base]))

    def warn(self, source: SourceFile, at: int, message: str) -> None:
        line, _ = source.position(at)
        warning = f"{self.shown(source)}:{line}: {message}"
        if warning in self._warned:
            return
        self._warned.add(warning)
        if len(self.warnings) < MAX_WARNINGS:
            self.warnings.append(warning)
        else:
            self.unshown += 1

    def resolve(self, engine: str, tag: Tag, name: str, including: SourceFile) -> Path | None:
        path = including.path
        if engine == "mjml":
            options = mjml.candidates(name, path, self.paths)
        elif engine in ("handlebars", "mustache"):
            options = handlebars.candidates(name, path, self.paths)
        elif engine == "liquid":
            options = liquid.candidates(name, path, self.paths, layout=tag.kind == "extends",
                                        relative=tag.mode == "relative")
        elif engine == "erb":
            options = erb.candidates(name, path, self.paths, tag.mode or "partial")
        elif engine == "go":
            options = [path.parent / name, *(d / name for d in self.paths.template_dirs)]
        else:
            options = jinja.candidates(name, path, self.paths)
        for option in options:
            if self.cache.is_file(option):
                return option
        return None

    def load(self, path: Path) -> SourceFile | None:
        absolute = Path(os.path.abspath(path))
        if absolute == self.entry.path:
            return self.entry
        return self.cache.get(absolute, self.display(absolute))

    # -- expansion ---------------------------------------------------------------------------
    def run(self) -> SourceMap:
        engines = self.engines_of(self.entry, ())
        env = Env(engines=engines, stack=(self.entry.path,))
        if "go" in engines:
            env = replace(env, named=self.go_definitions(self.entry, engines))
        layout = self.rails_layout(engines)
        if layout is not None:
            body = Definition(self.entry, 0, len(self.entry.text), engines)
            self.emit_file(layout, replace(env, slot=(body, env), stack=(*env.stack, layout.path), depth=1),
                           self.entry, 0)
        else:
            self.emit(self.entry, 0, len(self.entry.text), env)
        text = self.out.text()
        if self.unshown:
            self.warnings.append(f"{self.entry.display}: {self.unshown} more include warnings not shown")
        return SourceMap(self.entry.display, text, self.out.pieces, self.footer_line(text),
                         self.warnings, self.files)

    def rails_layout(self, engines: tuple[str, ...]) -> SourceFile | None:
        if "erb" not in engines:
            return None
        for option in erb.layout_candidates(self.entry.path, self.paths):
            if self.cache.is_file(option):
                return self.load(option)
        return None

    def emit(self, source: SourceFile, start: int, end: int, env: Env) -> None:
        """Copy ``source.text[start:end]`` expanding its tags."""
        if self.out.size > MAX_ASSEMBLED:
            self.warn(source, start, f"the assembled email is over {MAX_ASSEMBLED // (1024 * 1024)} MB: "
                                     "the rest of this template is left out")
            return
        shown = self.shown(source)
        if shown not in self.files:
            self.files.append(shown)
        tags, starts, layouts = self.tags(source, env.engines)
        parent = next((item for item in layouts if start <= item[1].start < end), None)
        if parent is not None and self.extend(source, start, end, env, *parent):
            return
        position = start
        index = bisect_left(starts, start)
        while index < len(tags):
            engine, tag = tags[index]
            index += 1
            if tag.start < position or tag.start >= end:
                if tag.start >= end:
                    break
                continue
            if tag.end > end:
                continue
            position = self.expand_tag(source, position, engine, tag, env)
        self.out.copy(source, position, end)

    def expand_tag(self, source: SourceFile, position: int, engine: str, tag: Tag, env: Env) -> int:
        """Expand *tag* (copying the text before it first); the position after it."""
        kind = tag.kind
        if kind == "define" or kind == "extends":
            self.out.copy(source, position, tag.start)
            return tag.end
        if kind == "super":
            self.out.copy(source, position, tag.start)
            if env.chain:
                head, rest = env.chain[0], env.chain[1:]
                self.emit(head.source, head.start, head.end, replace(env, chain=rest, engines=head.engines))
            return tag.end
        if kind == "block":
            self.out.copy(source, position, tag.start)
            own = Definition(source, *tag.body, env.engines) if tag.body else None
            definitions = [d for d in env.named.get(tag.names[0], ()) if d != own]
            chain = tuple(definitions[1:]) + ((own,) if own else ())
            chosen = definitions[0] if definitions else own
            if chosen is not None:
                self.named_marks.append((tag.names[0], self.out.size))
                self.emit(chosen.source, chosen.start, chosen.end, replace(env, chain=chain, engines=chosen.engines))
            return tag.end
        if kind == "dynamic":
            self.warn(source, tag.start, f"dynamic include {_short(tag.names[0])} not followed: its name is only "
                                         "known when the template runs")
            if tag.body is not None:  # a dynamic partial block: its body is the fallback
                self.out.copy(source, position, tag.body[0])
                self.emit(source, tag.body[0], tag.body[1], env)
                return tag.body[1]
            self.out.copy(source, position, tag.end)
            return tag.end
        if kind == "slot":
            if env.slot is None:
                self.out.copy(source, position, tag.end)
                return tag.end
            body, body_env = env.slot
            self.open_line(source, position, tag.start)
            self.emit(body.source, body.start, body.end, replace(body_env, depth=env.depth + 1))
            return self.close_line(source, tag.end)
        return self.include(source, position, engine, tag, env)

    def open_line(self, source: SourceFile, position: int, at: int) -> int:
        """Copy up to a tag replaced by other text, so that text starts on a line of its own."""
        line_start = source.text.rfind("\n", 0, at) + 1
        if not source.text[max(line_start, position):at].strip():
            self.out.copy(source, position, max(line_start, position))
        else:
            self.out.copy(source, position, at)
            self.out.insert("\n", source, at)
        return at

    def close_line(self, source: SourceFile, end: int) -> int:
        line_end = source.text.find("\n", end)
        if line_end >= 0 and not source.text[end:line_end].strip() and self.out.ends_with_newline():
            return line_end + 1
        return end

    def include(self, source: SourceFile, position: int, engine: str, tag: Tag, env: Env) -> int:
        name = next(iter(tag.names), "")
        self.expansions += 1
        if self.out.size > MAX_ASSEMBLED or self.expansions > MAX_EXPANSIONS:
            self.warn(source, tag.start, f"over {MAX_EXPANSIONS} includes or {MAX_ASSEMBLED // (1024 * 1024)} MB "
                                         "assembled: further includes not followed")
            self.out.copy(source, position, tag.end)
            return tag.end
        named = env.named.get(name) if engine in ("go", "handlebars", "mustache") else None
        body_env = env
        if tag.body is not None:
            inner = [t for _, t in self.tags(source, env.engines)[0]
                     if tag.body[0] <= t.start and t.end <= tag.body[1] and t.kind in ("block", "define")]
            overrides = dict(env.named)
            for t in reversed(inner):
                overrides[t.names[0]] = [_definition(source, t, env.engines), *overrides.get(t.names[0], ())]
            slot = (Definition(source, tag.body[0], tag.body[1], env.engines), env)
            body_env = replace(env, named=overrides, slot=slot)
        if named:
            definition = named[0]
            if env.depth >= MAX_DEPTH:
                self.warn(source, tag.start, f"template {name!r} nested deeper than {MAX_DEPTH} levels: not followed")
                self.out.copy(source, position, tag.end)
                return tag.end
            self.open_line(source, position, tag.start)
            self.named_marks.append((name, self.out.size))
            self.emit(definition.source, definition.start, definition.end,
                      replace(body_env, depth=env.depth + 1, engines=definition.engines))
            return self.close_line(source, tag.end)
        found = None
        for candidate in tag.names:
            found = self.resolve(engine, tag, candidate, source)
            if found is not None:
                name = candidate
                break
        if found is None:
            if tag.optional:
                self.out.copy(source, position, tag.start)
                if tag.body is not None:  # a partial block's fallback
                    self.emit(source, tag.body[0], tag.body[1], env)
                return tag.end
            what = "template" if engine == "go" and tag.by_name else "included file"
            names = " or ".join(repr(n) for n in tag.names)
            self.warn(source, tag.start, f"{what} {names} not found: not checked as part of this email")
            self.out.copy(source, position, tag.end)
            return tag.end
        return self.include_file(source, position, tag, found, name, body_env if tag.body else env)

    def include_file(self, source: SourceFile, position: int, tag: Tag, path: Path, name: str, env: Env) -> int:
        absolute = Path(os.path.abspath(path))
        if absolute in env.stack:
            chain = " -> ".join(self.display(p) for p in (*env.stack, absolute))
            self.warn(source, tag.start, f"include cycle {chain}: not followed again")
            self.out.copy(source, position, tag.end)
            return tag.end
        if env.depth >= MAX_DEPTH:
            self.warn(source, tag.start, f"includes nested deeper than {MAX_DEPTH} levels: {name!r} not followed")
            self.out.copy(source, position, tag.end)
            return tag.end
        partial = self.load(absolute)
        if partial is None:
            self.warn(source, tag.start, f"included file {name!r} cannot be read: not checked as part of this email")
            self.out.copy(source, position, tag.end)
            return tag.end
        self.open_line(source, position, tag.start)
        inner = replace(env, stack=(*env.stack, absolute), depth=env.depth + 1)
        if tag.mode in ("html", "css"):
            if self.shown(partial) not in self.files:
                self.files.append(self.shown(partial))
            wrapper = "mj-raw" if tag.mode == "html" else "mj-style"
            self.out.insert(f"<{wrapper}>", source, tag.start)
            self.out.copy(partial, 0, len(partial.text))
            self.out.insert(f"</{wrapper}>\n", source, tag.end)
        else:
            self.emit_file(partial, inner, source, tag.start)
        return self.close_line(source, tag.end)

    def emit_file(self, partial: SourceFile, env: Env, including: SourceFile, at: int) -> None:
        engines = self.engines_of(partial, env.engines)
        start, end = (0, len(partial.text))
        if "mjml" in engines and partial is not self.entry:
            start, end = mjml.body_range(partial.text)
        env = replace(env, engines=engines)
        self.emit(partial, start, end, env)

    def extend(self, source: SourceFile, start: int, end: int, env: Env, engine: str, tag: Tag) -> bool:
        """Expand *source* as a child of the layout *tag* names; False when it cannot be found."""
        found = None
        for candidate in tag.names:
            found = self.resolve(engine, tag, candidate, source)
            if found is not None:
                break
        if found is None:
            self.warn(source, tag.start, f"layout {' or '.join(repr(n) for n in tag.names)} not found: "
                                         "the template is checked without it")
            return False
        absolute = Path(os.path.abspath(found))
        if absolute in env.stack or env.depth >= MAX_DEPTH:
            self.warn(source, tag.start, f"layout {self.display(absolute)} extends itself (cycle): not followed")
            return False
        parent = self.load(absolute)
        if parent is None:
            return False
        inner = replace(env, stack=(*env.stack, absolute), depth=env.depth + 1)
        if tag.mode == "front-matter":  # Jekyll: the page goes where the layout says {{ content }}
            body = Definition(source, tag.end, end, env.engines)
            self.emit_file(parent, replace(inner, slot=(body, env)), source, tag.start)
            return True
        named = dict(env.named)
        for _, block in self.tags(source, env.engines)[0]:
            if block.kind == "block" and block.body is not None and start <= block.start < end:
                named[block.names[0]] = [*named.get(block.names[0], ()),
                                         _definition(source, block, env.engines)]
        self.emit_file(parent, replace(inner, named=named), source, tag.start)
        return True

    # -- Go definitions ----------------------------------------------------------------------
    def go_definitions(self, entry: SourceFile, engines: tuple[str, ...]) -> dict[str, list[Definition]]:
        named: dict[str, list[Definition]] = {}
        for name, tag in gotmpl.definitions([t for _, t in self.tags(entry, engines)[0]]).items():
            named[name] = [_definition(entry, tag, engines)]
        folders = [entry.path.parent, *self.paths.template_dirs, *self.paths.partials_dirs]
        for sibling in _siblings(folders, entry.path):
            source = self.load_quietly(sibling)
            if source is None or "{{" not in source.text:
                continue
            sibling_engines = self.engines_of(source, engines)
            for name, tag in gotmpl.definitions([t for _, t in self.tags(source, sibling_engines)[0]]).items():
                if name not in named:
                    named[name] = [_definition(source, tag, sibling_engines)]
        return named

    def load_quietly(self, path: Path) -> SourceFile | None:
        absolute = Path(os.path.abspath(path))
        return self.cache.get(absolute, self.display(absolute))

    # -- the footer --------------------------------------------------------------------------
    def footer_line(self, text: str) -> int | None:
        """Assembled line where the shared footer starts: a file or block named like a footer,
        else the last included text after the entry's own."""
        at = None
        for name, offset in self.named_marks:
            if "footer" in name.lower():
                at = offset
                break
        pieces = self.out.pieces
        if at is None:
            for piece in pieces:
                if piece.file != self.entry.display and "footer" in Path(piece.file).name.lower() \
                        and text[piece.start:piece.start + piece.length].strip():
                    at = piece.start
                    break
        if at is None:
            last_entry = max((p.start for p in pieces if p.file == self.entry.display
                              and text[p.start:p.start + p.length].strip()), default=-1)
            after = [p for p in pieces if p.start > last_entry and p.file != self.entry.display
                     and text[p.start:p.start + p.length].strip()]
            if not after:
                return None
            at = after[0].start
        while at < len(text) and text[at] in " \t\r\n":
            at += 1
        return text.count("\n", 0, at) + 1

def _definition(source: SourceFile, tag: Tag, engines: tuple[str, ...]) -> Definition:
    """The body of a block or define *tag* (the scanners give each one a body)."""
    if tag.body is None:  # cannot happen; unpacking the missing body raised TypeError too
        raise TypeError(f"{tag.kind} tag without a body at offset {tag.start}")
    return Definition(source, tag.body[0], tag.body[1], engines)


def _siblings(folders: Iterable[Path], entry: Path) -> list[Path]:
    found: list[Path] = []
    for folder in dict.fromkeys(folders):
        try:
            names = sorted(os.listdir(folder))
        except OSError:
            continue
        for name in names:
            path = folder / name
            if path != entry and name.lower().endswith(gotmpl.EXTENSIONS) and len(found) < MAX_SIBLINGS:
                found.append(path)
    return found


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= 60 else text[:57] + "..."


def assemble(path: Path, display: str, text: str, paths: SearchPaths, cache: FileCache | None = None) -> SourceMap:
    """The email *text* (the entry template at *path*, shown as *display*) assembles into."""
    cache = cache or cache_module.CACHE
    entry = cache.entry(Path(os.path.abspath(path)), display, text)
    return Expander(entry, paths, cache).run()
