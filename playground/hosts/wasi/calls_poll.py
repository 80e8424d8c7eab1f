"""`poll_oneoff`: waiting for clocks and descriptors (this is how `sleep` and `nanosleep` arrive).

Descriptors are always ready: standard input has data or its end (a read
never fails to return), files and the output streams can always be read or
written. When nothing is ready, the call waits for the earliest clock
deadline: the fake clock jumps there at once (deterministic and instant),
the real one sleeps.
"""

from __future__ import annotations

from playground.hosts.wasi import fdtable
from playground.hosts.wasi.abi import EVENT, SUBSCRIPTION, Clockid, Errno, Eventrwflags, Eventtype, Subclockflags
from playground.hosts.wasi.calls import enum_field, flags_field, wasi_call
from playground.hosts.wasi.errors import Fail


def _deadline(host, sub: dict) -> int:
    """A clock subscription's deadline on the monotonic clock."""
    clock = enum_field(Clockid, sub["clock_id"])
    absolute = flags_field(sub["clock_flags"], Subclockflags) & Subclockflags.ABSTIME
    now = host.clock.peek_monotonic()
    timeout = sub["timeout"]
    if clock is Clockid.MONOTONIC:
        return timeout if absolute else now + timeout
    if clock is Clockid.REALTIME:
        return now + max(0, timeout - host.clock.peek_realtime()) if absolute else now + timeout
    raise Fail(Errno.INVAL)  # the CPU-time clocks cannot be waited on


def _fd_event(host, kind: Eventtype, fd: int) -> tuple[int, int]:
    """(nbytes, flags) for a ready descriptor; EBADF for one that cannot be polled."""
    desc = host.fds.get(fd)
    if kind is Eventtype.FD_READ and isinstance(desc, fdtable.Stdin):
        return 1, 0
    if kind is Eventtype.FD_READ and isinstance(desc, fdtable.File):
        left = max(0, desc.handle.size() - desc.position)
        return left, 0 if left else Eventrwflags.HANGUP
    if kind is Eventtype.FD_WRITE and isinstance(desc, (fdtable.Output, fdtable.File)):
        return 1, 0
    raise Fail(Errno.BADF)


@wasi_call("poll_oneoff", "iiii")
def poll_oneoff(host, mem, in_ptr: int, out_ptr: int, nsubscriptions: int, nevents_ptr: int):
    """Wait until a subscription is ready; write an `event` for each ready one, in subscription order."""
    if nsubscriptions == 0:
        raise Fail(Errno.INVAL)
    subs = [mem.read_record(SUBSCRIPTION, in_ptr + i * SUBSCRIPTION.size) for i in range(nsubscriptions)]
    clocks: dict[int, int] = {}  # index -> deadline
    ready: dict[int, tuple[int, int]] = {}  # index -> (nbytes, flags)
    for i, sub in enumerate(subs):
        kind = enum_field(Eventtype, sub["tag"])
        if kind is Eventtype.CLOCK:
            clocks[i] = _deadline(host, sub)
        else:
            ready[i] = _fd_event(host, kind, sub["file_descriptor"])
    if not ready:
        host.clock.sleep_until_monotonic(min(clocks.values()))
    now = host.clock.peek_monotonic()
    count = 0
    for i, sub in enumerate(subs):
        if i in ready:
            nbytes, flags = ready[i]
        elif i in clocks and clocks[i] <= now:
            nbytes, flags = 0, 0
        else:
            continue
        mem.write_record(
            EVENT,
            out_ptr + count * EVENT.size,
            userdata=sub["userdata"],
            error=Errno.SUCCESS,
            type=sub["tag"],
            nbytes=nbytes,
            flags=flags,
        )
        count += 1
    mem.set_u32(nevents_ptr, count)
