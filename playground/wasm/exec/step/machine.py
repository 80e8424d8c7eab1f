"""The steppable machine: explicit operand stacks, frames and a program counter.

A `Thread` runs one invocation. Its state after every step is plain data:

- `frames`: the call stack, a list of `Frame` (bottom first). A frame holds
  the function instance `func`, its compiled `code` (exec/step/prepare.py),
  its own operand `stack`, its `locals` and `pc`, the index of the NEXT
  instruction in the flat body (`func.code.body[pc]`, with `span`/`offset`).
- labels are static: `frame.labels()` gives the enclosing blocks at `pc`,
  each with the stack height where its values start.
- `status`: a `ThreadState` (control.py): READY, PAUSED (resumable), DONE
  (see `results`) or TRAPPED (see `error`; `frames` still show where).

Driving it, through these public methods only (the debugger does too):
- `start(func, args)` calls the function: the first frame, or a host call.
- `step()` executes exactly one instruction (block, loop, else, end and br
  count too); a call enters the callee, so the next step is its first
  instruction.
- `run(budget=None)` runs until done, trapped or `budget` instructions ran.
  Without a budget it is the plain loop, which counts nothing (the fastest);
  with one it is the budget loop, which counts in chunks: a `range` per chunk
  of instructions instead of a count and a test per instruction, so fuel
  (the executor's limits, wasm/limits.py) costs about one loop step more than
  the plain loop, where a per-instruction count costs two or three.
- `run_controlled(limit, control)` is the driven counting loop: `step` and
  `run_traced` go through it. A `RunControl` gets a
  live instruction counter and may shorten the run from inside (a
  watchpoint) or from another thread (pause); it is told of every call and
  return, a return below its `stop_depth` ends the run, and a handler that
  raises `Break` stops it before that instruction (a breakpoint).
- `run_traced(after, limit, control, before=...)` runs one instruction at a
  time through the counting loop and calls `after(func, pc, depth)` for each
  one that ran or trapped (`before(frame)` ahead of each, when given).
- `call_or_return(frame, event)` and `fail(frame, pc, exc)` are what every
  loop does when a handler signals a call or return or raises a trap.
The loop is chosen ONCE per run: nothing tests `if tracing:` per step.

State writes go through the `StateOps` table the thread was created with
(runtime/mutations.py), so a recorder can see every old value.
`snapshot()` / `restore(snap)` copy the whole execution state (frames,
stacks, locals, pcs); memories, tables and globals are the recorder's.

An instruction counts once it has completed: one that traps is not counted,
whether it trapped in its handler or while calling (a host trap, exhaustion).

No Python recursion happens per Wasm call or block: calls push a `Frame`.
Python recursion only happens through host functions that call back into
Wasm (each such call runs a nested Thread).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Sequence

from playground.wasm.errors import ExhaustionError, Trap, UncaughtException, WasmError
from playground.wasm.exec.interface import DEFAULT_MAX_CALL_DEPTH
from playground.wasm.exec.step.code import RETURN, STACK_SLOTS, Code
from playground.wasm.exec.step.control import NO_CONTROL, Break, RunControl, RunStop, ThreadState
from playground.wasm.exec.step.prepare import compiled
from playground.wasm.runtime.functions import Caller
from playground.wasm.runtime.mutations import PLAIN_OPS, StateOps
from playground.wasm.runtime.values import from_python, to_python

STACK_EXHAUSTED = "call stack exhausted"
UNCAUGHT = object()  # `Thread.catch`: no try_table in this thread's frames catches the exception
FOREVER = 1 << 62  # a limit no run reaches
_CHUNK = 1 << 16  # instructions per chunk of the budget loop


class Frame:
    """One activation (spec 4.2.13): a function, its locals, its operand stack and its pc.

    `tail_calls` counts the frames this one replaced by tail calls (`return_call*`, 3.0), for views."""

    __slots__ = ("func", "code", "stack", "locals", "pc", "tail_calls")

    def __init__(self, func, code: Code, stack: list, locals_: list, pc: int = 0, tail_calls: int = 0) -> None:
        self.func = func
        self.code = code
        self.stack = stack
        self.locals = locals_
        self.pc = pc
        self.tail_calls = tail_calls

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
    status: ThreadState
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


_READY, _RUNNING, _PAUSED, _DONE, _TRAPPED = (
    ThreadState.READY, ThreadState.RUNNING, ThreadState.PAUSED, ThreadState.DONE, ThreadState.TRAPPED
)
_LIMIT, _BREAK, _DEPTH = RunStop.LIMIT, RunStop.BREAK, RunStop.DEPTH


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
        self.status = _READY
        self.results: list | None = None
        self.error: WasmError | None = None
        self.instructions = 0  # counted by the counting loop (run_controlled) only
        self.result_types: tuple = ()

    # --- starting ---------------------------------------------------------------------
    def start(self, func, args: Sequence) -> None:
        """Prepare to run `func` with raw `args`; a host function runs at once."""
        self.frames.clear()
        self.results, self.error = None, None
        self.result_types = func.type.results
        if func.is_host:
            self.results = call_host(func, list(args))
            self.status = _DONE
            return
        code = compiled(func, self.ops)
        self.frames.append(Frame(func, code, [], list(args) + code.local_defaults, 0))
        self.status = _READY

    # --- inspecting ---------------------------------------------------------------------
    @property
    def frame(self) -> Frame | None:
        """The current (innermost) frame."""
        return self.frames[-1] if self.frames else None

    @property
    def done(self) -> bool:
        """True once the invocation returned or trapped."""
        return self.status in (_DONE, _TRAPPED)

    def snapshot(self) -> Snapshot:
        """A copy of the execution state (frames, stacks, locals, pcs, status, count)."""
        frames = tuple(Frame(f.func, f.code, list(f.stack), list(f.locals), f.pc, f.tail_calls) for f in self.frames)
        results = None if self.results is None else tuple(self.results)
        return Snapshot(frames, self.status, results, self.instructions)

    def restore(self, snap: Snapshot) -> None:
        """Go back to a `snapshot()` (memories, tables and globals are not in it)."""
        self.frames = [Frame(f.func, f.code, list(f.stack), list(f.locals), f.pc, f.tail_calls) for f in snap.frames]
        self.status = ThreadState(snap.status)
        self.results = None if snap.results is None else list(snap.results)
        self.error = None
        self.instructions = snap.instructions

    # --- calls, returns and traps: what every loop does on a handler's signal ---------------
    def call_or_return(self, frame: Frame, event: int) -> Frame | None:
        """Perform the call or return a handler signalled with `event` (< 0); the frame to continue in.

        None when the invocation's last frame returned (then `status` is DONE and
        `results` are set). A call of a host function runs it here and continues in
        `frame`. Raises the Trap or ExhaustionError of a failing call, with `frame.pc`
        already past the call (`fail` puts it back).
        """
        site = frame.code.sites[-event - 1]
        st = frame.stack
        if site is None:  # return from frame
            arity = frame.code.arity
            return self.return_from_top(st[len(st) - arity :] if arity else [])
        callee = site.callee
        frame.pc = site.ret
        n = site.nparams
        if n:
            args = st[len(st) - n :]
            del st[len(st) - n :]
        else:
            args = []
        if site.tail:
            return self.tail_call(callee, args)
        if callee.is_host:
            st.extend(call_host(callee, args, frame.func.module))
            return frame
        code = callee.compiled.get(self.ops) or compiled(callee, self.ops)
        depth = len(self.frames)
        if depth >= self.max_call_depth or depth >= code.depth_cap:  # the cap bounds frames by their size
            raise ExhaustionError(_exhausted(depth, self.max_call_depth, code))
        new = Frame(callee, code, [], args + code.local_defaults, 0)
        self.frames.append(new)
        return new

    def return_from_top(self, results: list) -> Frame | None:
        """Pop the top frame, giving `results` to its caller (the frame returned) or ending the invocation (None)."""
        frames = self.frames
        frames.pop()
        if not frames:
            self.results = results
            self.status = _DONE
            return None
        caller = frames[-1]
        if results:
            caller.stack.extend(results)
        return caller

    def tail_call(self, callee, args: list) -> Frame | None:
        """`return_call*` (3.0): the callee's frame replaces the caller's, so the call stack does not grow.

        A host callee runs now and its results return from the caller's frame.
        """
        frames = self.frames
        if callee.is_host:
            return self.return_from_top(call_host(callee, args, frames[-1].func.module))
        code = callee.compiled.get(self.ops) or compiled(callee, self.ops)
        depth = len(frames) - 1
        if depth >= code.depth_cap:  # a callee with many more locals may not fit where the caller did
            raise ExhaustionError(_exhausted(depth, self.max_call_depth, code))
        new = Frame(callee, code, [], args + code.local_defaults, 0, frames[-1].tail_calls + 1)
        frames[-1] = new
        return new

    def catch(self, frame: Frame, pc: int, exc: UncaughtException):
        """Find the try_table that catches `exc` (3.0), from the top frame down; the frame to go on in.

        `pc` is as for `fail`. The frames above the catching one are dropped as by
        returns, its stack is cut to the try_table's and the clause's values pushed,
        and its pc set to the clause's label. Returns UNCAUGHT (and changes nothing:
        the frames still show where it was thrown) when no handler of this thread
        catches it, or None when the clause branched out of the last frame (DONE).
        """
        exn = exc.exn
        if exn is None:  # raised by a host without an exception object: nothing can catch it
            return UNCAUGHT
        frames = self.frames
        at = pc if pc >= 0 else frame.pc - 1  # the throw, or the call that let it through
        for depth in range(len(frames) - 1, -1, -1):
            found = frames[depth]
            for handler in found.code.handlers_around(at):
                clause = handler.clause_for(exn)
                if clause is not None:
                    del frames[depth + 1 :]
                    target = handler.land(found.stack, exn, clause)
                    if target == RETURN:
                        st = found.stack
                        return self.return_from_top(st[len(st) - clause.arity :] if clause.arity else [])
                    found.pc = target
                    return found
            at = frames[depth - 1].pc - 1 if depth else 0  # a caller stands after its call
        return UNCAUGHT

    def fail(self, frame: Frame, pc: int, exc: WasmError) -> None:
        """Record a trap: TRAPPED, `error` located, and the frame's pc AT the faulting instruction.

        `pc` is the faulting instruction's index, or the negative event when the
        trap came from performing a call (`call_or_return` had moved pc past it).
        """
        if pc >= 0:
            frame.pc = pc
        else:
            frame.pc -= 1
        self.status = _TRAPPED
        self.error = exc
        locate(exc, frame)

    # --- driving -----------------------------------------------------------------------------
    def step(self) -> ThreadState:
        """Execute exactly one instruction; returns the new status."""
        if not self.done:
            self.run_controlled(1)
        return self.status

    def run(self, budget: int | None = None) -> ThreadState:
        """Run until done, trapped, or `budget` instructions ran (then PAUSED, resumable); the new status."""
        if self.done:
            return self.status
        if budget is None:
            return self._run_plain()
        self._run_budget(budget)
        return self.status

    def _run_budget(self, limit: int) -> None:
        """The budget loop: at most `limit` instructions, no control, no tracing; ends DONE, TRAPPED or PAUSED.

        Counts exactly as `run_controlled` does (a trapping instruction, or a call
        that fails, does not count) but in chunks: instruction `i` of a chunk
        that started at `n` is number `n + i`, so the loop body is the plain
        loop's plus the range's step.
        """
        self.status = _RUNNING
        frame = self.frames[-1]
        handlers, st, lo, pc = frame.code.handlers, frame.stack, frame.locals, frame.pc
        event = self.call_or_return
        n = i = 0
        while True:  # once, and again after each exception a try_table catches
            try:
                while n < limit:
                    k = limit - n if limit - n < _CHUNK else _CHUNK
                    for i in range(k):
                        pc = handlers[pc](st, lo)
                        if pc < 0:
                            frame = event(frame, pc)
                            if frame is None:
                                self.instructions += n + i + 1
                                return
                            handlers, st, lo, pc = frame.code.handlers, frame.stack, frame.locals, frame.pc
                    n += k
                break
            except UncaughtException as exc:
                caught = self.catch(frame, pc, exc)
                if caught is UNCAUGHT:
                    self.instructions += n + i
                    self.fail(frame, pc, exc)
                    return
                n += i + 1  # the throw (or the call it came through) completed: it counts
                if caught is None:
                    self.instructions += n
                    return
                frame = caught
                handlers, st, lo, pc = frame.code.handlers, frame.stack, frame.locals, frame.pc
            except WasmError as exc:
                self.instructions += n + i  # the failing instruction (or call) does not count
                self.fail(frame, pc, exc)
                return
            except BaseException:  # a host ended the program (WASI's ProcExit): its call counts, as in run_controlled
                self.instructions += n + i + (1 if pc < 0 else 0)
                raise
        self.instructions += n
        frame.pc = pc
        self.status = _PAUSED

    def _run_plain(self) -> ThreadState:
        """The plain loop: no counting, no control; the fastest there is."""
        self.status = _RUNNING
        frame = self.frames[-1]
        handlers, st, lo, pc = frame.code.handlers, frame.stack, frame.locals, frame.pc
        event = self.call_or_return
        while True:  # once, and again after each exception a try_table catches
            try:
                while True:
                    while pc >= 0:
                        pc = handlers[pc](st, lo)
                    frame = event(frame, pc)
                    if frame is None:
                        return self.status
                    handlers, st, lo, pc = frame.code.handlers, frame.stack, frame.locals, frame.pc
            except UncaughtException as exc:
                caught = self.catch(frame, pc, exc)
                if caught is UNCAUGHT:
                    self.fail(frame, pc, exc)
                    return self.status
                if caught is None:
                    return self.status
                frame = caught
                handlers, st, lo, pc = frame.code.handlers, frame.stack, frame.locals, frame.pc
            except WasmError as exc:
                self.fail(frame, pc, exc)
                return self.status

    def run_controlled(
        self,
        limit: int,
        control: RunControl = NO_CONTROL,
        *,
        after: Callable[[object, int, int], None] | None = None,
        before: Callable[[Frame], None] | None = None,
    ) -> tuple[RunStop, int]:
        """The counting loop: run at most `limit` instructions under `control`; (why it stopped, instructions run).

        See `RunControl` (control.py) for what a driver can do. The thread ends
        PAUSED unless the run returned (DONE) or trapped (TRAPPED). With `after`
        (or `before`) it is the traced loop: see `run_traced`.
        """
        if self.done:
            return RunStop(self.status), 0
        frames = self.frames
        frame = frames[-1]
        handlers, st, lo, pc = frame.code.handlers, frame.stack, frame.locals, frame.pc
        base = self.instructions
        n = 0
        lowest = len(frames)
        stop_depth = control.stop_depth

        def now() -> int:
            return base + n

        def stop_after() -> None:
            nonlocal limit
            limit = n + 1

        def pause() -> None:
            nonlocal limit
            limit = 0

        control.started(now, stop_after, pause)
        # Without a driver (step, run with a budget, the executor's fuel) a call or return
        # costs no hook call and no depth bookkeeping.
        watching = type(control) is not RunControl or stop_depth > 0
        entered = control.entered if type(control).entered is not RunControl.entered else None
        event = self.call_or_return
        traced = after is not None or before is not None
        func, at, depth = frame.func, pc, len(frames)  # the instruction running, for `after`
        reason = _LIMIT
        self.status = _RUNNING
        try:
            while True:  # once, and again after each exception a try_table catches
                try:
                    if not traced:
                        while n < limit:
                            pc = handlers[pc](st, lo)
                            n += 1
                            if pc < 0:
                                frame = event(frame, pc)
                                if frame is None:
                                    reason = RunStop.DONE
                                    break
                                if entered is not None:
                                    ran = entered(frame)  # before reading the handlers: the hook may instrument them
                                    if ran is not None:  # the hook ran the call itself (the fast engine): count it, go on
                                        n += ran
                                        frame = frames[-1]
                                handlers, st, lo, pc = frame.code.handlers, frame.stack, frame.locals, frame.pc
                                if watching:
                                    depth = len(frames)
                                    if depth < lowest:
                                        lowest = depth
                                    if depth < stop_depth:
                                        reason = _DEPTH
                                        break
                    else:  # the same loop, keeping `frame.pc` and the count current for the hooks
                        while n < limit:
                            func, at, depth = frame.func, pc, len(frames)
                            if before is not None:
                                frame.pc = pc
                                before(frame)
                            pc = handlers[pc](st, lo)
                            n += 1
                            self.instructions = base + n
                            if pc < 0:
                                frame = event(frame, pc)
                                if frame is None:
                                    reason = RunStop.DONE
                                    if after is not None:
                                        after(func, at, depth)
                                    break
                                if entered is not None:
                                    entered(frame)
                                handlers, st, lo, pc = frame.code.handlers, frame.stack, frame.locals, frame.pc
                                if len(frames) < lowest:
                                    lowest = len(frames)
                            else:
                                frame.pc = pc
                            if after is not None:
                                after(func, at, depth)
                            if len(frames) < stop_depth:
                                reason = _DEPTH
                                break
                    break
                except UncaughtException as exc:
                    caught = self.catch(frame, pc, exc)
                    if caught is UNCAUGHT:
                        raise  # ends the run below, as a trap does
                    if pc >= 0:  # the throw completed (a call that let it through counted already)
                        n += 1
                    self.instructions = base + n
                    if after is not None:
                        after(func, at, depth)
                    if caught is None:  # the handler's label was the last frame's: it returned
                        reason = RunStop.DONE
                        break
                    frame = caught
                    handlers, st, lo, pc = frame.code.handlers, frame.stack, frame.locals, frame.pc
                    if len(frames) < lowest:
                        lowest = len(frames)
                    if len(frames) < stop_depth:
                        reason = _DEPTH
                        break
        except Break:
            reason = _BREAK
        except WasmError as exc:
            if pc < 0:  # the call did not complete: it does not count
                n -= 1
            self.fail(frame, pc, exc)
            reason = RunStop.TRAPPED
            self.instructions = base + n
            if after is not None:
                after(func, at, depth)
        finally:
            self.instructions = base + n
            control.ended(base + n, lowest)
        if reason is _LIMIT or reason is _BREAK or reason is _DEPTH:
            frame.pc = pc
            self.status = _PAUSED
        return reason, n

    def run_traced(
        self,
        after: Callable[[object, int, int], None],
        limit: int | None = None,
        control: RunControl = NO_CONTROL,
        *,
        before: Callable[[Frame], None] | None = None,
    ) -> tuple[RunStop, int]:
        """The traced loop: `run_controlled`, reporting every instruction; (why it stopped, instructions run).

        `after(func, pc, depth)` follows every instruction that ran or trapped: the
        function and pc it ran at and the number of frames then (the thread's state,
        `instructions` included, is the state after it). `before(frame)`, when
        given, comes ahead of every instruction (frame.pc is the one about to run).
        """
        return self.run_controlled(FOREVER if limit is None else limit, control, after=after, before=before)


def _exhausted(depth: int, max_call_depth: int, code: Code) -> str:
    """The exhaustion message: the spec's words, and why when the frames' size (not their number) ran out."""
    if depth >= max_call_depth:
        return STACK_EXHAUSTED
    return (f"{STACK_EXHAUSTED}: {depth:,} frames of a function with {len(code.local_defaults):,} locals "
            f"fill the {STACK_SLOTS:,} slots a chain of its frames may hold")


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
    if thread.status != _DONE:
        thread.run()
    if thread.status == _TRAPPED:
        raise thread.error
    return thread.results
