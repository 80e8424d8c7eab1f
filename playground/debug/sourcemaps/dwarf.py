"""The source map of a .wasm compiled with `-g`: C file:line ⇄ instructions, from its DWARF line table. No Qt.

    smap = dwarf_source_map(program, source_dirs=["src"])   # None when the binary has no line table
    DebugSession(program, source_map=smap)

Every instruction of a defined function gets the line-table row covering
its address (its byte offset minus the Code section's payload start,
debug/dwarf/sections.py); rows for line 0, and code the table does not
cover (libc without debug information), map to nothing. An instruction's
span is its row's line from the row's column to the end of that line, so
`on_line(line)` lists every instruction a C line became, wherever the
compiler put them (a `for` header's test and increment included).

Beyond the base map, what stepping by source line needs (line_step.py):
- `is_statement(funcidx, index)`: the instruction starts a row marked
  `is_stmt`: a place where a line "begins" (gdb stops only there);
- `function_start(funcidx)`: the first instruction after the prologue (the
  row marked `prologue_end`), where a step into the function stops and where
  a breakpoint on the function, or on its opening line, goes;
- `steps_by_line` is True: the prompt and the window step by C line.

`debug_info` (debug/dwarf/info.py) holds the functions, scopes, variables
and types, read on first use. Source texts are looked for at the recorded
path, next to the .wasm, then in each of `source_dirs` (by recorded name,
then by file name); a file not found keeps its lines, without text.
"""

from __future__ import annotations

import importlib.util
from bisect import bisect_left
from functools import cached_property
from pathlib import Path

from playground.debug.dwarf.info import DebugInfo
from playground.debug.dwarf.lines import Row, SourceFile, read_sequences
from playground.debug.dwarf.sections import code_payload_start, debug_sections, dwarf_info
from playground.debug.sourcemaps.base import InstrKey, LineTargets, SourceMap, SourcePlace, function_instructions
from playground.wasm.errors import SourceSpan
from playground.wasm.model import Module

INSTALL_HINT = "pip install 'wasm-playground[c]'"


class DwarfSourceMap(SourceMap):
    """C (or any DWARF language) source lines over a decoded module; see the module docstring."""

    steps_by_line = True

    def __init__(self, module: Module, binary: bytes, *, wasm_file: str | Path | None = None,
                 source_dirs=(), sections: dict[str, bytes] | None = None) -> None:
        self.module = module
        self.code_start = code_payload_start(binary) or 0
        self._dwarf = dwarf_info(sections if sections is not None else debug_sections(binary))
        code_size = _code_size(module, self.code_start)
        sequences = read_sequences(self._dwarf, code_size)
        files: dict[str, SourceFile] = {}
        for sequence in sequences:
            for row in sequence.rows:
                files.setdefault(row.file.name, row.file)
        self.source_paths: dict[str, Path | None] = {
            name: find_source(f, wasm_file, source_dirs) for name, f in files.items()
        }
        texts = {name: _read(path) for name, path in self.source_paths.items()}
        line_starts = {name: _line_starts(text) for name, text in texts.items()}
        places, statements, starts = self._map(sequences, texts, line_starts)
        self._statements = statements
        self._starts = starts
        ordered = dict(sorted(texts.items(), key=lambda item: item[0] != self._main_file_guess(places)))
        super().__init__(places, ordered)

    # --- building the table --------------------------------------------------------------------
    def _map(self, sequences, texts, line_starts):
        keys = []  # (address, key), ascending by address
        for key, instr in function_instructions(self.module):
            if instr.offset is not None:
                keys.append((instr.offset - self.code_start, key))
        keys.sort()
        addresses = [a for a, _ in keys]
        places: dict[InstrKey, SourcePlace] = {}
        statements: set[InstrKey] = set()
        prologue_ends: dict[int, int] = {}
        for sequence in sequences:
            rows = sequence.rows
            for i, row in enumerate(rows):
                end = rows[i + 1].address if i + 1 < len(rows) else sequence.end
                lo, hi = bisect_left(addresses, row.address), bisect_left(addresses, end)
                if row.line == 0 or lo == hi:
                    continue
                span = _span(row, texts.get(row.file.name), line_starts.get(row.file.name))
                place = SourcePlace(row.file.name, span)
                for j in range(lo, hi):
                    places[keys[j][1]] = place
                first = keys[lo]
                if row.is_stmt and first[0] == row.address:
                    statements.add(first[1])
                if row.prologue_end and first[0] == row.address:
                    funcidx, index = first[1]
                    prologue_ends.setdefault(funcidx, index)
        return places, statements, prologue_ends

    def _main_file_guess(self, places) -> str | None:
        """The file holding `main` (by the name section; `__original_main` is what clang calls a `main(void)`), else the first mapped file."""
        names = self.module.names.funcs
        for wanted in ("main", "__original_main", "__main_argc_argv"):
            for funcidx, name in names.items():
                if name == wanted:
                    place = next((p for (f, _), p in sorted(places.items()) if f == funcidx), None)
                    if place is not None:
                        return place.file
        return next((p.file for _, p in sorted(places.items())), None)

    # --- what stepping by line asks ---------------------------------------------------------------
    def is_statement(self, funcidx: int, index: int) -> bool:
        """Whether the instruction begins a line-table row marked is_stmt (where a line starts)."""
        return (funcidx, index) in self._statements

    def function_start(self, funcidx: int) -> int:
        """The first instruction after the function's prologue (0 when the table marks none)."""
        return self._starts.get(funcidx, 0)

    def has_lines(self, funcidx: int) -> bool:
        """Whether any instruction of the function has a source line (else stepping passes through it)."""
        return funcidx in self._funcs_with_lines

    @cached_property
    def _funcs_with_lines(self) -> set[int]:
        return {funcidx for (funcidx, _), _ in self.items()}

    def line_targets(self, line: int, file: str | None = None) -> LineTargets | None:
        """As the base map, but a target in a prologue moves to the function's start (gdb does the same),
        and the line is then that start's line: a breakpoint on `int main(void) {`, or on a closing `}`
        followed by it, stops on main's first line and says so."""
        found = super().line_targets(line, file)
        if found is None:
            return None
        moved = tuple((f, max(i, self.function_start(f))) for f, i in found.targets)
        places = {self.place(*key) for key in moved}
        stop_line = found.line
        if len(places) == 1 and (place := places.pop()) is not None and place.file == found.file:
            stop_line = place.span.line
        why = found.why
        if stop_line != line and not why:  # the line holds code, but only the prologue of the function it opens
            name = self.function_name(moved[0][0]) or "the function"
            why = f"only sets up {name}'s frame"
        return LineTargets(found.file, found.requested, stop_line, moved, why)

    # --- the C program ------------------------------------------------------------------------------
    @cached_property
    def debug_info(self) -> DebugInfo:
        """Functions, scopes, variables and types (read from `.debug_info` on first use)."""
        return DebugInfo(self._dwarf, self.module, self.code_start)

    def function_name(self, funcidx: int) -> str | None:
        """The source name of a Wasm function (`main`, not `__original_main`), or None without debug info."""
        function = self.debug_info.function(funcidx)
        return function.name if function is not None else None

    def find_file(self, name: str) -> str | None:
        """The map's file that `name` means: its recorded name, or a unique file with that base name."""
        if self.has_file(name):
            return name
        matches = [f for f in self.files if Path(f).name == Path(name).name]
        return matches[0] if len(matches) == 1 else None


def dwarf_source_map(program, *, source_dirs=(), on_note=None) -> DwarfSourceMap | None:
    """The DWARF source map of a binary program (debug/source.py `Program`), or None when there is none to use.

    None when the binary has no line table; also when it has one that cannot
    be read here (pyelftools missing, or DWARF it cannot parse), and then
    `on_note(text)` says why: the session falls back to the disassembly.
    """
    binary = getattr(program, "binary", None)
    if not binary:
        return None
    sections = debug_sections(binary)
    if ".debug_line" not in sections or ".debug_info" not in sections:
        return None
    name = program.file or "the program"
    if importlib.util.find_spec("elftools") is None:
        if on_note is not None:
            on_note(f"{name} has C line information; to debug it by C line: {INSTALL_HINT}")
        return None
    try:
        smap = DwarfSourceMap(program.module, binary, wasm_file=program.file, source_dirs=source_dirs, sections=sections)
    except Exception as exc:  # noqa: BLE001 - a third-party parser on untrusted bytes: fall back, say why
        if on_note is not None:
            on_note(f"the DWARF of {name} could not be read ({type(exc).__name__}: {exc}); debugging its disassembly")
        return None
    return smap if smap.files else None


def find_source(file: SourceFile, wasm_file, source_dirs) -> Path | None:
    """Where a recorded source file is on this machine, or None (see the module docstring for the order)."""
    candidates = [Path(file.path)]
    if not Path(file.name).is_absolute():
        candidates.append(Path(file.name))
    if wasm_file is not None:
        beside = Path(wasm_file).resolve().parent
        candidates += [beside / file.name, beside / Path(file.name).name]
    for folder in source_dirs:
        candidates += [Path(folder) / file.name, Path(folder) / Path(file.name).name]
    for candidate in candidates:
        try:
            if candidate.is_file():
                return candidate
        except OSError:
            continue
    return None


def _read(path: Path | None) -> str | None:
    if path is None:
        return None
    try:
        return path.read_bytes().decode("utf-8", "replace")
    except OSError:
        return None


def _line_starts(text: str | None) -> list[int] | None:
    if text is None:
        return None
    starts, offset = [], 0
    for line in text.splitlines(keepends=True):
        starts.append(offset)
        offset += len(line)
    starts.append(offset)
    return starts


def _span(row: Row, text: str | None, starts: list[int] | None) -> SourceSpan:
    """The row's line from its column to the end of the line (column 1 when the row gives none)."""
    line, col = row.line, max(row.column, 1)
    if text is None or starts is None or line > len(starts) - 1:
        return SourceSpan(line, col, line, col + 1, 0, 0, row.file.name)
    begin = starts[line - 1]
    body = text[begin : starts[line]].rstrip("\r\n")
    col = min(col, len(body) + 1)
    return SourceSpan(line, col, line, len(body) + 1, begin + col - 1, begin + len(body), row.file.name)


def _code_size(module: Module, code_start: int) -> int | None:
    ends = [i.offset + (i.length or 1) for f in module.funcs for i in f.body[-1:] if i.offset is not None]
    return max(ends) - code_start if ends else None
