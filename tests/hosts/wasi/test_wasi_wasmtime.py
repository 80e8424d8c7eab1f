"""The same preview1 calls under our host and under wasmtime (the PyPI package), compared result by result.

Each scenario drives a guest (the WAT forwarder of wasi_helpers) through a
series of calls and returns what it observed: errnos, "trap", bytes read
back. Both hosts get identical folders. Skipped where `wasmtime` is not
installed (it is in the bench extra). Known, deliberate differences are
left out of the scenarios and listed here:

- proc_raise: ENOSYS here (the issue asks for it), ENOTSUP in wasmtime;
- inode numbers and timestamps (wasmtime reports hashes of host metadata);
- fd_write / fd_read move every buffer of the iovec array, wasmtime only the
  first non-empty one (both are valid POSIX short transfers; libc loops).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from wasi_helpers import Guest, WasmtimeGuest  # noqa: E402

from playground.hosts.wasi import Preopen  # noqa: E402
from playground.hosts.wasi.abi import DIRENT, FDSTAT, FILESTAT, PRESTAT, SUBSCRIPTION, Fdflags, Oflags, Rights  # noqa: E402

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

R, W = Rights.FD_READ, Rights.FD_WRITE


def make_box(root: Path) -> Path:
    """box/ (a.txt, sub/b.txt, links that stay in and links that point out) beside outside/secret.txt."""
    (root / "outside").mkdir(parents=True)
    (root / "outside" / "secret.txt").write_text("secret")
    box = root / "box"
    (box / "sub").mkdir(parents=True)
    (box / "a.txt").write_text("0123456789")
    (box / "sub" / "b.txt").write_text("bee")
    (box / "empty").mkdir()
    os.symlink("a.txt", box / "in_link")
    os.symlink("sub", box / "sub_link")
    os.symlink(str(root / "outside" / "secret.txt"), box / "abs_link")
    os.symlink("../outside/secret.txt", box / "rel_link")
    os.symlink("../outside", box / "dir_link")
    os.symlink("../../outside", box / "sub" / "deep")
    os.symlink("dangling_target", box / "dangling")
    return box


def both(tmp_path, scenario, *, mutable: bool = True, stdin: bytes = b""):
    """Run `scenario(guest)` on ours and on wasmtime's, each over its own copy of the box."""
    pytest.importorskip("wasmtime")
    results = []
    for side in ("ours", "wasmtime"):
        box = make_box(tmp_path / side)
        if side == "ours":
            g = Guest(preopens=[Preopen("box", str(box), read_only=not mutable)], stdin=stdin)
        else:
            g = WasmtimeGuest(dirs={"box": (box, mutable)}, stdin=stdin)
        try:
            results.append(scenario(g))
        finally:
            g.close()
    return results


def check(tmp_path, scenario, **options):
    ours, theirs = both(tmp_path, scenario, **options)
    assert len(ours) == len(theirs)
    differ = [f"step {i}: ours {a!r}, wasmtime {b!r}" for i, (a, b) in enumerate(zip(ours, theirs)) if a != b]
    assert not differ, "\n".join(differ)


OPEN_PATHS = [
    "a.txt", "sub/b.txt", "sub", "sub/", "a.txt/", ".", "./a.txt", "sub/../a.txt", "", "a\0b", "missing",
    "missing/x", "..", "../outside/secret.txt", "sub/../..", "in_link", "sub_link", "abs_link", "rel_link",
    "dir_link/secret.txt", "sub/deep/secret.txt", "dangling", "/etc/passwd", "sub_link/b.txt",
]  # fmt: skip


@pytest.mark.parametrize("follow", [0, 1])
def test_path_open_resolution(tmp_path, follow):
    def scenario(g):
        out = []
        for path in OPEN_PATHS:
            for rights in (R, R | W):
                out.append((path, rights, g.open(3, path, rights=rights, follow=follow)[0]))
            out.append((path, "dir", g.open(3, path, rights=R, oflags=Oflags.DIRECTORY, follow=follow)[0]))
        return out

    check(tmp_path, scenario)


def test_path_open_flags(tmp_path):
    def scenario(g):
        return [
            g.open(3, "new.txt", oflags=Oflags.CREAT)[0],
            g.open(3, "new.txt", oflags=Oflags.CREAT | Oflags.EXCL)[0],
            g.open(3, "a.txt", oflags=Oflags.TRUNC)[0],
            g.read(g.open(3, "a.txt", rights=R)[1], 10),
            g.open(3, "x", oflags=Oflags.CREAT | Oflags.DIRECTORY)[0],
            g.open(3, "sub", oflags=Oflags.CREAT)[0],
            g.open(3, "newdir/", oflags=Oflags.CREAT)[0],
            g.open(3, "dangling", oflags=Oflags.CREAT, follow=0)[0],
            g.try_call("path_open", 3, 1, *g.put(3000, "a.txt"), 1 << 6, R, 0, 0, 1016),
            g.try_call("path_open", 3, 1, *g.put(3000, "a.txt"), 0, 1 << 40, 0, 0, 1016),
            g.try_call("path_open", 3, 1, *g.put(3000, "a.txt"), 0, R, 0, 1 << 7, 1016),
            g.try_call("path_open", 3, 4, *g.put(3000, "a.txt"), 0, R, 0, 0, 1016),
            g.open(1, "a.txt")[0],
            g.open(77, "a.txt")[0],
            g.open(g.open(3, "a.txt", rights=R)[1], "x")[0],
        ]

    check(tmp_path, scenario)


def test_path_changes(tmp_path):
    def scenario(g):
        return [
            g.path_call("path_create_directory", 3, "new"),
            g.path_call("path_create_directory", 3, "new"),
            g.path_call("path_create_directory", 3, "a.txt"),
            g.path_call("path_create_directory", 3, "no/such"),
            g.path_call("path_create_directory", 3, "../escape"),
            g.path_call("path_create_directory", 3, "dir_link/escape"),
            g.path_call("path_remove_directory", 3, "sub"),
            g.path_call("path_remove_directory", 3, "a.txt"),
            g.path_call("path_remove_directory", 3, "missing"),
            g.path_call("path_remove_directory", 3, "empty"),
            g.path_call("path_unlink_file", 3, "sub"),
            g.path_call("path_unlink_file", 3, "missing"),
            g.path_call("path_unlink_file", 3, "in_link"),
            g.path_call("path_unlink_file", 3, "dir_link/secret.txt"),
            g.path_call("path_unlink_file", 3, "a.txt/"),
            g.two_paths("path_rename", 3, "a.txt", 3, "sub/moved.txt"),
            g.two_paths("path_rename", 3, "missing", 3, "x"),
            g.two_paths("path_rename", 3, "sub/moved.txt", 3, "sub"),
            g.two_paths("path_rename", 3, "new", 3, "sub/b.txt"),
            g.two_paths("path_rename", 3, "sub", 3, "sub/inner"),
            g.two_paths("path_rename", 3, "sub/moved.txt", 3, "../stolen"),
            g.two_paths("path_rename", 3, "new", 3, "sub"),
            g.two_paths("path_link", 3, "sub/b.txt", 3, "hard", flags=0),
            g.two_paths("path_link", 3, "sub/b.txt", 3, "hard", flags=0),
            g.two_paths("path_link", 3, "sub", 3, "dirlink", flags=0),
            g.two_paths("path_link", 3, "rel_link", 3, "copy", flags=1),
            g.two_paths("path_link", 3, "missing", 3, "copy2", flags=0),
            symlink(g, "target", "newlink"),
            symlink(g, "target", "newlink"),
            symlink(g, "/etc/passwd", "abslink"),
            symlink(g, "x", "../outlink"),
        ]

    check(tmp_path, scenario)


def symlink(g, target: str, name: str) -> int:
    t, tn = g.put(3000, target)
    p, pn = g.put(3100, name)
    return g.call("path_symlink", t, tn, 3, p, pn)


def test_read_only_preopen(tmp_path):
    def scenario(g):
        return [
            g.open(3, "a.txt", rights=R)[0],
            g.open(3, "a.txt", rights=W)[0],
            g.open(3, "a.txt", rights=R, oflags=Oflags.TRUNC)[0],
            g.open(3, "n", rights=R, oflags=Oflags.CREAT)[0],
            g.path_call("path_create_directory", 3, "n"),
            g.path_call("path_remove_directory", 3, "empty"),
            g.path_call("path_unlink_file", 3, "a.txt"),
            g.two_paths("path_rename", 3, "a.txt", 3, "b"),
            g.two_paths("path_link", 3, "a.txt", 3, "b", flags=0),
            symlink(g, "a.txt", "b"),
        ]

    check(tmp_path, scenario, mutable=False)


def test_stat_and_readlink(tmp_path):
    def scenario(g):
        out = []
        for path in ("a.txt", "sub", "in_link", "abs_link", "rel_link", "dangling", "missing", "sub/deep", "a.txt/"):
            for follow in (0, 1):
                p, n = g.put(3000, path)
                errno = g.call("path_filestat_get", 3, follow, p, n, 1000)
                st = FILESTAT.unpack(g.get(1000, 64)) if errno == 0 else {}
                out.append((path, follow, errno, st.get("filetype"), st.get("size") if path == "a.txt" else None))
            p, n = g.put(3000, path)
            errno = g.call("path_readlink", 3, p, n, 4000, 5, 1020)
            out.append((path, "readlink", errno, g.get(4000, g.u32(1020)) if errno == 0 else None))
        return out

    check(tmp_path, scenario)


def test_descriptors(tmp_path):
    def fdstat(g, fd):
        errno = g.call("fd_fdstat_get", fd, 1000)
        return errno, (FDSTAT.unpack(g.get(1000, 24)) if errno == 0 else None)

    def scenario(g):
        _, f = g.open(3, "a.txt", rights=R | W)
        _, ro = g.open(3, "sub/b.txt", rights=R)
        _, d = g.open(3, "sub", rights=R, oflags=Oflags.DIRECTORY)
        iov, n = g.iovecs(1000, (2048, 4))
        return [
            (f, ro, d),
            fdstat(g, 0), fdstat(g, 1), fdstat(g, 2), fdstat(g, 3), fdstat(g, f), fdstat(g, ro), fdstat(g, d), fdstat(g, 77),
            g.call("fd_prestat_get", 3, 1000), PRESTAT.unpack(g.get(1000, 8)),
            g.call("fd_prestat_get", d, 1000), g.call("fd_prestat_get", 1, 1000), g.call("fd_prestat_get", 90, 1000),
            g.call("fd_prestat_dir_name", 3, 2000, 2), g.call("fd_prestat_dir_name", d, 2000, 10),
            g.call("fd_prestat_dir_name", 3, 2000, 3), g.get(2000, 3),
            g.call("fd_seek", 0, 0, 0, 1000), g.call("fd_seek", 3, 0, 0, 1000), g.try_call("fd_seek", f, 0, 9, 1000),
            g.call("fd_seek", f, 2**64 - 1, 0, 1000), g.call("fd_seek", f, 3, 0, 1000), g.u64(1000),
            g.call("fd_tell", f, 1000), g.u64(1000), g.call("fd_tell", 1, 1000),
            g.read(f, 4), g.read(3, 4), g.read(1, 4), g.write(0, "x"), g.write(3, "x"), g.write(ro, "x"),
            g.call("fd_pwrite", 1, iov, n, 0, 1020), g.call("fd_pread", 0, iov, n, 0, 1020),
            g.call("fd_pread", f, iov, n, 6, 1020), g.get(2048, 4),
            g.call("fd_sync", f), g.call("fd_sync", 1), g.call("fd_datasync", d),
            g.call("fd_advise", f, 0, 0, 2), g.try_call("fd_advise", f, 0, 0, 9), g.call("fd_advise", 1, 0, 0, 0),
            g.call("fd_allocate", f, 0, 10), g.call("fd_allocate", d, 0, 10),
            g.call("fd_fdstat_set_flags", f, Fdflags.APPEND), fdstat(g, f),
            g.call("fd_fdstat_set_flags", f, Fdflags.SYNC), g.call("fd_fdstat_set_flags", 1, 0),
            g.try_call("fd_fdstat_set_flags", f, 1 << 10), g.try_call("fd_filestat_set_times", f, 0, 0, 1 << 5),
            g.call("fd_filestat_set_size", f, 3), g.call("fd_filestat_set_size", ro, 1),
            g.call("fd_filestat_set_size", d, 1), g.call("fd_filestat_set_times", f, 0, 0, 1 | 2),
            g.call("fd_filestat_set_times", 1, 0, 0, 0),
            g.call("fd_renumber", ro, 77), g.call("fd_renumber", ro, f), g.read(f, 10), g.call("fd_close", ro),
            g.open(3, "a.txt")[1], g.open(3, "a.txt")[1],
            g.call("fd_close", 2), g.write(2, "x"), g.open(3, "a.txt")[1],
        ]  # fmt: skip

    check(tmp_path, scenario)


def test_readdir(tmp_path):
    def scenario(g):
        out = []
        for cookie, size in ((0, 4096), (3, 4096), (0, 30), (0, 24), (100, 4096)):
            errno = g.call("fd_readdir", 3, 4000, size, cookie, 1020)
            raw = g.get(4000, g.u32(1020)) if errno == 0 else b""
            names, at = [], 0
            while at + DIRENT.size <= len(raw):
                d = DIRENT.unpack(raw[at : at + DIRENT.size])
                at += DIRENT.size
                names.append((d["d_next"], raw[at : at + d["d_namlen"]], d["d_type"]))
                at += d["d_namlen"]
            # a real directory's order is the host's (sorted here): past "." and "..", compare the set,
            # and after a cookie into the entries only how many came back
            if cookie == 0:
                out.append((size, errno, len(raw), names[:2], sorted(n for _, n, _ in names[2:])))
            else:
                out.append((cookie, size, errno, len(names)))
        out.append(g.call("fd_readdir", 1, 4000, 100, 0, 1020))
        return out

    check(tmp_path, scenario)


def poll_one(g, **fields) -> int:
    """poll_oneoff on one subscription made of `fields` (an odd tag, clock or flags)."""
    g.put(4096, SUBSCRIPTION.pack(userdata=1, **fields))
    return g.call("poll_oneoff", 4096, 8192, 1, 1020)


def test_clocks_poll_and_misc(tmp_path):
    def scenario(g):
        sub = SUBSCRIPTION.pack(userdata=5, tag=1, file_descriptor=99)
        g.put(4096, sub)
        return [
            g.call("clock_time_get", 0, 0, 1000), g.call("clock_time_get", 1, 0, 1000),
            g.call("clock_time_get", 2, 0, 1000), g.call("clock_time_get", 3, 0, 1000),
            g.try_call("clock_time_get", 4, 0, 1000), g.call("clock_res_get", 2, 1000),
            g.try_call("clock_res_get", 9, 1000), g.try_call("proc_raise", 99),
            g.call("random_get", 1000, 16), g.call("sched_yield"),
            g.call("poll_oneoff", 4096, 8192, 0, 1020), g.call("poll_oneoff", 4096, 8192, 1, 1020),
            poll_one(g, tag=7), poll_one(g, tag=0, clock_id=9), poll_one(g, tag=0, clock_id=2),
            poll_one(g, tag=0, clock_flags=4), poll_one(g, tag=2, file_descriptor=3),
            g.call("args_sizes_get", 1000, 1004), g.call("environ_sizes_get", 1000, 1004),
        ]  # fmt: skip

    check(tmp_path, scenario)


def test_bad_pointers_trap_alike(tmp_path):
    def scenario(g):
        g.iovecs(1000, (65530, 100))
        return [
            g.try_call("args_sizes_get", 65536, 1400),
            g.try_call("args_sizes_get", 1402, 1400),
            g.try_call("fd_write", 1, 65532, 1, 1020),
            g.try_call("fd_write", 1, 1000, 1, 1020),
            g.try_call("fd_write", 1, 1002, 1, 1020),
            g.try_call("fd_write", 1, 1000, 0, 65536),
            g.try_call("clock_time_get", 1, 0, 1004),
            g.try_call("random_get", 65530, 7),
            g.try_call("fd_filestat_get", 3, 1004),
            g.try_call("fd_prestat_dir_name", 3, 65534, 3),
            g.try_call("path_open", 3, 0, 65530, 10, 0, 2, 0, 0, 1016),
            g.try_call("poll_oneoff", 4100, 8192, 1, 1020),
        ]

    check(tmp_path, scenario)


def test_stdin(tmp_path):
    def scenario(g):
        return [g.read(0, 3), g.read(0, 100), g.read(0, 100)]

    check(tmp_path, scenario, stdin=b"abcdef")


def test_file_io(tmp_path):
    def filestat(g, fd):
        errno = g.call("fd_filestat_get", fd, 1000)
        st = FILESTAT.unpack(g.get(1000, 64)) if errno == 0 else {}
        return errno, st.get("filetype"), st.get("size"), st.get("nlink")

    def scenario(g):
        _, f = g.open(3, "new.txt", oflags=Oflags.CREAT, rights=R | W)
        iov, n = g.iovecs(1000, (2048, 5))  # one buffer: see the module docstring
        g.put(2048, b"abcde")
        out = [g.call("fd_write", f, iov, n, 1020), g.u32(1020), filestat(g, f), filestat(g, 3), filestat(g, 1)]
        out += [g.call("fd_seek", f, 1, 0, 1008), g.read(f, 10), g.read(f, 10)]
        iov, n = g.iovecs(1000, (2048, 2))
        g.put(2048, b"XY")
        out += [g.call("fd_pwrite", f, iov, n, 7, 1020), g.u32(1020), g.call("fd_tell", f, 1008), g.u64(1008)]
        out += [g.call("fd_seek", f, 0, 0, 1008), g.read(f, 20)]
        _, a = g.open(3, "new.txt", rights=W, fdflags=Fdflags.APPEND)
        out += [g.write(a, "++"), g.call("fd_tell", a, 1008), g.u64(1008), filestat(g, a)]
        out += [g.call("fd_pread", f, *g.iovecs(1000, (2048, 20)), 0, 1020), g.get(2048, g.u32(1020))]
        p, pn = g.put(3000, "new.txt")
        out += [g.call("path_filestat_set_times", 3, 0, p, pn, 10**9, 2 * 10**9, 1 | 4)]
        errno = g.call("path_filestat_get", 3, 0, p, pn, 1000)
        st = FILESTAT.unpack(g.get(1000, 64))
        out += [errno, st["atim"], st["mtim"]]
        sub = SUBSCRIPTION.pack(userdata=9, tag=0, clock_id=1, timeout=1_000_000)
        g.put(4096, sub + SUBSCRIPTION.pack(userdata=10, tag=0, clock_id=1, timeout=10**12))
        out += [g.call("poll_oneoff", 4096, 8192, 2, 1020), g.u32(1020), g.u64(8192), g.get(8200, 3)]
        return out

    check(tmp_path, scenario)
