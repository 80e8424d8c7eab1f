"""Feature profiles: which WebAssembly proposals a module may use (as WABT's and wasmtime's switches).

    Features.parse("3.0")            every 3.0 proposal (the default)
    Features.parse("2.0")            the 2.0 standard: none of them
    Features.parse("3.0,-gc")        3.0 without garbage collection
    Features.parse("2.0,+tail-call") 2.0 plus tail calls

One spelling for every front end: a profile, then `+name` / `-name` items,
comma-separated (see `--features` in commands/feature_options.py). The
validator rejects a construct whose proposal is off with `FeatureError`,
whose message names the proposal and the switch that turns it on. The
instruction table marks each 3.0 instruction with its proposal (the
`feature` of `OpInfo`); `instruction_features(module)` lists what a module's
code uses, for the validator and for an engine that must refuse a module.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from itertools import chain

from playground.wasm.errors import InvalidError, SourceSpan, WasmError
from playground.wasm.types import FuncType, HeapKind, RefType

# The proposals that WebAssembly 3.0 merged, by the names WABT and wasmtime use.
PROPOSALS: tuple[str, ...] = (
    "tail-call",
    "exceptions",
    "multi-memory",
    "memory64",
    "function-references",
    "gc",
    "relaxed-simd",
    "extended-const",
    "annotations",
)

PROFILES: dict[str, frozenset[str]] = {
    "2.0": frozenset(),
    "3.0": frozenset(PROPOSALS),
}
DEFAULT_PROFILE = "3.0"


class FeatureError(InvalidError):
    """A module uses a proposal that the chosen features leave off."""


class EngineFeatureError(WasmError):
    """An engine was asked to run an instruction of a proposal it does not implement yet."""

    kind = "unsupported"


class FeatureSpecError(ValueError):
    """A `--features` value that names no profile or proposal."""


@dataclass(frozen=True)
class Features:
    """The proposals switched on; `profile` is the profile they started from (for messages)."""

    enabled: frozenset[str]
    profile: str = DEFAULT_PROFILE

    @classmethod
    def parse(cls, text: str) -> "Features":
        """`PROFILE[,+name|-name]...`; a bare name counts as `+name`. FeatureSpecError when unknown."""
        items = [item.strip() for item in text.split(",") if item.strip()]
        if not items:
            raise FeatureSpecError("empty feature list: expected a profile (2.0 or 3.0), then +name or -name")
        profile = DEFAULT_PROFILE
        if items[0] in PROFILES:
            profile = items.pop(0)
        enabled = set(PROFILES[profile])
        for item in items:
            sign, name = (item[0], item[1:]) if item[0] in "+-" else ("+", item)
            if name not in PROPOSALS:
                known = ", ".join(PROPOSALS)
                raise FeatureSpecError(f"unknown feature {name!r} (profiles: 2.0, 3.0; proposals: {known})")
            if sign == "+":
                enabled.add(name)
            else:
                enabled.discard(name)
        return cls(frozenset(enabled), profile)

    @classmethod
    def profile_of(cls, name: str) -> "Features":
        return cls(PROFILES[name], name)

    def __contains__(self, proposal: str) -> bool:
        return proposal in self.enabled

    def require(self, proposal: str, what: str, span: SourceSpan | None = None) -> None:
        """Raise FeatureError (`what` ... the switch) unless `proposal` is on."""
        if proposal not in self.enabled:
            raise FeatureError(f"{what} {switch_hint(proposal)}", span=span)

    def __str__(self) -> str:
        base = PROFILES[self.profile]
        extra = [f"+{p}" for p in PROPOSALS if p in self.enabled and p not in base]
        extra += [f"-{p}" for p in PROPOSALS if p in base and p not in self.enabled]
        return ",".join([self.profile, *extra])


def switch_hint(proposal: str) -> str:
    """`(needs the tail-call feature: --features 3.0 or --features 2.0,+tail-call)`."""
    return f"(needs the {proposal} feature: --features 3.0 or --features 2.0,+{proposal})"


ALL = Features.profile_of("3.0")
WASM_2 = Features.profile_of("2.0")
DEFAULT = ALL


def first_uses(bodies) -> dict:
    """proposal -> the first instruction (an Instr, with its place) of `bodies` (lists of Instr) that needs it."""
    found: dict = {}
    for body in bodies:
        for instr in body:
            feature = instr.op.feature
            if feature is not None and feature not in found:
                found[feature] = instr
    return found


def segment_exprs(module) -> Iterator[list]:
    """The constant expressions of the module's element segments, each item then the offset, one at a time:
    a decoded segment builds an item when it is read (binary/elem_items.py), so no list of them all is made."""
    for elem in module.elems:
        yield from elem.init
        if elem.offset:
            yield elem.offset


def instruction_features(bodies) -> dict[str, str]:
    """proposal -> the name of the first instruction of `bodies` (lists of Instr) that needs it."""
    return {proposal: instr.op.name for proposal, instr in first_uses(bodies).items()}


def type_features(module) -> dict[str, str]:
    """proposal -> what first needs it among the module's types: GC type definitions (struct,
    array, rec, sub) need gc; a reference type other than funcref and externref in a signature,
    a local, a global, a table or an element segment needs the proposal `_reference_proposal` names."""
    found: dict[str, str] = {}
    for t in module.types:
        if not isinstance(t, FuncType) or t.rec_size > 1 or t.supers or not t.final:
            found.setdefault("gc", "type definition " + str(t))
    valtypes = [t for ft in module.types if isinstance(ft, FuncType) for t in (*ft.params, *ft.results)]
    valtypes += [t for f in module.funcs for t in f.locals] + [g.valtype for g in module.global_types()]
    valtypes += [t.elem for t in module.table_types()] + [e.type for e in module.elems]
    for t in valtypes:
        if isinstance(t, RefType):
            found.setdefault(_reference_proposal(t), f"reference type {t}")
    return found


def _reference_proposal(t: RefType) -> str:
    """The proposal a 3.0 reference type belongs to: exnref (nullable exn, noexn) came with exception
    handling; other abstract heap types with GC; concrete type indices and non-nullable forms with
    typed function references."""
    if t.heap in (HeapKind.EXN, HeapKind.NOEXN):
        return "exceptions" if t.nullable else "function-references"
    if t.heap in (HeapKind.FUNC, HeapKind.EXTERN) or isinstance(t.heap, int):
        return "function-references"
    return "gc"
    return found


def address_features(module) -> dict[str, str]:
    """proposal -> what needs it among the module's memory and table types: an i64 one needs memory64."""
    if any(t.limits.is64 for t in [*module.mem_types(), *module.table_types()]):
        return {"memory64": "64-bit memories and tables"}
    return {}


def refuse_unsupported(module, engine_name: str, supported: frozenset[str]) -> None:
    """EngineFeatureError when `module` uses an instruction or a type of a proposal outside `supported`:
    `the fast engine does not support return_call (tail-call) yet; use --engine step`."""
    bodies = [func.body for func in module.funcs]
    bodies += [g.init for g in module.globals] + list(module.table_inits.values())
    uses = instruction_features(chain(bodies, segment_exprs(module)))
    for proposal, what in [*type_features(module).items(), *address_features(module).items()]:
        uses.setdefault(proposal, what)
    for proposal, name in uses.items():
        if proposal not in supported:
            raise EngineFeatureError(
                f"the {engine_name} engine does not support {name} ({proposal}) yet; use --engine step"
            )
