"""The translating engine behind the `Executor` interface; the registry (wasm/engines.py) names it "fast".

`FastExecutor.invoke(func, args)` runs a function as the step engine does,
with the same results (bit for bit), traps (message and location), call
depth and fuel, but through Python functions generated from each Wasm
function on its first call (translate.py; the namespaces they run in are
context.py's).

Call depth. A Wasm call is a Python call here, so deep Wasm recursion is
deep Python recursion. CPython 3.11 and later run a Python-to-Python call
without growing the C stack, so only the interpreter's recursion limit
stands in the way: the outermost `invoke` of a thread raises it to the
current depth plus `max_call_depth` plus a margin for the helpers the
deepest frame calls (`SLACK`), and puts it back when the last invoke of
any thread ends. The Wasm depth itself is counted exactly (each generated
function receives it and checks it before running), so "call stack
exhausted" comes at the step engine's depth. Measured (2 shared x86-64
cores, CPython 3.11): a Python frame of a generated function takes about
220 bytes; recursing 10,000 deep (the default limit) takes 8 ms and 2.4 MB,
unwinding "call stack exhausted" from there 23 ms; 100,000 deep 70 ms and
22 MB. With the depth lifted (`--no-limits`), Python's limit stops at
`PYTHON_DEPTH_CAP` frames, where the step engine would go on until memory
ran out. A host function that calls back into Wasm shares the outer
call's Python depth (the step engine gives such a nested call a fresh
stack of frames as data): a RecursionError there is "call stack
exhausted" too, possibly sooner.

Fuel, the deadline and counting (`ExecSettings.fuel`, `.timeout`,
`.count`): a separately translated form charges each straight-line segment
before it runs (meter.py says how that matches the step engine: the same
LimitError at the same instruction with the same count). The count lives
on the executor (`Meter`): in counting mode one executor runs one
invocation at a time (a host function's nested call is fine); threads
that run at once need an executor each, as they need a step Thread each.

Functions that nest deeper than Python compiles (translate.TooDeep) run on
the steppable engine, started for that call with the remaining depth and
fuel (`step_callable`).
"""

from __future__ import annotations

import sys
import threading
import weakref
from typing import Sequence

from playground.errors import PlaygroundError
from playground.wasm.errors import ExhaustionError
from playground.wasm.exec.collector import older_objects_frozen
from playground.wasm.exec.fast.context import Context, TailCall
from playground.wasm.exec.fast.faults import fault
from playground.wasm.exec.fast.support import converted, converters, floats_keep_payloads, returned
from playground.wasm.exec.fast.control import GUARD_FROM
from playground.wasm.exec.fast.translate import TooDeep, translate
from playground.wasm.exec.interface import ExecSettings
from playground.wasm.exec.step.control import ThreadState
from playground.wasm.exec.fast.meter import Meter
from playground.wasm.exec.fast.ops_memory import copy_between
from playground.wasm.exec.step.executor import SLICE
from playground.wasm.exec.step.machine import STACK_EXHAUSTED, Thread, call_host, locate
from playground.wasm.limits import LimitError
from playground.wasm.runtime.mutations import PLAIN_OPS, StateOps

SLACK = 1000  # Python frames beyond the Wasm depth: helpers, host functions, a nested invoke
PYTHON_DEPTH_CAP = 100_000  # with the call depth lifted (--no-limits), Python's limit stops here (~40 MB of frames)


class _RecursionLimit:
    """Raises Python's recursion limit for the outermost invoke of each thread; restores it after the last."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.active = 0
        self.saved: int | None = None
        self.local = threading.local()

    def enter(self, depth: int) -> bool:
        if getattr(self.local, "nesting", 0):
            self.local.nesting += 1
            return True
        frame, here = sys._getframe(), 0
        while frame is not None:
            here += 1
            frame = frame.f_back
        needed = here + min(depth, PYTHON_DEPTH_CAP) + SLACK
        with self.lock:
            if self.active == 0:
                self.saved = sys.getrecursionlimit()
            self.active += 1
            if sys.getrecursionlimit() < needed:
                sys.setrecursionlimit(needed)
        self.local.nesting = 1
        return True

    def leave(self) -> None:
        self.local.nesting -= 1
        if self.local.nesting:
            return
        with self.lock:
            self.active -= 1
            if self.active == 0 and self.saved is not None:
                sys.setrecursionlimit(self.saved)
                self.saved = None


RECURSION = _RecursionLimit()


class UnsupportedPlatform(PlaygroundError):
    """This interpreter's floats do not carry every f64 bit pattern (the fast engine relies on it)."""


class _NeverRaised(Exception):
    """The plain engine's `stop_class`: nothing stops it inside generated code."""


class FastExecutor:
    """Runs functions as generated Python. `count=True` counts instructions (a slower translated form)."""

    name = "fast"
    # the 3.0 proposals it runs (wasm/features.py); extended constants are evaluated at instantiation, not here
    supported_features = frozenset(
        ("tail-call", "extended-const", "relaxed-simd", "multi-memory", "memory64", "exceptions",
         "function-references", "gc")
    )
    stop_class: type = _NeverRaised  # what stops generated code to hand its frames over (handover.py: Deopt)

    def __init__(
        self,
        settings: ExecSettings | None = None,
        *,
        ops: StateOps = PLAIN_OPS,
        count: bool = False,
        guard_from: int = GUARD_FROM,
    ) -> None:
        if not floats_keep_payloads():
            raise UnsupportedPlatform("the fast engine needs floats that keep NaN payloads; use --engine step")
        self.settings = settings or ExecSettings()
        self.ops = ops
        timeout = getattr(self.settings, "timeout", None)
        self.counting = count or self.settings.count or self.settings.fuel is not None or timeout is not None
        self.count = self.counting  # the step engine's name for it
        self.instructions = 0  # total counted over all invokes (counting mode only)
        self.meter = Meter(self.settings.fuel, timeout)
        self.max_depth = max(self.settings.max_call_depth, 1)  # the first frame always runs, as in the step engine
        self.names = self._names()
        self._contexts: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
        self.guard_from = guard_from  # tests lower it to translate every branched-to block as a guarded region
        self._key = ("fast", ops.inline, self.counting, guard_from)
        self.host_meter = None  # the debugger's form counts host calls apart (handover.py)

    def _names(self) -> dict:
        ops = self.ops
        return {
            "MAXD": self.max_depth,
            "EXH": lambda: ExhaustionError(STACK_EXHAUSTED),
            "FAULT": fault,
            "METER": self.meter,
            "BaseException": BaseException,
            "STORE": ops.store,
            "MEMORY_GROW": ops.memory_grow,
            "MEMORY_FILL": ops.memory_fill,
            "MEMORY_COPY": ops.memory_copy,
            "MEMORY_INIT": ops.memory_init,
            "COPY_BETWEEN": copy_between,
            "DATA_DROP": ops.data_drop,
            "GLOBAL_SET": ops.global_set,
            "TABLE_SET": ops.table_set,
            "TABLE_GROW": ops.table_grow,
            "TABLE_FILL": ops.table_fill,
            "TABLE_COPY": ops.table_copy,
            "TABLE_INIT": ops.table_init,
            "ELEM_DROP": ops.elem_drop,
            "HEAP_SET": ops.heap_set,
            "HEAP_WRITE": ops.heap_write,
        }

    # --- translation --------------------------------------------------------------------------------
    def context(self, inst) -> Context:
        """This executor's namespace for an instance."""
        ctx = self._contexts.get(inst)
        if ctx is None:
            ctx = self._contexts[inst] = Context(self, inst)
        return ctx

    def compiled(self, func):
        """(code object, line map, ahead map) of `func` for this executor's form (Translated), cached on the
        function; None when too deep."""
        entry = func.compiled.get(self._key)
        if entry is None:
            try:
                t = translate(func, inline_ops=self.ops.inline, counting=self.counting, guard_from=self.guard_from)
            except TooDeep:
                entry = func.compiled[self._key] = (None, None, None)
            else:
                module_code = compile(t.source, f"<wasm function {t.funcidx}>", "exec")
                code = next(c for c in module_code.co_consts if hasattr(c, "co_code"))
                entry = func.compiled[self._key] = (code, t.lines, t.ahead)
        return None if entry[0] is None else entry

    def tail_entry(self, raw, raws):
        """The callable of a function with tail calls: `raw`, then each TailCall's callee at the same depth.

        A `stop_class` exception passing it (the debugger's Deopt) learns how many tail calls it made.
        """
        tail, stop = TailCall, self.stop_class

        def entry(d, *args):
            r = raw(d, *args)
            n = 0
            try:
                while r.__class__ is tail:
                    n += 1
                    r = raws[r.func](d, *r.args)
            except stop as x:
                x.replaced(n)
                raise
            return r

        return entry

    def step_callable(self, func):
        """A callable running `func` on the steppable engine, within this call's depth and fuel."""
        ft = func.type
        params = converters(ft.params, to_held=False)
        results = converters(ft.results, to_held=True)

        def run(d, *args):
            args = self.step_arguments(d, params, args)
            thread = Thread(self.ops, max_call_depth=self.max_depth - d + 1)
            thread.start(func, args)
            if self.counting:
                self._run_counted(thread)
            else:
                thread.run()
            if thread.status == ThreadState.TRAPPED:
                raise thread.error
            return returned(thread.results, results)

        return run

    def step_arguments(self, d: int, params: list, args) -> list:
        """A step-engine call's raw arguments from held ones, refused past the call depth as generated code does."""
        if d > self.max_depth:
            raise ExhaustionError(STACK_EXHAUSTED)
        return converted(args, params)

    def _run_counted(self, thread: Thread) -> None:
        """Run a step thread within what is left of this invocation's fuel and time (as StepExecutor does)."""
        meter = self.meter
        budget = meter.remaining()
        try:
            while thread.status != ThreadState.DONE and thread.status != ThreadState.TRAPPED:
                slice_ = budget - thread.instructions
                if meter.deadline is not None:
                    slice_ = min(slice_, SLICE)
                thread.run(slice_)
                if thread.status != ThreadState.PAUSED:
                    break
                if thread.instructions >= budget:
                    self._stop(thread, LimitError("fuel", meter.fuel_setting))
                if meter.out_of_time():
                    self._stop(thread, LimitError("timeout", meter.timeout))
        finally:
            meter.n += thread.instructions

    @staticmethod
    def _stop(thread: Thread, error) -> None:
        if thread.frame is not None:
            locate(error, thread.frame)
        thread.status, thread.error = ThreadState.TRAPPED, error
        raise error

    # --- running -------------------------------------------------------------------------------------
    def invoke(self, func, args: Sequence) -> list:
        """Run `func` with raw args to the end; raw results. Raises Trap or ExhaustionError."""
        if func.is_host:
            return call_host(func, list(args))
        ft = func.type
        f = self.context(func.module).generated(func)
        args = converted(args, converters(ft.params, to_held=True))
        RECURSION.enter(self.max_depth)
        meter = self.meter
        saved = meter.start()
        try:
            with older_objects_frozen():
                out = f(1, *args)
        except RecursionError:  # past every generated frame's handler: not located
            raise ExhaustionError(STACK_EXHAUSTED) from None
        finally:
            if self.counting:
                self.instructions += meter.n
            meter.resume(saved)
            RECURSION.leave()
        return raw_results(ft, out)


def raw_results(ft, out) -> list:
    """What a generated function returned (None, one held value or a tuple) as a list of raw values."""
    n = len(ft.results)
    if n == 0:
        return []
    return converted([out] if n == 1 else out, converters(ft.results, to_held=False))
