"""The WAST runner behind `wasm-playground wast`: runs spec test scripts and reports per assertion.

    result = run_wast_file("i32.wast")           # a FileResult
    result.passed, result.failed, result.failures()

Scripts come from `playground.wasm.text.wast.parse_wast`. Each script gets a
fresh store and `spectest` host module (spectest_host.py). The engine is a
parameter (`engine`, a name of the registry in wasm/engines.py, or an
`executor_factory` for a custom executor), so one suite drives every engine.
`features` (wasm/features.py; default the 3.0 profile) is what the validator
lets modules use: the 2.0 suite runs under the 2.0 profile, the 3.0 suite under 3.0.

Every script runs under `Limits` (wasm/limits.py, on by default): fuel and
the wall-clock timeout per action, the memory and table caps per store. A
limit reached fails that command (an `assert_exhaustion` too: the script
expected the program's own exhaustion, not the playground's limit) and the
script goes on, so a script that hangs in one place loses only that result.

Messages compare by prefix, as the reference interpreter does. An error of
the right KIND (trap, malformed, invalid, unlinkable, ...) with other
words still passes; the difference is kept in `Outcome.wording` for
information. Module commands and plain actions produce an outcome only when
they fail (a module that should load but does not is a failure, too).
"""

from __future__ import annotations

import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Callable

from playground.wasm.engines import DEFAULT_ENGINE, new_executor
from playground.wasm.errors import (
    ExhaustionError,
    InvalidError,
    LinkError,
    MalformedError,
    Trap,
    UncaughtException,
    WasmError,
)
from playground.wasm.exec.interface import ExecSettings
from playground.wasm.features import DEFAULT as DEFAULT_FEATURES
from playground.wasm.features import Features
from playground.wasm.exec.numeric.floats import is_arithmetic_nan, is_canonical_nan
from playground.wasm.limits import DEFAULT_LIMITS, LimitError, Limits
from playground.wasm.runtime import FuncInstance, HostFunc, Store, instantiate
from playground.wasm.runtime.values import ExternRef, HostRef, ref_kinds
from playground.wasm.spectest_host import spectest_module
from playground.wasm.text.type_names import TypeNames
from playground.wasm.types import ValType
from playground.wasm.values import format_ref

_MASKS = {ValType.I32: 0xFFFFFFFF, ValType.I64: 0xFFFFFFFFFFFFFFFF}
_LANE_BITS = {"i8x16": 8, "i16x8": 16, "i32x4": 32, "i64x2": 64, "f32x4": 32, "f64x2": 64}


@dataclass
class Outcome:
    """One assertion's result (or a failed module/action command)."""

    line: int
    command: str  # "assert_return", "assert_trap", ..., "module", "action", "script"
    passed: bool
    detail: str = ""  # why it failed
    wording: str | None = None  # passed with other words: "expected 'x', got 'y'"
    skipped: bool = False


@dataclass
class FileResult:
    """What one script gave: its outcomes, in order."""

    file: str
    outcomes: list[Outcome] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def name(self) -> str:
        return Path(self.file).name

    @property
    def passed(self) -> int:
        return sum(1 for o in self.outcomes if o.passed and not o.skipped)

    @property
    def failed(self) -> int:
        return sum(1 for o in self.outcomes if not o.passed and not o.skipped)

    @property
    def skipped(self) -> int:
        return sum(1 for o in self.outcomes if o.skipped)

    def failures(self) -> list[Outcome]:
        return [o for o in self.outcomes if not o.passed and not o.skipped]

    def wording_mismatches(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.passed and o.wording]

    def to_json(self) -> dict:
        return {
            "file": self.file,
            "passed": self.passed,
            "failed": self.failed,
            "skipped": self.skipped,
            "seconds": round(self.seconds, 3),
            "failures": [asdict(o) for o in self.failures()],
            "wording": [asdict(o) for o in self.wording_mismatches()],
        }


class _ScriptError(Exception):
    """An unexpected outcome of a command: becomes a failed Outcome with this detail."""


def _error_text(exc: WasmError) -> str:
    """`trap: MESSAGE`; a limit's message alone (it names itself: `instruction limit reached (...)`)."""
    return exc.message if isinstance(exc, LimitError) else f"{exc.kind}: {exc.message}"


def _kind_error(expected: type, exc: BaseException | None) -> str:
    if exc is None:
        return f"expected {expected.kind}, but it succeeded"
    kind = getattr(exc, "kind", type(exc).__name__)
    return f"expected {expected.kind}, got {kind}: {getattr(exc, 'message', exc)}"


class WastRunner:
    """Runs one script's commands against a fresh store."""

    def __init__(
        self,
        file: str,
        executor_factory: Callable | None = None,
        output: Callable | None = None,
        *,
        engine: str = DEFAULT_ENGINE,
        limits: Limits = DEFAULT_LIMITS,
        features: Features = DEFAULT_FEATURES,
    ) -> None:
        self.file = file
        self.features = features
        if executor_factory is not None:
            executor = executor_factory()
        else:
            executor = new_executor(engine, ExecSettings.from_limits(limits))
        self.store = Store.limited(limits, executor)
        self.registry: dict = {"spectest": spectest_module(output)}
        self.named: dict = {}
        self.definitions: dict = {}  # `(module definition $id ...)`: validated modules, not instantiated
        self.last_definition = None
        self.current = None
        self.result = FileResult(file)

    # --- modules ---------------------------------------------------------------------
    def load(self, cmd):
        """The validated Module of a ModuleCommand (parsing quote and binary forms now)."""
        from playground.wasm.validate import validate_module

        if cmd.kind == "text":
            module = cmd.module
        elif cmd.kind == "binary":
            from playground.wasm.binary.decode import decode_module

            module = decode_module(cmd.binary, file=self.file, features=self.features)
        else:
            from playground.wasm.text.parse import parse_module

            module = parse_module(cmd.quote, file=self.file, features=self.features)
        validate_module(module, features=self.features)
        return module

    def define(self, cmd) -> None:
        module = self.load(cmd)
        if cmd.definition:  # kept for `(module instance ...)`
            self.last_definition = module
            if cmd.name:
                self.definitions[cmd.name] = module
            return
        self.make_instance(module, cmd.name)

    def make_instance(self, module, name: str | None) -> None:
        self.current = None  # a module that fails to instantiate leaves no current module behind
        inst = instantiate(module, self.registry, store=self.store, name=name)
        self.current = inst
        if name:
            self.named[name] = inst

    def instance(self, name: str | None):
        inst = self.named.get(name) if name else self.current
        if inst is None:
            raise _ScriptError(f"unknown module {name or '(current)'}")
        return inst

    # --- actions -----------------------------------------------------------------------
    def act(self, action) -> list:
        """Run an Invoke or a Get; the raw results."""
        from playground.wasm.text.wast import Get

        inst = self.instance(action.module)
        target = inst.extern_exports.get(action.name)
        if target is None:
            raise _ScriptError(f"unknown export {action.name!r}")
        if isinstance(action, Get):
            return [target.value]
        if not isinstance(target, (FuncInstance, HostFunc)):
            raise _ScriptError(f"export {action.name!r} is not a function")
        args = [_arg(a) for a in action.args]
        return self.store.executor.invoke(target, args)

    # --- one command ---------------------------------------------------------------------
    def run(self, commands) -> FileResult:
        start = time.perf_counter()
        for cmd in commands:
            name = type(cmd).__name__
            try:
                outcome = getattr(self, f"_do_{name}")(cmd)
            except _ScriptError as exc:
                outcome = Outcome(cmd.line, _command_name(cmd), False, str(exc))
            except WasmError as exc:
                outcome = Outcome(cmd.line, _command_name(cmd), False, _error_text(exc))
            except Exception as exc:  # noqa: BLE001 - an engine bug must not stop the script
                outcome = Outcome(cmd.line, _command_name(cmd), False, f"internal error: {type(exc).__name__}: {exc}")
            if outcome is not None:
                self.result.outcomes.append(outcome)
        self.result.seconds = time.perf_counter() - start
        return self.result

    def _do_ModuleCommand(self, cmd):
        self.define(cmd)

    def _do_ModuleInstance(self, cmd):
        module = self.definitions.get(cmd.definition) if cmd.definition else self.last_definition
        if module is None:
            raise _ScriptError(f"unknown module definition {cmd.definition or '(last)'}")
        self.make_instance(module, cmd.name)

    def _do_AssertException(self, cmd):
        try:
            self.act(cmd.action)
        except UncaughtException:
            return Outcome(cmd.line, "assert_exception", True)
        except (Trap, ExhaustionError) as exc:
            raise _ScriptError(f"expected an exception, got {_error_text(exc)}") from None
        raise _ScriptError("expected an exception, but it returned")

    def _do_Register(self, cmd):
        self.registry[cmd.as_name] = self.instance(cmd.module).extern_exports

    def _do_Unparsed(self, cmd):
        if cmd.module:  # later commands must not run against the module before it
            self.current = None
            if cmd.name:
                self.named[cmd.name] = None
        raise _ScriptError(f"command does not parse: {cmd.message}")

    def _do_Invoke(self, cmd):
        self.act(cmd)

    _do_Get = _do_Invoke

    def _do_AssertReturn(self, cmd):
        try:
            got = self.act(cmd.action)
        except (Trap, ExhaustionError) as exc:
            raise _ScriptError(_error_text(exc)) from None
        if len(got) != len(cmd.expected) or not all(_matches(e, g) for e, g in zip(cmd.expected, got)):
            shown = _show(got, TypeNames.of(self.instance(cmd.action.module)))
            raise _ScriptError(f"got {shown}, expected {_show_expected(cmd.expected)}")
        return Outcome(cmd.line, "assert_return", True)

    def _do_AssertTrap(self, cmd):
        try:
            if cmd.module is not None:
                self.define(cmd.module)
            else:
                self.act(cmd.action)
        except Trap as exc:
            return self._expected_error(cmd, "assert_trap", exc)
        raise _ScriptError(f"expected trap {cmd.message!r}, but it returned")

    def _do_AssertExhaustion(self, cmd):
        try:
            self.act(cmd.action)
        except LimitError as exc:  # the playground's limit, not the exhaustion the script means
            raise _ScriptError(f"expected exhaustion, got {exc.message}") from None
        except ExhaustionError as exc:
            return self._expected_error(cmd, "assert_exhaustion", exc)
        except Trap as exc:
            raise _ScriptError(f"expected exhaustion, got trap: {exc.message}") from None
        raise _ScriptError("expected exhaustion, but it returned")

    def _module_assertion(self, cmd, command: str, error_type: type, *, instantiate_it: bool):
        exc = None
        try:
            module = self.load(cmd.module)
            if instantiate_it:
                inst = instantiate(module, self.registry, store=self.store, name=cmd.module.name)
                if cmd.module.name:
                    self.named[cmd.module.name] = inst
        except error_type as caught:
            return self._expected_error(cmd, command, caught)
        except WasmError as caught:
            exc = caught
        raise _ScriptError(_kind_error(error_type, exc))

    def _do_AssertMalformed(self, cmd):
        return self._module_assertion(cmd, "assert_malformed", MalformedError, instantiate_it=False)

    def _do_AssertInvalid(self, cmd):
        return self._module_assertion(cmd, "assert_invalid", InvalidError, instantiate_it=False)

    def _do_AssertUnlinkable(self, cmd):
        return self._module_assertion(cmd, "assert_unlinkable", LinkError, instantiate_it=True)

    def _do_AssertUninstantiable(self, cmd):
        return self._module_assertion(cmd, "assert_uninstantiable", Trap, instantiate_it=True)

    def _expected_error(self, cmd, command: str, exc: WasmError) -> Outcome:
        wording = None
        if not exc.message.startswith(cmd.message):
            wording = f"expected {cmd.message!r}, got {exc.message!r}"
        return Outcome(cmd.line, command, True, wording=wording)


def _command_name(cmd) -> str:
    name = type(cmd).__name__
    return {
        "ModuleCommand": "module",
        "Register": "register",
        "Invoke": "action",
        "Get": "action",
        "AssertReturn": "assert_return",
        "AssertException": "assert_exception",
        "ModuleInstance": "module",
        "AssertTrap": "assert_trap",
        "AssertExhaustion": "assert_exhaustion",
        "AssertMalformed": "assert_malformed",
        "AssertInvalid": "assert_invalid",
        "AssertUnlinkable": "assert_unlinkable",
        "AssertUninstantiable": "assert_uninstantiable",
        "Unparsed": "script",
    }.get(name, name)


# --- values and patterns ------------------------------------------------------------------


def _arg(value):
    """A WAST argument (wast.Const / RefNull / RefExtern) as a raw value."""
    from playground.wasm.text.wast import Const, RefExtern, RefHost, RefNull

    if isinstance(value, Const):
        mask = _MASKS.get(value.type)
        return value.value & mask if mask else value.value
    if isinstance(value, RefNull):
        return None
    if isinstance(value, RefExtern):
        return ExternRef(value.value)
    if isinstance(value, RefHost):
        return HostRef(value.value)
    raise _ScriptError(f"unsupported argument {value!r}")


def _nan_ok(kind: str, bits: int, width: int) -> bool:
    return is_canonical_nan(bits, width) if kind == "canonical" else is_arithmetic_nan(bits, width)


def _matches(expected, got) -> bool:
    """Does the raw value `got` match the result pattern `expected` (spec interpreter's rules)?"""
    from playground.wasm.text.wast import (
        Const,
        Either,
        NanPattern,
        RefExtern,
        RefFunc,
        RefHost,
        RefKind,
        RefNull,
        V128Pattern,
    )

    if isinstance(expected, Either):
        return any(_matches(option, got) for option in expected.options)
    if isinstance(expected, Const):
        if not isinstance(got, int):
            return False
        mask = _MASKS.get(expected.type)
        return got == (expected.value & mask if mask else expected.value)
    if isinstance(expected, NanPattern):
        width = 32 if expected.type is ValType.F32 else 64
        return isinstance(got, int) and _nan_ok(expected.kind, got, width)
    if isinstance(expected, V128Pattern):
        if not isinstance(got, int):
            return False
        width = _LANE_BITS[expected.shape]
        mask = (1 << width) - 1
        for i, lane in enumerate(expected.lanes):
            actual = (got >> (i * width)) & mask
            if isinstance(lane, NanPattern):
                if not _nan_ok(lane.kind, actual, width):
                    return False
            elif actual != lane & mask:
                return False
        return True
    if isinstance(expected, RefNull):
        return got is None
    if isinstance(expected, RefExtern):
        if type(got) is not ExternRef:
            return False
        return expected.value is None or got.value == expected.value
    if isinstance(expected, RefFunc):
        return got is not None and ref_kinds(got) == {"func"}
    if isinstance(expected, RefHost):
        return isinstance(got, HostRef) and got.value == expected.value
    if isinstance(expected, RefKind):
        return got is not None and expected.kind in ref_kinds(got)
    return False


def _show(values: list, types: TypeNames) -> str:
    """Results as a failure shows them: numbers as raw bits in hex, references by the module's names."""
    return "[" + ", ".join(hex(v) if isinstance(v, int) else format_ref(v, types) for v in values) + "]"


def _show_expected(patterns: list) -> str:
    return "[" + ", ".join(repr(p) for p in patterns) + "]"


# --- entry points ---------------------------------------------------------------------------


def run_wast_text(
    text: str,
    file: str = "<wast>",
    *,
    engine: str = DEFAULT_ENGINE,
    executor_factory: Callable | None = None,
    limits: Limits = DEFAULT_LIMITS,
    features: Features = DEFAULT_FEATURES,
) -> FileResult:
    """Run a script given as text on the engine called `engine` (or on executors from `executor_factory`)."""
    from playground.wasm.text.wast import parse_wast

    start = time.perf_counter()
    try:
        commands = parse_wast(text, file=file, recover=True)
    except WasmError as exc:
        line = exc.span.line if exc.span else 0
        result = FileResult(file, [Outcome(line, "script", False, f"script does not parse: {exc.message}")])
        result.seconds = time.perf_counter() - start
        return result
    result = WastRunner(file, executor_factory, engine=engine, limits=limits, features=features).run(commands)
    result.seconds = time.perf_counter() - start
    return result


def run_wast_file(
    path: str | Path,
    *,
    engine: str = DEFAULT_ENGINE,
    executor_factory: Callable | None = None,
    limits: Limits = DEFAULT_LIMITS,
    features: Features = DEFAULT_FEATURES,
) -> FileResult:
    """Run one .wast file on the engine called `engine` (or on executors from `executor_factory`).

    A file that cannot be read, or is larger than the input limit, is one failed "script" outcome.
    """
    from playground.wasm.loader import FileError, read_file

    path = Path(path)
    try:
        data = read_file(path, limit=limits.max_input_bytes)
    except FileError as exc:
        return FileResult(str(path), [Outcome(0, "script", False, str(exc))])
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:  # a script that is not text fails like one that does not parse
        line = data.count(b"\n", 0, exc.start) + 1
        return FileResult(str(path), [Outcome(line, "script", False, "script does not parse: malformed UTF-8 encoding")])
    return run_wast_text(
        text, str(path), engine=engine, executor_factory=executor_factory, limits=limits, features=features
    )


def wast_files(paths) -> list[Path]:
    """The .wast files named by `paths` (files, or folders searched recursively), sorted per folder."""
    out: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            out.extend(sorted(p.rglob("*.wast")))
        else:
            out.append(p)
    return out
