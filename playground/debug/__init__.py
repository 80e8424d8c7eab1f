"""The debugger: sessions over the steppable interpreter, breakpoints, reverse stepping, traces. No Qt.

    session.py      DebugSession: start, step/next/finish/continue/run_to, back, pause, edits
    runner.py       the run loop and the handlers it patches (breakpoints, located writes)
    undo.py         RecordingOps: the undo log of every memory, table, global and segment write
    recorder.py     checkpoints + undo log: going to any earlier step exactly
    reverse.py      step back over calls, reverse continue
    hostcalls.py    host calls recorded once, replayed when running over the past
    watchpoints.py  memory and global watchpoints
    provenance.py   who wrote a memory byte (an instruction, a host, an edit, a data segment)
    changed_memory.py  the memory ranges a stop tints as written since the previous stop
    snapshots.py    Snapshot (snapshot.py, the views' contract) from a paused thread
    states.py       SessionState and StopReason (StrEnums)
    source.py       Program: the module, its text and its default source map
    sourcemaps/     SourceMap: (file, line, column) <-> (funcidx, instr index); WAT and disassembly
    trace.py        wasm-interp style instruction traces
    session_file.py the exported session's format (session.export())
    replay.py       replay an exported session (above session.py: it builds sessions)
    cli_prompt.py   the `wasm-playground debug` prompt
"""
