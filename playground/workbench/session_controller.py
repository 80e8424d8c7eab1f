"""`SessionController`: the window's DebugController over a real `DebugSession`, in one worker thread. No Qt.

Every command record (session_commands.py: start, motions, edits,
breakpoint changes) is queued to ONE worker thread that owns the session, so
the UI never waits on the engine and the session never sees two commands at
once; the worker dispatches on the record's type. It reports each stop to
the listener as a `Snapshot`; the window polls `progress()` (every ~100 ms)
to show how many instructions a long motion has run.

Decisions (docs/RATIONALE.md, "Debugger in the window"):
- Run ignores breakpoints (Debug honours them), for the whole session it
  starts, but still records: after a trap or the end, Step back works as in
  Debug.
- Stop and Pause call `session.pause()` from the UI thread (the session's one
  thread-safe call); Stop then ends the session on the worker.
- Breakpoints changed during a Continue are applied live: the run is paused,
  the breakpoints are replaced, and the Continue goes on. During other
  motions they are applied when the motion ends.
- Host imports come from the host-module registry (playground/hosts/): prints go to the console,
  once (stepping back and forth replays recorded host calls without calling them).
  A WASI program gets a host of its own (wasi_run.py): `_start` runs like any
  export, its output streams to the console, proc_exit ends the session "exited".
  Its standard input is typed in the Console (StandardInput, passed on at once
  from the UI thread); a read with nothing typed waits on the worker, and
  Stop ends the wait; Pause ends it too, leaving the session paused before the
  read's call, which the next motion makes again. Stepping back over a read
  replays the bytes (the journal).
- Sessions run under `limits` (wasm/limits.py; the defaults unless the window
  passes others): a motion that reaches the fuel or time limit stops paused
  with reason LIMIT and the limit's message; the printing stand-ins stop the
  run past the output cap.
"""

from __future__ import annotations

import queue
import threading
import time
from dataclasses import replace

from playground.debug.snapshot import MemorySource, Snapshot
from playground.debug.states import SessionState, StopReason
from playground.errors import PlaygroundError
from playground.hosts import limit_output
from playground.workbench import wasi_run
from playground.wasm.errors import WasmError
from playground.wasm.features import DEFAULT as DEFAULT_FEATURES
from playground.wasm.limits import DEFAULT_LIMITS, Limits
from playground.workbench.c_state import c_source_map, with_c_state
from playground.workbench.controller import Progress, SessionListener
from playground.workbench.program import ArgumentError, exports_of, parse_arg
from playground.workbench.session_commands import (
    Continue,
    Debug,
    EditGlobal,
    EditLocal,
    EditStack,
    GotoStep,
    Motion,
    Pause,
    ReverseContinue,
    Run,
    RunRequest,
    RunToLine,
    SessionCommand,
    SetBreakpoints,
    StandardInput,
    StepBack,
    StepBackOver,
    StepInstruction,
    StepInstructionBack,
    StepInto,
    StepOut,
    StepOver,
    Stop,
    WriteMemory,
)


SHUTDOWN_WAIT = 2.0  # seconds a closing tab or window waits for its worker to end


def _argument(text: str, valtype, name: str):
    """One run-bar argument; its error names the parameter (`$n: 'x' is not an integer`)."""
    try:
        return parse_arg(text, valtype)
    except ArgumentError as exc:
        raise ArgumentError(f"{name}: {exc}") from None


class _NullListener:
    def snapshot(self, snapshot: Snapshot) -> None:
        pass

    def output(self, text: str, kind: str = "out") -> None:
        pass


class SessionController:
    """Drives a `DebugSession` from the window; see the module docstring."""

    def __init__(self, listener: SessionListener | None = None, *, history_bytes: int | None = None,
                 limits: Limits | None = None) -> None:
        self.listener: SessionListener = listener or _NullListener()
        self.limits = limits if limits is not None else DEFAULT_LIMITS  # for the sessions it starts from now on
        self.session = None  # playground.debug.session.DebugSession, owned by the worker
        self.request: RunRequest | None = None
        self._wasi = None  # the session's WasiRun, for a WASI program (wasi_run.py)
        self.breakpoints: frozenset[int] = frozenset()
        self.engine_choice = "auto"  # "auto" (fast for runs and continues, step for single steps), "step" or "fast"
        self.features = DEFAULT_FEATURES  # the WebAssembly proposals a program may use (Settings; wasm/features.py)
        self.history_bytes = history_bytes
        self._queue: queue.Queue[SessionCommand | None] = queue.Queue()
        self._pending = 0  # commands queued or running
        self._pending_lock = threading.Lock()
        self._motion_since: float | None = None  # monotonic start of the running motion
        self._motion_start = 0  # the step it started from
        self._running: Motion | None = None  # the running motion's record (None for the run that a start makes)
        self._ending = False  # Stop was asked: the running motion's stop is not reported
        self._breaks_dirty = False  # breakpoints changed while a Continue ran
        self._in_continue = False
        self._honour_breaks = True  # False for a session started by Run
        self._memory: MemorySource | None = None
        self._memory_key: tuple | None = None
        self._worker = threading.Thread(target=self._work, name="wasm-debug", daemon=True)
        self._worker.start()

    # --- protocol ----------------------------------------------------------------------------
    def set_listener(self, listener: SessionListener) -> None:
        self.listener = listener

    @property
    def busy(self) -> bool:
        """True while a command is queued or running on the worker."""
        return self._pending > 0

    @property
    def waits_for_input(self) -> bool:
        """True while a WASI program's read waits for a line to be typed (the worker is busy, standing still)."""
        return wasi_run.waits_for_input(self._wasi)

    @property
    def has_session(self) -> bool:
        return self.session is not None

    @property
    def program(self):
        """The debugged `debug.source.Program` (module, text, spans), or None."""
        session = self.session
        return session.program if session is not None else None

    def progress(self) -> Progress | None:
        """(seconds running, instructions so far, the step the motion started from, its name) while a
        motion runs, else None. Call it from the UI thread."""
        since, session, start, motion = self._motion_since, self.session, self._motion_start, self._running
        if since is None or session is None:
            return None
        if self._ending:
            session.pause()  # again: a pause that landed before the motion began was cleared by it
        title, backwards = (motion.title, motion.backwards) if motion is not None else ("", False)
        return Progress(time.monotonic() - since, session.ops.now(), start, title, backwards)

    def memory_source(self, memory: int = 0) -> MemorySource | None:
        """The session's memory `memory` (an index; 3.0 has several) with its who-wrote lookup
        (the same object while the buffer is the same)."""
        session = self.session
        mems = session.instance.mems if session is not None else ()
        if not mems:
            return self._memory
        memory = min(max(memory, 0), len(mems) - 1)
        key = (id(session), memory, id(mems[memory].data))
        if key != self._memory_key:
            source = session.memory_source(memory)

            def who(address: int, _who=source.who_wrote):
                if self.busy:  # the undo log is being written: ask again when paused
                    return None
                return _who(address)

            self._memory = replace(source, who_wrote=who)
            self._memory_key = key
        return self._memory

    def wait(self, timeout: float | None = None) -> bool:
        """Block until the worker is idle (tests and scripts only); True when it is."""
        deadline = None if timeout is None else time.monotonic() + timeout
        while self.busy:
            if deadline is not None and time.monotonic() > deadline:
                return False
            time.sleep(0.005)
        return True

    # --- commands ----------------------------------------------------------------------------
    def send(self, command: SessionCommand) -> None:
        """Queue `command` for the worker; Pause, Stop and breakpoint changes also act at once (see the docstring)."""
        if not isinstance(command, SessionCommand):
            raise TypeError(f"a SessionCommand record was expected, not {command!r}")
        session = self.session
        if isinstance(command, Pause):
            if session is not None:
                session.pause()  # the session's one thread-safe call; nothing to queue
            wasi_run.pause(self._wasi)  # a program waiting for input stops before its read
            return
        if isinstance(command, StandardInput):  # the worker may be waiting for it: pass it on now
            if not wasi_run.feed(self._wasi, command.data, command.end):
                raise PlaygroundError(wasi_run.NO_PROGRAM)
            return
        if isinstance(command, Stop):
            wasi_run.interrupt(self._wasi)  # a program waiting for input stops waiting
            if session is None and not self.busy:
                return
            self._ending = True
            if session is not None:
                session.pause()
        elif isinstance(command, (Run, Debug)):
            # The request's breakpoints are the editor's now, on the text it starts: they replace
            # whatever this controller was told before (a fresh controller was told nothing).
            self.breakpoints = frozenset(command.request.breakpoints)
        elif isinstance(command, SetBreakpoints):
            self.breakpoints = frozenset(command.lines)
            if session is None or not self._honour_breaks:
                return
            if self._in_continue:  # the running Continue applies them itself
                self._breaks_dirty = True
                session.pause()
                return
        with self._pending_lock:
            self._pending += 1
        self._queue.put(command)

    def shutdown(self, wait: float = SHUTDOWN_WAIT) -> bool:
        """End the session and the worker (the tab or the window is closing); True once the worker ended.

        Waits up to `wait` seconds: Stop pauses a run and ends a wait for
        input at once, so the worker's last words are posted before the
        window takes its listener away (ui/debugger/session_bridge.py).
        """
        self.send(Stop())
        self._queue.put(None)
        if self._worker is threading.current_thread():
            return False
        self._worker.join(wait)
        return not self._worker.is_alive()

    # --- the worker ----------------------------------------------------------------------------
    def _work(self) -> None:
        while True:
            command = self._queue.get()
            if command is None:
                return
            try:
                self._execute(command)
            except PlaygroundError as exc:
                self.listener.output(f"error: {exc}", "error")
            except Exception as exc:  # noqa: BLE001 - an engine bug reaches the console, never kills the worker
                self.listener.output(f"internal error: {type(exc).__name__}: {exc}", "error")
            finally:
                self._motion_since = None
                with self._pending_lock:
                    self._pending -= 1

    def _execute(self, command: SessionCommand) -> None:
        """Carry out one record on the worker thread."""
        match command:
            case Run(request):
                self._start(request, debug=False)
            case Debug(request):
                self._start(request, debug=True)
            case Continue():
                self._motion(self._continue, command)
            case StepOver():  # by C line where the session steps by line (a C tab), as gdb's `next`
                self._motion(lambda s: s.next_line() if s.steps_by_line else s.step_over(), command)
            case StepInto():
                self._motion(lambda s: s.step_line() if s.steps_by_line else s.step_into(), command)
            case StepInstruction(over):
                self._motion(lambda s: s.step_over() if over else s.step_into(), command)
            case StepInstructionBack():
                self._motion(lambda s: s.step_back(), command)
            case StepOut():
                self._motion(lambda s: s.step_out(), command)
            case RunToLine(line):
                self._motion(lambda s: s.run_to(line), command)
            case StepBack():
                self._motion(lambda s: s.step_back_line() if s.steps_by_line else s.step_back(), command)
            case StepBackOver():
                self._motion(lambda s: s.back_next_line() if s.steps_by_line else s.step_back_over(), command)
            case ReverseContinue():
                self._motion(lambda s: s.reverse_continue(), command)
            case GotoStep(step):
                self._motion(lambda s: s.goto_step(step), command)
            case Stop():
                self._end()
            case SetBreakpoints():
                self._apply_breakpoints()
            case EditLocal(key, text):
                self._edit(lambda s: s.set_local(key, text))
            case EditGlobal(key, text):
                self._edit(lambda s: s.set_global(key, text))
            case EditStack(depth, text):
                self._edit(lambda s: s.set_stack(depth, text))
            case WriteMemory(address, data):
                changed = ((address, address + len(data)),)  # the stop tints them as written
                self._edit(lambda s: replace(s.write_memory(address, data), changed_memory=changed))
            case _:
                raise TypeError(f"the session worker has no handler for {type(command).__name__}")

    def _start(self, request: RunRequest, debug: bool) -> None:
        from playground.debug.session import DebugSession
        from playground.debug.source import program_from_binary, program_from_text
        from playground.wasm.validate import check_features

        self.session = None  # (a Stop asked before this start still applies: _end clears _ending)
        wasi_run.close(self._wasi)
        self._wasi = None
        self._honour_breaks = debug
        self.request = request
        try:
            source = request.program
            if source.binary is not None:
                program = program_from_binary(source.binary, file=source.file)
            else:
                program = program_from_text(source.text or "", file=source.file)
            check_features(program.module, self.features)  # FeatureError names the switch that allows it
            sig = next((s for s in exports_of(program.module) if s.name == request.export), None)
            if sig is None:
                raise PlaygroundError(f"the module exports no function named {request.export!r}")
            if len(request.args) != len(sig.params):
                raise ArgumentError(f"{sig.name} takes {len(sig.params)} arguments, got {len(request.args)}")
            args = [_argument(text, t, name) for text, t, name in zip(request.args, sig.params, sig.param_names)]
            listener_output = self.listener.output
            output = limit_output(lambda t, k="out": listener_output(t, k), self.limits.max_output_bytes)
            options = {"history_bytes": self.history_bytes} if self.history_bytes else {}
            if source.c_source is not None:  # a C tab: its DWARF's lines, where the window steps and breaks
                options["source_map"] = c_source_map(program, source.c_source, lambda t: self.listener.output(t, "info"))
            notify = lambda t, k: self.listener.output(t, k)  # noqa: E731 - the input cue, outside the output cap
            imports, self._wasi = wasi_run.session_imports(program.module, source.file, output, request.wasi, notify,
                                                               limits=self.limits)
            session = DebugSession(program, imports=imports, limits=self.limits, engine=self.engine_choice, **options)
            wasi_run.before_start(session, self._wasi, request.export)
            snap = session.start(request.export, args, raw=True)  # parse_arg gives raw values (NaN payloads kept)
        except (WasmError, PlaygroundError) as exc:
            kind, words = (exc.kind, exc.message) if isinstance(exc, WasmError) else ("error", str(exc))
            self.listener.output(f"{kind}: {exc}", "error")
            self.listener.snapshot(Snapshot(step=0, state=SessionState.READY, message=f"{kind}: {words}"))
            return
        self.session = session
        if debug:
            self._apply_breakpoints(report=False)
            if not session.breakpoints:
                self._report(replace(snap, state=SessionState.PAUSED, message=snap.message or "paused at the entry"))
                return
        self._motion(self._continue, None)

    def _continue(self, session):
        while True:
            self._in_continue = True
            try:
                snap = session.continue_()
            finally:
                self._in_continue = False
            if snap.reason == StopReason.PAUSED and self._breaks_dirty and not self._ending:
                self._apply_breakpoints(report=False)
                continue
            return snap

    def _motion(self, move, motion: Motion | None) -> None:
        """Move the session with `move(session)` and report the stop; `motion` is None for the run a start makes."""
        session = self.session
        if session is None:
            raise PlaygroundError("no session: press Debug (Ctrl+D) to start one")
        if self._ending:
            return
        wasi_run.resume(self._wasi)  # each motion starts unpaused, as the session's does
        self._motion_start, self._running = session.step, motion
        self._motion_since = time.monotonic()  # last: progress() reads the other two once this is set
        try:
            snap = move(session)
        finally:
            self._motion_since = None
        if self._ending:
            return  # Stop asked: _end reports
        if self._breaks_dirty:
            self._apply_breakpoints(report=False)
        self._report(snap)

    def _edit(self, edit) -> None:
        session = self.session
        if session is None:
            raise PlaygroundError("no session: edits apply while paused")
        self._report(edit(session))

    def _apply_breakpoints(self, report: bool = True) -> None:
        from playground.debug.breakpoints import BreakpointError, at_line

        self._breaks_dirty = False
        session = self.session
        if session is None:
            return
        session.clear_breakpoints()
        if not self._honour_breaks:
            return
        for line in sorted(self.breakpoints):
            try:
                session.add_breakpoint(at_line(line))
            except BreakpointError:
                self.listener.output(f"breakpoint on line {line}: no instruction there or after it", "info")

    def _end(self) -> None:
        session = self.session
        self._ending = False
        if session is None:
            return
        step = session.step
        self.session = None
        wasi_run.close(self._wasi)
        self._wasi = None
        self.listener.output(f"stopped after {step:,} instructions", "info")
        self.listener.snapshot(Snapshot(step=step, state=SessionState.READY, message=f"stopped at step {step:,}", reason=StopReason.STOPPED))

    def _report(self, snap: Snapshot) -> None:
        session = self.session
        if session is not None and session.steps_by_line:
            snap = with_c_state(snap, session)  # the C variables panel's values, read here on the worker
        if snap.state == SessionState.READY and session is not None and not session.thread.done:
            snap = replace(snap, state=SessionState.PAUSED)  # step 0 of a live session is a pause at the entry
        if snap.state in (SessionState.FINISHED, SessionState.EXITED, SessionState.TRAPPED):
            wasi_run.flush(self._wasi)  # the program's last line, when it has no newline
        if snap.state == SessionState.TRAPPED and snap.reason == StopReason.TRAP:
            self.listener.output(snap.message, "error")
        elif snap.state == SessionState.EXITED and snap.reason == StopReason.EXITED:
            self.listener.output(snap.message, "info")
        elif snap.state == SessionState.FINISHED and snap.reason == StopReason.FINISHED and self.request is not None:
            shown = ", ".join(v.text for v in snap.results) or "no results"
            request = self.request
            self.listener.output(f"{request.export}({', '.join(request.args)}) = {shown}", "result")
        self.listener.snapshot(snap)
