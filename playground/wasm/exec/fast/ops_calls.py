"""Translating calls (spec 4.4.8: call, call_indirect, 3.0's return_call and return_call_indirect)
and the parametric instructions (4.4.4: drop, select).

A call is a Python call of the callee's generated name `C<funcidx>` (for
`call_indirect`, `CALLABLES[f]` of the function the table holds, after the
step engine's three checks) with `d1`, the depth one deeper, then the
arguments. Its results go to the slots where the step engine's stack
would hold them; memory 0's `data` is read anew after it, as the callee may
have grown the memory.

A tail call (`return_call*`) must not grow Python's stack, so it does not
call: the function returns `TAIL(callee, (args...))`, a `TailCall`, and the
trampoline that stands for every function containing a tail call
(context.py, `tail_entry`) calls the callee at the same depth, as the step
engine's callee frame replaces its caller's. A host callee runs here, as a
call followed by a return: its failure is located at the tail call, as the
step engine locates it.
"""

from __future__ import annotations

from playground.wasm.exec.fast.control import by_name
from playground.wasm.exec.fast.entries import TO_BITS, Entry, depth_of, variable
from playground.wasm.exec.fast.ops_memory import memory_names


class CallOps:
    """The calls and parametric part of the Translator (translate.py)."""

    # --- calls ------------------------------------------------------------------------------------
    def call_with(self, callee: str, ft) -> None:
        """Emit a call of the generated name `callee` with the top arguments; its results become slots."""
        n = len(ft.params)
        self.exact_top(n)
        args = self.pop_n(n)
        call = f"{callee}({', '.join(['d1'] + [a.text for a in args])})"
        self.uses_calls = True
        h = len(self.stack)
        targets = [f"s{h + i}" for i in range(len(ft.results))]
        for t in targets:
            self.spill(t)
        for i in self.memories:
            self.spill(memory_names(i)[1])
        line = f"{', '.join(targets)} = {call}" if targets else call
        if self.deopt:  # the debugger's form: a passing Deopt takes this frame along (translate.py)
            self.flush()
            self.emit("try:")
            self.indent += 1
            self.emit(line)
            self.indent -= 1
            self.emit("except DEOPT_T as _x:")
            self.indent += 1
            self.emit(f"_x.add(FI{self.func.funcidx}, {self.pc + 1}, {self.frame_values()})")
            self.emit("raise")
            self.indent -= 1
        else:
            self.emit(line)
        for i in sorted(self.memories):  # the callee may have grown (and so replaced) a memory
            mem, data = memory_names(i)
            self.emit(f"{data} = {mem}.data")
        self.end_segment()
        for t, vt in zip(targets, ft.results):
            self.push(variable(t, vt))

    def op_call(self, ins) -> None:
        funcidx = ins.imm[0]
        self.call_with(f"C{funcidx}", self.inst.funcs[funcidx].type)

    def op_call_indirect(self, ins) -> None:
        typeidx, tableidx = ins.imm
        self.find_indirect(typeidx, tableidx)
        self.call_with("CALLABLES[_f]", self.inst.types[typeidx])

    def find_indirect(self, typeidx: int, tableidx: int) -> None:
        """Pop the table index and emit the step engine's three checks; the callee is `_f` after them."""
        index = self.pop()
        self.spill("_i")
        self.emit(f"_i = {index.text}")
        self.emit(f"_e = T{tableidx}.elements")
        self.emit("if _i >= len(_e): raise UNDEFINED()")
        self.emit("_f = _e[_i]")
        self.emit("if _f is None: raise UNINITIALIZED(_i)")
        self.emit(f"if _f.type is not TY{typeidx} and not FUNC_MATCHES(_f, DF{typeidx}): raise MISMATCH()")

    # --- tail calls (3.0) ---------------------------------------------------------------------------
    def op_return_call(self, ins) -> None:
        funcidx = ins.imm[0]
        callee = self.inst.funcs[funcidx]
        if callee.is_host:  # nothing to replace: a call, then a return of its results
            self.call_with(f"C{funcidx}", callee.type)
            self.emit_return(self.top(len(self.ft.results)))
        else:
            self.tail_call(f"F{funcidx}", callee.type)
        self.dead = True

    def op_return_call_indirect(self, ins) -> None:
        typeidx, tableidx = ins.imm
        ft = self.inst.types[typeidx]
        self.find_indirect(typeidx, tableidx)
        self.tail_call_found(ft)

    def tail_call_found(self, ft) -> None:
        """A tail call of the function instance `_f` (call_indirect's or call_ref's): a call and a return for a host."""
        self.exact_top(len(ft.params))
        self.simple_top(len(ft.params))  # read on both paths below
        self.end_segment()
        self.emit("if _f.is_host:")
        self.open_suite()
        saved = list(self.stack)
        self.call_with("CALLABLES[_f]", ft)
        self.emit_return(self.top(len(self.ft.results)))
        self.close_suite()
        self.stack = saved
        self.tail_call("_f", ft)
        self.dead = True

    def tail_call(self, callee: str, ft) -> None:
        """Return a TailCall of the function instance named `callee` with the top arguments (see the docstring)."""
        n = len(ft.params)
        self.exact_top(n)
        args = self.pop_n(n)
        self.end_segment()
        self.emit(f"return TAIL({callee}, ({''.join(a.text + ', ' for a in args)}))")

    # --- parametric -------------------------------------------------------------------------------
    def op_drop(self, ins) -> None:
        self.pop()

    def op_select(self, ins) -> None:
        cond = self.pop()
        self.exact_top(2)
        a, b = self.pop_n(2)
        text = f"({a.text} if {cond.condition} else {b.text})"
        exact = f"{TO_BITS[a.type]}({text})" if a.type in TO_BITS else None
        self.push(Entry(text, a.type, a.deps | b.deps | cond.deps, exact=exact, depth=depth_of(a, b, cond)))
        if self.stack[-1].depth > 8:
            self.materialise(len(self.stack) - 1)

    @classmethod
    def handlers(cls) -> dict:
        return by_name(cls, "call call_indirect return_call return_call_indirect drop select")
