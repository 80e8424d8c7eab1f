"""The state-mutation table: the only code that changes memories, tables, globals, segments and GC objects.

Every instruction that writes state (those whose `OpInfo.writes_state` is
true in wasm/instructions.py) goes through a method of the `StateOps` object
an executor is created with, and so do instantiation's segment writes
(runtime/instance.py). It lives in the runtime, below the engines, because
both the runtime and every engine write through it.
Bounds checks come first, then the write (spec 2.0 bulk semantics: trap
before writing anything). Bulk writes go through the memory's own `fill`,
`copy` and `write_from`, which work in place, in pieces (runtime/memory.py):
a 1 GiB `memory.fill` makes no second gigabyte. A debugger's recorder
subclasses `StateOps`, records the old values, then calls the parent
method; the executor
compiles its handlers for that table (exec/step/prepare.py caches one
compiled form per table), so a plain run pays nothing for recording.

`inline = True` (the plain table only) lets the compiler inline the hottest
writes (stores, `global.set`) with exactly the semantics written here.
"""

from __future__ import annotations

from playground.wasm.errors import Trap

OOB_MEMORY = "out of bounds memory access"
OOB_TABLE = "out of bounds table access"


class StateOps:
    """Plain state mutations. Subclass and override to observe every write."""

    inline = True

    # --- memory -------------------------------------------------------------
    def store(self, mem, address: int, payload: bytes) -> None:
        """A store instruction: write `payload` at the effective address (spec 4.4.7.6)."""
        data = mem.data
        end = address + len(payload)
        if end > len(data):
            raise Trap(OOB_MEMORY)
        data[address:end] = payload

    def memory_grow(self, mem, delta: int) -> int:
        """Spec 4.4.7.9: the old size in pages, or -1."""
        return mem.grow(delta)

    def memory_fill(self, mem, dest: int, value: int, n: int) -> None:
        """Spec 4.4.7.10."""
        data = mem.data
        if dest + n > len(data):
            raise Trap(OOB_MEMORY)
        if n:
            mem.fill(dest, value, n)

    def memory_copy(self, mem, dest: int, src: int, n: int) -> None:
        """Spec 4.4.7.11: overlapping ranges copy as if through a temporary buffer."""
        data = mem.data
        if src + n > len(data) or dest + n > len(data):
            raise Trap(OOB_MEMORY)
        if n:
            mem.copy(dest, src, n)

    def memory_init(self, mem, dest: int, segment: bytes, src: int, n: int) -> None:
        """Spec 4.4.7.12: copy from a data segment's bytes."""
        data = mem.data
        if src + n > len(segment) or dest + n > len(data):
            raise Trap(OOB_MEMORY)
        if n:
            mem.write_from(dest, segment, src, n)

    def data_drop(self, instance, dataidx: int) -> None:
        """Spec 4.4.7.13: the segment becomes empty."""
        instance.datas[dataidx] = b""

    # --- globals ------------------------------------------------------------
    def global_set(self, glob, value) -> None:
        glob.value = value

    # --- tables -------------------------------------------------------------
    def table_set(self, table, index: int, ref) -> None:
        elements = table.elements
        if index >= len(elements):
            raise Trap(OOB_TABLE)
        elements[index] = ref

    def table_grow(self, table, delta: int, ref) -> int:
        return table.grow(delta, ref)

    def table_fill(self, table, index: int, ref, n: int) -> None:
        elements = table.elements
        if index + n > len(elements):
            raise Trap(OOB_TABLE)
        if n:
            elements[index : index + n] = [ref] * n

    def table_copy(self, dst, src, dest: int, source: int, n: int) -> None:
        if source + n > len(src.elements) or dest + n > len(dst.elements):
            raise Trap(OOB_TABLE)
        if n:
            dst.elements[dest : dest + n] = src.elements[source : source + n]

    def table_init(self, table, segment: list, dest: int, source: int, n: int) -> None:
        if source + n > len(segment) or dest + n > len(table.elements):
            raise Trap(OOB_TABLE)
        if n:
            table.elements[dest : dest + n] = segment[source : source + n]

    def elem_drop(self, instance, elemidx: int) -> None:
        instance.elems[elemidx] = []

    # --- GC objects (3.0) ---------------------------------------------------
    # `items` is the object's list (runtime/gc_objects.py: a struct's fields, an array's
    # values). The handlers check bounds and nulls first (an array.copy checks both arrays),
    # so these are given ranges inside the list.
    def heap_set(self, obj, items: list, i: int, value) -> None:
        """`struct.set`, `array.set`: one field or element."""
        items[i] = value

    def heap_write(self, obj, items: list, start: int, values: list, what: str) -> None:
        """`array.fill/copy/init_data/init_elem` (`what`): `values` (a new list) replace the elements from `start`."""
        items[start : start + len(values)] = values

    notes_allocations = False  # True: the allocating handlers call `allocated` (a debugger's table)

    def allocated(self, obj, funcidx: int, pc: int) -> None:
        """A struct or array was just allocated by instruction `pc` of function `funcidx`."""


PLAIN_OPS = StateOps()
