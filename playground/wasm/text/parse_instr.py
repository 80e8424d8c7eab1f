"""Instructions of the text format (spec 6.5): plain and folded forms, to flat `Instr` lists.

Folded instructions `(op imm* operand*)` unfold to their operands followed by
the operator (spec 6.5.7); `(if c* (then ...) (else ...))` unfolds to
`c* if ... else ... end`. As in the binary format, an `if` whose else-arm is
empty gets no `else` instruction (spec 5.4.1; WABT does the same).

Labels (`block $l`, `br $l`) resolve to relative depths; `end $l` and
`else $l` must repeat the label ("mismatching label").
"""

from __future__ import annotations

import sys
from contextlib import contextmanager

from playground.wasm.instructions import BY_NAME, BY_PREFIXED, SELECT_TYPED, OpInfo, op
from playground.wasm.instructions import CATCH_NAMES, Catch
from playground.wasm.model import Instr
from playground.wasm.text.cursor import Cursor, did_you_mean
from playground.wasm.text.floats import F32, F64, LiteralError, parse_float
from playground.wasm.text.lexer import ID, KEYWORD, LPAR, NUM, RPAR
from playground.wasm.text.literals import parse_int, parse_uint
from playground.wasm.types import FuncType, is_nullable

_END = op("end")
_ELSE = op("else")
_IF = op("if")
_SELECT = op("select")
_TRY_TABLE = op("try_table")
_BLOCK_IMMEDIATES = ("blocktype", "try_table")

# Keywords that start a clause, never an instruction: "unexpected token", not "unknown operator".
_CLAUSES = frozenset(
    "param result local type export import func table memory global elem data start module item offset "
    "declare then else end mut catch catch_ref catch_all catch_all_ref tag".split()
)

# v128.const shapes: lane count, lane width, float format (None for integers).
SHAPES = {
    "i8x16": (16, 8, None),
    "i16x8": (8, 16, None),
    "i32x4": (4, 32, None),
    "i64x2": (2, 64, None),
    "f32x4": (4, 32, F32),
    "f64x2": (2, 64, F64),
}

# Instructions that need the data count section (spec 5.5.13); WABT writes it only for them.
_NEEDS_DATACOUNT = frozenset(("memory.init", "data.drop", "array.new_data", "array.init_data"))

# Blocks and folded instructions parse recursively, a few Python frames per level.
# Compilers nest deeply (a C switch becomes one block per case), so the parser
# makes room for MAX_NESTING levels and reports anything deeper as a ParseError,
# never a RecursionError.
MAX_NESTING = 10_000
_FRAMES_PER_LEVEL = 4


@contextmanager
def nesting_room():
    """Raise Python's recursion limit for the block, enough for MAX_NESTING levels.

    Since Python 3.11 calls between Python functions use no C stack, so the
    higher limit costs only heap memory for the frames actually used.
    """
    old = sys.getrecursionlimit()
    sys.setrecursionlimit(old + _FRAMES_PER_LEVEL * MAX_NESTING)
    try:
        yield
    finally:
        sys.setrecursionlimit(old)


class InstrParser(Cursor):
    """Parses instruction sequences within a function (locals, labels) or a constant expression."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.local_ids: dict[str, int] = {}
        self.labels: list[str | None] = []
        self.uses_datacount = False
        self.depth = 0  # open blocks and folded instructions, against MAX_NESTING

    # --- sequences ---------------------------------------------------------------------

    def instrs(self, out: list[Instr]) -> None:
        """Parse instructions until `)`, `end` or `else`, appending them to `out`."""
        kinds, texts = self.kinds, self.texts
        while True:
            kind = kinds[self.pos]
            if kind == KEYWORD:
                text = texts[self.pos]
                if text == "end" or text == "else":
                    return
                self.plain(out)
            elif kind == LPAR:
                self.folded(out)
            elif kind == RPAR:
                return
            else:
                self.unexpected()

    def expr(self) -> list[Instr]:
        """An expression up to the closing `)`, with its final `end` (spec 6.5.8)."""
        out: list[Instr] = []
        self.instrs(out)
        if self.kind() != RPAR:
            self.unexpected()
        out.append(Instr(_END, (), self.ts.span(self.pos)))
        return out

    def lookup_op(self) -> OpInfo:
        text = self.texts[self.pos]
        found = BY_NAME.get(text)
        if found is None:
            if text in _CLAUSES:
                self.unexpected()
            self.fail(f"unknown operator {text}{did_you_mean(text, BY_NAME)}")
        return found

    # --- plain instructions -------------------------------------------------------------

    def plain(self, out: list[Instr]) -> None:
        start = self.pos
        opinfo = self.lookup_op()
        self.pos += 1
        if opinfo.imm in _BLOCK_IMMEDIATES:
            self.block_plain(opinfo, out, start)
            return
        instr = self.operator(opinfo, start)
        out.append(instr)

    def operator(self, opinfo: OpInfo, start: int) -> Instr:
        """The immediates of a non-structured instruction (pos is just past its name)."""
        imm_kind = opinfo.imm
        if imm_kind == "none":
            if opinfo is _SELECT and self.at_field("result"):
                opinfo, imm = SELECT_TYPED, (tuple(self.results()),)
            else:
                imm = ()
        else:
            imm = _IMMEDIATES[imm_kind](self, opinfo)
            if opinfo.name in _NEEDS_DATACOUNT:
                self.uses_datacount = True
            if imm_kind == "reftype_cast" and is_nullable(imm[0]):  # ref.test/ref.cast null: the next opcode
                opinfo = BY_PREFIXED[(opinfo.code, opinfo.sub + 1)]
        return Instr(opinfo, imm, self.ts.span(start, self.pos - 1))

    def nest(self, at: int) -> None:
        """Enter one level of nesting (a block or a folded instruction starting at token `at`)."""
        self.depth += 1
        if self.depth > MAX_NESTING:
            self.fail(f"nesting too deep: more than {MAX_NESTING} levels", at)

    def block_plain(self, opinfo: OpInfo, out: list[Instr], start: int) -> None:
        self.nest(start)
        label = self.opt_id()
        imm = self.block_immediates(opinfo)
        out.append(Instr(opinfo, imm, self.ts.span(start, self.pos - 1), label=label))
        self.labels.append(label)
        self.instrs(out)
        if opinfo is _IF and self.kind() == KEYWORD and self.texts[self.pos] == "else":
            else_at = self.pos
            self.pos += 1
            self.end_label(label)
            mark = len(out)
            out.append(Instr(_ELSE, (), self.ts.span(else_at, self.pos - 1)))
            self.instrs(out)
            if len(out) == mark + 1:
                del out[mark]  # an empty else-arm is not encoded
        if self.kind() != KEYWORD or self.texts[self.pos] != "end":
            self.unexpected()
        end_at = self.pos
        self.pos += 1
        self.end_label(label)
        self.labels.pop()
        out.append(Instr(_END, (), self.ts.span(end_at, self.pos - 1)))
        self.depth -= 1

    def end_label(self, label: str | None) -> None:
        """An optional `$l` after `end`/`else` must repeat the block's label (spec 6.5.2)."""
        if self.kind() == ID:
            if self.texts[self.pos] != label:
                self.fail("mismatching label")
            self.pos += 1

    def block_immediates(self, opinfo: OpInfo) -> tuple:
        """`(blocktype,)`, or for try_table (3.0) `(blocktype, catches)`: its clauses follow the type."""
        blocktype = self.blocktype()
        if opinfo is not _TRY_TABLE:
            return (blocktype,)
        catches = []
        kinds, texts = self.kinds, self.texts
        while kinds[self.pos] == LPAR and kinds[self.pos + 1] == KEYWORD and texts[self.pos + 1] in CATCH_NAMES:
            kind = CATCH_NAMES.index(texts[self.pos + 1])
            self.pos += 2
            tag = self.index("tag") if kind < 2 else None
            catches.append(Catch(kind, tag, self.label_index()))  # labels from outside the try_table
            self.expect_rpar()
        return blocktype, tuple(catches)

    def blocktype(self):
        """A block type (spec 6.5.2): None, a ValType, or a type index."""
        if not (self.at_field("type") or self.at_field("param") or self.at_field("result")):
            return None
        at = self.pos
        explicit = None
        if self.at_field("type"):
            self.pos += 2
            explicit = self.index("type")
            self.expect_rpar()
        inline_at = self.pos
        params, _ = self.params(allow_names=False)
        results = self.results()
        if self.at_field("param"):
            self.unexpected(self.pos + 1)  # parameters come before results
        functype = FuncType(tuple(params), tuple(results))
        if explicit is None:
            if not params and len(results) <= 1:
                return results[0] if results else None
            return self.type_for(functype)
        types = self.module.types
        if explicit < len(types):
            declared = types[explicit]
            if self.pos != inline_at and declared != functype:
                self.fail("inline function type", at)
            # WABT writes the short form whenever the type allows it
            if not declared.params and len(declared.results) <= 1:
                return declared.results[0] if declared.results else None
        return explicit

    # --- folded instructions (spec 6.5.7) -----------------------------------------------

    def folded(self, out: list[Instr]) -> None:
        self.nest(self.pos)
        self.pos += 1  # (
        if self.kind() != KEYWORD:
            self.unexpected()
        start = self.pos
        opinfo = self.lookup_op()
        self.pos += 1
        if opinfo.imm in _BLOCK_IMMEDIATES:
            label = self.opt_id()
            head = Instr(opinfo, self.block_immediates(opinfo), self.ts.span(start, self.pos - 1), label=label)
            if opinfo is _IF:
                self.folded_if(head, label, out)
            else:
                out.append(head)
                self.labels.append(label)
                self.instrs(out)
                self.labels.pop()
                out.append(Instr(_END, (), self.ts.span(self.pos)))
        else:
            instr = self.operator(opinfo, start)
            while self.kinds[self.pos] == LPAR:
                self.folded(out)
            out.append(instr)
        self.expect_rpar()
        self.depth -= 1

    def folded_if(self, head: Instr, label: str | None, out: list[Instr]) -> None:
        while self.kind() == LPAR and not self.at_field("then"):
            self.folded(out)
        out.append(head)
        self.labels.append(label)
        if not self.at_field("then"):
            self.unexpected()
        self.pos += 2
        self.instrs(out)
        self.expect_rpar()
        if self.at_field("else"):
            else_at = self.pos + 1
            self.pos += 2
            mark = len(out)
            out.append(Instr(_ELSE, (), self.ts.span(else_at)))
            self.instrs(out)
            self.expect_rpar()
            if len(out) == mark + 1:
                del out[mark]
        self.labels.pop()
        out.append(Instr(_END, (), self.ts.span(self.pos)))

    # --- immediates ------------------------------------------------------------------------

    def label_index(self) -> int:
        kind = self.kind()
        if kind == NUM:
            return self.u32()
        if kind == ID:
            name = self.texts[self.pos]
            labels = self.labels
            for depth in range(len(labels)):
                if labels[-1 - depth] == name:
                    self.pos += 1
                    return depth
            self.fail(f"unknown label {name}")
        self.unexpected()

    def local_index(self) -> int:
        kind = self.kind()
        if kind == NUM:
            return self.u32()
        if kind == ID:
            found = self.local_ids.get(self.texts[self.pos])
            if found is None:
                self.fail(f"unknown local {self.texts[self.pos]}")
            self.pos += 1
            return found
        self.unexpected()

    def imm_int(self, bits: int) -> int:
        if self.kind() != NUM:
            self.unexpected()
        try:
            value = parse_int(self.texts[self.pos], bits)
        except LiteralError as exc:
            self.fail(str(exc))
        self.pos += 1
        return value

    def imm_float(self, fmt) -> int:
        if self.kind() not in (NUM, KEYWORD):
            self.unexpected()
        try:
            value = parse_float(self.texts[self.pos], fmt)
        except LiteralError as exc:
            text = self.texts[self.pos]
            if self.kind() == KEYWORD and (text in ("nan:canonical", "nan:arithmetic") or not text.startswith(("nan", "inf"))):
                self.unexpected()  # a keyword, not a malformed number: `f32.const nan:canonical`
            self.fail(str(exc))
        self.pos += 1
        return value

    def lane_index(self) -> int:
        if self.kind() != NUM:
            self.unexpected()
        text = self.texts[self.pos]
        if not (text.isascii() and (text.isdigit() or text.startswith("0x"))):
            self.unexpected()
        try:
            value = parse_uint(text, 8, "malformed lane index")
        except LiteralError as exc:
            self.fail(str(exc) if str(exc) != "unknown operator" else "malformed lane index")
        self.pos += 1
        return value

    def memarg(self, opinfo: OpInfo) -> tuple[int, int]:
        """`offset=N? align=N?` (spec 6.5.5): (align exponent, offset)."""
        offset, align = 0, opinfo.align
        texts = self.texts
        if self.kind() == KEYWORD and texts[self.pos].startswith("offset="):  # a u64 with memory64 (3.0)
            offset = self._memarg_number(texts[self.pos][7:], 64 if self.memory64 else 32)
        if self.kind() == KEYWORD and texts[self.pos].startswith("align="):
            value = self._memarg_number(texts[self.pos][6:], 64 if self.memory64 else 32)
            if value == 0 or value & (value - 1):
                self.fail("alignment must be a power of two", self.pos - 1)
            align = value.bit_length() - 1
        return align, offset

    def _memarg_number(self, text: str, bits: int = 32) -> int:
        try:
            value = parse_uint(text, bits, f"i{bits} constant out of range")
        except LiteralError as exc:
            message = str(exc)
            if message in ("unexpected token", "unknown operator"):
                # the reference lexer reads `offset=-1` as one unknown keyword
                message = f"unknown operator {self.texts[self.pos]}: expected an unsigned integer after '='"
            self.fail(message)
        self.pos += 1
        return value

    def v128_const(self) -> int:
        """`v128.const shape lane*` (spec 6.5.6): a 128-bit value, lane 0 in the low bits."""
        if self.kind() != KEYWORD or self.texts[self.pos] not in SHAPES:
            self.unexpected()
        count, width, fmt = SHAPES[self.texts[self.pos]]
        self.pos += 1
        mask = (1 << width) - 1
        value = 0
        kinds, texts = self.kinds, self.texts
        given = 0  # count the literals first, as the reference parser does
        while kinds[self.pos + given] == NUM or (
            fmt is not None and kinds[self.pos + given] == KEYWORD and texts[self.pos + given].startswith(("inf", "nan"))
        ):
            given += 1
        if given != count:
            if kinds[self.pos + given] == "reserved":
                self.unexpected(self.pos + given)
            self.fail("wrong number of lane literals")
        for lane in range(count):
            lane_value = self.imm_float(fmt) if fmt is not None else self.imm_int(width)
            value |= (lane_value & mask) << (lane * width)
        return value

    def shuffle(self) -> tuple[int, ...]:
        lanes = []
        for _ in range(16):
            if self.kind() != NUM:
                if self.kind() == KEYWORD and self.texts[self.pos] in ("inf", "nan") or self.kind() == KEYWORD and self.texts[self.pos].startswith("nan:"):
                    self.fail("malformed lane index")
                self.fail("invalid lane length")
            text = self.texts[self.pos]
            if not (text.isascii() and (text.isdigit() or text.startswith("0x"))):
                self.fail("malformed lane index")
            lanes.append(self.lane_index())
        if self.kind() == NUM:
            self.fail("invalid lane length")
        return tuple(lanes)

    def opt_table(self) -> int:
        return self.index("table") if self.at_index() else 0


def _table_init(p: InstrParser, _op: OpInfo) -> tuple[int, int]:
    """`table.init x? y`: with one index it is the element segment (spec 6.5.4)."""
    if p.at_index() and p.kind(1) in (NUM, ID):
        table = p.index("table")
        return p.index("elem"), table
    return p.index("elem"), 0


def _table_copy(p: InstrParser, _op: OpInfo) -> tuple[int, int]:
    if p.at_index():
        return p.index("table"), p.index("table")
    return 0, 0


def _call_indirect(p: InstrParser, _op: OpInfo) -> tuple[int, int]:
    table = p.index("table") if p.at_index() else 0
    typeidx, _ = p.typeuse(allow_names=False)
    return typeidx, table


def _br_table(p: InstrParser, _op: OpInfo) -> tuple:
    labels = [p.label_index()]
    while p.at_index():
        labels.append(p.label_index())
    return tuple(labels[:-1]), labels[-1]


def _type_field(p: InstrParser, _op: OpInfo) -> tuple[int, int]:
    """`struct.get $t $f`: a type, then a field by number or by its name in that type (GC)."""
    typeidx = p.index("type")
    if p.kind() == ID:
        found = p.field_ids.get(typeidx, {}).get(p.texts[p.pos])
        if found is None:
            p.fail(f"unknown field {p.texts[p.pos]}")
        p.pos += 1
        return typeidx, found
    return typeidx, p.u32()


def _memarg_lane(p: InstrParser, opinfo: OpInfo) -> tuple:
    """`v128.load8_lane memidx? memarg lane`: with two numbers the first is the memory (3.0)."""
    memidx = 0
    if p.kind() == ID or (p.kind() == NUM and (p.kind(1) == NUM or _at_memarg_field(p, 1))):
        memidx = p.index("memory")
    align, offset = p.memarg(opinfo)
    lane = p.lane_index()
    return (align, offset, lane, memidx) if memidx else (align, offset, lane)


def _at_memarg_field(p: InstrParser, ahead: int) -> bool:
    return p.kind(ahead) == KEYWORD and p.texts[p.pos + ahead].startswith(("offset=", "align="))


def _memarg(p: InstrParser, opinfo: OpInfo) -> tuple:
    """`memidx? memarg` (3.0: a memory index first); the index comes last in the tuple, only when not 0."""
    memidx = p.index("memory") if p.at_index() else 0
    align, offset = p.memarg(opinfo)
    return (align, offset, memidx) if memidx else (align, offset)


def _memories(p: InstrParser, count: int) -> tuple:
    """memory.size/grow/fill `memidx?`, memory.copy `(memidx memidx)?`: () for memory 0 (3.0)."""
    if not p.at_index():
        return ()
    indices = tuple(p.index("memory") for _ in range(count))
    return indices if any(indices) else ()


def _memory_init(p: InstrParser, _op: OpInfo) -> tuple:
    """`memory.init memidx? dataidx`: with two indices the first is the memory (3.0)."""
    if p.at_index() and p.kind(1) in (NUM, ID):
        memidx = p.index("memory")
        dataidx = p.index("data")
        return (dataidx, memidx) if memidx else (dataidx,)
    return (p.index("data"),)


_IMMEDIATES = {
    "label": lambda p, o: (p.label_index(),),
    "br_table": _br_table,
    "func": lambda p, o: (p.index("func"),),
    "tag": lambda p, o: (p.index("tag"),),
    "call_indirect": _call_indirect,
    "local": lambda p, o: (p.local_index(),),
    "global": lambda p, o: (p.index("global"),),
    "table": lambda p, o: (p.opt_table(),),
    "elem": lambda p, o: (p.index("elem"),),
    "data": lambda p, o: (p.index("data"),),
    "table_copy": _table_copy,
    "table_init": _table_init,
    "memory_init": _memory_init,
    "mem0": lambda p, o: _memories(p, 1),
    "mem0_mem0": lambda p, o: _memories(p, 2),
    "memarg": _memarg,
    "memarg_lane": _memarg_lane,
    "lane": lambda p, o: (p.lane_index(),),
    "i32": lambda p, o: (p.imm_int(32),),
    "i64": lambda p, o: (p.imm_int(64),),
    "f32": lambda p, o: (p.imm_float(F32),),
    "f64": lambda p, o: (p.imm_float(F64),),
    "v128": lambda p, o: (p.v128_const(),),
    "shuffle": lambda p, o: (p.shuffle(),),
    "reftype": lambda p, o: (p.heaptype(),),
    "type": lambda p, o: (p.index("type"),),
    "type_field": _type_field,
    "type_n": lambda p, o: (p.index("type"), p.u32()),
    "type_data": lambda p, o: (p.index("type"), p.index("data")),
    "type_elem": lambda p, o: (p.index("type"), p.index("elem")),
    "type_type": lambda p, o: (p.index("type"), p.index("type")),
    "reftype_cast": lambda p, o: (p.reftype(),),
    "br_on_cast": lambda p, o: (p.label_index(), p.reftype(), p.reftype()),
}
