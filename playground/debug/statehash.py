"""A digest of the whole machine state, to check that time travel and replays are exact.

Covers what an instruction can read or change: every frame (function, pc,
operand stack, locals), the thread's status and results, and the instance's
globals, memories (bytes and size), tables (elements and size) and data and
element segments (dropped or not).

GC structs and arrays (3.0) count too: every object reachable from those
places (and from other reachable objects and exception payloads), with its
type and its fields or elements. An object is named by the order in which
the walk first reaches it, not by its address: replaying a stretch of the
run allocates new objects with new addresses, and the state is the same when
the same shapes of objects, sharing the same way, hold the same values.
Objects no longer reachable are not state: nothing can read them again.
"""

from __future__ import annotations

import hashlib

from playground.wasm.runtime.exceptions import ExnRef
from playground.wasm.runtime.gc_objects import HeapObject, I31Ref
from playground.wasm.runtime.values import ExternRef


class _Names:
    """Text for references; numbers the GC objects met, and keeps those whose contents are still to digest.

    Values print as they always have (a saved session's digest stays valid): an int as itself,
    a reference as a short string, a list of them as the `repr` of such a list."""

    def __init__(self) -> None:
        self.numbers: dict[int, int] = {}  # id(object) -> its number (the objects stay alive while digested)
        self.pending: list[HeapObject] = []

    def of(self, value) -> str:
        if value is None:
            return "null"
        if isinstance(value, HeapObject):
            number = self.numbers.get(id(value))
            if number is None:
                number = self.numbers[id(value)] = len(self.numbers)
                self.pending.append(value)
            return f"obj{number}"
        funcidx = getattr(value, "funcidx", None)
        if funcidx is not None:
            return f"func{funcidx}"
        if isinstance(value, I31Ref):
            return f"i31 {value.value}"
        if isinstance(value, ExternRef) and isinstance(value.value, HeapObject):  # an externalised object
            return f"{value.word} {self.of(value.value)}"
        if isinstance(value, ExnRef):
            return f"exn {value.tag.name} {self.all(value.payload)}"
        return repr(value)

    def all(self, values) -> str:
        return repr([v if isinstance(v, int) else self.of(v) for v in values])


def state_digest(thread, instance) -> str:
    """A hex digest that changes whenever any part of the state does."""
    h = hashlib.sha256()
    names = _Names()
    results = "None" if thread.results is None else names.all(thread.results)
    h.update(f"{thread.status}|{thread.instructions}|{results}\n".encode())
    for f in thread.frames:
        h.update(f"frame {f.func.name} {f.pc} {names.all(f.stack)} {names.all(f.locals)}\n".encode())
    for g in instance.globals:
        v = g.value
        h.update(f"global {v if isinstance(v, int) else names.of(v)}\n".encode())
    for mem in instance.mems:
        h.update(f"memory {len(mem.data)}\n".encode())
        h.update(bytes(mem.data))
    for table in instance.tables:
        h.update(f"table {names.all(table.elements)}\n".encode())
    h.update(repr([bytes(d) for d in instance.datas]).encode())
    h.update(repr([[names.of(e) for e in seg] for seg in instance.elems]).encode())
    pending, done = names.pending, 0
    while done < len(pending):  # the objects, in the order first reached (the list grows as they are read)
        obj = pending[done]
        h.update(f"obj{done} {obj.what} {obj.deftype} {names.all(obj.items)}\n".encode())
        done += 1
    return h.hexdigest()
