"""The engine registry: every engine that runs WebAssembly functions, by name.

Front ends choose an engine by name (`wasm-playground run --engine NAME`, the
WAST runner, the benchmarks), and the spec-suite test runs once per name in
`engine_names()`, as wazero runs one spectest harness against both of its
engines. "step" is the steppable interpreter (exec/step/); the translating
engine of exec/fast/ will add its line here.

An entry names its factory as "module:attribute", imported on first use. So
this module imports no engine: the runtime (whose `Store` asks it for the
default engine) and the engines (which import the runtime) both sit above it,
and no import cycle runs through it. `register_engine` adds an entry at run
time (a factory or such a name), for tests and plug-ins.

A factory is called as `factory(settings, **options)`, with an `ExecSettings`
(exec/interface.py) or None for the defaults, and returns an `Executor`.
"""

from __future__ import annotations

from importlib import import_module
from typing import Callable

from playground.errors import PlaygroundError

DEFAULT_ENGINE = "step"

_ENGINES: dict[str, str | Callable] = {
    "step": "playground.wasm.exec.step.executor:StepExecutor",
    "fast": "playground.wasm.exec.fast.executor:FastExecutor",
}


class UnknownEngineError(PlaygroundError):
    """An engine name that is not registered; the message lists the registered ones."""

    exit_code = 2

    def __init__(self, name: str) -> None:
        self.name = name
        super().__init__(f"unknown engine {name!r}: choose one of {', '.join(engine_names())}")


def engine_names() -> tuple[str, ...]:
    """The registered engine names, the default first."""
    return tuple(sorted(_ENGINES, key=lambda name: (name != DEFAULT_ENGINE, name)))


def register_engine(name: str, factory: str | Callable) -> None:
    """Register (or replace) an engine: a factory, or its "module:attribute" name imported on first use."""
    _ENGINES[name] = factory


def unregister_engine(name: str) -> None:
    """Forget an engine registered with `register_engine` (tests clean up with it)."""
    if name == DEFAULT_ENGINE:
        raise ValueError("the default engine stays registered")
    _ENGINES.pop(name, None)


def get_engine(name: str = DEFAULT_ENGINE) -> Callable:
    """The factory of the engine called `name`; UnknownEngineError when there is none."""
    try:
        entry = _ENGINES[name]
    except KeyError:
        raise UnknownEngineError(name) from None
    if isinstance(entry, str):
        module_name, _, attribute = entry.partition(":")
        entry = _ENGINES[name] = getattr(import_module(module_name), attribute)
    return entry


def new_executor(name: str = DEFAULT_ENGINE, settings=None, **options):
    """A fresh executor of the engine called `name`, with `settings` (an ExecSettings, or None for the defaults)."""
    return get_engine(name)(settings, **options)
