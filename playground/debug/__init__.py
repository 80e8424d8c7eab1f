"""The debugger: sessions over the steppable interpreter, breakpoints, reverse stepping, traces. No Qt.

    session.py      DebugSession: start, step/next/finish/continue/run_to, back, pause, edits
    runner.py       the run loop and the handlers it patches (breakpoints, located writes)
    undo.py         RecordingOps: the undo log of every memory, table, global and segment write
    recorder.py     checkpoints + undo log: going to any earlier step exactly
    reverse.py      step back over calls, reverse continue
    hostcalls.py    host calls recorded once, replayed when running over the past
    watchpoints.py  memory and global watchpoints
    provenance.py   who wrote a memory byte (an instruction, a host, an edit, a data segment)
    snapshots.py    Snapshot (snapshot.py, the views' contract) from a paused thread
    trace.py        wasm-interp style instruction traces
    replay.py       export a session to JSON and replay it
    cli_prompt.py   the `wasm-playground debug` prompt
"""
