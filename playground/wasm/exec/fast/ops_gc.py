"""Translating 3.0's GC instructions (structs, arrays, i31, casts, conversions, ref.eq) into calls of
the run-time functions the step engine runs too (runtime/gc_objects.py), so both engines trap and
write alike.

Operands and results are raw values inside GC objects (floats as their bits, as the step engine
holds them): a float operand goes in as its exact bits, a float field comes out through `D`/`DF`.
Every instruction that can trap or allocates is its own line, its result in its slot
(`result_to_slot`); ref.eq, ref.test and ref.i31 are expressions. Writes (struct.set, array.set,
array.fill/copy/init_data/init_elem) call `HEAP_SET`/`HEAP_WRITE`, the executor's StateOps.

`DF<i>` is the canonical DefType of type index i (context.py); the reference type of a cast is
`RT[funcidx, pc]`, canonicalised once per instance (context.py's `CastTypes`).

The debugger's form (translate.py) sets `OPS.where` before each write and ends the segment after it,
as for any write it does not log itself, so the recording ops log a HEAP entry with the step engine's
step and writer. After an allocation it notes where, as the ops' `allocated` does for the step
engine's allocating handlers: `obj.alloc = (funcidx, pc, step)`, the step computed from the segment's
charge as a logged store's (`STEP`, segments.py; a call of the ops and a segment ended per allocation
cost half a plain run): the heap view numbers objects by that step (debug/heap_view.py), so `struct#3`
is the same object on both engines.
"""

from __future__ import annotations

from playground.wasm.exec.fast.control import by_name
from playground.wasm.exec.fast.entries import FROM_BITS, TO_BITS, Entry
from playground.wasm.exec.fast.segments import STEP
from playground.wasm.types import PACKED_BITS, ValType

GC_OPS = frozenset((
    "ref.eq struct.new struct.new_default struct.get struct.get_s struct.get_u struct.set array.new "
    "array.new_default array.new_fixed array.new_data array.new_elem array.get array.get_s array.get_u array.set "
    "array.len array.fill array.copy array.init_data array.init_elem ref.test ref.cast br_on_cast "
    "br_on_cast_fail any.convert_extern extern.convert_any ref.i31 i31.get_s i31.get_u"
).split())

REF = ValType.FUNCREF  # the entry type of a reference result: only float types matter to the translator


class GcOps:
    """The GC part of the Translator (translate.py)."""

    def raw_operands(self, n: int) -> list[str]:
        """Pop the top `n` entries, bottom first, as raw-value texts (floats as their exact bits)."""
        self.exact_top(n)
        return [e.exact if e.type in TO_BITS else e.text for e in self.pop_n(n)]

    def storage(self, ins):
        """The field's or element's storage type as generated text ('i8', 'i16' or None) and its value type."""
        d = self.inst.types[ins.imm[0]]
        st = d.fields[ins.imm[1]].storage if ins.op.imm == "type_field" else d.element.storage
        if st in PACKED_BITS:
            return repr(st), ValType.I32
        return "None", st

    def gc_result(self, text: str, type) -> None:
        """A call that can trap or allocates: its own line, its result (held) in its slot."""
        if type in FROM_BITS:
            text = f"{FROM_BITS[type]}({text})"
        self.result_to_slot(text, type)

    def allocation(self, text: str) -> None:
        """An allocating call: its own line, its result in its slot; the debugger's form notes where (docstring)."""
        self.result_to_slot(text, REF)
        if self.deopt:  # RecordingOps.allocated's note, inline: its step as a logged store's (segments.py)
            self.emit(f"{self.stack[-1].text}.alloc = ({self.func.funcidx}, {self.pc}, {STEP})")

    def gc_write(self, text: str) -> None:
        self.emit(text)
        self.may_fail()

    # --- allocation ---------------------------------------------------------------------------
    def allocate(self, ins, helper: str, pops: int, extra: str = "") -> None:
        """`helper(DF<type>, <extra, >operands...)`: an allocation from the top `pops` operands."""
        operands = ", ".join([f"DF{ins.imm[0]}", *([extra] if extra else []), *self.raw_operands(pops)])
        self.allocation(f"{helper}({operands})")

    def op_struct_new(self, ins) -> None:
        fields = self.inst.types[ins.imm[0]].fields
        # no packed field: the values as they are, the struct made directly (new_struct would pack none)
        make = "GC_STRUCT" if any(f.storage in PACKED_BITS for f in fields) else "STRUCT_REF"
        self.allocation(f"{make}(DF{ins.imm[0]}, [{', '.join(self.raw_operands(len(fields)))}])")

    def op_array_new_fixed(self, ins) -> None:
        self.allocation(f"GC_ARRAY_FIXED(DF{ins.imm[0]}, [{', '.join(self.raw_operands(ins.imm[1]))}])")

    def op_struct_new_default(self, ins) -> None:
        self.allocate(ins, "GC_STRUCT_DEFAULT", 0)

    def op_array_new(self, ins) -> None:
        self.allocate(ins, "GC_ARRAY", 2)

    def op_array_new_default(self, ins) -> None:
        self.allocate(ins, "GC_ARRAY", 1, "None")

    def op_array_new_data(self, ins) -> None:
        self.allocate(ins, "GC_ARRAY_DATA", 2, f"INST.datas[{ins.imm[1]}]")

    def op_array_new_elem(self, ins) -> None:
        self.allocate(ins, "GC_ARRAY_ELEM", 2, f"INST.elems[{ins.imm[1]}]")

    # --- reads and writes -------------------------------------------------------------------------
    def op_struct_get(self, ins) -> None:
        storage, type = self.storage(ins)
        self.simple_top(1)  # read twice below
        (s,) = self.raw_operands(1)
        signed = int(ins.op.name.endswith("_s"))
        call = f"GC_STRUCT_GET({s}, {ins.imm[1]}, {storage}, {signed})"
        if storage == "None":  # an unpacked field as it is; the call only for null (its trap)
            call = f"({s}.fields[{ins.imm[1]}] if {s} is not None else {call})"
        self.gc_result(call, type)

    op_struct_get_s = op_struct_get_u = op_struct_get

    def op_struct_set(self, ins) -> None:
        storage, _ = self.storage(ins)
        s, v = self.raw_operands(2)
        self.gc_write(f"GC_STRUCT_SET(HEAP_SET, {s}, {ins.imm[1]}, {storage}, {v})")

    def op_array_get(self, ins) -> None:
        storage, type = self.storage(ins)
        a, i = self.raw_operands(2)
        signed = int(ins.op.name.endswith("_s"))
        self.gc_result(f"GC_ARRAY_GET({a}, {i}, {storage}, {signed})", type)

    op_array_get_s = op_array_get_u = op_array_get

    def op_array_set(self, ins) -> None:
        storage, _ = self.storage(ins)
        a, i, v = self.raw_operands(3)
        self.gc_write(f"GC_ARRAY_SET(HEAP_SET, {a}, {i}, {storage}, {v})")

    def op_array_len(self, ins) -> None:
        (a,) = self.raw_operands(1)
        self.gc_result(f"GC_ARRAY_LEN({a})", ValType.I32)

    def op_array_fill(self, ins) -> None:
        storage, _ = self.storage(ins)
        a, i, v, n = self.raw_operands(4)
        self.gc_write(f"GC_ARRAY_FILL(HEAP_WRITE, {a}, {i}, {storage}, {v}, {n})")

    def op_array_copy(self, ins) -> None:
        self.gc_write(f"GC_ARRAY_COPY(HEAP_WRITE, {', '.join(self.raw_operands(5))})")

    def op_array_init_data(self, ins) -> None:
        storage = repr(str(self.inst.types[ins.imm[0]].element.storage))
        a, i, s, n = self.raw_operands(4)
        self.gc_write(f"GC_ARRAY_INIT_DATA(HEAP_WRITE, {a}, {i}, {storage}, INST.datas[{ins.imm[1]}], {s}, {n})")

    def op_array_init_elem(self, ins) -> None:
        a, i, s, n = self.raw_operands(4)
        self.gc_write(f"GC_ARRAY_INIT_ELEM(HEAP_WRITE, {a}, {i}, INST.elems[{ins.imm[1]}], {s}, {n})")

    # --- i31, conversions, equality ---------------------------------------------------------------
    def op_ref_i31(self, ins) -> None:
        e = self.pop()
        self.push_expr(f"I31({e.text})", REF, [e])

    def op_i31_get_s(self, ins) -> None:
        (r,) = self.raw_operands(1)
        self.gc_result(f"GC_I31_GET({r}, {int(ins.op.name.endswith('_s'))})", ValType.I32)

    op_i31_get_u = op_i31_get_s

    def op_any_convert_extern(self, ins) -> None:
        (r,) = self.raw_operands(1)
        self.gc_result(f"EXTERN_TO_ANY({r})", REF)

    def op_extern_convert_any(self, ins) -> None:
        (r,) = self.raw_operands(1)
        self.gc_result(f"ANY_TO_EXTERN({r})", REF)

    def op_ref_eq(self, ins) -> None:
        a, b = self.pop_n(2)
        self.push_expr(f"REF_EQ({a.text}, {b.text})", ValType.I32, [a, b])

    # --- casts -----------------------------------------------------------------------------------
    def cast_type(self) -> str:
        return f"RT[{self.func.funcidx}, {self.pc}]"

    def op_ref_test(self, ins) -> None:
        e = self.pop()
        cond = f"HAS_TYPE({e.text}, {self.cast_type()})"
        self.push_expr(f"(1 if {cond} else 0)", ValType.I32, [e], cond=cond)

    def op_ref_cast(self, ins) -> None:
        self.simple_top(1)
        self.emit(f"if not HAS_TYPE({self.stack[-1].text}, {self.cast_type()}): raise CAST_FAILURE()")
        self.may_fail()

    def op_br_on_cast(self, ins) -> None:
        negate = "" if ins.op.name == "br_on_cast" else "not "
        self.branch_on_top(ins.imm[0], f"{negate}HAS_TYPE({{}}, {self.cast_type()})")

    op_br_on_cast_fail = op_br_on_cast

    @classmethod
    def handlers(cls) -> dict:
        return by_name(cls, " ".join(sorted(GC_OPS)))
