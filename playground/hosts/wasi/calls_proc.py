"""The process: arguments, environment, clocks, randomness, exit, signals, yielding."""

from __future__ import annotations

import operator
from typing import Callable

from playground.hosts.wasi.abi import Clockid, Errno
from playground.hosts.wasi.calls import enum_arg, wasi_call
from playground.hosts.wasi.errors import BadValue, Fail, ProcExit
from playground.wasm.errors import Trap

SIGNAL_COUNT = 31  # witx `$signal`: none, hup, ... sys


def _string_list_calls(prefix: str, items_of: Callable) -> None:
    """Register `{prefix}_get` and `{prefix}_sizes_get` for the strings `items_of(host)` (argv, environ).

    The layout is argv's: a pointer per item at `ptrs`, the NUL-terminated
    items packed at `buf`; `_sizes_get` tells the count and the bytes they need.
    """

    @wasi_call(f"{prefix}_get", "ii")
    def strings_get(host, mem, ptrs: int, buf: int):
        for i, item in enumerate(items_of(host)):
            mem.set_u32(ptrs + 4 * i, buf)
            mem.write(buf, item + b"\0")
            buf += len(item) + 1

    @wasi_call(f"{prefix}_sizes_get", "ii")
    def sizes_get(host, mem, count_ptr: int, size_ptr: int):
        items = items_of(host)
        mem.set_u32(count_ptr, len(items))
        mem.set_u32(size_ptr, sum(len(item) + 1 for item in items))


_string_list_calls("args", operator.attrgetter("args"))
_string_list_calls("environ", operator.attrgetter("environ"))  # `NAME=VALUE` strings


def _clock(raw: int) -> Clockid:
    clock = enum_arg(Clockid, raw)
    if clock in (Clockid.PROCESS_CPUTIME_ID, Clockid.THREAD_CPUTIME_ID):
        raise Fail(Errno.BADF)  # what wasmtime answers for the CPU-time clocks
    return clock


@wasi_call("clock_res_get", "ii")
def clock_res_get(host, mem, clock_id: int, resolution_ptr: int):
    _clock(clock_id)
    mem.set_u64(resolution_ptr, host.clock.resolution())


@wasi_call("clock_time_get", "iIi")
def clock_time_get(host, mem, clock_id: int, precision: int, time_ptr: int):
    """The time in nanoseconds: fake and advancing by a fixed tick per reading unless real time was asked for."""
    clock = _clock(clock_id)
    mem.check(time_ptr, 8, 8)  # before the reading, so a bad pointer does not move the fake clock
    now = host.clock.realtime() if clock is Clockid.REALTIME else host.clock.monotonic()
    mem.set_u64(time_ptr, now)


@wasi_call("random_get", "ii")
def random_get(host, mem, buf: int, buf_len: int):
    """Fill the buffer: seeded bytes by default, the OS's entropy with real_random."""
    mem.check(buf, buf_len)
    mem.write(buf, host.random.bytes(buf_len))


@wasi_call("proc_exit", "i", "")
def proc_exit(host, mem, code: int):
    """End the program: raises ProcExit, which unwinds out of the interpreter to the runner."""
    if code >= 126:  # as wasmtime: 126 and up mean "killed by a signal" to a shell
        raise Trap("exit with invalid exit status outside of [0..126)")
    host.exit_code = code
    raise ProcExit(code)


@wasi_call("proc_raise", "i")
def proc_raise(host, mem, sig: int):
    """Signals are not supported."""
    if sig >= SIGNAL_COUNT:
        raise BadValue("invalid enum value Signal")
    raise Fail(Errno.NOSYS)


@wasi_call("sched_yield", "")
def sched_yield(host, mem):
    """Nothing else runs: yielding succeeds at once."""
