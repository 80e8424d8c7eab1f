"""WGSL binding reflection and memory layout (WGSL spec, "Memory Layout")."""

from __future__ import annotations

import numpy as np
import pytest

from playground.gpu import wgsl_types as T
from playground.gpu.errors import ShaderError
from playground.gpu.wgsl_reflect import reflect

SOURCE = """
// a comment with @group(9) @binding(9) var<storage> fake: f32;
/* block /* nested */ comment */
const WG: u32 = 32u;
const COUNT = 4;
alias Color = vec4<f32>;

struct Particle {
    pos: vec3<f32>,   // offset 0, align 16
    mass: f32,        // offset 12: fills vec3's tail
    vel: vec2f,       // offset 16
    @align(16) id: u32,  // offset 32 (forced)
    color: Color,     // offset 48
}

struct Params { n: u32, scale: f32, }

@group(0) @binding(0) var<storage, read> xs: array<f32>;
@group(0) @binding(1) var<storage, read_write> particles: array<Particle>;
@binding(0) @group(1) var<uniform> params: Params;
@group(1) @binding(2) var<storage> fixed: array<vec3<i32>, COUNT>;
@group(1) @binding(3) var<storage, read_write> counter: atomic<u32>;
@group(2) @binding(0) var tex: texture_2d<f32>;
var<workgroup> scratch: array<f32, WG>;

@compute @workgroup_size(WG, 2)
fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
    if (gid.x == 0u) { atomicAdd(&counter, 1u); }
}

@compute @workgroup_size(64) fn other() {}

@vertex fn vs() -> @builtin(position) vec4f { return vec4f(); }
"""


@pytest.fixture(scope="module")
def info():
    return reflect(SOURCE)


def test_bindings_are_found_sorted_with_access(info):
    found = [(b.group, b.binding, b.name, b.space, b.access) for b in info.bindings]
    assert found == [
        (0, 0, "xs", "storage", "read"),
        (0, 1, "particles", "storage", "read_write"),
        (1, 0, "params", "uniform", "read"),
        (1, 2, "fixed", "storage", "read"),
        (1, 3, "counter", "storage", "read_write"),
        (2, 0, "tex", "handle", "read"),
    ]
    assert info.binding("particles").writable and not info.binding("xs").writable
    assert info.binding("tex").type is None and not info.binding("tex").is_buffer
    expected_line = next(i for i, ln in enumerate(SOURCE.splitlines(), 1) if "var<uniform> params" in ln)
    assert info.binding("params").line == expected_line


def test_entry_points_and_workgroup_sizes(info):
    assert [(e.name, e.workgroup_size) for e in info.entry_points] == [("main", (32, 2, 1)), ("other", (64, 1, 1))]
    assert info.entry_point().name == "main" and info.entry_point("other").workgroup_size == (64, 1, 1)


def test_struct_layout_follows_wgsl_rules(info):
    particle = info.structs["Particle"]
    assert [(m.name, m.offset) for m in particle.members] == [
        ("pos", 0), ("mass", 12), ("vel", 16), ("id", 32), ("color", 48)]
    assert (particle.align, particle.size) == (16, 64)
    dtype = particle.dtype()
    assert dtype.itemsize == 64 and dtype.fields["color"][1] == 48
    params = info.binding("params").type
    assert (params.size, params.align) == (8, 4)


def test_fixed_arrays_use_the_element_stride(info):
    fixed = info.binding("fixed").type
    assert fixed.count == 4 and fixed.element.stride == 16 and fixed.size == 64  # vec3<i32> strides 16
    assert info.binding("counter").type.name == "u32"  # atomic<u32> is laid out as u32


@pytest.mark.parametrize("text, align, size", [
    ("f32", 4, 4), ("f16", 2, 2), ("vec2<f32>", 8, 8), ("vec3<f32>", 16, 12), ("vec4u", 16, 16),
    ("vec3h", 8, 6), ("mat2x2<f32>", 8, 16), ("mat3x3f", 16, 48), ("mat4x3f", 16, 64), ("mat2x3f", 16, 32),
    ("array<vec3f, 2>", 16, 32), ("array<f32, 3>", 4, 12),
])
def test_layout_table(text, align, size):
    # Values from the table in the WGSL spec's "Alignment and Size" section.
    t = reflect(f"@group(0) @binding(0) var<storage> b: {text};").bindings[0].type
    assert (t.align, t.size) == (align, size)
    assert t.dtype().itemsize == size


def test_nested_struct_and_size_attribute():
    info = reflect("""
        struct Inner { a: f32, b: vec3<f32> }
        struct Outer { x: u32, @size(32) inner: Inner, y: f32 }
        @group(0) @binding(0) var<storage> o: array<Outer>;""")
    outer = info.structs["Outer"]
    assert [(m.name, m.offset) for m in outer.members] == [("x", 0), ("inner", 16), ("y", 48)]
    assert outer.size == 64 and info.structs["Inner"].size == 32
    assert len(outer.leaf_scalars()) == 6


def test_padded_dtype_round_trips_vec3():
    v3 = T.vector(3, "f32")
    dt = T.padded_dtype(v3)
    assert dt.itemsize == 16
    raw = np.zeros(2, dtype=dt)
    raw[T.PAD_FIELD] = [[1, 2, 3], [4, 5, 6]]
    assert np.frombuffer(raw.tobytes(), dtype=np.float32).tolist() == [1, 2, 3, 0, 4, 5, 6, 0]


def test_unlayoutable_type_names_its_line():
    with pytest.raises(ShaderError) as info:
        reflect("\n\n@group(0) @binding(0) var<storage> b: array<bool>;")
    assert info.value.line == 3 and "cannot be laid out" in str(info.value)
