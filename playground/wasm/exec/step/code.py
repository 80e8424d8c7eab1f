"""A function's compiled form (the steppable engine's "code") and the events its handlers signal.

Each instruction of the flat body (`model.Func.body`) gets one handler
`handler(stack, locals) -> next_pc` (exec/step/prepare.py builds them). A
negative `next_pc` is an event for the run loop: RETURN (-1) returns from
the function; `-k-1` (k >= 1) calls through `Code.sites[k]`.

This module sits below the compiler and the handler factories, which both
read it, so neither needs the other's module.
"""

from __future__ import annotations

from dataclasses import dataclass, field

RETURN = -1
"""The event of a handler that returns from its function (`end` of the body, `return`, a branch to the body's label)."""

STACK_SLOTS = 1 << 22
"""The locals a chain of frames of one function may hold (32 MiB of references): a function with
many locals gets a lower depth cap (`Code.depth_cap`), so recursion through 50,000 locals stops at
83 frames, not at 10,000 frames and 4 GB. Functions with up to 419 locals keep the full call depth."""


class CallSite:
    """A call instruction's target: `callee` (fixed for `call`, set per call by `call_indirect`) and where to resume.

    `tail` marks a tail call (`return_call*`, 3.0): the callee's frame replaces the caller's."""

    __slots__ = ("callee", "ret", "nparams", "tail")

    def __init__(self, callee, ret: int, nparams: int, tail: bool = False) -> None:
        self.callee = callee
        self.ret = ret
        self.nparams = nparams
        self.tail = tail


@dataclass
class Block:
    """A structured instruction's extent and its label (spec 4.2.13), found statically."""

    kind: str  # "block", "loop", "if" or "func"
    start: int  # pc of the block/loop/if (-1 for the function body)
    end: int  # pc of its `end`
    else_pc: int | None = None
    nparams: int = 0
    nresults: int = 0
    height: int = 0  # operand-stack height below the block's parameters
    entered_dead: bool = False

    @property
    def arity(self) -> int:
        """The label's arity: a loop's branch carries its parameters, others their results."""
        return self.nparams if self.kind == "loop" else self.nresults

    @property
    def target(self) -> int:
        """Where a branch to this label continues (RETURN for the function's own label)."""
        if self.kind == "func":
            return RETURN
        return self.start + 1 if self.kind == "loop" else self.end + 1


@dataclass
class Code:
    """A function compiled for one mutation table."""

    handlers: list
    sites: list
    arity: int
    local_defaults: list
    blocks: list = field(default_factory=list)  # every Block, in order of `start`
    exception_handlers: list = field(default_factory=list)  # 3.0: every try_table's Handler, in order of `start`
    depth_cap: int = 0  # calls of it fail ("call stack exhausted") at this many frames; set from its locals

    def __post_init__(self) -> None:
        if not self.depth_cap:
            self.depth_cap = max(1, STACK_SLOTS // (len(self.local_defaults) + 1))

    def handlers_around(self, pc: int) -> list:
        """The try_tables whose body holds `pc`, innermost first (where an exception thrown there may land)."""
        return [h for h in reversed(self.exception_handlers) if h.start < pc < h.end]

    def labels(self, pc: int) -> list:
        """The enclosing blocks at `pc`, outermost first (the spec's label stack)."""
        return [b for b in self.blocks if b.start < pc <= b.end]
