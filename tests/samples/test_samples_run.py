"""Examples are tests: every teaching WAT sample runs through the interpreter with checked output.

The GPU guests (gpu_matmul.wat, digits_mlp.wat) and the benchmark kernels
(matmul*.wat, conv3x3.wat) are run by tests/gpu and tests/bench.
"""

from __future__ import annotations

import struct

import numpy as np
import pytest

from playground.resources import list_resources, sample_path
from playground.wasm.errors import Trap
from playground.wasm.runtime import Memory, instantiate
from playground.wasm.text.parse import parse_module
from playground.wasm.validate import validate_module


def load(name: str, imports=None):
    path = sample_path(name)
    module = parse_module(path.read_text(encoding="utf-8"), file=str(path))
    validate_module(module)
    return instantiate(module, imports or {})


def test_every_wat_sample_parses_validates_and_describes_itself():
    samples = [p for p in list_resources("samples") if p.suffix == ".wat"]
    assert len(samples) >= 11
    for path in samples:
        text = path.read_text(encoding="utf-8")
        assert text.startswith(";; "), f"{path.name}: first line must be a ';; description'"
        validate_module(parse_module(text, file=str(path)))


def test_add():
    assert load("add.wat").exports.add(10, -5) == 5


def test_add_ext_calls_the_host():
    logged = []
    inst = load("add_ext.wat", {"imports": {"log_func": logged.append}})
    inst.exports.add_and_log(2, 40)
    assert logged == [42]


def test_memory_sums_a_host_filled_array():
    memory = Memory(1)
    values = np.arange(1, 101, dtype=np.int32)
    memory.view(np.int32, 0, 100)[:] = values
    inst = load("memory.wat", {"env": {"memory": memory}})
    assert inst.exports.sum(0, 100) == 5050


@pytest.mark.parametrize("n, expected", [(0, 0), (1, 1), (10, 55), (20, 6765)])
def test_fib_recursive_and_iterative_agree(n, expected):
    exports = load("fib.wat").exports
    assert exports.fib(n) == exports.fib_iter(n) == expected


def test_factorial():
    exports = load("factorial.wat").exports
    assert exports.fac(20) == exports.fac_iter(20) == 2432902008176640000


def test_strings_prints_from_memory():
    printed = []
    holder = {}

    def host_print(ptr, length):
        printed.append(bytes(holder["inst"].exports.memory.data[ptr : ptr + length]).decode())

    holder["inst"] = load("strings.wat", {"env": {"print": host_print}})
    holder["inst"].exports.main()
    assert printed == ["Hello, WebAssembly!"]


def test_table_dispatches_indirectly():
    dispatch = load("table.wat").exports.dispatch
    assert [dispatch(op, 7, 3) for op in range(3)] == [10, 4, 21]
    with pytest.raises(Trap, match="undefined element"):
        dispatch(7, 1, 1)


def test_simd_dot_matches_numpy():
    inst = load("simd_dot.wat")
    a = np.arange(16, dtype=np.float32)
    b = np.linspace(-1, 1, 16, dtype=np.float32)
    inst.exports.memory.view(np.float32, 0, 16)[:] = a
    inst.exports.memory.view(np.float32, 64, 16)[:] = b
    assert inst.exports.dot(0, 64, 16) == pytest.approx(float(a @ b), rel=1e-6)


def test_matmul_matches_numpy():
    inst = load("matmul.wat")
    n = 8
    rng = np.random.default_rng(1)
    a, b = rng.random((n, n), dtype=np.float32), rng.random((n, n), dtype=np.float32)
    memory = inst.exports.memory
    memory.view(np.float32, 0, n * n)[:] = a.ravel()
    memory.view(np.float32, 4 * n * n, n * n)[:] = b.ravel()
    inst.exports.matmul(0, 4 * n * n, 8 * n * n, n)
    c = memory.view(np.float32, 8 * n * n, n * n).reshape(n, n)
    np.testing.assert_allclose(c, a @ b, rtol=1e-5)


def test_bulk_memory():
    inst = load("bulk_memory.wat")
    data = inst.exports.memory.data
    inst.exports.fill(0, 0x2A, 4)
    assert bytes(data[:5]) == b"****\x00"
    inst.exports.init(16)
    assert bytes(data[16:28]) == b"bulk memory!"
    inst.exports.copy(18, 16, 12)  # overlapping, like memmove
    assert bytes(data[18:30]) == b"bulk memory!"
    inst.exports.drop()
    with pytest.raises(Trap, match="out of bounds memory access"):
        inst.exports.init(0)


def test_trap_sample_traps_with_the_spec_messages():
    exports = load("trap.wat").exports
    assert exports.div(7, 2) == 3
    with pytest.raises(Trap, match="integer divide by zero"):
        exports.div(1, 0)
    with pytest.raises(Trap, match="out of bounds memory access"):
        exports.load_oob()


def test_f32_results_come_back_as_python_floats():
    inst = load("simd_dot.wat")
    inst.exports.memory.data[0:4] = struct.pack("<f", 1.5)
    inst.exports.memory.data[64:68] = struct.pack("<f", 2.0)
    assert inst.exports.dot(0, 64, 1) == 3.0
