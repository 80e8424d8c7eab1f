"""Continue at full speed, then step: the runner's calls run on the fast engine and hand their state over.

During a fast run the frames the session already holds run on the step
engine (the runner's loop, with its breakpoint handlers), but every call
they make runs through the fast engine's debugger form
(exec/fast/handover.py) from the loop's `entered` hook, and so does a top
frame that has not started yet (the invocation's first frame at step 0).
Resuming inside a function the fast engine would have to enter generated
code in the middle of its loops; it does not: the frames of the stop run
on stepwise until they call or return (RATIONALE, "Continue at full
speed").

When the fast call returns, its frame is popped and its results pushed, as
a return would. When a probe fires, the `Deopt` frames replace the callee's
frame: the step engine's frames, stacks, locals and pcs exactly as if it
had stepped there, and the run stops (BREAK) before that instruction. A
trap, the run's fuel, a pause or a program exit inside the fast call leaves
no state to hand over: `NeedsRerun` says which step, function and pc, and
the recorder re-runs from the checkpoint it took at the hand-over start
with a counted probe there (recorder.py). An exception the fast call lets
through is caught where the step engine would catch it, in a frame it
holds, its count the fast engine's; one that nothing catches (the stop
shows the frames at the throw) re-runs to the throw, as a trap does.
"""

from __future__ import annotations

from playground.hosts.wasi.errors import ProcExit
from playground.wasm.errors import UncaughtException, WasmError
from playground.wasm.exec.collector import older_objects_frozen
from playground.wasm.exec.fast.handover import Deopt, HandOverExecutor
from playground.wasm.exec.fast.meter import PauseRequest
from playground.wasm.exec.step.machine import UNCAUGHT, Frame
from playground.wasm.exec.step.prepare import compiled
from playground.wasm.limits import LimitError


class NeedsRerun(Exception):
    """A fast call ended where no state was kept: re-run to `step` and stop at (`func`, `pc`), then `kind`.

    `kind`: "trap" (the step engine runs the faulting instruction), "exit" (the
    host call that ends the program), "limit" (stop: out of fuel) or "pause".
    `func` is None where the place is unknown: then the step engine re-runs it all.
    """

    def __init__(self, kind: str, step: int, func=None, pc: int = 0) -> None:
        super().__init__(kind)
        self.kind = kind
        self.step = step
        self.func = func
        self.pc = pc


class FastCalls:
    """The runner's fast engine: runs calls, rebuilds frames, says when a re-run is needed."""

    def __init__(self, runner, settings) -> None:
        self.runner = runner
        self.engine = HandOverExecutor(settings, ops=runner.ops, instance=runner.instance)
        self.meter = self.engine.meter
        self.end = 0  # the absolute step the current run must not pass
        self.count: tuple | None = None  # (func, pc, step): a re-run's counted probe

    # --- probes --------------------------------------------------------------------------
    def sync_probes(self) -> None:
        """Probe exactly the runner's live breakpoints (none while they are suspended), and `count`."""
        runner = self.runner
        probes: dict = {}
        if runner.breaks_live:
            funcs = runner.instance.funcs
            for funcidx, pc in runner.breaks:
                func = funcs[funcidx]
                probes[func] = probes.get(func, frozenset()) | {pc}
        self.engine.set_probes(probes, self.count)

    def pause(self) -> None:
        self.meter.request_pause()

    def clear_pause(self) -> None:
        self.meter.paused = False

    # --- running one call -------------------------------------------------------------------------
    def can_run(self, frame) -> bool:
        """Whether a frame that has not started may run fast (its entry is no breakpoint the step engine handles)."""
        return (id(frame.code), 0) not in self.runner.patched and self.engine.translatable(frame.func)

    def run_call(self, frames: list, step: int) -> tuple[int, bool, list | None]:
        """Run the top frame (not started yet) fast from step `step`: (instructions, stopped, results).

        Returned: the frame is popped (results None when it was the last frame: they
        are the third item then). Stopped at a probe: the frames end with the
        handed-over ones. Raises NeedsRerun (or a WasmError outside generated code).
        """
        frame = frames[-1]
        func = frame.func
        ops = self.runner.ops
        now = ops.now
        meter = self.meter
        ops.now = lambda: meter.n - 1 + meter.in_call  # a write's step, or (in a host call) the count after the call
        try:
            with older_objects_frozen():  # full collector passes would rescan the session's whole history
                results = self.engine.call(func, len(frames), frame.locals[: len(func.type.params)], step, self.end)
        except Deopt as d:
            del frames[-1]
            frames.extend(self._frames(d.frames, frame.tail_calls))
            return meter.n - step, not d.handover, None
        except LimitError as exc:  # the run's end (its fuel), or a trap-like limit (a memory cap)
            raise self._rerun("limit" if exc.limit == "fuel" and meter.n >= self.end else "trap", exc) from None
        except PauseRequest as exc:
            raise self._rerun("pause", exc) from None
        except UncaughtException as exc:
            return self._caught(exc, step)
        except WasmError as exc:
            raise self._rerun("trap", exc) from None
        except ProcExit:
            where = ops.where
            own = where is not None and where[0] >= 0
            func = self.runner.instance.funcs[where[0]] if own else None
            raise NeedsRerun("exit", meter.n - 1, func, where[1] if own else 0) from None
        finally:
            ops.now = now
        del frames[-1]
        if frames:
            frames[-1].stack.extend(results)
            return meter.n - step, False, None
        return meter.n - step, False, results

    def _caught(self, exc: UncaughtException, step: int) -> tuple[int, bool, None]:
        """An exception the fast call let through: a frame below it catches it as the step engine would (the
        throw, or the call that let it through, counted: it was un-charged), or a re-run stops at the throw.

        `Thread.catch` drops the frames above the one that catches, the call's own included; where nothing
        catches it or the clause returns from the last frame there is no state to go on in, and the re-run
        rewinds whatever catch changed."""
        thread = self.runner.thread
        frame = thread.frames[-1]
        if exc.exn is not None and getattr(exc, "func_name", None) is not None:
            caught = thread.catch(frame, -1, exc)  # from the call's frame, not started: its callers' handlers
            if caught is not UNCAUGHT and caught is not None:
                return self.meter.n + 1 - step, False, None
        raise self._rerun("trap", exc) from None

    def _rerun(self, kind: str, exc: WasmError) -> NeedsRerun:
        func = getattr(exc, "fast_func", None)
        return NeedsRerun(kind, self.meter.n, func, getattr(exc, "instr_index", 0) or 0)

    def _frames(self, raw: list, replaced: int) -> list[Frame]:
        """The step engine's frames for a Deopt's (func, pc, stack, locals, tail calls), outermost first;
        the outermost stands where the call's frame stood, which had replaced `replaced` frames."""
        out = []
        for func, pc, stack, locals_, tail_calls in reversed(raw):
            self.runner.prepare(func)
            out.append(Frame(func, compiled(func, self.runner.ops), list(stack), list(locals_), pc, tail_calls + replaced))
            replaced = 0
        return out
