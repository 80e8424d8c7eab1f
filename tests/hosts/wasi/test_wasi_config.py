"""Configuration: `--dir`/`--env` parsing, preopen errors, output adapters, and the registry provider."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from wasi_helpers import PROGRAMS, load  # noqa: E402

from playground.hosts import HostRegistry  # noqa: E402
from playground.hosts.wasi import (  # noqa: E402
    Preopen,
    ProcExit,
    WasiConfig,
    WasiConfigError,
    WasiHost,
    imports_wasi,
    parse_dir_option,
    parse_env_option,
    provider,
)
from playground.hosts.wasi.stdio import LineWriter, write_through  # noqa: E402
from playground.wasm.runtime import instantiate  # noqa: E402


@pytest.mark.parametrize(
    "text, expected",
    [
        ("data", Preopen("data", "data")),
        ("./out::/out", Preopen("/out", "./out")),
        ("./out::/out:ro", Preopen("/out", "./out", read_only=True)),
        ("in:ro", Preopen("in", "in", read_only=True)),
        ("a::b:rw", Preopen("b", "a")),
    ],
)
def test_parse_dir_option(text, expected):
    assert parse_dir_option(text) == expected


@pytest.mark.parametrize("text", ["", "::guest", "host::"])
def test_parse_dir_option_rejects(text):
    with pytest.raises(WasiConfigError, match="HOST"):
        parse_dir_option(text)


def test_parse_env_option():
    assert parse_env_option("A=1=2") == ("A", "1=2")
    assert parse_env_option("EMPTY=") == ("EMPTY", "")
    with pytest.raises(WasiConfigError):
        parse_env_option("NOVALUE")


def test_a_preopen_must_be_a_directory(tmp_path):
    (tmp_path / "file").write_text("x")
    with pytest.raises(WasiConfigError, match="not a directory"):
        WasiHost(WasiConfig(preopens=[Preopen("f", str(tmp_path / "file"))]))
    with pytest.raises(WasiConfigError, match="cannot preopen"):
        WasiHost(WasiConfig(preopens=[Preopen("m", str(tmp_path / "missing"))]))


def test_bad_in_memory_file_names():
    with pytest.raises(ValueError):
        WasiHost(WasiConfig(preopens=[Preopen("/d", files={"../x": b""})]))


def test_line_writer_sends_whole_lines_and_keeps_characters_whole():
    lines = []
    writer = LineWriter(lambda text, kind: lines.append((text, kind)), "out")
    writer(b"one\ntw")
    writer(b"o\n\xc3")  # the first byte of "é"
    writer(b"\xa9 end")
    assert lines == [("one", "out"), ("two", "out")]
    writer.flush()
    assert lines[-1] == ("é end", "out")


def test_write_through_flushes_every_chunk():
    class Stream(io.BytesIO):
        flushes = 0

        def flush(self):
            self.flushes += 1

    stream = Stream()
    write = write_through(stream)
    write(b"a")
    write(b"b")
    assert (stream.getvalue(), stream.flushes) == (b"ab", 2)


def test_imports_wasi():
    assert imports_wasi(load(PROGRAMS / "hello.wasm"))
    assert not imports_wasi(load("(module)"))


def test_provider_serves_the_registry():
    registry = HostRegistry()
    registry.register(provider.MODULE_NAME, provider.provide)
    module = load(PROGRAMS / "exit_code.wasm")
    out = []
    imports = registry.imports_for(module, lambda text, kind: out.append((text, kind)), wasi=WasiConfig())
    instance = instantiate(module, imports)
    with pytest.raises(ProcExit) as info:
        instance.exports._start()
    assert info.value.code == 3
    assert out == [("returning 3", "out"), ("atexit handler ran", "out")]


def test_provider_uses_the_runners_host():
    registry = HostRegistry()
    registry.register(provider.MODULE_NAME, provider.provide)
    module = load(PROGRAMS / "hello.wasm")
    host = WasiHost(WasiConfig())
    instance = instantiate(module, registry.imports_for(module, lambda *_: None, wasi_host=host))
    assert host.run_start(instance) == 0
    assert host.stdout == b"hello, world\n2 + 40 = 42\n"


def test_run_start_needs_a_start_export():
    module = load("(module (memory (export \"memory\") 1))")
    host = WasiHost(WasiConfig())
    with pytest.raises(WasiConfigError, match="no _start"):
        host.run_start(instantiate(module, host.imports(module)))


WAT_REACTOR = """
(module
  (import "wasi_snapshot_preview1" "random_get" (func $random_get (param i32 i32) (result i32)))
  (memory (export "memory") 1)
  (global $ready (mut i32) (i32.const 0))
  (func (export "_initialize") (global.set $ready (i32.const 1)))
  (func (export "ready") (result i32) (global.get $ready)))
"""


def test_initialize_calls_a_reactors_initializer():
    from playground.hosts.wasi import initialize

    module = load(WAT_REACTOR)
    host = WasiHost(WasiConfig())
    instance = instantiate(module, host.imports(module))
    assert instance.exports.ready() == 0
    initialize(instance)
    assert instance.exports.ready() == 1
    initialize(load("(module)") and instantiate(load("(module)")))  # no _initialize: nothing to do
