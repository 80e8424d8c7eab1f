"""The table of `wasi_snapshot_preview1` functions: name, core Wasm signature, implementation.

Each implementation module (calls_proc.py, calls_fd.py, calls_path.py,
calls_poll.py) declares its functions with `@wasi_call(name, params)`.
Signatures are the witx lowered to core Wasm: "i" an i32 (pointers, sizes,
fds, flags, enums), "I" an i64 (filesize, timestamp, rights). Every
function but `proc_exit` returns an errno as its one i32 result.

An implementation is called as `impl(host, mem, *args)` with the raw
(unsigned) arguments; it returns None for success (or an Errno), raises
`Fail(errno)` for an error and `GuestFault` for a bad pointer. The
functions preview1 declares and the playground does not provide are in
`UNSUPPORTED`: they return ENOSYS and are reported once.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from playground.hosts.wasi.abi import Errno
from playground.hosts.wasi.errors import BadValue, Fail
from playground.wasm.types import FuncType, ValType

MODULE = "wasi_snapshot_preview1"

_VALTYPES = {"i": ValType.I32, "I": ValType.I64}


@dataclass(frozen=True)
class CallSpec:
    name: str
    type: FuncType
    impl: Callable | None  # None: unsupported, returns ENOSYS


CALLS: dict[str, CallSpec] = {}


def functype(params: str, results: str = "i") -> FuncType:
    return FuncType(tuple(_VALTYPES[c] for c in params), tuple(_VALTYPES[c] for c in results))


def wasi_call(name: str, params: str, results: str = "i"):
    """Register the decorated function as the implementation of `name`."""

    def register(fn: Callable) -> Callable:
        CALLS[name] = CallSpec(name, functype(params, results), fn)
        return fn

    return register


# Declared by preview1, not provided here: sockets (wasmtime has none either) and
# fd_fdstat_set_rights (rights are not enforced; wasi-libc never calls it).
UNSUPPORTED = {
    "fd_fdstat_set_rights": "iII",
    "sock_accept": "iii",
    "sock_recv": "iiiiii",
    "sock_send": "iiiii",
    "sock_shutdown": "ii",
}
for _name, _params in UNSUPPORTED.items():
    CALLS[_name] = CallSpec(_name, functype(_params), None)


def u64_to_s64(value: int) -> int:
    """A raw i64 argument read as signed (witx `s64`, e.g. `filedelta`)."""
    return value - (1 << 64) if value >= 1 << 63 else value


def enum_arg(enum_cls, raw: int):
    """An enum parameter. A value witx does not define traps, as in wasmtime (its argument conversion fails)."""
    try:
        return enum_cls(raw)
    except ValueError:
        raise BadValue(f"invalid enum value {enum_cls.__name__}") from None


def flags_arg(raw: int, flags_cls) -> int:
    """A flags parameter; bits outside `flags_cls.ALL` trap, as in wasmtime."""
    if raw & ~int(flags_cls.ALL):  # int(): IntFlag's own ~ drops undefined bits
        raise BadValue(f"invalid flag value {flags_cls.__name__}")
    return raw


def enum_field(enum_cls, raw: int):
    """An enum read from a record in memory: EINVAL when undefined (wasmtime's answer there)."""
    try:
        return enum_cls(raw)
    except ValueError:
        raise Fail(Errno.INVAL) from None


def flags_field(raw: int, flags_cls) -> int:
    """A flags field of a record in memory: EINVAL when undefined bits are set."""
    if raw & ~int(flags_cls.ALL):  # int(): IntFlag's own ~ drops undefined bits
        raise Fail(Errno.INVAL)
    return raw
