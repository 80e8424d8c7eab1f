"""`NAME=SPEC` descriptions of a shader's input buffers, and packing them into WGSL layout.

SPEC is one of
    zeros[:N]          all zeros                     ones[:N]    all ones
    range[:N]          0, 1, 2, ... (one per number, struct fields included)
    random[:N][:seed=S]  floats uniform in [0, 1), integers in [0, 100); seeded (default 0)
    values:V1,V2,...   the listed numbers
    expr[:N]:EXPR      a numpy expression of n (the length) and i (= arange(n)),
                       e.g. `x=expr:1024:sin(i * 0.1)`; evaluated safely (see safe_expr)
N is the number of array elements (not bytes). A runtime-sized `array<E>` takes N
from the spec, from the number of values, or from the run's default length; a
fixed-size type (a struct, `array<E, 16>`) has its own length.

Values fill the numbers of each element in memory order (a `vec3f` takes three,
a struct all of its fields' numbers) and are cast to each field's type; padding
stays zero.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
from numpy.lib import recfunctions as rfn

from playground.gpu import wgsl_types as T
from playground.gpu.errors import BufferSpecError
from playground.gpu.safe_expr import MAX_ELEMENTS, evaluate

KINDS = ("zeros", "ones", "range", "random", "values", "expr")


@dataclass(frozen=True)
class BufferSpec:
    """A parsed `NAME=SPEC`."""

    name: str
    kind: str
    length: int | None = None
    seed: int = 0
    values: tuple[float, ...] = ()
    expr: str = ""


def _int(text: str, what: str, spec: str) -> int:
    try:
        value = int(text, 0)
    except ValueError:
        raise BufferSpecError(f"{spec!r}: {what} must be an integer, got {text!r}") from None
    if value < 0 or value > MAX_ELEMENTS:
        raise BufferSpecError(f"{spec!r}: {what} must be between 0 and {MAX_ELEMENTS}")
    return value


def parse_buffer_spec(text: str) -> BufferSpec:
    """Parse `NAME=SPEC` (see the module docstring); raises BufferSpecError with the reason."""
    name, sep, spec = text.partition("=")
    name, spec = name.strip(), spec.strip()
    if not sep or not re.fullmatch(r"[A-Za-z_]\w*", name) or not spec:
        raise BufferSpecError(f"buffer spec {text!r} must look like NAME=SPEC, e.g. x=range:1024")
    kind, _, rest = spec.partition(":")
    kind = kind.strip().lower()
    if kind not in KINDS:
        raise BufferSpecError(f"{text!r}: unknown kind {kind!r}; expected one of {', '.join(KINDS)}")
    if kind == "expr":
        # Expressions cannot contain ':' (no slices or lambdas are allowed), so an optional
        # length is the part before a second ':'.
        length_text, colon, expr = rest.partition(":")
        if colon and length_text.strip().isdigit():
            return BufferSpec(name, kind, _int(length_text.strip(), "the length", text), expr=expr.strip())
        if not rest.strip():
            raise BufferSpecError(f"{text!r}: expr needs an expression, e.g. {name}=expr:sin(i)")
        return BufferSpec(name, kind, expr=rest.strip())
    if kind == "values":
        try:
            values = tuple(float(v) for v in rest.split(",") if v.strip())
        except ValueError:
            raise BufferSpecError(f"{text!r}: values must be numbers separated by commas") from None
        if not values:
            raise BufferSpecError(f"{text!r}: values needs at least one number")
        return BufferSpec(name, kind, values=values)
    length, seed = None, 0
    for part in (p.strip() for p in rest.split(":") if p.strip()):
        if part.startswith("seed="):
            if kind != "random":
                raise BufferSpecError(f"{text!r}: only random takes a seed")
            seed = _int(part[5:], "the seed", text)
        elif length is None:
            length = _int(part, "the length", text)
        else:
            raise BufferSpecError(f"{text!r}: unexpected {part!r}")
    return BufferSpec(name, kind, length, seed=seed)


def _wrapper(element: T.WgslType) -> np.dtype:
    # One top-level record per element, sized to the array stride, so numpy's structured
    # helpers handle nested structs, vectors and padding in one go.
    return np.dtype({"names": ["v"], "formats": [element.dtype()], "offsets": [0], "itemsize": element.stride})


def element_and_count(wtype: T.WgslType) -> tuple[T.WgslType, int | None]:
    """(element type, fixed count or None) of a binding: arrays by element, anything else as 1."""
    if wtype.kind == "array":
        assert wtype.element is not None
        return wtype.element, wtype.count
    return wtype, 1


def pack(flat: np.ndarray, element: T.WgslType, length: int) -> bytes:
    """`length` elements of `element` from flat numbers, as the bytes the GPU expects."""
    width = len(element.leaf_scalars())
    table = np.asarray(flat, dtype=np.float64).reshape(length, width)
    wrapper = _wrapper(element)
    packed = np.zeros(length, dtype=wrapper)  # padding bytes must be zeros, not leftover memory
    packed[...] = rfn.unstructured_to_structured(table, dtype=wrapper, casting="unsafe")
    return packed.tobytes()


def decode(raw: bytes | memoryview, element: T.WgslType, length: int | None = None) -> np.ndarray:
    """The numpy view of buffer bytes: (n,) for scalars, (n, k) for vectors, records for structs."""
    wrapper = _wrapper(element)
    count = len(raw) // wrapper.itemsize if length is None else length
    return np.frombuffer(raw, dtype=wrapper, count=count)["v"].copy()


def _generate(spec: BufferSpec, leaves: list[str], length: int) -> np.ndarray:
    shape = (length, len(leaves))
    if spec.kind == "zeros":
        return np.zeros(shape)
    if spec.kind == "ones":
        return np.ones(shape)
    if spec.kind == "range":
        return np.arange(length * len(leaves), dtype=np.float64).reshape(shape)
    rng = np.random.default_rng(spec.seed)
    table = rng.random(shape)
    for column, leaf in enumerate(leaves):
        if leaf in ("i32", "u32"):
            table[:, column] = rng.integers(0, 100, length)
    return table


def build(spec: BufferSpec | None, name: str, wtype: T.WgslType, default_length: int) -> tuple[bytes, int]:
    """The bytes for a binding of type `wtype` and its element count, from `spec` (None: zeros)."""
    element, fixed = element_and_count(wtype)
    leaves = element.leaf_scalars()
    if spec is None:
        spec = BufferSpec(name, "zeros")
    given = spec.length
    if fixed is not None and given is not None and given != fixed:
        raise BufferSpecError(f"buffer {name!r} has the fixed type {wtype.name} ({fixed} element(s)); "
                              f"the spec asks for {given}")
    if spec.kind in ("values", "expr"):
        n = fixed if fixed is not None else (given if given is not None else default_length)
        flat = np.asarray(spec.values) if spec.kind == "values" else evaluate(spec.expr, n)
        flat = np.asarray(flat, dtype=np.float64).reshape(-1)
        if fixed is None and given is None and flat.size > 1:
            if flat.size % len(leaves):
                raise BufferSpecError(f"buffer {name!r}: {flat.size} numbers do not fill whole {element.name} "
                                      f"elements ({len(leaves)} numbers each)")
            n = flat.size // len(leaves)
        if flat.size == 1:
            flat = np.full(n * len(leaves), flat[0])  # a single number fills the buffer
        if flat.size != n * len(leaves):
            raise BufferSpecError(f"buffer {name!r} needs {n * len(leaves)} numbers "
                                  f"({n} x {element.name}), the spec gives {flat.size}")
        length = n
    else:
        length = fixed if fixed is not None else (given if given is not None else default_length)
        flat = _generate(spec, leaves, length)
    if length == 0:
        raise BufferSpecError(f"buffer {name!r} would be empty; give it a length, e.g. {name}=zeros:256")
    return pack(flat, element, length), length
