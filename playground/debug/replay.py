"""Export a debug session to JSON and replay it elsewhere to the same states.

A session file holds everything that decides the run: the module (WAT text,
or the .wasm bytes in base64), the invocation and its raw arguments, the
breakpoints and watchpoints, the results of every host call (with the
memory bytes the host wrote), the edits made while paused, and the step the
session was at with a digest of the state there (statehash.py). Replaying
needs no host functions: calls are answered from the file, and a call the
file does not have is a clear trap. After replaying to the saved step the
digest is compared; a difference raises `ReplayError`.
"""

from __future__ import annotations

import base64
import json
from pathlib import Path

from playground.debug.hostcalls import HostCall
from playground.errors import PlaygroundError

FORMAT = "wasm-playground-debug-session"
VERSION = 1


class ReplayError(PlaygroundError):
    """A session file that cannot be read, or a replay that did not reach the recorded state."""


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
    if isinstance(data, dict):
        if "bytes" in data:
            return bytes.fromhex(data["bytes"])
        if "func" in data:
            return instance.funcs[data["func"]] if instance is not None else None
        if "extern" in data:
            from playground.wasm.runtime.values import ExternRef

            return ExternRef(data["extern"])
    return data


# --- export ------------------------------------------------------------------------------------------
def export_session(session) -> dict:
    """The session as JSON-ready data (see the module docstring)."""
    program = session.program
    if program.is_binary:
        source = {"kind": "wasm", "base64": base64.b64encode(program.binary).decode("ascii"), "file": program.file}
    else:
        source = {"kind": "wat", "text": program.text, "file": program.file}
    name, args = session.invocation or (None, [])
    breakpoints = []
    for bp in session.breakpoints.items:
        breakpoints.append(
            {
                "kind": bp.kind, "func": bp.func, "index": bp.index, "line": bp.line,
                "condition": bp.condition.text if bp.condition else None,
                "ignore_count": bp.ignore_count, "enabled": bp.enabled,
            }
        )
    watchpoints = [
        {"kind": w.kind, "address": w.address, "length": w.length, "global": w.global_index}
        for w in session.watchpoints.items
    ]
    host_calls = [
        {
            "step": r.step, "name": r.name, "args": [encode_value(a) for a in r.args],
            "results": [encode_value(v) for v in r.results],
            "writes": [[m, a, bytes(b).hex()] for m, a, b in r.writes], "grows": [list(g) for g in r.grows],
            "error": r.error, "error_kind": r.error_kind,
        }
        for r in session.journal.records
    ]
    edits = [
        {"step": e.step, "kind": e.kind, "target": list(e.target), "value": encode_value(e.value)}
        for step in sorted(session.recorder.edits)
        for e in session.recorder.edits[step]
    ]
    return {
        "format": FORMAT,
        "version": VERSION,
        "source": source,
        "invoke": {"name": name, "args": [encode_value(a) for a in args]},
        "breakpoints": breakpoints,
        "watchpoints": watchpoints,
        "host_calls": host_calls,
        "edits": edits,
        "step": session.step,
        "state": session.state,  # at a trap, `step` is also the step just before it: this tells them apart
        "digest": session.state_digest(),
    }


def save_session(session, path) -> None:
    """Write `export_session(session)` to a JSON file."""
    Path(path).write_text(json.dumps(export_session(session), indent=1))


# --- replay --------------------------------------------------------------------------------------------
def load_session(path, **options):
    """Read a session file and replay it; the session, at the saved step."""
    try:
        data = json.loads(Path(path).read_text())
    except (OSError, ValueError) as exc:
        raise ReplayError(f"{path}: cannot read the session file: {exc}") from None
    return replay_session(data, **options)


def replay_session(data: dict, *, verify: bool = True, **options):
    """Rebuild a session from exported data and run it to the saved step (checking the state digest)."""
    from playground.debug.breakpoints import Breakpoint, _condition
    from playground.debug.session import DebugSession
    from playground.debug.watchpoints import Watchpoint

    if data.get("format") != FORMAT:
        raise ReplayError("not a wasm-playground debug session file")
    if data.get("version") != VERSION:
        raise ReplayError(f"session file version {data.get('version')} is not supported (expected {VERSION})")
    records = [
        HostCall(
            r["step"], r["name"], [decode_value(a) for a in r["args"]], [decode_value(v) for v in r["results"]],
            [(m, a, bytes.fromhex(b)) for m, a, b in r["writes"]], [tuple(g) for g in r["grows"]], r["error"],
            r.get("error_kind", "trap"),  # files written before it was recorded hold traps only
        )
        for r in data["host_calls"]
    ]
    source = data["source"]
    if source["kind"] == "wasm":
        session = DebugSession.from_binary(base64.b64decode(source["base64"]), file=source.get("file"), host_records=records, **options)
    else:
        session = DebugSession.from_text(source["text"], file=source.get("file"), host_records=records, **options)
    invoke = data["invoke"]
    if invoke["name"] is None:
        return session
    session.start(invoke["name"], [decode_value(a, session.instance) for a in invoke["args"]], raw=True)
    for e in data["edits"]:
        value = decode_value(e["value"], session.instance)
        edit = session.make_edit(e["step"], e["kind"], tuple(e["target"]), value)
        session.recorder.edits.setdefault(e["step"], []).append(edit)
    for edit in session.recorder.edits.get(0, []):  # edits before the first instruction
        edit.apply(session.recorder)
    if 0 in session.recorder.edits:
        session.recorder.checkpoint()
    session.goto_step(data["step"])
    if data.get("state") == "trapped":
        session.step_into()  # the faulting instruction: trap again
    for b in data["breakpoints"]:
        bp = Breakpoint(b["kind"], func=b["func"], index=b["index"], line=b["line"], condition=_condition(b["condition"]))
        bp.ignore_count, bp.enabled = b["ignore_count"], b["enabled"]
        session.add_breakpoint(bp)
    for w in data["watchpoints"]:
        session.add_watchpoint(Watchpoint(w["kind"], address=w["address"], length=w["length"], global_index=w["global"]))
    if verify and session.state_digest() != data["digest"]:
        why = f" ({session.last.message})" if session.state == "trapped" else ""
        raise ReplayError(f"the replay reached step {session.step} in a different state than the recorded session{why}")
    session.journal.replay_only = False  # from here on, new host calls would need real hosts
    return session
