"""ONE table of every WebAssembly 2.0 instruction, and the lookups built from it.

Every other part of the engine reads this table: the binary decoder and
encoder (opcodes, immediates), the text parser and printer (names,
immediates), the validator and the steppable engine (stack effects, kinds),
the debugger (which instructions write state, how many operands they take)
and the editor's hover and completion (effects, descriptions).

Columns of `_TABLE`:
  code    the opcode: one byte in hex, or `fc.N` / `fd.N` for a prefix byte
          followed by the sub-opcode N as a LEB128 u32 (spec 5.4)
  name    the text-format name
  imm     the kind of immediates, see `IMMEDIATE_KINDS`
  align   for memory instructions: the natural alignment as a power of two
          (the largest `align=` allowed, spec 3.3.7)
  kind    the specification's instruction category (spec 2.4), see `Kind`
  writes  the state the instruction writes, see `Writes`: `-` nothing;
          `local` the current frame's locals (local.set, local.tee); `global`,
          `memory`, `table`, `data`, `elem` the store's state
  @feat   optional: the WebAssembly 3.0 proposal the instruction comes from
          (`@tail-call`; names in features.py). The validator rejects it when
          that feature is off, and an engine that cannot run it refuses the
          module by reading `OpInfo.feature`.
  effect  the stack effect `params -> results`, in the specification's
          notation; instructions whose effect depends on context (locals,
          labels, calls, ...) use type variables (`t`, `ref` for one value,
          `t*`, `t1*`, `t2*` for a sequence); `*` marks the structured
          `else` and `end`
  doc     one line for people

Stack effects, as `OpInfo` gives them:
  params/results  the value types, or None when any is a type variable
  pops/pushes     how many single operands the effect takes and leaves:
                  every token of the effect except the `*` sequences, so
                  `select` pops 3 and pushes 1, `br_if` pops 1 (its i32)
  arity           what the `*` sequences stand for (`Arity`): FIXED when
                  there are none (pops/pushes are the whole effect); BLOCK
                  for an instruction with a blocktype (its params ->
                  results); CALL for `func`, `call_indirect` and `type`
                  immediates (the callee's params -> results; call_ref);
                  FIELDS for `struct.new` and `array.new_fixed` (the
                  struct's fields, or N elements); LABEL when the same
                  sequence stands on both sides (`br_if`: the label's values
                  stay); STRUCTURED for `else` and `end`; POLYMORPHIC for the
                  rest (`unreachable`, `br`, `br_table`, `return`: control
                  does not fall through, the stack after is polymorphic,
                  spec 3.3.8).

Immediates as they are stored in `Instr.imm` (model.py):
  none           ()
  blocktype      (bt,) with bt None (empty), a ValType, or an int type index
  label          (labelidx,)
  br_table       (tuple of labelidx, default labelidx)
  func           (funcidx,)
  call_indirect  (typeidx, tableidx)
  local/global/table/elem/data
                 (index,)
  table_copy     (dst tableidx, src tableidx)
  table_init     (elemidx, tableidx)        -- the binary's order
  memory_init    (dataidx,)                 -- plus a reserved zero byte
  mem0           ()                         -- one reserved zero byte
  mem0_mem0      ()                         -- two reserved zero bytes
  memarg         (align exponent, offset)
  memarg_lane    (align exponent, offset, lane)
                 3.0, multiple memories: a memory index other than 0 comes last,
                 after these (memory_init: (dataidx, memidx); mem0: (memidx,);
                 mem0_mem0: (dst memidx, src memidx)); memory 0 keeps the 2.0
                 shapes, so 2.0 modules build the same tuples. `memory_index`.
  lane           (lane,)
  i32 / i64      (value,) as a SIGNED Python int
  f32 / f64      (bits,) the raw IEEE 754 bit pattern as an unsigned int,
                 so NaN payloads survive exactly
  v128           (value,) a 128-bit unsigned int, lane 0 in the low bits
  shuffle        (tuple of 16 lane indices,)
  reftype        (ValType or RefType,): the nullable type `ref.null ht` makes
  select_t       (tuple of ValType,)
  tag            (tagidx,)                  -- 3.0: throw
  try_table      (blocktype, tuple of Catch) -- 3.0: the catch clauses in order (`Catch` below)
  type           (typeidx,)                 -- 3.0: call_ref, struct.new, array.get, ...
  type_field     (typeidx, fieldidx)        -- struct.get/set
  type_n         (typeidx, count)           -- array.new_fixed
  type_data      (typeidx, dataidx)         -- array.new_data, array.init_data
  type_elem      (typeidx, elemidx)         -- array.new_elem, array.init_elem
  type_type      (dst typeidx, src typeidx) -- array.copy
  reftype_cast   (RefType,)                 -- ref.test, ref.cast: the opcode says if it is nullable
  br_on_cast     (labelidx, RefType, RefType) -- the operand's type and the target type
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import NamedTuple

from playground.wasm.types import ValType

IMMEDIATE_KINDS = frozenset(
    """none blocktype label br_table func call_indirect local global table elem data
    table_copy table_init memory_init mem0 mem0_mem0 memarg memarg_lane lane tag try_table
    i32 i64 f32 f64 v128 shuffle reftype select_t
    type type_field type_n type_data type_elem type_type reftype_cast br_on_cast""".split()
)

PREFIX_GC = 0xFB
PREFIX_MISC = 0xFC
PREFIX_SIMD = 0xFD

# The immediates of the `t.const` instructions: the value itself.
CONST_IMMEDIATES = frozenset(("i32", "i64", "f32", "f64", "v128"))


class Kind(StrEnum):
    """The instruction categories of the specification (spec 2.4.1 to 2.4.8)."""

    NUMERIC = "numeric"
    REFERENCE = "reference"
    VECTOR = "vector"
    PARAMETRIC = "parametric"
    VARIABLE = "variable"
    TABLE = "table"
    MEMORY = "memory"
    CONTROL = "control"
    AGGREGATE = "aggregate"  # 3.0, GC: structs and arrays (spec 3.0, 2.4.7)


class Writes(StrEnum):
    """What an instruction writes. LOCAL is the current frame; the others are store state (`writes_state`)."""

    NOTHING = "-"
    LOCAL = "local"
    GLOBAL = "global"
    MEMORY = "memory"  # bytes or size of a linear memory
    TABLE = "table"  # elements or size of a table
    DATA = "data"  # drops a data segment
    ELEM = "elem"  # drops an element segment
    HEAP = "heap"  # a field or element of a GC struct or array (3.0)


class Arity(StrEnum):
    """What the `*` sequences of a stack effect stand for; see the module docstring."""

    FIXED = "fixed"
    BLOCK = "block"
    CALL = "call"
    LABEL = "label"
    STRUCTURED = "structured"
    POLYMORPHIC = "polymorphic"
    FIELDS = "fields"  # struct.new, array.new_fixed: the values of the type's fields (or of N elements)


@dataclass(frozen=True, eq=False)
class OpInfo:
    """One instruction of the table. Instances are unique: compare them with `is`."""

    name: str
    code: int  # the first byte
    sub: int | None  # the sub-opcode after a 0xFC/0xFD prefix, else None
    imm: str  # one of IMMEDIATE_KINDS
    align: int | None  # natural alignment exponent of memory instructions
    kind: Kind
    writes: Writes
    operands: tuple[ValType | str, ...]  # the effect's single operands; a type variable ("t", "ref") as a str
    produces: tuple[ValType | str, ...]  # the effect's single results, likewise
    arity: Arity  # what the effect's `*` sequences stand for
    params: tuple[ValType, ...] | None  # `operands` when all are value types and arity is FIXED, else None
    results: tuple[ValType, ...] | None
    effect: str  # for display: "[i32 i32] -> [i32]"
    doc: str
    feature: str | None = None  # the 3.0 proposal it belongs to (features.py), None for 2.0

    @property
    def is_simple(self) -> bool:
        """True when `params` and `results` give the whole stack effect."""
        return self.params is not None

    @property
    def pops(self) -> int:
        """Single operands the effect takes (the `*` sequences of `arity` come on top)."""
        return len(self.operands)

    @property
    def pushes(self) -> int:
        """Single results the effect leaves (the `*` sequences of `arity` come on top)."""
        return len(self.produces)

    @property
    def writes_state(self) -> bool:
        """True when the instruction writes store state: a memory, table, global or segment (not a local)."""
        return self.writes is not Writes.NOTHING and self.writes is not Writes.LOCAL

    @property
    def opcode_bytes(self) -> bytes:
        """The opcode as encoded in the binary format (prefix and LEB128 sub-opcode)."""
        if self.sub is None:
            return bytes([self.code])
        out, value = bytearray([self.code]), self.sub
        while True:
            byte, value = value & 0x7F, value >> 7
            out.append(byte | 0x80 if value else byte)
            if not value:
                return bytes(out)

    def __repr__(self) -> str:
        return f"<op {self.name}>"


_TABLE = """\
00     unreachable                    none            control    -      t1* -> t2*            | Trap unconditionally ("unreachable").
01     nop                            none            control    -      ->                    | Do nothing.
02     block                          blocktype       control    -      t1* -> t2*            | Begin a block; a branch to its label jumps forward to its end.
03     loop                           blocktype       control    -      t1* -> t2*            | Begin a loop; a branch to its label jumps back to its start.
04     if                             blocktype       control    -      t1* i32 -> t2*        | Pop an i32; run the then-arm if it is non-zero, otherwise the else-arm.
05     else                           none            control    -      *                     | Begin the else-arm of an if.
08     throw                          tag             control    - @exceptions t1* t* -> t2*  | Throw an exception of a tag, its payload popped from the stack; control goes to the nearest handler.
0a     throw_ref                      none            control    - @exceptions t1* exnref -> t2* | Throw again the exception an exnref points to (trap if it is null).
0b     end                            none            control    -      *                     | End a block, loop, if or the function body.
0c     br                             label           control    -      t1* t* -> t2*         | Branch to an enclosing label, carrying the label's values.
0d     br_if                          label           control    -      t* i32 -> t*          | Pop an i32; branch to the label if it is non-zero.
0e     br_table                       br_table        control    -      t1* t* i32 -> t2*     | Pop an i32 index; branch to the label it selects, or to the default label when out of range.
0f     return                         none            control    -      t1* t* -> t2*         | Return from the current function with its results.
10     call                           func            control    -      t1* -> t2*            | Call a function by index: pop its arguments, push its results.
11     call_indirect                  call_indirect   control    -      t1* i32 -> t2*        | Pop a table index; call the function stored there after checking its type.
12     return_call                    func            control    - @tail-call t1* -> t2*      | Tail call: return from this function by calling another; the callee's frame replaces this one.
13     return_call_indirect           call_indirect   control    - @tail-call t1* i32 -> t2*  | Tail call through a table: the callee, found and checked as by call_indirect, replaces this frame.
14     call_ref                       type            control    - @function-references t1* ref -> t2* | Call the function a typed reference points to; trap if it is null.
15     return_call_ref                type            control    - @function-references t1* ref -> t2* | Tail call through a typed function reference; the callee's frame replaces this one.
1a     drop                           none            parametric -      t ->                  | Pop a value and discard it.
1b     select                         none            parametric -      t t i32 -> t          | Pop a condition and two values; push the first if the condition is non-zero, else the second.
1c     select                         select_t        parametric -      t t i32 -> t          | Pop a condition and two values; push the first if the condition is non-zero, else the second.
1f     try_table                      try_table       control    - @exceptions t1* -> t2*     | Begin a block whose catch clauses branch to a label when an exception leaves its body.
20     local.get                      local           variable   -      -> t                  | Push the value of a local variable.
21     local.set                      local           variable   local  t ->                  | Pop a value into a local variable.
22     local.tee                      local           variable   local  t -> t                | Copy the top of the stack into a local variable, leaving it on the stack.
23     global.get                     global          variable   -      -> t                  | Push the value of a global variable.
24     global.set                     global          variable   global t ->                  | Pop a value into a mutable global variable.
25     table.get                      table           table      -      i32 -> ref            | Pop an index; push the reference stored at it in the table.
26     table.set                      table           table      table  i32 ref ->            | Pop a reference and an index; store the reference in the table.
28     i32.load                       memarg 2        memory     -      i32 -> i32            | Load 32 bits from memory at address + offset.
29     i64.load                       memarg 3        memory     -      i32 -> i64            | Load 64 bits from memory at address + offset.
2a     f32.load                       memarg 2        memory     -      i32 -> f32            | Load 32 bits from memory at address + offset.
2b     f64.load                       memarg 3        memory     -      i32 -> f64            | Load 64 bits from memory at address + offset.
2c     i32.load8_s                    memarg 0        memory     -      i32 -> i32            | Load 8 bits from memory at address + offset, sign-extended to i32.
2d     i32.load8_u                    memarg 0        memory     -      i32 -> i32            | Load 8 bits from memory at address + offset, zero-extended to i32.
2e     i32.load16_s                   memarg 1        memory     -      i32 -> i32            | Load 16 bits from memory at address + offset, sign-extended to i32.
2f     i32.load16_u                   memarg 1        memory     -      i32 -> i32            | Load 16 bits from memory at address + offset, zero-extended to i32.
30     i64.load8_s                    memarg 0        memory     -      i32 -> i64            | Load 8 bits from memory at address + offset, sign-extended to i64.
31     i64.load8_u                    memarg 0        memory     -      i32 -> i64            | Load 8 bits from memory at address + offset, zero-extended to i64.
32     i64.load16_s                   memarg 1        memory     -      i32 -> i64            | Load 16 bits from memory at address + offset, sign-extended to i64.
33     i64.load16_u                   memarg 1        memory     -      i32 -> i64            | Load 16 bits from memory at address + offset, zero-extended to i64.
34     i64.load32_s                   memarg 2        memory     -      i32 -> i64            | Load 32 bits from memory at address + offset, sign-extended to i64.
35     i64.load32_u                   memarg 2        memory     -      i32 -> i64            | Load 32 bits from memory at address + offset, zero-extended to i64.
36     i32.store                      memarg 2        memory     memory i32 i32 ->            | Store a i32 to memory at address + offset.
37     i64.store                      memarg 3        memory     memory i32 i64 ->            | Store a i64 to memory at address + offset.
38     f32.store                      memarg 2        memory     memory i32 f32 ->            | Store a f32 to memory at address + offset.
39     f64.store                      memarg 3        memory     memory i32 f64 ->            | Store a f64 to memory at address + offset.
3a     i32.store8                     memarg 0        memory     memory i32 i32 ->            | Store the low 8 bits of a i32 to memory at address + offset.
3b     i32.store16                    memarg 1        memory     memory i32 i32 ->            | Store the low 16 bits of a i32 to memory at address + offset.
3c     i64.store8                     memarg 0        memory     memory i32 i64 ->            | Store the low 8 bits of a i64 to memory at address + offset.
3d     i64.store16                    memarg 1        memory     memory i32 i64 ->            | Store the low 16 bits of a i64 to memory at address + offset.
3e     i64.store32                    memarg 2        memory     memory i32 i64 ->            | Store the low 32 bits of a i64 to memory at address + offset.
3f     memory.size                    mem0            memory     -      -> i32                | Push the size of linear memory in 64 KiB pages.
40     memory.grow                    mem0            memory     memory i32 -> i32            | Pop a page count; grow memory by it, pushing the old size or -1 on failure.
41     i32.const                      i32             numeric    -      -> i32                | Push a constant.
42     i64.const                      i64             numeric    -      -> i64                | Push a constant.
43     f32.const                      f32             numeric    -      -> f32                | Push a constant.
44     f64.const                      f64             numeric    -      -> f64                | Push a constant.
45     i32.eqz                        none            numeric    -      i32 -> i32            | Push 1 if the i32 is zero, else 0.
46     i32.eq                         none            numeric    -      i32 i32 -> i32        | Compare for equality (1 or 0).
47     i32.ne                         none            numeric    -      i32 i32 -> i32        | Compare for inequality (1 or 0).
48     i32.lt_s                       none            numeric    -      i32 i32 -> i32        | Signed less-than (1 or 0).
49     i32.lt_u                       none            numeric    -      i32 i32 -> i32        | Unsigned less-than (1 or 0).
4a     i32.gt_s                       none            numeric    -      i32 i32 -> i32        | Signed greater-than (1 or 0).
4b     i32.gt_u                       none            numeric    -      i32 i32 -> i32        | Unsigned greater-than (1 or 0).
4c     i32.le_s                       none            numeric    -      i32 i32 -> i32        | Signed less-or-equal (1 or 0).
4d     i32.le_u                       none            numeric    -      i32 i32 -> i32        | Unsigned less-or-equal (1 or 0).
4e     i32.ge_s                       none            numeric    -      i32 i32 -> i32        | Signed greater-or-equal (1 or 0).
4f     i32.ge_u                       none            numeric    -      i32 i32 -> i32        | Unsigned greater-or-equal (1 or 0).
50     i64.eqz                        none            numeric    -      i64 -> i32            | Push 1 if the i64 is zero, else 0.
51     i64.eq                         none            numeric    -      i64 i64 -> i32        | Compare for equality (1 or 0).
52     i64.ne                         none            numeric    -      i64 i64 -> i32        | Compare for inequality (1 or 0).
53     i64.lt_s                       none            numeric    -      i64 i64 -> i32        | Signed less-than (1 or 0).
54     i64.lt_u                       none            numeric    -      i64 i64 -> i32        | Unsigned less-than (1 or 0).
55     i64.gt_s                       none            numeric    -      i64 i64 -> i32        | Signed greater-than (1 or 0).
56     i64.gt_u                       none            numeric    -      i64 i64 -> i32        | Unsigned greater-than (1 or 0).
57     i64.le_s                       none            numeric    -      i64 i64 -> i32        | Signed less-or-equal (1 or 0).
58     i64.le_u                       none            numeric    -      i64 i64 -> i32        | Unsigned less-or-equal (1 or 0).
59     i64.ge_s                       none            numeric    -      i64 i64 -> i32        | Signed greater-or-equal (1 or 0).
5a     i64.ge_u                       none            numeric    -      i64 i64 -> i32        | Unsigned greater-or-equal (1 or 0).
5b     f32.eq                         none            numeric    -      f32 f32 -> i32        | Compare for equality (1 or 0).
5c     f32.ne                         none            numeric    -      f32 f32 -> i32        | Compare for inequality (1 or 0).
5d     f32.lt                         none            numeric    -      f32 f32 -> i32        | Less-than (1 or 0; false with NaN).
5e     f32.gt                         none            numeric    -      f32 f32 -> i32        | Greater-than (1 or 0; false with NaN).
5f     f32.le                         none            numeric    -      f32 f32 -> i32        | Less-or-equal (1 or 0; false with NaN).
60     f32.ge                         none            numeric    -      f32 f32 -> i32        | Greater-or-equal (1 or 0; false with NaN).
61     f64.eq                         none            numeric    -      f64 f64 -> i32        | Compare for equality (1 or 0).
62     f64.ne                         none            numeric    -      f64 f64 -> i32        | Compare for inequality (1 or 0).
63     f64.lt                         none            numeric    -      f64 f64 -> i32        | Less-than (1 or 0; false with NaN).
64     f64.gt                         none            numeric    -      f64 f64 -> i32        | Greater-than (1 or 0; false with NaN).
65     f64.le                         none            numeric    -      f64 f64 -> i32        | Less-or-equal (1 or 0; false with NaN).
66     f64.ge                         none            numeric    -      f64 f64 -> i32        | Greater-or-equal (1 or 0; false with NaN).
67     i32.clz                        none            numeric    -      i32 -> i32            | Count leading zero bits.
68     i32.ctz                        none            numeric    -      i32 -> i32            | Count trailing zero bits.
69     i32.popcnt                     none            numeric    -      i32 -> i32            | Count the bits set to 1.
6a     i32.add                        none            numeric    -      i32 i32 -> i32        | Add, wrapping around on overflow.
6b     i32.sub                        none            numeric    -      i32 i32 -> i32        | Subtract, wrapping around on overflow.
6c     i32.mul                        none            numeric    -      i32 i32 -> i32        | Multiply, keeping the low bits.
6d     i32.div_s                      none            numeric    -      i32 i32 -> i32        | Signed division, truncating; traps on division by zero and overflow.
6e     i32.div_u                      none            numeric    -      i32 i32 -> i32        | Unsigned division; traps on division by zero.
6f     i32.rem_s                      none            numeric    -      i32 i32 -> i32        | Signed remainder (sign of the dividend); traps on division by zero.
70     i32.rem_u                      none            numeric    -      i32 i32 -> i32        | Unsigned remainder; traps on division by zero.
71     i32.and                        none            numeric    -      i32 i32 -> i32        | Bitwise AND.
72     i32.or                         none            numeric    -      i32 i32 -> i32        | Bitwise OR.
73     i32.xor                        none            numeric    -      i32 i32 -> i32        | Bitwise XOR.
74     i32.shl                        none            numeric    -      i32 i32 -> i32        | Shift left (count modulo the bit width).
75     i32.shr_s                      none            numeric    -      i32 i32 -> i32        | Arithmetic shift right (count modulo the bit width).
76     i32.shr_u                      none            numeric    -      i32 i32 -> i32        | Logical shift right (count modulo the bit width).
77     i32.rotl                       none            numeric    -      i32 i32 -> i32        | Rotate left.
78     i32.rotr                       none            numeric    -      i32 i32 -> i32        | Rotate right.
79     i64.clz                        none            numeric    -      i64 -> i64            | Count leading zero bits.
7a     i64.ctz                        none            numeric    -      i64 -> i64            | Count trailing zero bits.
7b     i64.popcnt                     none            numeric    -      i64 -> i64            | Count the bits set to 1.
7c     i64.add                        none            numeric    -      i64 i64 -> i64        | Add, wrapping around on overflow.
7d     i64.sub                        none            numeric    -      i64 i64 -> i64        | Subtract, wrapping around on overflow.
7e     i64.mul                        none            numeric    -      i64 i64 -> i64        | Multiply, keeping the low bits.
7f     i64.div_s                      none            numeric    -      i64 i64 -> i64        | Signed division, truncating; traps on division by zero and overflow.
80     i64.div_u                      none            numeric    -      i64 i64 -> i64        | Unsigned division; traps on division by zero.
81     i64.rem_s                      none            numeric    -      i64 i64 -> i64        | Signed remainder (sign of the dividend); traps on division by zero.
82     i64.rem_u                      none            numeric    -      i64 i64 -> i64        | Unsigned remainder; traps on division by zero.
83     i64.and                        none            numeric    -      i64 i64 -> i64        | Bitwise AND.
84     i64.or                         none            numeric    -      i64 i64 -> i64        | Bitwise OR.
85     i64.xor                        none            numeric    -      i64 i64 -> i64        | Bitwise XOR.
86     i64.shl                        none            numeric    -      i64 i64 -> i64        | Shift left (count modulo the bit width).
87     i64.shr_s                      none            numeric    -      i64 i64 -> i64        | Arithmetic shift right (count modulo the bit width).
88     i64.shr_u                      none            numeric    -      i64 i64 -> i64        | Logical shift right (count modulo the bit width).
89     i64.rotl                       none            numeric    -      i64 i64 -> i64        | Rotate left.
8a     i64.rotr                       none            numeric    -      i64 i64 -> i64        | Rotate right.
8b     f32.abs                        none            numeric    -      f32 -> f32            | Absolute value.
8c     f32.neg                        none            numeric    -      f32 -> f32            | Negate.
8d     f32.ceil                       none            numeric    -      f32 -> f32            | Round up to an integer.
8e     f32.floor                      none            numeric    -      f32 -> f32            | Round down to an integer.
8f     f32.trunc                      none            numeric    -      f32 -> f32            | Round toward zero to an integer.
90     f32.nearest                    none            numeric    -      f32 -> f32            | Round to the nearest integer, ties to even.
91     f32.sqrt                       none            numeric    -      f32 -> f32            | Square root.
92     f32.add                        none            numeric    -      f32 f32 -> f32        | Add (IEEE 754, round to nearest).
93     f32.sub                        none            numeric    -      f32 f32 -> f32        | Subtract (IEEE 754, round to nearest).
94     f32.mul                        none            numeric    -      f32 f32 -> f32        | Multiply (IEEE 754, round to nearest).
95     f32.div                        none            numeric    -      f32 f32 -> f32        | Divide (IEEE 754).
96     f32.min                        none            numeric    -      f32 f32 -> f32        | Minimum; NaN if either is NaN, -0 below +0.
97     f32.max                        none            numeric    -      f32 f32 -> f32        | Maximum; NaN if either is NaN, +0 above -0.
98     f32.copysign                   none            numeric    -      f32 f32 -> f32        | The first value with the sign of the second.
99     f64.abs                        none            numeric    -      f64 -> f64            | Absolute value.
9a     f64.neg                        none            numeric    -      f64 -> f64            | Negate.
9b     f64.ceil                       none            numeric    -      f64 -> f64            | Round up to an integer.
9c     f64.floor                      none            numeric    -      f64 -> f64            | Round down to an integer.
9d     f64.trunc                      none            numeric    -      f64 -> f64            | Round toward zero to an integer.
9e     f64.nearest                    none            numeric    -      f64 -> f64            | Round to the nearest integer, ties to even.
9f     f64.sqrt                       none            numeric    -      f64 -> f64            | Square root.
a0     f64.add                        none            numeric    -      f64 f64 -> f64        | Add (IEEE 754, round to nearest).
a1     f64.sub                        none            numeric    -      f64 f64 -> f64        | Subtract (IEEE 754, round to nearest).
a2     f64.mul                        none            numeric    -      f64 f64 -> f64        | Multiply (IEEE 754, round to nearest).
a3     f64.div                        none            numeric    -      f64 f64 -> f64        | Divide (IEEE 754).
a4     f64.min                        none            numeric    -      f64 f64 -> f64        | Minimum; NaN if either is NaN, -0 below +0.
a5     f64.max                        none            numeric    -      f64 f64 -> f64        | Maximum; NaN if either is NaN, +0 above -0.
a6     f64.copysign                   none            numeric    -      f64 f64 -> f64        | The first value with the sign of the second.
a7     i32.wrap_i64                   none            numeric    -      i64 -> i32            | Keep the low 32 bits of an i64.
a8     i32.trunc_f32_s                none            numeric    -      f32 -> i32            | Truncate an f32 to a signed i32; traps on NaN or overflow.
a9     i32.trunc_f32_u                none            numeric    -      f32 -> i32            | Truncate an f32 to a unsigned i32; traps on NaN or overflow.
aa     i32.trunc_f64_s                none            numeric    -      f64 -> i32            | Truncate an f64 to a signed i32; traps on NaN or overflow.
ab     i32.trunc_f64_u                none            numeric    -      f64 -> i32            | Truncate an f64 to a unsigned i32; traps on NaN or overflow.
ac     i64.extend_i32_s               none            numeric    -      i32 -> i64            | Sign-extend an i32 to an i64.
ad     i64.extend_i32_u               none            numeric    -      i32 -> i64            | Zero-extend an i32 to an i64.
ae     i64.trunc_f32_s                none            numeric    -      f32 -> i64            | Truncate an f32 to a signed i64; traps on NaN or overflow.
af     i64.trunc_f32_u                none            numeric    -      f32 -> i64            | Truncate an f32 to a unsigned i64; traps on NaN or overflow.
b0     i64.trunc_f64_s                none            numeric    -      f64 -> i64            | Truncate an f64 to a signed i64; traps on NaN or overflow.
b1     i64.trunc_f64_u                none            numeric    -      f64 -> i64            | Truncate an f64 to a unsigned i64; traps on NaN or overflow.
b2     f32.convert_i32_s              none            numeric    -      i32 -> f32            | Convert a signed i32 to the nearest f32.
b3     f32.convert_i32_u              none            numeric    -      i32 -> f32            | Convert a unsigned i32 to the nearest f32.
b4     f32.convert_i64_s              none            numeric    -      i64 -> f32            | Convert a signed i64 to the nearest f32.
b5     f32.convert_i64_u              none            numeric    -      i64 -> f32            | Convert a unsigned i64 to the nearest f32.
b6     f32.demote_f64                 none            numeric    -      f64 -> f32            | Round an f64 to the nearest f32.
b7     f64.convert_i32_s              none            numeric    -      i32 -> f64            | Convert a signed i32 to the nearest f64.
b8     f64.convert_i32_u              none            numeric    -      i32 -> f64            | Convert a unsigned i32 to the nearest f64.
b9     f64.convert_i64_s              none            numeric    -      i64 -> f64            | Convert a signed i64 to the nearest f64.
ba     f64.convert_i64_u              none            numeric    -      i64 -> f64            | Convert a unsigned i64 to the nearest f64.
bb     f64.promote_f32                none            numeric    -      f32 -> f64            | Widen an f32 to an f64 exactly.
bc     i32.reinterpret_f32            none            numeric    -      f32 -> i32            | Reinterpret the bits of an f32 as an i32.
bd     i64.reinterpret_f64            none            numeric    -      f64 -> i64            | Reinterpret the bits of an f64 as an i64.
be     f32.reinterpret_i32            none            numeric    -      i32 -> f32            | Reinterpret the bits of an i32 as an f32.
bf     f64.reinterpret_i64            none            numeric    -      i64 -> f64            | Reinterpret the bits of an i64 as an f64.
c0     i32.extend8_s                  none            numeric    -      i32 -> i32            | Sign-extend the low 8 bits.
c1     i32.extend16_s                 none            numeric    -      i32 -> i32            | Sign-extend the low 16 bits.
c2     i64.extend8_s                  none            numeric    -      i64 -> i64            | Sign-extend the low 8 bits.
c3     i64.extend16_s                 none            numeric    -      i64 -> i64            | Sign-extend the low 16 bits.
c4     i64.extend32_s                 none            numeric    -      i64 -> i64            | Sign-extend the low 32 bits.
d0     ref.null                       reftype         reference  -      -> ref                | Push a null reference of the given type.
d1     ref.is_null                    none            reference  -      ref -> i32            | Pop a reference; push 1 if it is null, else 0.
d2     ref.func                       func            reference  -      -> funcref            | Push a reference to a function.
d3     ref.eq                         none            reference  - @gc ref ref -> i32     | Pop two eqref references; push 1 if they are the same object (i31 values: equal), else 0.
d4     ref.as_non_null                none            reference  - @function-references ref -> ref | Trap if the reference is null; otherwise pass it on, now of a non-nullable type.
d5     br_on_null                     label           control    - @function-references t* ref -> t* ref | Branch if the reference is null (dropping it); otherwise keep it, non-nullable.
d6     br_on_non_null                 label           control    - @function-references t* ref -> t* | Branch with the reference if it is not null; otherwise drop it.
fb.0   struct.new                     type            aggregate  - @gc t* -> ref          | Allocate a struct from its field values (the first field deepest in the stack).
fb.1   struct.new_default             type            aggregate  - @gc -> ref             | Allocate a struct with every field zero or null.
fb.2   struct.get                     type_field      aggregate  - @gc ref -> t           | Pop a struct reference; push a field (trap on null).
fb.3   struct.get_s                   type_field      aggregate  - @gc ref -> i32         | Pop a struct reference; push a packed field, sign-extended (trap on null).
fb.4   struct.get_u                   type_field      aggregate  - @gc ref -> i32         | Pop a struct reference; push a packed field, zero-extended (trap on null).
fb.5   struct.set                     type_field      aggregate  heap @gc ref t ->        | Pop a value and a struct reference; store the value in a mutable field (trap on null).
fb.6   array.new                      type            aggregate  - @gc t i32 -> ref       | Allocate an array of a length, every element the given value.
fb.7   array.new_default              type            aggregate  - @gc i32 -> ref         | Allocate an array of a length, every element zero or null.
fb.8   array.new_fixed                type_n          aggregate  - @gc t* -> ref          | Allocate an array from the N values on the stack (the first element deepest).
fb.9   array.new_data                 type_data       aggregate  - @gc i32 i32 -> ref     | Allocate an array from bytes of a data segment (pops offset, length).
fb.10  array.new_elem                 type_elem       aggregate  - @gc i32 i32 -> ref     | Allocate an array from references of an element segment (pops offset, length).
fb.11  array.get                      type            aggregate  - @gc ref i32 -> t       | Pop an index and an array reference; push the element (trap on null or out of bounds).
fb.12  array.get_s                    type            aggregate  - @gc ref i32 -> i32     | Like array.get for a packed element, sign-extended.
fb.13  array.get_u                    type            aggregate  - @gc ref i32 -> i32     | Like array.get for a packed element, zero-extended.
fb.14  array.set                      type            aggregate  heap @gc ref i32 t ->    | Pop a value, an index and an array reference; store the element (trap on null or out of bounds).
fb.15  array.len                      none            aggregate  - @gc ref -> i32         | Pop an array reference; push its length (trap on null).
fb.16  array.fill                     type            aggregate  heap @gc ref i32 t i32 -> | Fill a range of an array with a value (pops array, index, value, length).
fb.17  array.copy                     type_type       aggregate  heap @gc ref i32 ref i32 i32 -> | Copy elements between arrays, overlaps allowed (pops dest, dest index, src, src index, length).
fb.18  array.init_data                type_data       aggregate  heap @gc ref i32 i32 i32 -> | Copy bytes of a data segment into an array (pops array, index, offset, length).
fb.19  array.init_elem                type_elem       aggregate  heap @gc ref i32 i32 i32 -> | Copy references of an element segment into an array (pops array, index, offset, length).
fb.20  ref.test                       reftype_cast    reference  - @gc ref -> i32         | Pop a reference; push 1 if it has the given type, else 0.
fb.21  ref.test                       reftype_cast    reference  - @gc ref -> i32         | Pop a reference; push 1 if it has the given (nullable) type, else 0.
fb.22  ref.cast                       reftype_cast    reference  - @gc ref -> ref         | Pass the reference on as the given type; trap if it does not have it.
fb.23  ref.cast                       reftype_cast    reference  - @gc ref -> ref         | Pass the reference on as the given (nullable) type; trap if it does not have it.
fb.24  br_on_cast                     br_on_cast      control    - @gc t* ref -> t* ref   | Branch with the reference if it has the target type; otherwise keep it.
fb.25  br_on_cast_fail                br_on_cast      control    - @gc t* ref -> t* ref   | Branch with the reference if it does not have the target type; otherwise keep it, cast.
fb.26  any.convert_extern             none            reference  - @gc ref -> ref         | Turn an external reference into an internal (anyref) one.
fb.27  extern.convert_any             none            reference  - @gc ref -> ref         | Turn an internal reference into an external (externref) one.
fb.28  ref.i31                        none            reference  - @gc i32 -> ref         | Pop an i32; push an unboxed i31 reference of its low 31 bits.
fb.29  i31.get_s                      none            reference  - @gc ref -> i32         | Pop an i31 reference; push its value sign-extended from 31 bits (trap on null).
fb.30  i31.get_u                      none            reference  - @gc ref -> i32         | Pop an i31 reference; push its value zero-extended (trap on null).
fc.0   i32.trunc_sat_f32_s            none            numeric    -      f32 -> i32            | Truncate an f32 to a signed i32, saturating instead of trapping.
fc.1   i32.trunc_sat_f32_u            none            numeric    -      f32 -> i32            | Truncate an f32 to a unsigned i32, saturating instead of trapping.
fc.2   i32.trunc_sat_f64_s            none            numeric    -      f64 -> i32            | Truncate an f64 to a signed i32, saturating instead of trapping.
fc.3   i32.trunc_sat_f64_u            none            numeric    -      f64 -> i32            | Truncate an f64 to a unsigned i32, saturating instead of trapping.
fc.4   i64.trunc_sat_f32_s            none            numeric    -      f32 -> i64            | Truncate an f32 to a signed i64, saturating instead of trapping.
fc.5   i64.trunc_sat_f32_u            none            numeric    -      f32 -> i64            | Truncate an f32 to a unsigned i64, saturating instead of trapping.
fc.6   i64.trunc_sat_f64_s            none            numeric    -      f64 -> i64            | Truncate an f64 to a signed i64, saturating instead of trapping.
fc.7   i64.trunc_sat_f64_u            none            numeric    -      f64 -> i64            | Truncate an f64 to a unsigned i64, saturating instead of trapping.
fc.8   memory.init                    memory_init     memory     memory i32 i32 i32 ->        | Copy bytes from a passive data segment into memory (pops dest, src offset, length).
fc.9   data.drop                      data            memory     data   ->                    | Discard a data segment; later memory.init of it traps unless the length is 0.
fc.10  memory.copy                    mem0_mem0       memory     memory i32 i32 i32 ->        | Copy a byte range within memory, overlaps allowed (pops dest, src, length).
fc.11  memory.fill                    mem0            memory     memory i32 i32 i32 ->        | Fill a byte range of memory with a byte value (pops dest, value, length).
fc.12  table.init                     table_init      table      table  i32 i32 i32 ->        | Copy references from an element segment into a table (pops dest, src offset, length).
fc.13  elem.drop                      elem            table      elem   ->                    | Discard an element segment.
fc.14  table.copy                     table_copy      table      table  i32 i32 i32 ->        | Copy a range of references between tables (pops dest, src, length).
fc.15  table.grow                     table           table      table  ref i32 -> i32        | Pop an init reference and a count; grow the table, pushing the old size or -1.
fc.16  table.size                     table           table      -      -> i32                | Push the number of elements in the table.
fc.17  table.fill                     table           table      table  i32 ref i32 ->        | Fill a range of the table with a reference (pops index, reference, length).
fd.0   v128.load                      memarg 4        memory     -      i32 -> v128           | Load 16 bytes from memory as a vector.
fd.1   v128.load8x8_s                 memarg 3        memory     -      i32 -> v128           | Load 8 lanes of 8 bits, sign-extending each to double width.
fd.2   v128.load8x8_u                 memarg 3        memory     -      i32 -> v128           | Load 8 lanes of 8 bits, zero-extending each to double width.
fd.3   v128.load16x4_s                memarg 3        memory     -      i32 -> v128           | Load 4 lanes of 16 bits, sign-extending each to double width.
fd.4   v128.load16x4_u                memarg 3        memory     -      i32 -> v128           | Load 4 lanes of 16 bits, zero-extending each to double width.
fd.5   v128.load32x2_s                memarg 3        memory     -      i32 -> v128           | Load 2 lanes of 32 bits, sign-extending each to double width.
fd.6   v128.load32x2_u                memarg 3        memory     -      i32 -> v128           | Load 2 lanes of 32 bits, zero-extending each to double width.
fd.7   v128.load8_splat               memarg 0        memory     -      i32 -> v128           | Load 8 bits and splat them to every lane.
fd.8   v128.load16_splat              memarg 1        memory     -      i32 -> v128           | Load 16 bits and splat them to every lane.
fd.9   v128.load32_splat              memarg 2        memory     -      i32 -> v128           | Load 32 bits and splat them to every lane.
fd.10  v128.load64_splat              memarg 3        memory     -      i32 -> v128           | Load 64 bits and splat them to every lane.
fd.11  v128.store                     memarg 4        memory     memory i32 v128 ->           | Store a vector as 16 bytes to memory.
fd.12  v128.const                     v128            vector     -      -> v128               | Push a 128-bit vector constant.
fd.13  i8x16.shuffle                  shuffle         vector     -      v128 v128 -> v128     | Build a vector from lanes of two vectors chosen by 16 immediate lane indices.
fd.14  i8x16.swizzle                  none            vector     -      v128 v128 -> v128     | Select bytes of the first vector by the indices in the second (out-of-range gives 0).
fd.15  i8x16.splat                    none            vector     -      i32 -> v128           | Make a vector with every lane set to the popped value.
fd.16  i16x8.splat                    none            vector     -      i32 -> v128           | Make a vector with every lane set to the popped value.
fd.17  i32x4.splat                    none            vector     -      i32 -> v128           | Make a vector with every lane set to the popped value.
fd.18  i64x2.splat                    none            vector     -      i64 -> v128           | Make a vector with every lane set to the popped value.
fd.19  f32x4.splat                    none            vector     -      f32 -> v128           | Make a vector with every lane set to the popped value.
fd.20  f64x2.splat                    none            vector     -      f64 -> v128           | Make a vector with every lane set to the popped value.
fd.21  i8x16.extract_lane_s           lane            vector     -      v128 -> i32           | Push one lane, sign-extended to i32.
fd.22  i8x16.extract_lane_u           lane            vector     -      v128 -> i32           | Push one lane, zero-extended to i32.
fd.23  i8x16.replace_lane             lane            vector     -      v128 i32 -> v128      | Replace one lane of a vector with the popped value.
fd.24  i16x8.extract_lane_s           lane            vector     -      v128 -> i32           | Push one lane, sign-extended to i32.
fd.25  i16x8.extract_lane_u           lane            vector     -      v128 -> i32           | Push one lane, zero-extended to i32.
fd.26  i16x8.replace_lane             lane            vector     -      v128 i32 -> v128      | Replace one lane of a vector with the popped value.
fd.27  i32x4.extract_lane             lane            vector     -      v128 -> i32           | Push one lane of a vector.
fd.28  i32x4.replace_lane             lane            vector     -      v128 i32 -> v128      | Replace one lane of a vector with the popped value.
fd.29  i64x2.extract_lane             lane            vector     -      v128 -> i64           | Push one lane of a vector.
fd.30  i64x2.replace_lane             lane            vector     -      v128 i64 -> v128      | Replace one lane of a vector with the popped value.
fd.31  f32x4.extract_lane             lane            vector     -      v128 -> f32           | Push one lane of a vector.
fd.32  f32x4.replace_lane             lane            vector     -      v128 f32 -> v128      | Replace one lane of a vector with the popped value.
fd.33  f64x2.extract_lane             lane            vector     -      v128 -> f64           | Push one lane of a vector.
fd.34  f64x2.replace_lane             lane            vector     -      v128 f64 -> v128      | Replace one lane of a vector with the popped value.
fd.35  i8x16.eq                       none            vector     -      v128 v128 -> v128     | Compare for equality lane by lane (all ones or zero).
fd.36  i8x16.ne                       none            vector     -      v128 v128 -> v128     | Compare for inequality lane by lane (all ones or zero).
fd.37  i8x16.lt_s                     none            vector     -      v128 v128 -> v128     | Signed less-than lane by lane (all ones or zero).
fd.38  i8x16.lt_u                     none            vector     -      v128 v128 -> v128     | Unsigned less-than lane by lane (all ones or zero).
fd.39  i8x16.gt_s                     none            vector     -      v128 v128 -> v128     | Signed greater-than lane by lane (all ones or zero).
fd.40  i8x16.gt_u                     none            vector     -      v128 v128 -> v128     | Unsigned greater-than lane by lane (all ones or zero).
fd.41  i8x16.le_s                     none            vector     -      v128 v128 -> v128     | Signed less-or-equal lane by lane (all ones or zero).
fd.42  i8x16.le_u                     none            vector     -      v128 v128 -> v128     | Unsigned less-or-equal lane by lane (all ones or zero).
fd.43  i8x16.ge_s                     none            vector     -      v128 v128 -> v128     | Signed greater-or-equal lane by lane (all ones or zero).
fd.44  i8x16.ge_u                     none            vector     -      v128 v128 -> v128     | Unsigned greater-or-equal lane by lane (all ones or zero).
fd.45  i16x8.eq                       none            vector     -      v128 v128 -> v128     | Compare for equality lane by lane (all ones or zero).
fd.46  i16x8.ne                       none            vector     -      v128 v128 -> v128     | Compare for inequality lane by lane (all ones or zero).
fd.47  i16x8.lt_s                     none            vector     -      v128 v128 -> v128     | Signed less-than lane by lane (all ones or zero).
fd.48  i16x8.lt_u                     none            vector     -      v128 v128 -> v128     | Unsigned less-than lane by lane (all ones or zero).
fd.49  i16x8.gt_s                     none            vector     -      v128 v128 -> v128     | Signed greater-than lane by lane (all ones or zero).
fd.50  i16x8.gt_u                     none            vector     -      v128 v128 -> v128     | Unsigned greater-than lane by lane (all ones or zero).
fd.51  i16x8.le_s                     none            vector     -      v128 v128 -> v128     | Signed less-or-equal lane by lane (all ones or zero).
fd.52  i16x8.le_u                     none            vector     -      v128 v128 -> v128     | Unsigned less-or-equal lane by lane (all ones or zero).
fd.53  i16x8.ge_s                     none            vector     -      v128 v128 -> v128     | Signed greater-or-equal lane by lane (all ones or zero).
fd.54  i16x8.ge_u                     none            vector     -      v128 v128 -> v128     | Unsigned greater-or-equal lane by lane (all ones or zero).
fd.55  i32x4.eq                       none            vector     -      v128 v128 -> v128     | Compare for equality lane by lane (all ones or zero).
fd.56  i32x4.ne                       none            vector     -      v128 v128 -> v128     | Compare for inequality lane by lane (all ones or zero).
fd.57  i32x4.lt_s                     none            vector     -      v128 v128 -> v128     | Signed less-than lane by lane (all ones or zero).
fd.58  i32x4.lt_u                     none            vector     -      v128 v128 -> v128     | Unsigned less-than lane by lane (all ones or zero).
fd.59  i32x4.gt_s                     none            vector     -      v128 v128 -> v128     | Signed greater-than lane by lane (all ones or zero).
fd.60  i32x4.gt_u                     none            vector     -      v128 v128 -> v128     | Unsigned greater-than lane by lane (all ones or zero).
fd.61  i32x4.le_s                     none            vector     -      v128 v128 -> v128     | Signed less-or-equal lane by lane (all ones or zero).
fd.62  i32x4.le_u                     none            vector     -      v128 v128 -> v128     | Unsigned less-or-equal lane by lane (all ones or zero).
fd.63  i32x4.ge_s                     none            vector     -      v128 v128 -> v128     | Signed greater-or-equal lane by lane (all ones or zero).
fd.64  i32x4.ge_u                     none            vector     -      v128 v128 -> v128     | Unsigned greater-or-equal lane by lane (all ones or zero).
fd.65  f32x4.eq                       none            vector     -      v128 v128 -> v128     | Compare for equality lane by lane (all ones or zero).
fd.66  f32x4.ne                       none            vector     -      v128 v128 -> v128     | Compare for inequality lane by lane (all ones or zero).
fd.67  f32x4.lt                       none            vector     -      v128 v128 -> v128     | Less-than (1 or 0; false with NaN), lane by lane.
fd.68  f32x4.gt                       none            vector     -      v128 v128 -> v128     | Greater-than (1 or 0; false with NaN), lane by lane.
fd.69  f32x4.le                       none            vector     -      v128 v128 -> v128     | Less-or-equal (1 or 0; false with NaN), lane by lane.
fd.70  f32x4.ge                       none            vector     -      v128 v128 -> v128     | Greater-or-equal (1 or 0; false with NaN), lane by lane.
fd.71  f64x2.eq                       none            vector     -      v128 v128 -> v128     | Compare for equality lane by lane (all ones or zero).
fd.72  f64x2.ne                       none            vector     -      v128 v128 -> v128     | Compare for inequality lane by lane (all ones or zero).
fd.73  f64x2.lt                       none            vector     -      v128 v128 -> v128     | Less-than (1 or 0; false with NaN), lane by lane.
fd.74  f64x2.gt                       none            vector     -      v128 v128 -> v128     | Greater-than (1 or 0; false with NaN), lane by lane.
fd.75  f64x2.le                       none            vector     -      v128 v128 -> v128     | Less-or-equal (1 or 0; false with NaN), lane by lane.
fd.76  f64x2.ge                       none            vector     -      v128 v128 -> v128     | Greater-or-equal (1 or 0; false with NaN), lane by lane.
fd.77  v128.not                       none            vector     -      v128 -> v128          | Bitwise NOT of a vector.
fd.78  v128.and                       none            vector     -      v128 v128 -> v128     | Bitwise AND of two vectors.
fd.79  v128.andnot                    none            vector     -      v128 v128 -> v128     | Bitwise AND of the first vector with the NOT of the second.
fd.80  v128.or                        none            vector     -      v128 v128 -> v128     | Bitwise OR of two vectors.
fd.81  v128.xor                       none            vector     -      v128 v128 -> v128     | Bitwise XOR of two vectors.
fd.82  v128.bitselect                 none            vector     -      v128 v128 v128 -> v128| Take bits from the first vector where the mask (third) is 1, from the second where 0.
fd.83  v128.any_true                  none            vector     -      v128 -> i32           | Push 1 if any bit of the vector is set, else 0.
fd.84  v128.load8_lane                memarg_lane 0   memory     -      i32 v128 -> v128      | Load one 8-bit lane from memory into the vector.
fd.85  v128.load16_lane               memarg_lane 1   memory     -      i32 v128 -> v128      | Load one 16-bit lane from memory into the vector.
fd.86  v128.load32_lane               memarg_lane 2   memory     -      i32 v128 -> v128      | Load one 32-bit lane from memory into the vector.
fd.87  v128.load64_lane               memarg_lane 3   memory     -      i32 v128 -> v128      | Load one 64-bit lane from memory into the vector.
fd.88  v128.store8_lane               memarg_lane 0   memory     memory i32 v128 ->           | Store one 8-bit lane of the vector to memory.
fd.89  v128.store16_lane              memarg_lane 1   memory     memory i32 v128 ->           | Store one 16-bit lane of the vector to memory.
fd.90  v128.store32_lane              memarg_lane 2   memory     memory i32 v128 ->           | Store one 32-bit lane of the vector to memory.
fd.91  v128.store64_lane              memarg_lane 3   memory     memory i32 v128 ->           | Store one 64-bit lane of the vector to memory.
fd.92  v128.load32_zero               memarg 2        memory     -      i32 -> v128           | Load 32 bits into lane 0; the other lanes become 0.
fd.93  v128.load64_zero               memarg 3        memory     -      i32 -> v128           | Load 64 bits into lane 0; the other lanes become 0.
fd.94  f32x4.demote_f64x2_zero        none            vector     -      v128 -> v128          | Round both f64 lanes to f32 into the low lanes; the high lanes become 0.
fd.95  f64x2.promote_low_f32x4        none            vector     -      v128 -> v128          | Widen the two low f32 lanes to f64.
fd.96  i8x16.abs                      none            vector     -      v128 -> v128          | Absolute value, lane by lane.
fd.97  i8x16.neg                      none            vector     -      v128 -> v128          | Negate, lane by lane.
fd.98  i8x16.popcnt                   none            vector     -      v128 -> v128          | Count the bits set to 1, lane by lane.
fd.99  i8x16.all_true                 none            vector     -      v128 -> i32           | Push 1 if every lane is non-zero, else 0.
fd.100 i8x16.bitmask                  none            vector     -      v128 -> i32           | Gather the top bit of each lane into an i32.
fd.101 i8x16.narrow_i16x8_s           none            vector     -      v128 v128 -> v128     | Narrow two vectors' lanes to half width with signed saturation.
fd.102 i8x16.narrow_i16x8_u           none            vector     -      v128 v128 -> v128     | Narrow two vectors' lanes to half width with unsigned saturation.
fd.103 f32x4.ceil                     none            vector     -      v128 -> v128          | Round up to an integer, lane by lane.
fd.104 f32x4.floor                    none            vector     -      v128 -> v128          | Round down to an integer, lane by lane.
fd.105 f32x4.trunc                    none            vector     -      v128 -> v128          | Round toward zero to an integer, lane by lane.
fd.106 f32x4.nearest                  none            vector     -      v128 -> v128          | Round to the nearest integer, ties to even, lane by lane.
fd.107 i8x16.shl                      none            vector     -      v128 i32 -> v128      | Shift left (count modulo the bit width), lane by lane.
fd.108 i8x16.shr_s                    none            vector     -      v128 i32 -> v128      | Arithmetic shift right (count modulo the bit width), lane by lane.
fd.109 i8x16.shr_u                    none            vector     -      v128 i32 -> v128      | Logical shift right (count modulo the bit width), lane by lane.
fd.110 i8x16.add                      none            vector     -      v128 v128 -> v128     | Add, wrapping around on overflow, lane by lane.
fd.111 i8x16.add_sat_s                none            vector     -      v128 v128 -> v128     | Add with signed saturation, lane by lane.
fd.112 i8x16.add_sat_u                none            vector     -      v128 v128 -> v128     | Add with unsigned saturation, lane by lane.
fd.113 i8x16.sub                      none            vector     -      v128 v128 -> v128     | Subtract, wrapping around on overflow, lane by lane.
fd.114 i8x16.sub_sat_s                none            vector     -      v128 v128 -> v128     | Subtract with signed saturation, lane by lane.
fd.115 i8x16.sub_sat_u                none            vector     -      v128 v128 -> v128     | Subtract with unsigned saturation, lane by lane.
fd.116 f64x2.ceil                     none            vector     -      v128 -> v128          | Round up to an integer, lane by lane.
fd.117 f64x2.floor                    none            vector     -      v128 -> v128          | Round down to an integer, lane by lane.
fd.118 i8x16.min_s                    none            vector     -      v128 v128 -> v128     | Signed minimum, lane by lane.
fd.119 i8x16.min_u                    none            vector     -      v128 v128 -> v128     | Unsigned minimum, lane by lane.
fd.120 i8x16.max_s                    none            vector     -      v128 v128 -> v128     | Signed maximum, lane by lane.
fd.121 i8x16.max_u                    none            vector     -      v128 v128 -> v128     | Unsigned maximum, lane by lane.
fd.122 f64x2.trunc                    none            vector     -      v128 -> v128          | Round toward zero to an integer, lane by lane.
fd.123 i8x16.avgr_u                   none            vector     -      v128 v128 -> v128     | Unsigned average, rounding up, lane by lane.
fd.124 i16x8.extadd_pairwise_i8x16_s  none            vector     -      v128 -> v128          | Add adjacent pairs of lanes, widened (signed).
fd.125 i16x8.extadd_pairwise_i8x16_u  none            vector     -      v128 -> v128          | Add adjacent pairs of lanes, widened (unsigned).
fd.126 i32x4.extadd_pairwise_i16x8_s  none            vector     -      v128 -> v128          | Add adjacent pairs of lanes, widened (signed).
fd.127 i32x4.extadd_pairwise_i16x8_u  none            vector     -      v128 -> v128          | Add adjacent pairs of lanes, widened (unsigned).
fd.128 i16x8.abs                      none            vector     -      v128 -> v128          | Absolute value, lane by lane.
fd.129 i16x8.neg                      none            vector     -      v128 -> v128          | Negate, lane by lane.
fd.130 i16x8.q15mulr_sat_s            none            vector     -      v128 v128 -> v128     | Multiply Q15 fixed-point lanes with rounding and saturation.
fd.131 i16x8.all_true                 none            vector     -      v128 -> i32           | Push 1 if every lane is non-zero, else 0.
fd.132 i16x8.bitmask                  none            vector     -      v128 -> i32           | Gather the top bit of each lane into an i32.
fd.133 i16x8.narrow_i32x4_s           none            vector     -      v128 v128 -> v128     | Narrow two vectors' lanes to half width with signed saturation.
fd.134 i16x8.narrow_i32x4_u           none            vector     -      v128 v128 -> v128     | Narrow two vectors' lanes to half width with unsigned saturation.
fd.135 i16x8.extend_low_i8x16_s       none            vector     -      v128 -> v128          | Sign-extend the low half of the lanes to double width.
fd.136 i16x8.extend_high_i8x16_s      none            vector     -      v128 -> v128          | Sign-extend the high half of the lanes to double width.
fd.137 i16x8.extend_low_i8x16_u       none            vector     -      v128 -> v128          | Zero-extend the low half of the lanes to double width.
fd.138 i16x8.extend_high_i8x16_u      none            vector     -      v128 -> v128          | Zero-extend the high half of the lanes to double width.
fd.139 i16x8.shl                      none            vector     -      v128 i32 -> v128      | Shift left (count modulo the bit width), lane by lane.
fd.140 i16x8.shr_s                    none            vector     -      v128 i32 -> v128      | Arithmetic shift right (count modulo the bit width), lane by lane.
fd.141 i16x8.shr_u                    none            vector     -      v128 i32 -> v128      | Logical shift right (count modulo the bit width), lane by lane.
fd.142 i16x8.add                      none            vector     -      v128 v128 -> v128     | Add, wrapping around on overflow, lane by lane.
fd.143 i16x8.add_sat_s                none            vector     -      v128 v128 -> v128     | Add with signed saturation, lane by lane.
fd.144 i16x8.add_sat_u                none            vector     -      v128 v128 -> v128     | Add with unsigned saturation, lane by lane.
fd.145 i16x8.sub                      none            vector     -      v128 v128 -> v128     | Subtract, wrapping around on overflow, lane by lane.
fd.146 i16x8.sub_sat_s                none            vector     -      v128 v128 -> v128     | Subtract with signed saturation, lane by lane.
fd.147 i16x8.sub_sat_u                none            vector     -      v128 v128 -> v128     | Subtract with unsigned saturation, lane by lane.
fd.148 f64x2.nearest                  none            vector     -      v128 -> v128          | Round to the nearest integer, ties to even, lane by lane.
fd.149 i16x8.mul                      none            vector     -      v128 v128 -> v128     | Multiply, keeping the low bits, lane by lane.
fd.150 i16x8.min_s                    none            vector     -      v128 v128 -> v128     | Signed minimum, lane by lane.
fd.151 i16x8.min_u                    none            vector     -      v128 v128 -> v128     | Unsigned minimum, lane by lane.
fd.152 i16x8.max_s                    none            vector     -      v128 v128 -> v128     | Signed maximum, lane by lane.
fd.153 i16x8.max_u                    none            vector     -      v128 v128 -> v128     | Unsigned maximum, lane by lane.
fd.155 i16x8.avgr_u                   none            vector     -      v128 v128 -> v128     | Unsigned average, rounding up, lane by lane.
fd.156 i16x8.extmul_low_i8x16_s       none            vector     -      v128 v128 -> v128     | Multiply the low half of the lanes, widened (signed), at double width.
fd.157 i16x8.extmul_high_i8x16_s      none            vector     -      v128 v128 -> v128     | Multiply the high half of the lanes, widened (signed), at double width.
fd.158 i16x8.extmul_low_i8x16_u       none            vector     -      v128 v128 -> v128     | Multiply the low half of the lanes, widened (unsigned), at double width.
fd.159 i16x8.extmul_high_i8x16_u      none            vector     -      v128 v128 -> v128     | Multiply the high half of the lanes, widened (unsigned), at double width.
fd.160 i32x4.abs                      none            vector     -      v128 -> v128          | Absolute value, lane by lane.
fd.161 i32x4.neg                      none            vector     -      v128 -> v128          | Negate, lane by lane.
fd.163 i32x4.all_true                 none            vector     -      v128 -> i32           | Push 1 if every lane is non-zero, else 0.
fd.164 i32x4.bitmask                  none            vector     -      v128 -> i32           | Gather the top bit of each lane into an i32.
fd.167 i32x4.extend_low_i16x8_s       none            vector     -      v128 -> v128          | Sign-extend the low half of the lanes to double width.
fd.168 i32x4.extend_high_i16x8_s      none            vector     -      v128 -> v128          | Sign-extend the high half of the lanes to double width.
fd.169 i32x4.extend_low_i16x8_u       none            vector     -      v128 -> v128          | Zero-extend the low half of the lanes to double width.
fd.170 i32x4.extend_high_i16x8_u      none            vector     -      v128 -> v128          | Zero-extend the high half of the lanes to double width.
fd.171 i32x4.shl                      none            vector     -      v128 i32 -> v128      | Shift left (count modulo the bit width), lane by lane.
fd.172 i32x4.shr_s                    none            vector     -      v128 i32 -> v128      | Arithmetic shift right (count modulo the bit width), lane by lane.
fd.173 i32x4.shr_u                    none            vector     -      v128 i32 -> v128      | Logical shift right (count modulo the bit width), lane by lane.
fd.174 i32x4.add                      none            vector     -      v128 v128 -> v128     | Add, wrapping around on overflow, lane by lane.
fd.177 i32x4.sub                      none            vector     -      v128 v128 -> v128     | Subtract, wrapping around on overflow, lane by lane.
fd.181 i32x4.mul                      none            vector     -      v128 v128 -> v128     | Multiply, keeping the low bits, lane by lane.
fd.182 i32x4.min_s                    none            vector     -      v128 v128 -> v128     | Signed minimum, lane by lane.
fd.183 i32x4.min_u                    none            vector     -      v128 v128 -> v128     | Unsigned minimum, lane by lane.
fd.184 i32x4.max_s                    none            vector     -      v128 v128 -> v128     | Signed maximum, lane by lane.
fd.185 i32x4.max_u                    none            vector     -      v128 v128 -> v128     | Unsigned maximum, lane by lane.
fd.186 i32x4.dot_i16x8_s              none            vector     -      v128 v128 -> v128     | Multiply signed i16 lanes and add adjacent pairs into i32 lanes.
fd.188 i32x4.extmul_low_i16x8_s       none            vector     -      v128 v128 -> v128     | Multiply the low half of the lanes, widened (signed), at double width.
fd.189 i32x4.extmul_high_i16x8_s      none            vector     -      v128 v128 -> v128     | Multiply the high half of the lanes, widened (signed), at double width.
fd.190 i32x4.extmul_low_i16x8_u       none            vector     -      v128 v128 -> v128     | Multiply the low half of the lanes, widened (unsigned), at double width.
fd.191 i32x4.extmul_high_i16x8_u      none            vector     -      v128 v128 -> v128     | Multiply the high half of the lanes, widened (unsigned), at double width.
fd.192 i64x2.abs                      none            vector     -      v128 -> v128          | Absolute value, lane by lane.
fd.193 i64x2.neg                      none            vector     -      v128 -> v128          | Negate, lane by lane.
fd.195 i64x2.all_true                 none            vector     -      v128 -> i32           | Push 1 if every lane is non-zero, else 0.
fd.196 i64x2.bitmask                  none            vector     -      v128 -> i32           | Gather the top bit of each lane into an i32.
fd.199 i64x2.extend_low_i32x4_s       none            vector     -      v128 -> v128          | Sign-extend the low half of the lanes to double width.
fd.200 i64x2.extend_high_i32x4_s      none            vector     -      v128 -> v128          | Sign-extend the high half of the lanes to double width.
fd.201 i64x2.extend_low_i32x4_u       none            vector     -      v128 -> v128          | Zero-extend the low half of the lanes to double width.
fd.202 i64x2.extend_high_i32x4_u      none            vector     -      v128 -> v128          | Zero-extend the high half of the lanes to double width.
fd.203 i64x2.shl                      none            vector     -      v128 i32 -> v128      | Shift left (count modulo the bit width), lane by lane.
fd.204 i64x2.shr_s                    none            vector     -      v128 i32 -> v128      | Arithmetic shift right (count modulo the bit width), lane by lane.
fd.205 i64x2.shr_u                    none            vector     -      v128 i32 -> v128      | Logical shift right (count modulo the bit width), lane by lane.
fd.206 i64x2.add                      none            vector     -      v128 v128 -> v128     | Add, wrapping around on overflow, lane by lane.
fd.209 i64x2.sub                      none            vector     -      v128 v128 -> v128     | Subtract, wrapping around on overflow, lane by lane.
fd.213 i64x2.mul                      none            vector     -      v128 v128 -> v128     | Multiply, keeping the low bits, lane by lane.
fd.214 i64x2.eq                       none            vector     -      v128 v128 -> v128     | Compare for equality lane by lane (all ones or zero).
fd.215 i64x2.ne                       none            vector     -      v128 v128 -> v128     | Compare for inequality lane by lane (all ones or zero).
fd.216 i64x2.lt_s                     none            vector     -      v128 v128 -> v128     | Signed less-than lane by lane (all ones or zero).
fd.217 i64x2.gt_s                     none            vector     -      v128 v128 -> v128     | Signed greater-than lane by lane (all ones or zero).
fd.218 i64x2.le_s                     none            vector     -      v128 v128 -> v128     | Signed less-or-equal lane by lane (all ones or zero).
fd.219 i64x2.ge_s                     none            vector     -      v128 v128 -> v128     | Signed greater-or-equal lane by lane (all ones or zero).
fd.220 i64x2.extmul_low_i32x4_s       none            vector     -      v128 v128 -> v128     | Multiply the low half of the lanes, widened (signed), at double width.
fd.221 i64x2.extmul_high_i32x4_s      none            vector     -      v128 v128 -> v128     | Multiply the high half of the lanes, widened (signed), at double width.
fd.222 i64x2.extmul_low_i32x4_u       none            vector     -      v128 v128 -> v128     | Multiply the low half of the lanes, widened (unsigned), at double width.
fd.223 i64x2.extmul_high_i32x4_u      none            vector     -      v128 v128 -> v128     | Multiply the high half of the lanes, widened (unsigned), at double width.
fd.224 f32x4.abs                      none            vector     -      v128 -> v128          | Absolute value, lane by lane.
fd.225 f32x4.neg                      none            vector     -      v128 -> v128          | Negate, lane by lane.
fd.227 f32x4.sqrt                     none            vector     -      v128 -> v128          | Square root, lane by lane.
fd.228 f32x4.add                      none            vector     -      v128 v128 -> v128     | Add (IEEE 754, round to nearest), lane by lane.
fd.229 f32x4.sub                      none            vector     -      v128 v128 -> v128     | Subtract (IEEE 754, round to nearest), lane by lane.
fd.230 f32x4.mul                      none            vector     -      v128 v128 -> v128     | Multiply (IEEE 754, round to nearest), lane by lane.
fd.231 f32x4.div                      none            vector     -      v128 v128 -> v128     | Divide (IEEE 754), lane by lane.
fd.232 f32x4.min                      none            vector     -      v128 v128 -> v128     | Minimum; NaN if either is NaN, -0 below +0, lane by lane.
fd.233 f32x4.max                      none            vector     -      v128 v128 -> v128     | Maximum; NaN if either is NaN, +0 above -0, lane by lane.
fd.234 f32x4.pmin                     none            vector     -      v128 v128 -> v128     | Pseudo-minimum: b < a ? b : a, lane by lane.
fd.235 f32x4.pmax                     none            vector     -      v128 v128 -> v128     | Pseudo-maximum: a < b ? b : a, lane by lane.
fd.236 f64x2.abs                      none            vector     -      v128 -> v128          | Absolute value, lane by lane.
fd.237 f64x2.neg                      none            vector     -      v128 -> v128          | Negate, lane by lane.
fd.239 f64x2.sqrt                     none            vector     -      v128 -> v128          | Square root, lane by lane.
fd.240 f64x2.add                      none            vector     -      v128 v128 -> v128     | Add (IEEE 754, round to nearest), lane by lane.
fd.241 f64x2.sub                      none            vector     -      v128 v128 -> v128     | Subtract (IEEE 754, round to nearest), lane by lane.
fd.242 f64x2.mul                      none            vector     -      v128 v128 -> v128     | Multiply (IEEE 754, round to nearest), lane by lane.
fd.243 f64x2.div                      none            vector     -      v128 v128 -> v128     | Divide (IEEE 754), lane by lane.
fd.244 f64x2.min                      none            vector     -      v128 v128 -> v128     | Minimum; NaN if either is NaN, -0 below +0, lane by lane.
fd.245 f64x2.max                      none            vector     -      v128 v128 -> v128     | Maximum; NaN if either is NaN, +0 above -0, lane by lane.
fd.246 f64x2.pmin                     none            vector     -      v128 v128 -> v128     | Pseudo-minimum: b < a ? b : a, lane by lane.
fd.247 f64x2.pmax                     none            vector     -      v128 v128 -> v128     | Pseudo-maximum: a < b ? b : a, lane by lane.
fd.248 i32x4.trunc_sat_f32x4_s        none            vector     -      v128 -> v128          | Truncate float lanes to signed i32 lanes with saturation.
fd.249 i32x4.trunc_sat_f32x4_u        none            vector     -      v128 -> v128          | Truncate float lanes to signed i32 lanes with saturation.
fd.250 f32x4.convert_i32x4_s          none            vector     -      v128 -> v128          | Convert a signed i32 to the nearest f32x4, lane by lane.
fd.251 f32x4.convert_i32x4_u          none            vector     -      v128 -> v128          | Convert a unsigned i32 to the nearest f32x4, lane by lane.
fd.252 i32x4.trunc_sat_f64x2_s_zero   none            vector     -      v128 -> v128          | Truncate float lanes to signed i32 lanes with saturation, high lanes 0.
fd.253 i32x4.trunc_sat_f64x2_u_zero   none            vector     -      v128 -> v128          | Truncate float lanes to signed i32 lanes with saturation, high lanes 0.
fd.254 f64x2.convert_low_i32x4_s      none            vector     -      v128 -> v128          | Convert signed i32 lanes to f64 lanes.
fd.255 f64x2.convert_low_i32x4_u      none            vector     -      v128 -> v128          | Convert unsigned i32 lanes to f64 lanes.
fd.256 i8x16.relaxed_swizzle          none            vector     - @relaxed-simd v128 v128 -> v128     | Select bytes by index like swizzle; an index of 16 or more gives 0 here (relaxed: may differ elsewhere).
fd.257 i32x4.relaxed_trunc_f32x4_s    none            vector     - @relaxed-simd v128 -> v128          | Truncate f32 lanes to signed i32; here saturating like trunc_sat (relaxed: NaN and overflow may differ).
fd.258 i32x4.relaxed_trunc_f32x4_u    none            vector     - @relaxed-simd v128 -> v128          | Truncate f32 lanes to unsigned i32; here saturating like trunc_sat (relaxed).
fd.259 i32x4.relaxed_trunc_f64x2_s_zero none            vector     - @relaxed-simd v128 -> v128          | Truncate f64 lanes to signed i32, high lanes 0; here saturating like trunc_sat (relaxed).
fd.260 i32x4.relaxed_trunc_f64x2_u_zero none            vector     - @relaxed-simd v128 -> v128          | Truncate f64 lanes to unsigned i32, high lanes 0; here saturating like trunc_sat (relaxed).
fd.261 f32x4.relaxed_madd             none            vector     - @relaxed-simd v128 v128 v128 -> v128| a * b + c lane by lane; here fused, rounded once (relaxed: may round twice elsewhere).
fd.262 f32x4.relaxed_nmadd            none            vector     - @relaxed-simd v128 v128 v128 -> v128| -(a * b) + c lane by lane; here fused, rounded once (relaxed).
fd.263 f64x2.relaxed_madd             none            vector     - @relaxed-simd v128 v128 v128 -> v128| a * b + c lane by lane; here fused, rounded once (relaxed: may round twice elsewhere).
fd.264 f64x2.relaxed_nmadd            none            vector     - @relaxed-simd v128 v128 v128 -> v128| -(a * b) + c lane by lane; here fused, rounded once (relaxed).
fd.265 i8x16.relaxed_laneselect       none            vector     - @relaxed-simd v128 v128 v128 -> v128| Select from a where the mask is 1, b where 0; here bit by bit like bitselect (relaxed).
fd.266 i16x8.relaxed_laneselect       none            vector     - @relaxed-simd v128 v128 v128 -> v128| Select from a where the mask is 1, b where 0; here bit by bit like bitselect (relaxed).
fd.267 i32x4.relaxed_laneselect       none            vector     - @relaxed-simd v128 v128 v128 -> v128| Select from a where the mask is 1, b where 0; here bit by bit like bitselect (relaxed).
fd.268 i64x2.relaxed_laneselect       none            vector     - @relaxed-simd v128 v128 v128 -> v128| Select from a where the mask is 1, b where 0; here bit by bit like bitselect (relaxed).
fd.269 f32x4.relaxed_min              none            vector     - @relaxed-simd v128 v128 -> v128     | Minimum lane by lane; here exactly f32x4.min (relaxed: NaN and -0 may differ).
fd.270 f32x4.relaxed_max              none            vector     - @relaxed-simd v128 v128 -> v128     | Maximum lane by lane; here exactly f32x4.max (relaxed: NaN and -0 may differ).
fd.271 f64x2.relaxed_min              none            vector     - @relaxed-simd v128 v128 -> v128     | Minimum lane by lane; here exactly f64x2.min (relaxed: NaN and -0 may differ).
fd.272 f64x2.relaxed_max              none            vector     - @relaxed-simd v128 v128 -> v128     | Maximum lane by lane; here exactly f64x2.max (relaxed: NaN and -0 may differ).
fd.273 i16x8.relaxed_q15mulr_s        none            vector     - @relaxed-simd v128 v128 -> v128     | Q15 rounding multiply; here saturating like q15mulr_sat_s (relaxed: -1 * -1 may wrap).
fd.274 i16x8.relaxed_dot_i8x16_i7x16_s none            vector     - @relaxed-simd v128 v128 -> v128     | Multiply i8 lanes by 7-bit lanes, add pairs into i16; here both signed (relaxed).
fd.275 i32x4.relaxed_dot_i8x16_i7x16_add_s none            vector     - @relaxed-simd v128 v128 v128 -> v128| Multiply i8 lanes by 7-bit lanes, add groups of four and the third operand into i32 (relaxed).
"""


def _value_or_variable(token: str) -> ValType | str:
    """A value type of the effect column, or a type variable (`t`, `ref`) kept as its name."""
    t = ValType.from_text(token)
    return token if t is None else t


def _arity(imm: str, left: list[str], right: list[str]) -> Arity:
    """The rule of the module docstring: what the `*` sequences of an effect stand for."""
    starred_left = [t for t in left if t.endswith("*")]
    starred_right = [t for t in right if t.endswith("*")]
    if not starred_left and not starred_right:
        return Arity.FIXED
    if imm in ("blocktype", "try_table"):
        return Arity.BLOCK
    if imm in ("type", "type_n") and not starred_right:
        return Arity.FIELDS
    if imm in ("func", "call_indirect", "type"):
        return Arity.CALL
    if starred_left == starred_right:
        return Arity.LABEL
    return Arity.POLYMORPHIC


def _parse_effect(text: str, imm: str):
    """(operands, produces, arity, params, results, display) of an effect column."""
    if text == "*":
        return (), (), Arity.STRUCTURED, None, None, "(structured)"
    left_text, _, right_text = text.partition("->")
    left, right = left_text.split(), right_text.split()
    display = f"[{' '.join(left)}] -> [{' '.join(right)}]"
    arity = _arity(imm, left, right)
    operands = tuple(_value_or_variable(t) for t in left if not t.endswith("*"))
    produces = tuple(_value_or_variable(t) for t in right if not t.endswith("*"))
    concrete = arity is Arity.FIXED and all(isinstance(t, ValType) for t in operands + produces)
    params, results = (operands, produces) if concrete else (None, None)
    return operands, produces, arity, params, results, display


def _parse_table(text: str) -> tuple[OpInfo, ...]:
    ops = []
    for line in text.splitlines():
        left, _, doc = line.partition("|")
        fields = left.split()
        code_text, name, imm = fields[0], fields[1], fields[2]
        rest = fields[3:]
        align = int(rest.pop(0)) if rest and rest[0].isdigit() else None
        kind, writes = Kind(rest[0]), Writes(rest[1])
        feature = None
        if len(rest) > 2 and rest[2].startswith("@"):
            feature = rest.pop(2)[1:]
        if "." in code_text:
            prefix, sub = code_text.split(".")
            code, sub_code = {"fb": PREFIX_GC, "fc": PREFIX_MISC, "fd": PREFIX_SIMD}[prefix], int(sub)
        else:
            code, sub_code = int(code_text, 16), None
        operands, produces, arity, params, results, effect = _parse_effect(" ".join(rest[2:]), imm)
        ops.append(
            OpInfo(
                name, code, sub_code, imm, align, kind, writes, operands, produces, arity, params, results, effect,
                doc.strip(), feature,
            )
        )
    return tuple(ops)


OPS: tuple[OpInfo, ...] = _parse_table(_TABLE)

# Single-byte opcodes by byte; prefixed ones by (prefix, sub-opcode).
BY_CODE: dict[int, OpInfo] = {op.code: op for op in OPS if op.sub is None}
BY_PREFIXED: dict[tuple[int, int], OpInfo] = {(op.code, op.sub): op for op in OPS if op.sub is not None}

# Text names. `select` has two encodings: 0x1B (untyped) is the one named here;
# 0x1C (`select (result t)`) is `SELECT_TYPED`.
BY_NAME: dict[str, OpInfo] = {}
for _op in OPS:
    BY_NAME.setdefault(_op.name, _op)
SELECT_TYPED: OpInfo = BY_CODE[0x1C]


def op(name: str) -> OpInfo:
    """The table entry of a text-format name; KeyError when there is none."""
    return BY_NAME[name]


# How many immediates come before a memory instruction's memory index (3.0), by immediate kind.
_BEFORE_MEMORY_INDEX = {"memarg": 2, "memarg_lane": 3, "mem0": 0, "mem0_mem0": 0, "memory_init": 1}


def memory_index(op: OpInfo, imm: tuple) -> int | None:
    """The memory a memory instruction uses (memory.copy: its destination); None for other instructions."""
    before = _BEFORE_MEMORY_INDEX.get(op.imm)
    if before is None:
        return None
    return imm[before] if len(imm) > before else 0


def copy_memories(imm: tuple) -> tuple[int, int]:
    """memory.copy's (destination, source) memory indices."""
    return imm if imm else (0, 0)


CATCH_NAMES = ("catch", "catch_ref", "catch_all", "catch_all_ref")  # by their binary code


class Catch(NamedTuple):
    """One catch clause of `try_table` (3.0): where an exception leaving its body goes.

    `kind` is the binary code (an index of CATCH_NAMES); `tag` the tag index, None for the
    catch_all forms; `label` the label index, counted from OUTSIDE the try_table. The `_ref`
    forms push the exception's exnref too (after the payload, for catch_ref).
    """

    kind: int
    tag: int | None
    label: int

    @property
    def name(self) -> str:
        return CATCH_NAMES[self.kind]

    @property
    def pushes_ref(self) -> bool:
        return self.kind in (1, 3)


def describe(opinfo: OpInfo) -> str:
    """One line for a hover: `i32.add: [i32 i32] -> [i32]  Add, wrapping around on overflow.`"""
    return f"{opinfo.name}: {opinfo.effect}  {opinfo.doc}"
