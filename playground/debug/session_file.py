"""The debug session file: what `DebugSession.export()` writes and replay.py reads back.

A session file holds everything that decides the run: the module (WAT text,
or the .wasm bytes in base64), the invocation and its raw arguments, the
breakpoints and watchpoints, the results of every host call (with the
memory bytes the host wrote), the edits made while paused, and the step the
session was at with a digest of the state there (statehash.py).

This module knows the format only. It reads a session through its public
accessors and imports nothing of session.py, so the session can export
itself while replay.py (which builds sessions) sits above both.
"""

from __future__ import annotations

import base64

from playground.debug.hostcalls import HostCall

FORMAT = "wasm-playground-debug-session"
VERSION = 1


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
            return instance.funcs[data["func"]] if instance is not None else None
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
        {"kind": w.kind, "address": w.address, "length": w.length, "global": w.global_index}
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
        "breakpoints": [bp.to_data() for bp in session.breakpoints.items],
        "watchpoints": watchpoints,
        "host_calls": [encode_host_call(r) for r in session.host_calls()],
        "edits": edits,
        "step": session.step,
        "state": str(session.state),  # at a trap, `step` is also the step just before it: this tells them apart
        "digest": session.state_digest(),
    }
