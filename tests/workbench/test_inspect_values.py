"""The memory panel's value inspector: the bytes at an address read as every integer and float type."""

from __future__ import annotations

from playground.workbench.inspect_values import inspect_bytes


def test_value_inspector_readings():
    rows = dict(inspect_bytes(bytes([0xFF, 0xFF, 0xFF, 0xFF, 0x00, 0x00, 0xC0, 0x7F])))
    assert rows["i8"] == "-1" and rows["u8"] == "255"
    assert rows["i16"] == "-1" and rows["u16"] == "65535"
    assert rows["i32"] == "-1" and rows["u32"] == "4294967295"
    assert rows["u64"] == str(0x7FC00000FFFFFFFF)
    assert rows["f32"] == "-nan:0x7fffff"
    assert rows["f64"] == "2.247118561595109e+307"
    assert dict(inspect_bytes(b"\x00\x00\xc0\x3f"))["f32"] == "1.5"
    assert dict(inspect_bytes(b"\x01"))["i32"] == "—"
