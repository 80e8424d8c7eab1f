"""The DWARF line table of a .wasm: rows of (address, file, line, column, is_stmt), as pyelftools reads them.

Each compile unit's line program yields sequences of rows; a row covers the
addresses from its own up to the next row's. Addresses count from the Code
section's payload (sections.py). A sequence whose start is the linker's
tombstone (0xffffffff, or -2 in some sections) describes a function the
linker discarded, and is skipped. Rows for line 0 (code the compiler made
up, with no line of its own) are kept: the code they cover has no line.

File names are kept twice: `name`, as the compiler recorded it (`loop.c`,
`samples/c/loop.c`: what people are shown), and `path`, the recorded
directory joined to it (where the source may be found).
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass

TOMBSTONE_LIMIT = 0xFFFFFFF0  # addresses from here up are the linker's "discarded" markers


@dataclass(frozen=True)
class SourceFile:
    """A file of the line table: `name` as recorded, `path` with its directory, `comp_dir` of its unit."""

    name: str
    path: str
    comp_dir: str


@dataclass(frozen=True)
class Row:
    """One line-table row: the code from `address` up to the next row of its sequence."""

    address: int
    file: SourceFile
    line: int
    column: int
    is_stmt: bool
    prologue_end: bool


@dataclass(frozen=True)
class Sequence:
    """Rows of contiguous code, ascending, and the address just past the last (the end_sequence row)."""

    rows: tuple[Row, ...]
    end: int


def _text(value) -> str:
    if value is None:
        return ""
    return value.decode("utf-8", "replace") if isinstance(value, bytes) else str(value)


def _files(program, comp_dir: str) -> dict[int, SourceFile]:
    """The line program's file table by the index its rows use (1-based before DWARF 5, 0-based from 5)."""
    header = program.header
    version = header["version"]
    dirs = [_text(d) for d in header.get("include_directory", ())]
    files = {}
    for i, entry in enumerate(header.get("file_entry", ())):
        name = _text(entry.name)
        dir_index = entry.dir_index or 0
        # directory 0 is the compile folder (implicit before DWARF 5, listed from 5 on)
        if version >= 5:
            directory = dirs[dir_index] if 0 < dir_index < len(dirs) else ""
        else:
            directory = dirs[dir_index - 1] if 0 < dir_index <= len(dirs) else ""
        shown = posixpath.normpath(posixpath.join(directory, name))
        path = posixpath.normpath(posixpath.join(comp_dir, shown))
        files[i if version >= 5 else i + 1] = SourceFile(shown, path, comp_dir)
    return files


def read_sequences(dwarfinfo, code_size: int | None = None) -> list[Sequence]:
    """Every live sequence of every unit's line program (discarded functions' sequences left out)."""
    out: list[Sequence] = []
    for cu in dwarfinfo.iter_CUs():
        program = dwarfinfo.line_program_for_CU(cu)
        if program is None:
            continue
        top = cu.get_top_DIE()
        comp_dir = _text(top.attributes["DW_AT_comp_dir"].value) if "DW_AT_comp_dir" in top.attributes else ""
        files = _files(program, comp_dir)
        rows: list[Row] = []
        for entry in program.get_entries():
            state = entry.state
            if state is None:
                continue
            if state.end_sequence:
                if rows and rows[0].address < TOMBSTONE_LIMIT and (code_size is None or state.address <= code_size):
                    out.append(Sequence(tuple(rows), state.address))
                rows = []
                continue
            file = files.get(state.file)
            if file is None:
                continue
            rows.append(Row(state.address, file, state.line, state.column, bool(state.is_stmt), bool(state.prologue_end)))
    return out
