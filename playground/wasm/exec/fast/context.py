"""One instance as one executor sees it: the namespace its generated functions run in.

Generated code reaches every runtime object through a name of this
namespace, built here from indices: `M<i>` memories (`MEM` is memory 0), `G<i>` globals,
`T<i>` tables, `TY<i>` types, `TG<i>` tag instances, `F<i>` function instances (for `ref.func`),
`C<i>` the callables of the functions, `FI<i>` their fault information,
`INST` the instance, the `StateOps` methods, and the executor's limits.
Those are the same runtime objects the step engine uses: a host that
holds the memory sees every store.

Functions are translated lazily: `C<i>` starts as a stub that translates
function i on its first call and puts the generated function in its
place. A host function's callable converts floats to bits and calls
it as the step engine does (`call_host`, with this instance as the
`Caller`). `CALLABLES[f]` gives the callable of any function reference,
for `call_indirect`.

A function with a tail call (`return_call*`, ops_calls.py) is generated
"raw": it may return a `TailCall` instead of its results. Its callable is
a trampoline (`tail_entry`) that calls the callee of each TailCall at the
same depth, through `RAWS[f]` (the raw function where there is one, so
tail recursion loops here instead of nesting Python calls), until a
function returns results.
"""

from __future__ import annotations

from types import FunctionType

from playground.wasm.deftypes import canonical_valtype
from playground.wasm.exec.fast.faults import FuncInfo
from playground.wasm.exec.fast.support import BASE, converted, converters, returned
from playground.wasm.exec.step.machine import call_host


class Callables(dict):
    """FuncInstance or HostFunc -> its callable in one context, made on first use."""

    def __init__(self, context: "Context") -> None:
        super().__init__()
        self.context = context

    def __missing__(self, func):
        f = self[func] = self.context.callable_of(func)
        return f


class CastTypes(dict):
    """(funcidx, pc) of a ref.test, ref.cast or br_on_cast(_fail) -> its canonical reference type, made on first use."""

    def __init__(self, inst) -> None:
        super().__init__()
        self.inst = inst

    def __missing__(self, key):
        funcidx, pc = key
        ins = self.inst.funcs[funcidx].code.body[pc]
        rt = self[key] = canonical_valtype(ins.imm[2] if ins.op.name.startswith("br_") else ins.imm[0], self.inst.defs)
        return rt


class TailCall:
    """What a raw function returns for `return_call*`: call `func` with `args` (held values) in its place."""

    __slots__ = ("func", "args")

    def __init__(self, func, args: tuple) -> None:
        self.func = func
        self.args = args


_TAIL_OPS = frozenset(("return_call", "return_call_indirect", "return_call_ref"))


def has_tail_calls(func) -> bool:
    return any(ins.op.name in _TAIL_OPS for ins in func.code.body)


class Raws(Callables):
    """FuncInstance or HostFunc -> what a trampoline calls for a TailCall of it (see the module docstring)."""

    def __missing__(self, func):
        if func.is_host:
            f = self.context.callable_of(func)
        else:
            ctx = self.context.executor.context(func.module)
            ctx.generated(func)
            f = ctx.raw.get(func.funcidx) or ctx.functions[func.funcidx]
        self[func] = f
        return f


class Context:
    """The namespace of one instance's generated functions for one executor."""

    def __init__(self, executor, inst) -> None:
        self.executor = executor
        self.inst = inst
        self.functions: dict[int, object] = {}  # funcidx -> callable, for functions defined here
        self.raw: dict[int, object] = {}  # funcidx -> the raw generated function of one with tail calls
        ns = dict(BASE)
        ns.update(executor.names)
        ns["INST"] = inst
        if inst.mems:
            ns["MEM"] = inst.mems[0]  # memory 0 by its short name too (ops_memory.memory_names)
        for prefix, space in (("M", inst.mems), ("G", inst.globals), ("T", inst.tables), ("TY", inst.types), ("F", inst.funcs),
                           ("TG", inst.tags)):
            for i, obj in enumerate(space):
                ns[f"{prefix}{i}"] = obj
        for i in range(len(inst.funcs)):
            ns[f"C{i}"] = self._stub(i)
        for i, d in enumerate(inst.defs):
            ns[f"DF{i}"] = d
        ns["RT"] = CastTypes(inst)
        ns["CALLABLES"] = Callables(self)
        ns["TAIL"] = TailCall
        self.raws = Raws(self)
        self.ns = ns

    def _stub(self, i: int):
        def stub(d, *args):
            f = self.ns[f"C{i}"] = self.callable_of(self.inst.funcs[i])
            return f(d, *args)

        return stub

    def callable_of(self, func):
        """The callable generated code calls for `func` (a function of any instance, or a host function)."""
        if func.is_host:
            return host_callable(func, self.inst, self.executor.host_meter)
        return self.executor.context(func.module).generated(func)

    def generated(self, func):
        """The generated Python function of `func`, a function of this instance (translated on first use)."""
        f = self.functions.get(func.funcidx)
        if f is None:
            compiled = self.executor.compiled(func)
            if compiled is None:  # too deep for Python: the step engine runs it
                f = self.executor.step_callable(func)
            else:
                code, lines, ahead = compiled
                self.ns[f"FI{func.funcidx}"] = FuncInfo(func, lines, self.executor.meter if self.executor.counting else None, ahead)
                f = FunctionType(code, self.ns, "f")
                if has_tail_calls(func):
                    self.raw[func.funcidx] = f
                    f = self.executor.tail_entry(f, self.raws)
            self.functions[func.funcidx] = f
        return f


def host_callable(hf, inst, meter=None):
    """A host function as generated code calls it: `(depth, *args)`, held floats, one result or a tuple.

    With a `meter` (the debugger's form, handover.py) `meter.in_call` is 1 while the host runs.
    """
    ft = hf.type
    params = converters(ft.params, to_held=False)
    results = converters(ft.results, to_held=True)

    def call(d, *args):
        args = converted(args, params)
        if meter is None:
            return returned(call_host(hf, args, inst), results)
        meter.in_call = 1
        try:
            out = call_host(hf, args, inst)
        finally:
            meter.in_call = 0
        return returned(out, results)

    return call
