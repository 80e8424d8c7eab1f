"""Issue 14, items 4 and 5: limits are on by default, adjustable, and each one stops a run with one message.

Every test sets a small limit so it runs in well under a second; the
defaults themselves are checked as values (a run to 100,000,000
instructions would take the test suite's time).
"""

from __future__ import annotations

import io
import os
import signal
import sys
import threading
import time

import pytest

from playground.cli import build_parser, main
from playground.commands.limit_options import limits_from_args
from playground.wasm.engines import new_executor
from playground.wasm.exec.interface import ExecSettings
from playground.wasm.limits import DEFAULT_LIMITS, LIMITS, LimitError, Limits, limit_message
from playground.wasm.runtime import Store, instantiate
from playground.wasm.text.parse import parse_module

SPIN = '(module (func (export "spin") (loop br 0)) (func $r (export "rec") (call $r)) ' \
       '(func (export "ok") (result i32) (i32.const 7)))'


@pytest.fixture
def spin(tmp_path):
    path = tmp_path / "spin.wat"
    path.write_text(SPIN)
    return path


def _cli(capsys, *argv) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def _one_error_line(err: str) -> str:
    lines = err.splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), err
    return lines[0]


# --- the Limits value and the options --------------------------------------------------------------------


def test_defaults_are_on_and_named_in_one_place():
    assert DEFAULT_LIMITS == Limits()
    assert DEFAULT_LIMITS.fuel == 100_000_000 and DEFAULT_LIMITS.timeout == 60
    assert all(getattr(DEFAULT_LIMITS, field) is not None for field in LIMITS)
    assert not Limits.none().any and DEFAULT_LIMITS.any


def _parsed(command: str, *options: str):
    parser, _ = build_parser()
    args = parser.parse_args([command, "x.wat", *options] if command != "wast" else [command, "x.wast", *options])
    if command in ("run", "debug"):
        from playground.commands.trailing import reparse_trailing_options

        reparse_trailing_options(args._parser, args)
    return limits_from_args(args)


@pytest.mark.parametrize("command", ["run", "debug", "wast"])
def test_every_command_reads_the_same_options(command):
    assert _parsed(command) == DEFAULT_LIMITS
    assert _parsed(command, "--no-limits") == Limits.none()
    assert _parsed(command, "--no-limits", "--fuel", "5000") == Limits.none().but(fuel=5000)
    assert _parsed(command, "--timeout", "2.5", "--max-call-depth", "100", "--max-memory-pages", "3",
                   "--max-table-entries", "9", "--max-output", "1_000", "--max-input", "none") == DEFAULT_LIMITS.but(
        timeout=2.5, max_call_depth=100, max_memory_pages=3, max_table_entries=9, max_output_bytes=1000,
        max_input_bytes=None)


def test_options_after_the_arguments_are_read_too(tmp_path, capsys, spin):
    code, out, err = _cli(capsys, "run", spin, "--invoke", "spin", "--fuel", "1000")
    assert code == 1 and "1,000 instructions" in err


@pytest.mark.parametrize("bad", ["0", "-5", "lots"])
def test_a_bad_limit_is_a_usage_error(capsys, bad):
    with pytest.raises(SystemExit) as exit_:
        main(["run", "x.wat", "--fuel", bad])
    assert exit_.value.code == 2
    assert "--fuel" in capsys.readouterr().err


def test_the_message_names_the_limit_and_how_to_raise_it():
    assert limit_message("fuel", 100_000_000) == (
        "instruction limit reached (100,000,000 instructions; raise it with --fuel N or lift all limits with --no-limits)")
    assert str(LimitError("timeout", 0.5)).startswith("time limit reached (0.5 seconds; raise it with --timeout SECONDS")
    assert "1 MiB" in limit_message("max_output_bytes", 1 << 20)


# --- the loops: plain without limits, counting with them ---------------------------------------------------


def test_no_limits_runs_the_plain_loop_and_limits_the_counting_one():
    plain = new_executor("step", ExecSettings.from_limits(Limits.none()))
    limited = new_executor("step", ExecSettings.from_limits(DEFAULT_LIMITS))
    assert plain.count is False and limited.count is True
    assert ExecSettings().limited is False  # the Python API runs what it is given


@pytest.mark.parametrize("settings, words", [
    (ExecSettings(fuel=10_000), "instruction limit reached (10,000 instructions"),
    (ExecSettings(timeout=0.2), "time limit reached (0.2 seconds"),
    (ExecSettings(fuel=10**12, timeout=0.2), "time limit reached"),
])
def test_the_executor_stops_an_endless_loop(settings, words):
    store = Store(executor=new_executor("step", settings))
    inst = instantiate(parse_module(SPIN, file="spin.wat"), store=store)
    start = time.monotonic()
    with pytest.raises(LimitError) as caught:
        inst.exports.spin()
    assert time.monotonic() - start < 5
    assert str(caught.value).startswith("spin.wat:1:") and words in caught.value.message
    assert caught.value.func_name == "spin"  # located at the loop
    assert inst.exports.ok() == 7  # the store still works after


def test_fuel_counts_exactly():
    store = Store(executor=new_executor("step", ExecSettings(fuel=8)))
    inst = instantiate(parse_module('(module (func (export "f") (result i32) '
                                    'i32.const 1 i32.const 2 i32.add i32.const 3 i32.add))'), store=store)
    assert inst.exports.f() == 6  # 5 instructions and the function's end: within 8
    tight = Store(executor=new_executor("step", ExecSettings(fuel=5)))
    inst = instantiate(parse_module('(module (func (export "f") (result i32) '
                                    'i32.const 1 i32.const 2 i32.add i32.const 3 i32.add))'), store=tight)
    with pytest.raises(LimitError):
        inst.exports.f()


# --- run -----------------------------------------------------------------------------------------------------


def test_run_stops_an_endless_loop_with_one_message(capsys, spin):
    code, out, err = _cli(capsys, "run", spin, "--invoke", "spin", "--fuel", "20000")
    assert code == 1 and out == ""
    line = _one_error_line(err)
    assert line.startswith("error: instruction limit reached (20,000 instructions; raise it with --fuel N or lift "
                           "all limits with --no-limits) (at spin+")


def test_run_stops_at_the_wall_clock_limit(capsys, spin):
    start = time.monotonic()
    code, out, err = _cli(capsys, "run", spin, "--invoke", "spin", "--fuel", "none", "--timeout", "0.3")
    assert code == 1 and time.monotonic() - start < 10
    assert _one_error_line(err).startswith("error: time limit reached (0.3 seconds; raise it with --timeout SECONDS")


def test_run_names_the_call_depth_limit(capsys, spin):
    code, out, err = _cli(capsys, "run", spin, "--invoke", "rec", "--max-call-depth", "50")
    assert code == 1
    line = _one_error_line(err)
    assert "call stack exhausted" in line and "call depth limit: 50 frames; raise it with --max-call-depth N" in line


def test_run_memory_and_table_limits(tmp_path, capsys):
    memory = tmp_path / "mem.wat"
    memory.write_text('(module (memory 100) (func (export "f")))')
    code, out, err = _cli(capsys, "run", memory, "--invoke", "f", "--max-memory-pages", "10")
    assert code == 1 and "memory limit reached (10 pages of 64 KiB; a memory of 100 pages was asked for; raise it " \
                          "with --max-memory-pages N" in _one_error_line(err)
    assert _cli(capsys, "run", memory, "--invoke", "f", "--max-memory-pages", "100")[0] == 0
    table = tmp_path / "table.wat"
    table.write_text('(module (table 1000 funcref) (func (export "f")))')
    code, out, err = _cli(capsys, "run", table, "--invoke", "f", "--max-table-entries", "999")
    assert code == 1 and "table limit reached (999 entries" in _one_error_line(err)
    assert _cli(capsys, "run", table, "--invoke", "f", "--no-limits")[0] == 0


def test_memory_grow_past_the_limit_fails_as_the_spec_allows(tmp_path, capsys):
    grow = tmp_path / "grow.wat"
    grow.write_text('(module (memory 1) (func (export "f") (result i32) (memory.grow (i32.const 5))))')
    assert _cli(capsys, "run", grow, "--invoke", "f", "--max-memory-pages", "4")[1] == "-1\n"


def test_run_max_table_entries_applies_to_an_imported_table(tmp_path, capsys):
    grow = tmp_path / "grow_table.wat"
    grow.write_text('(module (import "env" "t" (table 1 funcref))'
                    ' (func (export "f") (result i32) (table.grow (ref.null func) (i32.const 5))))')
    assert _cli(capsys, "run", grow, "--invoke", "f", "--max-table-entries", "4")[1] == "-1\n"
    assert _cli(capsys, "run", grow, "--invoke", "f", "--max-table-entries", "6")[1] == "1\n"
    assert _cli(capsys, "run", grow, "--invoke", "f", "--max-memory-pages", "6")[1] == "1\n"


IMPORTED_MEMORY = '(module (import "env" "memory" (memory {initial})) (func (export "f") (result i32) (memory.grow (i32.const 5))))'


def test_a_stand_in_memory_has_the_run_s_memory_cap():
    from playground.hosts.standins import stand_in

    module = parse_module(IMPORTED_MEMORY.format(initial=1))
    capped = stand_in(module, module.imports[0], lambda *a: None, limits=Limits(max_memory_pages=4))
    assert capped.grow(5) == -1 and capped.grow(3) == 1
    assert stand_in(module, module.imports[0], lambda *a: None, limits=Limits(max_memory_pages=None)).grow(100) == 1
    big = parse_module(IMPORTED_MEMORY.format(initial=100))
    with pytest.raises(LimitError, match="a memory of 100 pages was asked for; raise it with --max-memory-pages N"):
        stand_in(big, big.imports[0], lambda *a: None, limits=Limits(max_memory_pages=10))


def test_run_max_memory_pages_applies_to_an_imported_memory(tmp_path, capsys):
    grow = tmp_path / "grow.wat"
    grow.write_text(IMPORTED_MEMORY.format(initial=1))
    assert _cli(capsys, "run", grow, "--invoke", "f", "--max-memory-pages", "4")[1] == "-1\n"


def test_run_input_limit(tmp_path, capsys, spin):
    code, out, err = _cli(capsys, "run", spin, "--invoke", "ok", "--max-input", "10")
    assert code == 1
    assert "larger than 10 bytes (raise it with --max-input BYTES or lift all limits with --no-limits)" in _one_error_line(err)
    assert _cli(capsys, "run", spin, "--invoke", "ok", "--max-input", "10", "--no-limits", "--max-input", "none")[0] == 0


def test_no_limits_lifts_them(capsys, spin):
    code, out, err = _cli(capsys, "run", spin, "--invoke", "ok", "--no-limits")
    assert (code, out, err) == (0, "7\n", "")


def test_samples_run_far_below_the_default_limits(capsys):
    from playground.resources import sample_path

    for name, argv in [("fib.wat", ["--invoke", "fib", "20"]), ("factorial.wat", ["--invoke", "fac", "20"])]:
        code, out, err = _cli(capsys, "run", sample_path(name), *argv, "--stats")
        assert code == 0, err
        count = int(err.split("instructions=")[1].split()[0])
        assert count < DEFAULT_LIMITS.fuel // 100


# --- item 5: printing in a loop -----------------------------------------------------------------------------

PRINTER = """(module
  (import "env" "log" (func $log (param i32)))
  (import "env" "print" (func $print (param i32 i32)))
  (memory 1)
  (data (i32.const 0) "hello")
  (func (export "flood") (local $i i32)
    (loop $l (call $log (local.get $i)) (local.set $i (i32.add (local.get $i) (i32.const 1))) (br $l)))
  (func (export "shout") (loop $l (call $print (i32.const 0) (i32.const 5)) (br $l)))
  (func (export "few") (call $log (i32.const 1)) (call $log (i32.const 2)))
  (func (export "outside") (call $print (i32.const 65530) (i32.const 100))))
"""


@pytest.mark.parametrize("export", ["flood", "shout"])
def test_a_printing_import_in_a_loop_is_cut_with_one_line(tmp_path, capsys, export):
    path = tmp_path / "printer.wat"
    path.write_text(PRINTER)
    code, out, err = _cli(capsys, "run", path, "--invoke", export, "--max-output", "2000")
    assert code == 1
    assert len(out.encode()) <= 2000 and out.count("\n") > 10  # printed up to the cap, no further
    assert _one_error_line(err).startswith("error: output limit reached (2,000 bytes; printed by the program's "
                                           "imported functions; raise it with --max-output BYTES")


def test_output_within_the_cap_is_untouched(tmp_path, capsys):
    path = tmp_path / "printer.wat"
    path.write_text(PRINTER)
    assert _cli(capsys, "run", path, "--invoke", "few", "--max-output", "40") == (0, "env.log(1)\nenv.log(2)\n", "")


# --- debug ---------------------------------------------------------------------------------------------------


def _debug(capsys, monkeypatch, commands: str, *argv) -> str:
    monkeypatch.setattr(sys, "stdin", io.StringIO(commands))
    assert main(["debug", *map(str, argv)]) == 0
    out, err = capsys.readouterr()
    assert "internal error" not in out + err
    return out


def test_debug_continue_pauses_at_the_instruction_limit_and_goes_on(capsys, monkeypatch, spin):
    out = _debug(capsys, monkeypatch, "c\nc\nstack\nq\n", spin, "--invoke", "spin", "--fuel", "5000")
    assert "[step 5,000] paused: instruction limit reached (5,000 instructions; raise it with --fuel N" in out
    assert "[step 10,000] paused: instruction limit reached" in out  # `c` again runs as many more


def test_debug_continue_pauses_at_the_time_limit(capsys, monkeypatch, spin):
    start = time.monotonic()
    out = _debug(capsys, monkeypatch, "c\nq\n", spin, "--invoke", "spin", "--fuel", "none", "--timeout", "0.3")
    assert time.monotonic() - start < 10
    assert "paused: time limit reached (0.3 seconds; raise it with --timeout SECONDS" in out


def test_debug_ctrl_c_pauses_the_program_and_the_prompt_comes_back(capsys, monkeypatch, spin):
    if threading.current_thread() is not threading.main_thread():
        pytest.skip("signals reach the main thread only")

    # What SIGINT does before the prompt: Python's default handler, or SIG_IGN where the test run
    # itself was started in the background by a non-interactive shell (which ignores SIGINT there)
    before = signal.getsignal(signal.SIGINT)

    def interrupt():
        # wait until `c` runs under the prompt's handler, so the signal cannot come before it
        deadline = time.monotonic() + 30
        while signal.getsignal(signal.SIGINT) is before and time.monotonic() < deadline:
            time.sleep(0.01)
        time.sleep(0.2)
        os.kill(os.getpid(), signal.SIGINT)

    threading.Thread(target=interrupt, daemon=True).start()
    # --timeout: should the signal go astray the test fails in 60 s instead of hanging
    out = _debug(capsys, monkeypatch, "c\nbt\nq\n", spin, "--invoke", "spin", "--no-limits", "--timeout", "60")
    assert "paused: paused at step" in out
    assert "#0 spin() at" in out  # the next command ran: the prompt came back
    assert signal.getsignal(signal.SIGINT) is before  # the prompt's handler is gone, the previous one is back


def test_debug_session_limits_from_python():
    from playground.debug.session import DebugSession
    from playground.debug.states import StopReason

    session = DebugSession.from_text(SPIN, limits=Limits(fuel=300))
    session.start("spin")
    snap = session.continue_()
    assert snap.reason == StopReason.LIMIT and session.step == 300
    assert snap.message.startswith("instruction limit reached (300 instructions")
    assert session.step_into().reason == StopReason.STEP  # a step after a limit stop is a plain step
    with pytest.raises(Exception, match="further ahead than one command may run"):
        session.goto_step(10**9)


def test_debug_bt_says_what_it_leaves_out(capsys, monkeypatch, spin):
    out = _debug(capsys, monkeypatch, "c\nbt\nq\n", spin, "--invoke", "rec", "--max-call-depth", "300")
    assert "#255 r()" in out and "#256" not in out
    assert "... and 44 outer frames not shown (the innermost 256 of 300)" in out


# --- wast ----------------------------------------------------------------------------------------------------


def test_wast_fails_the_command_that_reaches_a_limit_and_goes_on(tmp_path, capsys):
    script = tmp_path / "spin.wast"
    script.write_text(
        SPIN + "\n"
        '(assert_return (invoke "ok") (i32.const 7))\n'
        '(assert_return (invoke "spin"))\n'
        '(assert_exhaustion (invoke "spin") "call stack exhausted")\n'
        '(assert_exhaustion (invoke "rec") "call stack exhausted")\n'
        '(assert_return (invoke "ok") (i32.const 7))\n'
    )
    code, out, err = _cli(capsys, "wast", script, "--fuel", "10000")
    assert code == 1
    assert "spin.wast: 3 passed, 2 failed" in out
    assert "spin.wast:3: assert_return: instruction limit reached (10,000 instructions" in out
    assert "spin.wast:4: assert_exhaustion: expected exhaustion, got instruction limit reached" in out
    assert out.rstrip().endswith("3 passed, 2 failed")


def test_wast_time_limit(tmp_path, capsys):
    script = tmp_path / "slow.wast"
    script.write_text(SPIN + '\n(invoke "spin")\n(assert_return (invoke "ok") (i32.const 7))\n')
    start = time.monotonic()
    code, out, err = _cli(capsys, "wast", script, "--fuel", "none", "--timeout", "0.3")
    assert code == 1 and time.monotonic() - start < 10
    assert "slow.wast:2: action: time limit reached (0.3 seconds" in out and "1 passed, 1 failed" in out


# --- the budget loop counts as the driven counting loop does --------------------------------------------------

COUNTED = """(module
  (import "env" "boom" (func $boom))
  (func $fib (export "fib") (param $n i32) (result i32)
    (if (result i32) (i32.lt_s (local.get $n) (i32.const 2))
      (then (local.get $n))
      (else (i32.add (call $fib (i32.sub (local.get $n) (i32.const 1)))
                     (call $fib (i32.sub (local.get $n) (i32.const 2)))))))
  (func (export "div") (param i32) (result i32) (i32.div_s (i32.const 100) (local.get 0)))
  (func (export "host") (result i32) (i32.const 1) (call $boom) (i32.const 2) (i32.add))
  (func $r (export "rec") (param i32) (result i32) (call $r (i32.add (local.get 0) (i32.const 1)))))
"""


@pytest.mark.parametrize("chunk", [1, 3, 1 << 16])
@pytest.mark.parametrize("export, args", [("fib", [12]), ("div", [0]), ("div", [7]), ("host", []), ("rec", [0])])
def test_the_budget_loop_counts_like_the_driven_loop(monkeypatch, chunk, export, args):
    """Thread.run(budget) (chunks of a range) and run_controlled stop at the same place with the same count."""
    from playground.wasm.errors import Trap
    from playground.wasm.exec.step import machine
    from playground.wasm.runtime import HostFunc
    from playground.wasm.types import FuncType

    def boom():
        raise Trap("boom")

    monkeypatch.setattr(machine, "_CHUNK", chunk)
    imports = {"env": {"boom": HostFunc(boom, FuncType((), ()))}}
    inst = instantiate(parse_module(COUNTED), imports)
    func = inst.extern_exports[export]
    for budget in (1, 2, 5, 17, 200, 5000, 10**9):
        ends = []
        for drive in ("budget", "controlled"):
            thread = machine.Thread(max_call_depth=40)
            thread.start(func, list(args))
            while not thread.done:
                if drive == "budget":
                    thread.run(budget)
                else:
                    thread.run_controlled(budget)
            error = thread.error.message if thread.error else None
            ends.append((thread.status, thread.instructions, thread.results, error,
                         [(f.func.name, f.pc) for f in thread.frames]))
        assert ends[0] == ends[1], (export, budget)


# --- the window's session controller ------------------------------------------------------------------------


def test_the_window_session_controller_runs_under_its_limits():
    """Run (the window's Run button) of an endless loop stops paused at the controller's fuel, with the message."""
    from playground.debug.states import StopReason
    from playground.workbench.session_commands import Program, Run, RunRequest
    from playground.workbench.session_controller import SessionController

    stops, said = [], []

    class Listener:
        def snapshot(self, snap):
            stops.append(snap)

        def output(self, text, kind="out"):
            said.append(text)

    controller = SessionController(Listener(), limits=Limits(fuel=2000, timeout=None))
    controller.send(Run(RunRequest(Program(text=SPIN, file="spin.wat"), "spin", ())))
    assert controller.wait(10)
    assert stops and stops[-1].reason == StopReason.LIMIT
    assert stops[-1].step == 2000 and stops[-1].message.startswith("instruction limit reached (2,000 instructions")
