"""Buffer specs (`NAME=SPEC`) and the safe expression evaluator behind `expr:`."""

from __future__ import annotations

import numpy as np
import pytest

from playground.gpu import buffer_spec
from playground.gpu.buffer_spec import BufferSpec, parse_buffer_spec
from playground.gpu.errors import BufferSpecError
from playground.gpu.safe_expr import evaluate
from playground.gpu.wgsl_reflect import reflect


@pytest.mark.parametrize("text, expected", [
    ("x=range:1024", BufferSpec("x", "range", 1024)),
    ("x=zeros", BufferSpec("x", "zeros")),
    ("y = ones:8", BufferSpec("y", "ones", 8)),
    ("r=random:16:seed=3", BufferSpec("r", "random", 16, seed=3)),
    ("p=values:1, 2.5,-3", BufferSpec("p", "values", values=(1.0, 2.5, -3.0))),
    ("e=expr:sin(i * 0.1)", BufferSpec("e", "expr", expr="sin(i * 0.1)")),
    ("e=expr:64:n - i", BufferSpec("e", "expr", 64, expr="n - i")),
])
def test_parse(text, expected):
    assert parse_buffer_spec(text) == expected


@pytest.mark.parametrize("text, message", [
    ("x", "NAME=SPEC"), ("=range", "NAME=SPEC"), ("1x=range", "NAME=SPEC"), ("x=", "NAME=SPEC"),
    ("x=gauss:4", "unknown kind"), ("x=range:abc", "integer"), ("x=range:-4", "between"),
    ("x=zeros:4:seed=1", "only random"), ("x=values:1,a", "numbers"), ("x=expr:", "needs an expression"),
    ("x=range:4:5", "unexpected"),
])
def test_parse_errors(text, message):
    with pytest.raises(BufferSpecError, match=message):
        parse_buffer_spec(text)


def _binding(decl):
    return reflect(f"struct S {{ a: u32, v: vec3<f32> }}\n@group(0) @binding(0) var<storage> b: {decl};").bindings[0]


def test_build_arrays_of_scalars():
    b = _binding("array<f32>")
    raw, n = buffer_spec.build(parse_buffer_spec("b=range:5"), "b", b.type, 100)
    assert n == 5 and np.frombuffer(raw, np.float32).tolist() == [0, 1, 2, 3, 4]
    raw, n = buffer_spec.build(None, "b", b.type, 7)
    assert n == 7 and not any(raw)
    raw, n = buffer_spec.build(parse_buffer_spec("b=expr:i * 2"), "b", b.type, 4)
    assert np.frombuffer(raw, np.float32).tolist() == [0, 2, 4, 6]
    raw, n = buffer_spec.build(parse_buffer_spec("b=values:1,2,3"), "b", b.type, 100)
    assert n == 3


def test_random_is_seeded_and_typed():
    t = _binding("array<S>").type
    one, _ = buffer_spec.build(parse_buffer_spec("b=random:50:seed=9"), "b", t, 1)
    two, _ = buffer_spec.build(parse_buffer_spec("b=random:50:seed=9"), "b", t, 1)
    assert one == two
    records = buffer_spec.decode(one, t.element, 50)
    assert records["a"].dtype == np.uint32 and records["a"].max() >= 10  # integers in [0, 100)
    assert 0 <= records["v"].min() and records["v"].max() < 1


def test_structs_fill_in_memory_order_and_keep_padding_zero():
    t = _binding("array<S>").type  # S: a at 0, v at 16 (vec3 aligns to 16), size 32
    raw, n = buffer_spec.build(parse_buffer_spec("b=range:2"), "b", t, 1)
    assert len(raw) == 64
    words = np.frombuffer(raw, np.uint32).reshape(2, 8)
    assert words[:, 0].tolist() == [0, 4] and not words[:, 1:4].any()
    assert np.frombuffer(raw, np.float32).reshape(2, 8)[1, 4:7].tolist() == [5, 6, 7]


def test_fixed_size_types_and_mismatches():
    t = _binding("array<f32, 4>").type
    assert buffer_spec.build(parse_buffer_spec("b=ones"), "b", t, 99)[1] == 4
    with pytest.raises(BufferSpecError, match="fixed type"):
        buffer_spec.build(parse_buffer_spec("b=ones:5"), "b", t, 99)
    with pytest.raises(BufferSpecError, match="needs 4 numbers"):
        buffer_spec.build(parse_buffer_spec("b=values:1,2"), "b", t, 99)
    s = _binding("S").type
    raw, n = buffer_spec.build(parse_buffer_spec("b=values:7"), "b", s, 99)  # one number fills all
    assert n == 1 and buffer_spec.decode(raw, s)["a"].tolist() == [7]
    with pytest.raises(BufferSpecError, match="whole"):
        buffer_spec.build(parse_buffer_spec("b=values:1,2,3"), "b", _binding("array<S>").type, 99)
    with pytest.raises(BufferSpecError, match="empty"):
        buffer_spec.build(parse_buffer_spec("b=zeros:0"), "b", _binding("array<f32>").type, 99)


def test_expressions_evaluate_numpy_arithmetic():
    np.testing.assert_allclose(evaluate("np.sin(i * 0.5) * 2", 3), 2 * np.sin(np.arange(3) * 0.5))
    assert evaluate("n", 9) == 9
    assert evaluate("linspace(0, 1, 5)", 0).tolist() == [0, 0.25, 0.5, 0.75, 1]
    assert evaluate("where(i % 2, 1, 0)", 4).tolist() == [0, 1, 0, 1]
    assert evaluate("-(2 ** 3) + [1, 2]", 0).tolist() == [-7, -6]


@pytest.mark.parametrize("text, message", [
    ("__import__('os').system('true')", "not an allowed function"),
    ("np.load('x.npy')", "not an allowed function"),
    ("().__class__.__bases__", "not allowed"),
    ("i[0]", "Subscript"),
    ("lambda: 0", "Lambda"),
    ("[x for x in i]", "ListComp"),
    ("'text'", "Constant"),
    ("open", "unknown name"),
    ("zeros(10 ** 12)", "more than"),
    ("arange(0, 1e12)", "more than"),
    ("10 ** 10 ** 10", "exponents"),
    ("sin(i, out=i)", "keyword"),
    ("1 +", "not valid"),
    ("1 // 0", "division by zero"),
])
def test_expressions_refuse_everything_else(text, message):
    with pytest.raises(BufferSpecError, match=message):
        evaluate(text, 4)
