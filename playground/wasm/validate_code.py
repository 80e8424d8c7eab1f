"""Function bodies: the validation algorithm of the specification's appendix ("Validation Algorithm").

A value stack of operand types (with `UNKNOWN` for the polymorphic stack
after `unreachable`, `br`, `br_table` and `return`) and a stack of control
frames, each with its start and end types, the stack height at its entry,
and its `unreachable` flag.

Every rule comes from the instruction table's columns (wasm/instructions.py).
An instruction whose effect holds only value types is checked from
`OpInfo.params/results`. Its immediate kind says what else to check (a
memory and its alignment, a lane, an index that must exist) and what binds
the effect's type variables: `t` is a local's or a global's type, `ref` a
table's element type or the `ref.null` type. Without such an immediate the
operand binds them (`drop`, `ref.is_null`, the untyped `select`). Only the
control instructions (those whose `arity` is not FIXED) have rules of their
own, one per instruction as in the specification (3.3.8).

The loop runs once over the flat body and costs O(1) per instruction
(amortised; `br_table` costs its target count), with a fast path for the
common case of a statically known stack.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from playground.wasm.errors import InvalidError
from playground.wasm.instructions import OPS, Arity, OpInfo, copy_memories, memory_index, op
from playground.wasm.model import Instr
from playground.wasm.subtyping import is_defaultable, matches
from playground.wasm.types import FuncType, HeapKind, RefType, ValType, ref_type
from playground.wasm.validate_context import Context
from playground.wasm.validate_refs import RULES as _REF_RULES
from playground.wasm.validate_refs import RefRules

UNKNOWN = "unknown"
"""The type of an operand that the polymorphic stack makes up (spec appendix: `Unknown`)."""

StackType = ValType | str  # a ValType, or UNKNOWN


@dataclass(frozen=True)
class StackStep:
    """The operand type stack just before and just after one instruction (bottom first)."""

    before: tuple[StackType, ...]
    after: tuple[StackType, ...]


# Rules. SIMPLE takes `params -> results` from the table; MEM, MEM0, LANE, MEM_LANE, SHUFFLE and the
# index rules check their immediates and then do the same; LOCAL, GLOBAL, TABLE, REFTYPE and SELECT_T
# bind the effect's type variables from the immediate; OPERAND binds them from the operands.
(SIMPLE, MEM, MEM0, LANE, MEM_LANE, SHUFFLE, LOCAL, GLOBAL, TABLE, REFTYPE, SELECT_T, OPERAND, SELECT,
 TABLE_COPY, TABLE_INIT, ELEM, DATA, MEMORY_INIT, REF_FUNC,
 BLOCK, LOOP, IF, ELSE, END, BR, BR_IF, BR_TABLE, RETURN, UNREACHABLE, CALL, CALL_INDIRECT, FUNC,
 RETURN_CALL, RETURN_CALL_INDIRECT, REFS) = range(35)  # fmt: skip

THROW, THROW_REF, TRY_TABLE = range(100, 103)  # 3.0, exception handling (`exception_rule`)

# 3.0, memory64 and table64: which operands and results of an instruction are addresses (or table
# indices) of its memory or table: `a` its (destination's) address type, `s` the source's, `m` the
# smaller of the two (i32 if either is), `-` as the table says. Loads and stores: the first operand.
_ADDRESS_PATTERNS = {
    "memory.size": ("", "a"), "memory.grow": ("a", "a"), "memory.fill": ("a-a", ""), "memory.copy": ("asm", ""),
    "memory.init": ("a--", ""), "table.get": ("a", "-"), "table.set": ("a-", ""), "table.size": ("", "a"),
    "table.grow": ("-a", "a"), "table.fill": ("a-a", ""), "table.copy": ("asm", ""), "table.init": ("a--", ""),
}  # fmt: skip
_ADDRESSED = frozenset(o for o in OPS if memory_index(o, ()) is not None or o.name in _ADDRESS_PATTERNS)
EXNREF = ref_type(True, HeapKind.EXN)  # what `throw_ref` takes (null traps)
CAUGHT = ref_type(False, HeapKind.EXN)  # what `catch_ref` and `catch_all_ref` give: (ref exn), never null

# By immediate kind, for the instructions of FIXED arity.
_BY_IMM = {
    "memarg": MEM, "mem0": MEM0, "mem0_mem0": MEM0, "lane": LANE, "memarg_lane": MEM_LANE, "shuffle": SHUFFLE,
    "local": LOCAL, "global": GLOBAL, "table": TABLE, "reftype": REFTYPE, "select_t": SELECT_T,
    "table_copy": TABLE_COPY, "table_init": TABLE_INIT, "elem": ELEM, "data": DATA, "memory_init": MEMORY_INIT,
    "func": REF_FUNC,
}  # fmt: skip

# The control instructions' own typing rules (spec 3.3.8), by table entry.
_CONTROL = {
    op("block"): BLOCK, op("loop"): LOOP, op("if"): IF, op("else"): ELSE, op("end"): END,
    op("br"): BR, op("br_if"): BR_IF, op("br_table"): BR_TABLE, op("return"): RETURN,
    op("unreachable"): UNREACHABLE, op("call"): CALL, op("call_indirect"): CALL_INDIRECT,
    op("return_call"): RETURN_CALL, op("return_call_indirect"): RETURN_CALL_INDIRECT,
    op("throw"): THROW, op("throw_ref"): THROW_REF, op("try_table"): TRY_TABLE,
}  # fmt: skip
_SELECT = op("select")  # the untyped one: spec 3.3.4 asks for a numeric or vector type besides the effect


def _lane_count(o: OpInfo) -> int | None:
    """Lanes of the vector shape an instruction works on: `i16x8.*` has 8, `v128.load32_lane` has 4."""
    if o.imm == "memarg_lane":
        return 128 // (8 << o.align)
    if o.imm == "lane":
        shape = o.name.split(".")[0]
        return int(shape[shape.index("x") + 1 :])
    if o.imm == "shuffle":
        return 32  # lane indices select from both operands (spec 3.3.3.6)
    return None


def _classify(o: OpInfo) -> tuple[int, list, list, int | None]:
    """(rule, operands, results, lanes): operands and results may hold type variables ("t", "ref")."""
    if o.name in _REF_RULES:  # 3.0 typed references and GC: validate_refs.py
        return REFS, list(o.operands), list(o.produces), None
    if o.arity is not Arity.FIXED:
        rule = _CONTROL.get(o)
        if rule is None:
            raise RuntimeError(f"instruction table: no validation rule for {o.name}")  # a table bug, at import
    elif o is _SELECT:
        rule = SELECT
    else:
        rule = _BY_IMM.get(o.imm, SIMPLE if o.is_simple else OPERAND)
    return rule, list(o.operands), list(o.produces), _lane_count(o)


_INFO: dict[OpInfo, tuple[int, list, list, int | None]] = {o: _classify(o) for o in OPS}
_NUMERIC = frozenset((ValType.I32, ValType.I64, ValType.F32, ValType.F64, UNKNOWN))
_VECTOR = frozenset((ValType.V128, UNKNOWN))
_I32 = ValType.I32
_EMPTY: list[ValType] = []  # shared; never mutated
_T, _REF = "t", "ref"  # the type variables of the effect column


def _bind(types: list, t: StackType | None, ref: StackType | None) -> list:
    """`types` with the type variables replaced: `t` by `t`, `ref` by `ref`."""
    return [t if x == _T else ref if x == _REF else x for x in types]


class _Fail(Exception):
    """Internal: a rule failed at the current instruction; the loop adds the location."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


MISMATCH = "type mismatch"  # the specification's words; what we add after a colon says what and where


def _name(t: StackType | None) -> str:
    return "nothing" if t is None else ("a value of any type" if t is UNKNOWN else str(t))


def _types(types) -> str:
    return "[" + " ".join(map(str, types)) + "]"


def _mismatch(expected: StackType | None, found: StackType | None) -> _Fail:
    """`type mismatch: expected i64 but found i32` (found nothing: the stack had no value for it), as WABT says it."""
    return _Fail(f"{MISMATCH}: expected {_name(expected) if expected is not None else 'a value'} but found {_name(found)}")


def _lookup(items, index: int, what: str):
    """`items[index]`, or the spec's "unknown <what> <index>" (spec 3.1.1: every index must exist)."""
    if not 0 <= index < len(items):
        raise _Fail(f"unknown {what} {index}")
    return items[index]


class _Frame:
    """A control frame (spec appendix): opcode kind, start/end types, label types, entry height."""

    __slots__ = ("kind", "start", "end", "labels", "height", "unreachable", "sets")

    def __init__(self, kind: int, start: list, end: list, height: int) -> None:
        self.kind = kind
        self.start = start
        self.end = end
        self.labels = start if kind == LOOP else end  # a branch to a loop re-enters it
        self.height = height
        self.unreachable = False
        self.sets = 0  # the length of the checker's set_log at entry


def _recording(body: list[Instr], vals: list, steps: list[StackStep]) -> Iterator[tuple[int, Instr]]:
    """Walk the body like `enumerate`, noting the type stack around each instruction."""
    for item in enumerate(body):
        before = tuple(vals)
        yield item
        steps.append(StackStep(before, tuple(vals)))


def check_func(
    ctx: Context,
    funcidx: int,
    ftype: FuncType,
    local_types: list[ValType],
    body: list[Instr],
    steps: list[StackStep] | None = None,
) -> None:
    """Validate one function body (spec 3.4.1, 3.3) against its type; raise InvalidError at the first fault.

    With `steps`, append one StackStep per instruction (the learner's view); without, nothing
    is recorded and nothing is paid for it. `funcidx` (index space, imports first) locates errors.
    """
    try:
        checker = _BodyChecker(ctx, ftype, local_types)
    except _Fail as fail:  # a local's or the function's type names an unknown type
        raise InvalidError(fail.message, func_index=funcidx) from None
    checker.run(funcidx, body, steps)


class _BodyChecker(RefRules):
    """The state of the appendix algorithm for one body: `vals`, `ctrls` and the context.

    3.0: a local whose type has no default (a non-nullable reference) must be set before it is
    read; `unset` holds those not set yet, and leaving a block forgets the sets made inside it
    (`set_log`, each frame's `sets` is the log's length at its entry)."""

    UNKNOWN = UNKNOWN

    def __init__(self, ctx: Context, ftype: FuncType, local_types: list[ValType]) -> None:
        self.ctx = ctx
        self.locals = [self.vt(t) for t in (*ftype.params, *local_types)]
        self.results = [self.vt(t) for t in ftype.results]
        self.vals: list[StackType] = []
        self.ctrl: list[_Frame] = [_Frame(FUNC, _EMPTY, self.results, 0)]
        nparams = len(ftype.params)
        self.unset = {i for i in range(nparams, len(self.locals)) if not is_defaultable(self.locals[i])}
        self.set_log: list[int] = []

    def fail(self, message: str):
        raise _Fail(message)

    # --- the appendix's auxiliary functions (off the fast path) ---------------------------

    def pop(self, expect: StackType | None = None) -> StackType:
        vals, frame = self.vals, self.ctrl[-1]
        if len(vals) == frame.height:
            if frame.unreachable:
                return UNKNOWN
            raise _mismatch(expect, None)
        return vals.pop()

    def pop_expect(self, expect: StackType) -> StackType:
        actual = self.pop(expect)
        if actual is not expect and actual is not UNKNOWN and expect is not UNKNOWN and not matches(actual, expect):
            raise _mismatch(expect, actual)
        return actual

    def pop_vals(self, expected: list) -> None:
        vals, n = self.vals, len(expected)
        if n and len(vals) - n >= self.ctrl[-1].height and vals[-n:] == expected:
            del vals[-n:]
            return
        for t in reversed(expected):
            self.pop_expect(t)

    def push_ctrl(self, kind: int, start: list, end: list) -> None:
        frame = _Frame(kind, start, end, len(self.vals))
        frame.sets = len(self.set_log)
        self.ctrl.append(frame)
        self.vals += start

    def pop_ctrl(self) -> _Frame:
        vals, frame = self.vals, self.ctrl[-1]
        if vals[frame.height :] == frame.end:
            del vals[frame.height :]
        else:
            self.pop_vals(frame.end)
            if len(vals) != frame.height:
                left = ", ".join(_name(v) for v in vals[frame.height :])
                where = "function" if frame.kind == FUNC else "block"
                raise _Fail(f"{MISMATCH}: expected nothing more at the end of the {where} but found {left}")
        self.ctrl.pop()
        log = self.set_log
        while len(log) > frame.sets:  # sets of non-defaultable locals end with their block
            self.unset.add(log.pop())
        return frame

    def set_unreachable(self) -> None:
        frame = self.ctrl[-1]
        del self.vals[frame.height :]
        frame.unreachable = True

    # --- context look-ups -----------------------------------------------------------------

    def label_types(self, labelidx: int) -> list:
        if not 0 <= labelidx < len(self.ctrl):
            raise _Fail(f"unknown label {labelidx}")
        return self.ctrl[-1 - labelidx].labels

    def block_types(self, bt) -> tuple[list, list]:
        """Spec 3.2.2 block types: empty, one result, or a type index with params and results."""
        if bt is None:
            return _EMPTY, _EMPTY
        if not isinstance(bt, int):
            return _EMPTY, [self.vt(bt)]
        ft = _lookup(self.ctx.types, bt, "type")
        if not isinstance(ft, FuncType):
            raise _Fail(f"{MISMATCH}: block type {bt} is not a function type")
        return list(ft.params), list(ft.results)

    def local(self, localidx: int) -> ValType:
        return _lookup(self.locals, localidx, "local")

    def global_(self, globalidx: int):
        return _lookup(self.ctx.globals, globalidx, "global")

    def table(self, tableidx: int):
        return _lookup(self.ctx.tables, tableidx, "table")

    def func(self, funcidx: int) -> FuncType:
        return _lookup(self.ctx.funcs, funcidx, "function")

    def need_memory(self, memidx: int = 0) -> None:
        if not 0 <= memidx < len(self.ctx.mems):
            raise _Fail(f"unknown memory {memidx}")

    def need_elem(self, elemidx: int) -> ValType:
        return _lookup(self.ctx.elems, elemidx, "elem segment")

    def need_data(self, dataidx: int) -> None:
        if not 0 <= dataidx < self.ctx.datas:
            raise _Fail(f"unknown data segment {dataidx}")

    def check_memarg(self, instr: Instr) -> None:
        """Spec 3.3.7: a memory must exist, 2**align must not exceed the access width, and
        (3.0) the offset must fit the memory's address type."""
        memidx = memory_index(instr.op, instr.imm)
        self.need_memory(memidx)
        if instr.imm[1] >> 32 and not self.ctx.mems[memidx].limits.is64:
            raise _Fail("offset out of range")
        if instr.imm[0] > instr.op.align:
            raise _Fail("alignment must not be larger than natural")

    # --- the loop ---------------------------------------------------------------------------

    def run(self, funcidx: int, body: list[Instr], steps: list[StackStep] | None) -> None:
        vals, ctrl, locals_ = self.vals, self.ctrl, self.locals
        nlocals = len(locals_)
        pop_expect, pop_vals = self.pop_expect, self.pop_vals
        info = _INFO
        height = 0  # ctrl[-1].height, cached for the fast path
        last = len(body) - 1
        it = enumerate(body) if steps is None else _recording(body, vals, steps)
        i, ins = -1, None
        wide = self.wide
        try:
            for i, ins in it:
                kind, params, res, lanes = info[ins.op]
                if wide and ins.op in _ADDRESSED:  # a 64-bit memory or table: i64 addresses (3.0)
                    params, res = self.address_effect(ins, params, res)
                if kind:
                    if kind == LOCAL:  # local.get [] -> [t], local.set [t] -> [], local.tee [t] -> [t]
                        x = ins.imm[0]
                        t = locals_[x] if 0 <= x < nlocals else self.local(x)
                        if x in self.unset:
                            self.local_init(x, params)
                        if params:
                            if len(vals) > height and vals[-1] is t:
                                if not res:
                                    vals.pop()
                                continue
                            pop_expect(t)
                        if res:
                            vals.append(t)
                        continue
                    if kind == MEM:
                        self.check_memarg(ins)  # then the table's effect, below
                    elif kind == END:
                        frame = self.pop_ctrl()
                        if frame.kind == IF and frame.start != frame.end:
                            # `if` without `else`: the missing arm passes params through
                            raise _Fail(f"{MISMATCH}: an if without else must give back its parameters as its results")
                        vals += frame.end
                        if ctrl:
                            height = ctrl[-1].height
                        elif i != last:
                            raise _Fail("instructions after the end of the function")
                        continue
                    elif kind == BLOCK or kind == LOOP or kind == IF:
                        start, end = self.block_types(ins.imm[0])
                        if kind == IF:
                            pop_expect(_I32)
                        pop_vals(start)
                        height = len(vals)
                        self.push_ctrl(kind, start, end)
                        continue
                    elif kind == BR_IF:
                        labels = self.label_types(ins.imm[0])
                        pop_expect(_I32)
                        pop_vals(labels)
                        vals += labels
                        continue
                    elif kind == LANE or kind == MEM_LANE or kind == SHUFFLE:
                        if kind == MEM_LANE:
                            self.check_memarg(ins)
                        lane_imms = ins.imm[0] if kind == SHUFFLE else ins.imm[2:3] if kind == MEM_LANE else ins.imm
                        if any(not 0 <= lane < lanes for lane in lane_imms):
                            raise _Fail("invalid lane index")
                    elif kind == MEM0:
                        for memidx in ins.imm or (0,):  # memory.size/grow/fill: one; memory.copy: both
                            self.need_memory(memidx)
                    elif kind <= SELECT:
                        self.typed(kind, ins, params, res)
                        continue
                    elif kind <= REF_FUNC:
                        self.check_indices(kind, ins.imm)  # then the table's effect, below
                        if kind == REF_FUNC:  # 3.0: the function's own type, a subtype of funcref
                            vals.append(RefType(False, self.ctx.defs[self.ctx.func_typeidx[ins.imm[0]]]))
                            continue
                    else:
                        self.special(kind, ins)
                        height = ctrl[-1].height
                        continue
                # The stack effect straight from the instruction table.
                n = len(params)
                if n:
                    if len(vals) - n >= height and vals[-n:] == params:
                        del vals[-n:]
                    else:
                        for t in reversed(params):
                            pop_expect(t)
                if res:
                    vals += res
            if ctrl:
                ins = body[-1] if body else None
                raise _Fail("function body must end with `end`")
        except _Fail as fail:
            raise InvalidError(
                fail.message,
                func_index=funcidx,
                instr_index=i if ins is not None else None,
                instr_name=ins.op.name if ins is not None else None,
                span=ins.span if ins is not None else None,
                offset=ins.offset if ins is not None else None,
            ) from None

    def typed(self, kind: int, ins: Instr, params: list, results: list) -> None:
        """The table's effect with its type variables bound by the immediate or the operands (spec 3.3.2 to 3.3.8)."""
        imm = ins.imm
        if kind == OPERAND:  # drop [t] -> [], ref.is_null [ref] -> [i32]: the operand binds the variable
            for x in reversed(params):
                if x == _T:
                    self.pop()
                elif x == _REF:
                    t = self.pop("a reference")
                    if t is not UNKNOWN and not t.is_ref:
                        raise _Fail(f"{MISMATCH}: expected a reference but found {_name(t)}")
                else:
                    self.pop_expect(x)
            self.vals += results
            return
        if kind == SELECT:
            self.select()
            return
        t = ref = None
        if kind == GLOBAL:
            gtype = self.global_(imm[0])
            if ins.op.writes_state and not gtype.mutable:  # global.set
                raise _Fail("global is immutable")
            t = gtype.valtype
        elif kind == TABLE:
            ref = self.table(imm[0]).elem
        elif kind == REFTYPE:
            ref = self.vt(imm[0])
        else:  # SELECT_T
            if len(imm[0]) != 1:
                raise _Fail("invalid result arity")
            t = self.vt(imm[0][0])
        self.pop_vals(_bind(params, t, ref))
        self.vals += _bind(results, t, ref)

    def check_indices(self, kind: int, imm: tuple) -> None:
        """The segment and table instructions' immediates (spec 3.3.6 to 3.3.9) and `ref.func`'s (3.3.2)."""
        if kind == TABLE_COPY:
            dst, src = imm
            if not matches(self.table(src).elem, self.table(dst).elem):
                raise _Fail(f"{MISMATCH}: table {dst} holds {self.table(dst).elem} but table {src} {self.table(src).elem}")
        elif kind == TABLE_INIT:
            elemidx, tableidx = imm
            elem = self.table(tableidx).elem
            found = self.need_elem(elemidx)
            if not matches(found, elem):
                raise _Fail(f"{MISMATCH}: table {tableidx} holds {elem} but element segment {elemidx} {found}")
        elif kind == ELEM:
            self.need_elem(imm[0])
        elif kind == MEMORY_INIT:
            self.need_memory(imm[1] if len(imm) > 1 else 0)
            self.need_data(imm[0])
        elif kind == DATA:
            self.need_data(imm[0])
        else:  # REF_FUNC
            x = imm[0]
            self.func(x)
            if x not in self.ctx.refs:
                raise _Fail("undeclared function reference")  # spec 3.3.2: x must be in C.refs

    def special(self, kind: int, ins: Instr) -> None:
        """The control instructions' own rules (spec 3.3.8), those the loop does not do itself."""
        imm, vals = ins.imm, self.vals
        if kind == CALL:
            self.call(self.func(imm[0]))
        elif kind == BR:
            self.pop_vals(self.label_types(imm[0]))
            self.set_unreachable()
        elif kind == ELSE:
            if self.ctrl[-1].kind != IF:
                raise _Fail("else without a matching if")
            frame = self.pop_ctrl()
            self.push_ctrl(ELSE, frame.start, frame.end)
        elif kind == BR_TABLE:
            self.br_table(*imm)
        elif kind == RETURN:
            self.pop_vals(self.results)
            self.set_unreachable()
        elif kind == UNREACHABLE:
            self.set_unreachable()
        elif kind == CALL_INDIRECT:
            self.call_indirect(*imm)
        elif kind == RETURN_CALL or kind == RETURN_CALL_INDIRECT:
            self.return_call(kind, imm)
        elif kind >= THROW:
            self.exception_rule(kind, imm)
        elif kind == REFS:
            self.ref_rule(ins)
        else:  # pragma: no cover - _classify gives every instruction a rule handled above
            raise _Fail(f"no validation rule for rule {kind}")

    def local_init(self, x: int, params: list) -> None:
        """A non-defaultable local: local.get needs it set; local.set and local.tee set it."""
        if not params:
            raise _Fail("uninitialized local")
        self.unset.discard(x)
        self.set_log.append(x)

    @property
    def wide(self) -> bool:
        """Whether the module has a 64-bit memory or table (3.0), so that addresses may be i64."""
        return any(m.limits.is64 for m in self.ctx.mems) or any(t.limits.is64 for t in self.ctx.tables)

    def address_effect(self, ins: Instr, params: list, results: list) -> tuple[list, list]:
        """The instruction's effect with its addresses of the type its memory or table has (3.0)."""
        name, imm = ins.op.name, ins.imm
        if name.startswith("table."):
            dst = self.table(imm[1] if name == "table.init" else imm[0])
            src = self.table(imm[1]) if name == "table.copy" else dst
        else:
            d, s = copy_memories(imm) if name == "memory.copy" else (memory_index(ins.op, imm),) * 2
            dst, src = _lookup(self.ctx.mems, d, "memory"), _lookup(self.ctx.mems, s, "memory")
        a, s = dst.limits.address, src.limits.address
        chosen = {"a": a, "s": s, "m": _I32 if _I32 in (a, s) else a}
        operands, produced = _ADDRESS_PATTERNS.get(name, ("a", "-"))
        params = [chosen.get(p, t) for p, t in zip(operands.ljust(len(params), "-"), params)]
        results = [chosen.get(p, t) for p, t in zip(produced.ljust(len(results), "-"), results)]
        return params, results

    def exception_rule(self, kind: int, imm: tuple) -> None:
        """Exception handling (3.0): throw, throw_ref, and try_table with its catch clauses."""
        if kind == THROW:
            self.pop_vals(list(_lookup(self.ctx.tags, imm[0], "tag").params))
            self.set_unreachable()
        elif kind == THROW_REF:
            self.pop_expect(EXNREF)
            self.set_unreachable()
        else:
            start, end = self.block_types(imm[0])
            for catch in imm[1]:  # labels counted outside the try_table: checked before it opens
                self.catch_clause(catch)
            self.pop_vals(start)
            self.push_ctrl(BLOCK, start, end)

    def catch_clause(self, catch) -> None:
        """A catch clause branches to its label with the tag's payload (and, for the _ref forms, an exnref)."""
        labels = self.label_types(catch.label)
        sent = [] if catch.tag is None else list(_lookup(self.ctx.tags, catch.tag, "tag").params)
        if catch.pushes_ref:
            sent.append(CAUGHT)
        if len(sent) != len(labels):
            raise _Fail(f"{MISMATCH}: {catch.name} gives {_types(sent)} but label {catch.label} takes {_types(labels)}")
        vals, mark = self.vals, len(self.vals)
        vals += sent  # the label must accept them as a branch would
        self.pop_vals(labels)
        del vals[mark:]

    def br_table(self, targets: tuple[int, ...], default: int) -> None:
        """Spec 3.3.5 br_table: every target has the default's arity and accepts the operands."""
        vals = self.vals
        self.pop_expect(_I32)
        arity = len(self.label_types(default))
        for labelidx in targets:
            labels = self.label_types(labelidx)
            if len(labels) != arity:
                raise _Fail(f"{MISMATCH}: br_table's targets take {arity} and {len(labels)} values")
            popped = [self.pop_expect(t) for t in reversed(labels)]
            vals += reversed(popped)
        self.pop_vals(self.label_types(default))
        self.set_unreachable()

    def select(self) -> None:
        """Spec 3.3.4 untyped select: two operands of one numeric or vector type."""
        self.pop_expect(_I32)
        t1, t2 = self.pop(), self.pop()
        if not ((t1 in _NUMERIC and t2 in _NUMERIC) or (t1 in _VECTOR and t2 in _VECTOR)):
            raise _Fail(f"{MISMATCH}: select without a type needs two numbers or vectors but found {_name(t2)} and {_name(t1)}")
        if t1 is not t2 and t1 is not UNKNOWN and t2 is not UNKNOWN:
            raise _Fail(f"{MISMATCH}: expected {_name(t2)} but found {_name(t1)} (select's two values must have one type)")
        self.vals.append(t2 if t1 is UNKNOWN else t1)

    def return_call(self, kind: int, imm: tuple) -> None:
        """Tail calls (3.0, spec 3.3.8): a call whose results are the function's own; then unreachable."""
        if kind == RETURN_CALL:
            ft = self.func(imm[0])
            self.call(ft)
        else:
            ft = self.call_indirect(*imm)
        if len(ft.results) != len(self.results) or not all(map(matches, ft.results, self.results)):
            raise _Fail(f"{MISMATCH}: a tail call must return the function's results {_types(self.results)}, "
                        f"not {_types(ft.results)}")
        self.set_unreachable()

    def call(self, ft: FuncType) -> None:
        """Spec 3.3.8 call: the callee's parameters off, its results on."""
        self.pop_vals(list(ft.params))
        self.vals += ft.results

    def call_indirect(self, typeidx: int, tableidx: int) -> FuncType:
        """Spec 3.3.5 call_indirect: the table holds funcrefs; the type index exists."""
        elem = self.table(tableidx).elem
        ft = _lookup(self.ctx.types, typeidx, "type")
        if not isinstance(ft, FuncType):
            raise _Fail(f"{MISMATCH}: type {typeidx} is not a function type")
        if not matches(elem, ValType.FUNCREF):
            raise _Fail(f"{MISMATCH}: call_indirect needs a table of funcref but table {tableidx} holds {elem}")
        self.pop_expect(self.table(tableidx).limits.address)  # i64 for a 64-bit table (3.0)
        self.call(ft)
        return ft
