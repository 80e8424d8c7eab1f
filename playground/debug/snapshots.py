"""Build the views' `Snapshot` (debug/snapshot.py) from a paused `Thread`.

Runtime stack values carry no types; the validator's type stacks
(`validate_module(..., type_stacks=True)`) give the type of every operand at
every instruction, so the stack is typed by position. Locals are typed by
the function's parameters and declared locals, and named from
`Module.names`. Values are formatted by `playground.wasm.values.format_value`,
the one place that formats values.

Cheap to take: the current frame's stack and the locals of at most
`MAX_FRAMES` innermost frames are formatted; nothing else is copied.
"""

from __future__ import annotations

from playground.debug.exceptions_view import describe_exception
from playground.debug.heap_view import HeapNames, describe_heap
from playground.debug.snapshot import (
    FrameView,
    GlobalView,
    LabelView,
    LocalView,
    Location,
    Snapshot,
    ValueView,
)
from playground.wasm.exec.step.control import ThreadState
from playground.wasm.instructions import Arity
from playground.wasm.text.format import format_instr
from playground.wasm.types import ValType
from playground.wasm.values import format_value

MAX_FRAMES = 256


def value_view(valtype, raw, names: HeapNames | None = None) -> ValueView:
    """A value with its decimal and hex text; `valtype` a ValType or a type name.

    With a session's `names` (heap_view.HeapNames), a reference to a GC object reads
    `→ struct#12` (its number in `ref`) and a typed reference's type `(ref null $node)`."""
    if isinstance(valtype, str):
        valtype = ValType.from_text(valtype) or valtype
    link = names.link(raw) if names is not None else None
    if link is not None:
        type_text = names.type_text(valtype) if not isinstance(valtype, str) else valtype
        return ValueView(type_text, raw, link[0], link[0], link[1])
    if not isinstance(valtype, ValType):
        if names is not None and not isinstance(valtype, str):  # a typed reference (3.0): null, i31, a function
            text = format_value(valtype, raw, types=names.types)
            return ValueView(names.type_text(valtype), raw, text, text)
        text = "?" if raw is None else str(raw)
        return ValueView(str(valtype), raw, text, text)
    try:
        return ValueView(valtype.value, raw, format_value(valtype, raw), format_value(valtype, raw, hex=True))
    except (TypeError, ValueError, AttributeError):  # a value the type does not fit (should not happen)
        return ValueView(valtype.value, raw, repr(raw), repr(raw))


class Describer:
    """Knows the module's types, names and text; turns machine state into views."""

    def __init__(self, program, instance, source_map=None) -> None:
        self.program = program
        self.module = program.module
        self.instance = instance
        self.source_map = source_map if source_map is not None else program.source_map
        self._local_types: dict[int, list] = {}
        self.heap_names = HeapNames(self.module, instance)  # GC objects' numbers, stable for the session

    def value(self, valtype, raw) -> ValueView:
        """`value_view` with this session's names for GC objects and types."""
        return value_view(valtype, raw, self.heap_names)

    # --- pieces ------------------------------------------------------------------------------
    def func_index(self, func) -> int:
        return func.funcidx if getattr(func, "module", None) is self.instance else -1

    def local_types(self, func) -> list:
        key = id(func)
        types = self._local_types.get(key)
        if types is None:
            types = self._local_types[key] = list(func.type.params) + list(func.code.locals)
        return types

    def local_name(self, funcidx: int, index: int) -> str:
        name = self.module.names.locals.get(funcidx, {}).get(index)
        return f"${name}" if name else f"local[{index}]"

    def global_name(self, index: int) -> str:
        name = self.module.names.globals.get(index)
        return f"${name}" if name else f"global[{index}]"

    def location(self, func, pc: int) -> Location:
        funcidx = self.func_index(func)
        body = func.code.body
        instr = body[pc] if 0 <= pc < len(body) else None
        text = format_instr(instr, self.module.names, funcidx) if instr is not None else "(end of function)"
        offset = instr.offset if instr is not None else None
        if funcidx < 0:  # a function of another instance: only its own span is known
            return Location(funcidx, func.name, pc, text, instr.span if instr is not None else None, offset)
        place = self.source_map.place(funcidx, pc)
        if place is None:
            return Location(funcidx, func.name, pc, text, None, offset)
        return Location(funcidx, func.name, pc, text, place.span, offset, file=place.file)

    def stack_types(self, func, pc: int) -> tuple | None:
        stacks = self.program.type_stacks
        funcidx = self.func_index(func)
        if stacks is None or funcidx < 0:
            return None
        steps = stacks.stacks.get(funcidx)
        if steps is None or not 0 <= pc < len(steps):
            return None
        return steps[pc].before

    def typed_stack(self, frame, values: list | None = None) -> tuple[ValueView, ...]:
        """The frame's operand stack typed by position (`values`: other raw values to show instead)."""
        types = self.stack_types(frame.func, frame.pc) or ()
        values = frame.stack if values is None else values
        offset = len(types) - len(values)  # 0 when the validator and the machine agree, as they must
        views = []
        for i, raw in enumerate(values):
            t = types[i + offset] if 0 <= i + offset < len(types) else _guess(raw)
            views.append(self.value(t, raw))
        return tuple(views)

    def labels(self, frame) -> tuple[LabelView, ...]:
        body = frame.func.code.body
        views = []
        for block in frame.labels():
            if block.kind == "func":
                views.append(LabelView("function", None, block.arity, 0, block.end))
                continue
            kind = "else" if block.kind == "if" and block.else_pc is not None and frame.pc > block.else_pc else block.kind
            views.append(LabelView(kind, body[block.start].label, block.arity, block.start, block.end))
        return tuple(views)

    def frame_view(self, frame, *, caller: bool = False) -> FrameView:
        """A frame's view; a `caller` (not the innermost frame) also gets its call instruction's location."""
        func = frame.func
        funcidx = self.func_index(func)
        types = self.local_types(func)
        nparams = len(func.type.params)
        local_views = tuple(
            LocalView(i, self.local_name(funcidx, i), self.value(types[i], raw), i < nparams)
            for i, raw in enumerate(frame.locals)
        )
        call_site = None
        if caller:  # a caller's pc is its call's return point, one past the call (machine.py `_event`)
            call = frame.pc - 1
            body = func.code.body
            if 0 <= call < len(body) and body[call].op.arity is Arity.CALL:
                call_site = self.location(func, call)
        return FrameView(self.location(func, frame.pc), local_views, self.labels(frame), call_site, frame.tail_calls)

    def globals(self) -> tuple[GlobalView, ...]:
        return tuple(
            GlobalView(i, self.global_name(i), g.type.mutable, self.value(g.type.valtype, g.value))
            for i, g in enumerate(self.instance.globals)
        )

    # --- the whole picture ----------------------------------------------------------------------
    def snapshot(self, thread, *, step: int, state: str, reason: str = "", message: str = "",
                 pushed: int = 0, popped: tuple = (), changed: tuple = (), stack_values: list | None = None) -> Snapshot:
        """The views' picture of `thread`; `stack_values` replaces the current frame's operands (at a trap)."""
        frames = thread.frames[-MAX_FRAMES:]
        frame = thread.frames[-1] if thread.frames else None
        stack, type_stack = (), None
        if frame is not None:
            stack = self.typed_stack(frame, stack_values)
            types = self.stack_types(frame.func, frame.pc)
            type_stack = tuple(self.heap_names.type_text(t) for t in types) if types is not None else None
        results = ()
        if thread.status == ThreadState.DONE and thread.results is not None:
            results = tuple(self.value(t, v) for t, v in zip(thread.result_types, thread.results))
        mems = self.instance.mems
        return Snapshot(
            step=step,
            state=state,
            frames=tuple(self.frame_view(f, caller=f is not frame) for f in frames),
            stack=stack,
            pushed=pushed,
            popped=popped,
            globals=self.globals(),
            memory_pages=len(mems[0].data) >> 16 if mems else 0,
            changed_memory=changed,
            type_stack=type_stack,
            message=message,
            results=results,
            reason=reason,
            exception=describe_exception(self, thread, self.value),
            heap=describe_heap(self, thread, self.heap_names, self.value) if self.heap_names.uses_gc else None,
        )


def _guess(raw) -> str:
    if raw is None:
        return "ref"
    if isinstance(raw, int):
        return "i64" if raw >> 32 else "i32"
    return "funcref"


def static_pops(instr, instance) -> int | None:
    """Operands `instr` consumes, or None where it depends on the branch taken.

    Read off the instruction table (wasm/instructions.py): its single operands,
    plus the callee's parameters for a call. A block keeps its parameters on
    the stack and `else`/`end` pop nothing (validation left exactly the
    results); `br`, `br_table`, `return` and `unreachable` take what the
    branch needs, which the table cannot say.
    """
    op = instr.op
    if op.arity is Arity.POLYMORPHIC:
        return None
    if op.arity is Arity.CALL:
        return op.pops + len(callee_type(instr, instance).params)
    return op.pops


def callee_type(instr, instance):
    """The function type a call instruction calls: a `call`'s callee's; the type index of
    `call_indirect` and of `call_ref` (3.0), as the step engine reads it (handlers_control.callee_type)."""
    if instr.op.imm == "func":
        return instance.funcs[instr.imm[0]].type
    return instance.types[instr.imm[0]]
