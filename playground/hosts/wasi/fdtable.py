"""The guest's file descriptors: standard streams, open files and directories.

Numbering follows wasmtime's preview1 adapter, so a program that prints a
descriptor number prints the same under both: 0-2 are stdin, stdout and
stderr, the preopened directories follow from 3 in the order given, a new
descriptor reuses the highest number closed before, else takes one past the
highest in use.
"""

from __future__ import annotations

from dataclasses import dataclass

from playground.hosts.wasi.abi import Errno
from playground.hosts.wasi.errors import Fail

MAX_DESCRIPTORS = 1024  # EMFILE past it: a runaway guest must not exhaust the host's files


class Stdin:
    """Descriptor 0: reads from the configured input."""

    def __init__(self, source) -> None:
        self.source = source  # a stdio.InputSource


class Output:
    """Descriptors 1 and 2: `stream` is "stdout" or "stderr"."""

    def __init__(self, stream: str) -> None:
        self.stream = stream


@dataclass
class File:
    """An open regular file (or device): its node, its host handle and its own position."""

    node: object
    handle: object
    readable: bool
    writable: bool
    read_only: bool  # from a read-only preopen: no writes whatever the rights asked
    append: bool = False
    nonblock: bool = False
    position: int = 0


@dataclass
class Dir:
    """An open directory; `preopen` is its guest name when it was preopened."""

    node: object
    read_only: bool
    preopen: str | None = None


class FdTable:
    """Descriptor numbers to descriptors."""

    def __init__(self) -> None:
        self.used: dict[int, object] = {}
        self.free: set[int] = set()

    def push(self, desc) -> int:
        """Install `desc` under a new number (see the module docstring for which)."""
        if self.free:
            fd = max(self.free)
            self.free.remove(fd)
        elif len(self.used) >= MAX_DESCRIPTORS:
            raise Fail(Errno.MFILE)
        else:
            fd = max(self.used) + 1 if self.used else 0
        self.used[fd] = desc
        return fd

    def get(self, fd: int):
        desc = self.used.get(fd)
        if desc is None:
            raise Fail(Errno.BADF)
        return desc

    def of_kind(self, fd: int, kind: type, wrong: dict[type, Errno] | None = None):
        """The descriptor `fd` when it is a `kind`; else the errno `wrong` names for its kind, EBADF by default.

        Which errno a call gives for which other kind follows wasmtime (ESPIPE
        for fd_seek on a standard stream, ENOTDIR for path_open on a file, ...).
        """
        desc = self.get(fd)
        if isinstance(desc, kind):
            return desc
        raise Fail((wrong or {}).get(type(desc), Errno.BADF))

    def file(self, fd: int) -> File:
        """A regular-file descriptor, else EBADF."""
        return self.of_kind(fd, File)

    def dir(self, fd: int) -> Dir:
        """A directory descriptor, else EBADF."""
        return self.of_kind(fd, Dir)

    def seekable(self, fd: int) -> File:
        """A file for fd_seek / fd_tell: ESPIPE for the standard streams, EBADF for the rest."""
        return self.of_kind(fd, File, {Stdin: Errno.SPIPE, Output: Errno.SPIPE})

    def remove(self, fd: int):
        desc = self.get(fd)
        del self.used[fd]
        self.free.add(fd)
        return desc

    def renumber(self, fd: int, to: int) -> None:
        """`fd_renumber`: `to` (which must be open) is closed and `fd` moves there."""
        if fd not in self.used or to not in self.used:
            raise Fail(Errno.BADF)
        if fd == to:
            return
        close(self.remove(to))
        self.used[to] = self.used.pop(fd)
        self.free.add(fd)
        self.free.discard(to)

    def close_all(self) -> None:
        for fd in list(self.used):
            close(self.remove(fd))


def close(desc) -> None:
    """Release what a descriptor holds on the host."""
    if isinstance(desc, File):
        desc.handle.close()
