"""Replay an exported debug session (session_file.py) to the same states.

Replaying needs no host functions: calls are answered from the file, and a
call the file does not have is a clear trap. After replaying to the saved
step the digest is compared; a difference raises `ReplayError`.

A damaged file is one clear error, never a traceback: the shape of every
field is checked first (session_file.check_session_data); what the shape
cannot tell (a function, local or breakpoint line the module does not have,
a source that no longer parses) fails in the session's own words, and
`load_session` puts the file's name in front.

This module sits above session.py: it builds sessions through their public
methods (`start`, `restore_edits`, `goto_step`, `add_breakpoint`,
`finish_replay`), and the session needs nothing from it.
"""

from __future__ import annotations

import base64
import json
from pathlib import Path

from playground.debug.session import DebugSession
from playground.debug.source import program_from_binary, program_from_text
from playground.debug.session_file import (
    FORMAT,
    VERSION,
    SessionFileError,
    check_session_data,
    decode_breakpoint,
    decode_host_call,
    decode_value,
    encode_value,
    export_session,
)
from playground.debug.states import SessionState
from playground.debug.watchpoints import Watchpoint
from playground.errors import PlaygroundError
from playground.wasm.runtime import MemorySettings
from playground.wasm.types import PAGE_SIZE, ExternKind, ValType


class ReplayError(SessionFileError):
    """A session file that cannot be read, or a replay that did not reach the recorded state."""


# What a replay of a file whose fields have the right shapes but wrong contents
# (an edit of a local the frame does not have, a host result of the wrong type)
# can still raise from deep inside the session: reported as a damaged file.
_DAMAGE = (LookupError, TypeError, ValueError, AttributeError, OverflowError)


def save_session(session, path) -> None:
    """Write `export_session(session)` to a JSON file."""
    Path(path).write_text(json.dumps(export_session(session), indent=1))


def load_session(path, **options) -> DebugSession:
    """Read a session file and replay it; the session, at the saved step.

    Every failure is a ReplayError whose message starts with the file's name.
    """
    try:
        data = json.loads(Path(path).read_bytes())
    except OSError as exc:
        raise ReplayError(f"{path}: cannot read the session file: {exc.strerror or exc}") from None
    except (ValueError, RecursionError) as exc:  # not JSON, not UTF-8, truncated, nested too deep
        raise ReplayError(f"{path}: not a session file (damaged JSON: {exc})") from None
    try:
        return replay_session(data, **options)
    except PlaygroundError as exc:
        raise ReplayError(f"{path}: {exc}") from None


def replay_session(data: dict, *, verify: bool = True, **options) -> DebugSession:
    """Rebuild a session from exported data and run it to the saved step (checking the state digest).

    A damaged file raises SessionFileError (ReplayError included), or the
    session's own PlaygroundError for contents the module does not have.
    """
    try:
        check_session_data(data)
    except SessionFileError as exc:
        raise ReplayError(str(exc)) from None
    try:
        return _replay(data, verify, options)
    except _DAMAGE as exc:
        raise ReplayError(f"the session file is damaged: replaying it failed ({type(exc).__name__}: {exc})") from None


def _replay(data: dict, verify: bool, options: dict) -> DebugSession:
    source = data["source"]
    if source["kind"] == "wasm":
        program = program_from_binary(base64.b64decode(source["base64"]), file=source.get("file"))
    else:
        program = program_from_text(source["text"], file=source.get("file"))
    check_host_calls(data["host_calls"], program.module)
    records = [decode_host_call(r) for r in data["host_calls"]]
    if program.is_binary and "source_map" not in options:  # a C program built with -g replays by C line too
        from playground.debug.sourcemaps.dwarf import dwarf_source_map

        options = {**options, "source_map": dwarf_source_map(program)}
    session = DebugSession(program, host_records=records, **options)
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
    for i, b in enumerate(data["breakpoints"]):
        try:
            session.add_breakpoint(decode_breakpoint(b, session))
        except PlaygroundError as exc:
            raise ReplayError(f"breakpoints[{i}]: {exc}") from None
    for i, w in enumerate(data["watchpoints"]):
        try:
            session.add_watchpoint(Watchpoint(w["kind"], address=w["address"], length=w["length"], global_index=w["global"],
                                              memory=w.get("memory", 0)))
        except PlaygroundError as exc:
            raise ReplayError(f"watchpoints[{i}]: {exc}") from None
    if verify and session.state_digest() != data["digest"]:
        why = f" ({session.last.message})" if session.state == SessionState.TRAPPED else ""
        raise ReplayError(f"the replay reached step {session.step} in a different state than the recorded session{why}")
    session.finish_replay()  # from here on, new host calls would need real hosts
    return session


_WIDTHS = {ValType.I32: 32, ValType.I64: 64, ValType.F32: 32, ValType.F64: 64, ValType.V128: 128}


def check_host_calls(calls: list, module) -> None:
    """Check recorded host calls against the module's imports (ReplayError naming the record).

    Each record must name a function import, carry values of its parameter and
    result types, and write or grow only memories the module has, within the
    largest size they may reach; the shapes were checked already
    (session_file.check_session_data).
    """
    imports = {f"{imp.module}.{imp.name}": module.types[imp.desc] for imp in module.imports if imp.kind is ExternKind.FUNC}
    mem_types = module.mem_types()
    for i, call in enumerate(calls):
        where = f"host_calls[{i}]"
        functype = imports.get(call["name"])
        if functype is None:
            raise ReplayError(f"{where}: the module imports no function {call['name']!r}")
        _check_values(call["args"], functype.params, f"{where}.args")
        if call["error"] is None:
            _check_values(call["results"], functype.results, f"{where}.results")
        for j, (memidx, address, payload) in enumerate(call["writes"]):
            limit = _memory_limit(mem_types, memidx, f"{where}.writes[{j}]")
            if address + len(payload) // 2 > limit:
                raise ReplayError(f"{where}.writes[{j}]: a write past the largest size memory {memidx} can have")
        for j, (memidx, length) in enumerate(call["grows"]):
            limit = _memory_limit(mem_types, memidx, f"{where}.grows[{j}]")
            if length > limit or length % PAGE_SIZE:
                raise ReplayError(f"{where}.grows[{j}]: memory {memidx} cannot grow to {length} bytes")


def _memory_limit(mem_types: list, memidx: int, where: str) -> int:
    """The most bytes memory `memidx` may hold (its type's maximum, within the engine's cap)."""
    if memidx >= len(mem_types):
        raise ReplayError(f"{where}: the module has no memory {memidx}")
    cap = MemorySettings().max_pages
    maximum = mem_types[memidx].limits.max
    return (cap if maximum is None else min(maximum, cap)) * PAGE_SIZE


def _check_values(values: list, types, where: str) -> None:
    if len(values) != len(types):
        raise ReplayError(f"{where}: {len(values)} values for the types {list(map(str, types))}")
    for k, (value, valtype) in enumerate(zip(values, types)):
        width = _WIDTHS.get(valtype)
        if width is not None:
            ok = isinstance(value, int) and not isinstance(value, bool) and 0 <= value < 1 << width
        else:  # a reference: null, or a function or external reference
            ok = value is None or (isinstance(value, dict) and ("func" in value or "extern" in value))
        if not ok:
            raise ReplayError(f"{where}[{k}]: {value!r} is not a raw {valtype} value")


__all__ = [
    "FORMAT", "VERSION", "ReplayError", "decode_value", "encode_value", "export_session",
    "load_session", "replay_session", "save_session",
]
