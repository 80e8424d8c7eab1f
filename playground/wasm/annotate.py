"""Explain every byte of a binary, as `wat2wasm -v` does: (offset, length, explanation) rows.

    notes = annotate(data)                 # data: a well-formed binary
    print(format_notes(data, notes))      # 0000000: 0061 736d   ; WASM_BINARY_MAGIC

Section ids and sizes, vector counts, LEB128 fields (decoded), names, types,
limits, init expressions, and in the code section every opcode and every
immediate. The reader here walks the bytes itself (spec 5.5: the binary
module grammar) so every field gets its own row; instructions use the
instruction table for their opcode and immediate kinds. A part it cannot
take apart (an encoding it does not expect) becomes one row "contents", so
the result always covers the whole binary.
"""

from __future__ import annotations

from typing import NamedTuple

from playground.wasm.binary.leb128 import read_signed, read_unsigned
from playground.wasm.instructions import BY_CODE, BY_PREFIXED, CATCH_NAMES, PREFIX_GC, PREFIX_MISC, PREFIX_SIMD
from playground.wasm.types import HEAP_BY_CODE, ValType, ref_type

SECTION_NAMES = ("custom", "type", "import", "function", "table", "memory", "global", "export", "start",
                 "elem", "code", "data", "datacount", "tag")
_KINDS = {0: "func", 1: "table", 2: "memory", 3: "global", 4: "tag"}


class ByteNote(NamedTuple):
    """Bytes [offset, offset + length) and what they mean; `depth` nests fields under their section.

    A tuple: a large binary makes one per field.
    """

    offset: int
    length: int
    text: str
    depth: int = 0


_MEMORY = ("u32", "memory index")  # a reserved zero byte in 2.0

# immediate kind -> its fields in order, each (the _Reader method that reads it, its note)
_FIELDS = {
    **{kind: (("u32", f"{kind} index"),) for kind in ("label", "func", "local", "global", "table", "elem", "data", "tag")},
    "call_indirect": (("u32", "type index"), ("u32", "table index")),
    "table_copy": (("u32", "destination table"), ("u32", "source table")),
    "table_init": (("u32", "elem index"), ("u32", "table index")),
    "memory_init": (("u32", "data index"), _MEMORY),
    "mem0": (_MEMORY,),
    "mem0_mem0": (("u32", "destination memory"), ("u32", "source memory")),
    "lane": (("byte", "lane {value}"),),
    "reftype": (("heaptype", "heap type"),),
    # 3.0, typed references and GC
    "type": (("u32", "type index"),),
    "type_field": (("u32", "type index"), ("u32", "field index")),
    "type_n": (("u32", "type index"), ("u32", "count")),
    "type_data": (("u32", "type index"), ("u32", "data index")),
    "type_elem": (("u32", "type index"), ("u32", "elem index")),
    "type_type": (("u32", "destination type index"), ("u32", "source type index")),
    "reftype_cast": (("heaptype", "heap type"),),
    "br_on_cast": (("byte", "cast flags {value}"), ("u32", "label index"), ("heaptype", "source heap type"),
                   ("heaptype", "target heap type")),
}
_PACKED = {0x78: "i8", 0x77: "i16"}


class _Stop(Exception):
    """The bytes do not read as expected: the caller keeps what it has and covers the rest."""


class _Reader:
    def __init__(self, data: bytes, notes: list[ByteNote]) -> None:
        self.data = data
        self.notes = notes
        self.pos = 0
        self.depth = 0

    def note(self, start: int, text: str) -> None:
        self.notes.append(ByteNote(start, self.pos - start, text, self.depth))

    def byte(self, text: str) -> int:
        if self.pos >= len(self.data):
            raise _Stop
        start, value = self.pos, self.data[self.pos]
        self.pos += 1
        self.note(start, text.format(value=value))
        return value

    def raw(self, n: int, text: str) -> bytes:
        if self.pos + n > len(self.data):
            raise _Stop
        start = self.pos
        self.pos += n
        self.note(start, text)
        return self.data[start : self.pos]

    def u32(self, text: str) -> int:
        start = self.pos
        try:
            value, self.pos = read_unsigned(self.data, self.pos, 32)
        except Exception as exc:  # noqa: BLE001 - a malformed LEB128: stop annotating here
            raise _Stop from exc
        self.note(start, f"{text} {value}")
        return value

    def signed(self, bits: int, text: str) -> int:
        start = self.pos
        try:
            value, self.pos = read_signed(self.data, self.pos, bits)
        except Exception as exc:  # noqa: BLE001
            raise _Stop from exc
        self.note(start, f"{text} {value}")
        return value

    def name(self, text: str) -> str:
        length = self.u32(f"{text} length")
        value = self.raw(length, "").decode("utf-8", "replace")
        self.notes[-1] = ByteNote(self.notes[-1].offset, length, f'{text} "{value}"', self.depth)
        return value

    def valtype(self, text: str) -> None:
        code = self.data[self.pos] if self.pos < len(self.data) else -1
        if code == 0x63 or code == 0x64:  # 3.0: (ref null? heaptype)
            self.byte(f"{text} (ref{' null' if code == 0x63 else ''}")
            self.heaptype("heap type")
            return
        t = ValType.from_code(code)
        heap = HEAP_BY_CODE.get(code)
        name = t.value if t else str(ref_type(True, heap)) if heap else _PACKED.get(code, hex(code))
        self.byte(f"{text} {name}")

    def heaptype(self, text: str) -> None:
        """An s33: an abstract heap type's byte, or a type index (3.0)."""
        code = self.data[self.pos] if self.pos < len(self.data) else -1
        heap = HEAP_BY_CODE.get(code)
        if heap is not None:
            self.byte(f"{text} {heap}")
        else:
            self.signed(33, f"{text}: type index")

    def comptype(self, i: int) -> None:
        """One type of the type section (3.0: `rec` groups, `sub` types, structs and arrays)."""
        form = self.byte(f"type[{i}]: form 0x{{value:02x}}")
        if form in (0x4E, 0x50, 0x4F):
            word = {0x4E: "rec group", 0x50: "sub", 0x4F: "sub final"}[form]
            self.notes[-1] = self.notes[-1]._replace(text=f"type[{i}]: {word}")
            n = self.u32("types" if form == 0x4E else "supertypes")
            for k in range(n):
                self.comptype(k) if form == 0x4E else self.u32("supertype index")
            if form != 0x4E:
                self.comptype(i)
            return
        self.depth += 1
        if form == 0x60:
            for what in ("param", "result"):
                for _ in range(self.u32(f"{what} count")):
                    self.valtype(what)
        else:
            fields = self.u32("field count") if form == 0x5F else 1
            for _ in range(fields):
                self.valtype("field")
                self.byte("mutable {value}")
        self.depth -= 1

    def limits(self) -> None:
        flag = self.byte("limits: flags {value}")
        self.u32("limits: min")
        if flag & 1:
            self.u32("limits: max")

    def expr(self, text: str) -> None:
        """A constant expression up to its `end`."""
        while True:
            op = self.instr(text)
            if op == "end":
                return

    def instr(self, prefix: str = "") -> str:
        start = self.pos
        code = self.data[self.pos] if self.pos < len(self.data) else -1
        if code in (PREFIX_GC, PREFIX_MISC, PREFIX_SIMD):
            self.pos += 1
            sub, self.pos = read_unsigned(self.data, self.pos, 32)
            info = BY_PREFIXED.get((code, sub))
        else:
            self.pos += 1
            info = BY_CODE.get(code)
        if info is None:
            self.note(start, f"unknown opcode 0x{code:02x}")
            raise _Stop
        self.note(start, f"{prefix}{info.name}")
        self.depth += 1
        try:
            self.immediates(info.imm)
        finally:
            self.depth -= 1
        return info.name

    def immediates(self, kind: str) -> None:  # noqa: C901 - one branch per immediate kind, as the table lists them
        if kind == "none":
            return
        fields = _FIELDS.get(kind)
        if fields is not None:
            for read, text in fields:
                getattr(self, read)(text)
        elif kind == "blocktype" or kind == "try_table":
            code = self.data[self.pos]
            if code == 0x40:
                self.byte("block type: empty")
            elif ValType.from_code(code) is not None or code in HEAP_BY_CODE or code in (0x63, 0x64):
                self.valtype("block type:")
            else:
                self.signed(33, "block type: type index")
            if kind == "try_table":
                for _ in range(self.u32("catch count")):
                    clause = self.byte("catch kind {value}")
                    self.notes[-1] = self.notes[-1]._replace(text=CATCH_NAMES[clause])
                    if clause < 2:
                        self.u32("tag index")
                    self.u32("label")
        elif kind == "br_table":
            n = self.u32("label count")
            for _ in range(n):
                self.u32("label")
            self.u32("default label")
        elif kind in ("memarg", "memarg_lane"):
            align = self.u32("alignment: log2")
            memory = align & 0x40  # 3.0: bit 6 says a memory index follows
            align &= ~0x40
            self.notes[-1] = ByteNote(self.notes[-1].offset, self.notes[-1].length, f"alignment 2^{align} = {1 << align}", self.depth)
            if memory:
                self.u32("memory index")
            self.u32("offset")
            if kind == "memarg_lane":
                self.byte("lane {value}")
        elif kind in ("i32", "i64"):
            self.signed(32 if kind == "i32" else 64, f"{kind} literal")
        elif kind in ("f32", "f64"):
            n = 4 if kind == "f32" else 8
            bits = int.from_bytes(self.data[self.pos : self.pos + n], "little")
            self.raw(n, f"{kind} literal, bits 0x{bits:0{2 * n}x}")
        elif kind == "v128":
            self.raw(16, "v128 literal")
        elif kind == "shuffle":
            self.raw(16, "shuffle lane indices")
        elif kind == "select_t":
            n = self.u32("type count")
            for _ in range(n):
                self.valtype("type")
        else:
            raise _Stop


def annotate(data: bytes) -> list[ByteNote]:
    """Rows covering every byte of `data` (a well-formed binary; decode it first to know)."""
    notes: list[ByteNote] = []
    r = _Reader(bytes(data), notes)
    try:
        r.raw(4, "WASM_BINARY_MAGIC")
        r.raw(4, "WASM_BINARY_VERSION")
    except _Stop:
        return [ByteNote(0, len(data), "not a WebAssembly binary")]
    while r.pos < len(r.data):
        start = r.pos
        sid = r.data[start]
        title = SECTION_NAMES[sid] if sid < len(SECTION_NAMES) else f"unknown {sid}"
        r.depth = 0
        r.byte(f'section "{title}" ({sid})')
        try:
            size = r.u32("section size")
        except _Stop:
            break
        end = min(r.pos + size, len(r.data))
        r.depth = 1
        try:
            _section(r, sid, end)
        except (_Stop, IndexError, ValueError):
            pass
        if r.pos < end:
            notes.append(ByteNote(r.pos, end - r.pos, "contents", 1))
        r.pos = end
    return notes


def _section(r: _Reader, sid: int, end: int) -> None:  # noqa: C901 - one branch per section, in spec order
    if sid == 0:
        r.name("custom section name")
        if r.pos < end:
            r.raw(end - r.pos, "custom section contents")
        return
    if sid == 8:
        r.u32("start function")
        return
    if sid == 12:
        r.u32("data count")
        return
    count = r.u32("count")
    for i in range(count):
        r.depth = 1
        if sid == 1:
            r.comptype(i)
        elif sid == 2:
            r.name(f"import[{i}] module")
            r.depth = 2
            r.name("field")
            kind = r.byte("import kind {value}")
            r.notes[-1] = ByteNote(r.notes[-1].offset, 1, f"import kind: {_KINDS.get(kind, kind)}", r.depth)
            _extern_desc(r, kind)
        elif sid == 3:
            r.u32(f"func[{i}] type index")
        elif sid == 4:
            with_init = r.pos < len(r.data) and r.data[r.pos] == 0x40  # 3.0: a table with an initial value
            if with_init:
                r.byte(f"table[{i}]: with an initial value")
                r.byte("reserved {value}")
            r.valtype(f"table[{i}] element type")
            r.depth = 2
            r.limits()
            if with_init:
                r.expr("initial value")
        elif sid == 5:
            r.notes.append(ByteNote(r.pos, 0, f"memory[{i}]", 1))
            r.depth = 2
            r.limits()
        elif sid == 6:
            r.valtype(f"global[{i}] type")
            r.depth = 2
            r.byte("mutable {value}")
            r.expr("init: ")
        elif sid == 7:
            r.name(f"export[{i}] name")
            r.depth = 2
            kind = r.byte("export kind {value}")
            r.notes[-1] = ByteNote(r.notes[-1].offset, 1, f"export kind: {_KINDS.get(kind, kind)}", r.depth)
            r.u32(f"{_KINDS.get(kind, '')} index")
        elif sid == 9:
            _elem(r, i)
        elif sid == 10:
            _code(r, i)
        elif sid == 11:
            _data(r, i)
        elif sid == 13:
            r.byte(f"tag[{i}] attribute {{value}}")
            r.depth = 2
            r.u32("type index")
        else:
            raise _Stop


def _extern_desc(r: _Reader, kind: int) -> None:
    if kind == 0:
        r.u32("type index")
    elif kind == 1:
        r.valtype("element type")
        r.limits()
    elif kind == 2:
        r.limits()
    elif kind == 3:
        r.valtype("type")
        r.byte("mutable {value}")
    elif kind == 4:
        r.byte("tag attribute {value}")
        r.u32("type index")
    else:
        raise _Stop


def _elem(r: _Reader, i: int) -> None:
    flags = r.u32(f"elem[{i}] flags")
    r.depth = 2
    if flags & 1 == 0:  # active
        if flags & 2:
            r.u32("table index")
        r.expr("offset: ")
    if flags & 3:  # an element kind or a reference type follows
        if flags & 4:
            r.valtype("reference type")
        else:
            r.byte("element kind {value}")
    n = r.u32("element count")
    for _ in range(n):
        if flags & 4:
            r.expr("element: ")
        else:
            r.u32("function index")


def _code(r: _Reader, i: int) -> None:
    size = r.u32(f"func body[{i}] size")
    body_end = r.pos + size
    r.depth = 2
    groups = r.u32("local declaration count")
    for _ in range(groups):
        n = r.u32("local count")
        r.notes[-1] = ByteNote(r.notes[-1].offset, r.notes[-1].length, f"{n} locals of type", r.depth)
        r.valtype("local type")
    while r.pos < body_end:
        r.instr()
    r.pos = body_end


def _data(r: _Reader, i: int) -> None:
    flags = r.u32(f"data[{i}] flags")
    r.depth = 2
    if flags == 2:
        r.u32("memory index")
    if flags in (0, 2):
        r.expr("offset: ")
    n = r.u32("data size")
    payload = r.data[r.pos : r.pos + n]
    shown = payload[:32].decode("ascii", "replace").encode("unicode_escape").decode("ascii")
    r.raw(n, f'data "{shown}"' + ("…" if n > 32 else ""))


def format_notes(data: bytes, notes: list[ByteNote], *, max_bytes: int = 16) -> str:
    """The rows as `wat2wasm -v` lays them out: offset, bytes, `; explanation`."""
    lines = []
    for note in notes:
        chunk = data[note.offset : note.offset + min(note.length, max_bytes)]
        pairs = " ".join(chunk[j : j + 2].hex() for j in range(0, len(chunk), 2))
        more = "…" if note.length > max_bytes else ""
        lines.append(f"{note.offset:07x}: {pairs + more:<42} ; {'  ' * note.depth}{note.text}")
    return "\n".join(lines) + ("\n" if lines else "")
