"""`wasm-playground gpu`: GPU compute through WGSL shaders (info, run, matmul).

    wasm-playground gpu info
    wasm-playground gpu run SHADER.wgsl --buffer x=range:1024 --buffer y=ones:1024 --dispatch 16
    wasm-playground gpu matmul --n 512 --backend gpu --variant tiled

numpy and wgpu are imported inside `main`, so `--help` stays fast.

A GPU that fails during `matmul` (device lost, a dispatch rejected) is said
once on stderr, and the product is finished by numpy; `run` has no CPU
version of an arbitrary shader, so there the failure is the one error line,
naming the shader and the step. Each command is a new process with a fresh
device, which the message says instead of the library's `use_gpu_again()`.
"""

from __future__ import annotations

import argparse
import logging
import sys

NAME = "gpu"
HELP = "GPU compute: adapter info, run a WGSL shader, matmul"

_BACKENDS = ("auto", "gpu", "cpu")
RETRY_HINT = "the next command requests a fresh device"
_VARIANTS = ("naive", "tiled", "blocked")


def _workgroups(text: str) -> tuple[int, int, int]:
    try:
        counts = [int(part) for part in text.split(",")]
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected X[,Y[,Z]] workgroup counts, got {text!r}") from None
    if not 1 <= len(counts) <= 3 or min(counts) < 1:
        raise argparse.ArgumentTypeError(f"expected 1 to 3 positive counts X[,Y[,Z]], got {text!r}")
    counts += [1] * (3 - len(counts))
    return counts[0], counts[1], counts[2]


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a positive integer, got {text!r}")
    return value


def configure(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="gpu_command", metavar="ACTION", required=True)
    sub.add_parser("info", help="describe the GPU adapter: name, type, backend, limits, features")

    run = sub.add_parser("run", help="run a WGSL compute shader once and print its output buffers",
                         description="Run a WGSL compute shader once. Buffer specs: zeros[:N], ones[:N], "
                         "range[:N], random[:N][:seed=S], values:1,2,3, expr[:N]:EXPR (numpy expression "
                         "of n and i = arange(n)). Unlisted buffers start as zeros.")
    run.add_argument("shader", help="the .wgsl file")
    run.add_argument("-b", "--buffer", action="append", default=[], metavar="NAME=SPEC",
                     help="contents of a buffer, e.g. x=range:1024 (repeatable)")
    run.add_argument("-d", "--dispatch", type=_workgroups, metavar="X[,Y[,Z]]",
                     help="workgroup counts (default: enough along x to cover the longest array)")
    run.add_argument("-e", "--entry", metavar="NAME", help="compute entry point (default: the first)")
    run.add_argument("-n", "--length", type=_positive, default=256, metavar="N",
                     help="elements of runtime-sized arrays without an explicit length (default 256)")
    run.add_argument("--inputs", action="store_true", help="print the input buffers too")

    mm = sub.add_parser("matmul", help="time a square matrix product and check it against numpy")
    mm.add_argument("--n", type=_positive, default=512, help="matrix size n (n x n @ n x n; default 512)")
    mm.add_argument("--backend", choices=_BACKENDS, default="auto", help="where to run (default auto)")
    mm.add_argument("--variant", choices=_VARIANTS, default="tiled", help="GPU kernel (default tiled)")
    mm.add_argument("--repeat", type=_positive, default=3, help="timed runs after one warm-up; best is shown")
    mm.add_argument("--seed", type=int, default=0, help="seed of the random matrices")


def main(args: argparse.Namespace) -> int:
    # This command prints the fallback note itself; keep the library's one-time log line quiet.
    logging.getLogger("playground.gpu").addHandler(logging.NullHandler())
    from playground.gpu.device import manager

    manager.retry_hint = RETRY_HINT
    return {"info": _info, "run": _run, "matmul": _matmul}[args.gpu_command](args)


def _info(args: argparse.Namespace) -> int:
    from playground.gpu.device import manager
    from playground.gpu.errors import NoAdapterError

    try:
        report = manager.report()
    except NoAdapterError as exc:
        raise NoAdapterError(f"{exc}; kernels will run on the numpy CPU fallback") from None
    for line in report.lines():
        print(line)
    forced = manager.forced_reason()
    print(f"kernels run on: {'numpy (CPU fallback): ' + forced if forced else 'this adapter'}")
    return 0


def _run(args: argparse.Namespace) -> int:
    from playground.gpu.buffer_spec import parse_buffer_spec
    from playground.gpu.formatting import format_buffer
    from playground.gpu.wgsl_runner import run_shader_file

    specs = {}
    for text in args.buffer:
        spec = parse_buffer_spec(text)
        specs[spec.name] = spec
    result = run_shader_file(args.shader, specs, workgroups=args.dispatch, entry_point=args.entry,
                             default_length=args.length)
    x, y, z = result.workgroups
    print(f"{args.shader}: entry point {result.entry_point}, dispatch {x},{y},{z} workgroups")
    print(f"time: {result.timing.describe()}")
    types = {b.name: b.type_text for b in result.info.bindings}
    if args.inputs:
        for name, array in result.inputs.items():
            print(format_buffer(f"in  {name}", array, types[name]))
    if not result.outputs:
        print("(the shader has no read_write storage buffer: nothing to show)")
    for name, array in result.outputs.items():
        print(format_buffer(name, array, types[name]))
    return 0


def _matmul(args: argparse.Namespace) -> int:
    import numpy as np

    from playground.gpu.device import manager
    from playground.gpu.formatting import gflops
    from playground.gpu.ops import matmul

    n = args.n
    rng = np.random.default_rng(args.seed)
    a = rng.standard_normal((n, n), dtype=np.float32)
    b = rng.standard_normal((n, n), dtype=np.float32)
    def say_lost(message: str) -> None:
        print(f"warning: {message}", file=sys.stderr)

    manager.add_loss_listener(say_lost)
    try:
        first = matmul(a, b, backend=args.backend, variant=args.variant)  # warm-up: compiles the shader
        runs = [matmul(a, b, backend=args.backend, variant=args.variant) for _ in range(args.repeat)]
    finally:
        manager.remove_loss_listener(say_lost)
    best = min(runs, key=lambda r: r.timing.total_ms)
    error = float(np.max(np.abs(best.array.astype(np.float64) - a.astype(np.float64) @ b.astype(np.float64))))
    flops = 2.0 * n**3
    t = best.timing
    where = "numpy (CPU)" if t.backend == "cpu" else f"{args.variant} kernel on {manager.report().name}"
    print(f"matmul {n}x{n} @ {n}x{n}: {where}")
    if first.note and not manager.lost:  # a loss was said on stderr already
        print(f"note: {first.note}; ran on the numpy CPU fallback")
    print(f"time (best of {args.repeat}): {t.describe()}")
    print(f"GFLOP/s: {gflops(flops, t.compute_ms):.2f} (compute), {gflops(flops, t.total_ms):.2f} (with transfers)")
    print(f"max abs error vs float64 numpy: {error:.3e}")
    return 0
