"""Function instances (spec 4.2.6): a Wasm function closed over its module instance, or a host function.

Both kinds are the value of a function reference (see runtime.values).
"""

from __future__ import annotations

from typing import Any, Callable, Iterable, Sequence

from playground.wasm.types import FuncType, ValType


class FuncInstance:
    """A function defined by a module: its type, its module instance and its code (`model.Func`).

    `compiled` caches the executor's pre-resolved form, one per mutation table
    (see exec/step/prepare.py); it is filled on the first call.
    """

    __slots__ = ("type", "module", "code", "funcidx", "name", "compiled", "deftype", "__weakref__")

    is_host = False

    def __init__(self, type: FuncType, module, code, funcidx: int, name: str) -> None:
        self.type = type
        self.deftype = None  # its canonical defined type (deftypes.py), set by instantiate
        self.module = module  # the ModuleInstance
        self.code = code  # the model.Func
        self.funcidx = funcidx
        self.name = name
        self.compiled: dict = {}

    def describe(self, types=None) -> str:
        """For people (playground.wasm.values.format_value): `func $fib`."""
        return f"func {self.name}"

    def __repr__(self) -> str:
        return f"<func {self.name} {self.type}>"


class Caller:
    """What a host function asked for with `caller=True` sees of the Wasm code calling it."""

    __slots__ = ("instance",)

    def __init__(self, instance) -> None:
        self.instance = instance  # the calling ModuleInstance, or None when called from Python

    @property
    def memory(self):
        """The caller's memory 0 (for reading strings and buffers), or None."""
        if self.instance is None or not self.instance.mems:
            return None
        return self.instance.mems[0]

    @property
    def exports(self):
        return None if self.instance is None else self.instance.exports


class HostFunc:
    """A Python callable with a declared function type (spec 4.2.6: host function).

    By default the callable receives Python values (signed ints, floats) and
    returns None, one value, or a tuple for several results; `raw=True`
    passes and expects the executor's raw representation instead. With
    `caller=True` it receives a `Caller` first, to reach the caller's memory.
    It may raise `Trap`; it may call back into Wasm.
    """

    __slots__ = ("type", "fn", "name", "raw", "caller", "__weakref__")

    is_host = True

    def __init__(
        self,
        fn: Callable[..., Any],
        type: FuncType,
        *,
        name: str | None = None,
        raw: bool = False,
        caller: bool = False,
    ) -> None:
        self.fn = fn
        self.type = type
        self.name = name or getattr(fn, "__name__", "host")
        self.raw = raw
        self.caller = caller

    def describe(self, types=None) -> str:
        return f"host func {self.name}"

    def __repr__(self) -> str:
        return f"<host func {self.name} {self.type}>"


def _valtypes(types: Iterable[str | ValType]) -> tuple[ValType, ...]:
    return tuple(t if isinstance(t, ValType) else ValType(t) for t in types)


def host_func(
    fn: Callable[..., Any] | None = None,
    *,
    params: Sequence[str | ValType] = (),
    results: Sequence[str | ValType] = (),
    name: str | None = None,
    raw: bool = False,
    caller: bool = False,
):
    """Wrap a Python callable as a host function: `host_func(print, params=["i32"])`.

    Also a decorator: `@host_func(params=["i32", "i32"], results=["i32"])`.
    """
    functype = FuncType(_valtypes(params), _valtypes(results))

    def wrap(f: Callable[..., Any]) -> HostFunc:
        return HostFunc(f, functype, name=name, raw=raw, caller=caller)

    return wrap if fn is None else wrap(fn)
