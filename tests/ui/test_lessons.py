"""Lesson scripts drive the real window: the shipped lessons run, `state` says what the window shows, errors name the line."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from playground.workbench.lesson_script import parse_lesson, read_lesson

REPO_ROOT = Path(__file__).resolve().parents[2]
LESSONS = REPO_ROOT / "samples" / "lessons"
STATE_KEYS = ["file", "export", "args", "status", "line", "function", "stack", "window", "screen"]


@pytest.fixture(autouse=True)
def no_gpu_probe(monkeypatch):
    from playground.ui.gpu.runner_view import WgslRunnerView

    monkeypatch.setattr(WgslRunnerView, "probe_adapter", lambda self: None)


def run_lesson(qtbot, window, commands, script=None, timeout_ms=60000):
    """Run parsed commands in `window`; (status, state dicts, stderr text)."""
    from playground.ui.lesson import LessonRunner

    out, err = io.StringIO(), io.StringIO()
    runner = LessonRunner(window, commands, script=script, out=out, err=err)
    window.show()
    runner.start()
    qtbot.waitUntil(lambda: runner.status is not None, timeout=timeout_ms)
    states = [json.loads(line) for line in out.getvalue().splitlines()]
    for state in states:
        assert list(state) == STATE_KEYS
    return runner.status, states, err.getvalue()


def inside(state) -> bool:
    x, y, w, h = state["window"]
    sx, sy, sw, sh = state["screen"]
    return sx <= x and sy <= y and x + w <= sx + sw and y + h <= sy + sh


def test_lesson_breakpoints_in_fib(qtbot, make_window):
    status, states, err = run_lesson(qtbot, make_window(), read_lesson(LESSONS / "01_fib_breakpoints.txt"))
    assert status == 0, err
    first, pushed, added, next_round, back, stepped_back, end = states
    assert first == first | {"file": "fib.wat", "export": "fib_iter", "args": ["3"], "status": "paused", "line": 21,
                             "function": "fib_iter", "stack": []}
    assert pushed["stack"] == ["0", "1"] and added["stack"] == ["1"]  # bottom first: $a then $b; i64.add's sum
    assert next_round["line"] == 21 and back["line"] == 21 and stepped_back["line"] == 20
    assert end["status"] == "done" and end["line"] is None and end["function"] is None
    assert all(inside(state) for state in states)


def test_lesson_bulk_memory(qtbot, make_window):
    window = make_window()
    status, states, err = run_lesson(qtbot, window, read_lesson(LESSONS / "02_bulk_memory.txt"))
    assert status == 0, err
    assert [s["stack"] for s in states] == [[], ["16", "0", "12"], [], []]
    assert states[0]["function"] == "init" and states[-1]["status"] == "done"
    assert bytes(window.debugger.memory.model.data_bytes[16:28]) == b"bulk memory!"


def test_lesson_two_tabs_keep_their_sessions(qtbot, make_window):
    status, states, err = run_lesson(qtbot, make_window(), read_lesson(LESSONS / "03_two_tabs.txt"))
    assert status == 0, err
    bulk, fib, bulk_again, stopped, fib_again = states
    assert bulk_again == bulk  # its export, arguments, stop and stack, as left
    assert fib["file"] == "fib.wat" and fib["line"] == 9 and fib["export"] == "fib" and fib["args"] == ["6"]
    assert stopped["status"] == "idle" and stopped["export"] == "fill"
    assert fib_again["status"] == "paused" and fib_again["line"] == 9


def test_lesson_traps(qtbot, make_window):
    status, states, err = run_lesson(qtbot, make_window(), read_lesson(LESSONS / "04_traps.txt"))
    assert status == 0, err
    assert [(s["status"], s["line"], s["stack"]) for s in states] == [
        ("trapped", 7, ["7", "0"]), ("paused", 7, ["7", "0"]), ("paused", 7, ["7"])]


def test_lesson_wasi_inputs_reach_the_c_programs(qtbot, make_window):
    window = make_window()
    status, states, err = run_lesson(qtbot, window, read_lesson(LESSONS / "05_wasi_inputs.txt"))
    assert status == 0, err
    echo, wc, waiting, paused, end = states
    assert (echo["file"], echo["status"], wc["file"], wc["status"]) == ("c/echo_args.wasm", "done", "c/wc.wasm", "done")
    text = window.console.text()
    assert ('2 argument(s)\n  argv[1] = "one"\n  argv[2] = "two words"\n  env: NAME=Ada\n  env: LANG=C\n'
            "Hello, Ada!") in text  # argv and env
    assert "      4      23     133 data/poem.txt" in text  # the folder, seen as data
    assert waiting["status"] == "running" and paused["status"] == "paused"  # waiting for input, then paused at once
    assert paused["function"] is not None and len(paused["stack"]) == 4  # fd_read's operands, not yet called
    assert end["status"] == "done" and text.count("Uryyb, Jbeyq") == 1  # the line typed while paused, read once
    kept = {inputs.args: inputs.env for inputs in window.debugger.wasi.inputs.values()}
    assert kept["one 'two words'"] == ("NAME=Ada", "LANG=C")  # in the run bar's fields of echo_args' tab
    assert window.debugger.run_bar.wasi_inputs().args == ""  # rot13's tab keeps its own


def test_lesson_wasi_folder_is_read_only_and_inside_the_samples(qtbot, make_window):
    window = make_window()
    commands = parse_lesson("open c/wc.wasm\nfolder c/data books\nfolder c/data books\nargv books/poem.txt\n")
    status, _states, err = run_lesson(qtbot, window, commands)
    assert status == 0, err
    (folder,) = window.debugger.run_bar.wasi_inputs().folders  # the same name again replaces it
    assert folder.guest == "books" and folder.read_only and folder.host == str(REPO_ROOT / "samples" / "c" / "data")
    assert window.debugger.run_bar.wasi.folders_button.text() == "Folders (1) ▾"  # shown in the run bar


def test_every_shipped_lesson_is_run_by_a_test():
    tested = {"01_fib_breakpoints.txt", "02_bulk_memory.txt", "03_two_tabs.txt", "04_traps.txt", "05_wasi_inputs.txt"}
    assert {p.name for p in LESSONS.glob("*.txt")} == tested


def test_a_command_that_is_not_available_stops_the_lesson_and_says_why(qtbot, make_window):
    commands = parse_lesson("# a mistake\nopen fib.wat\ncontinue\nstate\n")
    status, states, err = run_lesson(qtbot, make_window(), commands, script=Path("mistake.txt"))
    assert status == 1 and states == []
    assert err.startswith("mistake.txt:3: continue is not available now: ") and "paused debugger session" in err


def test_runtime_errors_name_their_line(qtbot, make_window):
    cases = {
        "open nowhere.wat": "open: no file 'nowhere.wat'",
        "open fib.wat\nexport nope": "export: no exported function 'nope' (exports: fib, fib_iter)",
        "open fib.wat\nargs 1 2": "args: fib takes 1 argument, got 2",
        "open fib.wat\nbreak 99": "break: fib.wat has 27 lines",
        "tab 3": "tab: there are 0 tabs",
        "dock nowhere": "dock: no panel called 'nowhere'",
        "open fib.wat\nargv one": "argv: the current tab's module does not import wasi_snapshot_preview1",
        "open c/wc.wasm\nfolder /tmp data": "folder: '/tmp' is not a folder inside the samples folder",
        "open c/wc.wasm\nfolder ../.. up": "folder: '../..' is not a folder inside the samples folder",
        "open c/wc.wasm\nfolder c/wc.c file": "folder: 'c/wc.c' is not a folder inside the samples folder",
        "open c/rot13.wasm\nstdin hello": "stdin: no WASI program runs in this tab to read it: Run or Debug one first",
        "open c/rot13.wasm\nstdin-end": "stdin-end: no WASI program runs in this tab",
    }
    for text, message in cases.items():
        status, _states, err = run_lesson(qtbot, make_window(), parse_lesson(text), script=Path("l.txt"))
        line = text.count("\n") + 1
        assert status == 1 and err.startswith(f"l.txt:{line}: {message}"), (text, err)


def _cli(args, cwd, env_extra=None, timeout=120):
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    env["QT_QPA_PLATFORM"] = "offscreen"
    env.update(env_extra or {})
    return subprocess.run([sys.executable, "-m", "playground", "gui", *args], capture_output=True, text=True,
                          env=env, cwd=cwd, timeout=timeout)


def test_the_command_line_runs_a_lesson_and_rejects_an_unknown_command_before_opening(tmp_path):
    lesson = tmp_path / "lesson.txt"
    lesson.write_text("# two steps\nopen fib.wat\nexport fib\nargs 4\ndebug\nstep-into\nstate\nquit\n")
    result = _cli(["--script", str(lesson)], tmp_path)
    assert result.returncode == 0, result.stderr
    (state,) = [json.loads(line) for line in result.stdout.splitlines()]
    assert state["status"] == "paused" and state["stack"] == ["4"] and state["function"] == "fib"
    bad = tmp_path / "bad.txt"
    bad.write_text("# oops\nopen fib.wat\nfly away\nquit\n")
    result = _cli(["--script", str(bad)], tmp_path)
    assert result.returncode == 1 and result.stdout == ""
    assert f"error: {bad}:3: unknown command 'fly'" in result.stderr


def test_closing_the_window_ends_the_lesson_and_runs_no_more_commands(qtbot, make_window, tmp_path):
    from playground.ui.lesson import LessonRunner

    window = make_window()
    opened = []
    window.bufferAdded.connect(opened.append)
    commands = parse_lesson(f"open {REPO_ROOT / 'samples' / 'fib.wat'}\nopen {REPO_ROOT / 'samples' / 'factorial.wat'}\n")
    runner = LessonRunner(window, commands, out=io.StringIO(), err=io.StringIO(), pause=0.5)
    window.show()
    runner.start()
    qtbot.waitUntil(lambda: len(opened) == 1)
    window.close()  # during the pause after the first command
    qtbot.wait(900)
    assert runner.status == 0 and len(opened) == 1
