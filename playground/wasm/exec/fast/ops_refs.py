"""Translating 3.0's typed function references (call_ref, return_call_ref, ref.as_non_null,
br_on_null, br_on_non_null), with the step engine's traps (exec/step/handlers_refs.py).

`call_ref` pops the reference into `_f`, traps on null ("null function
reference"), then calls `CALLABLES[_f]` as `call_indirect` does (validation
has checked the type, so no signature check). `return_call_ref` is a tail
call through the trampoline (ops_calls.py), a call-and-return for a host
function. Non-nullable locals, globals and tables need nothing at run time:
validation guarantees what they hold.
"""

from __future__ import annotations

from playground.wasm.exec.fast.control import by_name


class RefOps:
    """The typed-function-reference part of the Translator (translate.py)."""

    def pop_callee(self) -> None:
        """Pop the function reference into `_f`, trapping on null."""
        ref = self.pop()
        self.spill("_f")
        self.emit(f"_f = {ref.text}")
        self.emit('if _f is None: raise NULL_REF("function")')

    def op_call_ref(self, ins) -> None:
        self.pop_callee()
        self.call_with("CALLABLES[_f]", self.inst.types[ins.imm[0]])

    def op_return_call_ref(self, ins) -> None:
        ft = self.inst.types[ins.imm[0]]
        self.pop_callee()
        self.tail_call_found(ft)

    def op_ref_as_non_null(self, ins) -> None:
        self.simple_top(1)
        self.emit(f"if {self.stack[-1].text} is None: raise NULL_REF()")
        self.may_fail()

    def op_br_on_null(self, ins) -> None:
        self.simple_top(1)
        ref = self.pop()
        self.branch_when(f"{ref.text} is None", ins.imm[0], self.top(len(self.label(ins.imm[0]).label_types)))
        self.push(ref)

    def op_br_on_non_null(self, ins) -> None:
        self.branch_on_top(ins.imm[0], "{} is not None")
        self.pop()

    @classmethod
    def handlers(cls) -> dict:
        return by_name(cls, "call_ref return_call_ref ref.as_non_null br_on_null br_on_non_null")
