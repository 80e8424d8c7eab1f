"""A debug session: one instance, one invocation, stepped forwards and backwards. No Qt.

    session = DebugSession.from_file("samples/fib.wat")
    session.start("fib", [5])
    session.add_breakpoint(at_line(9))
    snap = session.continue_()          # a debug.snapshot.Snapshot
    session.step_back()                 # exact earlier state (recorder.py)
    session.who_wrote(0x100)            # provenance.Write or None

Every motion returns the `Snapshot` of the new stop (also kept as
`session.last`). Motions forward: `step_into`, `step_over`, `step_out`,
`continue_`, `run_to`; backward: `step_back`, `step_back_over`,
`reverse_continue` (reverse.py), which stop at watched writes on the way as
forward motions do; `goto_step(n)` goes anywhere recorded, stopping at nothing.
At a trap the machine keeps the state the faulting instruction left, as a
plain run does, but the snapshot (and `top` in expressions) shows the
operands it faulted on (recorder.py `stack_before_fault`).
`pause()` may be called from another thread while a motion runs (the GUI
runs the session in a worker; the `debug` prompt calls it on Ctrl+C); the run
stops after the current instruction. A host call that a pause interrupts
before it answered (a read waiting for typed input: `InputPaused`) leaves the
session paused before its calling instruction, which runs again next time.
The session's `limits` (wasm/limits.py, on by default) bound each command:
a motion that runs `limits.fuel` instructions, or `limits.timeout` seconds,
stops paused there with reason LIMIT and the limit's message (a `c` goes on
for as many again); the call depth, memory and table caps hold as in `run`.
Edits while paused (`set_local`, `set_global`, `set_stack`, `write_memory`)
are part of the recorded timeline: stepping back over them undoes them.
"""

from __future__ import annotations

import threading
from typing import Sequence

from playground.debug.breakpoints import Breakpoint, BreakpointSet, at_instruction, at_line, function_index, resolve
from playground.debug.changed_memory import entries_since, written_ranges
from playground.debug.context import ThreadContext
from playground.debug.edits import EditCommands, SessionError, convert
from playground.debug.expressions import parse_expression
from playground.debug.hostcalls import HostCall, HostJournal
from playground.debug.line_step import LineMotions
from playground.debug.memories import memory_infos, memory_name
from playground.debug.provenance import Write, active_segments, last_write, segment_write
from playground.debug.lost_history import SessionOps
from playground.debug.recorder import DEFAULT_INTERVAL, Edit, Recorder
from playground.debug.reverse import previous_at_depth, previous_breakpoint_hit
from playground.debug.runner import Runner
from playground.debug.session_file import export_session
from playground.debug.snapshot import EMPTY_SNAPSHOT, Location, MemorySource, Snapshot
from playground.debug.snapshots import Describer, static_pops
from playground.debug.source import Program, load_program, program_from_binary, program_from_text
from playground.debug.sourcemaps.base import SourceMap
from playground.debug.states import SessionState, StopReason
from playground.debug.statehash import state_digest
from playground.debug.trace import attach
from playground.debug.undo import HISTORY_BUDGET
from playground.debug.watchpoints import WatchHit, Watchpoint, WatchpointError, WatchSet
from playground.hosts.wasi.stdio import InputPaused
from playground.wasm.engines import DEFAULT_ENGINE, new_executor
from playground.wasm.exec.interface import ExecSettings
from playground.wasm.exec.step.control import RunStop, ThreadState
from playground.wasm.exec.step.machine import Thread
from playground.wasm.instructions import Arity
from playground.wasm.limits import DEFAULT_LIMITS, LimitError, Limits
from playground.wasm.runtime import Store, instantiate

FOREVER = 1 << 62


class DebugSession(EditCommands, LineMotions):
    """See the module docstring. Build one with `from_file`, `from_text` or `from_binary`.

    `source_map` says where instructions come from (sourcemaps/): breakpoints on
    lines, run to line and the locations of stops use it. The default is the
    program's own: its WAT text, or the disassembly of a binary.
    """

    def __init__(
        self,
        program: Program,
        *,
        source_map: SourceMap | None = None,
        imports=None,
        interval: int = DEFAULT_INTERVAL,
        history_bytes: int = HISTORY_BUDGET,
        track_host_memory: bool = True,
        host_records: list | None = None,
        limits: Limits = DEFAULT_LIMITS,
        engine: str = "auto",
    ) -> None:
        self.program = program
        self.limits = limits
        settings = ExecSettings.from_limits(limits)
        self.module = program.module
        self.source_map = source_map if source_map is not None else program.source_map
        self.ops = SessionOps(budget_bytes=history_bytes)
        self.journal = HostJournal(self.ops, track_host_memory)
        if host_records is not None:  # a replayed session: hosts answer from the records
            self.journal.records = list(host_records)
            self.journal.replay_only = True
        self.imports = imports
        store = Store.limited(limits, new_executor(DEFAULT_ENGINE, settings))  # its executor runs the start function
        self.instance = instantiate(self.module, self.journal.wrap_imports(self.module, imports or {}), store=store)
        self.segments = active_segments(self.module, self.instance)  # what instantiation wrote (provenance)
        self.thread = Thread(self.ops, max_call_depth=settings.max_call_depth)
        self.runner = Runner(self.thread, self.ops, self.instance)
        self.ops.on_lost = self.runner.stop_after_lost
        self.runner.prepare_instance()
        self.recorder = Recorder(self.runner, self.journal, interval=interval, budget_bytes=history_bytes)
        self.engine = choose_engine(engine, self.runner, settings)
        self.recorder.fast = self.engine == "fast"
        self.describer = Describer(program, self.instance, self.source_map)
        self.context = ThreadContext(self.thread, self.describer, self._fault_stack)
        self.breakpoints = BreakpointSet()
        self.watchpoints = WatchSet(self._on_watch)
        self.tracer = None  # a trace.Tracer, set with `set_tracer`
        self.invocation: tuple[str, list] | None = None
        self.last: Snapshot = EMPTY_SNAPSHOT
        self._hits: list[WatchHit] = []
        self._temporary: set[tuple[int, int]] = set()
        self._mark = 0  # undo-log length at the previous stop
        self._fault: tuple[int, list] | None = None  # (step, operands before the faulting instruction)
        self._lock = threading.RLock()  # one motion at a time; pause() does not take it
        self._limit: LimitError | None = None  # the limit that stopped the last motion
        self._time_up = False  # set by the motion's timer when its deadline passes

    # --- construction ---------------------------------------------------------------------
    @classmethod
    def from_file(cls, path, **options) -> "DebugSession":
        return cls(load_program(path), **options)

    @classmethod
    def from_text(cls, text: str, *, file: str | None = None, **options) -> "DebugSession":
        return cls(program_from_text(text, file=file), **options)

    @classmethod
    def from_binary(cls, data: bytes, *, file: str | None = None, **options) -> "DebugSession":
        return cls(program_from_binary(data, file=file), **options)

    # --- starting -----------------------------------------------------------------------------
    def start(self, name: str | int, args: Sequence = (), *, raw: bool = False) -> Snapshot:
        """Prepare the invocation of an exported (or `$named`, or numbered) function; stopped before its first instruction."""
        if self.invocation is not None:
            raise SessionError("a session debugs one invocation: create a new session to start another")
        funcidx = function_index(self.module, name)
        func = self.instance.funcs[funcidx]
        params = func.type.params
        if len(args) != len(params):
            raise SessionError(f"{name} takes {len(params)} arguments ({func.type}), got {len(args)}")
        values = list(args) if raw else [convert(t, a) for t, a in zip(params, args)]
        with self._lock:
            if func.is_host:
                raise SessionError(f"{name} is a host function: there is nothing to step through")
            self.thread.start(func, values)
            self.thread.instructions = 0
            self.runner.prepare(func)
            self.recorder.begin()
            self.invocation = (str(name), values)
            self._mark = self.ops.position()
            return self._stop(StopReason.START, f"stopped at the entry of {func.name}")

    def _require_started(self) -> None:
        if self.invocation is None:
            raise SessionError("no invocation started: call start(name, args) first")

    # --- state ----------------------------------------------------------------------------------
    @property
    def step(self) -> int:
        """How many instructions have run: the current step number."""
        return self.thread.instructions

    @property
    def state(self) -> SessionState:
        status = self.thread.status
        if status == ThreadState.DONE:
            return SessionState.FINISHED if self.exit_code is None else SessionState.EXITED
        if status == ThreadState.TRAPPED:
            return SessionState.TRAPPED
        if self.invocation is None:
            return SessionState.READY
        return SessionState.READY if self.step == 0 else SessionState.PAUSED

    @property
    def exit_code(self) -> int | None:
        """The status the program exited with (WASI proc_exit) when the session is at that exit, else None."""
        return self.runner.exit_code if self.thread.status == ThreadState.DONE else None

    def state_digest(self) -> str:
        """A digest of the whole state (statehash.py): equal digests, equal states."""
        return state_digest(self.thread, self.instance)

    @property
    def memory(self):
        mems = self.instance.mems
        return mems[0] if mems else None

    # --- forward ----------------------------------------------------------------------------------
    def step_into(self) -> Snapshot:
        """Execute one instruction; a call stops at the callee's first instruction."""
        return self._motion(lambda: self.recorder.forward(1))

    def step_over(self) -> Snapshot:
        """Execute one instruction; a call runs to its return (stopping earlier at a breakpoint)."""

        def over():
            depth = len(self.thread.frames)
            reason = self.recorder.forward(1)
            if reason == RunStop.LIMIT and len(self.thread.frames) > depth:  # entered a callee: a breakpoint at its entry stops
                reason = self._run(stop_depth=depth + 1, from_stop=False)
            return reason

        return self._motion(over)

    def step_out(self) -> Snapshot:
        """Run until the current function returns to its caller."""
        return self._motion(lambda: self._run(stop_depth=len(self.thread.frames)))

    def continue_(self) -> Snapshot:
        """Run until a breakpoint, a watchpoint, a trap, the end, or `pause()`."""
        return self._motion(self._run)

    def run_to(self, where) -> Snapshot:
        """Run until a place: a line of the main file, `(func, index)`, or a `Breakpoint` (a temporary stop).

        A line stops at the first of its instructions reached, in whichever
        function; a line without code means the next line with code (sourcemaps/base.py).
        """
        bp = where if isinstance(where, Breakpoint) else at_line(where) if isinstance(where, int) else at_instruction(*where)
        self._temporary = set(resolve(bp, self.module, self.source_map))
        self._sync_breaks()
        try:
            return self._motion(self._run)
        finally:
            self._temporary = set()
            self._sync_breaks()

    def pause(self) -> None:
        """From any thread: stop the running motion after its current instruction."""
        self.runner.pause()

    def _run(self, stop_depth: int = 0, from_stop: bool = True) -> RunStop:
        """Run on (to a stop, the end, or a limit of this motion: `limits.fuel` instructions, `limits.timeout` s)."""
        fuel, timeout = self.limits.fuel, self.limits.timeout
        end = FOREVER if fuel is None else self.step + fuel
        timer = None
        if timeout is not None:
            self._time_up = False
            timer = threading.Timer(timeout, self._deadline_passed)
            timer.daemon = True
            timer.start()
        try:
            while True:
                reason = self.recorder.forward(end - self.step, stop_depth=stop_depth, from_stop=from_stop,
                                               fast=self.recorder.fast)
                if reason == RunStop.LIMIT and self.step >= end:
                    self._limit = LimitError("fuel", fuel)
                    return reason
                if reason == RunStop.PAUSED and self._time_up:
                    self._limit = LimitError("timeout", timeout)
                    return RunStop.LIMIT
                if reason != RunStop.BREAK or self._breakpoint_stops():
                    return reason
                from_stop = True  # go on past the breakpoint whose condition said no
        finally:
            if timer is not None:
                timer.cancel()
                timer.join()  # its thread holds the session (`_deadline_passed`) until it has ended

    def _deadline_passed(self) -> None:
        """The motion's timer (another thread): pause the run, as the limit's."""
        self._time_up = True
        self.runner.pause()

    def _breakpoint_stops(self) -> bool:
        frame = self.thread.frame
        key = (self.describer.func_index(frame.func), frame.pc)
        if key in self._temporary:
            return True
        stop = False
        for bp in list(self.breakpoints.at(*key)):  # every one counts its hit, so no short cut
            if bp.should_stop(self.context, self.step):
                stop = True
        return stop

    # --- backward ----------------------------------------------------------------------------------
    def step_back(self) -> Snapshot:
        """Go back one instruction (from a trap: to just before the faulting instruction).

        Going back over a write to a watched place reports it as a watchpoint stop.
        """
        target = self.step if self.thread.status == ThreadState.TRAPPED else self.step - 1
        if target < 0:
            return self._stop(StopReason.START, "already at the start of the invocation")
        return self._motion_back(lambda log: (target, ""), message=False)

    def step_back_over(self) -> Snapshot:
        """Go back one instruction of this function, over calls (and out to the caller at a function's start)."""
        return self._motion_back(lambda log: previous_at_depth(self))

    def reverse_continue(self) -> Snapshot:
        """Go back to the previous breakpoint hit or watched write, whichever is later (or to the start).

        A watched write stops AT the writing instruction (not yet run), reporting
        the old and new values as a forward hit does.
        """
        def find(log):
            newest = self.watchpoints.latest_hits(log)  # no breakpoint hit before it can win: skip those
            return previous_breakpoint_hit(self, since=newest[0].step if newest else 0)

        return self._motion_back(find)

    def goto_step(self, n: int) -> Snapshot:
        """Go to step `n`, before or after the current one (breakpoints do not stop it)."""
        self._require_started()
        if n < 0:
            raise SessionError(f"no step {n}: steps count from 0")
        fuel = self.limits.fuel
        if fuel is not None and n > self.step + fuel:
            raise SessionError(f"step {n:,} is further ahead than one command may run: {LimitError('fuel', fuel).message}")
        if n == self.step and self.thread.status == ThreadState.TRAPPED:  # already there (step_back leaves the trap)
            with self._lock:
                return self._stop(StopReason.TRAP, self._end_message())
        return self._motion(lambda: self.recorder.replay_to(n), target=n)

    def _motion_back(self, find, *, message: bool = True) -> Snapshot:
        """Go back to the step `find(log)` names (`(step or None, note)`), or to a later watched write.

        `log` is a copy of the undo log as it is now: `find` may replay the
        past, which rewrites the live log's tail. `message=False`: no "back
        from step N" message (a single step back).
        """
        self._require_started()
        with self._lock:
            self.runner.clear_pause()
            before = self.step
            log = list(self.ops.log)
            newest = self.watchpoints.latest_hits(log)  # read now: `find` may replay, and hits compare with the live values
            target, note = find(log)
            if target is None:
                target = self.recorder.horizon
                note = self.recorder.explain_horizon(note)
            hits = newest if newest and newest[0].step >= target else []
            if hits:
                target = hits[0].step
            changed = self._changed_since(target, log)
            self.recorder.replay_to(target)
            self._mark = self.ops.position()
            self._hits[:] = hits
            if hits:
                for hit in hits:
                    hit.watchpoint.note_hit(hit.step)
                return self._stop(StopReason.WATCHPOINT, "; ".join(h.describe() for h in hits), changed=changed)
            if note == "breakpoint":
                frame = self.thread.frame
                where = self.describer.location(frame.func, frame.pc)
                return self._stop(StopReason.BREAKPOINT, f"breakpoint at {where} (back from step {before:,})", changed=changed)
            if not message:
                return self._stop(StopReason.STEP, "", changed=changed)
            return self._stop(StopReason.STEP, note or f"back from step {before:,} to step {target:,}", changed=changed)

    # --- the common part of every motion ------------------------------------------------------------
    def _motion(self, run, target: int | None = None) -> Snapshot:
        self._require_started()
        with self._lock:
            thread = self.thread
            if target is None and thread.done:
                return self._stop(self._end_reason(), self._end_message())
            self.runner.clear_pause()
            self._hits.clear()
            self._limit = None
            before_frame = thread.frame
            before_depth = len(thread.frames)
            before_stack = list(before_frame.stack) if before_frame is not None else []
            before_instr = before_frame.instr if before_frame is not None else None
            before_pc = before_frame.pc if before_frame is not None else 0
            before_step = self.step
            changed = self._changed_since(target) if target is not None and target < before_step else None
            reason = run()
            if reason == RunStop.TRAPPED and isinstance(thread.error, InputPaused):
                self.runner.clear_pause()  # the pause is served: it must not cut the replay short
                self.recorder.replay_to(self.step)  # paused in a read: back before its call, which runs again
                reason = RunStop.PAUSED
            pushed, popped = self._stack_delta(before_frame, before_depth, before_stack, before_instr, before_pc, before_step)
            if changed is None:
                changed = self._changed_forward()
            self._mark = self.ops.position()
            stop = self._end_reason() if reason == RunStop.DONE else _REASONS.get(reason, StopReason.STEP)
            if self._limit is not None and reason == RunStop.LIMIT:
                stop = StopReason.LIMIT
            return self._stop(stop, self._message(reason), pushed=pushed, popped=popped, changed=changed)

    def _message(self, reason: RunStop) -> str:
        if reason == RunStop.LIMIT and self._limit is not None:
            return self._limit.message
        if reason == RunStop.BREAK:
            loc = self.describer.location(self.thread.frame.func, self.thread.frame.pc)
            return f"breakpoint at {loc}"
        if reason == RunStop.STOP and self._hits:
            return "; ".join(h.describe() for h in self._hits)
        if reason in (RunStop.DONE, RunStop.TRAPPED):
            return self._end_message()
        if reason == RunStop.PAUSED:
            return f"paused at step {self.step:,}"
        return ""

    def _end_reason(self) -> StopReason:
        if self.thread.status == ThreadState.TRAPPED:
            return StopReason.TRAP
        return StopReason.FINISHED if self.exit_code is None else StopReason.EXITED

    def _end_message(self) -> str:
        thread = self.thread
        if thread.status == ThreadState.TRAPPED:
            exc = thread.error
            where = f" at {self.describer.location(thread.frame.func, thread.frame.pc)}" if thread.frame else ""
            loc = f" ({exc.location})" if exc.location else ""
            return f"{exc.kind}: {exc.message}{where}{loc}"
        if thread.status == ThreadState.DONE and self.exit_code is not None:
            return f"the program exited with status {self.exit_code}"
        if thread.status == ThreadState.DONE:
            results = ", ".join(self.describer.value(t, v).text for t, v in zip(thread.result_types, thread.results or []))
            return f"returned {results}" if results else "returned"
        return ""

    def _stop(self, reason: StopReason | str, message: str = "", *, pushed: int = 0, popped: tuple = (), changed: tuple = ()) -> Snapshot:
        operands = self._fault_stack() if self.thread.status == ThreadState.TRAPPED else None
        snap = self.describer.snapshot(
            self.thread, step=self.step, state=self.state, reason=StopReason(reason), message=message,
            pushed=pushed, popped=popped, changed=changed or (), stack_values=operands,
        )
        self.last = snap
        return snap

    def announce(self, reason: StopReason | str, message: str) -> Snapshot:
        """Make the current state the last stop, with this reason and message (a replayed session's first stop)."""
        with self._lock:
            return self._stop(reason, message)

    def _fault_stack(self) -> list:
        """At a trap: the faulting frame's operands before the faulting instruction (found once per trap)."""
        if self._fault is None or self._fault[0] != self.step:
            self._fault = (self.step, self.recorder.stack_before_fault())
            self._mark = self.ops.position()  # the replay re-logged the same writes
        return self._fault[1]

    def snapshot(self) -> Snapshot:
        """The current state, as views see it (the last stop's deltas included)."""
        return self.last

    def _stack_delta(self, frame, depth: int, before: list, instr, pc: int, step: int) -> tuple[int, tuple]:
        """Values pushed and popped by the last motion, when it was one step (or one call stepped over)."""
        thread = self.thread
        if frame is None or self.step <= step or instr is None:
            return 0, ()
        types = self.describer.stack_types(frame.func, pc) or ()
        offset = len(types) - len(before)

        def views(start: int) -> tuple:
            return tuple(self.describer.value(types[i + offset] if 0 <= i + offset < len(types) else "?", before[i]) for i in range(start, len(before)))

        now = thread.frame
        if now is frame and len(thread.frames) == depth and (self.step == step + 1 or frame.pc == pc + 1):
            pops = static_pops(instr, self.instance)
            after = frame.stack
            k, limit = 0, min(len(before), len(after))
            while k < limit and _same(before[k], after[k]):
                k += 1
            if pops is not None:
                k = min(k, len(before) - pops)
            return len(after) - k, views(k)
        if len(thread.frames) == depth + 1 and instr.op.arity is Arity.CALL:  # entered a callee: its arguments went
            return 0, views(len(before) - static_pops(instr, self.instance))
        return 0, ()

    # --- changed memory -------------------------------------------------------------------------------
    def _changed_forward(self) -> tuple:
        """Ranges written since the previous stop (changed_memory.py); the fast engine's records stay unexpanded."""
        return written_ranges(*self.ops.tail(self._mark), self.memory)

    def _changed_since(self, target: int, log: list | None = None) -> tuple:
        """Ranges written at steps >= target: what going back to `target` changes (`log`: the undo log to read)."""
        log = self.ops.log if log is None else log
        return written_ranges(log[entries_since(log, target) :], (), self.memory)

    # --- breakpoints and watchpoints ---------------------------------------------------------------------
    def add_breakpoint(self, bp: Breakpoint) -> Breakpoint:
        """Add a breakpoint (breakpoints.at_line/at_instruction/on_entry); BreakpointError if it names no place."""
        with self._lock:
            self.breakpoints.add(bp, self.module, self.source_map)
            self._sync_breaks()
            return bp

    def breakpoint_location(self, bp: Breakpoint) -> Location:
        """The (first) instruction a breakpoint of this session stops at."""
        return self.breakpoint_locations(bp)[0]

    def breakpoint_locations(self, bp: Breakpoint) -> list[Location]:
        """Every instruction a breakpoint stops at: a line holding code of several functions has one in each."""
        return [self._location_of(funcidx, index) for funcidx, index in self.breakpoints.locations_of(bp)]

    def remove_breakpoint(self, bp: Breakpoint) -> None:
        with self._lock:
            self.breakpoints.remove(bp)
            self._sync_breaks()

    def clear_breakpoints(self) -> None:
        with self._lock:
            self.breakpoints.clear()
            self._sync_breaks()

    def _sync_breaks(self) -> None:
        self.runner.set_breaks(set(self.breakpoints.locations) | self._temporary)

    def add_watchpoint(self, wp: Watchpoint) -> Watchpoint:
        """Watch memory bytes or a global (watchpoints.watch_memory / watch_global)."""
        with self._lock:
            if wp.kind == "memory":
                wp.target = self._memory_at(wp.memory)
                if wp.target is None:
                    raise WatchpointError("the module has no memory to watch" if wp.memory == 0 else f"no memory {wp.memory}")
                if len(self.instance.mems) > 1:  # 3.0: say which memory
                    wp.memory_name = wp.memory_name or memory_name(self.module, wp.memory)
            else:
                try:
                    wp.global_index = self.context.global_index(wp.name if wp.global_index < 0 else wp.global_index)
                except KeyError:
                    raise WatchpointError(f"no global {wp.name or wp.global_index}") from None
                wp.name = wp.name or self.describer.global_name(wp.global_index)
                wp.target = self.instance.globals[wp.global_index]
            self.watchpoints.add(wp)
            self.ops.watches = self.watchpoints
            return wp

    def remove_watchpoint(self, wp: Watchpoint) -> None:
        with self._lock:
            self.watchpoints.remove(wp)
            if not self.watchpoints.items:
                self.ops.watches = None

    def _on_watch(self, hit: WatchHit) -> None:
        self._hits.append(hit)
        self.runner.stop_after_current()

    @property
    def watch_hits(self) -> list[WatchHit]:
        """The watchpoint hits of the last motion."""
        return list(self._hits)

    # --- inspection -----------------------------------------------------------------------------------------
    def evaluate(self, text: str):
        """Evaluate an expression (expressions.py) in the current frame: `$n + 1`, `top`, `global[0]`."""
        return parse_expression(text).evaluate(self.context)

    def read_memory(self, address: int, length: int, memory: int = 0) -> bytes:
        mem = self._memory_at(memory)
        if mem is None:
            raise SessionError("the module has no memory")
        if address < 0 or length < 0 or address + length > len(mem.data):
            raise SessionError(f"{length} bytes at {address:#x} are outside the memory ({len(mem.data)} bytes)")
        return bytes(mem.data[address : address + length])

    def who_wrote(self, address: int, memory: int = 0) -> Write | None:
        """The step and instruction that last wrote the byte at `address` (of memory index `memory`),
        or the data segment it came from.

        None: nothing recorded wrote it (or the history that did was discarded to bound memory).
        """
        mem = self._memory_at(memory)
        if mem is None:
            return None
        write = last_write(self.ops.log, mem, address, self._location_of)
        if write is None and self.recorder.trimmed == 0:
            write = segment_write(self.segments, mem, address, memory)
        return write

    def _memory_at(self, memory: int):
        """The instance's memory of index `memory` (3.0: several), or None."""
        mems = self.instance.mems
        return mems[memory] if 0 <= memory < len(mems) else None

    def _location_of(self, funcidx: int, pc: int) -> Location:
        return self.describer.location(self.instance.funcs[funcidx], pc)

    def memory_source(self, memory: int = 0) -> MemorySource | None:
        """What the hex view reads of memory index `memory`: the live bytes and a who-wrote lookup giving (step, Location)."""
        mem = self._memory_at(memory)
        if mem is None:
            return None

        def who(address: int):
            write = self.who_wrote(address, memory)
            return None if write is None else (write.step, write.location)

        infos = memory_infos(self.module, self.instance)
        return MemorySource(mem.data, who, infos[memory], infos)

    # --- traces and export -------------------------------------------------------------------------------
    def set_tracer(self, tracer) -> None:
        """Trace every instruction, host call and trap from now on (None: stop tracing)."""
        attach(self, tracer)

    def export(self) -> dict:
        """The session as JSON-ready data (session_file.py): module, inputs, breakpoints, host results, edits."""
        return export_session(self)

    def edits(self) -> list[Edit]:
        """The edits made while paused, by step: part of the timeline, and of an exported session."""
        return self.recorder.all_edits()

    def host_calls(self) -> list[HostCall]:
        """The recorded host calls, in order."""
        return list(self.journal.records)

    # --- replaying a saved session (replay.py) ---------------------------------------------------------
    def restore_edits(self, edits) -> None:
        """Take a saved timeline's edits, `(step, kind, target, raw value)` each; they apply at their steps."""
        self._require_started()
        with self._lock:
            self.recorder.restore_edits([self.make_edit(step, kind, tuple(target), value) for step, kind, target, value in edits])

    def finish_replay(self) -> None:
        """The recorded host calls are used up: from here on, host calls past them go to real hosts."""
        self.journal.replay_only = False


# the runner's reasons (runner.py, exec/step/control.py) as stop reasons
_REASONS = {
    RunStop.LIMIT: StopReason.STEP,
    RunStop.BREAK: StopReason.BREAKPOINT,
    RunStop.DEPTH: StopReason.STEP,
    RunStop.STOP: StopReason.WATCHPOINT,
    RunStop.PAUSED: StopReason.PAUSED,
    RunStop.DONE: StopReason.FINISHED,
    RunStop.TRAPPED: StopReason.TRAP,
}


ENGINE_CHOICES = ("auto", "fast", "step")


def choose_engine(choice: str, runner: Runner, settings: ExecSettings) -> str:
    """The engine a session's runs use: "fast" (continues run calls on the fast engine, handover.py) or "step".

    "auto" is "fast" where this Python can run the fast engine, else "step";
    "fast" insists (UnsupportedPlatform otherwise). Single steps are the step
    engine's in every case.
    """
    if choice not in ENGINE_CHOICES:
        raise SessionError(f"unknown engine {choice!r}: choose one of {', '.join(ENGINE_CHOICES)}")
    if choice == "step":
        return "step"
    from playground.debug.handover import FastCalls
    from playground.wasm.exec.fast.executor import UnsupportedPlatform

    try:
        runner.fast = FastCalls(runner, settings)
    except UnsupportedPlatform:
        if choice == "fast":
            raise
        return "step"
    return "fast"


def _same(a, b) -> bool:
    return a is b or (type(a) is type(b) and a == b)


__all__ = ["DebugSession", "SessionError", "SessionState", "StopReason"]
