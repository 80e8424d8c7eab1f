"""Exception handling at run time (3.0): tag instances and the exceptions thrown with them.

A `TagInstance` is a tag's identity, as a store address is in the spec: two
modules that import the same tag catch each other's exceptions, two tags of
the same type from two definitions do not. An `ExnRef` is an exception
object (spec 4.2: exception instance): the tag thrown and its payload, raw
values in order. `throw` makes one, `catch_ref` and `catch_all_ref` push it
as an exnref, and `throw_ref` throws the very same object again.

While an exception travels it is carried by `UncaughtException`
(wasm/errors.py), so engines unwind with Python's own exception machinery
and an exception nobody catches leaves the run as that error.
"""

from __future__ import annotations

from playground.wasm.errors import UncaughtException
from playground.wasm.runtime.values import to_python
from playground.wasm.types import FuncType
from playground.wasm.values import format_ref


class TagInstance:
    """A tag of the store: its function type (the params are the payload's types), a name for people,
    and its canonical defined type (deftypes.py), which an import of it must name exactly."""

    __slots__ = ("type", "name", "deftype")

    def __init__(self, type_: FuncType, name: str, deftype=None) -> None:
        self.type = type_
        self.name = name
        self.deftype = deftype

    def __repr__(self) -> str:
        return f"<tag {self.name} {self.type}>"


class ExnRef:
    """An exception object: `tag` (a TagInstance) and `payload` (raw values, the tag's params in order)."""

    __slots__ = ("tag", "payload")

    def __init__(self, tag: TagInstance, payload: tuple) -> None:
        self.tag = tag
        self.payload = payload

    def __repr__(self) -> str:
        return f"<exception {self.tag.name} {list(self.payload)}>"


def thrown(exn: ExnRef) -> UncaughtException:
    """The error that carries `exn` up the frames until a try_table catches it (or the run ends with it)."""
    return UncaughtException(uncaught_message(exn.tag, exn.payload), tag=exn.tag, payload=exn.payload, exn=exn)


def uncaught_message(tag: TagInstance, payload, types=None) -> str:
    """`uncaught exception: tag oops (1, struct $pt {x = 1, y = 2})`; GC types by the names of `types`
    (text/type_names.TypeNames: a front end that knows the module re-words the message with them)."""
    shown = ", ".join(str(to_python(t, v)) if isinstance(v, int) else format_ref(v, types)  # numbers as Python prints them
                      for t, v in zip(tag.type.params, payload))
    return f"uncaught exception: tag {tag.name} ({shown})"
