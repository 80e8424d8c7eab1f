"""The WGSL runner panel's logic: fills as the CLI's `NAME=SPEC` text, the grid in words, located diagnostics."""

from __future__ import annotations

from playground.gpu.wgsl_reflect import reflect
from playground.resources import sample_path
from playground.workbench.wgsl_panel import access_of, default_fill, grid_text, layout_text, spec_text, to_editor_diagnostics


def test_editor_diagnostics_point_at_the_line_and_column():
    (span, message, severity), = to_editor_diagnostics("ab\ncdef\n", [(2, 3, "oops")])
    assert (span.line, span.col, span.start, message, severity) == (2, 3, 5, "oops", "error")


def test_spec_text_matches_the_cli_syntax():
    assert spec_text("range", "", 8) == "range:8"
    assert spec_text("random", "7", 100) == "random:100:seed=7"
    assert spec_text("values", "1, 2", None) == "values:1, 2"
    assert spec_text("expr", "sin(i)", 64) == "expr:64:sin(i)"
    assert spec_text("ones", "", None) == "ones"


def test_the_grid_in_words():
    assert grid_text((4, 1, 1), (64, 1, 1)) == "of @workgroup_size(64, 1, 1) = 256 invocations"
    assert grid_text((2, 3, 1), (8, 8, 1)) == "of @workgroup_size(8, 8, 1) = 384 invocations"


def test_saxpy_bindings_as_rows():
    info = reflect(sample_path("saxpy.wgsl").read_text())
    rows = {b.name: (access_of(b), layout_text(b), default_fill(b)) for b in info.bindings}
    assert rows["x"][0] == "read" and rows["x"][2] == "range"  # inputs count up
    assert rows["y"][0] == "read_write" and rows["y"][2] == "zeros"  # outputs start at zero
    assert rows["x"][1] == "4 B x n"  # a runtime-sized array of f32
