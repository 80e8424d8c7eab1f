"""`wasm-playground run`: run an exported function of a .wat or .wasm file.

    wasm-playground run add.wat --invoke add 1 2
    wasm-playground run fib.wasm --invoke fib 25 --stats --fuel 100000000

Arguments are read as the text format writes literals (playground/wasm/values.py):
`-1`, `0xff`, `1_000`, `1.5`, `0x1p3`, `-inf`, `nan:0x200000`, `i32x4 1 2 3 4`.
Results print one per line as `wasmtime run --invoke` prints them. A trap
prints `error: trap: MESSAGE (at FUNC+INDEX, FILE:LINE:COL)` and exits 1.
Without `--invoke`, the start function runs (at instantiation), then an
exported `_start` if there is one; otherwise the exports are listed (names
escaped as wasm2wat writes them), and a module with neither exports nor a
start function is an error: there is nothing to run.

Limits are on (limit_options.py, wasm/limits.py): reaching one prints
`error: instruction limit reached (100,000,000 instructions; raise it with
--fuel N or lift all limits with --no-limits) (at FUNC+INDEX, FILE:LINE:COL)`
and exits 1.

A WASI program (a module importing `wasi_snapshot_preview1`) runs as under
wasmtime: `run prog.wasm [--dir HOST[::GUEST][:ro]] [--env K=V] [--] ARGS...`
calls `_start` with ARGS as its argv (after the file name), passes stdin,
stdout and stderr through unbuffered, and exits with the status the program
gives `proc_exit` (0 when `_start` returns). A reactor's `_initialize` runs
before `--invoke NAME`, whose arguments are then the function's. See
wasi_options.py for the options.
"""

from __future__ import annotations

import argparse
import sys

from playground.commands.trailing import reparse_trailing_options
from playground.errors import PlaygroundError

NAME = "run"
HELP = "run an exported function of a .wat or .wasm file"


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", help="a .wat or .wasm file")
    parser.add_argument("--invoke", metavar="NAME", help="the exported function to call")
    parser.add_argument("--stats", action="store_true", help="print instruction count and timings on stderr")
    parser.add_argument("--trace", metavar="FILE", help="trace every instruction to FILE ('-': stderr), as wasm-interp --trace")
    from playground.commands.engine_option import add_engine_option

    add_engine_option(parser)
    from playground.commands.feature_options import add_feature_option

    add_feature_option(parser)
    parser.add_argument(
        "--gpu-backend",
        choices=("auto", "gpu", "cpu"),
        default=None,
        help="where the `gpu` host module runs kernels (default: auto, or PLAYGROUND_GPU)",
    )
    from playground.commands.wasi_options import add_wasi_options

    add_wasi_options(parser)
    from playground.commands.limit_options import add_limit_options

    add_limit_options(parser)
    parser.add_argument("args", nargs=argparse.REMAINDER,
                        help="the function's arguments, parsed by its parameter types; "
                             "for a WASI program's _start, its command-line arguments (after --)")


class UsageError(PlaygroundError):
    """Bad arguments for the function being invoked."""


def parse_arg(valtype, text: str):
    """A command-line argument as the raw value of `valtype` (the value vocabulary's rules: `0x1p3`, `nan:0x1`)."""
    from playground.wasm.values import ValueTextError, parse_value

    try:
        return parse_value(text, valtype)
    except ValueTextError as exc:
        raise UsageError(str(exc)) from None


def trap_text(exc, limits=None) -> str:
    """`trap: MESSAGE (at FUNC+INDEX, FILE:LINE:COL)`: the message and where it happened.

    A limit's message stands alone (`instruction limit reached (...)`); running
    out of call depth gets the limit's value and option (`limits`, when given).
    """
    from playground.commands.limit_options import exhaustion_hint
    from playground.wasm.limits import LimitError

    where = []
    name = getattr(exc, "func_name", None)
    if name is not None:
        where.append(f"at {name}+{exc.instr_index}")
    if exc.location:
        where.append(exc.location)
    suffix = f" ({', '.join(where)})" if where else ""
    if isinstance(exc, LimitError):
        return f"{exc.message}{suffix}"
    extra = exhaustion_hint(exc, limits) if limits is not None else ""
    return f"{exc.kind}: {exc.message}{suffix}" + (f" ({extra})" if extra else "")


def _nothing_to_run(file: str) -> str:
    """Why a module without exports or a start function cannot run (an empty file says so)."""
    import os

    try:
        empty = os.path.getsize(file) == 0
    except OSError:
        empty = False
    if empty:
        return f"{file} is empty: there is nothing to run (a module needs at least one exported function)"
    return f"{file}: the module has no exports and no start function: there is nothing to run"


def _describe(obj, kind) -> str:
    """An export's type for the listing: `[i32] -> [i32]`, `memory 1 10`, `(mut i32)`."""
    from playground.wasm.types import ExternKind

    if kind is ExternKind.MEMORY:
        return f"{obj.type.limits} pages"
    if kind is ExternKind.TABLE:
        return f"{obj.type.limits} {obj.elem}"
    return str(obj.type)


def main(args: argparse.Namespace) -> int:
    import time

    from playground.commands.limit_options import limits_from_args
    from playground.commands.wasi_options import no_start_message, standard_input, wasi_host
    from playground.hosts import host_imports, limit_output, print_output
    from playground.hosts.wasi import ProcExit, initialize
    from playground.wasm.errors import ExhaustionError, LinkError, Trap, UncaughtException
    from playground.wasm.engines import new_executor
    from playground.wasm.exec.interface import ExecSettings
    from playground.wasm.loader import load_module
    from playground.wasm.runtime import FuncInstance, HostFunc, Store, instantiate
    from playground.wasm.runtime.exceptions import uncaught_message
    from playground.wasm.text.print import name_text
    from playground.wasm.text.type_names import TypeNames
    from playground.wasm.validate import validate_module
    from playground.wasm.values import format_result_line

    reparse_trailing_options(args._parser, args)
    limits = limits_from_args(args)
    module = load_module(args.file, limit=limits.max_input_bytes, validate=False)
    validate_module(module, features=args.features)
    executor = new_executor(args.engine, ExecSettings.from_limits(limits, count=args.stats))
    store = Store.limited(limits, executor)
    output = limit_output(print_output, limits.max_output_bytes)
    # a WASI command's arguments are its argv; with --invoke they are the function's
    wasi = wasi_host(args, module, args.args if args.invoke is None else [], stdin=standard_input(), output=print_output,
                     max_output_bytes=limits.max_output_bytes)
    options = {"wasi_host": wasi} if wasi is not None else {}
    t0 = time.perf_counter()
    t1 = t0
    t_call = 0.0
    status = 0  # the exit status: proc_exit's code for a WASI program
    results, ft, inst = [], None, None
    try:
        inst = instantiate(module, host_imports(module, output, gpu_backend=args.gpu_backend, limits=limits, **options), store=store)
        t1 = time.perf_counter()
        name = args.invoke
        if name is None and "_start" in inst.extern_exports:
            name = "_start"
        if name is None:
            if wasi is not None:
                raise UsageError(no_start_message(args.file, module))
            if args.args:
                raise UsageError("arguments given without --invoke NAME")
            if not module.exports and module.start is None:
                raise UsageError(_nothing_to_run(args.file))
            for exp in module.exports:
                print(f"{exp.kind.text} {name_text(exp.name)}: {_describe(inst.extern_exports[exp.name], exp.kind)}")
        else:
            func = inst.extern_exports.get(name)
            if not isinstance(func, (FuncInstance, HostFunc)):
                raise UsageError(f"no exported function named {name!r}")
            call_args = [] if wasi is not None and args.invoke is None else args.args
            if len(call_args) != len(func.type.params):
                raise UsageError(f"{name} takes {len(func.type.params)} arguments ({func.type}), got {len(call_args)}")
            raw = [parse_arg(t, a) for t, a in zip(func.type.params, call_args)]
            if wasi is not None and args.invoke is not None:
                initialize(inst)  # a reactor's _initialize comes before any other export
            ft = func.type
            if getattr(args, "trace", None):
                from playground.debug.trace import trace_to_file

                results = trace_to_file(args.trace, module, func, raw, fuel=limits.fuel)
            else:
                results = executor.invoke(func, raw)
    except ProcExit as exit_:  # the program ended itself: no results, its status is ours
        status, ft = exit_.code, None
    except UncaughtException as exc:  # its payload's GC types by the module's names
        if exc.tag is not None and inst is not None:
            exc.message = uncaught_message(exc.tag, exc.payload, TypeNames.of(inst))
        raise
    except (Trap, ExhaustionError) as exc:
        print(f"error: {trap_text(exc, limits)}", file=sys.stderr)
        return 1
    except MemoryError:  # only without limits (--no-limits) can a program take all of the machine's memory
        print("error: out of memory: the program needs more memory than this machine gives", file=sys.stderr)
        return 1
    except LinkError as exc:
        name = getattr(exc, "import_name", "?")
        raise UsageError(f"{exc.message}: {name}") from None
    finally:
        t_call = time.perf_counter() - t1
        if wasi is not None:
            wasi.close()
    if ft is not None:
        for t, v in zip(ft.results, results):
            print(format_result_line(t, v, TypeNames.of(inst)))
    if args.stats:
        print(
            f"stats: instructions={executor.instructions} instantiate_s={t1 - t0:.6f} call_s={t_call:.6f}",
            file=sys.stderr,
        )
    return status
