"""What the debugger shows of an exception (3.0): its tag, its payload, and the handler it will land in.

An exception is shown when it is about to be thrown (the next instruction is
`throw` or `throw_ref`) and when it left the run uncaught (the session
trapped with `UncaughtException`). The handler is found the way the step
engine's `Thread.catch` finds it, without changing anything: from the
current frame outwards, the try_tables around the throw (or around a
caller's call) are asked, innermost first, for a catch clause that takes the
tag (`catch_all` takes every tag). Stepping the throw then lands exactly
there (the engine does it); stepping back undoes it.

This reads the runtime's public objects: `TagInstance`, `ExnRef`, the
compiled code's `handlers_around` and each `Handler`'s clauses
(exec/step/handlers_exceptions.py), and the frames' label stacks.
"""

from __future__ import annotations

from dataclasses import dataclass

from playground.debug.snapshot import Location, ValueView
from playground.wasm.errors import UncaughtException
from playground.wasm.exec.step.code import RETURN

THROWS = ("throw", "throw_ref")


@dataclass(frozen=True)
class HandlerView:
    """The try_table that will catch: its frame, its instruction, the clause that matches, where it lands."""

    function: str  # `$average`
    frame_depth: int  # frames from the innermost (0: the throwing frame itself)
    try_table: Location  # the try_table instruction
    clause: str  # `catch $division_by_zero $no_values`
    lands_at: Location | None  # the instruction the clause's branch goes on at; None when it returns from the function
    frames_dropped: int  # frames the throw leaves (= frame_depth)

    def describe(self) -> str:
        where = f"lands at {self.lands_at} {self.lands_at.instr_text}" if self.lands_at is not None else (
            f"returns from {self.function}")
        dropped = f", leaving {self.frames_dropped} frame{'s' if self.frames_dropped != 1 else ''}" if self.frames_dropped else ""
        return f"caught by ({self.clause}) of the try_table at {self.try_table} in {self.function}{dropped}; {where}"


@dataclass(frozen=True)
class ExceptionView:
    """An exception about to be thrown (`state` "throwing") or one that left the run ("uncaught")."""

    state: str  # "throwing" or "uncaught"
    tag: str  # `$division_by_zero`
    tag_type: str  # `(param i32)`
    payload: tuple[ValueView, ...]
    handler: HandlerView | None  # None: nothing in this thread catches it
    instruction: str  # `throw $division_by_zero`, `throw_ref`

    @property
    def headline(self) -> str:
        values = ", ".join(f"{v.type} {v.text}" for v in self.payload)
        verb = "about to throw" if self.state == "throwing" else "uncaught exception"
        return f"{verb}: {self.tag} {self.tag_type} with ({values})"

    def describe(self) -> str:
        if self.handler is not None:
            return f"{self.headline}\n  {self.handler.describe()}"
        if self.state == "throwing":
            return f"{self.headline}\n  no try_table in the frames catches it: the run will end with it"
        return self.headline


def tag_type_text(tag) -> str:
    params = " ".join(getattr(t, "value", str(t)) for t in tag.type.params)
    return f"(param {params})" if params else "(no payload)"


def tag_text(tag) -> str:
    name = tag.name
    return name if name.startswith(("$", "tag[")) else f"${name}"


def describe_exception(describer, thread, value_view) -> ExceptionView | None:
    """The exception about to be thrown at `thread`'s next instruction, or the one it ended with; else None.

    `describer` is the snapshots' Describer (locations), `value_view(type, raw)` makes a ValueView."""
    error = getattr(thread, "error", None)
    if isinstance(error, UncaughtException) and error.tag is not None:
        payload = tuple(value_view(t, v) for t, v in zip(error.tag.type.params, error.payload))
        return ExceptionView("uncaught", tag_text(error.tag), tag_type_text(error.tag), payload, None, "")
    frame = thread.frames[-1] if thread.frames else None
    if frame is None or thread.done:
        return None
    body = frame.func.code.body
    instr = body[frame.pc] if 0 <= frame.pc < len(body) else None
    if instr is None or instr.op.name not in THROWS:
        return None
    if instr.op.name == "throw":
        tag = describer.instance.tags[instr.imm[0]]
        n = len(tag.type.params)
        raw = tuple(frame.stack[len(frame.stack) - n :]) if n else ()
    else:
        exn = frame.stack[-1] if frame.stack else None
        if exn is None:  # throw_ref of a null reference traps instead
            return None
        tag, raw = exn.tag, tuple(exn.payload)
    payload = tuple(value_view(t, v) for t, v in zip(tag.type.params, raw))
    text = describer.location(frame.func, frame.pc).instr_text
    return ExceptionView("throwing", tag_text(tag), tag_type_text(tag), payload, find_handler(describer, thread, tag), text)


def find_handler(describer, thread, tag) -> HandlerView | None:
    """The try_table and clause that would catch an exception of `tag` thrown at the current instruction."""
    frames = thread.frames
    at = frames[-1].pc  # the throw; in a caller, its call (it stands just after it)
    for depth in range(len(frames) - 1, -1, -1):
        frame = frames[depth]
        for handler in frame.code.handlers_around(at):
            for index, clause in enumerate(handler.clauses):
                if clause.tag is None or clause.tag is tag:
                    return _handler_view(describer, frame, handler, index, clause, len(frames) - 1 - depth)
        at = frames[depth - 1].pc - 1 if depth else 0
    return None


def _handler_view(describer, frame, handler, index: int, clause, dropped: int) -> HandlerView:
    func = frame.func
    try_table = describer.location(func, handler.start)
    catch = func.code.body[handler.start].imm[1][index]
    label = _label_name(frame, handler.start, catch.label)
    tag = "" if clause.tag is None else f" {tag_text(clause.tag)}"
    lands = None if clause.target == RETURN else describer.location(func, clause.target)
    return HandlerView(f"${func.name}", dropped, try_table, f"{catch.name}{tag} {label}", lands, dropped)


def _label_name(frame, try_start: int, depth: int) -> str:
    """The label a catch clause names (`depth` counted from outside the try_table): `$no_values`, else its depth."""
    blocks = frame.code.labels(try_start + 1)  # the blocks open inside the try_table, outermost first
    inside = next((i for i, b in enumerate(blocks) if b.start == try_start), None)
    if inside is None or inside - 1 - depth < 0:
        return str(depth)
    block = blocks[inside - 1 - depth]
    if block.kind == "func":
        return f"{depth} (the function)"
    name = frame.func.code.body[block.start].label
    return name or str(depth)
