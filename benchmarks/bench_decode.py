"""Decoding speed: our pure-Python decoder against WABT on the same large binary, in one run.

    .venv/bin/python benchmarks/bench_decode.py [--mb 8] [--repeat 3]

Builds a synthetic, valid module of about `--mb` megabytes with our encoder
(many functions of mixed integer, float, memory, control and SIMD
instructions), checks it with `wasm-validate`, then times:

- the full decode (best of `--repeat`), in MB/s: `decode_module` and then every
  function's body read (bodies are decoded lazily, on first use: what a run or a
  printer pays), plus `decode_module` alone (section headers and everything but
  the bodies: what `objdump -h` pays) and `encode_module` for reference;
- WABT's `wasm-validate` and `wasm2wat -o /dev/null` on the same file (each a whole
  process, start-up included; WABT decodes *and* validates or prints, so the
  ratio flatters WABT only a little).
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from playground.wasm.binary import decode_module, encode_module  # noqa: E402
from playground.wasm.instructions import op  # noqa: E402
from playground.wasm.model import Export, Func, Instr, Module  # noqa: E402
from playground.wasm.types import ExternKind, FuncType, Limits, MemType, ValType  # noqa: E402


def I(name: str, *imm) -> Instr:  # noqa: E743
    return Instr(op(name), tuple(imm))


def _chunk(k: int, funcidx: int) -> list[Instr]:
    """About 40 instructions that leave the stack as they found it."""
    return [
        I("local.get", 0), I("i32.const", k * 7919 - 50000), I("i32.add"), I("local.set", 1),
        I("block", None),
        I("local.get", 1), I("i32.eqz"), I("br_if", 0),
        I("local.get", 1), I("i32.const", 0xFFF), I("i32.and"), I("i32.load", 2, k % 4096), I("drop"),
        I("end"),
        I("i64.const", k * 1_000_003), I("local.get", 2), I("i64.mul"), I("local.set", 2),
        I("f64.const", 0x400921FB54442D18), I("f64.sqrt"), I("drop"),
        I("loop", None), I("local.get", 1), I("i32.const", 1), I("i32.sub"), I("local.tee", 1),
        I("i32.const", 100), I("i32.gt_s"), I("br_if", 0), I("end"),
        I("v128.const", k * 0x0102030405060708), I("i32x4.extract_lane", k % 4), I("drop"),
        I("local.get", 1), I("call", max(funcidx - 1, 0)), I("drop"),
        I("local.get", 0), I("i32.const", 3), I("i32.store8", 0, k % 512),
    ]


def build_module(target_bytes: int) -> bytes:
    """A valid module of roughly `target_bytes` bytes."""
    per_func_chunks = 60
    module = Module(types=[FuncType((ValType.I32,), (ValType.I32,))], mems=[MemType(Limits(1))])
    probe = Module(types=module.types, mems=module.mems)
    size_per_func = None
    n = 0
    while True:
        body = []
        for k in range(per_func_chunks):
            body += _chunk(k + n, n)
        body += [I("local.get", 1), I("end")]
        module.funcs.append(Func(0, [ValType.I32, ValType.I64], body))
        n += 1
        if size_per_func is None:
            probe.funcs = module.funcs
            size_per_func = len(encode_module(probe))
        if n * size_per_func >= target_bytes:
            break
    module.exports.append(Export("f0", ExternKind.FUNC, 0))
    return encode_module(module)


def full_decode(data: bytes) -> int:
    """`decode_module`, then every function body read (decoded on first use); the instruction count."""
    return sum(len(f.body) for f in decode_module(data).funcs)


def _best(fn, repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best


def _tool(name: str) -> str | None:
    local = Path(sys.executable).parent / name
    return str(local) if local.exists() else shutil.which(name)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=8.0, help="size of the generated binary in MB")
    parser.add_argument("--repeat", type=int, default=3, help="runs per measurement (best is kept)")
    args = parser.parse_args()

    data = build_module(int(args.mb * 1e6))
    mb = len(data) / 1e6
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "big.wasm"
        path.write_bytes(data)
        module = decode_module(data)
        instrs = full_decode(data)
        print(f"binary: {mb:.2f} MB, {len(module.funcs)} functions, {instrs:,} instructions")

        validate, wasm2wat = _tool("wasm-validate"), _tool("wasm2wat")
        if validate:
            subprocess.run([validate, str(path)], check=True)  # the generated module is valid

        t_decode = _best(lambda: full_decode(data), args.repeat)
        t_headers = _best(lambda: decode_module(data), args.repeat)
        t_encode = _best(lambda: encode_module(module), args.repeat)
        print(f"ours  full decode   : {t_decode:7.3f} s  {mb / t_decode:7.2f} MB/s  "
              f"{instrs / t_decode / 1e6:5.2f} M instr/s")
        print(f"ours  decode_module : {t_headers:7.3f} s  {mb / t_headers:7.2f} MB/s  (bodies not read)")
        print(f"ours  encode_module : {t_encode:7.3f} s  {mb / t_encode:7.2f} MB/s")
        for label, tool, extra in (("wasm-validate", validate, []), ("wasm2wat", wasm2wat, ["-o", "/dev/null"])):
            if tool is None:
                print(f"WABT  {label:<14}: not found, no ratio")
                continue
            t = _best(lambda: subprocess.run([tool, str(path), *extra], check=True), args.repeat)
            print(f"WABT  {label:<14}: {t:7.3f} s  {mb / t:7.2f} MB/s   ours/WABT time ratio: {t_decode / t:5.1f}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
