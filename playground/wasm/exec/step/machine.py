"""The steppable machine: explicit operand stacks, frames and a program counter.

A `Thread` runs one invocation. Its state after every step is plain data:

- `frames`: the call stack, a list of `Frame` (bottom first). A frame holds
  the function instance `func`, its compiled `code` (exec/prepare.py), its
  own operand `stack`, its `locals` and `pc`, the index of the NEXT
  instruction in the flat body (`func.code.body[pc]`, with `span`/`offset`).
- labels are static: `frame.labels()` gives the enclosing blocks at `pc`,
  each with the stack height where its values start.
- `status`: "ready", "paused" (budget spent; resumable), "done" (see
  `results`) or "trapped" (see `error`; `frames` still show where).

Driving it:
- `step()` executes exactly one instruction (block, loop, else, end and br
  count too); a call enters the callee, so the next step is its first
  instruction.
- `run(budget=None)` loops over the same handlers until done, trapped or
  `budget` instructions ran. The loop is chosen ONCE per run: the plain one
  counts nothing; the counting one stops on budget; `run_traced(hook)` calls
  a hook before every instruction. Nothing tests `if tracing:` per step.
- State writes go through the `StateOps` table the thread was created with
  (exec/mutations.py), so a recorder can see every old value.
- `snapshot()` / `restore(snap)` copy the whole execution state (frames,
  stacks, locals, pcs); memories, tables and globals are the recorder's.

No Python recursion happens per Wasm call or block: calls push a `Frame`.
Python recursion only happens through host functions that call back into
Wasm (each such call runs a nested Thread).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Sequence

from playground.wasm.errors import ExhaustionError, Trap, WasmError
from playground.wasm.exec.interface import DEFAULT_MAX_CALL_DEPTH
from playground.wasm.runtime.mutations import PLAIN_OPS, StateOps
from playground.wasm.exec.step.prepare import Code, compiled
from playground.wasm.runtime.functions import Caller
from playground.wasm.runtime.values import from_python, to_python

STACK_EXHAUSTED = "call stack exhausted"


class Frame:
    """One activation (spec 4.2.13): a function, its locals, its operand stack and its pc."""

    __slots__ = ("func", "code", "stack", "locals", "pc")

    def __init__(self, func, code: Code, stack: list, locals_: list, pc: int = 0) -> None:
        self.func = func
        self.code = code
        self.stack = stack
        self.locals = locals_
        self.pc = pc

    @property
    def instr(self):
        """The instruction at `pc` (the next to run), or None past the end."""
        body = self.func.code.body
        return body[self.pc] if 0 <= self.pc < len(body) else None

    def labels(self) -> list:
        """The enclosing blocks at pc, outermost first (`Block.kind`, `.height`, `.arity`)."""
        return self.code.labels(self.pc)

    def __repr__(self) -> str:
        return f"<Frame {self.func.name} pc={self.pc} stack={self.stack} locals={self.locals}>"


@dataclass(frozen=True)
class Snapshot:
    """A copy of a thread's execution state (not of memories, tables or globals)."""

    frames: tuple
    status: str
    results: tuple | None
    instructions: int


def call_host(hf, args: list, instance=None) -> list:
    """Call a host function with raw arguments; its raw results, checked against its type."""
    ft = hf.type
    if hf.raw:
        call_args = list(args)
    else:
        call_args = [to_python(t, v) for t, v in zip(ft.params, args)]
    if hf.caller:
        call_args.insert(0, Caller(instance))
    try:
        out = hf.fn(*call_args)
    except RecursionError:
        raise ExhaustionError(STACK_EXHAUSTED) from None
    if len(ft.results) == 0:
        return []
    values = list(out) if len(ft.results) > 1 else [out]
    if len(values) != len(ft.results):
        raise Trap(f"host function {hf.name} returned {len(values)} values, expected {len(ft.results)}")
    if hf.raw:
        return values
    try:
        return [from_python(t, v) for t, v in zip(ft.results, values)]
    except (TypeError, ValueError) as exc:
        raise Trap(f"host function {hf.name} returned a bad value: {exc}") from None


class Thread:
    """One invocation's machine state; see the module docstring."""

    def __init__(
        self,
        ops: StateOps = PLAIN_OPS,
        *,
        max_call_depth: int = DEFAULT_MAX_CALL_DEPTH,
    ) -> None:
        self.ops = ops
        self.max_call_depth = max_call_depth
        self.frames: list[Frame] = []
        self.status = "ready"
        self.results: list | None = None
        self.error: WasmError | None = None
        self.instructions = 0  # counted by the counting and tracing loops only
        self.result_types: tuple = ()

    # --- starting ---------------------------------------------------------------------
    def start(self, func, args: Sequence) -> None:
        """Prepare to run `func` with raw `args`; a host function runs at once."""
        self.frames.clear()
        self.results, self.error = None, None
        self.result_types = func.type.results
        if func.is_host:
            self.results = call_host(func, list(args))
            self.status = "done"
            return
        code = compiled(func, self.ops)
        self.frames.append(Frame(func, code, [], list(args) + code.local_defaults, 0))
        self.status = "ready"

    # --- inspecting ---------------------------------------------------------------------
    @property
    def frame(self) -> Frame | None:
        """The current (innermost) frame."""
        return self.frames[-1] if self.frames else None

    @property
    def done(self) -> bool:
        return self.status in ("done", "trapped")

    def snapshot(self) -> Snapshot:
        frames = tuple(Frame(f.func, f.code, list(f.stack), list(f.locals), f.pc) for f in self.frames)
        results = None if self.results is None else tuple(self.results)
        return Snapshot(frames, self.status, results, self.instructions)

    def restore(self, snap: Snapshot) -> None:
        self.frames = [Frame(f.func, f.code, list(f.stack), list(f.locals), f.pc) for f in snap.frames]
        self.status = snap.status
        self.results = None if snap.results is None else list(snap.results)
        self.error = None
        self.instructions = snap.instructions

    # --- events: calls and returns --------------------------------------------------------
    def _event(self, frame: Frame, event: int) -> Frame | None:
        """Perform a call or a return signalled by a handler; the frame to continue in (None: finished)."""
        site = frame.code.sites[-event - 1]
        st = frame.stack
        if site is None:  # return from frame
            frames = self.frames
            arity = frame.code.arity
            results = st[len(st) - arity :] if arity else []
            frames.pop()
            if not frames:
                self.results = results
                self.status = "done"
                return None
            caller = frames[-1]
            if arity:
                caller.stack.extend(results)
            return caller
        callee = site.callee
        frame.pc = site.ret
        n = site.nparams
        if n:
            args = st[len(st) - n :]
            del st[len(st) - n :]
        else:
            args = []
        if callee.is_host:
            st.extend(call_host(callee, args, frame.func.module))
            return frame
        if len(self.frames) >= self.max_call_depth:
            raise ExhaustionError(STACK_EXHAUSTED)
        code = callee.compiled.get(self.ops) or compiled(callee, self.ops)
        new = Frame(callee, code, [], args + code.local_defaults, 0)
        self.frames.append(new)
        return new

    def _fail(self, frame: Frame, pc: int, exc: WasmError) -> None:
        """Record a trap: the frame's pc stays AT the faulting instruction."""
        if pc >= 0:
            frame.pc = pc
        else:  # raised while calling (a host trap, exhaustion): `_event` had moved pc past the call
            frame.pc -= 1
        self.status = "trapped"
        self.error = exc
        locate(exc, frame)

    # --- driving -----------------------------------------------------------------------------
    def step(self) -> str:
        """Execute exactly one instruction; returns the new status."""
        if self.done:
            return self.status
        frame = self.frames[-1]
        pc = frame.pc
        try:
            pc = frame.code.handlers[pc](frame.stack, frame.locals)
            self.instructions += 1
            if pc < 0:
                self._event(frame, pc)
            else:
                frame.pc = pc
        except WasmError as exc:
            self._fail(frame, pc, exc)
            return self.status
        if self.status != "done":
            self.status = "paused"
        return self.status

    def run(self, budget: int | None = None) -> str:
        """Run until done, trapped, or `budget` instructions ran ("paused", resumable)."""
        if self.done:
            return self.status
        self.status = "running"
        if budget is None:
            return self._run_plain()
        return self._run_counting(budget)

    def _run_plain(self) -> str:
        frame = self.frames[-1]
        handlers, st, lo, pc = frame.code.handlers, frame.stack, frame.locals, frame.pc
        event = self._event
        try:
            while True:
                while pc >= 0:
                    pc = handlers[pc](st, lo)
                frame = event(frame, pc)
                if frame is None:
                    return self.status
                handlers, st, lo, pc = frame.code.handlers, frame.stack, frame.locals, frame.pc
        except WasmError as exc:
            self._fail(frame, pc, exc)
            return self.status

    def _run_counting(self, budget: int) -> str:
        frame = self.frames[-1]
        handlers, st, lo, pc = frame.code.handlers, frame.stack, frame.locals, frame.pc
        event = self._event
        n = 0
        try:
            while n < budget:
                pc = handlers[pc](st, lo)
                n += 1
                if pc < 0:
                    frame = event(frame, pc)
                    if frame is None:
                        return self.status
                    handlers, st, lo, pc = frame.code.handlers, frame.stack, frame.locals, frame.pc
            frame.pc = pc
            self.status = "paused"
            return self.status
        except WasmError as exc:
            self._fail(frame, pc, exc)
            return self.status
        finally:
            self.instructions += n

    def run_traced(self, hook: Callable[[Frame], None], budget: int | None = None) -> str:
        """Like `run`, calling `hook(frame)` before every instruction (frame.pc is the one about to run)."""
        if self.done:
            return self.status
        self.status = "running"
        remaining = budget
        while remaining is None or remaining > 0:
            hook(self.frames[-1])
            status = self.step()
            if status in ("done", "trapped"):
                return status
            if remaining is not None:
                remaining -= 1
        self.status = "paused"
        return self.status


def locate(exc: WasmError, frame: Frame) -> None:
    """Give a trap without a location the faulting instruction's place and function."""
    if getattr(exc, "func_name", None) is None:
        exc.func_name = frame.func.name
        exc.instr_index = frame.pc
        body = frame.func.code.body
        instr = body[frame.pc] if 0 <= frame.pc < len(body) else None
        if instr is not None and exc.span is None and exc.offset is None:
            exc.span = instr.span
            exc.offset = instr.offset
            if instr.span is not None and exc.file is None:
                exc.file = instr.span.file


def run_to_end(func, args: Sequence, *, ops: StateOps = PLAIN_OPS, max_call_depth: int = DEFAULT_MAX_CALL_DEPTH) -> list:
    """Invoke `func` with raw args to completion; raw results, or the Trap/ExhaustionError raised."""
    thread = Thread(ops, max_call_depth=max_call_depth)
    thread.start(func, args)
    if thread.status != "done":
        thread.run()
    if thread.status == "trapped":
        raise thread.error
    return thread.results
