"""Decode a function body once into pre-resolved handlers (the executor's "code").

For each instruction of the flat body (`model.Func.body`), one Python
closure `handler(stack, locals) -> next_pc` with its immediates, branch
targets, memory offsets and callees already bound. `pc` is the index of the
instruction in the flat body, so a stop maps straight back to `Instr.span`
and `Instr.offset`.

Labels are static: a validated body fixes the operand-stack height at every
instruction (spec 3.3), so a branch knows at compile time how many values
to keep and where to cut the stack; no label stack exists at run time.
`Code.labels(pc)` rebuilds the spec's label stack for people from `blocks`.

A negative `next_pc` is an event for the run loop: -1 returns from the
function; `-k-1` (k >= 1) calls through `Code.sites[k]` (a `CallSite`
whose `callee` a `call_indirect` handler fills in just before).
Unreachable code (after `br`, `return`, `unreachable`...) gets a handler
that reports an engine bug, since validation proves it never runs.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from playground.wasm.errors import Trap
from playground.wasm.exec.step.mutations import StateOps
from playground.wasm.runtime.values import default_value
from playground.wasm.types import FuncType

RETURN = -1


class CallSite:
    """A call instruction's target: `callee` (fixed for `call`, set per call by `call_indirect`) and where to resume."""

    __slots__ = ("callee", "ret", "nparams")

    def __init__(self, callee, ret: int, nparams: int) -> None:
        self.callee = callee
        self.ret = ret
        self.nparams = nparams


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

    def labels(self, pc: int) -> list:
        """The enclosing blocks at `pc`, outermost first (the spec's label stack)."""
        return [b for b in self.blocks if b.start < pc <= b.end]


def _engine_bug(st, lo):
    raise Trap("engine error: unreachable code executed")


class Compiler:
    """Compiles one function instance; factories read and use its state (`h`, `ctrl`, `nxt`...)."""

    def __init__(self, func, ops: StateOps) -> None:
        self.func = func
        self.inst = func.module
        self.ops = ops
        self.body = func.code.body
        self.sites: list = [None]
        self.ctrl: list[Block] = []
        self.h = 0  # operand-stack height before the current instruction
        self.pc = 0
        self.nxt = 1
        self.dead = False
        self.blocks: dict[int, Block] = {}

    # --- helpers for the factories --------------------------------------------------
    def ctrl_block_at(self, pc: int) -> Block:
        """The block that the block/loop/if at `pc` opens."""
        return self.blocks[pc]

    def block_type(self, bt) -> tuple[int, int]:
        """(params, results) counts of a blocktype immediate."""
        if bt is None:
            return 0, 0
        if isinstance(bt, int):
            ft: FuncType = self.inst.types[bt]
            return len(ft.params), len(ft.results)
        return 0, 1

    def branch(self, depth: int, height: int) -> tuple[int, int, int, bool]:
        """(target pc, label height, arity, needs a stack cut) of `br depth` taken at `height`."""
        block = self.ctrl[-1 - depth]
        arity = block.arity
        target = block.target
        if target == RETURN:
            return RETURN, 0, arity, False
        return target, block.height, arity, height - arity != block.height

    def add_site(self, callee, nparams: int) -> tuple[CallSite, int]:
        """A new call site resuming after the current instruction; returns it and its event code."""
        site = CallSite(callee, self.nxt, nparams)
        self.sites.append(site)
        return site, -len(self.sites)

    # --- the pass -------------------------------------------------------------------
    def compile(self) -> Code:
        from playground.wasm.exec.step.handlers import FACTORIES, effect, generic_factory

        body = self.body
        ft: FuncType = self.func.type
        blocks = self.blocks = _match_blocks(body)
        func_block = Block("func", -1, len(body) - 1, nresults=len(ft.results))
        self.ctrl = [func_block]
        all_blocks = [func_block]
        handlers = []
        for pc, ins in enumerate(body):
            self.pc, self.nxt = pc, pc + 1
            name = ins.op.name
            if self.dead and name not in ("else", "end"):
                handlers.append(_engine_bug)
                if name in ("block", "loop", "if"):  # keep the structure straight
                    b = blocks[pc]
                    b.entered_dead = True
                    self.ctrl.append(b)
                continue
            if name in ("block", "loop", "if"):
                b = blocks[pc]
                b.nparams, b.nresults = self.block_type(ins.imm[0])
                b.height = self.h - b.nparams - (1 if name == "if" else 0)
                b.entered_dead = False
                all_blocks.append(b)
            factory = FACTORIES.get(name) or generic_factory(ins.op)
            handlers.append(factory(self, ins))
            # the height after this instruction, and what comes next
            if name in ("block", "loop"):
                self.ctrl.append(blocks[pc])
            elif name == "if":
                self.h -= 1
                self.ctrl.append(blocks[pc])
            elif name == "else":
                b = self.ctrl[-1]
                self.h = b.height + b.nparams
                self.dead = b.entered_dead
            elif name == "end":
                b = self.ctrl.pop()
                self.h = b.height + b.nresults
                self.dead = b.entered_dead
            elif name in ("br", "br_table", "return", "unreachable"):
                self.dead = True
            else:
                self.h += effect(self, ins)
        local_defaults = [default_value(t) for t in self.func.code.locals]
        return Code(handlers, self.sites, len(ft.results), local_defaults, all_blocks)


def _match_blocks(body) -> dict[int, Block]:
    """Pair every block/loop/if with its `else` and `end` (the flat body's structure)."""
    blocks: dict[int, Block] = {}
    open_: list[Block] = []
    for pc, ins in enumerate(body):
        name = ins.op.name
        if name in ("block", "loop", "if"):
            b = Block(name, pc, -1)
            blocks[pc] = b
            open_.append(b)
        elif name == "else":
            open_[-1].else_pc = pc
        elif name == "end" and open_:
            open_.pop().end = pc
    return blocks


def compiled(func, ops: StateOps) -> Code:
    """The function's code for `ops`, compiled on first use and cached on the function instance."""
    code = func.compiled.get(ops)
    if code is None:
        code = func.compiled[ops] = Compiler(func, ops).compile()
    return code
