"""Run one generated program on an engine of ours or on wasmtime, and say what it observably did.

Programs come from tests/wasm/fast/program_gen.py in its `portable` form:
every export takes and returns integers (float bits reinterpreted) and a
`globals` export reads the globals as bits, so no host API converts a NaN,
and every float operation whose NaN the spec leaves open makes it canonical.
What remains must be equal bit for bit between engines.

An `Observed` call is its results (unsigned bits), or the trap in a shared
vocabulary (`TRAPS`: our spec wording and wasmtime's trap codes both map to
it), then the exported memory's bytes and the globals. A call that ran out
of call depth or fuel on either side is `inconclusive`: the engines count
those differently, and the rest of the run is not compared.
"""

from __future__ import annotations

from dataclasses import dataclass

import wasmtime

from playground.wasm.binary.encode import encode_module
from playground.wasm.engines import new_executor
from playground.wasm.errors import ExhaustionError, Trap
from playground.wasm.exec.interface import ExecSettings
from playground.wasm.runtime import Memory, Store, instantiate

MAX_CALL_DEPTH = 200
FUEL = 200_000
INCONCLUSIVE = "inconclusive"

# Our trap messages (the spec's words) and wasmtime's trap codes, in one vocabulary.
TRAPS = {
    "integer divide by zero": "divide by zero",
    "integer overflow": "integer overflow",
    "invalid conversion to integer": "invalid conversion",
    "out of bounds memory access": "memory out of bounds",
    "out of bounds table access": "table out of bounds",
    "undefined element": "table out of bounds",
    "uninitialized element": "null function",
    "indirect call type mismatch": "signature mismatch",
    "unreachable": "unreachable",
}
WASMTIME_TRAPS = {
    wasmtime.TrapCode.INTEGER_DIVISION_BY_ZERO: "divide by zero",
    wasmtime.TrapCode.INTEGER_OVERFLOW: "integer overflow",
    wasmtime.TrapCode.BAD_CONVERSION_TO_INTEGER: "invalid conversion",
    wasmtime.TrapCode.MEMORY_OUT_OF_BOUNDS: "memory out of bounds",
    wasmtime.TrapCode.TABLE_OUT_OF_BOUNDS: "table out of bounds",
    wasmtime.TrapCode.INDIRECT_CALL_TO_NULL: "null function",
    wasmtime.TrapCode.BAD_SIGNATURE: "signature mismatch",
    wasmtime.TrapCode.UNREACHABLE: "unreachable",
    wasmtime.TrapCode.STACK_OVERFLOW: INCONCLUSIVE,
    wasmtime.TrapCode.OUT_OF_FUEL: INCONCLUSIVE,
}
WIDTHS = {"i32": 32, "i64": 64}


@dataclass(frozen=True)
class Observed:
    """One call: `results` (unsigned bits) or `trap` (a TRAPS word, or INCONCLUSIVE); then memory and globals."""

    results: tuple | None
    trap: str | None
    memory: bytes
    globals: tuple

    def describe(self, other: "Observed | None" = None) -> str:
        shown = f"trap {self.trap}" if self.trap else f"results {[hex(v) for v in self.results]}"
        if other is not None and other.memory != self.memory:
            at = next(i for i, (a, b) in enumerate(zip(self.memory, other.memory)) if a != b)
            shown += f", memory[{at:#x}..] = {self.memory[at:at + 8].hex()}"
        return f"{shown}, globals {[hex(g) for g in self.globals]}"


def trap_word(message: str) -> str:
    """Our trap message in the shared vocabulary (messages may add detail: "uninitialized element 5")."""
    return next((word for spec, word in TRAPS.items() if message.startswith(spec)), message)


def ours(module, calls, engine: str) -> list[Observed]:
    """Every call of `calls` ([(export, int args)]) on a fresh instance on our engine called `engine`."""
    executor = new_executor(engine, ExecSettings(max_call_depth=MAX_CALL_DEPTH, fuel=FUEL))
    inst = instantiate(module, store=Store(executor=executor))
    memory = next(v for v in inst.extern_exports.values() if isinstance(v, Memory))
    out = []
    for name, args in calls:
        try:
            results, trap = tuple(inst.exports[name].raw(*args)), None
        except Trap as exc:
            results, trap = None, trap_word(exc.message)
        except ExhaustionError:
            results, trap = None, INCONCLUSIVE
        globals_ = tuple(inst.exports["globals"].raw())
        out.append(Observed(results, trap, bytes(memory.data), globals_))
        if trap == INCONCLUSIVE:
            break
    return out


def _unsigned(values, types) -> tuple:
    return tuple(v & ((1 << WIDTHS[str(t)]) - 1) for v, t in zip(values, types))


def reference(module, calls) -> list[Observed]:
    """The same calls on wasmtime (fuel-limited; a deep recursion or a spent budget is inconclusive)."""
    config = wasmtime.Config()
    config.consume_fuel = True
    engine = wasmtime.Engine(config)
    store = wasmtime.Store(engine)
    store.set_fuel(FUEL * 10)  # for the start function and the segments
    wasm = wasmtime.Module(engine, encode_module(module))
    inst = wasmtime.Instance(store, wasm, [])
    exports = inst.exports(store)
    memory = exports["mem"]
    read_globals = exports["globals"]
    out = []
    for name, args in calls:
        func = exports[name]
        ftype = func.type(store)
        signed = [a - (1 << WIDTHS[str(t)]) if a >> (WIDTHS[str(t)] - 1) else a for a, t in zip(args, ftype.params)]
        store.set_fuel(FUEL * 10)  # each call its own budget, as ours have
        try:
            value = func(store, *signed)
            values = () if value is None else (value if isinstance(value, list) else [value])
            results, trap = _unsigned(values, ftype.results), None
        except wasmtime.Trap as exc:
            results, trap = None, WASMTIME_TRAPS.get(exc.trap_code, f"wasmtime {exc.trap_code}: {exc.message}")
        store.set_fuel(FUEL)
        globals_ = _unsigned(read_globals(store), read_globals.type(store).results)
        out.append(Observed(results, trap, bytes(memory.read(store, 0, memory.data_len(store))), globals_))
        if trap == INCONCLUSIVE:
            break
    return out


def differences(runs: dict[str, list[Observed]]) -> str | None:
    """The first call where the runs disagree, described; None when they agree (up to an inconclusive call)."""
    names = list(runs)
    for index in range(max(len(r) for r in runs.values())):
        observed = {n: runs[n][index] for n in names if index < len(runs[n])}
        if len(observed) < len(names) or any(o.trap == INCONCLUSIVE for o in observed.values()):
            return None
        if len(set(observed.values())) > 1:
            base = observed[names[0]]
            lines = [f"call #{index} differs:"]
            lines += [f"  {n}: {o.describe(base if o is not base else None)}" for n, o in observed.items()]
            return "\n".join(lines)
    return None
