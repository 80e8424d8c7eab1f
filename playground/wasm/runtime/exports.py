"""What an instance exports, for Python: `instance.exports.add(1, 2)`, `instance.exports.memory`.

Exported functions convert at the boundary (signed ints and floats in and
out, see runtime/values.py); `.raw(...)` takes and returns raw values.
Memories, tables and globals are the runtime objects themselves.
"""

from __future__ import annotations

from typing import Iterator

from playground.wasm.runtime.values import from_python, to_python
from playground.wasm.types import FuncType


class ExportedFunction:
    """A callable for an exported function; runs on the store's executor."""

    __slots__ = ("func", "executor", "name")

    def __init__(self, func, executor, name: str) -> None:
        self.func = func
        self.executor = executor
        self.name = name

    @property
    def __wasm_extern__(self):
        return self.func

    @property
    def type(self) -> FuncType:
        return self.func.type

    def __call__(self, *args):
        """Call with Python values; None, one value, or a tuple for several results."""
        ft = self.func.type
        if len(args) != len(ft.params):
            raise TypeError(f"{self.name} takes {len(ft.params)} arguments ({ft}), got {len(args)}")
        raw = [from_python(t, v) for t, v in zip(ft.params, args)]
        results = [to_python(t, v) for t, v in zip(ft.results, self.executor.invoke(self.func, raw))]
        if not results:
            return None
        return results[0] if len(results) == 1 else tuple(results)

    def raw(self, *args) -> list:
        """Call with raw values (see runtime/values.py); the raw results as a list."""
        return self.executor.invoke(self.func, list(args))

    def __repr__(self) -> str:
        return f"<exported function {self.name} {self.func.type}>"


class Exports:
    """Exports by name: attribute access, `exports["name"]`, iteration over names."""

    def __init__(self, items: dict) -> None:
        self._items = items

    def __getattr__(self, name: str):
        try:
            return self._items[name]
        except KeyError:
            raise AttributeError(f"no export named {name!r}") from None

    def __getitem__(self, name: str):
        return self._items[name]

    def get(self, name: str, default=None):
        return self._items.get(name, default)

    def __contains__(self, name: str) -> bool:
        return name in self._items

    def __iter__(self) -> Iterator[str]:
        return iter(self._items)

    def __len__(self) -> int:
        return len(self._items)

    def items(self):
        return self._items.items()

    def __repr__(self) -> str:
        return f"<Exports {', '.join(self._items)}>"
