"""The exception panel's rows, without Qt (3.0): the tag, the payload, the handler and where it lands.

Built from `Snapshot.exception` (debug/exceptions_view.py): an exception
about to be thrown, or one that left the run. One step later the throw has
landed in its handler; `caught_note` recognises that stop (the previous
stop's handler place is the new location, one step on) so the panel can say
what just happened instead of going blank.
"""

from __future__ import annotations

from dataclasses import dataclass

from playground.debug.snapshot import Location, Snapshot

EMPTY_TEXT = "No exception in flight. When the next instruction is a throw, its tag, payload and handler show here."


@dataclass(frozen=True)
class ExceptionRow:
    label: str  # `Tag`, `Payload`, `Handler`, `Lands at`
    text: str
    location: Location | None = None  # a row that can be clicked to show a place in the source
    children: tuple[tuple[str, str], ...] = ()  # (label, text) under it: the payload's values
    tooltip: str = ""


HANDLER_TIP = (
    "Found as the engine will: from the throwing frame outwards, the try_tables around the throw (or around a "
    "caller's call) are asked, innermost first, for a catch clause naming the tag (catch_all takes any tag). "
    "The frames above it are left, its label receives the payload (and the exnref for the _ref clauses).")


def caught_note(previous: Snapshot | None, snapshot: Snapshot | None) -> str:
    """'caught ...' when `snapshot` is the stop right after `previous` threw into the handler it showed."""
    if previous is None or snapshot is None or snapshot.step != previous.step + 1:
        return ""
    exn = previous.exception
    if exn is None or exn.state != "throwing" or exn.handler is None:
        return ""
    handler, here = exn.handler, snapshot.location
    if here is None or (handler.lands_at is not None and (here.func_name, here.instr_index) != (
            handler.lands_at.func_name, handler.lands_at.instr_index)):
        return ""
    return f"{exn.tag} was caught by ({handler.clause}) in {handler.function}: the payload is on the stack"


def exception_rows(snapshot: Snapshot | None) -> list[ExceptionRow]:
    """The rows for `snapshot`'s exception (none when there is none)."""
    exn = snapshot.exception if snapshot is not None else None
    if exn is None:
        return []
    state = "thrown by the next instruction" if exn.state == "throwing" else "left the run uncaught"
    rows = [
        ExceptionRow("Exception", state, snapshot.location if exn.state == "throwing" else None),
        ExceptionRow("Tag", f"{exn.tag} {exn.tag_type}"),
        ExceptionRow("Payload", f"{len(exn.payload)} value{'s' if len(exn.payload) != 1 else ''}",
                     children=tuple((v.type, v.text) for v in exn.payload)),
    ]
    handler = exn.handler
    if exn.state != "throwing":
        return rows
    if handler is None:
        rows.append(ExceptionRow("Handler", "none: no try_table in the frames catches it, the run ends with it",
                                 tooltip=HANDLER_TIP))
        return rows
    rows.append(ExceptionRow("Handler", f"({handler.clause}) in {handler.function}", handler.try_table, tooltip=HANDLER_TIP))
    if handler.lands_at is not None:
        rows.append(ExceptionRow("Lands at", f"{handler.lands_at}    {handler.lands_at.instr_text}", handler.lands_at))
    else:
        rows.append(ExceptionRow("Lands at", f"returns from {handler.function} with the payload"))
    left = handler.frames_dropped
    rows.append(ExceptionRow("Frames left", f"{left} frame{'s' if left != 1 else ''} above the handler's are left"
                             if left else "none: the handler is in the throwing function"))
    return rows
