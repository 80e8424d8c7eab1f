"""A stop seen as C, for the window's C variables panel: computed on the session's worker, shown by Qt. No Qt.

The debug session answers C questions through `CView` (debug/dwarf/cview.py),
which reads the live engine, so it can only be asked on the worker thread
that owns the session. At each stop of a session that steps by C line, the
controller asks once and attaches the answer to the stop: a `CSnapshot` is a
`Snapshot` with `c`, a `CState` of plain, immutable data (frames as gdb's
backtrace writes them, each frame's variables as a tree: the window shows
the frame the stop marks, which is a caller when the program stopped in libc,
and any frame clicked in the Call stack, without asking the worker again).

A variable's node holds its name, its type as gdb writes it, its value as
`p` prints it, where its bytes are in linear memory (and, for a pointer,
the bytes it points at: its target, a C string up to its NUL), and its parts: a struct's members, an array's elements (the
first `MAX_CHILDREN`), what a pointer points to. Parts are read to
`MAX_DEPTH` levels, enough for an array of structs; a linked list's
pointers stop there.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

from playground.debug.dwarf.types import CType, type_name
from playground.debug.dwarf.values import CValue, CValueError, member_value, object_at
from playground.debug.snapshot import Snapshot
from playground.debug.snapshots import MAX_FRAMES
from playground.errors import PlaygroundError

MAX_CHILDREN = 64
MAX_DEPTH = 3
MAX_STRING = 256  # a char pointer's target: its bytes up to the NUL, at most this many
MAX_VARIABLE_FRAMES = 64  # frames whose variables are read at each stop (all 256 of a deep recursion: ~70 ms more)


@dataclass(frozen=True)
class CVarNode:
    """One C value in the panel: `name` (`total`, `.x`, `[2]`, `*p`), type, value text and its parts."""

    name: str
    type: str
    value: str
    children: tuple["CVarNode", ...] = ()
    address: int | None = None  # where it lives in linear memory, when it does
    size: int = 0  # its bytes there
    target: tuple[int, int] | None = None  # a pointer's target in linear memory: (address, size)

    def memory_range(self) -> tuple[int, int] | None:
        """The bytes "show in memory" selects: a pointer's target, else the variable's own; None when not in memory."""
        if self.target is not None:
            return self.target
        return (self.address, max(self.size, 1)) if self.address is not None else None


@dataclass(frozen=True)
class CFrameLine:
    """One frame of the C backtrace: its C function, file and line, gdb's line for it (`sum (n=4) at loop.c:12`),
    and its variables (none, and `problem` says why, for a function without C debug information)."""

    function: str
    file: str | None
    line: int | None
    text: str
    variables: tuple["CVarNode", ...] = ()
    problem: str = ""

    @property
    def short(self) -> str:
        """`sum  loop.c:12`: the function and its place, for a narrow list."""
        where = f"{base_name(self.file)}:{self.line}" if self.line is not None else "(no debug information)"
        return f"{self.function}  {where}"


@dataclass(frozen=True)
class CState:
    """The C side of one stop: `frames` innermost first, each with its variables."""

    frames: tuple[CFrameLine, ...] = ()
    function: str = ""  # the innermost frame's C function
    file: str | None = None
    line: int | None = None
    problem: str = ""  # why there is nothing to show at all (the C view could not be read)

    @property
    def variables(self) -> tuple[CVarNode, ...]:
        """The innermost frame's variables."""
        return self.frames[0].variables if self.frames else ()


@dataclass(frozen=True)
class CSnapshot(Snapshot):
    """A Snapshot with its C state (None when the session does not step by C line)."""

    c: CState | None = None


def with_c_state(snapshot: Snapshot, session) -> Snapshot:
    """`snapshot` with the C state of `session` now attached (a stop with no frame gets an empty state)."""
    values = {f.name: getattr(snapshot, f.name) for f in fields(Snapshot)}
    values["message"] = c_message(snapshot.message, snapshot.location)
    return CSnapshot(**values, c=c_state(session) if snapshot.frames else CState())


def c_message(message: str, location) -> str:
    """A stop's message naming its C line before the Wasm place: `breakpoint at sort.c:13 ($insertion_sort+77)`.

    Only where the place has a C line (the session's DWARF map gave it a file and a span)."""
    if location is None or location.span is None or location.file is None:
        return message
    wasm = f"breakpoint at {location}"
    if not message.startswith(wasm):
        return message
    return f"breakpoint at {base_name(location.file)}:{location.span.line} ({location})" + message[len(wasm):]


def c_state(session) -> CState:
    """Ask `session` (paused, on its worker) what its C frames hold."""
    from playground.debug.dwarf.cview import CView

    try:
        view = CView(session)
        frames = view.frames()
        if not frames:
            return CState()
        described = tuple(_describe(view, frame) for frame in frames[:MAX_FRAMES])  # as many as the snapshot holds
        top = frames[0]
        return CState(described, top.name, top.file, top.line)
    except PlaygroundError as exc:
        return CState(problem=str(exc))


def _describe(view, frame) -> CFrameLine:
    """A frame's line and its variables, read in that frame (a caller's locals, not the innermost frame's)."""
    if frame.function is None:
        return CFrameLine(frame.name, frame.file, frame.line, view.describe(frame),
                          problem=f"{frame.name} has no C debug information")
    if frame.level >= MAX_VARIABLE_FRAMES:
        return CFrameLine(frame.name, frame.file, frame.line, view.describe(frame),
                          problem=f"frame #{frame.level} is deeper than the {MAX_VARIABLE_FRAMES} frames whose variables "
                                  "each stop reads (the debug prompt's `frame N` reads any)")
    try:
        text = view.describe(frame)
        variables = tuple(_node(view, variable.name, value, 0) for variable, value in view.frame_variables(frame))
    except PlaygroundError as exc:
        return CFrameLine(frame.name, frame.file, frame.line, f"{frame.name} ({exc})", problem=str(exc))
    return CFrameLine(frame.name, frame.file, frame.line, text, variables)


def frame_heading(state: CState, level: int, *, clicked: bool = False) -> str:
    """One line above the C variables of frame `level` of `state`: which frame they are and why that one.

    `in sum at loop.c:12`; a caller the stop chose (stop_place.py):
    `in main at rot13.c:7 (frame #3; the 3 frames above it have no debug information)`;
    a caller clicked in the Call stack: `in factorial at recursion.c:10 (frame #2, chosen in the Call stack)`.
    """
    if state.problem:
        return state.problem
    if not 0 <= level < len(state.frames):
        return "The program is not running."
    frame = state.frames[level]
    if frame.problem:
        return frame.problem
    text = f"in {frame.function}" + (f" at {base_name(frame.file)}:{frame.line}" if frame.line is not None else "")
    if level == 0:
        return text
    if clicked:
        return f"{text} (frame #{level}, chosen in the Call stack)"
    above = state.frames[:level]
    with_lines = [f for f in above if f.line is not None]
    if with_lines:  # (the program is in another file's function: an included header's)
        inner = with_lines[0]
        return f"{text} (frame #{level}, below {inner.function} at {base_name(inner.file)}:{inner.line})"
    frames = "the frame above it has" if level == 1 else f"the {level} frames above it have"
    return f"{text} (frame #{level}; {frames} no debug information)"


def base_name(file: str | None) -> str:
    """The file name of a recorded path (either slash), `?` for none."""
    return file.replace("\\", "/").rsplit("/", 1)[-1] if file else "?"


def _node(view, name: str, value: CValue, depth: int) -> CVarNode:
    try:
        text = view.format(value)
    except PlaygroundError as exc:
        text = f"<{exc}>"
    children = _parts(view, value, depth) if depth < MAX_DEPTH and value.available else ()
    return CVarNode(name, type_name(value.type), text, children, value.address, value.type.byte_size, _target(view, value))


def _target(view, value: CValue) -> tuple[int, int] | None:
    """Where a non-null pointer points and how many bytes it shows there; None for other values."""
    t: CType = value.type.strip()
    if t.kind != "pointer" or not value.available:
        return None
    try:
        address = value.as_int() & 0xFFFFFFFF
        if not address:
            return None
        view.read_memory(address, 1)  # (CValueError: it points outside memory)
        if t.target is not None and t.target.is_char():
            data = view.read_memory(address, min(MAX_STRING, _room(view, address)))
            end = data.find(b"\0")
            return address, end + 1 if end >= 0 else len(data)
    except PlaygroundError:
        return None
    size = t.target.byte_size if t.target is not None else 0
    return address, max(size, 1)


def _room(view, address: int) -> int:
    """How many bytes of memory there are from `address` on (at least 1: it was read)."""
    memory = view.session.memory
    return max(1, len(memory.data) - address) if memory is not None else 1


def _parts(view, value: CValue, depth: int) -> tuple[CVarNode, ...]:
    t: CType = value.type.strip()
    try:
        if t.kind in ("struct", "union"):
            return tuple(_node(view, f".{m.name}", member_value(value, m), depth + 1) for m in t.members)
        if t.kind == "array" and t.target is not None and t.counts:
            element = t.target if len(t.counts) == 1 else CType("array", target=t.target, counts=t.counts[1:])
            size = element.byte_size
            count = min(t.counts[0] or 0, MAX_CHILDREN)
            return tuple(_node(view, f"[{i}]", _element(view, value, element, size, i), depth + 1) for i in range(count))
        if t.kind == "pointer" and t.target is not None:
            target = t.target.strip()
            address = value.as_int() & 0xFFFFFFFF
            if address and target.kind in ("base", "struct", "union", "enum", "pointer", "array") and not t.target.is_char():
                return (_node(view, "*", object_at(address, t.target, view.read_memory), depth + 1),)
    except (CValueError, PlaygroundError):
        return ()
    return ()


def _element(view, value: CValue, element: CType, size: int, i: int) -> CValue:
    if value.address is not None:
        return object_at(value.address + i * size, element, view.read_memory)
    return CValue(element, value.data[i * size : (i + 1) * size])


def c_source_map(program, c_source: str, on_note):
    """The DWARF source map of a C tab's compiled `program` (its source beside `c_source`); None without DWARF."""
    from pathlib import Path

    from playground.debug.sourcemaps.dwarf import dwarf_source_map

    return dwarf_source_map(program, source_dirs=[str(Path(c_source).parent)], on_note=on_note)
