"""Typing rules of the 3.0 reference instructions: typed function references and GC.

A mixin of validate_code's `_BodyChecker`: the rules use its stack operations (`pop`,
`pop_expect` with subtyping, `pop_vals`, `label_types`, `set_unreachable`) and its
`fail`. Types are canonical (a concrete heap type is a DefType, see deftypes.py); the
names follow spec 3.0, 3.3.2 (reference instructions) and 3.3.3 (aggregate instructions).
"""

from __future__ import annotations

from playground.wasm.errors import InvalidError
from playground.wasm.subtyping import is_defaultable, matches, top_heap
from playground.wasm.types import (
    PACKED_BITS, ArrayType, FuncType, HeapKind, RefType, StructType, ValType, heap_of, is_nullable, ref_type,
)

_I32 = ValType.I32
_EQREF = RefType(True, HeapKind.EQ)
_ANYREF = RefType(True, HeapKind.ANY)
_I31REF = RefType(True, HeapKind.I31)
_ARRAYREF = RefType(True, HeapKind.ARRAY)

# instruction name -> rule method name
RULES = {
    "call_ref": "call_ref", "return_call_ref": "call_ref", "ref.as_non_null": "as_non_null",
    "br_on_null": "br_on_null", "br_on_non_null": "br_on_non_null", "ref.eq": "ref_eq",
    "struct.new": "struct_new", "struct.new_default": "struct_new", "struct.get": "struct_get",
    "struct.get_s": "struct_get", "struct.get_u": "struct_get", "struct.set": "struct_set",
    "array.new": "array_new", "array.new_default": "array_new", "array.new_fixed": "array_new",
    "array.new_data": "array_new", "array.new_elem": "array_new", "array.get": "array_get",
    "array.get_s": "array_get", "array.get_u": "array_get", "array.set": "array_set", "array.len": "array_len",
    "array.fill": "array_fill", "array.copy": "array_copy", "array.init_data": "array_init",
    "array.init_elem": "array_init", "ref.test": "ref_test", "ref.cast": "ref_test", "br_on_cast": "br_on_cast",
    "br_on_cast_fail": "br_on_cast", "any.convert_extern": "convert", "extern.convert_any": "convert",
    "ref.i31": "ref_i31", "i31.get_s": "i31_get", "i31.get_u": "i31_get",
}  # fmt: skip


class RefRules:
    """The rules; `ref_rule(ins)` dispatches by instruction name."""

    def ref_rule(self, ins) -> None:
        getattr(self, "rule_" + RULES[ins.op.name])(ins)

    # --- helpers ----------------------------------------------------------------------------

    def vt(self, t):
        """A module type (type indices) as a canonical one; unknown type indices fail here."""
        try:
            return self.ctx.valtype(t)
        except InvalidError as exc:
            self.fail(exc.message)

    def deftype(self, typeidx: int, want: type, what: str):
        """(DefType, unrolled composite) of a type index that must be a `want` (FuncType, ...)."""
        defs = self.ctx.defs
        if not 0 <= typeidx < len(defs):
            self.fail(f"unknown type {typeidx}")
        d = defs[typeidx]
        if not isinstance(d.unrolled, want):
            self.fail(f"type mismatch: type {typeidx} is not {what}")
        return d, d.unrolled

    def pop_ref(self):
        t = self.pop("a reference")
        if t is not self.UNKNOWN and not t.is_ref:
            self.fail(f"type mismatch: expected a reference but found {t}")
        return t

    def push(self, t) -> None:
        self.vals.append(t)

    # --- typed function references ---------------------------------------------------------

    def rule_call_ref(self, ins) -> None:
        d, ft = self.deftype(ins.imm[0], FuncType, "a function type")
        self.pop_expect(RefType(True, d))
        self.pop_vals(list(ft.params))
        if ins.op.name == "return_call_ref":
            if len(ft.results) != len(self.results) or not all(map(matches, ft.results, self.results)):
                self.fail("type mismatch: a tail call must return the function's results")
            self.set_unreachable()
        else:
            self.vals += ft.results

    def rule_as_non_null(self, ins) -> None:
        t = self.pop_ref()
        self.push(t if t is self.UNKNOWN else RefType(False, heap_of(t)))

    def rule_br_on_null(self, ins) -> None:
        labels = self.label_types(ins.imm[0])
        t = self.pop_ref()
        self.pop_vals(labels)
        self.vals += labels
        self.push(t if t is self.UNKNOWN else RefType(False, heap_of(t)))

    def rule_br_on_non_null(self, ins) -> None:
        labels = self.label_types(ins.imm[0])
        if not labels or not (labels[-1] is self.UNKNOWN or labels[-1].is_ref):
            self.fail("type mismatch: br_on_non_null needs a label whose last value is a reference")
        t = self.pop_ref()
        if t is not self.UNKNOWN and not matches(RefType(False, heap_of(t)), labels[-1]):
            self.fail(f"type mismatch: expected {labels[-1]} but found {t}")
        rest = labels[:-1]
        self.pop_vals(rest)
        self.vals += rest

    def rule_ref_eq(self, ins) -> None:
        self.pop_expect(_EQREF)
        self.pop_expect(_EQREF)
        self.push(_I32)

    # --- structs ---------------------------------------------------------------------------

    def rule_struct_new(self, ins) -> None:
        d, st = self.deftype(ins.imm[0], StructType, "a struct type")
        if ins.op.name == "struct.new_default":
            if not all(is_defaultable(f.unpacked) for f in st.fields):
                self.fail("type mismatch: struct.new_default needs fields with default values")
        else:
            self.pop_vals([f.unpacked for f in st.fields])
        self.push(RefType(False, d))

    def field(self, typeidx: int, fieldidx: int):
        d, st = self.deftype(typeidx, StructType, "a struct type")
        if not 0 <= fieldidx < len(st.fields):
            self.fail(f"unknown field {fieldidx}")
        return d, st.fields[fieldidx]

    def check_packing(self, name: str, storage) -> None:
        packed = storage in PACKED_BITS
        if packed != name.endswith(("_s", "_u")):
            self.fail("type mismatch: a packed field needs get_s or get_u, and only a packed one takes them")

    def rule_struct_get(self, ins) -> None:
        d, f = self.field(*ins.imm)
        self.check_packing(ins.op.name, f.storage)
        self.pop_expect(RefType(True, d))
        self.push(f.unpacked)

    def rule_struct_set(self, ins) -> None:
        d, f = self.field(*ins.imm)
        if not f.mutable:
            self.fail("field is immutable")
        self.pop_expect(f.unpacked)
        self.pop_expect(RefType(True, d))

    # --- arrays ----------------------------------------------------------------------------

    def array(self, typeidx: int, mutable: bool = False):
        d, at = self.deftype(typeidx, ArrayType, "an array type")
        if mutable and not at.element.mutable:
            self.fail("array is immutable")
        return d, at.element

    def need_numeric(self, element) -> None:
        if element.storage in PACKED_BITS or element.unpacked.is_num or element.unpacked is ValType.V128:
            return
        self.fail("type mismatch: array type is not numeric or vector")

    def need_elem_matching(self, elemidx: int, element) -> None:
        found = self.need_elem(elemidx)
        if not matches(found, element.unpacked):
            self.fail(f"type mismatch: element segment {elemidx} holds {found}, the array {element.unpacked}")

    def rule_array_new(self, ins) -> None:
        name = ins.op.name
        d, e = self.array(ins.imm[0])
        if name == "array.new_fixed":
            self.pop_vals([e.unpacked] * ins.imm[1])
        else:
            self.pop_expect(_I32)
            if name == "array.new":
                self.pop_expect(e.unpacked)
            elif name == "array.new_default":
                if not is_defaultable(e.unpacked):
                    self.fail("type mismatch: array.new_default needs an element type with a default value")
            elif name == "array.new_data":
                self.need_numeric(e)
                self.need_data(ins.imm[1])
                self.pop_expect(_I32)
            else:  # array.new_elem
                self.need_elem_matching(ins.imm[1], e)
                self.pop_expect(_I32)
        self.push(RefType(False, d))

    def rule_array_get(self, ins) -> None:
        d, e = self.array(ins.imm[0])
        self.check_packing(ins.op.name, e.storage)
        self.pop_expect(_I32)
        self.pop_expect(RefType(True, d))
        self.push(e.unpacked)

    def rule_array_set(self, ins) -> None:
        d, e = self.array(ins.imm[0], mutable=True)
        self.pop_expect(e.unpacked)
        self.pop_expect(_I32)
        self.pop_expect(RefType(True, d))

    def rule_array_len(self, ins) -> None:
        self.pop_expect(_ARRAYREF)
        self.push(_I32)

    def rule_array_fill(self, ins) -> None:
        d, e = self.array(ins.imm[0], mutable=True)
        self.pop_expect(_I32)
        self.pop_expect(e.unpacked)
        self.pop_expect(_I32)
        self.pop_expect(RefType(True, d))

    def rule_array_copy(self, ins) -> None:
        d1, e1 = self.array(ins.imm[0], mutable=True)
        d2, e2 = self.array(ins.imm[1])
        s1, s2 = e1.storage, e2.storage
        if not (s1 == s2 if (s1 in PACKED_BITS or s2 in PACKED_BITS) else matches(s2, s1)):
            self.fail("type mismatch: array.copy between arrays of unrelated element types")
        for t in (_I32, _I32, RefType(True, d2), _I32, RefType(True, d1)):  # length, src index, src, ...
            self.pop_expect(t)

    def rule_array_init(self, ins) -> None:
        d, e = self.array(ins.imm[0], mutable=True)
        if ins.op.name == "array.init_data":
            self.need_numeric(e)
            self.need_data(ins.imm[1])
        else:
            self.need_elem_matching(ins.imm[1], e)
        for t in (_I32, _I32, _I32, RefType(True, d)):
            self.pop_expect(t)

    # --- casts and conversions --------------------------------------------------------------

    def rule_ref_test(self, ins) -> None:
        rt = self.vt(ins.imm[0])
        self.pop_expect(RefType(True, top_heap(heap_of(rt))))
        self.push(_I32 if ins.op.name == "ref.test" else rt)

    def rule_br_on_cast(self, ins) -> None:
        labelidx, rt1, rt2 = ins.imm
        rt1, rt2 = self.vt(rt1), self.vt(rt2)
        if not matches(rt2, rt1):
            self.fail(f"type mismatch: the cast's target {rt2} is not a subtype of {rt1}")
        labels = self.label_types(labelidx)
        # the difference rt1 \ rt2: what is left when the cast fails
        diff = ref_type(is_nullable(rt1) and not is_nullable(rt2), heap_of(rt1))
        taken, fallthrough = (rt2, diff) if ins.op.name == "br_on_cast" else (diff, rt2)
        if not labels or not (labels[-1] is self.UNKNOWN or matches(taken, labels[-1])):
            self.fail(f"type mismatch: the label of {ins.op.name} does not take {taken}")
        self.pop_expect(rt1)
        rest = labels[:-1]
        self.pop_vals(rest)
        self.vals += rest
        self.push(fallthrough)

    def rule_convert(self, ins) -> None:
        to_any = ins.op.name == "any.convert_extern"
        t = self.pop_expect(ValType.EXTERNREF if to_any else _ANYREF)
        nullable = t is self.UNKNOWN or is_nullable(t)
        self.push(ref_type(nullable, HeapKind.ANY if to_any else HeapKind.EXTERN))

    def rule_ref_i31(self, ins) -> None:
        self.pop_expect(_I32)
        self.push(RefType(False, HeapKind.I31))

    def rule_i31_get(self, ins) -> None:
        self.pop_expect(_I31REF)
        self.push(_I32)
