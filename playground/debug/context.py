"""`EvaluationContext` (expressions.py) over a paused thread: what conditions and `p $x` read.

Names resolve as the expression language says: `$name` is a local of the
current frame (by the name section or `$id`), else a global. Integers read
as signed, floats as Python floats (runtime/values.py `to_python`). At a
trap, `top` and `stack[N]` read the operands of the faulting instruction,
as the stack view shows them (`fault_stack`, given by the session).
"""

from __future__ import annotations

from playground.wasm.exec.step.control import ThreadState
from playground.wasm.runtime.values import to_python
from playground.wasm.types import ValType


class ThreadContext:
    """Reads locals, globals and the operand stack of the thread's current frame."""

    def __init__(self, thread, describer, fault_stack=None) -> None:
        self.thread = thread
        self.describer = describer
        self.fault_stack = fault_stack  # () -> the operands before the faulting instruction, at a trap

    # --- resolution (also used by edits) ----------------------------------------------------
    def local_index(self, key: int | str) -> int:
        frame = self.thread.frame
        if frame is None:
            raise KeyError(key)
        if isinstance(key, str):
            name = key[1:] if key.startswith("$") else key
            funcidx = self.describer.func_index(frame.func)
            names = self.describer.module.names.locals.get(funcidx, {})
            for index, local_name in names.items():
                if local_name == name:
                    return index
            raise KeyError(key)
        if not 0 <= key < len(frame.locals):
            raise KeyError(key)
        return key

    def global_index(self, key: int | str) -> int:
        globals_ = self.describer.instance.globals
        if isinstance(key, str):
            name = key[1:] if key.startswith("$") else key
            for index, global_name in self.describer.module.names.globals.items():
                if global_name == name and index < len(globals_):
                    return index
            for export in self.describer.module.exports:
                if export.kind.text == "global" and export.name == name:
                    return export.index
            raise KeyError(key)
        if not 0 <= key < len(globals_):
            raise KeyError(key)
        return key

    # --- EvaluationContext --------------------------------------------------------------------
    def local(self, key: int | str):
        frame = self.thread.frame
        index = self.local_index(key)
        return to_python(self.describer.local_types(frame.func)[index], frame.locals[index])

    def global_(self, key: int | str):
        g = self.describer.instance.globals[self.global_index(key)]
        return to_python(g.type.valtype, g.value)

    def stack(self, depth: int):
        frame = self.thread.frame
        if frame is None:
            raise IndexError(depth)
        values = frame.stack
        if self.thread.status == ThreadState.TRAPPED and self.fault_stack is not None:
            values = self.fault_stack()
        if depth >= len(values):
            raise IndexError(depth)
        position = len(values) - 1 - depth
        types = self.describer.stack_types(frame.func, frame.pc) or ()
        offset = len(types) - len(values)
        t = types[position + offset] if 0 <= position + offset < len(types) else ValType.I64
        return to_python(t, values[position]) if isinstance(t, ValType) else values[position]
