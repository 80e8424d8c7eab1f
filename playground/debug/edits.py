"""Edits while paused: change a local, an operand, a global or memory bytes, then continue.

An edit is part of the recorded timeline (recorder.py `Edit`): it applies
at the step where it was made, its memory and global writes go into the
undo log, and stepping back over it undoes it; running onto that step again
re-applies it, and an exported session (replay.py) carries it. Making an
edit after stepping back starts a new future: later edits, host results and
breakpoint and watchpoint hits are forgotten.
"""

from __future__ import annotations

from playground.debug.recorder import Edit
from playground.debug.snapshot import Snapshot
from playground.errors import PlaygroundError
from playground.wasm.runtime.values import from_python
from playground.wasm.types import ValType
from playground.wasm.values import ValueTextError, parse_value


class SessionError(PlaygroundError):
    """A debugger command that cannot be done in the current state."""


class EditCommands:
    """The edit commands of DebugSession (a mixin: it uses the session's thread, recorder and views)."""

    # --- edits while paused --------------------------------------------------------------------------------
    def _edit(self, edit: Edit) -> Snapshot:
        self._require_started()
        with self._lock:
            if self.thread.done:
                raise SessionError("the invocation has ended: step back before editing")
            self.recorder.add_edit(edit)
            for point in (*self.breakpoints.items, *self.watchpoints.items):  # their later hits were in the old future
                point.forget_after(self.step)
            self._fault = None  # a trap ahead may now fault on other operands
            changed = self._changed_forward()  # the edit's own writes (memory edits)
            self._mark = len(self.ops.log)
            return self._stop("edit", f"edited {edit.kind} {edit.target}", changed=changed)

    def make_edit(self, step: int, kind: str, target: tuple, value) -> Edit:
        """An edit (raw `value`) that applies itself at `step`: kinds local, stack, global, memory."""
        if kind in ("local", "stack"):
            frame_index, index = target
            field = "locals" if kind == "local" else "stack"

            def apply(recorder):
                getattr(recorder.thread.frames[frame_index], field)[index] = value

        elif kind == "global":
            glob = self.instance.globals[target[0]]

            def apply(recorder):
                recorder.ops.set_global(glob, value, recorder.thread.instructions, self._edit_where())

        elif kind == "memory":
            mem, payload = self.memory, bytes(value)

            def apply(recorder):
                recorder.ops.write_memory(mem, target[0], payload, recorder.thread.instructions, self._edit_where())

        else:
            raise SessionError(f"no edit of kind {kind!r}")
        return Edit(step, kind, tuple(target), value, apply)

    def set_local(self, key: int | str, value, *, raw: bool = False) -> Snapshot:
        """Change a local of the current frame (by index or `$name`)."""
        index = self._index_of("local", key)
        valtype = self.describer.local_types(self.thread.frame.func)[index]
        return self._edit_value("local", (len(self.thread.frames) - 1, index), valtype, value, raw)

    def set_stack(self, depth: int, value, *, raw: bool = False) -> Snapshot:
        """Change an operand of the current frame: depth 0 is the top."""
        self._require_started()
        frame = self.thread.frame
        if frame is None or not 0 <= depth < len(frame.stack):
            raise SessionError(f"no stack value {depth}")
        position = len(frame.stack) - 1 - depth
        types = self.describer.stack_types(frame.func, frame.pc) or ()
        offset = len(types) - len(frame.stack)
        valtype = types[position + offset] if 0 <= position + offset < len(types) else None
        if not raw and not isinstance(valtype, ValType):
            raise SessionError("the type of that stack value is unknown; pass raw=True")
        return self._edit_value("stack", (len(self.thread.frames) - 1, position), valtype, value, raw)

    def set_global(self, key: int | str, value, *, raw: bool = False) -> Snapshot:
        """Change a global (by index, `$name` or export name); immutable ones too, as a debugger may."""
        index = self._index_of("global", key)
        valtype = self.instance.globals[index].type.valtype
        return self._edit_value("global", (index,), valtype, value, raw)

    def _index_of(self, space: str, key: int | str) -> int:
        """The index of the "local" or "global" that `key` names, in a started session."""
        self._require_started()
        lookup = self.context.local_index if space == "local" else self.context.global_index
        try:
            return lookup(key)
        except KeyError:
            raise SessionError(f"no {space} {key}") from None

    def _edit_value(self, kind: str, target: tuple, valtype, value, raw: bool) -> Snapshot:
        """Apply an edit of `kind` at `target`: `value` is typed text (converted to `valtype`) or, with `raw`, the value."""
        raw_value = value if raw else convert(valtype, value)
        return self._edit(self.make_edit(self.step, kind, target, raw_value))

    def write_memory(self, address: int, data: bytes) -> Snapshot:
        """Overwrite memory bytes."""
        self._require_started()
        self.read_memory(address, len(data))  # bounds check with a clear error
        return self._edit(self.make_edit(self.step, "memory", (address,), bytes(data)))

    def _edit_where(self):
        frame = self.thread.frame
        return None if frame is None else (self.describer.func_index(frame.func), frame.pc, "edit")


def convert(valtype, value):
    """A Python value, or its text, as the raw value of `valtype`.

    Text is read by the value vocabulary (playground.wasm.values.parse_value),
    as on the command line and in the window's run bar: `0x1p3`, `-inf`,
    `nan:0x200000`, `i32x4 1 2 3 4`, `null`.
    """
    if isinstance(value, str):
        try:
            return parse_value(value, valtype)
        except ValueTextError as exc:
            raise SessionError(str(exc)) from None
    try:
        return from_python(valtype, value)
    except (TypeError, ValueError) as exc:
        raise SessionError(f"{value!r} is no {valtype}: {exc}") from None
