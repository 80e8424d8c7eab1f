"""Global instances (spec 4.2.9): a typed value cell, mutable or not."""

from __future__ import annotations

from playground.wasm.runtime.values import default_value, from_python, to_python
from playground.wasm.types import GlobalType, ValType


class Global:
    """A global variable. `value` holds the executor's raw representation (see runtime.values).

    `Global(GlobalType(ValType.I32, mutable=True), 42)`; for host code,
    `Global.of("i32", 42, mutable=True)` converts from a Python value.
    """

    __slots__ = ("type", "value", "__weakref__")

    def __init__(self, type: GlobalType, value=None) -> None:
        self.type = type
        self.value = default_value(type.valtype) if value is None and not type.valtype.is_ref else value

    @classmethod
    def of(cls, valtype: str | ValType, value, *, mutable: bool = False) -> "Global":
        """A global from a Python value: ints (signed or not), floats, references."""

        vt = valtype if isinstance(valtype, ValType) else ValType(valtype)
        return cls(GlobalType(vt, mutable), from_python(vt, value))

    def get(self):
        """The value as Python sees it (signed ints, floats)."""

        return to_python(self.type.valtype, self.value)

    def set(self, value) -> None:
        """Set from a Python value (host code; Wasm uses `global.set`)."""

        self.value = from_python(self.type.valtype, value)

    def __repr__(self) -> str:
        return f"<Global {self.type} = {self.value!r}>"
