"""C values as gdb prints them (debug/dwarf/values.py), C type names, and location expressions (expr.py).

Built from hand-made types and bytes, so every format is pinned without a compiler.
"""

from __future__ import annotations

import struct

import pytest

from playground.debug.dwarf.expr import Place, evaluate
from playground.debug.dwarf.types import (
    ATE_BOOLEAN, ATE_FLOAT, ATE_SIGNED, ATE_SIGNED_CHAR, ATE_UNSIGNED, ATE_UNSIGNED_CHAR, CType, Member, type_name,
)
from playground.debug.dwarf.values import CValue, Formatter, CValueError, member_value, value_at

INT = CType("base", "int", 4, ATE_SIGNED)
UINT = CType("base", "unsigned int", 4, ATE_UNSIGNED)
CHAR = CType("base", "char", 1, ATE_SIGNED_CHAR)
UCHAR = CType("base", "unsigned char", 1, ATE_UNSIGNED_CHAR)
BOOL = CType("base", "_Bool", 1, ATE_BOOLEAN)
FLOAT = CType("base", "float", 4, ATE_FLOAT)
DOUBLE = CType("base", "double", 8, ATE_FLOAT)
VOID = CType("void", "void")


def ptr(t):
    return CType("pointer", size=4, target=t)


def array(t, *counts):
    return CType("array", target=t, counts=counts)


POINT = CType("struct", "point", 8, members=[Member("x", INT, 0), Member("y", INT, 4)])
MEMORY = bytearray(256)
MEMORY[0x40:0x46] = b"hello\0"


def read(address, size):
    if address + size > len(MEMORY):
        raise CValueError(f"Cannot access memory at address {address:#x}")
    return bytes(MEMORY[address : address + size])


FORMAT = Formatter(read, lambda slot: {1: "square"}.get(slot))


def shown(ctype, data, *, top=True, address=None):
    return FORMAT.format(CValue(ctype, data, address), top=top)


def i32(*values):
    return b"".join(struct.pack("<i", v) for v in values)


@pytest.mark.parametrize("ctype, data, text", [
    (INT, i32(-7), "-7"),
    (UINT, i32(-1), "4294967295"),
    (CHAR, b"A", "65 'A'"),
    (CHAR, b"\n", "10 '\\n'"),
    (CHAR, b"\0", "0 '\\000'"),
    (CHAR, b"'", "39 '\\''"),
    (CHAR, b"\xe9", "-23 '\\351'"),
    (UCHAR, b"\xe9", "233 '\\351'"),
    (BOOL, b"\x01", "true"),
    (BOOL, b"\x00", "false"),
    (FLOAT, struct.pack("<f", 1.1), "1.10000002"),
    (DOUBLE, struct.pack("<d", 0.1), "0.10000000000000001"),
    (DOUBLE, struct.pack("<d", 2.0), "2"),
    (DOUBLE, struct.pack("<d", float("-inf")), "-inf"),
    (FLOAT, struct.pack("<I", 0x7FC00000), "nan(0x400000)"),
])
def test_scalars(ctype, data, text):
    assert shown(ctype, data) == text


def test_pointers_show_their_type_on_top_and_strings_for_char_pointers():
    assert shown(ptr(INT), i32(0x10A0)) == "(int *) 0x10a0"
    assert shown(ptr(INT), i32(0x10A0), top=False) == "0x10a0"
    assert shown(ptr(INT), i32(0)) == "(int *) 0x0"
    assert shown(ptr(CHAR), i32(0x40)) == '0x40 "hello"'
    assert shown(ptr(CType("const", target=CHAR)), i32(0x40)) == '0x40 "hello"'
    assert shown(ptr(CHAR), i32(0x1000)) == "0x1000 <error: Cannot access memory at address 0x1000>"
    assert shown(ptr(VOID), i32(0x40)) == "(void *) 0x40"
    function = CType("function", target=INT, members=[INT])
    assert shown(ptr(function), i32(1)) == "(int (*)(int)) 0x1 <square>"


def test_structs_arrays_and_repeats():
    assert shown(POINT, i32(3, 4)) == "{x = 3, y = 4}"
    nested = CType("struct", "line", 20, members=[Member("a", POINT, 0), Member("b", POINT, 8),
                                                  Member("next", ptr(INT), 16)])
    assert shown(nested, i32(1, 2, 3, 4, 0x50)) == "{a = {x = 1, y = 2}, b = {x = 3, y = 4}, next = 0x50}"
    assert shown(array(INT, 3), i32(1, 2, 3)) == "{1, 2, 3}"
    assert shown(array(INT, 16), i32(*[0] * 16)) == "{0 <repeats 16 times>}"
    assert shown(array(INT, 10), i32(*[0] * 10)) == "{0, 0, 0, 0, 0, 0, 0, 0, 0, 0}"  # gdb compresses more than 10
    assert shown(array(INT, 14), i32(1, 2, *[7] * 12)) == "{1, 2, 7 <repeats 12 times>}"
    assert shown(array(INT, 2, 3), i32(1, 2, 3, 4, 5, 6)) == "{{1, 2, 3}, {4, 5, 6}}"
    assert shown(array(POINT, 2), i32(1, 2, 3, 4)) == "{{x = 1, y = 2}, {x = 3, y = 4}}"
    many = shown(array(INT, 250), i32(*range(250)))
    assert many.endswith(", 199...}") and "200" not in many


def test_char_arrays_print_as_strings_like_gdb():
    assert shown(array(CHAR, 6), b"hello\0") == '"hello"'  # the final NUL of a full string is left out
    assert shown(array(CHAR, 16), b"playground" + bytes(6)) == '"playground\\000\\000\\000\\000\\000"'
    assert shown(array(CHAR, 20), b"hi" + bytes(18)) == "\"hi\", '\\000' <repeats 17 times>"
    assert shown(array(CHAR, 3), b"abc") == '"abc"'  # no NUL: all of it
    assert shown(array(CHAR, 4), b'a"\\\n') == '"a\\"\\\\\\n"'


def test_enums_bitfields_and_unavailable_values():
    color = CType("enum", "color", 4, members=[(0, "RED"), (1, "GREEN")])
    assert shown(color, i32(1)) == "GREEN" and shown(color, i32(7)) == "7"
    flags = CType("struct", "flags", 4, members=[Member("a", UINT, 0, bit_size=3, bit_offset=0),
                                                  Member("b", INT, 0, bit_size=4, bit_offset=3)])
    data = struct.pack("<I", 0b1111_101)  # a = 5, b = -1 (4 bits of ones)
    assert shown(flags, data) == "{a = 5, b = -1}"
    assert member_value(CValue(flags, data), flags.members[1]).as_int() == -1
    assert shown(INT, None) == "<optimized out>"
    assert FORMAT.format(CValue(INT, None, reason="DW_OP_piece is not supported")) == "<DW_OP_piece is not supported>"


@pytest.mark.parametrize("ctype, name", [
    (INT, "int"),
    (ptr(INT), "int *"),
    (ptr(ptr(CHAR)), "char **"),
    (POINT, "struct point"),
    (ptr(POINT), "struct point *"),
    (array(INT, 3), "int [3]"),
    (array(ptr(INT), 3), "int *[3]"),
    (ptr(array(INT, 3)), "int (*)[3]"),
    (array(CHAR, 2, 3), "char [2][3]"),
    (ptr(CType("const", target=CHAR)), "const char *"),
    (CType("const", target=ptr(CHAR)), "char * const"),
    (ptr(CType("function", target=INT, members=[INT, ptr(CHAR)])), "int (*)(int, char *)"),
    (ptr(CType("function", target=VOID)), "void (*)(void)"),
    (CType("typedef", "size_t", target=UINT), "size_t"),
    (CType("enum", "color", 4), "enum color"),
])
def test_type_names_as_gdb_writes_them(ctype, name):
    assert type_name(ctype) == name


# --- location expressions ----------------------------------------------------------------------------------
class Op:
    def __init__(self, op_name, *args):
        self.op_name, self.args = op_name, list(args)


class Frame:
    locals = [0x1000, 7, 0xFFFFFFFF]
    globals = [0x2000]
    stack = [5, 6]

    def local(self, i):
        return self.locals[i]

    def global_(self, i):
        return self.globals[i]

    def operand(self, depth):
        return self.stack[-1 - depth]

    def frame_base(self):
        return evaluate([Op("DW_OP_WASM_location", 0, 0), Op("DW_OP_stack_value")], self).value

    def read(self, address, size):
        return (0x1234).to_bytes(size, "little")


@pytest.mark.parametrize("ops, place", [
    ([Op("DW_OP_fbreg", 12)], Place("memory", address=0x100C)),  # -O0: the frame base (local 0) + 12
    ([Op("DW_OP_fbreg", -4)], Place("memory", address=0xFFC)),
    ([Op("DW_OP_addr", 0x400)], Place("memory", address=0x400)),  # a global
    ([Op("DW_OP_WASM_location", 0, 1), Op("DW_OP_stack_value")], Place("value", value=7)),  # -O2: in a local
    ([Op("DW_OP_WASM_location", 0, 1)], Place("local", value=7)),  # the local is its home (a struct: its address)
    ([Op("DW_OP_WASM_location", 3, 0), Op("DW_OP_plus_uconst", 8)], Place("memory", address=0x2008)),
    ([Op("DW_OP_WASM_location", 2, 0), Op("DW_OP_stack_value")], Place("value", value=6)),  # the operand stack's top
    ([Op("DW_OP_lit3"), Op("DW_OP_constu", 4), Op("DW_OP_mul"), Op("DW_OP_stack_value")], Place("value", value=12)),
    ([Op("DW_OP_addr", 0x10), Op("DW_OP_deref"), Op("DW_OP_stack_value")], Place("value", value=0x1234)),
    ([], Place("none", reason="optimized out")),
    ([Op("DW_OP_fbreg", 0), Op("DW_OP_piece", 4)], Place("none", reason="DW_OP_piece is not supported")),
])
def test_location_expressions(ops, place):
    assert evaluate(ops, Frame()) == place


def test_a_struct_in_a_local_is_read_where_the_local_points():
    MEMORY[0x80:0x88] = i32(3, 4)
    assert FORMAT.format(value_at(Place("local", value=0x80), POINT, read)) == "{x = 3, y = 4}"
    assert FORMAT.format(value_at(Place("local", value=0xFFFFFFFF), INT, read)) == "-1"  # a scalar is the local itself
    assert FORMAT.format(value_at(Place("value", value=-2), CHAR, read)) == "-2 '\\376'"
    assert FORMAT.format(value_at(Place("memory", address=0x1000), INT, read)) == "<Cannot access memory at address 0x1000>"
