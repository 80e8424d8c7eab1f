"""The `name` custom section (spec 7.4, appendix "Name Section"), plus the extended-name subsections.

Subsections: 0 module name, 1 function names, 2 local names, and from the
extended-name-section proposal (written by WABT too) 3 labels, 4 types,
5 tables, 6 memories, 7 globals, 8 element segments, 9 data segments,
10 struct field names (an indirect map: typeidx -> fieldidx -> name, as
WebAssembly 3.0's appendix has it) and 11 tags.

The name section is only custom data (spec 7.4: "errors ... do not cause
the module to be rejected"), so `decode_names` never raises: a subsection it
cannot read is skipped, the names read so far are kept, and why it was
skipped becomes one line of `Names.problems` (objdump and the GUI can show it).
"""

from __future__ import annotations

from playground.wasm.binary.leb128 import encode_unsigned, read_unsigned
from playground.wasm.errors import MalformedError
from playground.wasm.model import Names

MODULE, FUNCS, LOCALS, LABELS, TYPES, TABLES, MEMORIES, GLOBALS, ELEMS, DATAS, FIELDS, TAGS = range(12)

# Subsections that hold one plain name map, and the `Names` field each fills.
_MAP_FIELDS = {FUNCS: "funcs", TYPES: "types", TABLES: "tables", MEMORIES: "memories",
               GLOBALS: "globals", ELEMS: "elems", DATAS: "datas", TAGS: "tags"}
_INDIRECT_FIELDS = {LOCALS: "locals", LABELS: "labels", FIELDS: "fields"}
# What each subsection names, for the problem lines.
_TITLES = {MODULE: "module name", FUNCS: "function names", LOCALS: "local names", LABELS: "label names",
           TYPES: "type names", TABLES: "table names", MEMORIES: "memory names", GLOBALS: "global names",
           ELEMS: "element segment names", DATAS: "data segment names", FIELDS: "field names", TAGS: "tag names"}


class _Reader:
    """A bounded reader for one subsection; any overrun is a MalformedError."""

    def __init__(self, data: bytes, pos: int = 0, end: int | None = None) -> None:
        self.data = data
        self.pos = pos
        self.end = len(data) if end is None else end

    def u32(self) -> int:
        value, pos = read_unsigned(self.data, self.pos, 32)
        if pos > self.end:
            raise MalformedError("unexpected end", offset=self.end)
        self.pos = pos
        return value

    def name(self) -> str:
        n = self.u32()
        if self.pos + n > self.end:
            raise MalformedError("length out of bounds", offset=self.pos)
        raw = self.data[self.pos : self.pos + n]
        self.pos += n
        try:
            return raw.decode("utf-8")
        except UnicodeDecodeError:
            raise MalformedError("malformed UTF-8 encoding", offset=self.pos - n) from None

    def name_map(self) -> dict[int, str]:
        return {self.u32(): self.name() for _ in range(self.u32())}

    def indirect_name_map(self) -> dict[int, dict[int, str]]:
        return {self.u32(): self.name_map() for _ in range(self.u32())}


def decode_names(payload: bytes) -> Names:
    """The names in a `name` section's payload (after the section name); never raises."""
    names = Names()
    pos = 0
    while pos < len(payload):
        sub_id = payload[pos]
        title = f"subsection {sub_id} ({_TITLES.get(sub_id, 'unknown')})"
        try:
            size, start = read_unsigned(payload, pos + 1, 32)
        except MalformedError as e:
            names.problems.append(f"name section: {title} at payload offset {pos}: unreadable size ({e}); the rest is skipped")
            break
        end = start + size
        if end > len(payload):
            names.problems.append(f"name section: {title} at payload offset {pos}: its size {size} runs past the section "
                                  f"({len(payload) - start} bytes left); the rest is skipped")
            break
        pos = end
        reader = _Reader(payload, start, end)
        try:
            if sub_id == MODULE:
                value = reader.name()
            elif sub_id in _MAP_FIELDS:
                value = reader.name_map()
            elif sub_id in _INDIRECT_FIELDS:
                value = reader.indirect_name_map()
            else:
                continue  # unknown subsections are skipped silently, as the spec allows new ones
            if reader.pos != end:
                raise MalformedError(f"{end - reader.pos} bytes left over after its names", offset=reader.pos)
        except (MalformedError, IndexError) as e:
            offset = getattr(e, "offset", None)
            where = f" (payload offset {offset})" if offset is not None else ""
            reason = e.args[0] if isinstance(e, MalformedError) and e.args else "unexpected end"
            names.problems.append(f"name section: {title}: {reason}{where}; skipped")
            continue
        if sub_id == MODULE:
            names.module = value
        elif sub_id in _MAP_FIELDS:
            getattr(names, _MAP_FIELDS[sub_id]).update(value)
        else:
            getattr(names, _INDIRECT_FIELDS[sub_id]).update(value)
    return names


def _name(text: str) -> bytes:
    raw = text.encode("utf-8")
    return encode_unsigned(len(raw)) + raw


def _name_map(mapping: dict[int, str]) -> bytes:
    out = bytearray(encode_unsigned(len(mapping)))
    for index in sorted(mapping):
        out += encode_unsigned(index) + _name(mapping[index])
    return bytes(out)


def _subsection(sub_id: int, content: bytes) -> bytes:
    return bytes((sub_id,)) + encode_unsigned(len(content)) + content


def encode_names(names: Names, num_funcs: int) -> bytes:
    """A `name` section's payload (without the section name), laid out as WABT's `--debug-names` does.

    Like WABT, the local-names subsection lists every function of the index
    space (`num_funcs` of them), even those without named locals. Label names
    are not written (WABT does not write them either).
    """
    out = bytearray()
    if names.module is not None:
        out += _subsection(MODULE, _name(names.module))
    if names.funcs:
        out += _subsection(FUNCS, _name_map(names.funcs))
    funcs = sorted(set(range(num_funcs)) | set(names.locals))
    locals_ = bytearray(encode_unsigned(len(funcs)))
    for funcidx in funcs:
        locals_ += encode_unsigned(funcidx) + _name_map(names.locals.get(funcidx, {}))
    out += _subsection(LOCALS, bytes(locals_))
    for sub_id in (TYPES, TABLES, MEMORIES, GLOBALS, ELEMS, DATAS):
        mapping = getattr(names, _MAP_FIELDS[sub_id])
        if mapping:
            out += _subsection(sub_id, _name_map(mapping))
    fields = {typeidx: named for typeidx, named in names.fields.items() if named}
    if fields:
        indirect = bytearray(encode_unsigned(len(fields)))
        for typeidx in sorted(fields):
            indirect += encode_unsigned(typeidx) + _name_map(fields[typeidx])
        out += _subsection(FIELDS, bytes(indirect))
    if names.tags:
        out += _subsection(TAGS, _name_map(names.tags))
    return bytes(out)
