"""Handlers of exception handling (3.0): throw, throw_ref and try_table.

`throw` and `throw_ref` raise the exception as `UncaughtException`
(runtime/exceptions.py `thrown`); the run loops hand it to
`Thread.catch` (machine.py), which looks for a handler in the frames from
the top down. What it looks in is static, like the branches: `try_table`
records its extent and its catch clauses (`Handler`) in `Code.handlers_at`
when the body is compiled, each clause with the branch it takes, resolved
against the labels outside the try_table. Entering a try_table at run time
is a plain jump: no handler stack exists while nothing is thrown.
"""

from __future__ import annotations

from dataclasses import dataclass

from playground.wasm.errors import Trap
from playground.wasm.exec.step.code import RETURN
from playground.wasm.runtime.exceptions import ExnRef, thrown


@dataclass(frozen=True)
class Clause:
    """One catch clause, compiled: the tag it takes (None: every tag), whether it pushes the exnref,
    and the branch it takes (target pc or RETURN, the label's stack height and arity)."""

    tag: object
    with_ref: bool
    target: int
    label_height: int
    arity: int


@dataclass(frozen=True)
class Handler:
    """A try_table: it catches what is thrown at `start < pc < end`; on a catch the stack is cut to `base`."""

    start: int
    end: int
    base: int
    clauses: tuple[Clause, ...]

    def clause_for(self, exn: ExnRef) -> Clause | None:
        """The first clause that catches `exn`, or None."""
        for clause in self.clauses:
            if clause.tag is None or clause.tag is exn.tag:
                return clause
        return None

    def land(self, stack: list, exn: ExnRef, clause: Clause) -> int:
        """Put what `clause` passes to its label on `stack` (cut to the label); the pc to go on at (or RETURN)."""
        del stack[self.base :]
        if clause.tag is not None:
            stack.extend(exn.payload)
        if clause.with_ref:
            stack.append(exn)
        if clause.target != RETURN and len(stack) - clause.arity != clause.label_height:
            del stack[clause.label_height : len(stack) - clause.arity]
        return clause.target


def make_throw(c, ins):
    tag = c.inst.tags[ins.imm[0]]
    n = len(tag.type.params)

    def h(st, lo):
        payload = tuple(st[len(st) - n :]) if n else ()
        if n:
            del st[len(st) - n :]
        raise thrown(ExnRef(tag, payload))

    return h


def make_throw_ref(c, ins):
    def h(st, lo):
        exn = st.pop()
        if exn is None:
            raise Trap("null exception reference")
        raise thrown(exn)

    return h


def make_try_table(c, ins):
    """Record the try_table's handler; entering it does nothing else."""
    block = c.ctrl_block_at(c.pc)  # c.ctrl does not hold it yet: catch labels count from outside
    clauses = []
    for catch in ins.imm[1]:
        tag = None if catch.tag is None else c.inst.tags[catch.tag]
        sent = (0 if tag is None else len(tag.type.params)) + catch.pushes_ref
        target, label_height, arity, _ = c.branch(catch.label, block.height + sent)
        clauses.append(Clause(tag, catch.pushes_ref, target, label_height, arity))
    c.exception_handlers.append(Handler(c.pc, block.end, block.height, tuple(clauses)))
    nxt = c.nxt

    def h(st, lo):
        return nxt

    return h


FACTORIES = {
    "throw": make_throw,
    "throw_ref": make_throw_ref,
    "try_table": make_try_table,
}
