"""Path calls from WAT, on an in-memory preopen and on a mapped host directory alike."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from wasi_helpers import Guest  # noqa: E402

from playground.hosts.wasi import Errno, Preopen  # noqa: E402
from playground.hosts.wasi.abi import FILESTAT, Filetype, Oflags, Rights  # noqa: E402
from playground.wasm.errors import Trap  # noqa: E402

FILES = {"a.txt": b"0123456789", "sub/b.txt": b"bee"}


@pytest.fixture(params=["memory", "host"])
def g(request, tmp_path) -> Guest:
    """A guest with /data (fd 3) holding a.txt and sub/b.txt, in memory or in a temporary host folder."""
    if request.param == "memory":
        guest = Guest(preopens=[Preopen("/data", files=FILES)])
    else:
        for name, data in FILES.items():
            (tmp_path / name).parent.mkdir(exist_ok=True)
            (tmp_path / name).write_bytes(data)
        guest = Guest(preopens=[Preopen("/data", str(tmp_path))])
    yield guest
    guest.host.close()


def stat(g: Guest, path: str, follow: int = 1) -> dict | int:
    p, n = g.put(3000, path)
    errno = g.call("path_filestat_get", 3, follow, p, n, 1000)
    return FILESTAT.unpack(g.get(1000, FILESTAT.size)) if errno == 0 else errno


def contents(g: Guest, path: str) -> bytes:
    errno, fd = g.open(3, path, rights=Rights.FD_READ)
    assert errno == 0, Errno(errno)
    errno, data = g.read(fd, 1000)
    g.call("fd_close", fd)
    return data


def test_open_existing_missing_and_created(g):
    assert g.open(3, "a.txt")[0] == 0
    assert g.open(3, "missing.txt")[0] == Errno.NOENT
    assert g.open(3, "nodir/x.txt", oflags=Oflags.CREAT)[0] == Errno.NOENT
    errno, fd = g.open(3, "c.txt", oflags=Oflags.CREAT)
    assert errno == 0 and g.write(fd, "sea") == 0
    assert contents(g, "c.txt") == b"sea"
    assert g.open(3, "c.txt", oflags=Oflags.CREAT | Oflags.EXCL)[0] == Errno.EXIST
    assert g.open(3, "c.txt", oflags=Oflags.TRUNC)[0] == 0 and contents(g, "c.txt") == b""


def test_open_directories(g):
    errno, fd = g.open(3, "sub", oflags=Oflags.DIRECTORY, rights=Rights.FD_READ)
    assert errno == 0
    assert g.open(fd, "b.txt")[0] == 0  # a directory descriptor opens beneath itself
    assert g.open(3, "sub", rights=Rights.FD_WRITE)[0] == Errno.ISDIR
    assert g.open(3, "a.txt", oflags=Oflags.DIRECTORY)[0] == Errno.NOTDIR
    assert g.open(3, "a.txt/")[0] == Errno.NOTDIR
    assert g.open(3, "sub/", rights=Rights.FD_READ)[0] == 0
    assert g.open(3, ".", rights=Rights.FD_READ)[0] == 0
    assert g.open(3, "x", oflags=Oflags.CREAT | Oflags.DIRECTORY)[0] == Errno.INVAL


def test_open_bad_arguments(g):
    assert g.open(3, "")[0] == Errno.NOENT
    assert g.open(3, "a\0b")[0] == Errno.INVAL
    assert g.open(1, "a.txt")[0] == Errno.BADF
    assert g.open(77, "a.txt")[0] == Errno.BADF
    _, fd = g.open(3, "a.txt")
    assert g.open(fd, "x")[0] == Errno.NOTDIR
    with pytest.raises(Trap, match="path_open: invalid flag value Oflags"):
        g.open(3, "a.txt", oflags=1 << 7)
    p = g.put(3000, b"\xff\xfe")[0]
    assert g.call("path_open", 3, 0, p, 2, 0, 2, 0, 0, 1016) == Errno.ILSEQ


def test_create_and_remove_directories(g):
    assert g.path_call("path_create_directory", 3, "new") == 0
    assert g.path_call("path_create_directory", 3, "new") == Errno.EXIST
    assert g.path_call("path_create_directory", 3, "a.txt") == Errno.EXIST
    assert g.path_call("path_create_directory", 3, "no/such") == Errno.NOENT
    assert g.path_call("path_create_directory", 3, "new/inner/") == 0
    assert g.path_call("path_remove_directory", 3, "new") == Errno.NOTEMPTY
    assert g.path_call("path_remove_directory", 3, "a.txt") == Errno.NOTDIR
    assert g.path_call("path_remove_directory", 3, "new/inner") == 0
    assert g.path_call("path_remove_directory", 3, "new") == 0
    assert g.path_call("path_remove_directory", 3, "new") == Errno.NOENT
    assert g.path_call("path_create_directory", 1, "x") == Errno.BADF


def test_unlink(g):
    assert g.path_call("path_unlink_file", 3, "sub") == Errno.ISDIR
    assert g.path_call("path_unlink_file", 3, "a.txt/") == Errno.NOTDIR
    assert g.path_call("path_unlink_file", 3, "a.txt") == 0
    assert g.path_call("path_unlink_file", 3, "a.txt") == Errno.NOENT
    assert stat(g, "a.txt") == Errno.NOENT


def test_filestat_by_path(g):
    st = stat(g, "a.txt")
    assert (st["filetype"], st["size"]) == (Filetype.REGULAR_FILE, 10)
    assert stat(g, "sub")["filetype"] == Filetype.DIRECTORY
    assert stat(g, "sub/../a.txt")["size"] == 10
    assert stat(g, "nothing") == Errno.NOENT
    assert stat(g, "a.txt/x") == Errno.NOTDIR
    p, n = g.put(3000, "a.txt")
    with pytest.raises(Trap, match="invalid flag value Lookupflags"):
        g.call("path_filestat_get", 3, 2, p, n, 1000)


def test_filestat_set_times_by_path(g):
    p, n = g.put(3000, "a.txt")
    assert g.call("path_filestat_set_times", 3, 1, p, n, 5_000_000_000, 7_000_000_000, 1 | 4) == 0
    st = stat(g, "a.txt")
    assert (st["atim"], st["mtim"]) == (5_000_000_000, 7_000_000_000)
    assert g.call("path_filestat_set_times", 3, 1, p, n, 0, 0, 4 | 8) == Errno.INVAL
    p, n = g.put(3000, "gone")
    assert g.call("path_filestat_set_times", 3, 1, p, n, 0, 0, 1) == Errno.NOENT


def test_rename(g):
    def rename(old: str, new: str) -> int:
        o, on = g.put(3000, old)
        w, wn = g.put(3100, new)
        return g.call("path_rename", 3, o, on, 3, w, wn)

    assert rename("a.txt", "sub/moved.txt") == 0
    assert contents(g, "sub/moved.txt") == b"0123456789" and stat(g, "a.txt") == Errno.NOENT
    assert rename("sub/moved.txt", "sub/b.txt") == 0  # replaces a file
    assert contents(g, "sub/b.txt") == b"0123456789"
    assert rename("missing", "x") == Errno.NOENT
    assert g.path_call("path_create_directory", 3, "d") == 0
    assert rename("sub/b.txt", "d") == Errno.ISDIR
    assert rename("d", "sub/b.txt") == Errno.NOTDIR
    assert rename("sub", "sub/inner") == Errno.INVAL
    assert rename("sub", "d") == 0  # an empty directory is replaced
    assert stat(g, "sub") == Errno.NOENT and contents(g, "d/b.txt") == b"0123456789"
    assert g.path_call("path_create_directory", 3, "e") == 0 and g.path_call("path_create_directory", 3, "d/f") == 0
    assert rename("e", "d") == Errno.NOTEMPTY


def test_hard_links(g):
    o, on = g.put(3000, "a.txt")
    w, wn = g.put(3100, "again.txt")
    assert g.call("path_link", 3, 0, o, on, 3, w, wn) == 0
    assert stat(g, "a.txt")["nlink"] == 2
    assert g.call("path_link", 3, 0, o, on, 3, w, wn) == Errno.EXIST
    _, fd = g.open(3, "again.txt", oflags=Oflags.TRUNC)
    assert g.write(fd, "shared") == 0 and contents(g, "a.txt") == b"shared"
    s, sn = g.put(3000, "sub")
    assert g.call("path_link", 3, 0, s, sn, 3, w, wn) == Errno.PERM  # no links to directories


def test_symlinks(g):
    def symlink(target: str, name: str) -> int:
        t, tn = g.put(3000, target)
        p, pn = g.put(3100, name)
        return g.call("path_symlink", t, tn, 3, p, pn)

    def readlink(name: str, size: int = 100) -> tuple[int, bytes]:
        p, pn = g.put(3000, name)
        errno = g.call("path_readlink", 3, p, pn, 4000, size, 1020)
        return errno, (g.get(4000, g.u32(1020)) if errno == 0 else b"")

    assert symlink("sub/b.txt", "link") == 0
    assert readlink("link") == (0, b"sub/b.txt")
    assert readlink("link", 3) == (0, b"sub")  # cut to the buffer, no error
    assert readlink("a.txt") == (Errno.INVAL, b"")
    assert contents(g, "link") == b"bee"
    assert g.open(3, "link", follow=0)[0] == Errno.LOOP
    assert stat(g, "link", follow=0)["filetype"] == Filetype.SYMBOLIC_LINK
    assert stat(g, "link", follow=1)["filetype"] == Filetype.REGULAR_FILE
    assert symlink("x", "link") == Errno.EXIST
    assert symlink("/etc/passwd", "abs") == Errno.PERM
    assert symlink("loop2", "loop1") == 0 and symlink("loop1", "loop2") == 0
    assert g.open(3, "loop1")[0] == Errno.LOOP
    assert symlink("nowhere", "dangling") == 0 and g.open(3, "dangling")[0] == Errno.NOENT
    assert g.path_call("path_unlink_file", 3, "link") == 0 and contents(g, "sub/b.txt") == b"bee"


def test_host_directory_sees_the_changes(tmp_path):
    g = Guest(preopens=[Preopen("out", str(tmp_path))])
    _, fd = g.open(3, "made.txt", oflags=Oflags.CREAT)
    assert g.write(fd, "from the guest") == 0
    g.host.close()
    assert (tmp_path / "made.txt").read_bytes() == b"from the guest"
    assert sorted(os.listdir(tmp_path)) == ["made.txt"]
