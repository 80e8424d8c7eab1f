"""The debugger's run loop over a `Thread`, and the handlers it patches in.

The session's `RecordingOps` (undo.py) is a mutation table of its own, so
the code compiled for it (exec/step/prepare.py caches one `Code` per table)
is the session's alone, and the runner may rewrite its handler lists:

- every instruction that writes state (`OpInfo.writes_state`), and every
  call (`Arity.CALL`: it may reach a host function that writes memory,
  hostcalls.py), gets a *located* handler that first tells the ops `where`
  it is, so the undo log and watchpoint hits name the writing instruction
  (only those instructions pay for this);
- a breakpoint replaces its instruction's handler by one that raises the
  machine's `Break` before the instruction runs: no breakpoint costs nothing
  per instruction elsewhere, and the loop tests nothing for it.

The loop itself is the machine's counting loop, `Thread.run_controlled`
(or `Thread.run_traced` while a tracer listens), driven through its public
`RunControl` hooks: the runner is the control. It wires the live step
counter into the ops (`ops.now()`), keeps the loop's `stop_after` for a
watchpoint hit and its `pause` for `pause()` from another thread, prepares
the code of every function the run enters, and ends the run when a frame
returns below `stop_depth`. The loop is chosen once per run, as the guide
asks; nothing tests a flag per instruction.

A host call that ends the program (WASI's `proc_exit`: `ProcExit`, live or
replayed by the journal) ends the run as DONE with no results, the frames
kept where the call was made, and `exit_code` set: the session calls that
state "exited".
"""

from __future__ import annotations

from playground.hosts.wasi.errors import ProcExit
from playground.wasm.exec.collector import older_objects_frozen
from playground.wasm.exec.step.control import Break, RunControl, RunStop, ThreadState
from playground.wasm.exec.step.prepare import compiled
from playground.wasm.instructions import Arity

_BREAK = Break()


def _break_handler(st, lo):
    raise _BREAK


def _located(handler, where, ops):
    def h(st, lo):
        ops.where = where
        return handler(st, lo)

    return h


def _located_op(op) -> bool:
    """Whether an instruction gets a located handler: it writes state, or calls (maybe a host that does)."""
    return op.writes_state or op.arity is Arity.CALL


class Runner(RunControl):
    """Runs a thread for the session; see the module docstring. `run` says why it stopped (a `RunStop`).

    Reasons: LIMIT (ran the count asked), BREAK (at a breakpoint, not yet run),
    DEPTH (a frame returned below `stop_depth`), STOP (a watchpoint asked),
    PAUSED (`pause()`), DONE, TRAPPED.
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
        self.stop_depth = 0  # RunControl: the run in progress ends when a frame returns below it
        self._stop_after = None
        self._pause = None
        self._paused = False
        self._stopped = False
        self.replaying = False  # running over the past for the recorder: a pause must not cut it short
        self.exit_code: int | None = None  # the status of the program's exit, when the last run ended with one
        self.fast = None  # handover.FastCalls: a run with fast=True runs calls on the fast engine
        self._fast_on = False
        self._fast_break = False  # the fast engine stopped at a probe during the run in progress
        self._now = None

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
            if _located_op(ins.op):
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
        if self.fast is not None and not self.replaying:
            self.fast.pause()

    def clear_pause(self) -> None:
        """Forget an earlier `pause()` (each command starts unpaused)."""
        self._paused = False
        if self.fast is not None:
            self.fast.clear_pause()

    def stop_after_current(self) -> None:
        """Called by a watchpoint hit, inside the loop: stop once this instruction completes."""
        self._stopped = True
        stop = self._stop_after
        if stop is not None:
            stop()

    def stop_after_lost(self) -> None:
        """Called after a write the history could not keep (lost_history.py), inside the loop: stop once this
        instruction completes, so the recorder's history starts right after it. The run's reason stays LIMIT."""
        stop = self._stop_after
        if stop is not None:
            stop()

    def _fast_call(self, frames: list, step: int) -> tuple[int, bool, list | None]:
        """`FastCalls.run_call`, with a write the history could not keep refused inside it (lost_history.py)."""
        ops = self.ops
        ops.refuse_unkept = True
        try:
            return self.fast.run_call(frames, step)
        finally:
            ops.refuse_unkept = False

    def stop_before_next(self) -> None:
        """Called by an after-instruction hook (`on_step`): end the run before the next instruction (reason STOP).

        Unlike `stop_after_current` (for hooks inside an instruction), it does not let one more run.
        """
        self._stopped = True
        pause = self._pause
        if pause is not None:
            pause()

    # --- the machine's RunControl hooks ----------------------------------------------------
    def started(self, now, stop_after, pause) -> None:
        self.ops.now = now
        self._now = now
        self._stop_after = stop_after
        self._pause = pause

    def entered(self, frame) -> int | None:
        if id(frame.code) not in self.codes:
            self.prepare(frame.func)
        if self._fast_on and frame.pc == 0 and not frame.stack and self.fast.can_run(frame):  # a call: run it fast
            ran, stopped, _ = self._fast_call(self.thread.frames, self._now())
            if stopped:
                self._fast_break = True
                self._pause()
            return ran
        return None

    def ended(self, instructions: int, lowest: int) -> None:
        self._stop_after = None
        self._pause = None
        self.ops.now = lambda: instructions
        self.lowest = lowest

    # --- running -----------------------------------------------------------------------------
    def run(self, limit: int, stop_depth: int = 0, *, from_stop: bool = True, fast: bool = False) -> tuple[RunStop, int]:
        """Run at most `limit` instructions; (reason, instructions executed).

        `from_stop`: the run starts where the last stop was, so a breakpoint on
        that very instruction does not stop it again (its original handler runs
        once). False when the run goes on from a point nobody stopped at (the
        recorder's checkpoints and edits split runs into chunks): it stops there.
        """
        thread = self.thread
        if thread.done:
            return RunStop(thread.status), 0
        self.exit_code = None
        self.stop_depth = stop_depth
        self._stopped = False
        frame = thread.frames[-1]
        key = (id(frame.code), frame.pc)
        original = self.patched.get(key) if from_stop else None
        if original is None or limit <= 0:
            return self._run(limit, fast)
        handlers = frame.code.handlers
        handlers[key[1]] = original
        try:
            reason, n = self._run(1)  # one instruction: the step engine's (a call stops at the callee's entry)
        finally:
            if key in self.patched:
                handlers[key[1]] = _break_handler
        if reason != RunStop.LIMIT or limit == 1:
            return reason, n
        reason, more = self._run(limit - 1, fast)
        return reason, n + more

    def _run(self, limit: int, fast: bool = False) -> tuple[RunStop, int]:
        """One machine run (traced while `on_step` listens), its LIMIT refined into STOP or PAUSED.

        `fast`: calls run on the fast engine (handover.py); may raise `NeedsRerun`.
        """
        pausable = not self.replaying
        if self._paused and pausable:
            limit = 0
        thread = self.thread
        start = thread.instructions
        fast = fast and self.fast is not None and self.on_step is None and limit > 0
        self._fast_break = False
        try:
            with older_objects_frozen():  # full collector passes would rescan the session's whole history
                if fast:
                    self.fast.end = start + limit
                    self.fast.sync_probes()
                    ran = self._run_top_fast()
                    if ran is not None:
                        return ran
                    self._fast_on = True
                if self.on_step is not None:
                    reason, n = thread.run_traced(self.on_step, limit, self)
                else:
                    reason, n = thread.run_controlled(limit - (thread.instructions - start), self)
        except ProcExit as exit_:  # the machine left the frames as they were at the call (its pc past it)
            thread.status, thread.results = ThreadState.DONE, []
            self.exit_code = exit_.code
            return RunStop.DONE, thread.instructions - start
        finally:
            self._fast_on = False
        if fast and thread.instructions > start and thread.frames:
            self.lowest = min(self.lowest, len(thread.frames))
        n = thread.instructions - start
        if self._fast_break:
            reason = RunStop.BREAK
        if reason == RunStop.LIMIT and self._stopped:
            reason = RunStop.STOP
        if self._paused and pausable and reason in (RunStop.LIMIT, RunStop.STOP):
            reason = RunStop.PAUSED
        return reason, n

    def _run_top_fast(self) -> tuple[RunStop, int] | None:
        """Run the top frame on the fast engine when it has not started yet; (reason, n) when the run ends there."""
        thread = self.thread
        frames = thread.frames
        frame = frames[-1]
        if frame.pc != 0 or frame.stack or not self.fast.can_run(frame):
            return None
        depth = len(frames)
        thread.status = ThreadState.RUNNING
        ran, stopped, results = self._fast_call(frames, thread.instructions)
        thread.instructions += ran
        self.lowest = depth
        self.ops.now = lambda: thread.instructions
        if results is not None:
            thread.results, thread.status = results, ThreadState.DONE
            return RunStop.DONE, ran
        thread.status = ThreadState.PAUSED
        if stopped:
            return RunStop.BREAK, ran
        if len(frames) < self.stop_depth:
            return RunStop.DEPTH, ran
        return None
