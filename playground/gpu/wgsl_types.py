"""WGSL types with their memory layout, and the numpy dtypes that match it byte for byte.

Rules from the WGSL specification, section "Memory Layout" (alignment and size):
- f32, i32, u32: align 4, size 4; f16: align 2, size 2; atomic<T> is laid out as T.
- vecN<T>: size N*s; align 2*s for N=2, 4*s for N=3 and N=4 (so vec3 has 4 bytes of tail padding
  when followed by something 16-aligned).
- matCxR<T>: C columns of vecR; align = align(vecR); column stride = roundUp(align, size(vecR)).
- array<E, N> / array<E>: align = align(E); stride = roundUp(align(E), size(E)); size = N*stride.
- struct: each member at roundUp(align(member), end of previous member), `@align(n)` and
  `@size(n)` override a member's alignment and size; align = max member align;
  size = roundUp(align, end of last member).
The uniform address space adds constraints (16-byte array strides, ...) but they are
validity rules that naga checks, not different offsets, so one layout serves both.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

SCALARS: dict[str, tuple[int, str]] = {  # name -> (size in bytes, numpy dtype)
    "f32": (4, "<f4"),
    "i32": (4, "<i4"),
    "u32": (4, "<u4"),
    "f16": (2, "<f2"),
}
# WGSL's predeclared aliases: vec4f is vec4<f32>, mat4x4h is mat4x4<f16>, ...
_SUFFIX = {"f": "f32", "i": "i32", "u": "u32", "h": "f16"}


def round_up(align: int, value: int) -> int:
    """The smallest multiple of `align` that is >= value (WGSL's roundUp(k, n))."""
    return -(-value // align) * align


@dataclass(frozen=True)
class Member:
    """One field of a struct, at its byte offset."""

    name: str
    type: "WgslType"
    offset: int


@dataclass(frozen=True)
class WgslType:
    """A host-shareable WGSL type: kind, layout and numpy view.

    kind is "scalar", "vector", "matrix", "array" or "struct". `count` is the
    number of vector components, matrix columns or array elements (None for a
    runtime-sized array). `element` is the array element or the matrix column.
    """

    kind: str
    name: str
    align: int
    size: int
    scalar: str = ""
    count: int | None = None
    rows: int = 0
    element: "WgslType | None" = None
    members: tuple[Member, ...] = field(default=())

    @property
    def stride(self) -> int:
        """Distance between consecutive elements when this type is an array element."""
        return round_up(self.align, self.size)

    @property
    def runtime_sized(self) -> bool:
        """True for `array<E>`, whose length comes from the buffer bound to it."""
        return self.kind == "array" and self.count is None

    def dtype(self) -> np.dtype:
        """A numpy dtype with exactly this type's size and byte offsets (padding included)."""
        if self.kind == "scalar":
            return np.dtype(SCALARS[self.scalar][1])
        if self.kind == "vector":
            return np.dtype((SCALARS[self.scalar][1], (self.count,)))
        if self.kind == "matrix":
            assert self.element is not None
            return np.dtype((padded_dtype(self.element), (self.count,)))
        if self.kind == "array":
            assert self.element is not None and self.count is not None
            return np.dtype((padded_dtype(self.element), (self.count,)))
        return np.dtype({
            "names": [m.name for m in self.members],
            "formats": [m.type.dtype() for m in self.members],
            "offsets": [m.offset for m in self.members],
            "itemsize": self.size,
        })

    def leaf_scalars(self) -> list[str]:
        """The scalar type of every number in one value, in memory order (padding skipped)."""
        if self.kind == "scalar":
            return [self.scalar]
        if self.kind in ("vector", "matrix", "array"):
            assert self.element is not None or self.kind == "vector"
            inner = [self.scalar] if self.kind == "vector" else self.element.leaf_scalars()  # type: ignore[union-attr]
            return inner * (self.count or 1)
        return [s for m in self.members for s in m.type.leaf_scalars()]


PAD_FIELD = "value"


def padded_dtype(t: WgslType) -> np.dtype:
    """t's dtype widened to its array stride (vec3<f32> -> 16 bytes) as a one-field record."""
    base = t.dtype()
    if base.itemsize == t.stride:
        return base
    return np.dtype({"names": [PAD_FIELD], "formats": [base], "offsets": [0], "itemsize": t.stride})


def scalar(name: str) -> WgslType:
    size = SCALARS[name][0]
    return WgslType("scalar", name, size, size, scalar=name)


def vector(n: int, of: str) -> WgslType:
    s = SCALARS[of][0]
    return WgslType("vector", f"vec{n}<{of}>", (2 if n == 2 else 4) * s, n * s, scalar=of, count=n)


def matrix(columns: int, rows: int, of: str) -> WgslType:
    column = vector(rows, of)
    return WgslType("matrix", f"mat{columns}x{rows}<{of}>", column.align, columns * column.stride,
                    scalar=of, count=columns, rows=rows, element=column)


def array(element: WgslType, count: int | None) -> WgslType:
    name = f"array<{element.name}>" if count is None else f"array<{element.name}, {count}>"
    size = element.stride * (count or 0)  # a runtime-sized array has no static size
    return WgslType("array", name, element.align, size, count=count, element=element)


def struct(name: str, fields: list[tuple[str, WgslType, int | None, int | None]]) -> WgslType:
    """Lay out a struct from (name, type, @align or None, @size or None) members."""
    members, offset, align = [], 0, 1
    for member_name, t, align_attr, size_attr in fields:
        member_align = align_attr or t.align
        member_size = size_attr or t.size
        offset = round_up(member_align, offset)
        members.append(Member(member_name, t, offset))
        offset += member_size
        align = max(align, member_align)
    return WgslType("struct", name, align, round_up(align, offset), members=tuple(members))


def predeclared(name: str) -> WgslType | None:
    """The predeclared short names: f32, vec3f, mat4x4f, vec2i, ... (None for anything else)."""
    if name in SCALARS:
        return scalar(name)
    if len(name) == 5 and name.startswith("vec") and name[3] in "234" and name[4] in _SUFFIX:
        return vector(int(name[3]), _SUFFIX[name[4]])
    if len(name) == 7 and name.startswith("mat") and name[3] in "234" and name[4] == "x" \
            and name[5] in "234" and name[6] in "fh":
        return matrix(int(name[3]), int(name[5]), _SUFFIX[name[6]])
    return None
