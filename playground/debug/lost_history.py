"""Where a debug session's history starts anew: after a bulk write whose old bytes it could not keep.

`RecordingOps` (undo.py) does a `memory.fill/copy/init` (or an array's
`fill/copy/init_data/init_elem`, 3.0) whose old contents would
pass the history budget without saving them and leaves a `LOST` entry: no
step before it can be reached again. The session's table, `SessionOps`, adds
what the session needs around such a write:

- after it, `on_lost()` (the runner's `stop_after_lost`: stop once this
  instruction completes), so the recorder checkpoints the state right after
  it and makes that step the start of its history (recorder.py,
  `start_after_lost`): going back stops there, with a message that names
  the write, instead of refusing;
- during a call on the fast engine (`refuse_unkept`, set by the runner
  around it) it refuses such a write before anything is written, with an
  `UnkeptWrite` (a WasmError located at that instruction, as a trap is).
  The fast engine keeps no state to stop at, and a re-run from the hand-over
  start (how the recorder finds any stop inside a fast call) would have to
  go back past the write. The recorder re-runs to it instead, and the step
  engine does the write (recorder.py, `_forward_fast`).
"""

from __future__ import annotations

from playground.debug.undo import LOST, SLOT_BYTES, RecordingOps
from playground.wasm.errors import WasmError


class UnkeptWrite(WasmError):
    """A fast call reached a bulk write the history cannot keep: the step engine does it (never shown)."""

    kind = "unkept write"


def _nothing() -> None:
    pass


class SessionOps(RecordingOps):
    """`RecordingOps` that say when a write was not kept, and refuse one inside a fast call (module docstring)."""

    def __init__(self, budget_bytes: int) -> None:
        super().__init__(budget_bytes)
        self.newest_lost: tuple | None = None  # the newest LOST entry
        self.on_lost = _nothing  # called right after a write that was not kept
        self.refuse_unkept = False  # True while the fast engine runs a call

    def _bulk_write(self, mem, dest: int, n: int, what: str, write, *args) -> None:
        if self.refuse_unkept and not self.keeps(n):
            raise UnkeptWrite(f"the {what} of {n:,} bytes is more than the history keeps: the step engine does it")
        before = len(self.log)
        super()._bulk_write(mem, dest, n, what, write, *args)
        self._note_lost(before)

    def heap_write(self, obj, items: list, start: int, values: list, what: str) -> None:
        if self.refuse_unkept and not self.keeps(SLOT_BYTES * len(values)):
            raise UnkeptWrite(f"the {what} of {len(values):,} elements is more than the history keeps: the step engine does it")
        before = len(self.log)
        super().heap_write(obj, items, start, values, what)
        self._note_lost(before)

    def _note_lost(self, before: int) -> None:
        """If the write that logged from `before` was not kept: remember its entry and say so."""
        log = self.log
        if len(log) > before and log[before][0] == LOST:
            self.newest_lost = log[before]
            self.on_lost()
