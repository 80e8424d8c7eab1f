"""`wasm-playground gpu info|run|matmul` through `playground.cli.main`."""

from __future__ import annotations

import pytest

from playground import cli
from playground.resources import sample_path


def test_info(adapter, capsys):
    assert cli.main(["gpu", "info"]) == 0
    out = capsys.readouterr().out
    assert f"adapter: {adapter.name}" in out and f"type: {adapter.adapter_type}" in out
    assert "max-compute-invocations-per-workgroup" in out and "kernels run on: this adapter" in out


def test_info_when_forced_to_cpu(adapter, capsys, monkeypatch):
    monkeypatch.setenv("PLAYGROUND_GPU", "cpu")
    assert cli.main(["gpu", "info"]) == 0
    assert "numpy (CPU fallback): the CPU fallback is forced by PLAYGROUND_GPU=cpu" in capsys.readouterr().out


def test_run_prints_outputs(adapter, capsys):
    shader = str(sample_path("saxpy.wgsl"))
    code = cli.main(["gpu", "run", shader, "--buffer", "x=range:8", "-b", "y=ones:8", "-b", "params=values:2",
                     "--dispatch", "1"])
    out = capsys.readouterr().out
    assert code == 0
    assert "dispatch 1,1,1 workgroups" in out
    assert "y: array<f32>, 8 elements (float32, shape 8)" in out and "[ 1.  3.  5.  7.  9. 11. 13. 15.]" in out


def test_run_truncates_long_buffers(adapter, capsys):
    shader = str(sample_path("saxpy.wgsl"))
    assert cli.main(["gpu", "run", shader, "-b", "x=range:5000", "-b", "params=values:1", "-n", "5000"]) == 0
    out = capsys.readouterr().out
    assert "..." in out and "4999." in out and "dispatch 79,1,1" in out


def test_run_syntax_error_is_one_line_with_location(adapter, capsys, tmp_path):
    shader = tmp_path / "broken.wgsl"
    shader.write_text("@compute @workgroup_size(1)\nfn main() {\n    let x = 1 +;\n}\n")
    assert cli.main(["gpu", "run", str(shader)]) == 1
    captured = capsys.readouterr()
    assert captured.err.startswith(f"error: {shader}:3:16: expected expression")
    assert captured.err.count("\n") == 1 and "Traceback" not in captured.err


@pytest.mark.parametrize("argv, message", [
    (["-b", "x=bogus"], "unknown kind 'bogus'"),
    (["-b", "nosuch=zeros:4"], "no binding named 'nosuch'"),
    (["-b", "x=expr:__import__('os')"], "not an allowed function"),
])
def test_run_bad_specs_are_one_line(adapter, capsys, argv, message):
    assert cli.main(["gpu", "run", str(sample_path("saxpy.wgsl")), *argv]) == 1
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1


def test_run_missing_file(capsys, tmp_path):
    assert cli.main(["gpu", "run", str(tmp_path / "none.wgsl")]) != 0
    assert "cannot read" in capsys.readouterr().err  # the file is read before any device is asked for


def test_bad_dispatch_is_a_usage_error(capsys):
    with pytest.raises(SystemExit) as info:
        cli.main(["gpu", "run", "x.wgsl", "--dispatch", "0,1"])
    assert info.value.code == 2


@pytest.mark.parametrize("variant", ["naive", "tiled", "blocked"])
def test_matmul_gpu(adapter, capsys, variant):
    assert cli.main(["gpu", "matmul", "--n", "48", "--backend", "gpu", "--variant", variant, "--repeat", "1"]) == 0
    out = capsys.readouterr().out
    assert f"{variant} kernel on {adapter.name}" in out and "GFLOP/s:" in out
    error = float(out.split("max abs error vs float64 numpy: ")[1].split()[0])
    assert error < 1e-3


def test_matmul_cpu_fallback(capsys, monkeypatch):
    monkeypatch.setenv("PLAYGROUND_GPU", "cpu")
    assert cli.main(["gpu", "matmul", "--n", "32", "--repeat", "1"]) == 0
    out = capsys.readouterr().out
    assert "numpy (CPU)" in out and "note: the CPU fallback is forced" in out and "[cpu]" in out
    assert cli.main(["gpu", "matmul", "--n", "32", "--backend", "gpu"]) == 3
    err = capsys.readouterr().err
    assert err.startswith("error: backend 'gpu' was requested but") and err.count("\n") == 1


def test_run_needs_an_adapter(capsys, monkeypatch):
    monkeypatch.setenv("PLAYGROUND_GPU", "cpu")
    assert cli.main(["gpu", "run", str(sample_path("saxpy.wgsl"))]) == 3
    err = capsys.readouterr().err
    assert err.startswith("error: running a WGSL shader needs a GPU adapter, but the CPU fallback is forced")


# --- a GPU lost during the command --------------------------------------------------------------

def _lost(text="Parent device is lost"):
    import wgpu

    return wgpu.GPUValidationError(f"Validation Error\n\nCaused by:\n  In wgpuQueueSubmit\n    {text}")


def _max_error(out: str) -> float:
    return float(out.split("max abs error vs float64 numpy: ")[1].split()[0])


def test_matmul_finishes_on_numpy_when_the_device_is_lost(failing_gpu, capsys):
    failing_gpu(submit=_lost())
    assert cli.main(["gpu", "matmul", "--n", "40", "--backend", "gpu", "--repeat", "2"]) == 0
    captured = capsys.readouterr()
    assert captured.err == ("warning: GPU device lost (GPUValidationError: Parent device is lost (in wgpuQueueSubmit)); "
                            "using the CPU (numpy) from now on; the next command requests a fresh device\n")
    assert "matmul 40x40 @ 40x40: numpy (CPU)" in captured.out and "[cpu]" in captured.out
    assert "note:" not in captured.out  # said once, on stderr
    assert _max_error(captured.out) < 1e-3


def test_matmul_on_a_device_destroyed_for_real(adapter, capsys):
    from playground.gpu.device import manager

    manager.device().destroy()
    assert cli.main(["gpu", "matmul", "--n", "24", "--repeat", "1"]) == 0
    captured = capsys.readouterr()
    assert captured.err.startswith("warning: GPU device lost (") and "Parent device is lost" in captured.err
    assert captured.err.count("\n") == 1 and _max_error(captured.out) < 1e-3


def test_run_on_a_lost_device_is_one_line_naming_the_shader(failing_gpu, capsys):
    failing_gpu(submit=_lost())
    shader = str(sample_path("saxpy.wgsl"))
    assert cli.main(["gpu", "run", shader, "-b", "x=range:8", "-b", "params=values:2"]) == 3
    captured = capsys.readouterr()
    assert captured.err.startswith(f"error: {shader}: dispatch of main: GPU device lost (GPUValidationError: "
                                   "Parent device is lost (in wgpuQueueSubmit)); a WGSL shader has no CPU version")
    assert captured.err.endswith("; the next command requests a fresh device\n") and captured.err.count("\n") == 1
    assert captured.out == ""
