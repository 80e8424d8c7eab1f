"""Decode a function body once into pre-resolved handlers (the executor's "code", exec/step/code.py).

For each instruction of the flat body (`model.Func.body`), one Python
closure `handler(stack, locals) -> next_pc` with its immediates, branch
targets, memory offsets and callees already bound. `pc` is the index of the
instruction in the flat body, so a stop maps straight back to `Instr.span`
and `Instr.offset`.

Labels are static: a validated body fixes the operand-stack height at every
instruction (spec 3.3), so a branch knows at compile time how many values
to keep and where to cut the stack; no label stack exists at run time.
`Code.labels(pc)` rebuilds the spec's label stack for people from `blocks`.
The compiler follows the height with the instruction table's stack effects
(`OpInfo.arity`, `pops`, `pushes`); it names no instruction.

A negative `next_pc` is an event for the run loop (code.py: RETURN, or a
call through `Code.sites`). Unreachable code (after `br`, `return`,
`unreachable`...) gets a handler that reports an engine bug, since
validation proves it never runs.
"""

from __future__ import annotations

from playground.wasm.errors import Trap
from playground.wasm.exec.step.code import RETURN, Block, CallSite, Code
from playground.wasm.exec.step.handlers import effect, factory_for
from playground.wasm.instructions import Arity, op
from playground.wasm.runtime.mutations import StateOps
from playground.wasm.runtime.values import default_value
from playground.wasm.types import FuncType

_ELSE = op("else")
_BLOCK, _STRUCTURED, _POLYMORPHIC = Arity.BLOCK, Arity.STRUCTURED, Arity.POLYMORPHIC


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
        self.exception_handlers: list = []  # try_table handlers (handlers_exceptions.py), in order

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

    def add_site(self, callee, nparams: int, tail: bool = False) -> tuple[CallSite, int]:
        """A new call site resuming after the current instruction (`tail`: a tail call); returns it and its event code."""
        site = CallSite(callee, self.nxt, nparams, tail)
        self.sites.append(site)
        return site, -len(self.sites)

    # --- the pass -------------------------------------------------------------------
    def compile(self) -> Code:
        body = self.body
        ft: FuncType = self.func.type
        blocks = self.blocks = _match_blocks(body)
        func_block = Block("func", -1, len(body) - 1, nresults=len(ft.results))
        self.ctrl = [func_block]
        all_blocks = [func_block]
        handlers = []
        for pc, ins in enumerate(body):
            self.pc, self.nxt = pc, pc + 1
            o = ins.op
            arity = o.arity
            if self.dead and arity is not _STRUCTURED:
                handlers.append(_engine_bug)
                if arity is _BLOCK:  # keep the structure straight
                    b = blocks[pc]
                    b.entered_dead = True
                    self.ctrl.append(b)
                continue
            if arity is _BLOCK:
                b = blocks[pc]
                b.nparams, b.nresults = self.block_type(ins.imm[0])
                b.height = self.h - b.nparams - o.pops  # `if` pops its condition too
                b.entered_dead = False
                all_blocks.append(b)
            handlers.append(factory_for(o)(self, ins))
            # the height after this instruction, and what comes next
            if arity is _BLOCK:
                self.h -= o.pops
                self.ctrl.append(blocks[pc])
            elif arity is _STRUCTURED:
                if o is _ELSE:
                    b = self.ctrl[-1]
                    self.h = b.height + b.nparams
                else:  # end
                    b = self.ctrl.pop()
                    self.h = b.height + b.nresults
                self.dead = b.entered_dead
            elif arity is _POLYMORPHIC:
                self.dead = True
            else:
                self.h += effect(self, ins)
        local_defaults = [default_value(t) for t in self.func.code.locals]
        return Code(handlers, self.sites, len(ft.results), local_defaults, all_blocks,
                    exception_handlers=self.exception_handlers)


def _match_blocks(body) -> dict[int, Block]:
    """Pair every block/loop/if with its `else` and `end` (the flat body's structure)."""
    blocks: dict[int, Block] = {}
    open_: list[Block] = []
    for pc, ins in enumerate(body):
        o = ins.op
        if o.arity is _BLOCK:
            b = Block(o.name, pc, -1)
            blocks[pc] = b
            open_.append(b)
        elif o.arity is _STRUCTURED and open_:
            if o is _ELSE:
                open_[-1].else_pc = pc
            else:
                open_.pop().end = pc
    return blocks


def compiled(func, ops: StateOps) -> Code:
    """The function's code for `ops`, compiled on first use and cached on the function instance."""
    code = func.compiled.get(ops)
    if code is None:
        code = func.compiled[ops] = Compiler(func, ops).compile()
    return code
