"""`SourceMap`: (file, line, column) ⇄ (function index, instruction index). No Qt.

The debugger (breakpoints, run to line, the call stack's locations, the
editor's highlight through workbench/instr_map.py) asks a `SourceMap` where
an instruction comes from and which instructions a line holds, and never
assumes "a line of the one text". An implementation only builds the table
`(funcidx, instr index) -> SourcePlace(file, span)`; every lookup below is
answered from that table, so a new kind of source plugs in by building one:

- wat.py          WAT text: the span the parser put on every instruction;
- disassembly.py  a .wasm binary: the lines of its printed disassembly;
- a DWARF map (C source, a later issue) would build the table from the line
  program, over several files, and may override `line_targets` (to honour
  `is_stmt`, say) without any change to the debugger.

Function indices count imported functions, as the module's function index
space does; instruction indices point into the function's flat body.

Line rules (the same for every implementation):
- `on_line(line)`: the instructions whose span *starts* on the line, in
  (function, index) order; `first_on_line` the first of them.
- `line_targets(line)`: where a breakpoint or a run-to-line on that line
  stops: in each function with code on the line, the first of its
  instructions there. One function's line stops once per pass, however many
  instructions it holds; a line holding the end of one function and the
  start of another (`... ) (func $b ...`) stops in either.
- A line with no code (blank, a comment, a `(func` header) resolves to the
  nearest line with code *at or after* it in the same file, the way gdb and
  lldb move a breakpoint forward; after the last line with code there is none.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from functools import cached_property
from typing import Iterator, Mapping, NamedTuple

from playground.errors import PlaygroundError
from playground.wasm.errors import SourceSpan
from playground.wasm.model import Instr, Module

InstrKey = tuple[int, int]  # (funcidx, instruction index)
NO_CODE = "has no code"  # why a breakpoint left its line (LineTargets.why)


class SourceMapError(PlaygroundError):
    """A file the source map does not know."""


class SourcePlace(NamedTuple):
    """Where one instruction comes from: a file of the map and the span of the instruction in it.

    A tuple: a map holds one per instruction of the module.
    """

    file: str
    span: SourceSpan


@dataclass(frozen=True)
class LineTargets:
    """What a line resolves to: `line`, where it stops, is the line asked for, or the nearest line with code after it.

    `why` says why a moved breakpoint left the line asked for, as a predicate
    of it ("has no code"): the prompt and the window say "line 20 has no code".
    """

    file: str
    requested: int
    line: int
    targets: tuple[InstrKey, ...]  # the first instruction of `line` in each function, in (function, index) order
    why: str = ""

    @property
    def first(self) -> InstrKey:
        return self.targets[0]

    @property
    def moved(self) -> bool:
        """True when the breakpoint stops on another line than the one asked for."""
        return self.line != self.requested


def function_instructions(module: Module) -> Iterator[tuple[InstrKey, Instr]]:
    """Every instruction of the defined functions, keyed by (funcidx, index)."""
    base = module.num_imported_funcs
    for defined, func in enumerate(module.funcs):
        for index, instr in enumerate(func.body):
            yield (base + defined, index), instr


class _FileIndex:
    """The lookups of one file: by line, by position, by character offset.

    Each is built on first use: the parser's spans find their lines lazily
    (wasm/text/lexer.py `LazySpan`), and an editor asking only by offset
    should not pay for lines.
    """

    def __init__(self, places: list[tuple[InstrKey, SourceSpan]]) -> None:
        self.places = places

    @cached_property
    def by_line(self) -> dict[int, list[InstrKey]]:
        by_line: dict[int, list[InstrKey]] = {}
        for key, span in sorted(self.places, key=lambda item: item[0]):
            by_line.setdefault(span.line, []).append(key)
        return by_line

    @cached_property
    def lines(self) -> list[int]:
        return sorted(self.by_line)

    @cached_property
    def by_position(self) -> tuple[list, list, int]:
        """(start, end, key) by (line, column) sorted by start; the starts; the most lines a span covers."""
        entries = sorted(((s.line, s.col), (s.end_line, s.end_col), key) for key, s in self.places)
        widest = max((end[0] - start[0] for start, end, _ in entries), default=0)
        return entries, [start for start, _, _ in entries], widest

    @cached_property
    def by_offset(self) -> tuple[list, list, int]:
        """(start, end, key) by character offset, sorted by start; the starts; the longest span."""
        entries = sorted((s.start, s.end, key) for key, s in self.places if s.end > s.start)
        widest = max((end - start for start, end, _ in entries), default=0)
        return entries, [start for start, _, _ in entries], widest


def _innermost(entries: list, starts: list, point, too_far) -> InstrKey | None:
    """The entry with the narrowest [start, end) holding `point`; `too_far(start)`: no earlier one can hold it."""
    best = None
    for i in range(bisect_right(starts, point) - 1, -1, -1):
        start, end, key = entries[i]
        if too_far(start):
            break
        if point < end and (best is None or (start > best[0]) or (start == best[0] and end < best[1])):
            best = (start, end, key)
    return best[2] if best else None


class SourceMap:
    """The table of where each instruction comes from, and the lookups the debugger needs (see the module docstring).

    `places` maps (funcidx, index) to its `SourcePlace`; `texts` gives each
    file's text where it is known (None otherwise), the main file first.
    """

    def __init__(self, places: Mapping[InstrKey, SourcePlace], texts: Mapping[str, str | None]) -> None:
        self._places = dict(places)
        self._texts = dict(texts)
        for place in self._places.values():
            self._texts.setdefault(place.file, None)
        self.files: tuple[str, ...] = tuple(self._texts)
        grouped: dict[str, list[tuple[InstrKey, SourceSpan]]] = {file: [] for file in self.files}
        for key, place in self._places.items():
            grouped[place.file].append((key, place.span))
        self._index = {file: _FileIndex(items) for file, items in grouped.items()}

    # --- files --------------------------------------------------------------------------------
    @property
    def main_file(self) -> str:
        """The file shown first: the WAT source, the disassembly, the C file holding `main`."""
        return self.files[0]

    def has_file(self, file: str) -> bool:
        return file in self._index

    def text(self, file: str | None = None) -> str | None:
        """The text of a file of the map, or None when the map does not hold it."""
        return self._texts[self._file(file)]

    def line_text(self, line: int, file: str | None = None) -> str:
        """One line of a file's text ("" outside it or when the text is unknown)."""
        lines = (self.text(file) or "").splitlines()
        return lines[line - 1] if 1 <= line <= len(lines) else ""

    def _file(self, file: str | None) -> str:
        if file is None:
            return self.main_file
        if file not in self._index:
            raise SourceMapError(f"no file {file!r} in this program (it has {', '.join(self.files)})")
        return file

    # --- instruction -> source ------------------------------------------------------------------
    def place(self, funcidx: int, index: int) -> SourcePlace | None:
        """Where instruction `index` of function `funcidx` comes from, or None when unknown."""
        return self._places.get((funcidx, index))

    def span(self, funcidx: int, index: int) -> SourceSpan | None:
        place = self._places.get((funcidx, index))
        return place.span if place is not None else None

    def items(self) -> Iterator[tuple[InstrKey, SourcePlace]]:
        """Every mapped instruction with its place."""
        return iter(self._places.items())

    # --- source -> instructions ------------------------------------------------------------------
    def lines(self, file: str | None = None) -> list[int]:
        """The lines of a file that hold code (where an instruction starts), ascending."""
        return list(self._index[self._file(file)].lines)

    def on_line(self, line: int, file: str | None = None) -> tuple[InstrKey, ...]:
        """The instructions whose span starts on `line`, in (function, index) order."""
        return tuple(self._index[self._file(file)].by_line.get(line, ()))

    def first_on_line(self, line: int, file: str | None = None) -> InstrKey | None:
        """The first instruction starting on `line` (a stepping target), or None."""
        found = self._index[self._file(file)].by_line.get(line)
        return found[0] if found else None

    def line_targets(self, line: int, file: str | None = None) -> LineTargets | None:
        """Where a breakpoint on `line` stops; a line without code takes the next line with code (None: no code after it)."""
        name = self._file(file)
        index = self._index[name]
        i = bisect_right(index.lines, line - 1)
        if i == len(index.lines):
            return None
        found = index.lines[i]
        targets, seen = [], set()
        for funcidx, at in index.by_line[found]:
            if funcidx not in seen:
                seen.add(funcidx)
                targets.append((funcidx, at))
        return LineTargets(name, line, found, tuple(targets), "" if found == line else NO_CODE)

    def at(self, line: int, column: int, file: str | None = None) -> InstrKey | None:
        """The innermost instruction whose span holds (line, column), 1-based."""
        entries, starts, widest = self._index[self._file(file)].by_position
        return _innermost(entries, starts, (line, column), lambda start: start[0] < line - widest)

    def at_offset(self, offset: int, file: str | None = None) -> InstrKey | None:
        """The innermost instruction whose span holds character `offset` of the file's text."""
        entries, starts, widest = self._index[self._file(file)].by_offset
        return _innermost(entries, starts, offset, lambda start: start < offset - widest)
