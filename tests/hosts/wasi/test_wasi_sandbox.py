"""The sandbox: no path gets out of a preopen, and a read-only preopen changes nothing.

Each escape attempt gets EPERM (what wasmtime answers; see
test_wasi_wasmtime.py for the same calls compared against it), and the host
folder beside the preopen is checked unchanged afterwards.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from wasi_helpers import Guest  # noqa: E402

from playground.hosts.wasi import Errno, Preopen  # noqa: E402
from playground.hosts.wasi.abi import Oflags, Rights  # noqa: E402


def snapshot(folder: Path) -> dict:
    return {str(p.relative_to(folder)): (p.read_bytes() if p.is_file() else None) for p in sorted(folder.rglob("*"))}


@pytest.fixture
def box(tmp_path):
    """tmp/box (preopened as "box") beside tmp/outside/secret.txt, with links planted inside that point out."""
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text("secret")
    box = tmp_path / "box"
    (box / "sub").mkdir(parents=True)
    (box / "a.txt").write_text("inside")
    os.symlink(str(outside / "secret.txt"), box / "abs_link")
    os.symlink("../outside/secret.txt", box / "rel_link")
    os.symlink("../outside", box / "dir_link")
    os.symlink("../../outside", box / "sub" / "deep")
    os.symlink("sub/../..", box / "sneaky")
    before = snapshot(outside)
    guest = Guest(preopens=[Preopen("box", str(box))])
    yield guest, outside
    guest.host.close()
    assert snapshot(outside) == before, "the guest changed something outside its preopen"


ESCAPES = [
    "..",
    "../outside/secret.txt",
    "sub/../../outside/secret.txt",
    "sub/../..",
    "abs_link",
    "rel_link",
    "dir_link/secret.txt",
    "sub/deep/secret.txt",
    "sneaky/outside/secret.txt",
]


@pytest.mark.parametrize("path", ESCAPES)
def test_open_never_leaves_the_preopen(box, path):
    g, _ = box
    assert g.open(3, path, rights=Rights.FD_READ)[0] == Errno.PERM


def test_absolute_paths_are_refused(box):
    g, outside = box
    assert g.open(3, str(outside / "secret.txt"))[0] == Errno.PERM
    assert g.open(3, "/")[0] == Errno.PERM


@pytest.mark.parametrize("path", ["abs_link", "rel_link", "dir_link/secret.txt", "../outside"])
def test_stat_through_an_escape_is_refused(box, path):
    g, _ = box
    p, n = g.put(3000, path)
    assert g.call("path_filestat_get", 3, 1, p, n, 1000) == Errno.PERM


def test_a_link_itself_may_be_inspected(box):
    g, _ = box
    p, n = g.put(3000, "rel_link")
    assert g.call("path_filestat_get", 3, 0, p, n, 1000) == 0  # not followed: the link, inside the box
    assert g.call("path_readlink", 3, p, n, 4000, 100, 1020) == 0 and g.get(4000, g.u32(1020)) == b"../outside/secret.txt"
    p, n = g.put(3000, "abs_link")
    assert g.call("path_readlink", 3, p, n, 4000, 100, 1020) == Errno.PERM  # an absolute target is not shown


def test_writes_through_escapes_are_refused(box):
    g, _ = box
    assert g.open(3, "dir_link/new.txt", oflags=Oflags.CREAT)[0] == Errno.PERM
    assert g.open(3, "../new.txt", oflags=Oflags.CREAT)[0] == Errno.PERM
    assert g.open(3, "rel_link", oflags=Oflags.TRUNC)[0] == Errno.PERM
    assert g.path_call("path_create_directory", 3, "dir_link/newdir") == Errno.PERM
    assert g.path_call("path_create_directory", 3, "../newdir") == Errno.PERM
    assert g.path_call("path_unlink_file", 3, "dir_link/secret.txt") == Errno.PERM
    assert g.path_call("path_unlink_file", 3, "../outside/secret.txt") == Errno.PERM
    assert g.path_call("path_remove_directory", 3, "../outside") == Errno.PERM
    o, on = g.put(3000, "a.txt")
    for target in ("../stolen.txt", "dir_link/stolen.txt", "/tmp/stolen.txt"):
        w, wn = g.put(3100, target)
        assert g.call("path_rename", 3, o, on, 3, w, wn) == Errno.PERM, target
        assert g.call("path_link", 3, 0, o, on, 3, w, wn) == Errno.PERM, target
    s, sn = g.put(3000, "dir_link/secret.txt")
    w, wn = g.put(3100, "copy.txt")
    assert g.call("path_link", 3, 0, s, sn, 3, w, wn) == Errno.PERM
    assert g.call("path_link", 3, 1, s, sn, 3, w, wn) == Errno.INVAL  # following is not offered, as wasmtime
    assert g.call("path_rename", 3, s, sn, 3, w, wn) == Errno.PERM


def test_a_new_link_cannot_point_outside(box):
    g, _ = box
    t, tn = g.put(3000, "/etc/passwd")
    p, pn = g.put(3100, "planted")
    assert g.call("path_symlink", t, tn, 3, p, pn) == Errno.PERM
    t, tn = g.put(3000, "../outside/secret.txt")  # may be created (POSIX allows any contents) ...
    assert g.call("path_symlink", t, tn, 3, p, pn) == 0
    assert g.open(3, "planted")[0] == Errno.PERM  # ... but never followed out


def test_a_directory_descriptor_is_its_own_root(box):
    g, _ = box
    errno, sub = g.open(3, "sub", oflags=Oflags.DIRECTORY, rights=Rights.FD_READ)
    assert errno == 0
    assert g.open(sub, "../a.txt")[0] == Errno.PERM  # as cap-std: each directory is a sandbox
    assert g.open(sub, ".", rights=Rights.FD_READ)[0] == 0


def test_symlink_loops_end_with_eloop(box):
    g, _ = box
    for target, name in (("b", "a"), ("a", "b"), ("self", "self")):
        t, tn = g.put(3000, target)
        p, pn = g.put(3100, name)
        assert g.call("path_symlink", t, tn, 3, p, pn) == 0
    assert g.open(3, "a")[0] == Errno.LOOP
    assert g.open(3, "self/x")[0] == Errno.LOOP


def test_in_memory_preopens_are_sandboxed_too():
    g = Guest(preopens=[Preopen("/data", files={"x": b"1"}), Preopen("/other", files={"y": b"2"})])
    assert g.open(3, "../other/y")[0] == Errno.PERM
    assert g.open(3, "/other/y")[0] == Errno.PERM
    t, tn = g.put(3000, "../other")
    p, pn = g.put(3100, "link")
    assert g.call("path_symlink", t, tn, 3, p, pn) == 0
    assert g.open(3, "link/y")[0] == Errno.PERM


def test_read_only_preopen_refuses_every_change(tmp_path):
    (tmp_path / "a.txt").write_text("keep")
    (tmp_path / "d").mkdir()
    before = snapshot(tmp_path)
    g = Guest(preopens=[Preopen("ro", str(tmp_path), read_only=True)])
    errno, fd = g.open(3, "a.txt", rights=Rights.FD_READ)
    assert errno == 0 and g.read(fd, 10) == (0, b"keep")  # reading is fine
    assert g.open(3, "a.txt", rights=Rights.FD_WRITE)[0] == Errno.PERM
    assert g.open(3, "a.txt", rights=Rights.FD_READ, oflags=Oflags.TRUNC)[0] == Errno.PERM
    assert g.open(3, "new.txt", oflags=Oflags.CREAT, rights=Rights.FD_READ)[0] == Errno.PERM
    assert g.path_call("path_create_directory", 3, "new") == Errno.PERM
    assert g.path_call("path_remove_directory", 3, "d") == Errno.PERM
    assert g.path_call("path_unlink_file", 3, "a.txt") == Errno.PERM
    o, on = g.put(3000, "a.txt")
    w, wn = g.put(3100, "b.txt")
    assert g.call("path_rename", 3, o, on, 3, w, wn) == Errno.PERM
    assert g.call("path_link", 3, 0, o, on, 3, w, wn) == Errno.PERM
    assert g.call("path_symlink", o, on, 3, w, wn) == Errno.PERM
    assert g.call("path_filestat_set_times", 3, 1, o, on, 0, 0, 2) == Errno.PERM
    assert g.call("fd_filestat_set_times", fd, 0, 0, 2) == Errno.PERM
    assert g.call("fd_filestat_set_size", fd, 0) == Errno.PERM
    assert g.write(fd, "x") == Errno.BADF
    errno, d = g.open(3, "d", rights=Rights.FD_READ)
    assert errno == 0 and g.open(d, "x", oflags=Oflags.CREAT)[0] == Errno.PERM  # inherited beneath
    g.host.close()
    assert snapshot(tmp_path) == before


def test_read_only_in_memory_preopen():
    g = Guest(preopens=[Preopen("/ro", files={"x": b"1"}, read_only=True)])
    assert g.open(3, "y", oflags=Oflags.CREAT)[0] == Errno.PERM
    assert g.open(3, "x", rights=Rights.FD_READ)[0] == 0
