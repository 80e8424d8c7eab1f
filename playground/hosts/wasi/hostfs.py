"""Preopened directories backed by a real host directory (only when the user maps one).

Each node is a host path reached one component at a time by resolve.py:
`lookup` uses `lstat`, so the OS never follows a symbolic link for us, and
files are opened with `O_NOFOLLOW`. The guest therefore cannot leave the
directory through `..` or a link (resolve.py refuses both before any host
call), only through the host changing the tree under it while it runs,
which a guest cannot do by itself. Read-only preopens are enforced above,
in the calls (calls_path.py), before anything here is asked to write.
"""

from __future__ import annotations

import os
import stat as st

from playground.hosts.wasi.abi import Errno, Filetype
from playground.hosts.wasi.errors import Fail, WasiConfigError
from playground.hosts.wasi.nodes import Stat

_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_CLOEXEC = getattr(os, "O_CLOEXEC", 0)
_BINARY = getattr(os, "O_BINARY", 0)


_FILETYPES = {
    st.S_IFDIR: Filetype.DIRECTORY,
    st.S_IFREG: Filetype.REGULAR_FILE,
    st.S_IFLNK: Filetype.SYMBOLIC_LINK,
    st.S_IFCHR: Filetype.CHARACTER_DEVICE,
    st.S_IFBLK: Filetype.BLOCK_DEVICE,
    st.S_IFSOCK: Filetype.SOCKET_STREAM,
}


def filetype_of(mode: int) -> Filetype:
    return _FILETYPES.get(st.S_IFMT(mode), Filetype.UNKNOWN)  # UNKNOWN: a FIFO, which preview1 has no code for


def stat_of(s: os.stat_result) -> Stat:
    return Stat(
        s.st_dev,
        s.st_ino,
        filetype_of(s.st_mode),
        s.st_nlink,
        s.st_size,
        s.st_atime_ns,
        s.st_mtime_ns,
        s.st_ctime_ns,
    )


def _set_times(path_or_fd, current: os.stat_result, atim: int | None, mtim: int | None) -> None:
    times = (current.st_atime_ns if atim is None else atim, current.st_mtime_ns if mtim is None else mtim)
    if isinstance(path_or_fd, int):
        os.utime(path_or_fd, ns=times)
    else:
        os.utime(path_or_fd, ns=times, follow_symlinks=False)


def node_at(path: str, s: os.stat_result | None = None):
    """The node for a host path that `lstat` found (None when nothing is there)."""
    if s is None:
        try:
            s = os.lstat(path)
        except FileNotFoundError:
            return None
    if st.S_ISDIR(s.st_mode):
        return HostDir(path, s)
    if st.S_ISLNK(s.st_mode):
        return HostSymlink(path, s)
    return HostFile(path, s)


class HostNode:
    def __init__(self, path: str, s: os.stat_result) -> None:
        self.path = path
        self.filetype = filetype_of(s.st_mode)
        self.key = ("host", s.st_dev, s.st_ino)

    def stat(self) -> Stat:
        return stat_of(os.lstat(self.path))

    def set_times(self, atim: int | None, mtim: int | None) -> None:
        _set_times(self.path, os.lstat(self.path), atim, mtim)


class HostSymlink(HostNode):
    @property
    def target(self) -> str:
        return os.readlink(self.path)


class HostFile(HostNode):
    def open(self, read: bool, write: bool, truncate: bool) -> "HostHandle":
        if read and write:
            flags = os.O_RDWR
        elif write:
            flags = os.O_WRONLY
        else:
            flags = os.O_RDONLY
        if truncate:
            flags |= os.O_TRUNC
        fd = os.open(self.path, flags | _NOFOLLOW | _CLOEXEC | _BINARY)
        return HostHandle(fd)


class HostHandle:
    """An open host file; the position is kept by the descriptor above, so every access says its offset."""

    def __init__(self, fd: int) -> None:
        self.fd = fd

    def read_at(self, n: int, offset: int) -> bytes:
        if hasattr(os, "pread"):
            return os.pread(self.fd, n, offset)
        os.lseek(self.fd, offset, os.SEEK_SET)
        return os.read(self.fd, n)

    def write_at(self, data: bytes, offset: int) -> int:
        if hasattr(os, "pwrite"):
            return os.pwrite(self.fd, data, offset)
        os.lseek(self.fd, offset, os.SEEK_SET)
        return os.write(self.fd, data)

    def size(self) -> int:
        return os.fstat(self.fd).st_size

    def set_size(self, n: int) -> None:
        os.ftruncate(self.fd, n)

    def sync(self) -> None:
        os.fsync(self.fd)

    def stat(self) -> Stat:
        return stat_of(os.fstat(self.fd))

    def set_times(self, atim: int | None, mtim: int | None) -> None:
        _set_times(self.fd, os.fstat(self.fd), atim, mtim)

    def close(self) -> None:
        os.close(self.fd)


class HostDir(HostNode):
    def _path(self, name: str) -> str:
        return os.path.join(self.path, name)

    def lookup(self, name: str):
        return node_at(self._path(name))

    def entries(self) -> list:
        out = []
        for name in sorted(os.listdir(self.path)):
            node = node_at(self._path(name))
            if node is not None:  # removed meanwhile
                out.append((name, node))
        return out

    def mkdir(self, name: str):
        os.mkdir(self._path(name))
        return self.lookup(name)

    def create_file(self, name: str):
        fd = os.open(self._path(name), os.O_CREAT | os.O_EXCL | os.O_WRONLY | _NOFOLLOW | _CLOEXEC, 0o666)
        os.close(fd)
        return self.lookup(name)

    def symlink(self, name: str, target: str):
        os.symlink(target, self._path(name))
        return self.lookup(name)

    def link(self, name: str, node) -> None:
        if not isinstance(node, HostNode):
            raise Fail(Errno.XDEV)
        os.link(node.path, self._path(name), follow_symlinks=False)

    def unlink(self, name: str) -> None:
        node = self.lookup(name)
        if node is None:
            raise Fail(Errno.NOENT)
        if isinstance(node, HostDir):
            raise Fail(Errno.ISDIR)
        os.unlink(node.path)

    def rmdir(self, name: str) -> None:
        node = self.lookup(name)
        if node is None:
            raise Fail(Errno.NOENT)
        if not isinstance(node, HostDir):
            raise Fail(Errno.NOTDIR)
        os.rmdir(node.path)

    def rename(self, name: str, dst_dir, dst_name: str) -> None:
        if not isinstance(dst_dir, HostDir):
            raise Fail(Errno.XDEV)
        # os.rename acts on the final components themselves (it never follows a link there)
        os.rename(self._path(name), dst_dir._path(dst_name))


def host_root(path: str) -> HostDir:
    """The node of a directory the user preopens (its own symlinks resolved: the user chose it)."""
    real = os.path.realpath(path)
    try:
        s = os.stat(real)
    except OSError as exc:
        raise WasiConfigError(f"cannot preopen {path}: {exc.strerror}") from None
    if not st.S_ISDIR(s.st_mode):
        raise WasiConfigError(f"cannot preopen {path}: not a directory")
    return HostDir(real, s)
