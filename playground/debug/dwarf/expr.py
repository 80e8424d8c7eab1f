"""Where a C variable is: DWARF location expressions evaluated against a paused Wasm frame.

At -O0, clang keeps every variable in linear memory, in the function's
stack frame: the function's `DW_AT_frame_base` is `DW_OP_WASM_location 0 N,
DW_OP_stack_value` (the frame's address is held in Wasm local N) and a
variable is `DW_OP_fbreg OFFSET` (the frame's address plus OFFSET). Globals
are `DW_OP_addr A` (DWARF 5's `DW_OP_addrx` is turned into that when read, info.py). Optimised code keeps values in Wasm locals:
`DW_OP_WASM_location 0 N, DW_OP_stack_value` (the value is local N), and
describes variables whose location changes with location lists.

A lone `DW_OP_WASM_location` (no `DW_OP_stack_value`) names the local as the
variable's home, like a register in DWARF for a CPU: a scalar's value is
the local's. For a struct passed by value, which arrives as a pointer to a
copy, that local holds the copy's address, and we read the struct there,
as LLDB does (`Place.kind == "local"`; values.py decides by the type).

`evaluate(ops, frame)` runs the operations on a small stack machine and
returns a `Place`: in memory at an address, a value, a Wasm local, or
unavailable (with the reason) when the expression is empty or uses what
this evaluator does not know (pieces, entry values).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

WASM_LOCAL, WASM_GLOBAL, WASM_OPERAND, WASM_GLOBAL_U32 = 0, 1, 2, 3
MASK32 = 0xFFFFFFFF


class FrameAccess(Protocol):
    """What an expression may read: the frame's locals and operands, globals, memory, the frame base."""

    def local(self, index: int) -> int: ...
    def global_(self, index: int) -> int: ...
    def operand(self, depth: int) -> int: ...
    def frame_base(self) -> int: ...
    def read(self, address: int, size: int) -> bytes: ...


@dataclass(frozen=True)
class Place:
    """Where a value is. kind: "memory" (at `address`), "value" (`value`), "local" (a Wasm local's `value`), "none"."""

    kind: str
    address: int = 0
    value: int | bytes | None = None
    reason: str = ""

    @property
    def available(self) -> bool:
        return self.kind != "none"


OPTIMIZED_OUT = Place("none", reason="optimized out")


class Unsupported(Exception):
    """An operation this evaluator does not handle (the variable is shown as unavailable)."""


_BINARY = {
    "DW_OP_plus": lambda a, b: a + b, "DW_OP_minus": lambda a, b: a - b, "DW_OP_mul": lambda a, b: a * b,
    "DW_OP_and": lambda a, b: a & b, "DW_OP_or": lambda a, b: a | b, "DW_OP_xor": lambda a, b: a ^ b,
    "DW_OP_shl": lambda a, b: a << b, "DW_OP_shr": lambda a, b: (a & MASK32) >> b,
    "DW_OP_shra": lambda a, b: a >> b, "DW_OP_div": lambda a, b: int(a / b) if b else 0,
    "DW_OP_mod": lambda a, b: a % b if b else 0,
}


def evaluate(ops: list, frame: FrameAccess) -> Place:
    """The place a location expression (pyelftools `DWARFExprOp`s) describes in `frame`."""
    if not ops:
        return OPTIMIZED_OUT
    try:
        return _run(ops, frame)
    except Unsupported as exc:
        return Place("none", reason=str(exc))
    except (IndexError, KeyError, ValueError):
        return Place("none", reason="the location cannot be read here")


def _run(ops: list, frame: FrameAccess) -> Place:
    stack: list[int] = []
    lone_wasm = len(ops) == 1 and ops[0].op_name == "DW_OP_WASM_location"
    for op in ops:
        name, args = op.op_name, op.args
        if name == "DW_OP_WASM_location":
            kind, index = args[0], args[1]
            if kind == WASM_LOCAL:
                stack.append(frame.local(index))
            elif kind in (WASM_GLOBAL, WASM_GLOBAL_U32):
                stack.append(frame.global_(index))
            elif kind == WASM_OPERAND:
                stack.append(frame.operand(index))
            else:
                raise Unsupported(f"DW_OP_WASM_location kind {kind}")
        elif name == "DW_OP_fbreg":
            stack.append((frame.frame_base() + args[0]) & MASK32)
        elif name == "DW_OP_addr":
            stack.append(args[0])
        elif name == "DW_OP_stack_value":
            return Place("value", value=stack[-1])
        elif name == "DW_OP_implicit_value":
            return Place("value", value=bytes(args[1]) if len(args) > 1 else bytes(args[0]))
        elif name == "DW_OP_plus_uconst":
            stack.append((stack.pop() + args[0]) & MASK32)
        elif name.startswith("DW_OP_lit"):
            stack.append(int(name[len("DW_OP_lit"):]))
        elif name.startswith("DW_OP_const") and name[-1] in "us":
            stack.append(args[0])
        elif name in _BINARY:
            b, a = stack.pop(), stack.pop()
            stack.append(_BINARY[name](a, b))
        elif name == "DW_OP_neg":
            stack.append(-stack.pop())
        elif name == "DW_OP_not":
            stack.append(~stack.pop())
        elif name == "DW_OP_deref":
            stack.append(int.from_bytes(frame.read(stack.pop(), 4), "little"))
        elif name == "DW_OP_dup":
            stack.append(stack[-1])
        elif name == "DW_OP_drop":
            stack.pop()
        elif name == "DW_OP_swap":
            stack[-1], stack[-2] = stack[-2], stack[-1]
        elif name == "DW_OP_over":
            stack.append(stack[-2])
        else:
            raise Unsupported(f"{name} is not supported")
    if lone_wasm:
        return Place("local", value=stack[-1])
    return Place("memory", address=stack[-1] & MASK32)
