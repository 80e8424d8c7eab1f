"""The fast engine's debugger form: run a call at full speed, and hand its exact state over when it must stop.

The debugger (debug/handover.py) runs the frames it holds on the steppable
engine and every call they make through `HandOverExecutor.call`. That
call runs the generated functions of the debugger's form (translate.py,
`probes`/`where`): counting exactly as the step engine counts (the meter
holds the session's absolute step number), writing through the session's
recording ops (each write logged with its writer and step), and stopping
in one of these ways:

- it returns: the callee's raw results;
- a probe fires (a breakpoint pc, or the counted probe of a re-run):
  `Deopt` unwinds the generated frames and collects each one's function,
  pc, operand stack and locals as raw values, innermost first, so the
  debugger rebuilds the step engine's frames and stops there as if it had
  stepped all the way;
- a trap, a limit (fuel: `meter.fuel` is the absolute step to stop at) or a
  pause (`meter.request_pause`) raises a `WasmError` located at its
  function instance (`fast_func`), pc (`instr_index`) and step
  (`meter.n`). The stack at that point was never written anywhere, so the
  debugger re-runs from its checkpoint with a counted probe there
  (`set_probes(count=...)`) and lets the step engine take the last step.

A function too deep for Python to compile (translate.TooDeep) is handed
over at its entry (`Deopt` with `handover=True`): the step engine runs it,
and its calls come back here.
"""

from __future__ import annotations

import weakref

from playground.wasm.errors import ExhaustionError
from playground.wasm.exec.fast.executor import RECURSION, FastExecutor, raw_results
from playground.wasm.exec.fast.ops_memory import ONE_BYTE
from playground.wasm.exec.fast.support import converted, converters
from playground.wasm.exec.fast.translate import NotTranslated, TooDeep, translate
from playground.wasm.exec.step.machine import STACK_EXHAUSTED
from playground.wasm.runtime.values import default_value


class Deopt(Exception):
    """A stop inside generated code: `frames` are (func, pc, stack, locals, tail calls), raw values, innermost first.

    `tail calls`: how many frames this one replaced by `return_call*` (the step engine's `Frame.tail_calls`).
    """

    def __init__(self, info, pc: int, stack: list, locals_: list, *, handover: bool = False) -> None:
        super().__init__("deopt")
        self.frames = [(info.func, pc, stack, locals_, 0)]
        self.handover = handover  # not a stop: the step engine just takes over (a function too deep to translate)

    def add(self, info, pc: int, stack: list, locals_: list) -> None:
        """A caller's frame, as the exception passes its call (pc: the instruction after the call)."""
        self.frames.append((info.func, pc, stack, locals_, 0))

    def replaced(self, n: int) -> None:
        """The outermost frame so far came from `n` tail calls (a trampoline passes it on: context.py)."""
        self.frames[-1] = self.frames[-1][:4] + (n,)


class _Entry:
    """The `info` of a frame handed over at a function's entry (only `.func` is read)."""

    __slots__ = ("func",)

    def __init__(self, func) -> None:
        self.func = func


class HandOverExecutor(FastExecutor):
    """The fast engine as the debugger drives it: see the module docstring. One per debug session."""

    stop_class = Deopt

    def __init__(self, settings, *, ops, instance) -> None:
        super().__init__(settings, ops=ops, count=True)
        self.instance = instance  # the session's: its functions log their index in `where`, others -1
        self.host_meter = self.meter
        self.probes: dict = {}  # FuncInstance -> frozenset of pcs that stop
        self.count_probe: tuple | None = None  # (func, pc, step): stop there at that step (a re-run)
        recording = getattr(ops, "inline_recording", None)  # stores and global.set log themselves (ops_memory.py)
        self.record = recording()[1:] if recording is not None else None

    def _names(self) -> dict:
        names = super()._names()
        recording = getattr(self.ops, "inline_recording", None)
        names.update(DEOPT=Deopt, DEOPT_T=Deopt, OPS=self.ops, LOG=recording()[0] if recording is not None else None,
                     BYTE=ONE_BYTE)
        return names

    def set_probes(self, probes: dict, count: tuple | None = None) -> None:
        """Make exactly these places stop; the functions are translated again lazily when they change."""
        if probes != self.probes or count != self.count_probe:
            self.probes = dict(probes)
            self.count_probe = count
            self._contexts = weakref.WeakKeyDictionary()

    def compiled(self, func):
        """(code, line map, ahead map) of `func` in the debugger's form for the current probes; None when too deep."""
        pcs = self.probes.get(func, frozenset())
        count = self.count_probe[1:] if self.count_probe is not None and self.count_probe[0] is func else None
        key = ("handover", self.guard_from, pcs, count)
        entry = func.compiled.get(key)
        if entry is None:
            where = func.funcidx if func.module is self.instance else -1
            try:
                t = translate(func, inline_ops=False, counting=True, guard_from=self.guard_from,
                              probes=pcs, count=count, where=where, record=self.record)
                module_code = compile(t.source, f"<wasm function {t.funcidx}>", "exec")
            except (TooDeep, NotTranslated, SyntaxError, RecursionError):  # SyntaxError: too deep for CPython after all;
                # NotTranslated: an instruction the step engine runs and the fast one does not (yet)
                entry = (None, None, None)
            else:
                code = next(c for c in module_code.co_consts if hasattr(c, "co_code"))
                entry = (code, t.lines, t.ahead)
            func.compiled[key] = entry
        return None if entry[0] is None else entry

    def translatable(self, func) -> bool:
        return self.compiled(func) is not None

    def step_callable(self, func):
        """A function too deep to translate is handed over at its entry: the step engine runs it."""
        ft = func.type
        to_raw = converters(ft.params, to_held=False)
        defaults = [default_value(t) for t in func.code.locals]

        def handover(d, *args):
            raise Deopt(_Entry(func), 0, [], self.step_arguments(d, to_raw, args) + defaults, handover=True)

        return handover

    def call(self, func, depth: int, args: list, step: int, end: int) -> list:
        """Run `func` (a Wasm function) with raw `args` as frame number `depth`, from step `step`; raw results.

        `end`: the step at which to stop (LimitError). The step reached is `meter.n`
        afterwards, whichever way the call ended (see the module docstring).
        """
        ft = func.type
        f = self.context(func.module).generated(func)
        held = converted(args, converters(ft.params, to_held=True))
        meter = self.meter
        meter.n, meter.fuel, meter.limit, meter.in_call = step, end, end, 0
        meter.fuel_setting = end  # only named by the LimitError the debugger turns into a re-run
        if meter.paused:
            meter.limit = -1
        RECURSION.enter(self.max_depth)
        try:
            out = f(depth, *held)
        except RecursionError:
            raise ExhaustionError(STACK_EXHAUSTED) from None
        finally:
            RECURSION.leave()
        return raw_results(ft, out)
