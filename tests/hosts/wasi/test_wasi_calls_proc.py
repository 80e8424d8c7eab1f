"""Arguments, environment, clocks, randomness, exit and the unsupported functions, called from WAT."""

from __future__ import annotations

import sys
import time
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from wasi_helpers import Guest, load  # noqa: E402

from playground.hosts.wasi import Errno, ProcExit, WasiConfig, WasiHost  # noqa: E402
from playground.hosts.wasi.clocks import FAKE_EPOCH_NS  # noqa: E402
from playground.wasm.errors import Trap  # noqa: E402
from playground.wasm.runtime import instantiate  # noqa: E402


def test_args_layout():
    g = Guest(args=["prog", "a", "bc"])
    assert g.call("args_sizes_get", 100, 104) == 0
    assert (g.u32(100), g.u32(104)) == (3, 10)  # "prog\0a\0bc\0"
    assert g.call("args_get", 200, 300) == 0
    assert [g.u32(200 + 4 * i) for i in range(3)] == [300, 305, 307]
    assert g.get(300, 10) == b"prog\0a\0bc\0"


def test_environ_layout_keeps_the_order():
    g = Guest(env=[("Z", "1"), ("A", "x=y")])
    assert g.call("environ_sizes_get", 100, 104) == 0
    assert (g.u32(100), g.u32(104)) == (2, 10)  # "Z=1\0A=x=y\0"
    assert g.call("environ_get", 200, 300) == 0
    assert [g.u32(200), g.u32(204)] == [300, 304]
    assert g.get(300, 10) == b"Z=1\0A=x=y\0"


def test_empty_environment():
    g = Guest()
    assert g.call("environ_sizes_get", 100, 104) == 0
    assert (g.u32(100), g.u32(104)) == (0, 0)


def test_out_of_bounds_pointer_traps_naming_the_function():
    g = Guest()
    with pytest.raises(Trap, match=r"wasi_snapshot_preview1\.args_sizes_get: pointer out of bounds"):
        g.call("args_sizes_get", 65535, 100)


def test_misaligned_result_pointer_traps():
    g = Guest()
    with pytest.raises(Trap, match="not aligned to 4"):
        g.call("args_sizes_get", 102, 100)
    with pytest.raises(Trap, match="not aligned to 8"):
        g.call("clock_time_get", 1, 0, 1004)


def test_bad_pointers_can_give_efault_instead():
    g = Guest(bad_pointers="errno")
    assert g.call("args_sizes_get", 65535, 100) == Errno.FAULT
    assert g.call("random_get", 65530, 100) == Errno.FAULT


def test_fake_clocks_advance_one_tick_per_reading():
    g = Guest()
    assert g.call("clock_time_get", 1, 0, 1000) == 0
    first = g.u64(1000)
    assert g.call("clock_time_get", 1, 0, 1000) == 0
    assert g.u64(1000) - first == 1_000_000
    assert g.call("clock_time_get", 0, 0, 1000) == 0
    assert g.u64(1000) == FAKE_EPOCH_NS + first + 2_000_000
    assert g.call("clock_res_get", 0, 1008) == 0 and g.u64(1008) == 1_000_000


def test_fake_clocks_are_the_same_every_run_and_configurable():
    def readings(**options):
        g = Guest(**options)
        out = []
        for clock in (1, 0, 1):
            g.call("clock_time_get", clock, 0, 1000)
            out.append(g.u64(1000))
        return out

    assert readings() == readings()
    assert readings(epoch_ns=0, tick_ns=5) == [5, 10, 15]


def test_real_clock():
    g = Guest(real_time=True)
    assert g.call("clock_time_get", 0, 0, 1000) == 0
    assert abs(g.u64(1000) - time.time_ns()) < 60 * 10**9


def test_clock_errors():
    g = Guest()
    assert g.call("clock_time_get", 2, 0, 1000) == Errno.BADF  # CPU-time clocks: what wasmtime answers
    assert g.call("clock_res_get", 3, 1000) == Errno.BADF
    with pytest.raises(Trap, match="clock_time_get: invalid enum value Clockid"):  # no such clock: as wasmtime
        g.call("clock_time_get", 4, 0, 1000)
    with pytest.raises(Trap, match="invalid enum value Clockid"):
        g.call("clock_res_get", 99, 1000)


def test_random_is_seeded():
    def draw(**options):
        g = Guest(**options)
        assert g.call("random_get", 100, 32) == 0
        return g.get(100, 32)

    assert draw() == draw()
    assert draw(seed=1) != draw()
    assert draw(real_random=True) != draw(real_random=True)
    assert len(set(draw())) > 8


def test_random_get_bad_buffer_traps():
    g = Guest()
    with pytest.raises(Trap, match="random_get"):
        g.call("random_get", 65530, 7)


def test_proc_exit_unwinds_as_procexit_not_a_trap():
    g = Guest()
    with pytest.raises(ProcExit) as info:
        g.call("proc_exit", 3)
    assert info.value.code == 3 and g.host.exit_code == 3


def test_proc_exit_status_from_126_on_traps_as_in_wasmtime():
    g = Guest()
    with pytest.raises(Trap, match=r"exit with invalid exit status outside of \[0\.\.126\)"):
        g.call("proc_exit", 126)


WAT_EXIT = r"""
(module
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
  (memory (export "memory") 1)
  (data (i32.const 8) "bye\n")
  (data (i32.const 0) "\08\00\00\00\04\00\00\00")
  (func (export "_start")
    (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 100)))
    (call $proc_exit (i32.const 7))
    unreachable))
"""


def test_a_command_that_exits_ends_cleanly_with_its_status():
    module = load(WAT_EXIT)
    host = WasiHost(WasiConfig())
    instance = instantiate(module, host.imports(module))
    assert host.run_start(instance) == 7
    assert host.stdout == b"bye\n"


def test_proc_raise_and_sched_yield():
    g = Guest()
    assert g.call("proc_raise", 15) == Errno.NOSYS
    with pytest.raises(Trap, match="invalid enum value Signal"):
        g.call("proc_raise", 31)
    assert g.call("sched_yield") == 0


def test_unsupported_functions_return_enosys_noted_once():
    notes = []
    g = Guest(on_note=notes.append)
    assert g.call("sock_accept", 3, 0, 100) == Errno.NOSYS
    assert g.call("sock_shutdown", 3, 0) == Errno.NOSYS
    assert g.call("sock_accept", 3, 0, 100) == Errno.NOSYS
    assert notes == [
        "wasi_snapshot_preview1.sock_accept is not supported here: it returns ENOSYS",
        "wasi_snapshot_preview1.sock_shutdown is not supported here: it returns ENOSYS",
    ]
    assert g.host.notes == notes


WAT_UNKNOWN = r"""
(module
  (import "wasi_snapshot_preview1" "made_up" (func $made_up (param i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_close" (func $odd_close (param i64) (result i32)))
  (memory (export "memory") 1)
  (func (export "made_up") (result i32) (call $made_up (i32.const 1)))
  (func (export "odd_close") (result i32) (call $odd_close (i64.const 1))))
"""


def test_unknown_or_mistyped_imports_link_and_return_enosys():
    module = load(WAT_UNKNOWN)
    host = WasiHost(WasiConfig())
    instance = instantiate(module, host.imports(module))
    assert instance.exports.made_up() == Errno.NOSYS
    assert instance.exports.made_up() == Errno.NOSYS
    assert instance.exports.odd_close() == Errno.NOSYS
    assert len(host.notes) == 2 and "made_up" in host.notes[0] and "fd_close" in host.notes[1]


WAT_NO_MEMORY = r"""
(module
  (import "wasi_snapshot_preview1" "args_sizes_get" (func $f (param i32 i32) (result i32)))
  (func (export "go") (result i32) (call $f (i32.const 0) (i32.const 4))))
"""


def test_a_module_without_memory_traps_with_a_clear_message():
    module = load(WAT_NO_MEMORY)
    host = WasiHost(WasiConfig())
    instance = instantiate(module, host.imports(module))
    with pytest.raises(Trap, match="no memory"):
        instance.exports.go()
