"""The debug session file: what `DebugSession.export()` writes and replay.py reads back.

A session file holds everything that decides the run: the module (WAT text,
or the .wasm bytes in base64), the invocation and its raw arguments, the
breakpoints and watchpoints, the results of every host call (with the
memory bytes the host wrote), the edits made while paused, and the step the
session was at with a digest of the state there (statehash.py).

This module knows the format only. It reads a session through its public
accessors and imports nothing of session.py, so the session can export
itself while replay.py (which builds sessions) sits above both.

A file may come back damaged (edited by hand, truncated, from another
version): `check_session_data` checks the shape of every field before
replay.py uses any, so a damaged file is one `SessionFileError` line naming
the field (`host_calls[3].step: expected an integer, got "x"`), never a
KeyError from deep inside a replay.
"""

from __future__ import annotations

import base64
import binascii

from playground.debug.hostcalls import HostCall
from playground.errors import PlaygroundError

FORMAT = "wasm-playground-debug-session"
VERSION = 1


class SessionFileError(PlaygroundError):
    """A session file that cannot be used: not one, another version, or a field of the wrong shape."""


# --- raw values <-> JSON ---------------------------------------------------------------------
def encode_value(value):
    """A raw runtime value as JSON data (ints stay ints; references and bytes become objects)."""
    if value is None or isinstance(value, (int, float, str)):
        return value
    if isinstance(value, (bytes, bytearray)):
        return {"bytes": bytes(value).hex()}
    funcidx = getattr(value, "funcidx", None)
    if funcidx is not None:
        return {"func": funcidx}
    inner = getattr(value, "value", None)
    return {"extern": inner if isinstance(inner, (int, float, str)) or inner is None else repr(inner)}


def decode_value(data, instance=None):
    """The raw runtime value of `encode_value`'s data; function references need the `instance`."""
    if isinstance(data, dict):
        if "bytes" in data:
            return bytes.fromhex(data["bytes"])
        if "func" in data:
            if instance is None:
                return None
            index = data["func"]
            if not 0 <= index < len(instance.funcs):
                raise SessionFileError(f"a function reference to function {index}, but the module has {len(instance.funcs)}")
            return instance.funcs[index]
        if "extern" in data:
            from playground.wasm.runtime.values import ExternRef

            return ExternRef(data["extern"])
    return data


# --- host calls ----------------------------------------------------------------------------------
def encode_host_call(record: HostCall) -> dict:
    return {
        "step": record.step, "name": record.name, "args": [encode_value(a) for a in record.args],
        "results": [encode_value(v) for v in record.results],
        "writes": [[m, a, bytes(b).hex()] for m, a, b in record.writes], "grows": [list(g) for g in record.grows],
        "error": record.error, "error_kind": record.error_kind,
    }


def decode_host_call(data: dict) -> HostCall:
    return HostCall(
        data["step"], data["name"], [decode_value(a) for a in data["args"]], [decode_value(v) for v in data["results"]],
        [(m, a, bytes.fromhex(b)) for m, a, b in data["writes"]], [tuple(g) for g in data["grows"]], data["error"],
        data.get("error_kind", "trap"),  # files written before it was recorded hold traps only
    )


# --- breakpoints ------------------------------------------------------------------------------------
def encode_breakpoint(bp) -> dict:
    """A breakpoint as JSON data; a condition written in C (`b sum.c:14 if i == 3`) says so.

    The text of a condition does not say its language: `i == 3` reads as C
    and as a Wasm expression alike, and means different things in each. A C
    condition is marked `"condition_language": "c"`; a file without the mark
    (an older one, or a Wasm condition) holds a Wasm expression.
    """
    data = bp.to_data()
    if bp.condition is not None and getattr(bp.condition, "language", "wasm") == "c":
        data["condition_language"] = "c"
    return data


def decode_breakpoint(data: dict, session):
    """A new Breakpoint from `encode_breakpoint`'s data, its C condition read in `session`'s C view."""
    from playground.debug.breakpoints import Breakpoint

    if data.get("condition_language") != "c":
        return Breakpoint.from_data(data)
    if not getattr(session, "steps_by_line", False):
        raise SessionFileError("a condition written in C needs the program's DWARF, and this one has none")
    from playground.debug.dwarf.cexpr import CExprError
    from playground.debug.dwarf.cview import CCondition, CView

    bp = Breakpoint.from_data({**data, "condition": None})
    try:
        bp.condition = CCondition(data["condition"], CView(session))
    except CExprError as exc:
        raise SessionFileError(f"the C condition {data['condition']!r}: {exc}") from None
    return bp


# --- export ------------------------------------------------------------------------------------------
def export_session(session) -> dict:
    """The session as JSON-ready data (see the module docstring)."""
    program = session.program
    if program.is_binary:
        source = {"kind": "wasm", "base64": base64.b64encode(program.binary).decode("ascii"), "file": program.file}
    else:
        source = {"kind": "wat", "text": program.text, "file": program.file}
    name, args = session.invocation or (None, [])
    watchpoints = [
        {"kind": w.kind, "address": w.address, "length": w.length, "global": w.global_index, "memory": w.memory}
        for w in session.watchpoints.items
    ]
    edits = [
        {"step": e.step, "kind": e.kind, "target": list(e.target), "value": encode_value(e.value)}
        for e in session.edits()
    ]
    return {
        "format": FORMAT,
        "version": VERSION,
        "source": source,
        "invoke": {"name": name, "args": [encode_value(a) for a in args]},
        "breakpoints": [encode_breakpoint(bp) for bp in session.breakpoints.items],
        "watchpoints": watchpoints,
        "host_calls": [encode_host_call(r) for r in session.host_calls()],
        "edits": edits,
        "step": session.step,
        "state": str(session.state),  # at a trap, `step` is also the step just before it: this tells them apart
        "digest": session.state_digest(),
    }


# --- checking a file's shape ------------------------------------------------------------------------
_STATES = ("ready", "paused", "running", "trapped", "finished", "exited")  # states.SessionState's values
_EDIT_KINDS = ("local", "stack", "global", "memory")
_BREAKPOINT_KINDS = ("instruction", "line", "entry")
_WATCH_KINDS = ("memory", "global")
_ERROR_KINDS = ("trap", "exhaustion", "exit")


def _show(value) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def _name(value) -> str:
    return {dict: "an object", list: "a list", str: "a string", bool: "a boolean", type(None): "null",
            float: "a number", int: "an integer"}.get(type(value), type(value).__name__)


def _fail(where: str, wanted: str, value) -> SessionFileError:
    return SessionFileError(f"{where}: expected {wanted}, got {_name(value)} {_show(value)}".rstrip())


def _get(obj: dict, key: str, where: str):
    if key not in obj:
        raise SessionFileError(f"{where}: the field {key!r} is missing")
    return obj[key]


def _object(value, where: str) -> dict:
    if not isinstance(value, dict):
        raise _fail(where, "an object", value)
    return value


def _list(value, where: str) -> list:
    if not isinstance(value, list):
        raise _fail(where, "a list", value)
    return value


def _int(value, where: str, *, minimum: int | None = None, optional: bool = False) -> None:
    if optional and value is None:
        return
    if not isinstance(value, int) or isinstance(value, bool):
        raise _fail(where, "an integer" + (" or null" if optional else ""), value)
    if minimum is not None and value < minimum:
        raise SessionFileError(f"{where}: expected at least {minimum}, got {value}")


def _str(value, where: str, *, optional: bool = False, choices: tuple = ()) -> None:
    if optional and value is None:
        return
    if not isinstance(value, str):
        raise _fail(where, "a string" + (" or null" if optional else ""), value)
    if choices and value not in choices:
        raise SessionFileError(f"{where}: expected one of {', '.join(choices)}, got {_show(value)}")


def _hex(value, where: str) -> None:
    _str(value, where)
    try:
        bytes.fromhex(value)
    except ValueError:
        raise SessionFileError(f"{where}: expected hexadecimal bytes, got {_show(value)}") from None


def _value(value, where: str) -> None:
    """A value as `encode_value` writes it."""
    if value is None or isinstance(value, str) or (isinstance(value, (int, float)) and not isinstance(value, bool)):
        return
    if isinstance(value, dict) and len(value) == 1:
        (key, inner), = value.items()
        if key == "bytes":
            return _hex(inner, f"{where}.bytes")
        if key == "func":
            return _int(inner, f"{where}.func", minimum=0)
        if key == "extern":
            if inner is None or isinstance(inner, (int, float, str)):
                return
    raise _fail(where, "a value (a number, null, or {\"bytes\"|\"func\"|\"extern\": ...})", value)


def _tuples(value, where: str, shape: str, checks: tuple) -> None:
    """A list of fixed-length lists (`shape` names their fields): non-negative integers, or hex bytes (`_hex`)."""
    for j, item in enumerate(_list(value, where)):
        at = f"{where}[{j}]"
        if not isinstance(item, list) or len(item) != len(checks):
            raise _fail(at, shape, item)
        for k, (check, part) in enumerate(zip(checks, item)):
            if check is _hex:
                _hex(part, f"{at}[{k}]")
            else:
                check(part, f"{at}[{k}]", minimum=0)


def _values(value, where: str) -> None:
    for i, item in enumerate(_list(value, where)):
        _value(item, f"{where}[{i}]")


def check_session_data(data) -> None:
    """Check the shape of a session file's data; SessionFileError naming the first bad field.

    Shapes only (types, required fields, known kinds, non-negative steps and
    indices): whether the indices exist in the module is for the replay to
    find, with the session's own errors.
    """
    data = _object(data, "the session file")
    if data.get("format") != FORMAT:
        raise SessionFileError("not a wasm-playground debug session file")
    if data.get("version") != VERSION:
        raise SessionFileError(f"session file version {_show(data.get('version'))} is not supported (expected {VERSION})")
    source = _object(_get(data, "source", "the session file"), "source")
    _str(_get(source, "kind", "source"), "source.kind", choices=("wasm", "wat"))
    _str(source.get("file"), "source.file", optional=True)
    if source["kind"] == "wasm":
        encoded = _get(source, "base64", "source")
        _str(encoded, "source.base64")
        try:
            base64.b64decode(encoded, validate=True)
        except (binascii.Error, ValueError):
            raise SessionFileError("source.base64: not valid base64") from None
    else:
        _str(_get(source, "text", "source"), "source.text")
    invoke = _object(_get(data, "invoke", "the session file"), "invoke")
    name = _get(invoke, "name", "invoke")
    if name is not None and not isinstance(name, str):
        _int(name, "invoke.name", minimum=0)
    _values(_get(invoke, "args", "invoke"), "invoke.args")
    for i, bp in enumerate(_list(_get(data, "breakpoints", "the session file"), "breakpoints")):
        where = f"breakpoints[{i}]"
        bp = _object(bp, where)
        _str(_get(bp, "kind", where), f"{where}.kind", choices=_BREAKPOINT_KINDS)
        func = _get(bp, "func", where)
        if not isinstance(func, str):
            _int(func, f"{where}.func", minimum=0, optional=True)
        _int(_get(bp, "index", where), f"{where}.index", minimum=0)
        _int(_get(bp, "line", where), f"{where}.line", minimum=1, optional=True)
        _str(bp.get("file"), f"{where}.file", optional=True)
        _str(_get(bp, "condition", where), f"{where}.condition", optional=True)
        _str(bp.get("condition_language", "wasm"), f"{where}.condition_language", choices=("wasm", "c"))
        _int(_get(bp, "ignore_count", where), f"{where}.ignore_count", minimum=0)
        if not isinstance(_get(bp, "enabled", where), bool):
            raise _fail(f"{where}.enabled", "true or false", bp["enabled"])
    for i, wp in enumerate(_list(_get(data, "watchpoints", "the session file"), "watchpoints")):
        where = f"watchpoints[{i}]"
        wp = _object(wp, where)
        _str(_get(wp, "kind", where), f"{where}.kind", choices=_WATCH_KINDS)
        _int(_get(wp, "address", where), f"{where}.address", minimum=0)
        _int(_get(wp, "length", where), f"{where}.length", minimum=0)
        _int(_get(wp, "global", where), f"{where}.global", minimum=-1)
        _int(wp.get("memory", 0), f"{where}.memory", minimum=0)  # 3.0: which memory (older files: memory 0)
    for i, call in enumerate(_list(_get(data, "host_calls", "the session file"), "host_calls")):
        where = f"host_calls[{i}]"
        call = _object(call, where)
        _int(_get(call, "step", where), f"{where}.step", minimum=-1)
        _str(_get(call, "name", where), f"{where}.name")
        _values(_get(call, "args", where), f"{where}.args")
        _values(_get(call, "results", where), f"{where}.results")
        _tuples(_get(call, "writes", where), f"{where}.writes", "[memory, address, hex bytes]", (_int, _int, _hex))
        _tuples(_get(call, "grows", where), f"{where}.grows", "[memory, length]", (_int, _int))
        _str(_get(call, "error", where), f"{where}.error", optional=True)
        _str(call.get("error_kind", "trap"), f"{where}.error_kind", choices=_ERROR_KINDS)
        if call.get("error_kind") == "exit":
            try:
                int(call["error"])
            except (TypeError, ValueError):
                raise _fail(f"{where}.error", "an exit status", call["error"]) from None
    for i, edit in enumerate(_list(_get(data, "edits", "the session file"), "edits")):
        where = f"edits[{i}]"
        edit = _object(edit, where)
        _int(_get(edit, "step", where), f"{where}.step", minimum=0)
        kind = _get(edit, "kind", where)
        _str(kind, f"{where}.kind", choices=_EDIT_KINDS)
        target = _list(_get(edit, "target", where), f"{where}.target")
        arity = 2 if kind in ("local", "stack") else 1
        if len(target) != arity:
            raise SessionFileError(f"{where}.target: a {kind} edit names {arity} index{'es' if arity > 1 else ''}, got {len(target)}")
        for j, index in enumerate(target):
            _int(index, f"{where}.target[{j}]", minimum=0)
        value = _get(edit, "value", where)
        _value(value, f"{where}.value")
        if kind == "memory" and not (isinstance(value, dict) and "bytes" in value):
            raise _fail(f"{where}.value", "bytes ({\"bytes\": HEX}) for a memory edit", value)
    _int(_get(data, "step", "the session file"), "step", minimum=0)
    _str(data.get("state", "paused"), "state", choices=_STATES)
    _str(_get(data, "digest", "the session file"), "digest")
