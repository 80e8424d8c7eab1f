"""Instruction traces, like WABT's `wasm-interp --trace`, plus host-call and trap events.

One line per executed instruction: call depth, function and instruction
index, byte offset (binary input) or source line, the instruction, and the
operand stack after it (typed, bottom first):

    #0. fib+3 @0x2c: i64.lt_u  -> [i32:1]
    #0. host env.log(i32:7) -> []
    #0. trap: integer divide by zero at div+2

Events go to a bounded ring buffer (`Tracer.events`, the newest `limit`),
and to a text stream when one is given. A debug session traces with
`session.set_tracer(Tracer(...))` (its run loop then steps one instruction
at a time: tracing costs only while on); `wasm-playground run --trace`
calls `trace_invoke`.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass
from typing import Sequence, TextIO

from playground.wasm.exec.step.control import ThreadState
from playground.wasm.instructions import Arity


@dataclass(frozen=True)
class TraceEvent:
    """One traced event. `kind` is "instr", "host" or "trap"."""

    kind: str
    step: int
    depth: int
    func: str
    index: int
    where: str  # `@0x2c` (binary offset) or `:12` (source line), or ""
    text: str  # the instruction, the host call, or the trap message
    stack: tuple[str, ...] = ()  # `i32:1` ... after the instruction (instr events)

    def line(self) -> str:
        if self.kind == "instr":
            where = f" {self.where}" if self.where else ""
            return f"#{self.depth}. {self.func}+{self.index}{where}: {self.text}  -> [{' '.join(self.stack)}]"
        if self.kind == "host":
            return f"#{self.depth}. host {self.text}"
        return f"#{self.depth}. trap: {self.text} at {self.func}+{self.index}"


class Tracer:
    """Collects trace events: the newest `limit` in `events` (None: all), each written to `out` if given."""

    def __init__(self, out: TextIO | None = None, *, limit: int | None = 100_000) -> None:
        self.out = out
        self.events: deque[TraceEvent] = deque(maxlen=limit)

    def emit(self, event: TraceEvent) -> None:
        self.events.append(event)
        if self.out is not None:
            self.out.write(event.line() + "\n")

    def lines(self) -> list[str]:
        return [e.line() for e in self.events]


def _typed(view) -> str:
    return f"{view.type}:{view.text}"


def _where(instr, span) -> str:
    if instr is not None and instr.offset is not None:
        return f"@{instr.offset:#x}"
    if span is not None:
        return f":{span.line}"
    return ""


def host_text(record) -> str:
    """`name(args) -> [results]` of a recorded host call (raw values shown as ints)."""
    args = ", ".join(str(a) for a in record.args)
    if record.exit_code is not None:  # WASI proc_exit: the program ended here
        return f"{record.name}({args}) exited with status {record.exit_code}"
    if record.error is not None:
        return f"{record.name}({args}) trapped: {record.error}"
    return f"{record.name}({args}) -> [{' '.join(str(r) for r in record.results)}]"


def attach(session, tracer: Tracer | None) -> None:
    """Make a session trace into `tracer` (None: stop tracing)."""
    session.tracer = tracer
    runner, describer, thread = session.runner, session.describer, session.thread
    journal = session.journal
    journal.listeners[:] = [listener for listener in journal.listeners if not getattr(listener, "_trace", False)]
    if tracer is None:
        runner.on_step = None
        return

    def on_step(func, pc: int, depth: int) -> None:
        instr = func.code.body[pc]
        loc = describer.location(func, pc)
        frame = thread.frame
        stack = tuple(_typed(v) for v in describer.typed_stack(frame)) if frame is not None else ()
        if thread.status == ThreadState.DONE:
            stack = tuple(_typed(describer.value(t, v)) for t, v in zip(thread.result_types, thread.results or []))
        if thread.status == ThreadState.TRAPPED:
            tracer.emit(TraceEvent("trap", thread.instructions, depth - 1, func.name, pc, "", thread.error.message))
            return
        tracer.emit(TraceEvent("instr", thread.instructions - 1, depth - 1, func.name, pc, _where(instr, loc.span), loc.instr_text, stack))

    def on_host(record) -> None:
        tracer.emit(TraceEvent("host", record.step, max(len(thread.frames) - 1, 0), record.name, 0, "", host_text(record)))

    on_host._trace = True
    runner.on_step = on_step
    journal.listeners.append(on_host)


def trace_invoke(module, func, args: Sequence, tracer: Tracer, *, fuel: int | None = None, max_call_depth: int | None = None) -> list:
    """Run `func(args)` (raw values) on a plain thread, tracing every instruction; the raw results.

    The thread runs in the machine's traced loop (`Thread.run_traced`). Raises the
    Trap or ExhaustionError that ends it (after tracing it). `module` is the
    validated `Module` behind the instance (for types and names).
    """
    from playground.debug.snapshots import Describer
    from playground.debug.source import program_from_module
    from playground.wasm.exec.step.machine import Thread
    from playground.wasm.limits import LimitError

    describer = Describer(program_from_module(module), func.module)
    thread = Thread() if max_call_depth is None else Thread(max_call_depth=max_call_depth)
    thread.start(func, list(args))
    host_call: list = []  # (host function, its raw arguments) of the instruction about to run, if it calls one

    def before(frame) -> None:
        host = _host_callee(frame.func, frame.instr, frame)
        nparams = len(host.type.params) if host is not None else 0
        host_call[:] = [(host, list(frame.stack[len(frame.stack) - nparams :]) if nparams else [])] if host is not None else []

    def after(cur, pc: int, depth: int) -> None:
        if thread.status == ThreadState.TRAPPED:
            tracer.emit(TraceEvent("trap", thread.instructions, depth - 1, cur.name, thread.frame.pc, "", thread.error.message))
            return
        if host_call:
            host, host_args = host_call[0]
            now = thread.frame.stack
            results = list(now[len(now) - len(host.type.results) :]) if host.type.results else []
            text = f"{host.name}({', '.join(map(str, host_args))}) -> [{' '.join(map(str, results))}]"
            tracer.emit(TraceEvent("host", thread.instructions - 1, depth - 1, host.name, 0, "", text))
        instr = cur.code.body[pc]
        loc = describer.location(cur, pc)
        if thread.status == ThreadState.DONE:
            stack = tuple(_typed(describer.value(t, v)) for t, v in zip(thread.result_types, thread.results or []))
        else:
            stack = tuple(_typed(v) for v in describer.typed_stack(thread.frame))
        tracer.emit(TraceEvent("instr", thread.instructions - 1, depth - 1, cur.name, pc, _where(instr, loc.span), loc.instr_text, stack))

    if not thread.done:
        thread.run_traced(after, fuel, before=before)
    if thread.status == ThreadState.TRAPPED:
        raise thread.error
    if thread.status != ThreadState.DONE:
        raise LimitError("fuel", fuel)
    return thread.results


def trace_to_file(path: str, module, func, args: Sequence, *, fuel: int | None = None) -> list:
    """`wasm-playground run --trace FILE`: trace `func(args)` into FILE ('-': stderr); the raw results."""
    import sys

    out = sys.stderr if path == "-" else open(path, "w")
    try:
        return trace_invoke(module, func, args, Tracer(out, limit=0), fuel=fuel)
    finally:
        if out is not sys.stderr:
            out.close()


def _host_callee(func, instr, frame):
    """The host function a `call` or `call_indirect` is about to enter, or None."""
    if instr.op.arity is not Arity.CALL:
        return None
    if instr.op.imm == "func":
        callee = func.module.funcs[instr.imm[0]]
        return callee if callee.is_host else None
    if frame.stack:
        table = func.module.tables[instr.imm[1]]
        i = frame.stack[-1]
        callee = table.elements[i] if i < len(table.elements) else None
        return callee if callee is not None and callee.is_host else None
    return None
