"""What generated code calls: the shared namespace every translated function sees.

Generated source names only what is in `BASE` (plus the per-instance names
of context.py), so every value it uses arrives here as an object, never as
text: numeric operators by generated names (`N<k>`, `k` the instruction's
position in the instruction table), packers, conversions and the trap
constructors with the step engine's exact messages.

f32 and f64 values live in generated code as Python floats (entries.py);
the runtime and the numeric semantics keep bit patterns. `B` and `D`
convert f64 without touching a NaN's payload: struct's "<d" codes copy the
8 bytes, and `floats_keep_payloads()` checks that on this interpreter. An
f32 is the float of its exact value; an f32 NaN, which a float conversion
would quiet, is held as the f64 NaN with the same sign and its payload in
the top bits (`DF`, `BF` convert both ways without hardware conversion).
`RF` rounds a float to the nearest f32 as numeric/floats.py does (struct's
"<f" packing, infinity past the largest f32).
"""

from __future__ import annotations

import struct

from playground.wasm.errors import Trap, UncaughtException
from playground.wasm.exec.numeric import floats as fl
from playground.wasm.exec.numeric.operators import NUMERIC
from playground.wasm.exec.numeric.simd import SIMD, SIMD_LOAD_SIZES, SIMD_LOAD_TRANSFORMS
from playground.wasm.instructions import OPS
from playground.wasm.runtime.exceptions import ExnRef, thrown
from playground.wasm.runtime import gc_objects as gc
from playground.wasm.subtyping import heap_matches
from playground.wasm.runtime.mutations import OOB_MEMORY, OOB_TABLE
from playground.wasm.types import ValType

_pack_d, _unpack_d = struct.Struct("<d").pack, struct.Struct("<d").unpack
_pack_q, _unpack_q = struct.Struct("<Q").pack, struct.Struct("<Q").unpack


def to_bits(x: float) -> int:
    """The f64 bit pattern of a float held by generated code (payload kept)."""
    return _unpack_q(_pack_d(x))[0]


def from_bits(bits: int) -> float:
    """The float generated code holds for an f64 bit pattern (payload kept)."""
    return _unpack_d(_pack_q(bits))[0]


_pack_f, _unpack_f = struct.Struct("<f").pack, struct.Struct("<f").unpack
_pack_i, _unpack_i = struct.Struct("<I").pack, struct.Struct("<I").unpack
F32_ROUNDS_FINITE = 2.0**128 - 2.0**103  # floats below this in magnitude round to a finite f32
_INF = float("inf")


def f32_to_bits(x: float) -> int:
    """The f32 bit pattern of a float generated code holds for an f32 (BF)."""
    if x != x:
        b = to_bits(x)
        return (b >> 32) & 0x8000_0000 | 0x7F80_0000 | (b >> 29) & 0x7F_FFFF
    return _unpack_i(_pack_f(x))[0]


def f32_from_bits(bits: int) -> float:
    """The float generated code holds for an f32 bit pattern (DF); a NaN keeps its payload."""
    if bits & 0x7FFF_FFFF > 0x7F80_0000:
        return from_bits((bits & 0x8000_0000) << 32 | 0x7FF0_0000_0000_0000 | (bits & 0x7F_FFFF) << 29)
    return _unpack_f(_pack_i(bits))[0]


def round_f32(r: float) -> float:
    """The nearest f32 to `r` (RF): ties to even, infinity past the largest f32; a NaN as it is."""
    if r != r:
        return r
    if r >= F32_ROUNDS_FINITE:
        return _INF
    if r <= -F32_ROUNDS_FINITE:
        return -_INF
    return _unpack_f(_pack_f(r))[0]


def f32_scratch() -> memoryview:
    """A float32 view of 4 fresh bytes: storing a float there rounds it to f32 (`R32` in generated code)."""
    return memoryview(bytearray(4)).cast("f")


def scratch_rounds_as_rf() -> bool:
    """True when storing into `f32_scratch()` rounds every float as `round_f32` does (a C cast to float:
    to nearest, ties to even, infinity past the largest f32, on IEEE hardware); checked at import."""
    tiny = 2.0**-149
    probes = (1.1, -1.1, 1 + 2.0**-24, 1 + 3 * 2.0**-24, tiny / 2, tiny * 1.5, -tiny * 2.5, 0.0, -0.0,
              F32_ROUNDS_FINITE, -F32_ROUNDS_FINITE, F32_ROUNDS_FINITE - 2.0**75, 1e300, -1e300, _INF, -_INF)
    scratch = f32_scratch()
    for x in probes:
        scratch[0] = x
        if f32_to_bits(scratch[0]) != f32_to_bits(round_f32(x)):
            return False
    return True


SCRATCH_ROUNDS = scratch_rounds_as_rf()


def converters(types, *, to_held: bool) -> list:
    """(position, converter) for the float positions of `types`: raw bits -> held floats, or back."""
    table = {ValType.F32: (f32_from_bits, f32_to_bits), ValType.F64: (from_bits, to_bits)}
    return [(i, table[t][0 if to_held else 1]) for i, t in enumerate(types) if t in table]


def converted(values, conversions: list) -> list:
    """A list of `values` with `converters(...)`'s conversions applied at their positions."""
    values = list(values)
    for i, convert in conversions:
        values[i] = convert(values[i])
    return values


def returned(values: list, conversions: list):
    """Raw results as a generated function returns them: None, one held value, or a tuple (held)."""
    if not values:
        return None
    values = converted(values, conversions)
    return values[0] if len(values) == 1 else tuple(values)


def floats_keep_payloads() -> bool:
    """True when a float carries any f64 bit pattern through struct unchanged (signalling NaNs too)."""
    probes = (0x7FF0_0000_0000_0001, 0xFFF4_0000_0000_0123, 0x7FF8_0000_0000_0001, 0x8000_0000_0000_0000)
    return all(to_bits(from_bits(b)) == b for b in probes)


# --- trap constructors: a fresh exception per trap (each gets its own location) ---------------

def unreachable_trap() -> Trap:
    return Trap("unreachable")


def undefined_element() -> Trap:
    return Trap("undefined element")


def uninitialized_element(i: int) -> Trap:
    return Trap(f"uninitialized element {i}")


def indirect_mismatch() -> Trap:
    return Trap("indirect call type mismatch")


def oob_memory() -> Trap:
    return Trap(OOB_MEMORY)


def null_reference(what: str = "") -> Trap:
    """The step engine's trap for a null reference (`what`: function, structure, array, i31, or none)."""
    return Trap(f"null {what} reference" if what else "null reference")


def func_matches(f, deftype) -> bool:
    """Is function `f`'s type `deftype` or a subtype of it (3.0's call_indirect check, as the step engine's)?"""
    return heap_matches(gc.func_deftype(f), deftype)


def cast_failure() -> Trap:
    return Trap("cast failure")


def oob_table() -> Trap:
    return Trap(OOB_TABLE)


# --- f64 on floats: exact helpers over the numeric semantics ----------------------------------

def f64_div_by_zero(x: float, y: float) -> float:
    """`x / y` for a zero `y`, which Python refuses: the numeric semantics' answer (inf or NaN)."""
    return from_bits(fl.f64_div(to_bits(x), to_bits(y)))


def f32_div_by_zero(x: float, y: float) -> float:
    """The same for f32."""
    return f32_from_bits(fl.f32_div(f32_to_bits(x), f32_to_bits(y)))


def _on_floats(f, arity: int, width: int = 64):
    """A numeric float operator on bit patterns, lifted to the floats generated code holds."""
    to, back = (to_bits, from_bits) if width == 64 else (f32_to_bits, f32_from_bits)
    if arity == 1:
        return lambda x: back(f(to(x)))
    return lambda x, y: back(f(to(x), to(y)))


# --- SIMD memory access, as exec/step/handlers_memory.py performs it ---------------------------

_QQ = struct.Struct("<QQ")
_M64 = 0xFFFF_FFFF_FFFF_FFFF
_M128 = (1 << 128) - 1


def v128_load(data, a: int) -> int:
    try:
        low, high = _QQ.unpack_from(data, a)
    except struct.error:
        raise oob_memory() from None
    return low | high << 64


def v128_store(data, a: int, v: int) -> None:
    try:
        _QQ.pack_into(data, a, v & _M64, v >> 64)
    except struct.error:
        raise oob_memory() from None


def _transformed_load(name: str):
    transform, n = SIMD_LOAD_TRANSFORMS[name], SIMD_LOAD_SIZES[name]

    def load(data, a: int) -> int:
        if a + n > len(data):
            raise oob_memory()
        return transform(bytes(data[a : a + n]))

    return load


def _lane_load(n: int, lane: int):
    shift = lane * n * 8
    hole = _M128 ^ (((1 << (n * 8)) - 1) << shift)

    def load(data, a: int, v: int) -> int:
        if a + n > len(data):
            raise oob_memory()
        return (v & hole) | int.from_bytes(data[a : a + n], "little") << shift

    return load


def lane_loader(n: int, lane: int):
    """v128.loadN_lane for `n` bytes at `lane`: `load(data, address, v)`."""
    return _lane_load(n, lane)


def transformed_loader(name: str):
    """The extending, splat and zero loads: `load(data, address)`."""
    return _transformed_load(name)


# --- the namespace ------------------------------------------------------------------------------

def numeric_name(op) -> str:
    """The generated name of an instruction's numeric or vector operator: N and its table position."""
    return f"N{OPS.index(op)}"


def throw(tag, payload: tuple):
    """The error `throw` raises (ops_exceptions.py): `tag` (a TagInstance) with `payload` (raw values)."""
    return thrown(ExnRef(tag, payload))


def rethrow(exn):
    """The error `throw_ref` raises for `exn`: the exception again, or the step engine's trap for null."""
    if exn is None:
        return Trap("null exception reference")
    return thrown(exn)


def uncharged(exc) -> int:
    """1 when a fault handler un-charged the instruction `exc` left (faults.py), else 0."""
    return getattr(exc, "fast_uncharged", 0)


def _base() -> dict:
    ns: dict = {"__builtins__": {}}
    for k, op in enumerate(OPS):
        f = NUMERIC.get(op.name) or SIMD.get(op.name)
        if f is not None:
            ns[f"N{k}"] = f
    for k, op in enumerate(OPS):
        if op.name in SIMD_LOAD_TRANSFORMS and op.name != "v128.load":
            ns[f"SL{k}"] = transformed_loader(op.name)
    for n in (1, 2, 4, 8):
        for lane in range(16 // n):
            ns[f"LL{n}_{lane}"] = lane_loader(n, lane)
    for width in (32, 64):
        for name in "abs neg ceil floor trunc nearest sqrt".split():
            ns[f"FX{width}_{name}"] = _on_floats(getattr(fl, f"f{width}_{name}"), 1, width)
        for name in "add sub mul div min max copysign".split():
            ns[f"FX{width}_{name}"] = _on_floats(getattr(fl, f"f{width}_{name}"), 2, width)
    for fmt, letter in (("<I", "I"), ("<Q", "Q"), ("<b", "b"), ("<B", "B"), ("<h", "h"), ("<H", "H"), ("<i", "i"),
                        ("<d", "d"), ("<f", "f")):
        s = struct.Struct(fmt)
        ns[f"U_{letter}"] = s.unpack_from
        ns[f"P_{letter}"] = s.pack_into
        ns[f"K_{letter}"] = s.pack
    ns.update(
        B=to_bits,
        D=from_bits,
        BF=f32_to_bits,
        DF=f32_from_bits,
        RF=round_f32,
        F32_SCRATCH=f32_scratch,
        F32MAX=F32_ROUNDS_FINITE,
        PF1=_pack_f,
        UF1=_unpack_f,
        FDIV0=f64_div_by_zero,
        FDIV0F=f32_div_by_zero,
        len=len,
        abs=abs,
        UNREACHABLE=unreachable_trap,
        UNDEFINED=undefined_element,
        UNINITIALIZED=uninitialized_element,
        MISMATCH=indirect_mismatch,
        OOB_MEMORY=oob_memory,
        OOB_TABLE=oob_table,
        NULL_REF=null_reference,
        CAST_FAILURE=cast_failure,
        FUNC_MATCHES=func_matches,
        GC_STRUCT=gc.new_struct,
        GC_STRUCT_DEFAULT=gc.default_struct,
        STRUCT_REF=gc.StructRef,
        GC_ARRAY=gc.new_array,
        GC_ARRAY_FIXED=gc.fixed_array,
        GC_ARRAY_DATA=gc.array_from_data,
        GC_ARRAY_ELEM=gc.array_from_elem,
        GC_STRUCT_GET=gc.struct_get,
        GC_STRUCT_SET=gc.struct_set,
        GC_ARRAY_GET=gc.array_get,
        GC_ARRAY_SET=gc.array_set,
        GC_ARRAY_LEN=gc.array_length,
        GC_ARRAY_FILL=gc.array_fill,
        GC_ARRAY_COPY=gc.array_copy,
        GC_ARRAY_INIT_DATA=gc.array_init_data,
        GC_ARRAY_INIT_ELEM=gc.array_init_elem,
        GC_I31_GET=gc.i31_get,
        I31=gc.I31Ref,
        REF_EQ=gc.ref_eq,
        HAS_TYPE=gc.has_type,
        EXTERN_TO_ANY=gc.extern_to_any,
        ANY_TO_EXTERN=gc.any_to_extern,
        V128_LOAD=v128_load,
        V128_STORE=v128_store,
        THROW=throw,
        RETHROW=rethrow,
        THROWN_T=UncaughtException,
        UNCHARGED=uncharged,
        INF=float("inf"),
        NINF=float("-inf"),
    )
    return ns


BASE = _base()
"""The names every generated function may use, before an instance adds its own (context.py)."""
