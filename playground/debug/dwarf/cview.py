"""A paused debug session seen as C: frames with function names and lines, variables and their values.

    view = CView(session)                        # session.source_map is a DwarfSourceMap
    view.frames()                                # CFrame per Wasm frame, innermost first
    view.describe(view.frames()[1])              # "sum_squares (n=4) at loop.c:12"
    view.variables(0)                            # [(Variable, CValue)], innermost scope first
    view.print("pt.x")                           # "pt.x = 3"

A C frame is a Wasm frame (no inlining at -O0): the innermost stands at
the instruction about to run, a caller at its call instruction. Variables
are found in the function's scopes by that instruction's address, their
places computed by expr.py (the frame base is the function's
DW_AT_frame_base, a Wasm local at -O0) and their values read from the
frame's locals, the globals and linear memory (values.py). Nothing here
changes the session.

Every frame is read in its own right: a caller's frame base is the local of
THAT frame (where its prologue saved the stack pointer), so `up` shows the
caller's values, each level of a recursion its own `n`. A frame base kept in
the stack pointer global itself (clang's choice for a function with no stack
frame) is the frame's only while it is the innermost: a caller's variables
located from it are shown as unavailable rather than read at the wrong place.
"""

from __future__ import annotations

from dataclasses import dataclass

from playground.debug.dwarf.cexpr import CExprError, parse_c
from playground.debug.dwarf.expr import MASK32, WASM_GLOBAL, WASM_GLOBAL_U32, Place, Unsupported, evaluate
from playground.debug.dwarf.info import Function, Variable
from playground.debug.dwarf.types import ATE_SIGNED, CType, type_name
from playground.debug.dwarf.values import (
    CValue, Formatter, CValueError, member_value, object_at, pointer_type, value_at,
)

INT = CType("base", "int", 4, ATE_SIGNED)


@dataclass(frozen=True)
class CFrame:
    """One frame as C sees it. `level` 0 is the innermost; `index` the instruction it stands at."""

    level: int
    funcidx: int
    index: int
    name: str
    function: Function | None
    file: str | None
    line: int | None
    machine: object  # the engine's Frame


class CView:
    """See the module docstring; reads the session's current state each time it is asked."""

    def __init__(self, session) -> None:
        self.session = session
        self.source_map = session.source_map
        self.info = self.source_map.debug_info
        self.formatter = Formatter(self.read_memory, self._function_at_slot)

    # --- frames ------------------------------------------------------------------------------------
    def frames(self) -> list[CFrame]:
        """The call stack, innermost first."""
        thread = self.session.thread
        out = []
        frames = list(thread.frames)
        for level, frame in enumerate(reversed(frames)):
            funcidx = self.session.describer.func_index(frame.func)
            index = frame.pc if level == 0 else max(frame.pc - 1, 0)  # a caller stands at its call
            function = self.info.function(funcidx) if funcidx >= 0 else None
            place = self.source_map.place(funcidx, index) if funcidx >= 0 else None
            name = function.name if function is not None else frame.func.name
            out.append(CFrame(level, funcidx, index, name, function, place.file if place else None,
                              place.span.line if place else None, frame))
        return out

    def frame(self, level: int = 0) -> CFrame:
        frames = self.frames()
        if not frames:
            raise CValueError("the program is not running: no frame")
        if not 0 <= level < len(frames):
            raise CValueError(f"no frame {level} (the stack has {len(frames)})")
        return frames[level]

    def describe(self, frame: CFrame) -> str:
        """`name (param=value, ...) at file:line`, as gdb's backtrace and frame lines write it."""
        if frame.function is None:
            return f"{frame.name} () at ${frame.name}+{frame.index} (no debug information)"
        params = ", ".join(f"{v.name}={self.format(self.value(v, frame), top=False)}" for v in frame.function.params)
        where = f" at {frame.file}:{frame.line}" if frame.line is not None else ""
        return f"{frame.name} ({params}){where}"

    # --- variables ---------------------------------------------------------------------------------------
    def variables(self, level: int = 0) -> list[tuple[Variable, CValue]]:
        """The variables visible in frame `level` with their values: innermost scope first, parameters last."""
        return self.frame_variables(self.frame(level))

    def frame_variables(self, frame: CFrame) -> list[tuple[Variable, CValue]]:
        """The variables visible in `frame` (one of `frames()`), read in that frame: its locals, its frame base."""
        if frame.function is None:
            return []
        address = self.info.address_of(frame.funcidx, frame.index)
        found = frame.function.variables_at(address if address is not None else frame.function.low)
        return [(v, self.value(v, frame)) for v in found]

    def value(self, variable: Variable, frame: CFrame | None) -> CValue:
        """A variable's value in a frame (None: a global)."""
        if variable.const_value is not None:
            data = variable.const_value
            size = variable.type.byte_size
            if isinstance(data, int):
                data = (data & ((1 << (8 * size)) - 1)).to_bytes(size, "little")
            return CValue(variable.type, bytes(data))
        address = None
        if frame is not None:
            address = self.info.address_of(frame.funcidx, frame.index)
        ops = variable.ops_at(address)
        if ops is None:
            return CValue(variable.type, None, reason="optimized out")
        return value_at(evaluate(ops, _Access(self, frame)), variable.type, self.read_memory)

    def lookup(self, name: str, level: int = 0) -> CValue:
        """The value of a variable by name: the frame's own first, then globals."""
        frames = self.frames()
        frame = frames[level] if 0 <= level < len(frames) else None
        if frame is not None and frame.function is not None:
            address = self.info.address_of(frame.funcidx, frame.index)
            for variable in frame.function.variables_at(address if address is not None else frame.function.low):
                if variable.name == name:
                    return self.value(variable, frame)
        variable = self.info.globals.get(name)
        if variable is not None:
            return self.value(variable, None)
        raise CExprError(f'no symbol "{name}" in current context')

    # --- expressions and printing ---------------------------------------------------------------------------
    def evaluate(self, text: str, level: int = 0) -> CValue:
        """A C expression (cexpr.py) in a frame."""
        return self._eval(parse_c(text), level)

    def print(self, text: str, level: int = 0) -> str:
        """`text = value`, as the prompt's `p` writes it."""
        return f"{text.strip()} = {self.format(self.evaluate(text, level))}"

    def format(self, value: CValue, *, top: bool = True) -> str:
        return self.formatter.format(value, top=top)

    def type_of(self, text: str, level: int = 0) -> str:
        """The C type of an expression (`ptype`/`whatis`)."""
        return type_name(self.evaluate(text, level).type)

    def _eval(self, tree, level: int) -> CValue:
        kind = tree[0]
        if kind == "name":
            return self.lookup(tree[1], level)
        if kind == "num":
            return CValue(INT, (tree[1] & MASK32).to_bytes(4, "little"))
        if kind in ("member", "arrow"):
            base = self._eval(tree[1], level)
            if kind == "arrow":
                base = self._deref(base)
            t = base.type.strip()
            if t.kind not in ("struct", "union"):
                raise CValueError(f"{type_name(base.type)} is not a struct or union: it has no member {tree[2]}")
            member = next((m for m in t.members if m.name == tree[2]), None)
            if member is None:
                raise CValueError(f"there is no member named {tree[2]}")
            return member_value(base, member)
        if kind == "index":
            base = self._eval(tree[1], level)
            index = self._eval(tree[2], level).as_int()
            return self._element(base, index)
        if kind == "deref":
            return self._deref(self._eval(tree[1], level))
        if kind == "addr":
            value = self._eval(tree[1], level)
            if value.address is None:
                raise CValueError("the value is not in memory: it has no address")
            return CValue(pointer_type(value.type), value.address.to_bytes(4, "little"))
        if kind == "neg":
            number = -self._eval(tree[1], level).as_int()
            return CValue(INT, (number & MASK32).to_bytes(4, "little"))
        if kind in ("add", "sub"):
            left, right = self._eval(tree[1], level), self._eval(tree[2], level)
            sign = 1 if kind == "add" else -1
            t = left.type.strip()
            if t.kind in ("pointer", "array"):
                return self._pointer_plus(left, sign * right.as_int())
            number = left.as_int() + sign * right.as_int()
            return CValue(INT, (number & MASK32).to_bytes(4, "little"))
        if kind == "compare":
            left, right = self._eval(tree[2], level).as_int(), self._eval(tree[3], level).as_int()
            truth = {"==": left == right, "!=": left != right, "<": left < right, "<=": left <= right,
                     ">": left > right, ">=": left >= right}[tree[1]]
            return CValue(INT, int(truth).to_bytes(4, "little"))
        raise CExprError(f"cannot evaluate {kind}")

    def _deref(self, value: CValue) -> CValue:
        t = value.type.strip()
        if t.kind == "array":
            return self._element(value, 0)
        if t.kind != "pointer":
            raise CValueError(f"attempt to take contents of a non-pointer value ({type_name(value.type)})")
        target = t.target
        if target is None or target.strip().kind == "void":
            raise CValueError("attempt to take contents of a void pointer")
        return object_at(value.as_int() & MASK32, target, self.read_memory)

    def _element(self, value: CValue, index: int) -> CValue:
        t = value.type.strip()
        if t.kind == "array":
            element = t.target if len(t.counts) <= 1 else CType("array", target=t.target, counts=t.counts[1:])
            if value.address is not None:
                return object_at(value.address + index * element.byte_size, element, self.read_memory)
            size = element.byte_size
            data = value.data[index * size : (index + 1) * size] if value.data is not None else None
            if data is None or len(data) < size:
                raise CValueError(f"no element {index}")
            return CValue(element, data)
        if t.kind == "pointer":
            return self._deref(self._pointer_plus(value, index))
        raise CValueError(f"cannot subscript something of type {type_name(value.type)}")

    def _pointer_plus(self, value: CValue, count: int) -> CValue:
        t = value.type.strip()
        if t.kind == "array":
            if value.address is None:
                raise CValueError("the array is not in memory")
            element = t.target
            return CValue(pointer_type(element), ((value.address + count * element.byte_size) & MASK32).to_bytes(4, "little"))
        step = t.target.byte_size if t.target is not None and t.target.strip().kind != "void" else 1
        return CValue(value.type, ((value.as_int() + count * step) & MASK32).to_bytes(4, "little"))

    # --- the machine underneath -----------------------------------------------------------------------------
    def raw_value(self, ctype: CType, raw: int) -> CValue:
        """A Wasm value (a local, an operand) read as C type `ctype` (`finish` shows a result this way)."""
        return value_at(Place("value", value=raw), ctype, self.read_memory)

    def read_memory(self, address: int, size: int) -> bytes:
        """Bytes of linear memory (CValueError outside it)."""
        memory = self.session.memory
        if memory is None:
            raise CValueError("the module has no memory")
        data = memory.data
        if address < 0 or address + size > len(data):
            raise CValueError(f"Cannot access memory at address {address:#x}")
        return bytes(data[address : address + size])

    def _function_at_slot(self, slot: int) -> str | None:
        tables = self.session.instance.tables
        if not tables or not 0 <= slot < len(tables[0].elements):
            return None
        func = tables[0].elements[slot]
        funcidx = getattr(func, "funcidx", None)
        if funcidx is None:
            return None
        function = self.info.function(funcidx)
        return function.name if function is not None else getattr(func, "name", None)


class _Access:
    """expr.py's FrameAccess over one C frame (None: no frame, for globals)."""

    def __init__(self, view: CView, frame: CFrame | None) -> None:
        self.view = view
        self.frame = frame

    def local(self, index: int) -> int:
        if self.frame is None:
            raise CValueError("a local outside any frame")
        return self.frame.machine.locals[index]

    def global_(self, index: int) -> int:
        return self.view.session.instance.globals[index].value

    def operand(self, depth: int) -> int:
        if self.frame is None:
            raise CValueError("an operand outside any frame")
        return self.frame.machine.stack[-1 - depth]

    def frame_base(self) -> int:
        function = self.frame.function if self.frame is not None else None
        if function is None or function.frame_base is None:
            raise CValueError("the function has no frame base")
        if self.frame.level > 0 and _reads_a_global(function.frame_base):
            # a frame base in the stack pointer global is this frame's only while it runs: its callees moved it
            raise Unsupported("the frame base of a caller kept in a global is not known here")
        place = evaluate(function.frame_base, _Access(self.view, self.frame))
        if place.kind in ("value", "local") and isinstance(place.value, int):
            return place.value & MASK32
        if place.kind == "memory":
            return place.address
        raise CValueError("the frame base cannot be read here")

    def read(self, address: int, size: int) -> bytes:
        return self.view.read_memory(address, size)


def _reads_a_global(ops: list) -> bool:
    """Whether a location expression reads a Wasm global (clang's frame base for a function with no frame of its own)."""
    return any(op.op_name == "DW_OP_WASM_location" and op.args[0] in (WASM_GLOBAL, WASM_GLOBAL_U32) for op in ops)


class CCondition:
    """A breakpoint condition written in C (`i == 3`): true when the expression is non-zero in the innermost frame.

    It stands where breakpoints.py keeps a Wasm expression (`text`, `is_true`),
    so a C breakpoint's condition is checked exactly like any other.
    """

    language = "c"  # a session file marks the condition as C (session_file.encode_breakpoint)

    def __init__(self, text: str, view: CView) -> None:
        parse_c(text)  # a mistake is reported when the breakpoint is made, not at its first hit
        self.text = text
        self.view = view

    def is_true(self, context=None) -> bool:
        return self.view.evaluate(self.text).as_int() != 0
