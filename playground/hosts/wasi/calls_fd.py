"""Calls on an open descriptor: reading, writing, seeking, metadata, directories, renumbering.

Which descriptor kinds each call accepts, and the errno for the others,
follow wasmtime's preview1 (EBADF for a directory passed to fd_read, ESPIPE
for fd_seek on a standard stream, ENOTSUP from fd_allocate, ...), so that a
program behaves the same under both.
"""

from __future__ import annotations

import dataclasses

from playground.hosts.wasi import fdtable
from playground.hosts.wasi.abi import (
    DIRENT,
    FDSTAT,
    FILESTAT,
    PRESTAT,
    Advice,
    Errno,
    Fdflags,
    Filetype,
    Fstflags,
    Preopentype,
    Rights,
    Whence,
)
from playground.hosts.wasi.calls import enum_arg, flags_arg, u64_to_s64, wasi_call
from playground.hosts.wasi.errors import Fail

MAX_FILESIZE = (1 << 63) - 1


def gather(mem, iovs: list[tuple[int, int]]) -> bytes:
    return b"".join(mem.read(buf, n) for buf, n in iovs if n)


def scatter(mem, iovs: list[tuple[int, int]], data: bytes) -> None:
    pos = 0
    for buf, n in iovs:
        if pos >= len(data):
            break
        piece = data[pos : pos + n]
        mem.write(buf, piece)
        pos += len(piece)


# --- reading and writing ----------------------------------------------------------------
def _write_file(desc: fdtable.File, data: bytes, offset: int | None) -> int:
    """Write at `offset` (None: at the position, which advances); append mode always writes at the end."""
    if not desc.writable:
        raise Fail(Errno.BADF)
    handle = desc.handle
    if desc.append:
        n = handle.write_at(data, handle.size())
        if offset is None:
            desc.position = handle.size()
        return n
    at = desc.position if offset is None else offset
    if at + len(data) > MAX_FILESIZE:
        raise Fail(Errno.FBIG)
    n = handle.write_at(data, at)
    if offset is None:
        desc.position = at + n
    return n


@wasi_call("fd_write", "iiii")
def fd_write(host, mem, fd: int, iovs: int, iovs_len: int, nwritten_ptr: int):
    """Write the buffers in order; stdout and stderr reach the configured callbacks at once."""
    vectors = mem.iovecs(iovs, iovs_len)
    desc = host.fds.get(fd)
    if isinstance(desc, fdtable.Output):
        n = host.out.write(desc.stream, gather(mem, vectors))
    elif isinstance(desc, fdtable.File):
        n = _write_file(desc, gather(mem, vectors), None)
    else:
        raise Fail(Errno.BADF)
    mem.set_u32(nwritten_ptr, n)


@wasi_call("fd_pwrite", "iiiIi")
def fd_pwrite(host, mem, fd: int, iovs: int, iovs_len: int, offset: int, nwritten_ptr: int):
    vectors = mem.iovecs(iovs, iovs_len)
    desc = host.fds.of_kind(fd, fdtable.File, {fdtable.Output: Errno.SPIPE})
    mem.set_u32(nwritten_ptr, _write_file(desc, gather(mem, vectors), offset))


def _read_file(desc: fdtable.File, n: int, offset: int | None) -> bytes:
    if not desc.readable:
        raise Fail(Errno.BADF)
    at = desc.position if offset is None else offset
    data = desc.handle.read_at(n, at) if n else b""
    if offset is None:
        desc.position = at + len(data)
    return data


@wasi_call("fd_read", "iiii")
def fd_read(host, mem, fd: int, iovs: int, iovs_len: int, nread_ptr: int):
    """Fill the buffers in order; fewer bytes than asked at the end of input (0: end of file)."""
    vectors = mem.iovecs(iovs, iovs_len)
    want = sum(n for _, n in vectors)
    desc = host.fds.get(fd)
    if isinstance(desc, fdtable.Stdin):
        data = desc.source.read(want)[:want]
    elif isinstance(desc, fdtable.File):
        data = _read_file(desc, want, None)
    else:
        raise Fail(Errno.BADF)
    scatter(mem, vectors, data)
    mem.set_u32(nread_ptr, len(data))


@wasi_call("fd_pread", "iiiIi")
def fd_pread(host, mem, fd: int, iovs: int, iovs_len: int, offset: int, nread_ptr: int):
    vectors = mem.iovecs(iovs, iovs_len)
    desc = host.fds.of_kind(fd, fdtable.File, {fdtable.Stdin: Errno.SPIPE})
    data = _read_file(desc, sum(n for _, n in vectors), offset)
    scatter(mem, vectors, data)
    mem.set_u32(nread_ptr, len(data))


# --- the position ------------------------------------------------------------------------
@wasi_call("fd_seek", "iIii")
def fd_seek(host, mem, fd: int, offset: int, whence: int, newoffset_ptr: int):
    """Move the position (SET, CUR or END); EINVAL before the start of the file."""
    whence = enum_arg(Whence, whence)
    delta = u64_to_s64(offset)
    desc = host.fds.seekable(fd)
    if whence is Whence.SET:
        base = 0
    elif whence is Whence.CUR:
        base = desc.position
    else:
        base = desc.handle.size()
    position = base + delta
    if position < 0 or position > MAX_FILESIZE:
        raise Fail(Errno.INVAL)
    desc.position = position
    mem.set_u64(newoffset_ptr, position)


@wasi_call("fd_tell", "ii")
def fd_tell(host, mem, fd: int, offset_ptr: int):
    mem.set_u64(offset_ptr, host.fds.seekable(fd).position)


# --- life of a descriptor ------------------------------------------------------------------
@wasi_call("fd_close", "i")
def fd_close(host, mem, fd: int):
    fdtable.close(host.fds.remove(fd))


@wasi_call("fd_renumber", "ii")
def fd_renumber(host, mem, fd: int, to: int):
    host.fds.renumber(fd, to)


@wasi_call("fd_sync", "i")
def fd_sync(host, mem, fd: int):
    host.fds.file(fd).handle.sync()


@wasi_call("fd_datasync", "i")
def fd_datasync(host, mem, fd: int):
    host.fds.file(fd).handle.sync()


@wasi_call("fd_advise", "iIIi")
def fd_advise(host, mem, fd: int, offset: int, length: int, advice: int):
    """Advice is accepted and ignored (files here need no read-ahead)."""
    enum_arg(Advice, advice)
    host.fds.file(fd)


@wasi_call("fd_allocate", "iII")
def fd_allocate(host, mem, fd: int, offset: int, length: int):
    """ENOTSUP for every file, as wasmtime (preview 2 has no allocate)."""
    host.fds.file(fd)
    raise Fail(Errno.NOTSUP)


# --- descriptor attributes -----------------------------------------------------------------
def _file_rights(filetype: Filetype, readable: bool, writable: bool) -> int:
    rights = Rights.ALL
    if filetype is Filetype.DIRECTORY:
        rights &= ~(Rights.FD_SEEK | Rights.FD_FILESTAT_SET_SIZE | Rights.PATH_FILESTAT_SET_SIZE)
    if not readable:
        rights &= ~(Rights.FD_READ | Rights.FD_READDIR)
    if not writable:
        rights &= ~Rights.FD_WRITE
    return rights


@wasi_call("fd_fdstat_get", "ii")
def fd_fdstat_get(host, mem, fd: int, fdstat_ptr: int):
    """The descriptor's type, flags and rights (reported as wasmtime reports them)."""
    desc = host.fds.get(fd)
    flags = 0
    if isinstance(desc, (fdtable.Stdin, fdtable.Output)):
        filetype = Filetype.CHARACTER_DEVICE if host.config.tty else Filetype.UNKNOWN
        base = inheriting = Rights.FD_READ if isinstance(desc, fdtable.Stdin) else Rights.FD_WRITE
    elif isinstance(desc, fdtable.Dir) and desc.preopen is not None:
        filetype, base, inheriting = Filetype.DIRECTORY, Rights.PREOPEN_BASE, Rights.PREOPEN_INHERITING
    elif isinstance(desc, fdtable.Dir):
        filetype = Filetype.DIRECTORY
        base = inheriting = _file_rights(filetype, True, False)
    else:
        filetype = desc.node.filetype
        base = inheriting = _file_rights(filetype, desc.readable, desc.writable)
        flags = (Fdflags.APPEND if desc.append else 0) | (Fdflags.NONBLOCK if desc.nonblock else 0)
    mem.write_record(
        FDSTAT, fdstat_ptr, fs_filetype=filetype, fs_flags=flags, fs_rights_base=base, fs_rights_inheriting=inheriting
    )


@wasi_call("fd_fdstat_set_flags", "ii")
def fd_fdstat_set_flags(host, mem, fd: int, flags: int):
    """Files only; APPEND and NONBLOCK can change, the sync flags cannot (EINVAL)."""
    flags = flags_arg(flags, Fdflags)
    desc = host.fds.file(fd)
    if flags & (Fdflags.DSYNC | Fdflags.SYNC | Fdflags.RSYNC):
        raise Fail(Errno.INVAL)
    desc.append = bool(flags & Fdflags.APPEND)
    desc.nonblock = bool(flags & Fdflags.NONBLOCK)


def write_filestat(mem, ptr: int, stat) -> None:
    """A `nodes.Stat` as the `filestat` record (its fields are the record's, by name)."""
    mem.write_record(FILESTAT, ptr, **dataclasses.asdict(stat))


@wasi_call("fd_filestat_get", "ii")
def fd_filestat_get(host, mem, fd: int, filestat_ptr: int):
    desc = host.fds.get(fd)
    if isinstance(desc, (fdtable.Stdin, fdtable.Output)):
        filetype = Filetype.CHARACTER_DEVICE if host.config.tty else Filetype.UNKNOWN
        mem.write_record(FILESTAT, filestat_ptr, filetype=filetype)
        return
    stat = desc.node.stat() if isinstance(desc, fdtable.Dir) else desc.handle.stat()
    write_filestat(mem, filestat_ptr, stat)


@wasi_call("fd_filestat_set_size", "iI")
def fd_filestat_set_size(host, mem, fd: int, size: int):
    """Truncate or extend with zeros."""
    desc = host.fds.file(fd)
    if desc.read_only:
        raise Fail(Errno.PERM)
    if not desc.writable:
        raise Fail(Errno.INVAL)  # what ftruncate says for a descriptor not open for writing (and so wasmtime)
    if size > MAX_FILESIZE:
        raise Fail(Errno.FBIG)
    desc.handle.set_size(size)


def new_times(host, atim: int, mtim: int, fst_flags: int) -> tuple[int | None, int | None]:
    """The (atim, mtim) to set from `fstflags`: None leaves one unchanged; both a value and NOW is EINVAL."""
    fst_flags = flags_arg(fst_flags, Fstflags)
    out = []
    for value, set_bit, now_bit in ((atim, Fstflags.ATIM, Fstflags.ATIM_NOW), (mtim, Fstflags.MTIM, Fstflags.MTIM_NOW)):
        if fst_flags & set_bit and fst_flags & now_bit:
            raise Fail(Errno.INVAL)
        out.append(value if fst_flags & set_bit else host.clock.peek_realtime() if fst_flags & now_bit else None)
    return out[0], out[1]


@wasi_call("fd_filestat_set_times", "iIIi")
def fd_filestat_set_times(host, mem, fd: int, atim: int, mtim: int, fst_flags: int):
    times = new_times(host, atim, mtim, fst_flags)
    desc = host.fds.get(fd)
    if not isinstance(desc, (fdtable.File, fdtable.Dir)):
        raise Fail(Errno.BADF)
    if desc.read_only:
        raise Fail(Errno.PERM)
    target = desc.node if isinstance(desc, fdtable.Dir) else desc.handle
    target.set_times(*times)


# --- preopens and directories -------------------------------------------------------------
@wasi_call("fd_prestat_get", "ii")
def fd_prestat_get(host, mem, fd: int, prestat_ptr: int):
    """For a preopened directory, the length of its name; EBADF for any other descriptor (libc stops there)."""
    desc = host.fds.get(fd)
    if not isinstance(desc, fdtable.Dir) or desc.preopen is None:
        raise Fail(Errno.BADF)
    mem.write_record(PRESTAT, prestat_ptr, tag=Preopentype.DIR, pr_name_len=len(desc.preopen.encode()))


@wasi_call("fd_prestat_dir_name", "iii")
def fd_prestat_dir_name(host, mem, fd: int, path: int, path_len: int):
    desc = host.fds.get(fd)
    if not isinstance(desc, fdtable.Dir) or desc.preopen is None:
        raise Fail(Errno.NOTDIR)
    name = desc.preopen.encode()
    if len(name) > path_len:
        raise Fail(Errno.NAMETOOLONG)
    mem.write(path, name)


@wasi_call("fd_readdir", "iiiIi")
def fd_readdir(host, mem, fd: int, buf: int, buf_len: int, cookie: int, bufused_ptr: int):
    """Entries from `cookie` on: ".", "..", then the names in sorted order, each a `dirent` and its name.

    The buffer is filled completely when the entries do not fit (the last one
    cut short), so a result equal to `buf_len` tells libc to ask again.
    """
    desc = host.fds.dir(fd)
    own = desc.node.stat().ino
    listing = [(".", own, Filetype.DIRECTORY), ("..", own, Filetype.DIRECTORY)]
    listing += [(name, node.stat().ino, node.filetype) for name, node in desc.node.entries()]
    out = bytearray()
    for index in range(cookie, len(listing)):
        if len(out) >= buf_len:
            break
        name, ino, filetype = listing[index]
        raw = name.encode()
        out += DIRENT.pack(d_next=index + 1, d_ino=ino, d_namlen=len(raw), d_type=filetype) + raw
    data = bytes(out[:buf_len])
    mem.write(buf, data)
    mem.set_u32(bufused_ptr, len(data))
