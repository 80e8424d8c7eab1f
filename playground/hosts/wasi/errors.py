"""What a WASI call can end with besides success.

- `Fail(errno)`: the call returns that errno to the guest (internal control flow, never seen outside).
- `GuestFault`: the guest passed a pointer out of bounds or misaligned; the call traps, as
  the preview1 documents ask ("If an out-of-bounds pointer is passed to a function and
  the function needs to dereference it, the function shall trap") and wasmtime does.
- `ProcExit`: the guest called `proc_exit`; it unwinds out of the interpreter (it is no
  `WasmError`, so the executor does not turn it into a trap) to whoever runs the program.
"""

from __future__ import annotations

import errno as _os_errno

from playground.errors import PlaygroundError
from playground.hosts.wasi.abi import Errno


class Fail(Exception):
    """Return `errno` from the current WASI call."""

    def __init__(self, errno: Errno) -> None:
        super().__init__(errno.name)
        self.errno = errno


class BadValue(Exception):
    """A parameter outside its witx type (an undefined enum value or flag): the call traps."""


class GuestFault(Exception):
    """A bad guest pointer: `str()` says which bytes."""


class ProcExit(PlaygroundError):
    """The guest called `proc_exit(code)` (or `_start` returned, for runners that raise it).

    Runners catch it and end the run with `code` as the exit status; it is
    not an error of the program, and never becomes a trap message.
    """

    def __init__(self, code: int) -> None:
        super().__init__(f"the program exited with status {code}")
        self.code = code
        self.exit_code = code


class WasiConfigError(PlaygroundError):
    """A WASI option the runner cannot honour (a preopen that is no directory, a malformed `--dir`)."""


# Python's errno names (POSIX) -> WASI's. Most differ only by the leading E.
_OS_TO_WASI: dict[int, Errno] = {}
for _name, _member in Errno.__members__.items():
    _code = getattr(_os_errno, "E" + _name, None)
    if _code is not None:
        _OS_TO_WASI.setdefault(_code, _member)
_OS_TO_WASI[_os_errno.E2BIG] = Errno.TOOBIG
if hasattr(_os_errno, "EOPNOTSUPP"):
    _OS_TO_WASI.setdefault(_os_errno.EOPNOTSUPP, Errno.NOTSUP)


def errno_from_os(exc: OSError) -> Errno:
    """The WASI errno for a host `OSError` (EIO when it has no counterpart)."""
    return _OS_TO_WASI.get(exc.errno or 0, Errno.IO)
