"""Replay an exported debug session (session_file.py) to the same states.

Replaying needs no host functions: calls are answered from the file, and a
call the file does not have is a clear trap. After replaying to the saved
step the digest is compared; a difference raises `ReplayError`.

This module sits above session.py: it builds sessions through their public
methods (`start`, `restore_edits`, `goto_step`, `add_breakpoint`,
`finish_replay`), and the session needs nothing from it.
"""

from __future__ import annotations

import base64
import json
from pathlib import Path

from playground.debug.breakpoints import Breakpoint
from playground.debug.session import DebugSession
from playground.debug.session_file import (
    FORMAT,
    VERSION,
    decode_host_call,
    decode_value,
    encode_value,
    export_session,
)
from playground.debug.states import SessionState
from playground.debug.watchpoints import Watchpoint
from playground.errors import PlaygroundError


class ReplayError(PlaygroundError):
    """A session file that cannot be read, or a replay that did not reach the recorded state."""


def save_session(session, path) -> None:
    """Write `export_session(session)` to a JSON file."""
    Path(path).write_text(json.dumps(export_session(session), indent=1))


def load_session(path, **options) -> DebugSession:
    """Read a session file and replay it; the session, at the saved step."""
    try:
        data = json.loads(Path(path).read_text())
    except (OSError, ValueError) as exc:
        raise ReplayError(f"{path}: cannot read the session file: {exc}") from None
    return replay_session(data, **options)


def replay_session(data: dict, *, verify: bool = True, **options) -> DebugSession:
    """Rebuild a session from exported data and run it to the saved step (checking the state digest)."""
    if data.get("format") != FORMAT:
        raise ReplayError("not a wasm-playground debug session file")
    if data.get("version") != VERSION:
        raise ReplayError(f"session file version {data.get('version')} is not supported (expected {VERSION})")
    records = [decode_host_call(r) for r in data["host_calls"]]
    source = data["source"]
    if source["kind"] == "wasm":
        session = DebugSession.from_binary(base64.b64decode(source["base64"]), file=source.get("file"), host_records=records, **options)
    else:
        session = DebugSession.from_text(source["text"], file=source.get("file"), host_records=records, **options)
    invoke = data["invoke"]
    if invoke["name"] is None:
        return session
    session.start(invoke["name"], [decode_value(a, session.instance) for a in invoke["args"]], raw=True)
    session.restore_edits(
        (e["step"], e["kind"], tuple(e["target"]), decode_value(e["value"], session.instance)) for e in data["edits"]
    )
    session.goto_step(data["step"])
    if data.get("state") == SessionState.TRAPPED:
        session.step_into()  # the faulting instruction: trap again
    for b in data["breakpoints"]:
        session.add_breakpoint(Breakpoint.from_data(b))
    for w in data["watchpoints"]:
        session.add_watchpoint(Watchpoint(w["kind"], address=w["address"], length=w["length"], global_index=w["global"]))
    if verify and session.state_digest() != data["digest"]:
        why = f" ({session.last.message})" if session.state == SessionState.TRAPPED else ""
        raise ReplayError(f"the replay reached step {session.step} in a different state than the recorded session{why}")
    session.finish_replay()  # from here on, new host calls would need real hosts
    return session


__all__ = [
    "FORMAT", "VERSION", "ReplayError", "decode_value", "encode_value", "export_session",
    "load_session", "replay_session", "save_session",
]
