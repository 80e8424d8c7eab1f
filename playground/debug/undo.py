"""The undo log: a `StateOps` table that remembers the old value of every write.

The executor sends every change to memories, tables, globals and segments
through its `StateOps` (playground/wasm/runtime/mutations.py). `RecordingOps`
checks bounds exactly as the plain table does (a trapping instruction writes
nothing and logs nothing), appends one undo entry, then writes. Undoing the
entries after a position, newest first, gives back the exact earlier state:
memory bytes and size (after `memory.grow`), globals, table elements and
size, dropped data and element segments, and the fields and elements of GC
structs and arrays (3.0: `HEAP` entries). An allocation needs no entry: once
the thread's stacks are back, an object made later is unreachable (Python
frees it), and replaying makes a new one with the same contents.

Allocations are noted on the object instead (`notes_allocations`):
`obj.alloc = (funcidx, pc, step)`, for the debugger's heap view.

An entry is a tuple `(kind, step, where, target, ...)`:
- `step`: the number of instructions executed before the writing one (its
  0-based step number), read from the run loop through `now()`;
- `where`: `(funcidx, instr index)` of the writing instruction, set by the
  run loop's located handlers (runner.py), or None for edits and host writes.
A HEAP entry is `(HEAP, step, where, object, start, old elements, the object's list)`.

The fast engine's debugger form logs its stores and `global.set` itself
(`inline_recording`), as records of five fields in one flat list,
`stores`: `((kind, where), step, target, address, old)` for a store,
`((GLOBAL, where), step, global, old value, None)` for a `global.set`. One
`list.extend` of a short-lived tuple per write, no entry kept per write:
that halves what a logged store costs. The records become entries (the
same tuples as above) only when someone reads the log (`log` expands them
first) or another write comes (every other write appends after them);
`position()` counts them without expanding, so a stop after a Continue
expands nothing, and its changed ranges read the records themselves
(changed_memory.py, through `tail`).

Watchpoints are checked here too, on the writes themselves, so stores and
`memory.fill/copy/init` (and `global.set`) all fire them; a hit calls
`on_watch(hit)`, which asks the run loop to stop after this instruction.

Bulk writes count against the history budget (`budget_bytes`, 256 MiB by
default). One whose old bytes would take the saved bulk bytes past it is
done without saving them: a `LOST` entry marks it, and going back past it is
refused with a message that says why (`HistoryLostError`), before anything
is undone. The bulk work itself happens in place (Memory.fill/copy/write_from).
"""

from __future__ import annotations

import threading
from itertools import compress, repeat
from operator import itemgetter, ne

from playground.errors import PlaygroundError
from playground.wasm.errors import Trap
from playground.wasm.runtime.mutations import OOB_MEMORY, OOB_TABLE, StateOps

MEM, GROW, GLOBAL, TABLE, TGROW, DDROP, EDROP, LOST, HEAP = range(9)
KIND_NAMES = ("memory", "memory.grow", "global", "table", "table.grow", "data.drop", "elem.drop", "lost history", "heap")

SLOT_BYTES = 8  # what one saved element of a GC array costs in a HEAP entry (a list slot; values are shared)

HISTORY_BUDGET = 256 * 1024 * 1024  # bytes of history a debug session keeps by default

ENTRY_OVERHEAD = 180  # bytes one small log entry holds (its tuple, step, address and payload), measured

RECORD_FIELDS = 5  # fields of a pending store's or global.set's record (module docstring)
_KIND_OF, _WHERE_OF = itemgetter(0), itemgetter(1)


def _zero() -> int:
    return 0


class HistoryLostError(PlaygroundError):
    """Going back past a bulk write whose old bytes were more than the history budget could keep."""

    def __init__(self, entry: tuple, budget_bytes: int) -> None:
        _, step, _, _, address, n, what = entry
        place = f"elements of an array from index {address}" if what.startswith("array.") else f"bytes at {address:#x}"
        super().__init__(
            f"cannot go back past step {step}: the {what} there overwrote {n:,} {place}, "
            f"more than the debugger's history keeps ({budget_bytes // (1 << 20):,} MiB), so the history "
            "before it was not kept"
        )


class RecordingOps(StateOps):
    """A `StateOps` that logs undo entries; one instance per debug session (its compiled code is the session's)."""

    inline = False  # every store and global.set must come through here

    def __init__(self, budget_bytes: int = HISTORY_BUDGET) -> None:
        self._entries: list[tuple] = []  # the log's entries, without the stores still pending as records
        self.stores: list = []  # the fast engine's records, five fields each, after every entry (docstring)
        self._expanding = threading.Lock()
        self.now = _zero  # () -> the current step; the run loop installs its counter
        self.where: tuple[int, int] | None = None
        self.watches = None  # a watchpoints.WatchSet while any watchpoint is set
        self.bytes_logged = 0  # payload bytes of bulk saves (fill/copy/init, edits, host writes), beyond ENTRY_OVERHEAD
        self.budget_bytes = budget_bytes  # the most `bytes_logged` may reach; a bulk write past it is LOST

    def inline_recording(self) -> tuple:
        """(stores.extend, memory kind, global kind): what the fast engine's debugger form needs to append the
        records of stores and global.set itself, in the format of the module docstring (exec/fast/ops_memory.py).
        Only while no watchpoint is set: those writes then skip `store` and `global_set`."""
        return self.stores.extend, MEM, GLOBAL

    # --- the log and its pending records --------------------------------------------------------
    @property
    def log(self) -> list[tuple]:
        """The undo log, every entry in order: pending records are made entries first."""
        if self.stores:
            self._expand()
        return self._entries

    def position(self) -> int:
        """The log's length, pending records counted, nothing expanded (a checkpoint's or a stop's mark)."""
        with self._expanding:
            return len(self._entries) + len(self.stores) // RECORD_FIELDS

    def tail(self, position: int) -> tuple[list[tuple], list]:
        """What was logged from `position` on, unexpanded: (entries, pending records; all of them, not a copy, when
        the position lies before them: read only)."""
        with self._expanding:
            entries, stores = self._entries, self.stores
            first = position - len(entries)
            return entries[position:], stores if first <= 0 else stores[first * RECORD_FIELDS :]

    def _expand(self) -> None:
        """Make the pending records entries (C-level: a zip of their fields), after the others, in order.

        Under a lock: the window may read the log (who wrote a byte) while the session's thread expands it; the
        records a running fast call appends meanwhile stay pending (one `extend` appends a whole record).
        """
        with self._expanding:
            stores = self.stores
            records = stores[:]
            heads = records[0::RECORD_FIELDS]
            kinds = list(map(_KIND_OF, heads))
            fields = (records[i::RECORD_FIELDS] for i in (2, 3, 4))
            expanded = list(zip(kinds, records[1::RECORD_FIELDS], map(_WHERE_OF, heads), *fields))
            if kinds.count(MEM) != len(kinds):  # a global.set's entry has five fields
                for i in compress(range(len(kinds)), map(ne, kinds, repeat(MEM))):
                    expanded[i] = expanded[i][:5]
            self._entries += expanded
            del stores[: len(records)]  # in place: the fast engine holds `stores.extend`

    # --- memory -------------------------------------------------------------------
    def keeps(self, n: int) -> bool:
        """Whether the history has room to save `n` more bytes of a bulk write (else the write is LOST)."""
        return self.bytes_logged + n <= self.budget_bytes

    def _bulk_write(self, mem, dest: int, n: int, what: str, write, *args) -> None:
        """memory.fill/copy/init after their bounds checks: log the old bytes (or LOST), `write(*args)`, tell the watchpoints."""
        end = dest + n
        step, where, watches = self.now(), self.where, self.watches
        if self.keeps(n):
            old = bytes(memoryview(mem.data)[dest:end])
            self.bytes_logged += n
            self.log.append((MEM, step, where, mem, dest, old))
            write(*args)
            if watches is not None:
                watches.memory_written(mem, dest, end, old, step, where)
            return
        self.log.append((LOST, step, where, mem, dest, n, what))
        before = watches.watched_before(mem, dest, end) if watches is not None else None
        write(*args)
        if before:
            watches.report_changes(before, step, where)

    def store(self, mem, address: int, payload: bytes) -> None:
        data = mem.data
        end = address + len(payload)
        if end > len(data):
            raise Trap(OOB_MEMORY)
        old = bytes(data[address:end])
        self.log.append((MEM, self.now(), self.where, mem, address, old))
        data[address:end] = payload
        if self.watches is not None:
            self.watches.memory_written(mem, address, end, old, self.now(), self.where)

    def memory_grow(self, mem, delta: int) -> int:
        old_len = len(mem.data)
        result = mem.grow(delta)
        if result != -1 and delta:
            self.log.append((GROW, self.now(), self.where, mem, old_len))
        return result

    def memory_fill(self, mem, dest: int, value: int, n: int) -> None:
        data = mem.data
        if dest + n > len(data):
            raise Trap(OOB_MEMORY)
        if n:
            self._bulk_write(mem, dest, n, "memory.fill", mem.fill, dest, value, n)

    def memory_copy(self, mem, dest: int, src: int, n: int) -> None:
        data = mem.data
        if src + n > len(data) or dest + n > len(data):
            raise Trap(OOB_MEMORY)
        if n:
            self._bulk_write(mem, dest, n, "memory.copy", mem.copy, dest, src, n)

    def memory_init(self, mem, dest: int, segment: bytes, src: int, n: int) -> None:
        data = mem.data
        if src + n > len(segment) or dest + n > len(data):
            raise Trap(OOB_MEMORY)
        if n:
            self._bulk_write(mem, dest, n, "memory.init", mem.write_from, dest, segment, src, n)

    def data_drop(self, instance, dataidx: int) -> None:
        self.log.append((DDROP, self.now(), self.where, instance, dataidx, instance.datas[dataidx]))
        instance.datas[dataidx] = b""

    # --- globals --------------------------------------------------------------------
    def global_set(self, glob, value) -> None:
        old = glob.value
        self.log.append((GLOBAL, self.now(), self.where, glob, old))
        glob.value = value
        if self.watches is not None:
            self.watches.global_written(glob, old, value, self.now(), self.where)

    # --- tables ---------------------------------------------------------------------
    def _save_table(self, table, start: int, end: int) -> None:
        self.log.append((TABLE, self.now(), self.where, table, start, table.elements[start:end]))

    def table_set(self, table, index: int, ref) -> None:
        if index >= len(table.elements):
            raise Trap(OOB_TABLE)
        self._save_table(table, index, index + 1)
        table.elements[index] = ref

    def table_grow(self, table, delta: int, ref) -> int:
        old_len = len(table.elements)
        result = table.grow(delta, ref)
        if result != -1 and delta:
            self.log.append((TGROW, self.now(), self.where, table, old_len))
        return result

    def table_fill(self, table, index: int, ref, n: int) -> None:
        if index + n > len(table.elements):
            raise Trap(OOB_TABLE)
        if n:
            self._save_table(table, index, index + n)
            table.elements[index : index + n] = [ref] * n

    def table_copy(self, dst, src, dest: int, source: int, n: int) -> None:
        if source + n > len(src.elements) or dest + n > len(dst.elements):
            raise Trap(OOB_TABLE)
        if n:
            self._save_table(dst, dest, dest + n)
            dst.elements[dest : dest + n] = src.elements[source : source + n]

    def table_init(self, table, segment: list, dest: int, source: int, n: int) -> None:
        if source + n > len(segment) or dest + n > len(table.elements):
            raise Trap(OOB_TABLE)
        if n:
            self._save_table(table, dest, dest + n)
            table.elements[dest : dest + n] = segment[source : source + n]

    def elem_drop(self, instance, elemidx: int) -> None:
        self.log.append((EDROP, self.now(), self.where, instance, elemidx, instance.elems[elemidx]))
        instance.elems[elemidx] = []

    # --- GC objects (3.0) -------------------------------------------------------------
    def heap_set(self, obj, items: list, i: int, value) -> None:
        self.log.append((HEAP, self.now(), self.where, obj, i, [items[i]], items))
        items[i] = value

    def heap_write(self, obj, items: list, start: int, values: list, what: str) -> None:
        n = len(values)
        if not n:
            return
        cost = SLOT_BYTES * n
        if self.keeps(cost):
            self.log.append((HEAP, self.now(), self.where, obj, start, items[start : start + n], items))
            self.bytes_logged += cost
        else:
            self.log.append((LOST, self.now(), self.where, obj, start, n, what))
        items[start : start + n] = values

    notes_allocations = True

    def allocated(self, obj, funcidx: int, pc: int) -> None:
        obj.alloc = (funcidx, pc, self.now())

    # --- edits and host writes (not instructions) ------------------------------------
    def write_memory(self, mem, address: int, payload: bytes, step: int, where=None) -> None:
        """Write bytes as a debugger edit or a replayed host call would: logged, bounds-checked."""
        data = mem.data
        if address < 0 or address + len(payload) > len(data):
            raise IndexError(f"{len(payload)} bytes at {address} are outside the memory ({len(data)} bytes)")
        self.log.append((MEM, step, where, mem, address, bytes(data[address : address + len(payload)])))
        self.bytes_logged += len(payload)
        data[address : address + len(payload)] = payload

    def log_memory_change(self, mem, address: int, old: bytes, step: int, where=None) -> None:
        """Log bytes that someone else (a host function) already overwrote."""
        self.log.append((MEM, step, where, mem, address, bytes(old)))
        self.bytes_logged += len(old)

    def log_grow(self, mem, old_len: int, step: int, where=None) -> None:
        self.log.append((GROW, step, where, mem, old_len))

    def set_global(self, glob, value, step: int, where=None) -> None:
        self.log.append((GLOBAL, step, where, glob, glob.value))
        glob.value = value

    # --- undo -------------------------------------------------------------------------
    def undo_to(self, position: int) -> None:
        """Undo every entry at `position` and after, newest first, and drop them from the log.

        HistoryLostError, with nothing undone, when a LOST entry lies on the way.
        """
        log = self.log  # pending records expanded
        for i in range(len(log) - 1, position - 1, -1):
            if log[i][0] == LOST:
                raise HistoryLostError(log[i], self.budget_bytes)
        while len(log) > position:
            undo_entry(log.pop())


def saved_bytes(log: list) -> int:
    """The payload of the bulk saves in `log` (what `bytes_logged` counts), for a trimmed log."""
    total = 0
    for e in log:
        if e[0] == MEM and len(e[5]) > 16:
            total += len(e[5])
        elif e[0] == HEAP and len(e[5]) > 1:
            total += SLOT_BYTES * len(e[5])
    return total


def undo_entry(entry: tuple) -> None:
    """Put back what one entry saved."""
    kind = entry[0]
    if kind == MEM:
        mem, address, old = entry[3], entry[4], entry[5]
        mem.data[address : address + len(old)] = old
    elif kind == GROW:
        mem, old_len = entry[3], entry[4]
        try:
            del mem.data[old_len:]
        except BufferError:  # a host view pins the buffer: detach, as Memory.grow does
            mem.data = bytearray(mem.data[:old_len])
    elif kind == GLOBAL:
        entry[3].value = entry[4]
    elif kind == TABLE:
        table, start, old = entry[3], entry[4], entry[5]
        table.elements[start : start + len(old)] = old
    elif kind == TGROW:
        del entry[3].elements[entry[4] :]
    elif kind == DDROP:
        entry[3].datas[entry[4]] = entry[5]
    elif kind == EDROP:
        entry[3].elems[entry[4]] = entry[5]
    elif kind == HEAP:
        start, old = entry[4], entry[5]
        entry[6][start : start + len(old)] = old
    elif kind == LOST:
        raise HistoryLostError(entry, HISTORY_BUDGET)
