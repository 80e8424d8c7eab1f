"""Turning what a generated function raises into the step engine's errors, located as it locates them.

Every generated function wraps its body in one `try`; its handler calls
`fault(exc, info)`, which costs nothing until something is raised. The
handler's frame is the head of `exc.__traceback__`, and `tb_lineno` is the
line of that function that was running; `info.lines` maps each line to
the instruction it came from (the translator puts at most one instruction
that can fail on a line). So a trap is located at the innermost Wasm
function it passed, at the faulting instruction, exactly where the
steppable engine's `locate` (exec/step/machine.py) would put it: the
instruction that trapped, or the call whose callee (a host function, or a
Wasm function refused for depth) failed before running.

Python errors that ARE traps become Trap here, but only when they came
from this function's own line (`tb_next is None`: a C function such as
`unpack_from` raised them): struct.error and IndexError are memory
accesses out of bounds, ZeroDivisionError an unsigned division by zero.
A RecursionError anywhere becomes "call stack exhausted", as a host call
does in the step engine. Anything else passes through unchanged (a host
function's own bug, WASI's proc_exit, KeyboardInterrupt).

In counting mode each instruction is charged before it runs, with the rest
of its straight-line segment (segments.py), so an error located here
un-charges the instruction that failed and those charged after it (`ahead`).
"""

from __future__ import annotations

import struct

from playground.wasm.errors import ExhaustionError, Trap, WasmError
from playground.wasm.exec.step.machine import STACK_EXHAUSTED, Frame, locate
from playground.wasm.runtime.mutations import OOB_MEMORY


class FuncInfo:
    """What the fault handler of one generated function needs: the function and its line -> pc map."""

    __slots__ = ("func", "lines", "meter", "ahead")

    def __init__(self, func, lines: list[int], meter=None, ahead: dict[int, int] | None = None) -> None:
        self.func = func
        self.lines = lines  # lines[lineno] is the pc of the instruction on that line, -1 for none
        self.meter = meter  # the executor's Meter in counting mode, else None
        self.ahead = ahead or {}  # lineno -> instructions charged after the one on that line (counting mode)


def _lineno(tb) -> int:
    return tb.tb_lineno if tb is not None else -1


def _pc(info: FuncInfo, lineno: int) -> int:
    lines = info.lines
    return lines[lineno] if 0 <= lineno < len(lines) else -1


def _located(exc: WasmError, info: FuncInfo, lineno: int) -> WasmError:
    locate(exc, Frame(info.func, None, [], [], max(_pc(info, lineno), 0)))
    exc.fast_func = info.func  # the function instance (a name may be shared): the debugger's re-run stops in it
    if info.meter is not None:
        n = 1 + info.ahead.get(lineno, 0)
        info.meter.n -= n  # the failing instruction, and those after it in its segment, were charged and did not run
        exc.fast_uncharged = n  # a try_table that catches it charges it again (ops_exceptions.py)
    return exc


def _fresh(exc: WasmError) -> WasmError:
    exc.__cause__ = None
    exc.__suppress_context__ = True
    return exc


def fault(exc: BaseException, info: FuncInfo) -> BaseException:
    """The exception a generated function re-raises for `exc`: located, converted, or `exc` itself."""
    tb = exc.__traceback__
    if isinstance(exc, WasmError):
        if getattr(exc, "func_name", None) is None:
            pc = getattr(exc, "fast_pc", None)
            if pc is None:
                _located(exc, info, _lineno(tb))
            else:  # a limit (meter.py): located where the step engine stops, the count already set
                locate(exc, Frame(info.func, None, [], [], pc))
                exc.fast_func = info.func
        return exc
    here = tb is not None and tb.tb_next is None
    if here and isinstance(exc, (struct.error, IndexError, OverflowError)):  # Overflow: a 64-bit address (memory64)
        return _fresh(_located(Trap(OOB_MEMORY), info, _lineno(tb)))
    if here and isinstance(exc, ZeroDivisionError):
        return _fresh(_located(Trap("integer divide by zero"), info, _lineno(tb)))
    if isinstance(exc, RecursionError):
        return _fresh(_located(ExhaustionError(STACK_EXHAUSTED), info, _lineno(tb)))
    return exc
