"""The WGSL runner end to end, and shader errors that point at the right line and column."""

from __future__ import annotations

import numpy as np
import pytest

from playground.gpu.errors import BufferSpecError, ShaderError, shader_error_from_wgpu
from playground.gpu.wgsl_runner import run_shader, run_shader_file
from playground.resources import sample_path

DOUBLE = """
@group(0) @binding(0) var<storage, read> src: array<f32>;
@group(0) @binding(1) var<storage, read_write> dst: array<f32>;

@compute @workgroup_size(32)
fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
    if (gid.x < arrayLength(&dst)) {
        dst[gid.x] = src[gid.x] * 2.0;
    }
}
"""


def test_run_with_specs(adapter):
    result = run_shader(DOUBLE, {"src": "range:100", "dst": "zeros:100"})
    np.testing.assert_array_equal(result.outputs["dst"], np.arange(100) * 2)
    assert result.workgroups == (4, 1, 1)  # ceil(100 / 32)
    assert list(result.outputs) == ["dst"] and result.inputs["src"][99] == 99
    assert result.timing.backend == "gpu" and result.entry_point == "main"


def test_explicit_dispatch_covers_only_part(adapter):
    result = run_shader(DOUBLE, {"src": "ones:100", "dst": "zeros:100"}, workgroups=(1, 1, 1))
    assert result.outputs["dst"][:32].tolist() == [2.0] * 32 and not result.outputs["dst"][32:].any()


def test_default_length_and_raw_arrays(adapter):
    result = run_shader(DOUBLE, {"src": np.arange(10)}, default_length=10)
    np.testing.assert_array_equal(result.outputs["dst"], np.arange(10) * 2)


def test_saxpy_sample(adapter):
    result = run_shader_file(sample_path("saxpy.wgsl"), {"x": "range:8", "y": "ones:8", "params": "values:2"})
    np.testing.assert_array_equal(result.outputs["y"], 2 * np.arange(8) + 1)


def test_particles_sample_reads_structs(adapter):
    result = run_shader_file(sample_path("particles.wgsl"), {"particles": "range:3", "sim": "values:0.5,-10"})
    start, end = result.inputs["particles"], result.outputs["particles"]
    assert end.dtype.names == ("pos", "vel", "mass") and end.dtype.itemsize == 24
    vel = start["vel"].copy()
    vel[:, 1] += -10 * 0.5
    np.testing.assert_allclose(end["vel"], vel)
    np.testing.assert_allclose(end["pos"], start["pos"] + vel * 0.5)
    np.testing.assert_array_equal(end["mass"], start["mass"])


def test_struct_output_with_vec3_and_ints(adapter):
    source = """
    struct Out { id: u32, v: vec3<f32>, }
    @group(0) @binding(0) var<storage, read_write> out: array<Out>;
    @compute @workgroup_size(4)
    fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
        let i = gid.x;
        if (i < arrayLength(&out)) { out[i] = Out(i * 10u, vec3<f32>(f32(i), 0.5, -1.0)); }
    }"""
    out = run_shader(source, {"out": "zeros:6"}).outputs["out"]
    assert out["id"].tolist() == [0, 10, 20, 30, 40, 50]
    np.testing.assert_array_equal(out["v"][5], [5, 0.5, -1])


def test_uniform_and_multiple_groups(adapter):
    source = """
    struct P { scale: f32, offset: i32 }
    @group(1) @binding(0) var<uniform> p: P;
    @group(0) @binding(3) var<storage, read_write> out: array<i32>;
    @compute @workgroup_size(8) fn go(@builtin(global_invocation_id) gid: vec3<u32>) {
        if (gid.x < arrayLength(&out)) { out[gid.x] = i32(f32(gid.x) * p.scale) + p.offset; }
    }"""
    result = run_shader(source, {"p": "values:3,100", "out": "zeros:5"}, entry_point="go")
    assert result.outputs["out"].tolist() == [100, 103, 106, 109, 112]


def test_syntax_error_reports_line_and_column(adapter):
    source = DOUBLE.replace("src[gid.x] * 2.0;", "src[gid.x] * ;")
    with pytest.raises(ShaderError) as info:
        run_shader(source, source_name="double.wgsl")
    err = info.value
    line = next(i for i, text in enumerate(source.splitlines(), 1) if "* ;" in text)
    assert err.line == line
    assert err.column == source.splitlines()[line - 1].index(";") + 1
    assert str(err).startswith(f"double.wgsl:{line}:{err.column}: ")
    assert "expected" in err.message and "┌─" in err.details


def test_type_error_reports_its_line(adapter):
    source = DOUBLE.replace("dst[gid.x] = src[gid.x] * 2.0;", "let bad: u32 = src[gid.x];")
    with pytest.raises(ShaderError) as info:
        run_shader(source)
    assert info.value.line == 8 and "u32" in info.value.message


def test_wrong_entry_point_and_unknown_buffer(adapter):
    with pytest.raises(ShaderError, match="no @compute entry point named 'nope'.*main"):
        run_shader(DOUBLE, entry_point="nope")
    with pytest.raises(BufferSpecError, match="no binding named 'dest'.*dst, src"):
        run_shader(DOUBLE, {"dest": "zeros:4"})


def test_bad_workgroup_count(adapter):
    with pytest.raises(BufferSpecError, match="workgroup counts"):
        run_shader(DOUBLE, workgroups=(70000, 1, 1))


def test_naga_message_parsing_without_a_device():
    text = ("Validation Error\n\nCaused by:\n  In wgpuDeviceCreateShaderModule\n\n"
            "Shader 'x' parsing error: expected expression, found \";\"\n  ┌─ wgsl:12:7\n  │\n"
            "12 │     a +;\n  │       ^ expected expression\n\n")
    err = shader_error_from_wgpu(text, "k.wgsl")
    assert (err.line, err.column, err.message) == (12, 7, 'expected expression, found ";"')
    assert str(err) == 'k.wgsl:12:7: expected expression, found ";"'
    bare = shader_error_from_wgpu("Validation Error\n\nCaused by:\n  In wgpuX\n\nsomething odd happened\n")
    assert bare.line is None and str(bare) == "shader.wgsl: something odd happened"
