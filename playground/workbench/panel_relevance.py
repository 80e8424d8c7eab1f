"""Which of the debugger's 3.0 panels a tab's module has anything to show in.

The Heap panel lists GC structs and arrays: only a module that defines struct or
array types can make one (debug/heap_view.defines_gc_types, the rule the
snapshots follow too). The Exception panel shows an exception about to fly:
only a module with a tag, defined or imported, can throw one (`throw` names a
tag; `throw_ref` rethrows what a handler caught, and the window's host functions
throw none). Every C tab, and most WAT, has neither: the window shows those
panels' tabs only while the current tab's module has something for them
(ui/debugger/relevant_dock.py).
"""

from __future__ import annotations

from playground.debug.heap_view import defines_gc_types
from playground.wasm.types import ExternKind


def checked_module(buffer):
    """The module of a tab's last check: a .wasm tab's decoded binary, a WAT tab's parsed text (the binary
    assembled from it has no names); None before a check or when the code does not parse."""
    result = getattr(buffer, "result", None) if buffer is not None else None
    if result is None:
        return None
    if buffer.language == "wasm":
        return result.binary_module or result.module
    return result.module or result.binary_module


def has_heap(module) -> bool:
    """The Heap panel has something to show for `module`."""
    return defines_gc_types(module)


def has_exceptions(module) -> bool:
    """The Exception panel has something to show for `module`."""
    return bool(module.tags) or any(i.kind is ExternKind.TAG for i in module.imports)
