"""`objdump`: section headers, details, disassembly and raw contents of a binary, laid out like WABT's wasm-objdump.

`objdump(data, filename, headers=..., details=..., disassemble=..., contents=...)`
decodes the module (a malformed one raises `MalformedError` with the file and
the offset) and returns the text. The layout copies `wasm-objdump -h/-x/-d/-s`
so that the two can be compared line by line; instruction text is the
playground's own WAT spelling. `-x` also lists the entries of our own
`playground.sources` section (source path and SHA-256), which WABT shows
by name only.
"""

from __future__ import annotations

from dataclasses import dataclass

from playground.wasm.binary.decode import (
    CODE, CUSTOM, DATA, DATACOUNT, ELEMENT, EXPORT, FUNCTION, GLOBAL, IMPORT, MEMORY, SECTION_NAMES, START,
    TABLE, TAG, TYPE, decode_module,
)
from playground.wasm.binary.encode import elem_flags
from playground.wasm.binary.leb128 import read_unsigned
from playground.wasm.binary.source_hashes import SECTION as SOURCES_SECTION
from playground.wasm.binary.source_hashes import decode_source_hashes
from playground.wasm.bits import f32_from_bits, f64_from_bits
from playground.wasm.errors import MalformedError
from playground.wasm.model import Instr, Module
from playground.wasm.objdump_disasm import NameLookup, disassemble_code
from playground.wasm.text.format import format_instr, format_v128
from playground.wasm.text.print import name_text
from playground.wasm.types import ExternKind, FuncType, Limits


@dataclass(frozen=True)
class SectionInfo:
    """Where one section lies: `start`/`end` bound its contents (after the id and size)."""

    id: int
    offset: int  # of the id byte
    start: int
    end: int
    count: int | None  # the leading vector length, the start index or the data count
    custom_name: str | None = None

    @property
    def name(self) -> str:
        return SECTION_NAMES[self.id]


def scan_sections(data: bytes) -> list[SectionInfo]:
    """The sections of a well-formed binary, in file order (decode it first to know it is well-formed)."""
    sections = []
    pos = 8
    while pos < len(data):
        sid = data[pos]
        size, start = read_unsigned(data, pos + 1, 32)
        end = start + size
        count = None
        custom_name = None
        if sid == CUSTOM:
            n, p = read_unsigned(data, start, 32)
            custom_name = data[p : p + n].decode("utf-8", "replace")
        elif size:
            count, _ = read_unsigned(data, start, 32)
        sections.append(SectionInfo(sid, pos, start, end, count, custom_name))
        pos = end
    return sections


def hexdump(data: bytes, base: int, prefix: str = "") -> list[str]:
    """16 bytes a line: `0000000: 6865 6c6c ...  hello`, as wasm-objdump writes them."""
    lines = []
    for i in range(0, len(data), 16):
        chunk = data[i : i + 16]
        pairs = [chunk[j : j + 2].hex() for j in range(0, len(chunk), 2)]
        text = "".join(chr(b) if 0x20 <= b < 0x7F else "." for b in chunk)
        lines.append(f"{prefix}{base + i:07x}: {' '.join(pairs):<39}  {text}")
    return lines


def _type_list(types: tuple) -> str:
    if not types:
        return "nil"
    if len(types) == 1:
        return str(types[0])
    return "(" + ", ".join(map(str, types)) + ")"


def format_functype(t: FuncType) -> str:
    """A function type as wasm-objdump shows it; a 3.0 GC type definition (struct, array) as its text."""
    if not isinstance(t, FuncType):
        return str(t)
    return f"({', '.join(map(str, t.params))}) -> {_type_list(t.results)}"


def _limits(limits: Limits) -> str:
    text = f"initial={limits.min}"
    return text if limits.max is None else f"{text} max={limits.max}"


def _float(value: float) -> str:
    """A float as wasm-objdump shows it: `0x1.8p+3`, `inf`, `nan` (NaN payloads are not shown)."""
    if value != value:
        return "nan"
    if value in (float("inf"), float("-inf")):
        return "inf" if value > 0 else "-inf"
    mantissa, _, exponent = value.hex().partition("p")
    mantissa = mantissa.rstrip("0").rstrip(".") if "." in mantissa else mantissa
    return f"{mantissa}p{exponent}"


def format_init(expr: list[Instr], names: NameLookup, *, segment_offset: bool = False) -> str:
    """A constant expression as wasm-objdump shows it: `i32=0`, `global=1 <g>`, `ref.func:2 <f>`.

    wasm-objdump shows the i32 offsets of segments unsigned and other i32 values signed.
    """
    body = [i for i in expr if i.op.name != "end"]
    if not body:
        return "<EMPTY>"
    if len(body) > 1:
        return "(" + ", ".join(format_instr(i) + _index_suffix(i, names) for i in body) + ")"
    instr = body[0]
    name, value = instr.op.name, (instr.imm[0] if instr.imm else None)
    if name == "i32.const":
        return f"i32={value & 0xFFFFFFFF if segment_offset else value}"
    shown = _INIT_SHOWN.get(name)
    return shown(value, names) if shown is not None else format_instr(instr)


# instruction name -> its text in a constant expression, from its (first) immediate
_INIT_SHOWN = {
    "i64.const": lambda value, names: f"i64={value}",
    "f32.const": lambda bits, names: f"f32={_float(f32_from_bits(bits))}",
    "f64.const": lambda bits, names: f"f64={_float(f64_from_bits(bits))}",
    "v128.const": lambda value, names: "v128=" + format_v128(value).removeprefix("i32x4 "),
    "global.get": lambda index, names: f"global={index}{names.suffix('global', index)}",
    "ref.func": lambda index, names: f"ref.func:{index}{names.suffix('func', index)}",
    "ref.null": lambda heaptype, names: f"ref.null {heaptype}",
}


def _index_suffix(instr: Instr, names: NameLookup) -> str:
    kind = instr.op.imm
    return names.suffix(kind, instr.imm[0]) if kind in ("func", "global") else ""


def _details(module: Module, sections: list[SectionInfo], data: bytes, names: NameLookup) -> list[str]:
    m = module
    out = []
    n_imported = {kind: len(m.imports_of(kind)) for kind in ExternKind}
    for section in sections:
        sid = section.id
        title = f"{section.name}[{section.count}]:"
        if sid == TYPE:
            out.append(title)
            out += [f" - type[{i}] {format_functype(t)}" for i, t in enumerate(m.types)]
        elif sid == IMPORT:
            out.append(title)
            index = dict.fromkeys(ExternKind, 0)
            for imp in m.imports:
                i = index[imp.kind]
                index[imp.kind] += 1
                where = f" <- {name_text(imp.module)}.{name_text(imp.name)}"
                if imp.kind is ExternKind.FUNC:
                    out.append(f" - func[{i}] sig={imp.desc}{names.suffix('func', i)}{where}")
                elif imp.kind is ExternKind.TABLE:
                    out.append(f" - table[{i}] type={imp.desc.elem} {_limits(imp.desc.limits)}{where}")
                elif imp.kind is ExternKind.MEMORY:
                    out.append(f" - memory[{i}] pages: {_limits(imp.desc.limits)}{where}")
                elif imp.kind is ExternKind.TAG:
                    out.append(f" - tag[{i}] sig={imp.desc}{where}")
                else:
                    out.append(f" - global[{i}] {imp.desc.valtype} mutable={int(imp.desc.mutable)}{where}")
        elif sid == FUNCTION:
            out.append(title)
            base = n_imported[ExternKind.FUNC]
            for i, func in enumerate(m.funcs, base):
                out.append(f" - func[{i}] sig={func.typeidx}{names.suffix('func', i)}")
        elif sid == TABLE:
            out.append(title)
            for i, t in enumerate(m.tables, n_imported[ExternKind.TABLE]):
                out.append(f" - table[{i}] type={t.elem} {_limits(t.limits)}{names.suffix('table', i)}")
        elif sid == MEMORY:
            out.append(title)
            for i, mem in enumerate(m.mems, n_imported[ExternKind.MEMORY]):
                out.append(f" - memory[{i}] pages: {_limits(mem.limits)}")
        elif sid == TAG:
            out.append(title)
            for i, tag in enumerate(m.tags, n_imported[ExternKind.TAG]):
                out.append(f" - tag[{i}] sig={tag.typeidx}")
        elif sid == GLOBAL:
            out.append(title)
            for i, g in enumerate(m.globals, n_imported[ExternKind.GLOBAL]):
                out.append(
                    f" - global[{i}] {g.type.valtype} mutable={int(g.type.mutable)}"
                    f"{names.suffix('global', i)} - init {format_init(g.init, names)}"
                )
        elif sid == EXPORT:
            out.append(title)
            for e in m.exports:
                kind = "memory" if e.kind is ExternKind.MEMORY else e.kind.text
                label = names.suffix(kind, e.index) if e.kind is ExternKind.FUNC else ""  # as wasm-objdump
                out.append(f" - {kind}[{e.index}]{label} -> {_quoted(e.name)}")
        elif sid == START:
            out.append("Start:")
            out.append(f" - start function: {m.start}{names.suffix('func', m.start)}")
        elif sid == ELEMENT:
            out.append(title)
            out += _elem_details(m, names)
        elif sid == DATACOUNT:
            out.append("DataCount:")
            out.append(f" - data count: {section.count}")
        elif sid == CODE:
            out.append(title)
            base = n_imported[ExternKind.FUNC]
            for i, func in enumerate(m.funcs, base):
                size, _ = read_unsigned(data, func.offset, 32)
                out.append(f" - func[{i}] size={size}{names.suffix('func', i)}")
        elif sid == DATA:
            out.append(title)
            for i, d in enumerate(m.datas):
                label = names.suffix("data", i)
                if d.mode == "passive":
                    out.append(f" - segment[{i}]{label} passive size={len(d.init)}")
                else:
                    out.append(
                        f" - segment[{i}]{label} memory={d.memory} size={len(d.init)}"
                        f" - init {format_init(d.offset, names, segment_offset=True)}"
                    )
                out += hexdump(d.init, _segment_base(d.offset), "  - ")
        elif sid == CUSTOM:
            out.append("Custom:")
            out.append(f" - name: {_quoted(section.custom_name)}")
            if section.custom_name == "name":
                out += _name_details(m)
            elif section.custom_name == SOURCES_SECTION:
                out += _sources_details(data, section)
    return out


def _sources_details(data: bytes, section: SectionInfo) -> list[str]:
    """Our own section (wasm/binary/source_hashes.py): ` - source "sort.c" sha256=9f86d0…`, one line a file."""
    n, p = read_unsigned(data, section.start, 32)
    try:
        entries = decode_source_hashes(data[p + n : section.end])
    except MalformedError as exc:
        return [f" - unreadable: {exc.args[0]}"]  # (its offset counts from the payload, not the file)
    return [f" - source {_quoted(e.path)} sha256={e.sha256.hex()}" for e in entries]


def _elem_details(m: Module, names: NameLookup) -> list[str]:
    out = []
    for i, e in enumerate(m.elems):
        flags = e.flags if e.flags is not None else elem_flags(e)
        line = f" - segment[{i}] flags={flags} table={e.table} count={len(e.init)}"
        if e.mode == "active":
            line += f" - init {format_init(e.offset, names, segment_offset=True)}"
        out.append(line)
        for j, item in enumerate(e.init, _segment_base(e.offset)):
            out.append(f"  - elem[{j}] = {format_init(item, names)}")
    return out


def _segment_base(offset: list[Instr]) -> int:
    """Where wasm-objdump numbers a segment's bytes or items from: its offset when that is a constant."""
    return offset[0].imm[0] & 0xFFFFFFFF if offset and offset[0].op.name == "i32.const" else 0


def _quoted(name: str) -> str:
    """A name in double quotes as wasm-objdump shows it; escaped as wasm2wat does when it is not plain text."""
    text = name_text(name)
    return f'"{text}"' if text == name else text


def _name_details(m: Module) -> list[str]:
    n = m.names
    out = []
    if n.module is not None:
        out.append(f" - module <{name_text(n.module)}>")
    out += [f" - func[{i}] <{name_text(name)}>" for i, name in sorted(n.funcs.items())]
    for f, local_names in sorted(n.locals.items()):
        out += [f" - func[{f}] local[{i}] <{name_text(name)}>" for i, name in sorted(local_names.items())]
    for field, label in (("types", "type"), ("tables", "table"), ("memories", "memory"),
                         ("globals", "global"), ("elems", "elemseg"), ("datas", "dataseg")):
        out += [f" - {label}[{i}] <{name_text(name)}>" for i, name in sorted(getattr(n, field).items())]
    return out


def _headers(sections: list[SectionInfo]) -> list[str]:
    out = []
    for s in sections:
        line = f"{s.name:>9} start=0x{s.start:08x} end=0x{s.end:08x} (size=0x{s.end - s.start:08x})"
        if s.id == CUSTOM:
            line += f" {_quoted(s.custom_name)}"
        elif s.id == START:
            line += f" start: {s.count}"
        elif s.count is not None:
            line += f" count: {s.count}"
        out.append(line)
    return out


def _contents(sections: list[SectionInfo], data: bytes) -> list[str]:
    out = []
    for s in sections:
        out += ["", f"Contents of section {s.name}:"]
        out += hexdump(data[s.start : s.end], s.start)
    return out


def objdump(
    data: bytes,
    filename: str = "module.wasm",
    *,
    headers: bool = False,
    details: bool = False,
    disassemble: bool = False,
    contents: bool = False,
    section: str | None = None,
) -> str:
    """The wasm-objdump style report of a binary; `section` keeps only sections of that name (case-insensitive)."""
    module = decode_module(data, file=filename, check_bodies=disassemble)  # only -d reads function bodies
    sections = scan_sections(data)
    if section is not None:
        wanted = section.lower()
        sections = [s for s in sections if s.name.lower() == wanted or (s.custom_name or "").lower() == wanted]
    names = NameLookup(module)
    out = ["", f"{filename}:\tfile format wasm 0x1"]
    if module.names.module is not None:
        out.append(f"module name: <{module.names.module}>")
    # Each part opens with a blank line, its title and another blank line, as in wasm-objdump.
    if headers:
        out += ["", "Sections:", ""] + _headers(sections)
    if details:
        out += ["", "Section Details:", ""] + _details(module, sections, data, names)
    if disassemble:
        shown = any(s.id == CODE for s in sections)
        out += ["", "Code Disassembly:", ""] + (disassemble_code(module, data, names) if shown else [])
    if contents:
        out += _contents(sections, data)
    return "\n".join(out) + "\n"
