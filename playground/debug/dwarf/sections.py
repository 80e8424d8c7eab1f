"""Where DWARF lives in a .wasm file: its custom sections, and the Code section it addresses.

LLVM puts each DWARF section in a custom section of the same name
(`.debug_info`, `.debug_line`, ...). Addresses in them (`DW_AT_low_pc`,
line-table rows) are byte offsets from the start of the Code section's
payload: the byte after the section's size, where the function count
begins. The module model keeps every instruction's offset in the whole
file, so `code_payload_start` is the one number that joins the two.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Iterator

from playground.wasm.binary.leb128 import read_unsigned

CODE_SECTION = 10
CUSTOM_SECTION = 0


@dataclass(frozen=True)
class RawSection:
    """One section of a binary as bytes: id, name (custom sections), and the payload's [start, end) in the file.

    `start` is the offset of the section's id byte; `name_end` where a custom
    section's contents begin (after its name), `payload` for others.
    """

    id: int
    name: str | None
    start: int
    payload: int
    name_end: int
    end: int


def iter_sections(data: bytes) -> Iterator[RawSection]:
    """The sections of a binary module, in file order (the module is assumed already decoded once)."""
    pos = 8
    while pos < len(data):
        start = pos
        sid = data[pos]
        size, payload = read_unsigned(data, pos + 1, 32)
        end = payload + size
        name, name_end = None, payload
        if sid == CUSTOM_SECTION:
            length, at = read_unsigned(data, payload, 32)
            name = bytes(data[at : at + length]).decode("utf-8", "replace")
            name_end = at + length
        yield RawSection(sid, name, start, payload, name_end, end)
        pos = end


def code_payload_start(data: bytes) -> int | None:
    """The file offset DWARF addresses count from (the Code section's payload), or None without code."""
    for section in iter_sections(data):
        if section.id == CODE_SECTION:
            return section.payload
    return None


def debug_sections(data: bytes) -> dict[str, bytes]:
    """The `.debug_*` custom sections of a binary, by name (the first of each name)."""
    found: dict[str, bytes] = {}
    for section in iter_sections(data):
        if section.name is not None and section.name.startswith(".debug_"):
            found.setdefault(section.name, bytes(data[section.name_end : section.end]))
    return found


def has_line_info(data: bytes) -> bool:
    """Whether the binary carries a DWARF line table (and so can be debugged by source line)."""
    return any(s.name == ".debug_line" for s in iter_sections(data))


def dwarf_info(sections: dict[str, bytes]):
    """A pyelftools `DWARFInfo` over the given `.debug_*` sections (DWARF 4 and 5; wasm32: 4-byte addresses)."""
    from elftools.dwarf.dwarfinfo import DebugSectionDescriptor, DWARFInfo, DwarfConfig

    def descriptor(name: str):
        data = sections.get(name)
        if data is None:
            return None
        return DebugSectionDescriptor(io.BytesIO(data), name, None, len(data), 0)

    config = DwarfConfig(little_endian=True, machine_arch="wasm", default_address_size=4)
    read = ("info", "abbrev", "str", "loc", "ranges", "line", "addr", "str_offsets", "line_str", "loclists", "rnglists")
    # Left unread: aranges and pubnames/pubtypes (accelerators only: everything is found by walking the
    # units), frames (no call-frame information is used), type units and supplementary files.
    unread = ("aranges", "frame", "pubtypes", "pubnames", "sup", "types")
    return DWARFInfo(
        config=config,
        **{f"debug_{name}_sec": descriptor(f".debug_{name}") for name in read},
        **{f"debug_{name}_sec": None for name in unread},
        eh_frame_sec=None,
        gnu_debugaltlink_sec=None,
    )
