"""Reverse execution: periodic checkpoints plus the undo log, over one deterministic timeline.

A *step number* counts the instructions executed since the invocation
started; "the state at step n" is the state after n instructions (and after
any edit made at step n). The recorder keeps:

- checkpoints: every `interval` steps a copy of the thread's execution state
  (`Thread.snapshot()`: frames, operand stacks, locals, pcs), the position in
  the undo log and in the host-call journal. Memories, tables and globals
  are NOT copied: the undo log (undo.py) gives them back;
- the undo log of every write (RecordingOps), GC fields and elements included;
- the edits made while paused, by step, so running over that step again
  re-applies them (and going back before it undoes them).

Going to an earlier step n: undo the log down to the last checkpoint at or
before n, restore that checkpoint's thread state, and run forward to n with
breakpoints and watchpoints off and host calls replayed from the journal.
Everything is deterministic, so the state is exactly the one seen before.

Fast runs (`forward(..., fast=True)`, the session's continues and replays
unless its engine is "step"): calls run on the fast engine (handover.py).
A checkpoint is taken where the run starts (the hand-over start) and where
it stops, none in between; going back inside it re-runs from there, fast
again. When the fast engine ends where it kept no state (a trap, the fuel,
a pause, an exit: `NeedsRerun`), the run is rewound to that start and
re-run to the step it named, stopping there with a counted probe, and the
step engine takes the last step. Fast runs fall back to the step engine
while a watchpoint is set, a tracer listens or an edit lies ahead.

History is bounded: past `budget_bytes` (estimated), the oldest half of the
checkpoints and the log before them are dropped; going back before the
remaining first checkpoint then raises `HistoryError`. A bulk write whose
old bytes the undo log could not keep (a `LOST` entry, lost_history.py)
makes the step right after it the start of the history: the run stops
there for a checkpoint, the older ones are dropped, and going back stops
at it (`horizon`); going further is refused with `HistoryLostError`, which
names the write. A fast call never does such a write: it hands it to the
step engine through a re-run, as it does a trap.
"""

from __future__ import annotations

from bisect import bisect_right
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Iterable

from playground.debug.handover import NeedsRerun
from playground.debug.undo import ENTRY_OVERHEAD, HISTORY_BUDGET, HistoryLostError, saved_bytes
from playground.errors import PlaygroundError
from playground.wasm.exec.step.control import RunStop, ThreadState

DEFAULT_INTERVAL = 4096
_VALUE_COST = 40  # bytes per copied stack value or local in a checkpoint, roughly


class HistoryError(PlaygroundError):
    """A step outside the recorded history (before its start, or discarded to bound memory)."""


@dataclass
class Checkpoint:
    step: int
    state: object  # machine.Snapshot
    log_position: int
    host_position: int
    lowest: int  # the least frame depth at the start of any step from here to the next checkpoint
    cost: int = 0  # estimated bytes


@dataclass
class Edit:
    """A change made while paused. `kind`: local, stack, global or memory."""

    step: int
    kind: str
    target: tuple  # local: (frame index, local index); stack: (frame index, position); global: (index,); memory: (address,)
    value: object  # a raw value, or bytes for memory
    apply: object = field(default=None, repr=False, compare=False)  # (recorder) -> None


def _state_cost(thread) -> int:
    return 200 + sum(100 + _VALUE_COST * (len(f.stack) + len(f.locals)) for f in thread.frames)


class Recorder:
    """Drives the runner forward in chunks between checkpoints, and back in time."""

    def __init__(self, runner, journal, *, interval: int = DEFAULT_INTERVAL, budget_bytes: int = HISTORY_BUDGET):
        self.runner = runner  # its thread and recording ops are the recorder's
        self.thread, self.ops = runner.thread, runner.ops
        self.journal = journal
        self.interval = interval
        self.budget_bytes = budget_bytes
        self.checkpoints: list[Checkpoint] = []
        self.edits: dict[int, list[Edit]] = {}
        self.trimmed = 0  # how many times history was cut
        self.fast = False  # the session's choice: run continues and replays on the fast engine
        self.lost: tuple | None = None  # the LOST entry the history starts right after, if any

    # --- positions ------------------------------------------------------------------------
    @property
    def step(self) -> int:
        return self.thread.instructions

    @property
    def horizon(self) -> int:
        """The earliest step still reachable backwards."""
        return self.checkpoints[0].step if self.checkpoints else 0

    def begin(self) -> None:
        """Start recording at the thread's current state (step 0 of the invocation)."""
        self.checkpoints.clear()
        self.lost = None
        self.checkpoint()

    def checkpoint(self) -> None:
        """Checkpoint the current state (replacing one at the same step)."""
        thread = self.thread
        step = thread.instructions
        if self.checkpoints and self.checkpoints[-1].step == step:
            self.checkpoints.pop()
        cost = _state_cost(thread)
        self.checkpoints.append(
            Checkpoint(step, thread.snapshot(), self.ops.position(), self.journal.cursor, len(thread.frames), cost)
        )
        self._bound_memory()

    def history_bytes(self) -> int:
        """An estimate of the memory held by the history (undo log and checkpoints)."""
        return self.ops.position() * ENTRY_OVERHEAD + self.ops.bytes_logged + sum(c.cost for c in self.checkpoints)

    def _bound_memory(self) -> None:
        if len(self.checkpoints) < 4 or self.history_bytes() <= self.budget_bytes:
            return
        keep = self.checkpoints[len(self.checkpoints) // 2 :]
        cut = keep[0].log_position
        del self.ops.log[:cut]
        for c in keep:
            c.log_position -= cut
        self.checkpoints = keep
        self.ops.bytes_logged = saved_bytes(self.ops.log)
        self.trimmed += 1

    def _lost_write_ran(self) -> bool:
        """Whether a write the undo log could not keep ran since the history last started anew."""
        return getattr(self.ops, "newest_lost", None) is not self.lost

    def start_after_lost(self) -> None:
        """A write the undo log could not keep just ran: the history starts here (nothing before is reachable)."""
        self.lost = self.ops.newest_lost
        if self.thread.done:
            return
        self.checkpoint()
        here, log = self.checkpoints[-1], self.ops.log
        cut = next((i for i in range(len(log) - 1, -1, -1) if log[i] is self.lost), here.log_position)  # keep LOST
        del log[:cut]
        here.log_position -= cut
        self.checkpoints = [here]
        self.ops.bytes_logged = saved_bytes(log)

    def _next_checkpoint(self) -> int:
        last = self.checkpoints[-1]
        return last.step + max(self.interval, last.cost // 8)

    def _next_edit(self, after: int) -> int | None:
        steps = sorted(s for s in self.edits if s > after)
        return steps[0] if steps else None

    # --- forward --------------------------------------------------------------------------------
    def forward(self, count: int, *, stop_depth: int = 0, from_stop: bool = True, fast: bool = False) -> RunStop:
        """Run up to `count` instructions; the runner's reason (`RunStop.LIMIT` when all ran).

        Checkpoints are taken on the way, and recorded edits re-applied at their steps.
        `from_stop`: the run starts where the user stopped, so a breakpoint there does
        not stop it again; the later chunks (after a checkpoint or an edit) always stop.
        `fast`: run calls on the fast engine where nothing forbids it (module docstring).
        """
        thread, runner = self.thread, self.runner
        if fast and count > 1 and self._fast_possible():
            return self._forward_fast(count, stop_depth, from_stop)
        target = thread.instructions + count
        while True:
            step = thread.instructions
            if step >= target:
                return RunStop.LIMIT
            if thread.done:
                return thread.status
            next_cp = self._next_checkpoint()
            chunk = min(target, next_cp) - step
            next_edit = self._next_edit(step)
            if next_edit is not None:
                chunk = min(chunk, next_edit - step)
            reason, n = runner.run(chunk, stop_depth, from_stop=from_stop)
            from_stop = False
            last = self.checkpoints[-1]
            if runner.lowest < last.lowest:
                last.lowest = runner.lowest
            step = thread.instructions
            if self._lost_write_ran():
                self.start_after_lost()
            elif n and step in self.edits and not thread.done:
                for edit in self.edits[step]:
                    edit.apply(self)
                self.checkpoint()
            elif step >= next_cp and not thread.done:
                self.checkpoint()
            if reason != RunStop.LIMIT:
                return reason

    def _fast_possible(self) -> bool:
        runner = self.runner
        return (runner.fast is not None and self.ops.watches is None and runner.on_step is None
                and self._next_edit(self.thread.instructions) is None)

    def _forward_fast(self, count: int, stop_depth: int, from_stop: bool) -> RunStop:
        thread, runner = self.thread, self.runner
        target = thread.instructions + count
        while True:
            if thread.done:
                return thread.status
            self.checkpoint()
            start = self.checkpoints[-1]
            try:
                reason, _ = runner.run(target - start.step, stop_depth, from_stop=from_stop, fast=True)
            except NeedsRerun as rerun:
                reason = self._rerun(start, rerun, target - start.step, stop_depth, from_stop)
            if runner.lowest < start.lowest:
                start.lowest = runner.lowest
            if not self._lost_write_ran():
                if not thread.done:
                    self.checkpoint()
                return reason
            # A write the history could not keep ran on the step engine (a fast call hands it over
            # through a re-run): the history starts after it, and the run goes on from there.
            self.start_after_lost()
            if reason != RunStop.LIMIT or thread.instructions >= target:
                return reason
            from_stop = False

    def _rerun(self, start: Checkpoint, rerun: NeedsRerun, count: int, stop_depth: int, from_stop: bool) -> RunStop:
        """Back to `start`, then to the step `rerun` names, stopping there; then its last step (see the docstring)."""
        thread, runner = self.thread, self.runner
        self.rewind(start)
        replaying, runner.replaying = runner.replaying, True  # the pause that caused it is served: none again
        runner.fast.clear_pause()
        try:
            if rerun.func is None:  # no place to stop at: the step engine runs it all
                return runner.run(count, stop_depth, from_stop=from_stop)[0]
            runner.fast.count = (rerun.func, rerun.pc, rerun.step)
            reason, _ = runner.run(rerun.step - start.step, stop_depth, from_stop=from_stop, fast=True)
        finally:
            runner.fast.count = None
            runner.replaying = replaying
        if thread.instructions != rerun.step or thread.done:
            return reason  # stopped before it (it cannot, as runs are deterministic; kept honest)
        if rerun.kind in ("trap", "exit"):
            self.checkpoint()  # the state before the fault: what the trap's snapshot replays to
            return runner.run(1, stop_depth, from_stop=True)[0]
        return RunStop.PAUSED if rerun.kind == "pause" else RunStop.LIMIT

    # --- backward -------------------------------------------------------------------------------
    def checkpoint_before(self, step: int) -> Checkpoint:
        """The last checkpoint at or before `step`."""
        if step < self.horizon:
            if self.lost is not None and self.horizon == self.lost[1] + 1:
                raise HistoryLostError(self.lost, self.ops.budget_bytes)
            what = "the start" if self.trimmed == 0 else f"step {self.horizon} (older history was discarded to bound memory)"
            raise HistoryError(f"cannot go back to step {step}: the recorded history starts at {what}")
        i = bisect_right([c.step for c in self.checkpoints], step) - 1
        return self.checkpoints[i]

    def explain_horizon(self, note: str) -> str:
        """`note` about a stop at the start of the history, with why it starts there when a lost write is why."""
        if self.lost is None or self.horizon != self.lost[1] + 1:
            return note
        return f"{note} (step {self.horizon:,}): {HistoryLostError(self.lost, self.ops.budget_bytes)}"

    def rewind(self, checkpoint: Checkpoint) -> None:
        """Put the whole state back to a checkpoint; later checkpoints are dropped."""
        self.ops.undo_to(checkpoint.log_position)
        self.thread.restore(checkpoint.state)
        self.journal.cursor = checkpoint.host_position
        i = self.checkpoints.index(checkpoint)
        del self.checkpoints[i + 1 :]

    @contextmanager
    def quiet(self, *, breaks: bool = False):
        """Watchpoints, tracing and pauses off, and breakpoints too unless `breaks`: for running over the past.

        A pause would leave a replay short of its target, in a state nobody asked
        for; it waits for the next motion instead.
        """
        runner, ops, journal = self.runner, self.ops, self.journal
        replaying, runner.replaying = runner.replaying, True
        watches, ops.watches = ops.watches, None
        on_step, runner.on_step = runner.on_step, None
        listeners, journal.listeners = journal.listeners, []
        suspend = not breaks and runner.breaks_live
        if suspend:
            runner.suspend_breaks()
        try:
            yield
        finally:
            if suspend:
                runner.resume_breaks()
            journal.listeners = listeners
            runner.on_step = on_step
            ops.watches = watches
            runner.replaying = replaying

    def replay_to(self, step: int) -> RunStop:
        """Go to `step` (earlier or later) with breakpoints, watchpoints and tracing off."""
        current = self.thread.instructions
        if step < current or (self.thread.status == ThreadState.TRAPPED and step <= current):
            self.rewind(self.checkpoint_before(step))
        with self.quiet():
            return self.forward(step - self.thread.instructions, fast=self.fast)

    def stack_before_fault(self) -> list:
        """At a trap: the faulting frame's operand stack as it was before the faulting instruction.

        The machine keeps what the handler left (its operands already popped), as
        a plain run does; the operands are found by replaying to the step before
        and copying the stack, then running the instruction again, which traps
        the same way (host calls answer from the journal).
        """
        thread = self.thread
        step = thread.instructions
        self.replay_to(step)
        stack = list(thread.frame.stack)
        self.replay_to(step + 1)
        return stack

    # --- edits ----------------------------------------------------------------------------------
    def add_edit(self, edit: Edit) -> None:
        """Apply an edit now and remember it; the future after this step starts anew."""
        step = self.thread.instructions
        for later in [s for s in self.edits if s > step]:
            del self.edits[later]
        self.journal.forget_future()
        edit.apply(self)
        self.edits.setdefault(step, []).append(edit)
        self.checkpoint()

    def restore_edits(self, edits: Iterable[Edit]) -> None:
        """Take the edits of a saved timeline (replay.py): each applies when the run reaches its step.

        Those made at the current step (before the first instruction, for a
        replayed session) apply now.
        """
        step = self.thread.instructions
        now = []
        for edit in edits:
            self.edits.setdefault(edit.step, []).append(edit)
            if edit.step == step:
                now.append(edit)
        for edit in now:
            edit.apply(self)
        if now:
            self.checkpoint()

    def all_edits(self) -> list[Edit]:
        """Every remembered edit, by step (in the order made within a step)."""
        return [edit for step in sorted(self.edits) for edit in self.edits[step]]
