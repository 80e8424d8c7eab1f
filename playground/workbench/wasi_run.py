"""A WASI program in the window: its host, its console output and input, its reactor initialization. No Qt.

The session controller asks `session_imports` for a program's imports: a
module that imports `wasi_snapshot_preview1` gets a `WasiRun`, a
`WasiHost` of its own built from the run bar's `WasiInputs`
(wasi_inputs.py: argv after the file's name, environment, folders, real or
fake clocks and random; without them the sealed defaults of
hosts/wasi/config.py), whose stdout and stderr reach the Console a line at
a time as the program writes them ("out" and "error"). The standard
streams are reported as a terminal, so a C program's libc flushes stdout
at each newline rather than when its buffer fills: lines show as they are
written. Standard input is what the user types in the Console
(`TypedInput`): a read with nothing typed waits on the session's worker
thread, after the last partial line of output (a prompt) has been shown,
and `notify(text, INPUT_WAIT)` tells the window ("" when the wait ends).

`before_start` runs a reactor's `_initialize` before any other export is
debugged; `feed` passes typed input; `interrupt` ends a wait (Stop);
`pause` ends it without reading (Pause: the session stops before the read's
call) until `resume`, at the next motion, lets reads wait again;
`flush` sends a last line that has no newline once the program ends;
`close` ends the host with its session.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePath
from typing import Callable

from playground.hosts import host_imports
from playground.hosts.wasi import WasiHost, imports_wasi, initialize
from playground.hosts.wasi.provider import console_config
from playground.hosts.wasi.stdio import TypedInput
from playground.workbench.wasi_inputs import WasiInputs

START = "_start"
NO_PROGRAM = "no WASI program runs in this tab to read it: Run or Debug one first"  # input typed with none
INPUT_WAIT = "input-wait"  # the kind of the notice that the program waits for typed input (the Console's cue)


@dataclass
class WasiRun:
    """One session's WASI program: its host and what its standard input reads."""

    host: WasiHost
    stdin: TypedInput
    name: str


def session_imports(
    module,
    file: str | None,
    output: Callable[[str, str], None],
    inputs: WasiInputs | None = None,
    notify: Callable[[str, str], None] | None = None,
    limits=None,
) -> tuple[dict, WasiRun | None]:
    """The imports for a session over `module`, and its WasiRun (None when it imports no WASI).

    `inputs` is the run bar's choice (WasiConfigError when it has a mistake);
    `notify(text, INPUT_WAIT)` hears when the program starts and stops waiting for input;
    `limits` (the session's) also bound the stand-in memories of imports nobody provides.
    """
    run = None
    options = {} if limits is None else {"limits": limits}
    if imports_wasi(module):
        name = PurePath(file).name if file else "main.wasm"
        stdin = TypedInput()
        config = (inputs or WasiInputs()).config(name, stdin=stdin, tty=True)
        run = WasiRun(WasiHost(console_config(config, output)), stdin, name)

        def waiting(on: bool) -> None:
            if on:
                flush(run)  # a prompt without a newline shows before the wait
            if notify is not None:
                notify(f"{name} waits for input: type a line below" if on else "", INPUT_WAIT)

        stdin.on_wait = waiting
        options["wasi_host"] = run.host
    return host_imports(module, output, **options), run


def before_start(session, run: WasiRun | None, export: str) -> None:
    """Call a reactor's `_initialize` (not stepped) before debugging another of its exports."""
    if run is not None and export not in (START, "_initialize"):
        initialize(session.instance)


def feed(run: WasiRun | None, data: bytes, end: bool = False) -> bool:
    """Typed input for the program (`end`: the end of input after it); False when no WASI program runs."""
    if run is None:
        return False
    if data:
        run.stdin.feed(data)
    if end:
        run.stdin.end()
    return True


def pause(run: WasiRun | None) -> None:
    """Pause: a wait for input ends without reading, and the session pauses before the read's call."""
    if run is not None:
        run.stdin.pause()


def resume(run: WasiRun | None) -> None:
    """The next motion after a pause: reads wait for input again."""
    if run is not None:
        run.stdin.resume()


def waits_for_input(run: WasiRun | None) -> bool:
    """Whether the program stands still until a line is typed (a read waits, nothing typed is left)."""
    return run is not None and run.stdin.needs_input


def interrupt(run: WasiRun | None) -> None:
    """End a wait for input for good (Stop): the read traps, the run ends at once."""
    if run is not None:
        run.stdin.cancel()


def flush(run: WasiRun | None) -> None:
    """Send the program's last partial line of output to the Console (at the end of a run, or before a read)."""
    if run is not None:
        for callback in (run.host.config.stdout, run.host.config.stderr):
            send = getattr(callback, "flush", None)
            if send is not None:
                send()


def close(run: WasiRun | None) -> None:
    """End a session's program: a wait for input ended, descriptors closed, output flushed."""
    if run is not None:
        run.stdin.cancel()
        run.host.close()
