"""Translate one validated function body into the source of one Python function.

The shape of what comes out (`def f(d, l0, l1):` ...):

- wasm locals are Python locals `l<i>` (a declared one starts at its zero
  unless a write provably precedes every read: assigned.py); `d`, the
  call depth (the first frame is 1), checked against `MAXD` before anything
  runs, as the step engine refuses the call that would exceed its depth;
- the operand stack exists only at translation time (entries.py): a value is
  an expression until something forces it into a stack-slot variable
  `s<h>` (h its height), so `local.set 2 (i32.add (local.get 0) (i32.const
  1))` is `l2 = (l0 + 1) & 0xffffffff`;
- a `loop` that something branches back to is `while True:` (a branch to
  it is `continue`, falling out of its end `break`); a `block` or `if`
  that something branches out of is `while True: ... break` (a branch to it
  is `break`); a branch out of several Python loops sets `J` to the target's
  number and breaks, and after each loop it crossed a check passes it on
  (control.py); blocks nobody branches to are their bodies, inline. Blocks
  nested too deep for more Python loops (a C `switch` is a nest of dozens)
  are guarded regions instead: a branch sets `J`, the code it skips runs
  under `if not J:` (control.py, `open_guard`);
- every line holds at most one instruction that can fail, and `lines`
  records which (the fault handler locates traps with it: faults.py).

Functions nested deeper than Python compiles even so (more than 18 nested
loops, or 90 levels of indentation) raise `TooDeep`; the engine then runs
that function on the steppable engine (see executor.py).

Counting mode (fuel, instruction counts): the instructions are charged per
straight-line segment, before it runs, so fuel runs out exactly where the
step engine's does and a trap leaves the step engine's count (segments.py,
meter.py).

The debugger's form (`probes=...`, `where=...`; exec/fast/handover.py) is
counting too, and adds what a hand-over to the step engine needs: at each
probe pc (a breakpoint, or the one place a re-run must stop at: `count`)
the segment ends, the stack is flushed to variables, and a line raises
`DEOPT` with the frame's pc, operand stack and locals as raw values; every
call sits in a `try` whose handler adds the caller's frame to a passing
`Deopt`, so the exception carries every frame the fast engine had. Stores
and `global.set` append their undo entries themselves, with the step
computed from the segment's charge (ops_memory.py); before any other
instruction that writes state (or calls) it sets `OPS.where`, and after it
the segment ends, so the recording ops log the writer and the exact step;
an allocation tells the ops where it was made, its segment ended too
(ops_gc.py). Exception handling needs nothing more: the step engine's
handlers are static by pc (ops_exceptions.py).
"""

from __future__ import annotations

from playground.wasm.exec.fast.assigned import read_before_written
from playground.wasm.exec.fast.control import GUARD_FROM, MAX_INDENT, MAX_PY_LOOPS, ControlOps, Ctl, TooDeep
from playground.wasm.exec.fast.entries import FLOATS, FROM_BITS, TO_BITS, Entry, variable
from playground.wasm.exec.fast.ops_calls import CallOps
from playground.wasm.exec.fast.ops_exceptions import EXCEPTION_OPS, ExceptionOps
from playground.wasm.exec.fast.ops_memory import MemoryOps, memory_names
from playground.wasm.exec.fast.ops_numeric import NumericOps, rounds_in_a_loop
from playground.wasm.exec.fast.support import SCRATCH_ROUNDS
from playground.wasm.exec.fast.ops_refs import RefOps
from playground.wasm.exec.fast.ops_gc import GC_OPS, GcOps
from playground.wasm.exec.fast.segments import STEP, Segments
from playground.wasm.errors import WasmError
from playground.wasm.exec.numeric.memory_access import STORES
from playground.wasm.instructions import Arity
from playground.wasm.runtime.values import default_value
from playground.wasm.types import ValType

class NotTranslated(WasmError):
    """An instruction the fast engine has no translation for (the engine's `supported_features` should
    have refused its module at instantiation; this is the guard behind that)."""

    kind = "unsupported"

    def __init__(self, name: str) -> None:
        super().__init__(f"the fast engine does not support {name} yet; use --engine step")


class Translated:
    """A translated function: its source, the line -> pc map of its body and, in counting mode, the lines
    whose instruction has others charged after it in its segment (line -> how many: segments.py)."""

    __slots__ = ("source", "lines", "ahead", "funcidx")

    def __init__(self, source: str, lines: list[int], funcidx: int, ahead: dict[int, int] | None = None) -> None:
        self.source = source
        self.lines = lines
        self.ahead = ahead or {}
        self.funcidx = funcidx


class Translator(Segments, ControlOps, CallOps, NumericOps, MemoryOps, ExceptionOps, RefOps, GcOps):
    """Translates one function instance; `translate()` returns a `Translated`."""

    def __init__(
        self,
        func,
        *,
        inline_ops: bool = True,
        counting: bool = False,
        guard_from: int = GUARD_FROM,
        probes: frozenset = frozenset(),
        count: tuple[int, int] | None = None,
        where: int | None = None,
        record: tuple[int, int] | None = None,
    ) -> None:
        self.func = func
        self.inst = func.module
        self.body = func.code.body
        self.ft = func.type
        self.local_types = list(self.ft.params) + list(func.code.locals)
        self.inline_ops = inline_ops
        self.counting = counting
        self.guard_from = guard_from
        self.out: list[str] = []
        self.pcs: list[int] = []
        self.indent = 2  # inside `def` and `try`
        self.suite_start: list[int] = []
        self.stack: list[Entry] = []
        self.ctrl: list[Ctl] = []
        self.dead = False
        self.pc = -1
        self.py_loops = 0
        self.uses_j = False
        self.uses_calls = False
        self.memories: set[int] = set()  # the memories it uses (their `data` views are locals)
        self.init_segments()
        self.next_ident = 1
        self.pending: set[int] = set()  # J values a branch may have set at this point (control.py, guards)
        self.guard_saved: list[set[int]] = []
        # the debugger's form: probe pcs, (pc, step) of a counted probe, the funcidx written to OPS.where
        self.deopt = where is not None
        self.where = where
        self.probes = probes
        self.count_probe = count
        self.record = record  # (memory kind, global kind) of undo entries that stores and global.set log inline
        self.pending_log: str | None = None
        self.max_py_loops = MAX_PY_LOOPS - 1 if self.deopt else MAX_PY_LOOPS  # each call's `try` is a block too
        self.logged_inline = LOGGED_INLINE if record is not None else frozenset()
        self.f32_scratch = SCRATCH_ROUNDS and rounds_in_a_loop(self.body)  # ops_numeric.py, push_rounded

    # --- emitting lines ---------------------------------------------------------------------
    def emit(self, text: str) -> None:
        """One line of the body at the current indentation, attributed to the current instruction."""
        self.note_line()
        self.out.append(" " * self.indent + text)
        self.pcs.append(self.pc)

    def open_suite(self) -> None:
        """Indent for the body of an `if`, `else` or `while` just emitted."""
        self.end_segment()
        self.indent += 1
        if self.indent > MAX_INDENT:
            raise TooDeep
        self.suite_start.append(len(self.out))

    def close_suite(self) -> None:
        """Dedent; an empty suite gets `pass`."""
        self.end_segment()
        if self.suite_start.pop() == len(self.out):
            self.emit("pass")
        self.indent -= 1

    # --- the debugger's probes (see the module docstring) --------------------------------------
    def probe(self) -> None:
        """At a probe pc: end the segment and raise DEOPT with this frame (unconditionally, or at the counted step)."""
        pc = self.pc
        counted = self.count_probe is not None and self.count_probe[0] == pc
        if pc not in self.probes and not counted:
            return
        self.end_segment()
        self.flush()
        for h, e in enumerate(self.stack):
            if e.type in TO_BITS and e.exact is None:
                self.materialise(h)
        raise_ = f"raise DEOPT(FI{self.func.funcidx}, {pc}, {self.frame_values()})"
        if pc in self.probes:
            self.emit(raise_)
        else:
            self.emit(f"if METER.n == {self.count_probe[1]}: {raise_}")

    def frame_values(self, stack: list | None = None) -> str:
        """`[stack...], [locals...]` as raw values (floats as their bits), for DEOPT and a call's handler."""
        stack = self.stack if stack is None else stack
        values = ", ".join(e.exact if e.type in TO_BITS else e.text for e in stack)
        locals_ = ", ".join(f"{TO_BITS[t]}(l{i})" if t in TO_BITS else f"l{i}" for i, t in enumerate(self.local_types))
        return f"[{values}], [{locals_}]"

    # --- the operand stack --------------------------------------------------------------------
    def push(self, entry: Entry) -> None:
        self.stack.append(entry)

    def pop(self) -> Entry:
        return self.stack.pop()

    def pop_n(self, n: int) -> list[Entry]:
        """The top `n` entries, bottom first, popped."""
        if not n:
            return []
        entries = self.stack[-n:]
        del self.stack[-n:]
        return entries

    def spill(self, var: str, *, keep: int = -1) -> None:
        """Before `var` is written: give every entry (but `keep`) that reads it a variable of its own."""
        for h, e in enumerate(self.stack):
            if h != keep and var in e.deps and e.text != f"s{h}":
                self.materialise(h)

    def materialise(self, h: int) -> None:
        """Write the entry at height `h` to its slot variable `s<h>`."""
        e = self.stack[h]
        target = f"s{h}"
        if e.text == target:
            return
        self.spill(target, keep=h)
        self.write(target, e)
        self.stack[h] = variable(target, e.type, e.fits)

    def write(self, target: str, e: Entry) -> None:
        """Emit `target = <e>`, evaluating the exact form instead when a float expression gave a NaN."""
        if not e.inexact:
            self.emit(f"{target} = {e.text}")
            return
        tmp = "_t" if target in e.deps else target
        self.emit(f"{tmp} = {e.text}")
        self.emit(f"if {tmp} != {tmp}: {tmp} = {FROM_BITS[e.type]}({e.exact})")
        if tmp != target:
            self.emit(f"{target} = {tmp}")

    def exact_top(self, n: int) -> None:
        """Make the top `n` entries exact (floats with the specification's NaN payloads)."""
        base = len(self.stack) - n
        for h in range(base, len(self.stack)):
            if self.stack[h].inexact:
                self.materialise(h)

    def simple_top(self, n: int) -> None:
        """Make the top `n` entries names or constants (safe to read twice)."""
        base = len(self.stack) - n
        for h in range(base, len(self.stack)):
            if not self.stack[h].simple:
                self.materialise(h)

    def flush(self) -> None:
        """Give every entry that reads a variable (or is inexact) its slot: before control flow splits."""
        for h, e in enumerate(self.stack):
            if (e.deps or e.inexact) and e.text != f"s{h}":
                self.materialise(h)

    def slots_for(self, height: int, types) -> list[Entry]:
        return [variable(f"s{height + i}", t) for i, t in enumerate(types)]

    def assign_slots(self, height: int, entries: list[Entry]) -> None:
        """Move `entries` (exact) into the slots from `height` up, reading all before writing any."""
        pairs = [(f"s{height + i}", e.text) for i, e in enumerate(entries) if e.text != f"s{height + i}"]
        if not pairs:
            return
        if len(pairs) == 1:
            self.emit(f"{pairs[0][0]} = {pairs[0][1]}")
        else:
            self.emit(f"{', '.join(t for t, _ in pairs)} = {', '.join(v for _, v in pairs)}")

    # --- the pass -------------------------------------------------------------------------------
    def translate(self) -> Translated:
        ft = self.ft
        self.prepare_blocks()
        self.ctrl.append(Ctl("func", -1, len(self.body) - 1, None, 0, (), tuple(ft.results), False, 0))
        dispatch = self.dispatch
        step_only = EXCEPTION_OPS | GC_OPS if not (self.deopt or self.inline_ops) else frozenset()
        for ins in self.body:
            if ins.op.name not in dispatch or ins.op.name in step_only:
                raise NotTranslated(ins.op.name)  # a recording table outside the debugger's form: the step engine notes allocations
        for pc, ins in enumerate(self.body):
            self.pc = pc
            op = ins.op
            if self.dead:
                self.skip_dead(ins)
                continue
            if op.arity is not Arity.STRUCTURED:
                if self.pending:
                    self.open_guard()
                self.probe()
                self.charge()
            if self.deopt and (op.writes_state or op.arity is Arity.CALL) and op.name not in self.logged_inline:
                self.emit(f"OPS.where = ({self.where}, {pc})")
                dispatch[op.name](self, ins)
                self.end_segment()  # the write's step (`now()`) is the segment's last count
                continue
            dispatch[op.name](self, ins)
            if op.writes_state:
                self.may_fail()  # it writes iff the step engine's does, wherever the budget ends (segments.py)
        self.end_segment()
        return self.finish()

    def finish(self) -> Translated:
        params = ", ".join(f"l{i}" for i in range(len(self.ft.params)))
        head = [f"def f(d{', ' if params else ''}{params}):", " if d > MAXD: raise EXH()"]
        read = read_before_written(self.body) if not self.deopt else range(len(self.local_types))
        for i, t in enumerate(self.local_types[len(self.ft.params):], start=len(self.ft.params)):
            if i in read:  # the others are written before any read (assigned.py)
                head.append(f" l{i} = {default_text(t)}")
        if self.uses_j:
            head.append(" J = 0")
        if self.uses_calls:
            head.append(" d1 = d + 1")
        if self.f32_scratch:
            head.append(" R32 = F32_SCRATCH()")
        for i in sorted(self.memories):
            mem, data = memory_names(i)
            head.append(f" {data} = {mem}.data")
        head.append(" try:")
        tail = [" except BaseException as e:", f"  raise FAULT(e, FI{self.func.funcidx})"]
        body = self.out or ["  pass"]
        pcs = self.pcs or [-1]
        lines = [-1] + [-1] * len(head) + pcs + [-1] * len(tail)  # index = line number (from 1)
        source = "\n".join(head + body + tail) + "\n"
        if STEP in source:
            raise AssertionError("a logged write outside a counted segment")  # the translator's own bug
        ahead = {1 + len(head) + i: n for i, n in self.ahead.items()}
        return Translated(source, lines, self.func.funcidx, ahead)


LOGGED_INLINE = frozenset(["global.set", "v128.store", *STORES])
"""The writes the debugger's form logs itself (`record`: ops_memory.py); others go through the recording ops."""


def default_text(t: ValType) -> str:
    """The text of a local's initial value (spec 4.2.1)."""
    if t in FLOATS:
        return "0.0"
    value = default_value(t)
    return "None" if value is None else str(value)


def _dispatch() -> dict:
    table = {}
    for cls in (ControlOps, CallOps, NumericOps, MemoryOps, ExceptionOps, RefOps, GcOps):
        table.update(cls.handlers())
    return table


Translator.dispatch = _dispatch()


def translate(func, **options) -> Translated:
    """The source of `func` (a FuncInstance) as a Python function; raises TooDeep when Python cannot nest it."""
    return Translator(func, **options).translate()


__all__ = ["NotTranslated", "TooDeep", "Translated", "Translator", "translate"]
