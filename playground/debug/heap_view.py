"""What the debugger shows of the GC heap (3.0): the structs and arrays the program can still reach.

The engine keeps no heap (RATIONALE "GC and typed references"): an object
lives while something refers to it. So the view walks from the roots, the
places a program reads references from (every frame's operand stack and
locals, the globals, the tables, the results of a finished run),
breadth-first, and lists the first `MAX_OBJECTS` objects it meets; past
that it only counts, up to `MAX_COUNTED` more, for the "+N more" note.

Each object gets a number the first time the session names it (`HeapNames`),
so `struct#12` is the same object at every stop of a session: stepping on,
stepping back, clicking around. Stepping back replays from a checkpoint,
which allocates new Python objects for the same Wasm objects; so an object
the debugged run allocated is known by the step that allocated it (a session
debugs one invocation: one step allocates at most one object), and only the
objects of constant expressions (made once, at instantiation) by identity.

Fields show their values: numbers as numbers (packed i8/i16 fields as the
unsigned value `struct.get_u` reads, with the signed one beside it when it
differs), i31 references as `i31 N`, references to other objects as
`→ struct#7` with the target's number in `FieldView.ref`, so a view can
link them. A struct field the module names (`(field $next ...)` in the text,
the name section's field names in a binary) is shown by that name:
`$node {value = 1, next = → struct#3}`; an unnamed one as `field 1`. Who allocated an object (`HeapObject.alloc`, set by the step
engine under the debugger) becomes a Location and a step.
"""

from __future__ import annotations

import weakref
from collections import deque
from dataclasses import dataclass
from itertools import count

from playground.debug.snapshot import Location
from playground.wasm.runtime.gc_objects import HeapObject, contents_text, entry_text, packed_text
from playground.wasm.runtime.values import ExternRef
from playground.wasm.text.type_names import TypeNames
from playground.wasm.types import PACKED_BITS, ArrayType, StructType, ValType

MAX_OBJECTS = 2000  # objects described at one stop
MAX_COUNTED = 100_000  # objects counted past those, for the "+N more" note
MAX_ITEMS = 200  # elements listed per array (all are followed for the walk)
SUMMARY_ITEMS = 6  # values in an object's one-line summary


@dataclass(frozen=True)
class FieldView:
    """One field of a struct or element of an array."""

    name: str  # `$next` (a named struct field), `field 0`, `[3]`
    type: str  # `i32`, `(mut (ref null $node))`, `i8`
    text: str  # `5`, `→ struct#7`, `null`, `255 (signed -1)`
    ref: int | None = None  # the number of the object it refers to


@dataclass(frozen=True)
class ObjectView:
    number: int
    kind: str  # "struct" or "array"
    type_name: str  # `$node`, or `type 3` without a name
    fields: tuple[FieldView, ...]
    more_items: int  # an array's elements not listed (past MAX_ITEMS)
    reached_from: str  # `local $list of $build`, `struct#3 field 1`
    allocated_at: Location | None  # the allocating instruction, when recorded
    allocated_step: int | None

    @property
    def label(self) -> str:
        return f"{self.kind}#{self.number}"

    @property
    def allocated_by(self) -> str:
        """`$build+7 struct.new $node at step 31`, or why it is not known."""
        if self.allocated_at is None:
            return "not recorded (made by a constant expression, or outside the debugger)"
        return f"{self.allocated_at} {self.allocated_at.instr_text} at step {self.allocated_step:,}"

    @property
    def summary(self) -> str:
        """One line of its values: `{value = 1, next = → struct#3}` (`{1, → struct#3}` unnamed), `[3: 5, 6, 7]`."""
        parts = [entry_text(f.name[1:] if f.name.startswith("$") else None, f.text) for f in self.fields[:SUMMARY_ITEMS]]
        return contents_text(self.kind, parts, len(self.fields) + self.more_items)

    def describe(self) -> str:
        """Several lines: the object, who allocated it, its fields (the prompt's `p struct#12`)."""
        size = f" [{len(self.fields) + self.more_items}]" if self.kind == "array" else ""
        lines = [f"{self.label} {self.type_name}{size}  (reached from {self.reached_from})",
                 f"  allocated by: {self.allocated_by}"]
        lines += [f"  {f.name}: {f.type} = {f.text}" for f in self.fields]
        if self.more_items:
            lines.append(f"  ... {self.more_items:,} more elements")
        return "\n".join(lines)


@dataclass(frozen=True)
class HeapView:
    objects: tuple[ObjectView, ...]  # breadth-first from the roots
    more: int  # reachable objects not described (counted up to MAX_COUNTED)
    more_capped: bool  # True when the count stopped at MAX_COUNTED

    def find(self, number: int) -> ObjectView | None:
        return next((o for o in self.objects if o.number == number), None)

    @property
    def note(self) -> str:
        """`100 objects`, `2,000 objects +1,500 more`."""
        shown = f"{len(self.objects):,} object{'s' if len(self.objects) != 1 else ''}"
        if not self.more:
            return shown
        return f"{shown} +{self.more:,}{' or more' if self.more_capped else ''} more (not listed)"


def defines_gc_types(module) -> bool:
    """Whether a module has a GC heap to show: it defines struct or array types (every `struct.new` or
    `array.new` names one). Without them there are no objects, and no Heap panel or `heap` command to use."""
    return any(isinstance(t, (StructType, ArrayType)) for t in module.types)


def parse_label(text: str) -> int | None:
    """The number of `struct#12`, `array#3` or `#12`; None when `text` is not such a label."""
    kind, sep, number = text.strip().partition("#")
    if not sep or kind not in ("", "struct", "array") or not number.isdigit():
        return None
    return int(number)


class HeapNames:
    """A session's names for GC objects and their types: numbers that stay with the objects, `$node` for types."""

    def __init__(self, module, instance) -> None:
        self._numbers: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
        self._next = count(1)
        self._by_step: dict[int, int] = {}  # the step that allocated an object -> its number
        self.types = TypeNames(module.names, getattr(instance, "defs", ()))  # the one naming rule of every front end
        self.uses_gc = defines_gc_types(module)

    def number(self, obj: HeapObject) -> int:
        n = self._numbers.get(obj)
        if n is None:
            if obj.alloc is not None:  # made by a step: a replay of that step makes "the same" object anew
                step = obj.alloc[2]
                n = self._by_step.get(step)
                if n is None:
                    n = self._by_step[step] = next(self._next)
            else:
                n = next(self._next)
            self._numbers[obj] = n
        return n

    def label(self, obj: HeapObject) -> str:
        return f"{obj.what}#{self.number(obj)}"

    def link(self, raw) -> tuple[str, int] | None:
        """(`→ struct#12`, 12) for a reference to an object (also an externalised one); None for other values."""
        obj = _object_in(raw)
        if obj is None:
            return None
        return f"{'extern ' if obj is not raw else ''}→ {self.label(obj)}", self.number(obj)

    def heap_name(self, heap) -> str:
        """A heap type by the module's name: `$node` (an index or a canonical type), `3`, `any`."""
        return self.types.heap_text(heap)

    def type_text(self, t) -> str:
        """A value, field or storage type with the module's type names: `(ref null $node)`, `(mut i8)`."""
        return self.types.type_text(t)

    def field_name(self, obj: HeapObject, index: int) -> str:
        """A struct field as the module names it: `$next`, else `field 1`."""
        name = self.types.field_name(obj.deftype, index)
        return f"${name}" if name else f"field {index}"

    def type_name(self, obj: HeapObject) -> str:
        """`$node`, or `type 3` without a name."""
        return self.types.label(obj.deftype)


def roots(thread, instance, describer):
    """(where, value) for every place a program reads references from, in the walk's order."""
    for frame in reversed(thread.frames):  # the innermost first: what the learner is looking at
        fname = f"${frame.func.name}"
        funcidx = describer.func_index(frame.func)
        for value in reversed(frame.stack):
            yield f"the stack of {fname}", value
        for index, value in enumerate(frame.locals):
            yield f"local {describer.local_name(funcidx, index)} of {fname}", value
    for value in thread.results or ():
        yield "the results", value
    for index, g in enumerate(instance.globals):
        yield f"global {describer.global_name(index)}", g.value
    for t, table in enumerate(instance.tables):
        for i, value in enumerate(table.elements):
            if value is not None:
                yield f"table {t}[{i}]", value


def _object_in(value) -> HeapObject | None:
    if isinstance(value, HeapObject):
        return value
    if isinstance(value, ExternRef) and isinstance(value.value, HeapObject):
        return value.value
    return None


def _holds_refs(storage) -> bool:
    return not (storage in PACKED_BITS or isinstance(storage, ValType) and not storage.is_ref)


def describe_heap(describer, thread, names: HeapNames, value_view) -> HeapView:
    """The reachable objects of `thread`'s state, breadth-first from the roots (see the module docstring)."""
    queue: deque = deque()
    seen: set[int] = set()

    def reach(value, where: str) -> None:
        obj = _object_in(value)
        if obj is not None and id(obj) not in seen:
            seen.add(id(obj))
            queue.append((obj, where))

    for where, value in roots(thread, describer.instance, describer):
        reach(value, where)
    views: list[ObjectView] = []
    counted = 0
    while queue and counted < MAX_COUNTED:
        obj, where = queue.popleft()
        label = names.label(obj)
        if len(views) < MAX_OBJECTS:
            views.append(_object_view(describer, obj, names, value_view, where))
        else:
            counted += 1
        composite = obj.deftype.unrolled
        if obj.what == "struct":
            for i, (f, value) in enumerate(zip(composite.fields, obj.items)):
                if _holds_refs(f.storage):
                    reach(value, f"{label} {names.field_name(obj, i)}")
        elif _holds_refs(composite.element.storage):
            for i, value in enumerate(obj.items):
                reach(value, f"{label}[{i}]")
    more = counted + len(queue)
    return HeapView(tuple(views), more, bool(queue))


def _object_view(describer, obj: HeapObject, names: HeapNames, value_view, where: str) -> ObjectView:
    composite = obj.deftype.unrolled
    items = obj.items
    if obj.what == "struct":
        fields = tuple(_field(names, value_view, names.field_name(obj, i), f, v)
                       for i, (f, v) in enumerate(zip(composite.fields, items)))
        more = 0
    else:
        element = composite.element
        fields = tuple(_field(names, value_view, f"[{i}]", element, v) for i, v in enumerate(items[:MAX_ITEMS]))
        more = max(0, len(items) - MAX_ITEMS)
    at, step = None, None
    if obj.alloc is not None:
        funcidx, pc, step = obj.alloc
        funcs = describer.instance.funcs
        if 0 <= funcidx < len(funcs):
            at = describer.location(funcs[funcidx], pc)
    return ObjectView(names.number(obj), obj.what, names.type_name(obj), fields, more, where, at,
                      step if at is not None else None)


def _field(names: HeapNames, value_view, name: str, field, raw) -> FieldView:
    type_text = names.type_text(field)
    packed = packed_text(field.storage, raw)  # the unsigned value get_u reads, and the signed one when it differs
    if packed is not None:
        return FieldView(name, type_text, packed)
    value = value_view(field.unpacked, raw)
    return FieldView(name, type_text, value.text, value.ref)
