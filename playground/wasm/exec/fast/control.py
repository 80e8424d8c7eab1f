"""Translating the control instructions (spec 4.4.8) and calls into Python's structured control flow.

A construct becomes a Python `while True:` only when something branches
to its label (found by `prepare_blocks` before translating): a `loop`'s
back edge is `continue`, a branch out of a `block` or `if` is `break`.
Values a branch carries go to the label's slot variables first (`s<h>`
from the label's height up, exactly where the step engine's stack keeps
them). A branch that must leave more than one Python loop sets `J` to its
target's number and breaks; after every Python loop it crossed, a check
either finishes the branch (the enclosing loop is the target: `continue`
or `break` it) or breaks again. Falling out of a loop's body `break`s.

Control may split only where every stack entry is a variable or a
constant (`flush`), so what each path writes is what the join reads.
Code after `br`, `br_table`, `return` and `unreachable` is dead until the
enclosing `else` or `end`: it is not translated, as validation proves it
never runs.
"""

from __future__ import annotations

from playground.wasm.exec.fast.entries import Entry, variable
from playground.wasm.instructions import Arity, Kind, copy_memories, memory_index, op

_ELSE, _END = op("else"), op("end")
_BLOCK = Arity.BLOCK

BRANCHES_TO_IMM0 = frozenset(("br", "br_if", "br_on_null", "br_on_non_null", "br_on_cast", "br_on_cast_fail"))  # label first
MAX_PY_LOOPS = 18  # CPython refuses 20 statically nested blocks; the function's `try` is one
GUARD_FROM = 10  # blocks and ifs this many Python loops deep are guarded regions instead
MAX_INDENT = 90  # and 100 levels of indentation


class TooDeep(Exception):
    """The function nests deeper than Python can compile."""


class Ctl:
    """One enclosing construct during translation (the function itself is the outermost)."""

    __slots__ = (
        "kind", "start", "end", "else_pc", "height", "params", "results", "loop", "ident",
        "entered_dead", "reached", "crossings", "entry_stack", "has_else", "then_live",
        "guard", "guards", "then_pending", "catches",
    )

    def __init__(self, kind, start, end, else_pc, height, params, results, loop, ident, entered_dead=False):
        self.kind = kind  # "func", "block", "loop" or "if"
        self.start = start
        self.end = end
        self.else_pc = else_pc
        self.height = height  # operand-stack height below the construct's parameters
        self.params = params
        self.results = results
        self.loop = loop  # emitted as a Python `while True:`
        self.ident = ident  # its number in `J`
        self.entered_dead = entered_dead
        self.reached = False  # a branch to the end of this block or if was translated
        self.crossings: dict[int, Ctl] = {}  # targets of branches that leave this Python loop through J
        self.entry_stack: list = []
        self.has_else = False
        self.then_live = False
        self.guard = False  # a guarded region instead of a Python loop (see open_guard)
        self.guards = 0  # guard suites opened in this construct, closed with it
        self.then_pending: set[int] = set()
        self.catches: tuple = ()  # a try_table's catch clauses (ops_exceptions.py)

    @property
    def label_types(self):
        """What a branch to this label carries: a loop's parameters, the results otherwise."""
        return self.params if self.kind == "loop" else self.results


class ControlOps:
    """The control-instruction part of the Translator (translate.py)."""

    # --- before translating -------------------------------------------------------------------
    def prepare_blocks(self) -> None:
        """Match every block with its else and end, and find the labels that branches target."""
        self.block_ends: dict[int, int] = {}
        self.else_pcs: dict[int, int] = {}
        self.targeted: set[int] = set()
        open_ = [-1]
        for pc, ins in enumerate(self.body):
            o = ins.op
            if o.kind is Kind.MEMORY and o.name != "data.drop":
                # known before the first call, which must then refresh the memories' `data` views
                self.memories.update(copy_memories(ins.imm) if o.name == "memory.copy" else (memory_index(o, ins.imm),))
            if o.arity is _BLOCK:
                if o.name == "try_table":  # its catch clauses branch to labels outside it
                    self.targeted.update(open_[-1 - catch.label] for catch in ins.imm[1])
                open_.append(pc)
            elif o is _ELSE:
                self.else_pcs[open_[-1]] = pc
            elif o is _END:
                start = open_.pop()
                if start >= 0:
                    self.block_ends[start] = pc
            elif o.name in BRANCHES_TO_IMM0:
                self.targeted.add(open_[-1 - ins.imm[0]])
            elif o.name == "br_table":
                labels, default = ins.imm
                for depth in (*labels, default):
                    self.targeted.add(open_[-1 - depth])

    def block_type(self, bt) -> tuple[tuple, tuple]:
        """(params, results) of a blocktype immediate."""
        if bt is None:
            return (), ()
        if isinstance(bt, int):
            ft = self.inst.types[bt]
            return tuple(ft.params), tuple(ft.results)
        return (), (bt,)

    def new_ctl(self, kind: str, ins, height: int, params, results, loop: bool, dead: bool = False) -> Ctl:
        ident = self.next_ident
        self.next_ident += 1
        pc = self.pc
        return Ctl(kind, pc, self.block_ends.get(pc, -1), self.else_pcs.get(pc), height, params, results, loop, ident, dead)

    def enter_py_loop(self) -> None:
        self.emit("while True:")
        self.py_loops += 1
        if self.py_loops > self.max_py_loops:
            raise TooDeep
        self.open_suite()

    def leave_py_loop(self, c: Ctl) -> None:
        self.close_suite()
        self.py_loops -= 1
        self.after_py_loop(c)

    def force_slots(self, n: int) -> None:
        """Write the top `n` entries to their slots even when they are constants (a join will write them)."""
        for h in range(len(self.stack) - n, len(self.stack)):
            e = self.stack[h]
            if e.text != f"s{h}":
                self.spill(f"s{h}", keep=h)
                self.write(f"s{h}", e)
                self.stack[h] = variable(f"s{h}", e.type)

    # --- dead code ------------------------------------------------------------------------------
    def skip_dead(self, ins) -> None:
        """Follow the structure of code that never runs; translate its else or end if the construct is live."""
        o = ins.op
        if o.arity is _BLOCK:
            self.ctrl.append(self.new_ctl(o.name, ins, len(self.stack), (), (), False, dead=True))
        elif o is _ELSE:
            if not self.ctrl[-1].entered_dead:
                self.op_else(ins)
        elif o is _END:
            if self.ctrl[-1].entered_dead:
                self.ctrl.pop()
            else:
                self.op_end(ins)

    # --- structured instructions -------------------------------------------------------------
    def branch_target_kind(self) -> tuple[bool, bool]:
        """(loop, guard) for a block or if at the current pc: a Python loop if something branches to it
        and Python's nesting allows one more, else a guarded region (see `open_guard`)."""
        if self.pc not in self.targeted:
            return False, False
        if self.py_loops >= self.guard_from:
            return False, True
        return True, False

    def op_block(self, ins) -> None:
        params, results = self.block_type(ins.imm[0])
        self.flush()
        loop, guard = self.branch_target_kind()
        c = self.new_ctl("block", ins, len(self.stack) - len(params), params, results, loop)
        c.guard = guard
        self.ctrl.append(c)
        if c.loop:
            self.enter_py_loop()

    def op_loop(self, ins) -> None:
        params, results = self.block_type(ins.imm[0])
        self.flush()
        c = self.new_ctl("loop", ins, len(self.stack) - len(params), params, results, self.pc in self.targeted)
        if c.loop:
            self.force_slots(len(params))  # the back edge writes them
        self.ctrl.append(c)
        if c.loop:
            self.enter_py_loop()

    def op_if(self, ins) -> None:
        params, results = self.block_type(ins.imm[0])
        cond = self.pop()
        self.flush()
        self.force_slots(len(params))  # both arms start from them; an else-less if's false path keeps them
        loop, guard = self.branch_target_kind()
        c = self.new_ctl("if", ins, len(self.stack) - len(params), params, results, loop)
        c.guard = guard
        c.entry_stack = list(self.stack)
        self.ctrl.append(c)
        if c.loop:
            self.enter_py_loop()
        self.emit(f"if {cond.condition}:")
        self.open_suite()

    def fall_through(self) -> None:
        """Before what only the path falling into an else or end does: skip it where a branch is under way."""
        if self.pending:
            self.open_guard()
        self.probe()
        self.charge()  # an `else` or `end` that is reached runs; one jumped over does not

    def op_else(self, ins) -> None:
        c = self.ctrl[-1]
        if not self.dead:
            self.fall_through()  # `else` runs at the end of the then-arm and jumps over the else-arm
            self.results_to_slots(c)
            c.then_live = True
        self.close_guards(c)
        c.then_pending = self.pending
        self.pending = set()
        self.close_suite()
        self.emit("else:")
        self.open_suite()
        self.stack = list(c.entry_stack)
        self.dead = False
        c.has_else = True

    def results_to_slots(self, c: Ctl) -> None:
        n = len(c.results)
        self.exact_top(n)
        self.assign_slots(c.height, self.pop_n(n))

    def op_end(self, ins) -> None:
        c = self.ctrl[-1]
        live = not self.dead
        if live:
            self.fall_through()
        kind = c.kind
        if kind == "try_table":
            self.end_try_table(c, live)
            return
        if kind == "func":
            if live:
                self.emit_return(self.top(len(c.results)))
            self.close_guards(c)
            self.ctrl.pop()
            return
        if kind == "loop":
            if c.loop and live:
                self.end_segment()
                self.emit("break")
            self.close_guards(c)
            self.ctrl.pop()
            if c.loop:
                self.leave_py_loop(c)
            if not live:
                del self.stack[c.height :]
            self.dead = not live
            return
        if kind == "if":
            if live:
                self.results_to_slots(c)
            self.close_guards(c)
            self.pending |= c.then_pending
            self.close_suite()
            joined = live or (c.then_live if c.has_else else True)
        else:  # block
            if not c.loop and not c.guard:  # its results stay where they are, as entries
                self.close_guards(c)
                self.ctrl.pop()
                if not live:
                    del self.stack[c.height :]
                self.dead = not live
                return
            if live:
                self.results_to_slots(c)
            self.close_guards(c)
            joined = live
        self.leave_construct(c, joined)
        self.join_after(c, joined)

    def leave_construct(self, c: Ctl, joined: bool) -> None:
        """Pop `c` and close its Python loop (leaving it where a path falls through) or resolve its guard."""
        self.ctrl.pop()
        if c.loop:
            if joined:
                self.end_segment()
                self.emit("break")
            self.leave_py_loop(c)
        elif c.guard:
            self.resolve(c)

    def join_after(self, c: Ctl, joined: bool) -> None:
        """After `c`: its results are in their slots; live if a path fell through or branched to its end."""
        del self.stack[c.height :]
        self.stack.extend(self.slots_for(c.height, c.results))
        self.dead = not (joined or c.reached)

    # --- guarded regions -------------------------------------------------------------------------
    # A block or if nested deeper than Python's loops allow has no `while`: a branch to its end
    # sets J to its number and the code it skips is guarded by `if not J:`. `pending` holds the
    # numbers J may have at the current point; the next instruction opens a guard while it is not
    # empty, the guard closes with the construct it was opened in, and the target's end resets J.
    # Every instruction after a possibly-taken branch runs under a guard, so the values it reads
    # were computed on the path where no branch was taken.

    def open_guard(self) -> None:
        self.end_segment()
        self.emit("if not J:")
        self.open_suite()
        self.ctrl[-1].guards += 1
        self.guard_saved.append(self.pending)
        self.pending = set()

    def close_guards(self, c: Ctl) -> None:
        while c.guards:
            c.guards -= 1
            self.close_suite()
            self.pending = self.guard_saved.pop() | self.pending

    def resolve(self, c: Ctl) -> None:
        """At the end of a guarded block or if: the branches to it arrive here."""
        if c.ident not in self.pending:
            return
        self.pending = self.pending - {c.ident}
        self.end_segment()
        self.emit(f"if J == {c.ident}: J = 0" if self.pending else "J = 0")

    # --- branches -------------------------------------------------------------------------------
    def top(self, n: int) -> list[Entry]:
        """The top `n` entries, made exact, not popped."""
        self.exact_top(n)
        return self.stack[len(self.stack) - n :] if n else []

    def label(self, depth: int) -> Ctl:
        return self.ctrl[-1 - depth]

    def emit_return(self, values: list[Entry]) -> None:
        self.end_segment()
        if not values:
            self.emit("return")
        elif len(values) == 1:
            self.emit(f"return {values[0].text}")
        else:
            self.emit(f"return ({', '.join(v.text for v in values)})")

    def branch(self, depth: int, values: list[Entry]) -> None:
        """Carry `values` (exact) to label `depth` and jump there."""
        self.end_segment()
        target = self.label(depth)
        if target.kind == "func":
            self.emit_return(values)
            return
        self.assign_slots(target.height, values)
        inner = [c for c in self.ctrl[len(self.ctrl) - depth :] if c.loop] if depth else []
        if target.kind != "loop":
            target.reached = True
        if not inner and target.guard:
            self.uses_j = True
            self.emit(f"J = {target.ident}")
            self.pending.add(target.ident)
            return
        if not inner:
            self.emit("continue" if target.kind == "loop" else "break")
            return
        self.uses_j = True
        self.emit(f"J = {target.ident}")
        self.emit("break")
        for c in inner:
            c.crossings[target.ident] = target

    def after_py_loop(self, p: Ctl) -> None:
        """After a Python loop that branches left through J: finish them here, pass them on, or guard."""
        if not p.crossings:
            return
        qi = next((i for i in range(len(self.ctrl) - 1, -1, -1) if self.ctrl[i].loop), -1)
        q = self.ctrl[qi] if qi >= 0 else None
        # targets between p and q are guarded regions: falling out of p reaches them
        inside = sorted(i for i, t in p.crossings.items() if t.guard and self.ctrl.index(t) > qi)
        here = q is not None and q.ident in p.crossings
        outside = [i for i in p.crossings if i not in inside and not (here and i == q.ident)]
        if here or outside:
            self.emit("if J:")
            self.open_suite()
            if here:
                if outside or inside:
                    self.emit(f"if J == {q.ident}:")
                    self.open_suite()
                self.emit("J = 0")
                self.emit("continue" if q.kind == "loop" else "break")
                if outside or inside:
                    self.close_suite()
            if outside:
                self.emit(f"if J not in ({', '.join(map(str, inside))},): break" if inside else "break")
            self.close_suite()
        self.pending |= set(inside)

    def op_br(self, ins) -> None:
        depth = ins.imm[0]
        self.branch(depth, self.top(len(self.label(depth).label_types)))
        self.dead = True

    def op_br_if(self, ins) -> None:
        depth = ins.imm[0]
        cond = self.pop()
        self.branch_when(cond.condition, depth, self.top(len(self.label(depth).label_types)))

    def branch_when(self, condition: str, depth: int, values: list[Entry]) -> None:
        """`if <condition>:` a branch to label `depth` carrying `values` (exact)."""
        self.end_segment()
        self.emit(f"if {condition}:")
        self.open_suite()
        self.branch(depth, values)
        self.close_suite()

    def branch_on_top(self, depth: int, test: str) -> None:
        """br_on_non_null, br_on_cast(_fail): branch with the label's values, the reference on top among them,
        when `test` (with `{}` for the reference) holds; the reference stays on the stack."""
        self.simple_top(1)
        ref = self.stack[-1]
        self.branch_when(test.format(ref.text), depth, self.top(len(self.label(depth).label_types)))

    def op_br_table(self, ins) -> None:
        labels, default = ins.imm
        index = self.pop()
        n = len(self.label(default).label_types)
        values = self.top(n)
        self.simple_top(n)  # each target reads them
        values = self.stack[len(self.stack) - n :] if n else []
        self.end_segment()
        if index.text.isdigit():  # a constant index
            i = int(index.text)
            self.branch(labels[i] if i < len(labels) else default, values)
            self.dead = True
            return
        ranges: list[list[int]] = []  # [first index, depth]
        for i, depth in enumerate((*labels, default)):
            if not ranges or ranges[-1][1] != depth:
                ranges.append([i, depth])
        text = index.text
        if len(ranges) > 1 and not index.simple:
            self.emit(f"_i = {text}")
            text = "_i"
        self.branch_tree(text, ranges, 0, len(ranges), values)
        self.dead = True

    def branch_tree(self, index: str, ranges: list, lo: int, hi: int, values: list[Entry]) -> None:
        """Binary search over the index ranges of a br_table, branching at the leaves."""
        if hi - lo == 1:
            self.branch(ranges[lo][1], values)
            return
        mid = (lo + hi) // 2
        self.emit(f"if {index} < {ranges[mid][0]}:")
        self.open_suite()
        self.branch_tree(index, ranges, lo, mid, values)
        self.close_suite()
        self.emit("else:")
        self.open_suite()
        self.branch_tree(index, ranges, mid, hi, values)
        self.close_suite()

    def op_return(self, ins) -> None:
        self.emit_return(self.top(len(self.ft.results)))
        self.dead = True

    def op_unreachable(self, ins) -> None:
        self.end_segment()
        self.emit("raise UNREACHABLE()")
        self.dead = True

    def op_nop(self, ins) -> None:
        pass

    @classmethod
    def handlers(cls) -> dict:
        return by_name(cls, "unreachable nop block loop if else end br br_if br_table return")


def by_name(cls, names: str) -> dict:
    """{instruction: its translating method} for the space-separated instruction `names`: `op_` and the
    name with `_` for `.` (`local.get`: `op_local_get`)."""
    return {name: getattr(cls, "op_" + name.replace(".", "_")) for name in names.split()}
