"""The preview1 ABI facts: errno numbers, flag bits, struct layouts at exact offsets, and every function's signature."""

from __future__ import annotations

import pytest

from playground.hosts.wasi import CALLS, Errno
from playground.hosts.wasi.abi import (
    CIOVEC,
    DIRENT,
    EVENT,
    FDSTAT,
    FILESTAT,
    IOVEC,
    PRESTAT,
    SUBSCRIPTION,
    Clockid,
    Eventtype,
    Fdflags,
    Filetype,
    Lookupflags,
    Oflags,
    Rights,
    Whence,
)
from playground.hosts.wasi.calls import UNSUPPORTED


def test_errno_numbers_follow_the_witx_order():
    assert len(Errno) == 77
    expected = {
        "SUCCESS": 0, "TOOBIG": 1, "ACCES": 2, "AGAIN": 6, "BADF": 8, "EXIST": 20, "FAULT": 21, "FBIG": 22,
        "ILSEQ": 25, "INVAL": 28, "IO": 29, "ISDIR": 31, "LOOP": 32, "MFILE": 33, "NAMETOOLONG": 37,
        "NOENT": 44, "NOSPC": 51, "NOSYS": 52, "NOTDIR": 54, "NOTEMPTY": 55, "NOTSUP": 58, "OVERFLOW": 61,
        "PERM": 63, "ROFS": 69, "SPIPE": 70, "XDEV": 75, "NOTCAPABLE": 76,
    }  # fmt: skip
    assert {name: int(Errno[name]) for name in expected} == expected
    assert [e.value for e in Errno] == list(range(77))


def test_enums_and_flags():
    assert (Clockid.REALTIME, Clockid.MONOTONIC, Clockid.THREAD_CPUTIME_ID) == (0, 1, 3)
    assert (Whence.SET, Whence.CUR, Whence.END) == (0, 1, 2)
    assert (Filetype.DIRECTORY, Filetype.REGULAR_FILE, Filetype.SYMBOLIC_LINK) == (3, 4, 7)
    assert (Eventtype.CLOCK, Eventtype.FD_READ, Eventtype.FD_WRITE) == (0, 1, 2)
    assert (Oflags.CREAT, Oflags.DIRECTORY, Oflags.EXCL, Oflags.TRUNC) == (1, 2, 4, 8)
    assert (Fdflags.APPEND, Fdflags.NONBLOCK, Fdflags.SYNC) == (1, 4, 16)
    assert Lookupflags.SYMLINK_FOLLOW == 1
    assert (Rights.FD_READ, Rights.FD_WRITE, Rights.PATH_OPEN, Rights.SOCK_ACCEPT) == (2, 64, 1 << 13, 1 << 29)
    assert Rights.ALL == (1 << 30) - 1


@pytest.mark.parametrize(
    "layout, size, align, offsets",
    [
        (IOVEC, 8, 4, {"buf": 0, "buf_len": 4}),
        (CIOVEC, 8, 4, {"buf": 0, "buf_len": 4}),
        (DIRENT, 24, 8, {"d_next": 0, "d_ino": 8, "d_namlen": 16, "d_type": 20}),
        (FDSTAT, 24, 8, {"fs_filetype": 0, "fs_flags": 2, "fs_rights_base": 8, "fs_rights_inheriting": 16}),
        (
            FILESTAT,
            64,
            8,
            {"dev": 0, "ino": 8, "filetype": 16, "nlink": 24, "size": 32, "atim": 40, "mtim": 48, "ctim": 56},
        ),
        (EVENT, 32, 8, {"userdata": 0, "error": 8, "type": 10, "nbytes": 16, "flags": 24}),
        (
            SUBSCRIPTION,
            48,
            8,
            {"userdata": 0, "tag": 8, "clock_id": 16, "timeout": 24, "precision": 32, "clock_flags": 40,
             "file_descriptor": 16},
        ),  # fmt: skip
        (PRESTAT, 8, 4, {"tag": 0, "pr_name_len": 4}),
    ],
    ids=lambda v: getattr(v, "name", None),
)
def test_struct_layouts(layout, size, align, offsets):
    assert (layout.size, layout.align) == (size, align)
    assert {name: layout.offset(name) for name in offsets} == offsets


def test_packing_puts_each_field_at_its_offset():
    raw = FILESTAT.pack(dev=1, ino=2, filetype=4, nlink=3, size=0x0102030405060708, atim=5, mtim=6, ctim=7)
    assert len(raw) == 64
    assert raw[16] == 4 and raw[17:24] == bytes(7)  # the u8 filetype, then padding up to nlink
    assert raw[32:40] == bytes.fromhex("0807060504030201")  # little-endian
    assert FILESTAT.unpack(raw)["ctim"] == 7


# Every function of wasi_snapshot_preview1.witx, lowered to core Wasm ("i" i32, "I" i64), as wasi-libc declares them.
WITX = {
    "args_get": "ii", "args_sizes_get": "ii", "environ_get": "ii", "environ_sizes_get": "ii",
    "clock_res_get": "ii", "clock_time_get": "iIi", "fd_advise": "iIIi", "fd_allocate": "iII", "fd_close": "i",
    "fd_datasync": "i", "fd_fdstat_get": "ii", "fd_fdstat_set_flags": "ii", "fd_fdstat_set_rights": "iII",
    "fd_filestat_get": "ii", "fd_filestat_set_size": "iI", "fd_filestat_set_times": "iIIi", "fd_pread": "iiiIi",
    "fd_prestat_get": "ii", "fd_prestat_dir_name": "iii", "fd_pwrite": "iiiIi", "fd_read": "iiii",
    "fd_readdir": "iiiIi", "fd_renumber": "ii", "fd_seek": "iIii", "fd_sync": "i", "fd_tell": "ii",
    "fd_write": "iiii", "path_create_directory": "iii", "path_filestat_get": "iiiii",
    "path_filestat_set_times": "iiiiIIi", "path_link": "iiiiiii", "path_open": "iiiiiIIii",
    "path_readlink": "iiiiii", "path_remove_directory": "iii", "path_rename": "iiiiii", "path_symlink": "iiiii",
    "path_unlink_file": "iii", "poll_oneoff": "iiii", "proc_exit": "i", "proc_raise": "i", "sched_yield": "",
    "random_get": "ii", "sock_accept": "iii", "sock_recv": "iiiiii", "sock_send": "iiiii", "sock_shutdown": "ii",
}  # fmt: skip


def test_every_witx_function_has_its_signature():
    assert set(CALLS) == set(WITX)
    for name, params in WITX.items():
        spec = CALLS[name]
        assert "".join("I" if str(t) == "i64" else "i" for t in spec.type.params) == params, name
        assert [str(t) for t in spec.type.results] == ([] if name == "proc_exit" else ["i32"]), name


def test_only_sockets_and_set_rights_are_unsupported():
    assert {name for name, spec in CALLS.items() if spec.impl is None} == set(UNSUPPORTED)
    assert set(UNSUPPORTED) == {"fd_fdstat_set_rights", "sock_accept", "sock_recv", "sock_send", "sock_shutdown"}
