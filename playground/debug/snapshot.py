"""What a view needs to draw the debugger's state after one stop: plain, immutable data.

The debug session produces a `Snapshot` at each stop; Qt views render it and
never touch the interpreter. Snapshots are cheap to diff: the values pushed by
the last step, the values it popped and the memory ranges it wrote are part of
the snapshot itself, so a view highlights changes without keeping history.
Values are already formatted (by `playground.wasm.values.format_value`),
with the raw value kept beside for hex toggles and editing.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from playground.debug.states import SessionState
from playground.wasm.errors import SourceSpan


@dataclass(frozen=True)
class ValueView:
    """One typed value: `type` is the text name (`i32`, `f64`, `funcref`, ...)."""

    type: str
    raw: object  # the runtime representation (unsigned int, float bits, v128 int, reference)
    text: str  # decimal form for people
    hex: str  # hexadecimal form for the hex toggle
    ref: int | None = None  # 3.0 GC: the number of the struct or array it refers to (`→ struct#12`; heap_view.py)


@dataclass(frozen=True)
class LocalView:
    index: int
    name: str  # `$ids` or the name section; `local[N]` when unnamed
    value: ValueView
    is_param: bool


@dataclass(frozen=True)
class Location:
    """Where a frame is stopped: function, instruction index in its flat body, and origin.

    `span` and `file` come from the session's source map: a span in the WAT
    source, in the disassembly of a binary, or (later) in a C file.

    `kind` "data" marks a data segment's place (provenance.py: "who wrote this?"
    for bytes from instantiation): `instr_index` is then the segment's index.
    """

    func_index: int
    func_name: str
    instr_index: int
    instr_text: str  # e.g. `i32.add`, `local.get $n`
    span: SourceSpan | None = None  # in the WAT source, or in the disassembly for .wasm input
    offset: int | None = None  # byte offset in the binary, when known
    kind: str = "instr"  # "instr" or "data"
    file: str | None = None  # the source map's file that `span` points into (sourcemaps/)

    def __str__(self) -> str:
        if self.kind == "data":
            return f"data[{self.instr_index}]"
        return f"${self.func_name}+{self.instr_index}"


@dataclass(frozen=True)
class LabelView:
    """An open structured block: `kind` is block, loop, if, else or function."""

    kind: str
    label: str | None  # `$name` when the text gave one
    arity: int
    start_index: int  # instruction index of its block/loop/if
    end_index: int  # instruction index of its end


@dataclass(frozen=True)
class FrameView:
    """One call frame. A caller's `location` is its return point (the instruction after
    its call, where it goes on); `call_site` is the call instruction itself, which
    is what a reader means by "where the caller is". None for the innermost frame."""

    location: Location
    locals: tuple[LocalView, ...]
    labels: tuple[LabelView, ...]  # outermost first
    call_site: Location | None = None
    tail_calls: int = 0  # frames this one replaced by tail calls (return_call*, 3.0): it stands in their place


@dataclass(frozen=True)
class GlobalView:
    index: int
    name: str
    mutable: bool
    value: ValueView


@dataclass(frozen=True)
class Snapshot:
    """The whole visible state at one stop.

    `state` is a `states.SessionState`: "ready" (nothing run yet), "paused",
    "running", "trapped", "finished"; `reason` a `states.StopReason` (both are
    StrEnums, equal to those strings). `frames` run from the outermost call to the
    innermost (the current one is `frames[-1]`); `stack` is the operand stack
    of the current frame, bottom first (views show it top first).
    """

    step: int
    state: str
    frames: tuple[FrameView, ...] = ()
    stack: tuple[ValueView, ...] = ()
    pushed: int = 0  # how many values at the top of `stack` the last step pushed
    popped: tuple[ValueView, ...] = ()  # values the last step consumed, for fading out
    globals: tuple[GlobalView, ...] = ()
    memory_pages: int = 0
    changed_memory: tuple[tuple[int, int], ...] = ()  # [start, end) ranges written since the previous stop
    type_stack: tuple[str, ...] | None = None  # the validator's type stack before the current instruction
    message: str = ""  # why it stopped: "breakpoint at ...", "trap: integer divide by zero", ...
    results: tuple[ValueView, ...] = ()  # when finished
    reason: str = ""  # a StopReason: step, breakpoint, watchpoint, trap, finished, paused, ...
    exception: object = None  # 3.0: an exceptions_view.ExceptionView when a throw is next or one left the run
    heap: object = None  # 3.0 GC: a heap_view.HeapView of the reachable structs and arrays (None: the module has no GC types)

    @property
    def location(self) -> Location | None:
        """The current location (innermost frame), or None before start and after the end."""
        return self.frames[-1].location if self.frames else None


EMPTY_SNAPSHOT = Snapshot(step=0, state=SessionState.READY)


@dataclass
class MemorySource:
    """What the hex viewer reads: a live buffer plus change and provenance lookups.

    `data` is the memory's bytearray (or a memoryview); the view reads only the
    visible rows. `who_wrote(address)` answers "who wrote this?" with
    (step, Location) or None; it is provided by the debugger's recorder.
    `memory` says which memory of the instance this is (3.0: several, 64-bit
    ones) and `memories` lists them all, for the view's chooser.
    """

    data: bytearray | memoryview = field(default_factory=bytearray)
    who_wrote: object = None  # Callable[[int], tuple[int, Location] | None] | None
    memory: object = None  # debug/memories.py MemoryInfo of this memory (None: a plain buffer, 32-bit addresses)
    memories: tuple = ()  # every MemoryInfo of the instance
