"""C types from DWARF: the few shapes a C program's variables take, and their names as gdb writes them.

`type_of(die)` follows a `DW_AT_type` reference and builds (once per DIE) a
`CType`: a base type (int, char, float, _Bool), a pointer, a struct or
union with members at byte offsets, an array, an enum, a typedef, a
const/volatile qualifier, or a function type (what a function pointer
points to). `type_name` writes the declarator the way gdb does:
`int *`, `struct point`, `int [3]`, `const char *`, `int (*)(int)`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# DW_ATE_* (DWARF 5, 7.8)
ATE_ADDRESS, ATE_BOOLEAN, ATE_FLOAT, ATE_SIGNED, ATE_SIGNED_CHAR, ATE_UNSIGNED, ATE_UNSIGNED_CHAR, ATE_UTF = (
    0x1, 0x2, 0x4, 0x5, 0x6, 0x7, 0x8, 0x10)
POINTER_SIZE = 4  # wasm32


@dataclass(eq=False)
class CType:
    """A C type: `kind` says which of the fields below matter."""

    kind: str  # base, pointer, struct, union, array, enum, typedef, const, volatile, restrict, function, void
    name: str = ""  # base, struct/union/enum tag, typedef name
    size: int = 0  # bytes
    encoding: int = 0  # base: DW_ATE_*
    target: CType | None = None  # pointer, array element, typedef, qualifiers, function result, enum's underlying
    members: list = field(default_factory=list)  # struct/union: Member; enum: (value, name); function: parameter types
    counts: tuple = ()  # array: element counts per dimension (None: unknown)

    def strip(self) -> CType:
        """The type under typedefs and qualifiers (what decides how a value reads and prints)."""
        t = self
        while t.kind in ("typedef", "const", "volatile", "restrict") and t.target is not None:
            t = t.target
        return t

    @property
    def byte_size(self) -> int:
        t = self.strip()
        if t.kind == "array":
            element = t.target.byte_size if t.target is not None else 0
            total = element
            for count in t.counts:
                total *= count or 0
            return total
        if t.kind == "pointer":
            return t.size or POINTER_SIZE
        if t.kind == "enum" and not t.size and t.target is not None:
            return t.target.byte_size
        return t.size

    def is_char(self) -> bool:
        t = self.strip()
        return t.kind == "base" and t.size == 1 and t.encoding in (ATE_SIGNED_CHAR, ATE_UNSIGNED_CHAR)


@dataclass(frozen=True)
class Member:
    """A struct or union member: byte `offset`; bit fields give `bit_size` and `bit_offset` (from the low bit)."""

    name: str
    type: CType
    offset: int
    bit_size: int = 0
    bit_offset: int = 0


VOID = CType("void", "void")


class TypeReader:
    """Builds `CType`s from DIEs, once per DIE offset (recursive types refer back to the same object)."""

    def __init__(self) -> None:
        self._built: dict[int, CType] = {}

    def type_of(self, die) -> CType:
        """The type a DIE's DW_AT_type names (void when it names none)."""
        if "DW_AT_type" not in die.attributes:
            return VOID
        return self.build(die.get_DIE_from_attribute("DW_AT_type"))

    def build(self, die) -> CType:
        found = self._built.get(die.offset)
        if found is not None:
            return found
        tag = die.tag
        attrs = die.attributes
        name = die_name(die)
        size = attrs["DW_AT_byte_size"].value if "DW_AT_byte_size" in attrs else 0
        kind = {
            "DW_TAG_base_type": "base", "DW_TAG_pointer_type": "pointer", "DW_TAG_reference_type": "pointer",
            "DW_TAG_structure_type": "struct", "DW_TAG_class_type": "struct", "DW_TAG_union_type": "union",
            "DW_TAG_array_type": "array", "DW_TAG_enumeration_type": "enum", "DW_TAG_typedef": "typedef",
            "DW_TAG_const_type": "const", "DW_TAG_volatile_type": "volatile", "DW_TAG_restrict_type": "restrict",
            "DW_TAG_subroutine_type": "function", "DW_TAG_unspecified_type": "void",
        }.get(tag, "void")
        ctype = CType(kind, name, size, attrs["DW_AT_encoding"].value if "DW_AT_encoding" in attrs else 0)
        self._built[die.offset] = ctype  # before the parts: a struct may point to itself
        if kind != "base":
            ctype.target = self.type_of(die) if "DW_AT_type" in attrs else (VOID if kind in ("pointer", "function") else None)
        if kind in ("struct", "union"):
            ctype.members = [self._member(child) for child in die.iter_children() if child.tag == "DW_TAG_member"]
        elif kind == "enum":
            ctype.members = [(c.attributes["DW_AT_const_value"].value, die_name(c))
                             for c in die.iter_children() if c.tag == "DW_TAG_enumerator"]
        elif kind == "array":
            ctype.counts = tuple(_count(child) for child in die.iter_children() if child.tag == "DW_TAG_subrange_type")
        elif kind == "function":
            ctype.members = [self.type_of(c) for c in die.iter_children() if c.tag == "DW_TAG_formal_parameter"]
        return ctype

    def _member(self, die) -> Member:
        attrs = die.attributes
        offset = 0
        location = attrs.get("DW_AT_data_member_location")
        if location is not None and isinstance(location.value, int):
            offset = location.value
        bit_size = attrs["DW_AT_bit_size"].value if "DW_AT_bit_size" in attrs else 0
        bit_offset = 0
        if "DW_AT_data_bit_offset" in attrs:  # DWARF 4+: bits from the start of the struct
            total = attrs["DW_AT_data_bit_offset"].value
            offset, bit_offset = total // 8, total % 8
        return Member(die_name(die), self.type_of(die), offset, bit_size, bit_offset)


def die_name(die) -> str:
    """A DIE's DW_AT_name as text ('' when it has none)."""
    attr = die.attributes.get("DW_AT_name")
    if attr is None:
        return ""
    value = attr.value
    return value.decode("utf-8", "replace") if isinstance(value, bytes) else str(value)


def _count(subrange) -> int | None:
    attrs = subrange.attributes
    if "DW_AT_count" in attrs and isinstance(attrs["DW_AT_count"].value, int):
        return attrs["DW_AT_count"].value
    if "DW_AT_upper_bound" in attrs and isinstance(attrs["DW_AT_upper_bound"].value, int):
        return attrs["DW_AT_upper_bound"].value + 1
    return None  # a flexible array member, or a bound only known at run time


# --- names ----------------------------------------------------------------------------------------
def type_name(ctype: CType) -> str:
    """The type as gdb writes it: `int`, `int *`, `struct point`, `char [13]`, `int (*)(int)`."""
    return _declarator(ctype, "").strip()


def _declarator(t: CType, inner: str) -> str:
    """`t` wrapped around the declarator text built so far (C's inside-out declarator syntax)."""
    kind = t.kind
    if kind == "pointer":
        target = t.target or VOID
        if target.kind in ("array", "function"):
            return _declarator(target, f"(*{inner})")
        return _declarator(target, "*" + inner)
    if kind == "array":
        dims = "".join(f"[{c}]" if c is not None else "[]" for c in t.counts)
        return _declarator(t.target or VOID, inner + dims)
    if kind == "function":
        params = ", ".join(type_name(p) for p in t.members) or "void"
        return _declarator(t.target or VOID, f"{inner}({params})")
    if kind in ("const", "volatile", "restrict"):
        target = t.target or VOID
        if target.kind == "pointer":  # the pointer itself is const: `char * const`
            return _declarator(target, f" {kind}{inner}")
        return f"{kind} " + _declarator(target, inner)
    tag = {"struct": "struct ", "union": "union ", "enum": "enum "}.get(kind, "")
    base = tag + (t.name or ("void" if kind == "void" else "{...}"))
    return f"{base} {inner}" if inner else base
