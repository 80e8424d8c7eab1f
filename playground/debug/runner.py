"""The debugger's run loop over a `Thread`, and the handlers it patches in.

The session's `RecordingOps` (undo.py) is a mutation table of its own, so
the code compiled for it (exec/prepare.py caches one `Code` per table) is
the session's alone, and the runner may rewrite its handler lists:

- every instruction that writes state gets a *located* handler that first
  tells the ops `where` it is, so the undo log and watchpoint hits name the
  writing instruction (only writing instructions pay for this);
- a breakpoint replaces its instruction's handler by one that raises
  `_Break` before the instruction runs: no breakpoint costs nothing per
  instruction elsewhere, and the loop tests nothing for it.

The loop itself is the counting loop of machine.py, with its counter in a
closure cell so the ops can read the current step number (`ops.now()`), and
its limit in a cell so a watchpoint hit (`stop_after`) or `pause()` from
another thread ends it after the current instruction. The loop is chosen
once per run, as the guide asks; nothing tests a flag per instruction.

Being the machine's own loop, it calls the machine's loop hooks
`Thread._event` (perform the call or return a handler signalled) and
`Thread._fail` (record a trap at the faulting instruction) rather than copy
them: machine.py's loops and this one must agree on calls, returns and trap
locations, and the property tests in tests/debug compare this loop's states
with a plain thread's. They are the one place the debugger reaches into
the machine's private API, and `_machine_hooks` below is where.
"""

from __future__ import annotations

from playground.wasm.errors import WasmError
from playground.wasm.exec.step.prepare import compiled

# Instructions that write memories, tables, globals or segments (exec/mutations.py).
WRITERS = frozenset(
    """i32.store i64.store f32.store f64.store i32.store8 i32.store16 i64.store8 i64.store16 i64.store32
    v128.store v128.store8_lane v128.store16_lane v128.store32_lane v128.store64_lane
    memory.grow memory.fill memory.copy memory.init data.drop global.set
    table.set table.grow table.fill table.copy table.init elem.drop""".split()
)
# ...and calls, which may reach a host function that writes memory (hostcalls.py).
LOCATED = WRITERS | {"call", "call_indirect"}


class _Break(Exception):
    """Raised by a breakpoint handler before its instruction runs."""


_BREAK = _Break()


def _break_handler(st, lo):
    raise _BREAK


def _located(handler, where, ops):
    def h(st, lo):
        ops.where = where
        return handler(st, lo)

    return h


def _machine_hooks(thread):
    """The machine's loop hooks this loop shares (see the module docstring): (event, fail)."""
    return thread._event, thread._fail


class Runner:
    """Runs a thread for the session; see the module docstring. `reason` after `run` says why it stopped.

    Reasons: "limit" (ran the count asked), "break" (at a breakpoint, not yet run),
    "depth" (a frame returned below `stop_depth`), "stop" (a watchpoint asked),
    "paused" (`pause()`), "done", "trapped".
    """

    def __init__(self, thread, ops, instance) -> None:
        self.thread = thread
        self.ops = ops
        self.instance = instance
        self.codes: dict[int, object] = {}  # id(code) -> code, instrumented for this session
        self.owners: dict[int, object] = {}  # id(code) -> its function instance
        self.patched: dict[tuple[int, int], object] = {}  # (id(code), pc) -> the original handler
        self.breaks: set[tuple[int, int]] = set()  # (funcidx, pc) of the session's module
        self.breaks_live = True
        self.lowest = 0  # the least frame depth at any step start of the last run
        self.on_step = None  # (func, pc, depth) -> None after each instruction: the tracing loop (trace.py)
        self._stop_after = None
        self._pause = None
        self._paused = False
        self._stopped = False
        self.replaying = False  # running over the past for the recorder: a pause must not cut it short

    # --- instrumentation -----------------------------------------------------------------
    def prepare(self, func) -> None:
        """Compile (for the session's ops) and instrument one function instance."""
        if func.is_host:
            return
        code = compiled(func, self.ops)
        if id(code) in self.codes:
            return
        self.codes[id(code)] = code
        own = func.module is self.instance
        ops = self.ops
        for pc, ins in enumerate(func.code.body):
            if ins.op.name in LOCATED:
                code.handlers[pc] = _located(code.handlers[pc], (func.funcidx if own else -1, pc), ops)
        self.owners[id(code)] = func
        if own:
            for funcidx, pc in self.breaks:
                if funcidx == func.funcidx:
                    self._patch(code, pc)

    def prepare_instance(self) -> None:
        for func in self.instance.funcs:
            self.prepare(func)

    def _patch(self, code, pc: int) -> None:
        key = (id(code), pc)
        if key not in self.patched and self.breaks_live:
            self.patched[key] = code.handlers[pc]
            code.handlers[pc] = _break_handler

    def _unpatch(self, code, pc: int) -> None:
        original = self.patched.pop((id(code), pc), None)
        if original is not None:
            code.handlers[pc] = original

    def _codes_of(self, funcidx: int):
        owners = self.owners
        return [
            code
            for key, code in self.codes.items()
            if owners[key].module is self.instance and owners[key].funcidx == funcidx
        ]

    def set_breaks(self, locations: set[tuple[int, int]]) -> None:
        """Make exactly these (funcidx, pc) places stop."""
        for funcidx, pc in self.breaks - locations:
            for code in self._codes_of(funcidx):
                self._unpatch(code, pc)
        for funcidx, pc in locations - self.breaks:
            for code in self._codes_of(funcidx):
                self._patch(code, pc)
        self.breaks = set(locations)

    def suspend_breaks(self) -> None:
        """Take every breakpoint handler out (for replays that must not stop)."""
        for key, original in list(self.patched.items()):
            self.codes[key[0]].handlers[key[1]] = original
        self.patched.clear()
        self.breaks_live = False

    def resume_breaks(self) -> None:
        self.breaks_live = True
        for funcidx, pc in self.breaks:
            for code in self._codes_of(funcidx):
                self._patch(code, pc)

    # --- control from outside ---------------------------------------------------------
    def pause(self) -> None:
        """Ask the running loop (from any thread) to stop after the current instruction."""
        self._paused = True
        pause = self._pause
        if pause is not None and not self.replaying:
            pause()

    def clear_pause(self) -> None:
        """Forget an earlier `pause()` (each command starts unpaused)."""
        self._paused = False

    def stop_after_current(self) -> None:
        """Called by a watchpoint hit, inside the loop: stop once this instruction completes."""
        self._stopped = True
        stop = self._stop_after
        if stop is not None:
            stop()

    # --- running -----------------------------------------------------------------------------
    def run(self, limit: int, stop_depth: int = 0, *, from_stop: bool = True) -> tuple[str, int]:
        """Run at most `limit` instructions; (reason, instructions executed).

        `from_stop`: the run starts where the last stop was, so a breakpoint on
        that very instruction does not stop it again (its original handler runs
        once). False when the run goes on from a point nobody stopped at (the
        recorder's checkpoints and edits split runs into chunks): it stops there.
        """
        thread = self.thread
        if thread.done:
            return thread.status, 0
        if self.on_step is not None:
            return self._run_traced(limit, stop_depth, from_stop)
        return self._run(limit, stop_depth, from_stop)

    def _run_traced(self, limit: int, stop_depth: int, from_stop: bool) -> tuple[str, int]:
        """One instruction at a time, reporting each to `on_step` (chosen once per run)."""
        thread, total, reason = self.thread, 0, "limit"
        while total < limit:
            frame = thread.frames[-1]
            func, pc, depth = frame.func, frame.pc, len(thread.frames)
            reason, n = self._run(1, stop_depth, from_stop and total == 0)
            total += n
            if n or reason == "trapped":
                self.on_step(func, pc, depth)
            if reason != "limit":
                break
        return reason, total

    def _run(self, limit: int, stop_depth: int, from_stop: bool) -> tuple[str, int]:
        thread = self.thread
        self._stopped = False
        frame = thread.frames[-1]
        key = (id(frame.code), frame.pc)
        original = self.patched.get(key) if from_stop else None
        if original is None or limit <= 0:
            return self._loop(limit, stop_depth)
        handlers = frame.code.handlers
        handlers[key[1]] = original
        try:
            reason, n = self._loop(1, stop_depth)
        finally:
            if key in self.patched:
                handlers[key[1]] = _break_handler
        if reason != "limit" or limit == 1:
            return reason, n
        reason, more = self._loop(limit - 1, stop_depth)
        return reason, n + more

    def _loop(self, limit: int, stop_depth: int) -> tuple[str, int]:
        thread = self.thread
        ops = self.ops
        frames = thread.frames
        frame = frames[-1]
        code = frame.code
        handlers, st, lo, pc = code.handlers, frame.stack, frame.locals, frame.pc
        base = thread.instructions
        n = 0
        lowest = len(frames)

        def now():
            return base + n

        def stop_after():
            nonlocal limit
            limit = n + 1

        def pause():
            nonlocal limit
            limit = 0

        ops.now = now
        self._stop_after = stop_after
        self._pause = pause
        pausable = not self.replaying
        if self._paused and pausable:
            limit = 0
        event, fail = _machine_hooks(thread)
        codes = self.codes
        reason = "limit"
        thread.status = "running"
        try:
            while n < limit:
                pc = handlers[pc](st, lo)
                n += 1
                if pc < 0:
                    frame = event(frame, pc)
                    if frame is None:
                        reason = "done"
                        break
                    code = frame.code
                    if id(code) not in codes:
                        self.prepare(frame.func)
                    handlers, st, lo, pc = code.handlers, frame.stack, frame.locals, frame.pc
                    depth = len(frames)
                    if depth < lowest:
                        lowest = depth
                    if depth < stop_depth:
                        reason = "depth"
                        break
        except _Break:
            reason = "break"
        except WasmError as exc:
            if pc < 0:  # raised by a call (host trap, exhaustion): point at the call instruction
                n -= 1
                site = frame.code.sites[-pc - 1]
                pc = site.ret - 1 if site is not None else frame.pc
            fail(frame, pc, exc)
            reason = "trapped"
        finally:
            thread.instructions = base + n
            self._stop_after = None
            self._pause = None
            final = base + n
            ops.now = lambda: final
            self.lowest = lowest
        if reason in ("limit", "break", "depth"):
            frame.pc = pc
            thread.status = "paused"
            if reason == "limit" and self._stopped:
                reason = "stop"
            if self._paused and pausable and reason in ("limit", "stop"):
                reason = "paused"
        return reason, n
