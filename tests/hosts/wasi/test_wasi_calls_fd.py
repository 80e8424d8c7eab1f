"""Calls on descriptors, from WAT: the standard streams, files in an in-memory preopen, metadata, readdir."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from playground.wasm.limits import LimitError

sys.path.insert(0, str(Path(__file__).resolve().parent))

from wasi_helpers import Guest  # noqa: E402

from playground.hosts.wasi import Errno, Preopen  # noqa: E402
from playground.hosts.wasi.abi import DIRENT, FDSTAT, FILESTAT, Fdflags, Filetype, Oflags, Rights  # noqa: E402
from playground.wasm.errors import Trap  # noqa: E402

BAD_FD = 77


def data_guest(**options) -> Guest:
    return Guest(preopens=[Preopen("/data", files={"a.txt": b"0123456789", "sub/b.txt": b"bee"})], **options)


# --- standard streams -------------------------------------------------------------------------
def test_fd_write_gathers_every_buffer_and_reports_the_count():
    chunks = []
    g = Guest(stdout=chunks.append)
    g.put(2000, b"hello, ")
    g.put(2100, b"world\n")
    iov, n = g.iovecs(1000, (2000, 7), (2100, 0), (2100, 6))
    assert g.call("fd_write", 1, iov, n, 1020) == 0
    assert g.u32(1020) == 13 and chunks == [b"hello, world\n"]


def test_stderr_is_its_own_stream_and_captured_without_callback():
    g = Guest()
    assert g.write(2, "oops\n") == 0 and g.write(1, "out\n") == 0
    assert (g.host.stdout, g.host.stderr) == (b"out\n", b"oops\n")


def test_output_limit_stops_the_run_after_delivering_what_fits():
    g = Guest(max_output_bytes=5)
    assert g.write(1, "abc") == 0
    with pytest.raises(LimitError, match="output limit reached .*--max-output"):
        g.write(1, "defgh")
    assert g.host.stdout == b"abcde"


def test_fd_read_stdin_in_pieces_then_end_of_file():
    g = Guest(stdin=b"line one\nline two\n")
    assert g.read(0, 5) == (0, b"line ")
    iov, n = g.iovecs(1000, (2000, 4), (2100, 100))
    assert g.call("fd_read", 0, iov, n, 1020) == 0
    assert g.u32(1020) == 13 and g.get(2000, 4) == b"one\n" and g.get(2100, 9) == b"line two\n"
    assert g.read(0, 10) == (0, b"")


def test_stdin_from_a_stream_and_from_a_callable():
    import io

    assert Guest(stdin=io.BytesIO(b"piped")).read(0, 100) == (0, b"piped")
    asked = []

    def console(n):
        asked.append(n)
        return b"typed\n"

    assert Guest(stdin=console).read(0, 64) == (0, b"typed\n") and asked == [64]


def test_wrong_direction_and_bad_descriptors():
    g = Guest(stdin=b"x")
    assert g.write(0, "x") == Errno.BADF
    assert g.read(1, 4)[0] == Errno.BADF
    assert g.write(BAD_FD, "x") == Errno.BADF
    assert g.read(BAD_FD, 4)[0] == Errno.BADF


def test_iovec_array_out_of_bounds_traps():
    g = Guest()
    with pytest.raises(Trap, match="fd_write: pointer out of bounds"):
        g.call("fd_write", 1, 65532, 1, 1020)
    g.iovecs(1000, (65530, 100))
    with pytest.raises(Trap, match="pointer out of bounds: 100 bytes at 65530"):
        g.call("fd_write", 1, 1000, 1, 1020)
    with pytest.raises(Trap, match="not aligned to 4"):
        g.call("fd_write", 1, 1002, 1, 1020)


def test_seek_and_tell_on_streams_is_espipe():
    g = data_guest()
    assert g.call("fd_seek", 1, 0, 0, 1000) == Errno.SPIPE
    assert g.call("fd_tell", 0, 1000) == Errno.SPIPE
    assert g.call("fd_seek", 3, 0, 0, 1000) == Errno.BADF  # a directory
    assert g.call("fd_seek", BAD_FD, 0, 0, 1000) == Errno.BADF
    with pytest.raises(Trap, match="fd_seek: invalid enum value Whence"):  # as wasmtime: checked first, traps
        g.call("fd_seek", 1, 0, 3, 1000)


def test_pread_pwrite_on_streams():
    g = Guest()
    iov, n = g.iovecs(1000, (2000, 4))
    assert g.call("fd_pwrite", 1, iov, n, 0, 1020) == Errno.SPIPE
    assert g.call("fd_pread", 0, iov, n, 0, 1020) == Errno.SPIPE
    assert g.call("fd_pwrite", 0, iov, n, 0, 1020) == Errno.BADF
    assert g.call("fd_pread", 1, iov, n, 0, 1020) == Errno.BADF


# --- files ---------------------------------------------------------------------------------------
def test_read_seek_tell_on_a_file():
    g = data_guest()
    errno, fd = g.open(3, "a.txt", rights=Rights.FD_READ)
    assert errno == 0 and fd == 4
    assert g.read(fd, 4) == (0, b"0123")
    assert g.call("fd_tell", fd, 1000) == 0 and g.u64(1000) == 4
    assert g.call("fd_seek", fd, -3 & (2**64 - 1), 2, 1000) == 0 and g.u64(1000) == 7
    assert g.read(fd, 100) == (0, b"789")
    assert g.read(fd, 100) == (0, b"")
    assert g.call("fd_seek", fd, -1 & (2**64 - 1), 0, 1000) == Errno.INVAL
    assert g.call("fd_seek", fd, 2, 1, 1000) == 0 and g.u64(1000) == 12  # past the end is allowed


def test_write_pwrite_pread_and_append():
    g = data_guest()
    _, fd = g.open(3, "new.txt", oflags=Oflags.CREAT)
    assert g.write(fd, "hello") == 0 and g.u32(1020) == 5
    g.put(2000, b"J")
    iov, n = g.iovecs(1000, (2000, 1))
    assert g.call("fd_pwrite", fd, iov, n, 0, 1020) == 0
    assert g.call("fd_tell", fd, 1000) == 0 and g.u64(1000) == 5  # pwrite leaves the position
    iov, n = g.iovecs(1000, (2100, 3))
    assert g.call("fd_pread", fd, iov, n, 1, 1020) == 0 and g.get(2100, 3) == b"ell"
    assert g.call("fd_fdstat_set_flags", fd, Fdflags.APPEND) == 0
    assert g.call("fd_seek", fd, 0, 0, 1000) == 0
    assert g.write(fd, "!") == 0
    assert g.host.read_file("/data", "new.txt") == b"Jello!"


def test_writing_a_file_opened_for_reading_is_ebadf():
    g = data_guest()
    _, fd = g.open(3, "a.txt", rights=Rights.FD_READ)
    assert g.write(fd, "x") == Errno.BADF
    _, wfd = g.open(3, "a.txt", rights=Rights.FD_WRITE)
    assert g.read(wfd, 1)[0] == Errno.BADF


def test_sparse_write_fills_with_zeros():
    g = data_guest()
    _, fd = g.open(3, "sparse", oflags=Oflags.CREAT)
    g.put(2000, b"end")
    iov, n = g.iovecs(1000, (2000, 3))
    assert g.call("fd_pwrite", fd, iov, n, 4, 1020) == 0
    assert g.host.read_file("/data", "sparse") == b"\0\0\0\0end"


def test_in_memory_files_have_a_byte_budget():
    g = Guest(preopens=[Preopen("/data")], max_memory_fs_bytes=8)
    _, fd = g.open(3, "big", oflags=Oflags.CREAT)
    assert g.write(fd, "12345678") == 0
    assert g.write(fd, "9") == Errno.NOSPC
    assert g.call("fd_filestat_set_size", fd, 1 << 20) == Errno.NOSPC
    assert g.call("fd_filestat_set_size", fd, 1 << 40) == Errno.FBIG  # past any in-memory file, budget or not


def test_close_renumber_and_reuse():
    g = data_guest()
    _, a = g.open(3, "a.txt")
    _, b = g.open(3, "sub/b.txt")
    assert (a, b) == (4, 5)
    assert g.call("fd_renumber", b, a) == 0  # a closed, b moves onto it
    assert g.read(a, 10) == (0, b"bee")
    assert g.call("fd_close", b) == Errno.BADF
    assert g.call("fd_renumber", a, BAD_FD) == Errno.BADF
    assert g.call("fd_close", a) == 0 and g.call("fd_close", a) == Errno.BADF
    assert g.open(3, "a.txt")[1] == 5  # the highest freed number comes back first


def test_sync_advise_allocate():
    g = data_guest()
    _, fd = g.open(3, "a.txt")
    assert g.call("fd_sync", fd) == 0 and g.call("fd_datasync", fd) == 0
    assert g.call("fd_sync", 1) == Errno.BADF and g.call("fd_datasync", 3) == Errno.BADF
    assert g.call("fd_advise", fd, 0, 10, 1) == 0
    with pytest.raises(Trap, match="invalid enum value Advice"):
        g.call("fd_advise", fd, 0, 10, 6)
    assert g.call("fd_advise", 3, 0, 10, 0) == Errno.BADF
    assert g.call("fd_allocate", fd, 0, 100) == Errno.NOTSUP  # as wasmtime
    assert g.call("fd_allocate", BAD_FD, 0, 100) == Errno.BADF


# --- attributes -------------------------------------------------------------------------------------
def fdstat(g: Guest, fd: int) -> dict:
    assert g.call("fd_fdstat_get", fd, 1000) == 0
    return FDSTAT.unpack(g.get(1000, FDSTAT.size))


def test_fdstat_of_streams_preopens_and_files():
    g = data_guest()
    assert fdstat(g, 0) == {"fs_filetype": 0, "fs_flags": 0, "fs_rights_base": 2, "fs_rights_inheriting": 2}
    assert fdstat(g, 1)["fs_rights_base"] == Rights.FD_WRITE
    pre = fdstat(g, 3)
    assert pre["fs_filetype"] == Filetype.DIRECTORY
    assert (pre["fs_rights_base"], pre["fs_rights_inheriting"]) == (Rights.PREOPEN_BASE, Rights.PREOPEN_INHERITING)
    _, fd = g.open(3, "a.txt", rights=Rights.FD_READ, fdflags=Fdflags.APPEND)
    st = fdstat(g, fd)
    assert st["fs_filetype"] == Filetype.REGULAR_FILE and st["fs_flags"] == Fdflags.APPEND
    assert st["fs_rights_base"] & Rights.FD_READ and not st["fs_rights_base"] & Rights.FD_WRITE
    assert g.call("fd_fdstat_get", BAD_FD, 1000) == Errno.BADF
    assert Guest(tty=True) and fdstat(Guest(tty=True), 1)["fs_filetype"] == Filetype.CHARACTER_DEVICE


def test_fdstat_set_flags():
    g = data_guest()
    _, fd = g.open(3, "a.txt")
    assert g.call("fd_fdstat_set_flags", fd, Fdflags.NONBLOCK) == 0 and fdstat(g, fd)["fs_flags"] == Fdflags.NONBLOCK
    assert g.call("fd_fdstat_set_flags", fd, Fdflags.SYNC) == Errno.INVAL
    with pytest.raises(Trap, match="invalid flag value Fdflags"):
        g.call("fd_fdstat_set_flags", fd, 1 << 9)
    assert g.call("fd_fdstat_set_flags", 1, 0) == Errno.BADF  # files only, as wasmtime
    assert g.call("fd_fdstat_set_flags", 3, 0) == Errno.BADF


def filestat(g: Guest, fd: int) -> dict:
    assert g.call("fd_filestat_get", fd, 1000) == 0
    return FILESTAT.unpack(g.get(1000, FILESTAT.size))


def test_filestat_size_and_set_size():
    g = data_guest()
    _, fd = g.open(3, "a.txt")
    st = filestat(g, fd)
    assert (st["filetype"], st["size"], st["nlink"]) == (Filetype.REGULAR_FILE, 10, 1)
    assert g.call("fd_filestat_set_size", fd, 3) == 0 and filestat(g, fd)["size"] == 3
    assert g.call("fd_filestat_set_size", fd, 6) == 0
    assert g.host.read_file("/data", "a.txt") == b"012\0\0\0"
    assert g.call("fd_filestat_set_size", 3, 0) == Errno.BADF
    assert filestat(g, 1) == dict.fromkeys(FILESTAT.fields, 0)  # a stream: zeros (filetype unknown)
    assert filestat(g, 3)["filetype"] == Filetype.DIRECTORY


def test_filestat_set_times():
    g = data_guest()
    _, fd = g.open(3, "a.txt")
    assert g.call("fd_filestat_set_times", fd, 111, 222, 1 | 4) == 0  # ATIM | MTIM
    st = filestat(g, fd)
    assert (st["atim"], st["mtim"]) == (111, 222)
    assert g.call("fd_filestat_set_times", fd, 0, 333, 4) == 0 and filestat(g, fd)["atim"] == 111
    assert g.call("fd_filestat_set_times", fd, 0, 0, 2) == 0 and filestat(g, fd)["atim"] != 111  # ATIM_NOW
    assert g.call("fd_filestat_set_times", fd, 1, 0, 1 | 2) == Errno.INVAL  # a value and NOW
    assert g.call("fd_filestat_set_times", 1, 0, 0, 0) == Errno.BADF


def test_filestat_pointer_must_be_8_aligned():
    g = data_guest()
    with pytest.raises(Trap, match="not aligned to 8"):
        g.call("fd_filestat_get", 3, 1004)


# --- preopens and directories ----------------------------------------------------------------------
def test_prestat_of_preopens_and_others():
    g = Guest(preopens=[Preopen("/data"), Preopen("scratch")])
    assert g.call("fd_prestat_get", 3, 1000) == 0
    assert (g.get(1000, 1), g.u32(1004)) == (b"\0", 5)
    assert g.call("fd_prestat_dir_name", 3, 2000, 5) == 0 and g.get(2000, 5) == b"/data"
    assert g.call("fd_prestat_get", 4, 1000) == 0 and g.u32(1004) == 7
    assert g.call("fd_prestat_dir_name", 4, 2000, 6) == Errno.NAMETOOLONG
    assert g.call("fd_prestat_get", 5, 1000) == Errno.BADF  # where libc stops looking
    assert g.call("fd_prestat_get", 1, 1000) == Errno.BADF
    assert g.call("fd_prestat_dir_name", 1, 2000, 10) == Errno.NOTDIR
    assert g.call("fd_prestat_dir_name", 9, 2000, 10) == Errno.BADF


def dirents(raw: bytes) -> list[tuple[int, str, int]]:
    out, at = [], 0
    while at + DIRENT.size <= len(raw):
        d = DIRENT.unpack(raw[at : at + DIRENT.size])
        at += DIRENT.size
        out.append((d["d_next"], raw[at : at + d["d_namlen"]].decode(), d["d_type"]))
        at += d["d_namlen"]
    return out


def test_readdir_lists_dot_dotdot_then_sorted_names():
    g = data_guest()
    assert g.call("fd_readdir", 3, 4000, 1000, 0, 1020) == 0
    used = g.u32(1020)
    assert used == 4 * DIRENT.size + 1 + 2 + 5 + 3
    assert dirents(g.get(4000, used)) == [(1, ".", 3), (2, "..", 3), (3, "a.txt", 4), (4, "sub", 3)]


def test_readdir_cookie_and_a_full_buffer():
    g = data_guest()
    assert g.call("fd_readdir", 3, 4000, 1000, 2, 1020) == 0
    assert [name for _, name, _ in dirents(g.get(4000, g.u32(1020)))] == ["a.txt", "sub"]
    assert g.call("fd_readdir", 3, 4000, 30, 0, 1020) == 0
    assert g.u32(1020) == 30  # the buffer is full: libc asks again with a bigger one
    assert g.call("fd_readdir", 3, 4000, 100, 99, 1020) == 0 and g.u32(1020) == 0
    assert g.call("fd_readdir", 1, 4000, 100, 0, 1020) == Errno.BADF
