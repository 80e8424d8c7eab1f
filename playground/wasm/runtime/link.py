"""Resolving imports (spec 4.5.4 steps 3-4) and matching extern types (spec 4.5.2).

Import objects in the spirit of JavaScript's: a mapping from module name to a
mapping (or an instance / its exports) from field name to an extern value:
a `FuncInstance`, a `HostFunc`, a plain Python callable (it takes the
import's declared type, as in JavaScript), a `Memory`, `Table` or `Global`,
or an exported function of another instance.
"""

from __future__ import annotations

from playground.wasm.deftypes import canonical_valtype
from playground.wasm.errors import LinkError
from playground.wasm.runtime.gc_objects import func_deftype
from playground.wasm.subtyping import heap_matches, matches
from playground.wasm.runtime.exceptions import TagInstance
from playground.wasm.runtime.functions import FuncInstance, HostFunc
from playground.wasm.runtime.globals import Global
from playground.wasm.runtime.memory import Memory
from playground.wasm.runtime.table import Table
from playground.wasm.types import ExternKind, FuncType, GlobalType, Limits

UNKNOWN_IMPORT = "unknown import"
INCOMPATIBLE = "incompatible import type"


def limits_match(actual: Limits, expected: Limits) -> bool:
    """Spec 4.5.2.1: `actual` fits within `expected`, and (3.0) both have the same address type."""
    if actual.min < expected.min or actual.is64 != expected.is64:
        return False
    if expected.max is None:
        return True
    return actual.max is not None and actual.max <= expected.max


def global_matches(actual: GlobalType, expected: GlobalType, defs) -> bool:
    """Spec 4.5.2 (3.0): the same mutability; a mutable global's type equal, an immutable one's a subtype."""
    want = canonical_valtype(expected.valtype, defs)
    if actual.mutable != expected.mutable:
        return False
    return actual.valtype == want if actual.mutable else matches(actual.valtype, want)


def _lookup_module(imports, name: str):
    if imports is None:
        return None
    if hasattr(imports, "get"):
        return imports.get(name)
    return getattr(imports, name, None)


def _lookup_field(namespace, name: str):
    exports = getattr(namespace, "exports", None)  # an instance
    if exports is not None and not hasattr(namespace, "get"):
        namespace = exports
    if hasattr(namespace, "get"):
        return namespace.get(name)
    return getattr(namespace, name, None)


def unwrap(value):
    """The runtime object behind an exported wrapper (exports.ExportedFunction), or the value itself."""
    inner = getattr(value, "__wasm_extern__", None)
    return inner if inner is not None else value


def resolve_import(imp, functype: FuncType | None, imports, defs=None):
    """The extern value satisfying one `model.Import`, or LinkError (its `import_name` says which).

    `defs`: the importing module's canonical types (deftypes.py), to match types across modules
    with subtyping (3.0); without them types must be equal."""
    try:
        return _resolve(imp, functype, imports, defs)
    except LinkError as exc:
        exc.import_name = f"{imp.module}.{imp.name}"
        exc.span = exc.span or imp.span
        raise


def _resolve(imp, functype: FuncType | None, imports, defs=None):
    namespace = _lookup_module(imports, imp.module)
    value = None if namespace is None else _lookup_field(namespace, imp.name)
    if value is None:
        raise LinkError(UNKNOWN_IMPORT)
    value = unwrap(value)
    kind = imp.kind
    if kind is ExternKind.FUNC:
        if isinstance(value, (FuncInstance, HostFunc)):
            if not (heap_matches(func_deftype(value), defs[imp.desc]) if defs else value.type == functype):
                raise LinkError(INCOMPATIBLE)
            return value
        if callable(value) and not isinstance(value, (Memory, Table, Global, TagInstance)):
            return HostFunc(value, functype, name=f"{imp.module}.{imp.name}")
        raise LinkError(INCOMPATIBLE)
    if kind is ExternKind.MEMORY:
        if not isinstance(value, Memory) or not limits_match(value.type.limits, imp.desc.limits):
            raise LinkError(INCOMPATIBLE)
        return value
    if kind is ExternKind.TABLE:
        if (
            not isinstance(value, Table)
            or value.elem != canonical_valtype(imp.desc.elem, defs or [])
            or not limits_match(value.type.limits, imp.desc.limits)
        ):
            raise LinkError(INCOMPATIBLE)
        return value
    if kind is ExternKind.TAG:  # 3.0: a tag of exactly the imported type (`functype` is the tag's)
        if not isinstance(value, TagInstance) or (value.deftype is not defs[imp.desc] if defs else value.type != functype):
            raise LinkError(INCOMPATIBLE)
        return value
    if not isinstance(value, Global) or not global_matches(value.type, imp.desc, defs or []):
        raise LinkError(INCOMPATIBLE)
    return value
