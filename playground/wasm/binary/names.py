"""The `name` custom section (spec 7.4, appendix "Name Section"), plus the extended-name subsections.

Subsections: 0 module name, 1 function names, 2 local names, and from the
extended-name-section proposal (written by WABT too) 3 labels, 4 types,
5 tables, 6 memories, 7 globals, 8 element segments, 9 data segments.

The name section is only custom data (spec 7.4: "errors ... do not cause
the module to be rejected"), so `decode_names` never raises: a subsection it
cannot read is skipped, and the names read so far are kept.
"""

from __future__ import annotations

from playground.wasm.binary.leb128 import encode_unsigned, read_unsigned
from playground.wasm.errors import MalformedError
from playground.wasm.model import Names

MODULE, FUNCS, LOCALS, LABELS, TYPES, TABLES, MEMORIES, GLOBALS, ELEMS, DATAS = range(10)

# Subsections that hold one plain name map, and the `Names` field each fills.
_MAP_FIELDS = {FUNCS: "funcs", TYPES: "types", TABLES: "tables", MEMORIES: "memories",
               GLOBALS: "globals", ELEMS: "elems", DATAS: "datas"}
_INDIRECT_FIELDS = {LOCALS: "locals", LABELS: "labels"}


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
        try:
            size, start = read_unsigned(payload, pos + 1, 32)
        except MalformedError:
            break
        end = start + size
        if end > len(payload):
            break
        pos = end
        reader = _Reader(payload, start, end)
        try:
            if sub_id == MODULE:
                value = reader.name()
                if reader.pos == end:
                    names.module = value
            elif sub_id in _MAP_FIELDS:
                value = reader.name_map()
                if reader.pos == end:
                    getattr(names, _MAP_FIELDS[sub_id]).update(value)
            elif sub_id in _INDIRECT_FIELDS:
                value = reader.indirect_name_map()
                if reader.pos == end:
                    getattr(names, _INDIRECT_FIELDS[sub_id]).update(value)
            # Unknown subsections (fields, tags, ...) are skipped.
        except (MalformedError, IndexError):
            continue
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
    return bytes(out)
