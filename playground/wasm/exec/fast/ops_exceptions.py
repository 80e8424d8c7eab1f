"""Translating exception handling (3.0: throw, throw_ref, try_table) into Python's own try/except.

`throw` raises the very error the step engine raises (runtime/exceptions.py
`thrown`): an `UncaughtException` carrying the `ExnRef`, its tag instance
and its payload as raw values (floats as bits). So a host, `assert_exception`
and the message of an exception nobody catches see the same thing on both
engines. `throw_ref` raises its exnref again (null: the step engine's trap).
Both helpers are support.py's `THROW` and `RETHROW`.

A `try_table` is a block (a Python loop or a guarded region when something
branches to its end, control.py) inside a Python `try:`; its handler
catches only `UncaughtException` (never a Trap, a limit or a Python error)
and tries the catch clauses in order: the tag by identity (`TG<i>` is the
instance's tag instance, shared by every module that imports it), the
payload converted to held values into the slots at the try_table's base
height, the exnref after it for the `_ref` forms, then a branch to the
clause's label, counted from outside the try_table, as any branch is.
An exception without an object (a host's) and one no clause takes are
raised again.

Counting mode: a throw that a handler catches counts as run, as the step
engine counts it; the fault handler of the function it left un-charged it
(faults.py), so a clause charges it again (`fast_uncharged`).

The debugger's form translates them too. The step engine's handlers are a
static table by pc (exec/step/handlers_exceptions.py: nothing is pushed
when a try_table is entered), so a `Deopt` inside a try_table's body, or
in a callee called from it, hands over the operand stack and pc and the
step engine knows the handlers from there; a Deopt is no
`UncaughtException`, so it passes every `except` on its way. An exception
that leaves the fast call uncaught is the debugger's to place
(debug/handover.py): a frame the step engine holds catches it, or a re-run
stops at the throw.
"""

from __future__ import annotations

from playground.wasm.exec.fast.control import TooDeep, by_name
from playground.wasm.exec.fast.entries import FROM_BITS, TO_BITS, variable

EXCEPTION_OPS = frozenset(("throw", "throw_ref", "try_table"))


class ExceptionOps:
    """The exception-handling part of the Translator (translate.py)."""

    def op_throw(self, ins) -> None:
        tagidx = ins.imm[0]
        params = self.inst.tags[tagidx].type.params
        self.exact_top(len(params))
        args = self.pop_n(len(params))
        payload = "".join((a.exact if a.type in TO_BITS else a.text) + ", " for a in args)
        self.end_segment()
        self.emit(f"raise THROW(TG{tagidx}, ({payload}))")
        self.dead = True

    def op_throw_ref(self, ins) -> None:
        exn = self.pop()
        self.end_segment()
        self.emit(f"raise RETHROW({exn.text})")
        self.dead = True

    def op_try_table(self, ins) -> None:
        params, results = self.block_type(ins.imm[0])
        self.flush()
        self.end_segment()
        self.emit("try:")
        self.open_suite()
        self.py_loops += 1  # CPython counts a `try` among its statically nested blocks
        if self.py_loops > self.max_py_loops:
            raise TooDeep
        loop, guard = self.branch_target_kind()
        c = self.new_ctl("try_table", ins, len(self.stack) - len(params), params, results, loop)
        c.guard = guard
        c.entry_stack = list(self.stack[: c.height])  # what the handler's stack starts from
        c.catches = ins.imm[1]
        self.ctrl.append(c)
        if c.loop:
            self.enter_py_loop()

    def end_try_table(self, c, live: bool) -> None:
        """At the try_table's end (reached or not): close its block and its `try`, then emit its handler."""
        if live:
            self.results_to_slots(c)
        self.close_guards(c)
        self.leave_construct(c, live)
        self.close_suite()  # the `try`
        self.py_loops -= 1
        self.emit_handler(c)
        self.join_after(c, live)

    def emit_handler(self, c) -> None:
        """`except UncaughtException`: the catch clauses in order, each ending in its branch."""
        self.emit("except THROWN_T as _x:")
        self.open_suite()
        self.emit("_e = _x.exn")
        self.emit("if _e is None: raise")
        for catch in c.catches:
            if catch.tag is None:
                self.emit("else:")
                types = ()
            else:
                self.emit(f"elif _e.tag is TG{catch.tag}:")
                types = tuple(self.inst.tags[catch.tag].type.params)
            self.open_suite()
            self.land(c, catch, types)
            self.close_suite()
            if catch.tag is None:
                break  # a catch_all takes every exception: the clauses after it never run
        else:
            self.emit("else: raise")
        self.close_suite()

    def land(self, c, catch, types: tuple) -> None:
        """One clause: its values into the slots from the try_table's base, then the branch to its label."""
        if self.counting:
            self.emit("METER.n += UNCHARGED(_x)")
        self.stack = list(c.entry_stack)
        h = c.height
        for i, t in enumerate(types):
            value = f"_e.payload[{i}]"
            self.emit(f"s{h + i} = {FROM_BITS[t]}({value})" if t in FROM_BITS else f"s{h + i} = {value}")
        if catch.pushes_ref:
            self.emit(f"s{h + len(types)} = _e")
        sent = self.label(catch.label).label_types  # what validation proved the clause sends
        self.stack.extend(variable(f"s{h + i}", t) for i, t in enumerate(sent))
        self.branch(catch.label, self.top(len(sent)))

    @classmethod
    def handlers(cls) -> dict:
        return by_name(cls, "throw throw_ref try_table")
