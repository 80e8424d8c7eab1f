"""How the window shows a GPU buffer: one column per number of an element, what a dispatch changed, picture ranges."""

from __future__ import annotations

import numpy as np

from playground.gpu import buffer_spec
from playground.gpu import wgsl_types as T
from playground.workbench.gpu_buffers import changed_byte_ranges, changed_mask, image_shape, leaf_columns, normalized, ordinary


def test_leaf_columns_name_vectors_and_struct_fields():
    vec3 = T.vector(3, "f32")
    particle = T.struct("P", [("pos", vec3, None, None), ("mass", T.scalar("f32"), None, None)])
    flat = np.arange(2 * 4, dtype=np.float64)
    decoded = buffer_spec.decode(buffer_spec.pack(flat, particle, 2), particle, 2)
    columns = leaf_columns(decoded)
    assert [label for label, _ in columns] == ["pos.x", "pos.y", "pos.z", "mass"]
    assert columns[3][1].tolist() == [3.0, 7.0]
    vectors = buffer_spec.decode(buffer_spec.pack(np.arange(6), vec3, 2), vec3, 2)  # vec3 padded to 16 bytes
    assert [label for label, _ in leaf_columns(vectors)] == ["x", "y", "z"]
    matrix = np.zeros((2, 2, 3), dtype=np.float32)
    assert [label for label, _ in leaf_columns(matrix)][:4] == ["[0].x", "[0].y", "[0].z", "[1].x"]


def test_changes_nan_counts_as_equal_to_nan():
    now = np.array([1, 2, 3, np.nan], dtype=np.float32)
    before = np.array([1, 5, 3, np.nan], dtype=np.float32)
    assert changed_mask(now, before).tolist() == [False, True, False, False]
    assert changed_byte_ranges(bytes([0, 1, 2, 3]), bytes([0, 9, 9, 3])) == [(1, 3)]
    assert changed_byte_ranges(bytes([0, 1]), None) == [] and changed_byte_ranges(bytes([0, 1]), bytes([0])) == []


def test_picture_ranges_leave_sentinels_out():
    assert image_shape(16) == (4, 4) and image_shape(10) is None and image_shape(10, 4) == (4, 3)
    big = np.float32(np.finfo(np.float32).max)
    values = np.array([1, 2, 3, big, np.nan, -np.inf], dtype=np.float32)
    assert ordinary(values).tolist() == [True, True, True, False, False, False]
    assert normalized(values).tolist() == [0.0, 0.5, 1.0, 1.0, 0.0, 0.0]
    assert normalized(np.array([7, 7], dtype=np.float32)).tolist() == [0.5, 0.5]
