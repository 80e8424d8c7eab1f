"""C lines, their Wasm instructions and their bytes, grouped by colour as Compiler Explorer does. No Qt.

    listing = LinkedListing.build(module, binary, source_map)   # a DwarfSourceMap
    listing.rows                 # the WAT of the C functions, one row per instruction (and per `(func`)
    listing.group_of_line(14)    # the colour group of C line 14 (rows and bytes of that line share it)
    listing.rows_of_line(14)     # the rows of its instructions; listing.byte_ranges(14) their bytes
    listing.line_of_row(7)       # the other way: the C line a row came from

Only the functions that have C lines are listed (the learner's own code,
not wasi-libc's hundreds of functions), in the disassembly's text
(print_module, with the name section's names). A C line's colour group is
its rank among the lines that have code, so neighbouring lines always
differ; the window picks the colour of a group from a palette made for its
theme (ui/c/linked_view.py). Instructions the line table places in another
file (an inline function of an included header) get no colour, as the tab
shows only its own file, but say where they came from (`elsewhere`:
`util.h:12`), so they are not left unexplained.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass

from playground.wasm.model import Module
from playground.wasm.text.print import print_module
from playground.workbench.c_state import base_name
from playground.workbench.instr_map import InstrRef


@dataclass(frozen=True)
class ListingRow:
    """One row of the linked WAT: a function's header (`ref` None) or one instruction with its bytes."""

    text: str  # the disassembly's line, indentation kept
    ref: InstrRef | None = None
    offset: int | None = None  # the instruction's byte offset in the binary
    data: bytes = b""  # its encoding
    line: int | None = None  # the C line it came from (None: no line, or a header)
    elsewhere: str | None = None  # `util.h:12`: the line of another file (an included header) it came from

    @property
    def hex(self) -> str:
        return " ".join(f"{b:02x}" for b in self.data)


class LinkedListing:
    """See the module docstring. Build it with `LinkedListing.build`."""

    def __init__(self, rows: list[ListingRow], file: str | None) -> None:
        self.rows = rows
        self.file = file  # the C file whose lines are grouped (the source map's main file)
        self._rows_of_line: dict[int, list[int]] = {}
        self._row_of_ref: dict[InstrRef, int] = {}
        for i, row in enumerate(rows):
            if row.ref is not None:
                self._row_of_ref[row.ref] = i
            if row.line is not None:
                self._rows_of_line.setdefault(row.line, []).append(i)
        self.lines = sorted(self._rows_of_line)  # the C lines that have code, ascending

    @classmethod
    def build(cls, module: Module, binary: bytes, source_map) -> "LinkedListing":
        """The listing of every function with lines in `source_map` (a DwarfSourceMap over `module`)."""
        printed = print_module(module)
        text_lines = printed.text.splitlines()
        file = source_map.main_file
        base = module.num_imported_funcs
        rows: list[ListingRow] = []
        for defined, func in enumerate(module.funcs):
            funcidx = base + defined
            if not source_map.has_lines(funcidx):
                continue
            header = printed.func_lines.get(funcidx)
            if header is not None and 0 < header <= len(text_lines):
                rows.append(ListingRow(text_lines[header - 1].rstrip()))
            for index, instr in enumerate(func.body):
                number = printed.line_of(funcidx, index)
                if number is None or not 0 < number <= len(text_lines):
                    continue
                place = source_map.place(funcidx, index)
                line = place.span.line if place is not None and place.file == file else None
                elsewhere = (f"{base_name(place.file)}:{place.span.line}"
                             if place is not None and place.file is not None and place.file != file else None)
                data = binary[instr.offset : instr.offset + (instr.length or 1)] if instr.offset is not None else b""
                rows.append(ListingRow(text_lines[number - 1].rstrip(), InstrRef(funcidx, index), instr.offset, data, line,
                                       elsewhere))
        return cls(rows, file)

    # --- lookups ----------------------------------------------------------------------------------
    def group_of_line(self, line: int | None) -> int | None:
        """The colour group of a C line (its rank among the lines with code), or None when it has no code."""
        if line is None:
            return None
        i = bisect_left(self.lines, line)
        return i if i < len(self.lines) and self.lines[i] == line else None

    def group_of_row(self, row: int) -> int | None:
        return self.group_of_line(self.line_of_row(row))

    def rows_of_line(self, line: int | None) -> list[int]:
        """The rows of the instructions C line `line` became (wherever the compiler put them)."""
        return list(self._rows_of_line.get(line, ())) if line is not None else []

    def line_of_row(self, row: int) -> int | None:
        return self.rows[row].line if 0 <= row < len(self.rows) else None

    def row_of(self, ref: InstrRef | None) -> int | None:
        """The row of an instruction (None: not listed, e.g. in libc)."""
        return self._row_of_ref.get(ref) if ref is not None else None

    def byte_ranges(self, line: int | None) -> list[tuple[int, int]]:
        """(offset, length) of every instruction of a C line, in address order."""
        rows = (self.rows[i] for i in self.rows_of_line(line))
        return sorted((r.offset, len(r.data)) for r in rows if r.offset is not None)

    def groups(self) -> dict[int, int]:
        """Every C line with code -> its colour group (what the C editor tints)."""
        return {line: i for i, line in enumerate(self.lines)}
