"""Keep only the DWARF of the learner's own files in a compiled .wasm.

zig links wasi-libc and its compiler runtime with their debug information
(about 850 KB of it, most from the Zig-built parts of libc), so `hello.c` at
`-O0 -g` is a megabyte and reading its DWARF in Python takes a second. The
debugger needs only the units compiled from the user's sources, so `cc`
keeps those: each kept compile unit is copied with its abbreviation table,
line program, strings and (DWARF 4) location and range lists, and every
reference to them is patched to its new offset. Accelerator tables
(`.debug_pubnames`, `.debug_aranges`, ...) are dropped: they index units
that are gone, and readers find everything by walking the units anyway.
DWARF 5's per-unit sections that are addressed through base attributes
(`.debug_addr`, `.debug_rnglists`, `.debug_loclists`, `.debug_line_str`)
are small and kept whole.

The code and every other section are untouched, so addresses stay right. A
unit using something this file does not rewrite (64-bit DWARF, DWARF 2/3,
cross-unit references, an unknown section offset) leaves the binary as it
was: correct and big rather than small and wrong.
"""

from __future__ import annotations

import struct
from typing import Callable

from playground.debug.dwarf.sections import dwarf_info, iter_sections
from playground.wasm.binary.leb128 import encode_unsigned, read_signed, read_unsigned
from playground.wasm.errors import MalformedError

# accelerator tables: they index units by offset; without them readers walk the units
_DROPPED = {".debug_pubnames", ".debug_pubtypes", ".debug_aranges", ".debug_names", ".debug_gnu_pubnames",
            ".debug_gnu_pubtypes"}
_LOCLIST_ATTRS = {
    "DW_AT_location", "DW_AT_frame_base", "DW_AT_string_length", "DW_AT_return_addr", "DW_AT_data_member_location",
    "DW_AT_segment", "DW_AT_static_link", "DW_AT_use_location", "DW_AT_vtable_elem_location",
}
_KEPT_WHOLE_BASES = {"DW_AT_addr_base", "DW_AT_rnglists_base", "DW_AT_loclists_base"}
_TOMBSTONE = 0xFFFFFFFF


class Untrimmable(Exception):
    """Something the trimmer does not rewrite; the binary is kept as it was."""


def trim_dwarf(data: bytes, keep: Callable[[str, str], bool]) -> tuple[bytes, list[str]]:
    """The binary with only the compile units `keep(name, comp_dir)` accepts; and the names kept.

    Returns `data` itself (and every unit's name) when there is nothing to
    drop or a unit cannot be rewritten.
    """
    sections = {}
    for section in iter_sections(data):
        if section.name is not None and section.name.startswith(".debug_"):
            sections.setdefault(section.name, bytes(data[section.name_end : section.end]))
    if ".debug_info" not in sections:
        return data, []
    info = dwarf_info(sections)
    units, names = [], []
    for cu in info.iter_CUs():
        top = cu.get_top_DIE()
        name = _text(top.attributes.get("DW_AT_name"))
        comp_dir = _text(top.attributes.get("DW_AT_comp_dir"))
        if keep(name, comp_dir):
            units.append(cu)
            names.append(name)
    total = sum(1 for _ in info.iter_CUs())
    if len(units) == total:
        return data, names
    try:
        rebuilt = _Rebuild(sections).run(units)
    except Untrimmable:
        return data, [_text(cu.get_top_DIE().attributes.get("DW_AT_name")) for cu in info.iter_CUs()]
    return _replace_sections(data, rebuilt), names


def _text(attr) -> str:
    if attr is None:
        return ""
    value = attr.value
    return value.decode("utf-8", "replace") if isinstance(value, bytes) else str(value)


class _Rebuild:
    """The new contents of the debug sections for a chosen list of units."""

    def __init__(self, sections: dict[str, bytes]) -> None:
        self.old = sections
        # the new sections' bytes, and for each, where an old offset went (old -> new)
        self.info, self.abbrev, self.line, self.str, self.loc, self.ranges, self.str_offsets = (bytearray() for _ in range(7))
        self._abbrevs, self._lines, self._locs, self._ranges, self._str_offsets = ({} for _ in range(5))
        self._strings: dict[bytes, int] = {}  # a string's text -> its new offset in .debug_str

    def run(self, units) -> dict[str, bytes | None]:
        for cu in units:
            self._unit(cu)
        out: dict[str, bytes | None] = {name: None for name in _DROPPED}
        out.update({".debug_info": bytes(self.info), ".debug_abbrev": bytes(self.abbrev), ".debug_str": bytes(self.str)})
        for name, new in ((".debug_line", self.line), (".debug_loc", self.loc), (".debug_ranges", self.ranges),
                          (".debug_str_offsets", self.str_offsets)):
            if name in self.old:
                out[name] = bytes(new)
        return out

    # --- one unit ------------------------------------------------------------------------------
    def _unit(self, cu) -> None:
        header = cu.header
        version = header["version"]
        if version < 4 or cu.structs.dwarf_format != 32:
            raise Untrimmable(f"DWARF {version}, {cu.structs.dwarf_format}-bit")
        base = cu.cu_offset
        unit = bytearray(self.old[".debug_info"][base : base + cu.size])
        abbrev_at = 6 if version < 5 else 8
        _put32(unit, abbrev_at, self._copy_abbrev(header["debug_abbrev_offset"]))
        for die in cu.iter_DIEs():
            for name, attr in die.attributes.items():
                if attr.indirection_length:
                    raise Untrimmable("DW_FORM_indirect")
                at = attr.offset - base
                new = self._patched(name, attr, version)
                if new is not None:
                    _put32(unit, at, new)
        self.info += unit

    def _patched(self, name: str, attr, version: int) -> int | None:
        """The new 4-byte value of an attribute that points into another section, or None to keep it."""
        form = attr.form
        if form == "DW_FORM_strp":
            return self._string(attr.raw_value)
        if form == "DW_FORM_ref_addr":
            raise Untrimmable("a reference across units")
        if form != "DW_FORM_sec_offset":
            return None
        value = attr.raw_value
        if name == "DW_AT_stmt_list":
            return self._copy_line(value)
        if name == "DW_AT_str_offsets_base":
            return self._copy_str_offsets(value)
        if version >= 5 and (name in _KEPT_WHOLE_BASES or name == "DW_AT_ranges" or name in _LOCLIST_ATTRS):
            return None  # into a section kept whole
        if name == "DW_AT_ranges":
            return self._copy_list(".debug_ranges", self.ranges, self._ranges, value, locations=False)
        if name in _LOCLIST_ATTRS:
            return self._copy_list(".debug_loc", self.loc, self._locs, value, locations=True)
        raise Untrimmable(f"{name} points into a section this trimmer does not rewrite")

    # --- copies ----------------------------------------------------------------------------------
    def _string(self, old_offset: int) -> int:
        table = self.old.get(".debug_str", b"")
        end = table.find(b"\0", old_offset)
        if end < 0:
            raise Untrimmable("a string past the end of .debug_str")
        text = table[old_offset:end]
        found = self._strings.get(text)
        if found is None:
            found = self._strings[text] = len(self.str)
            self.str += text + b"\0"
        return found

    def _copy_abbrev(self, old: int) -> int:
        if old in self._abbrevs:
            return self._abbrevs[old]
        table = self.old[".debug_abbrev"]
        pos = old
        while True:
            code, pos = _uleb(table, pos)
            if code == 0:
                break
            _, pos = _uleb(table, pos)  # tag
            pos += 1  # children flag
            while True:
                attr, pos = _uleb(table, pos)
                form, pos = _uleb(table, pos)
                if form == 0x21:  # DW_FORM_implicit_const carries its value here
                    _, pos = _sleb(table, pos)
                if attr == 0 and form == 0:
                    break
        new = self._abbrevs[old] = len(self.abbrev)
        self.abbrev += table[old:pos]
        return new

    def _copy_line(self, old: int) -> int:
        if old in self._lines:
            return self._lines[old]
        table = self.old[".debug_line"]
        length = struct.unpack_from("<I", table, old)[0]
        if length >= 0xFFFFFFF0:
            raise Untrimmable("64-bit line table")
        program = bytearray(table[old : old + 4 + length])
        if struct.unpack_from("<H", program, 4)[0] >= 5:
            for at, string in _line_header_strps(program):
                _put32(program, at, self._string(string))
        new = self._lines[old] = len(self.line)
        self.line += program
        return new

    def _copy_str_offsets(self, base: int) -> int:
        """A DWARF 5 unit's string offsets (its header sits 8 bytes before `base`), re-pointed at the new strings."""
        if base in self._str_offsets:
            return self._str_offsets[base]
        table = self.old[".debug_str_offsets"]
        length = struct.unpack_from("<I", table, base - 8)[0]
        count = (length - 4) // 4
        header = bytearray(table[base - 8 : base])
        entries = bytearray()
        for i in range(count):
            entries += struct.pack("<I", self._string(struct.unpack_from("<I", table, base + 4 * i)[0]))
        new = self._str_offsets[base] = len(self.str_offsets) + 8
        self.str_offsets += header + entries
        return new

    def _copy_list(self, section: str, out: bytearray, seen: dict[int, int], old: int, *, locations: bool) -> int:
        """A DWARF 4 range list or location list: (begin, end) pairs, a location's expression after each."""
        if old in seen:
            return seen[old]
        table = self.old.get(section)
        if table is None:
            raise Untrimmable(f"no {section}")
        pos = old
        while True:
            begin, end = struct.unpack_from("<II", table, pos)
            pos += 8
            if begin == 0 and end == 0:
                break
            if locations and begin != _TOMBSTONE:  # a base address selection has no expression
                size = struct.unpack_from("<H", table, pos)[0]
                pos += 2 + size
        new = seen[old] = len(out)
        out += table[old:pos]
        return new


def _line_header_strps(program: bytearray) -> list[tuple[int, int]]:
    """(offset in the program, .debug_str offset) of each DW_FORM_strp in a DWARF 5 line header."""
    pos = 4 + 2 + 1 + 1 + 4 + 1 + 1 + 1 + 1 + 1  # to opcode_base
    opcode_base = program[pos - 1]
    pos += opcode_base - 1
    found = []
    for _ in range(2):  # directories, then file names
        count = program[pos]
        pos += 1
        formats = []
        for _ in range(count):
            content, pos = _uleb(program, pos)
            form, pos = _uleb(program, pos)
            formats.append(form)
        entries, pos = _uleb(program, pos)
        for _ in range(entries):
            for form in formats:
                if form == 0x0E:  # strp: into .debug_str
                    found.append((pos, struct.unpack_from("<I", program, pos)[0]))
                pos = _skip_form(program, pos, form)
    return found


_FIXED = {0x0B: 1, 0x05: 2, 0x06: 4, 0x07: 8, 0x1E: 16, 0x1F: 4, 0x0E: 4, 0x17: 4, 0x25: 1, 0x26: 2, 0x27: 3, 0x28: 4}


def _skip_form(data, pos: int, form: int) -> int:
    if form in _FIXED:
        return pos + _FIXED[form]
    if form == 0x08:  # string
        return data.index(0, pos) + 1
    if form in (0x0F, 0x1A):  # udata, strx
        return _uleb(data, pos)[1]
    if form == 0x09:  # block
        size, pos = _uleb(data, pos)
        return pos + size
    raise Untrimmable(f"form 0x{form:x} in a line table header")


def _uleb(data, pos: int) -> tuple[int, int]:
    """A ULEB128 from the DWARF bytes (the engine's one LEB128 reader); damage means: keep the binary."""
    try:
        return read_unsigned(data, pos, 64)
    except MalformedError as exc:
        raise Untrimmable(f"ULEB128 at {pos}: {exc.message}") from None


def _sleb(data, pos: int) -> tuple[int, int]:
    try:
        return read_signed(data, pos, 64)
    except MalformedError as exc:
        raise Untrimmable(f"SLEB128 at {pos}: {exc.message}") from None


def _put32(buffer: bytearray, at: int, value: int) -> None:
    struct.pack_into("<I", buffer, at, value)


def _replace_sections(data: bytes, new: dict[str, bytes | None]) -> bytes:
    """The binary with custom sections replaced (a bytes value) or removed (None); others as they were."""
    out = bytearray(data[:8])
    for section in iter_sections(data):
        if section.name is None or section.name not in new:
            out += data[section.start : section.end]
            continue
        contents = new[section.name]
        if contents is None:
            continue
        name = section.name.encode()
        payload = encode_unsigned(len(name)) + name + contents
        out += b"\x00" + encode_unsigned(len(payload)) + payload
    return bytes(out)
