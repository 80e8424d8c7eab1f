"""`wasm.annotate`: every byte of a binary explained, as `wat2wasm -v` does (the Bytecode panel's annotated mode)."""

from __future__ import annotations

from pathlib import Path

import pytest

from playground.wasm.annotate import annotate, format_notes

SAMPLES = Path(__file__).resolve().parents[3] / "samples"


def test_annotate_covers_every_byte_of_the_samples():
    from playground.wasm.binary.encode import encode_module
    from playground.wasm.text.parse import parse_module

    for path in sorted(SAMPLES.glob("*.wat")):
        data = encode_module(parse_module(path.read_text()))
        notes = annotate(data)
        position = 0
        for note in notes:
            if note.length:
                assert note.offset == position, (path.name, note)
                position += note.length
        assert position == len(data), path.name
        assert not [n for n in notes if n.text in ("contents", "unknown")], path.name


def test_annotate_reads_names_and_simd_like_wat2wasm_v(tmp_path):
    import shutil
    import subprocess

    wat2wasm = Path(__file__).resolve().parents[3] / ".venv" / "bin" / "wat2wasm"
    tool = str(wat2wasm) if wat2wasm.exists() else shutil.which("wat2wasm")
    if tool is None:
        pytest.skip("wat2wasm (WABT) is not installed")
    out = tmp_path / "simd.wasm"
    subprocess.run([tool, "--debug-names", str(SAMPLES / "simd_dot.wat"), "-o", str(out)], check=True)
    data = out.read_bytes()
    notes = annotate(data)
    assert sum(n.length for n in notes) == len(data)
    texts = [n.text for n in notes]
    assert 'custom section name "name"' in texts
    assert any(t.startswith("v128.load") or t.startswith("f32x4") for t in texts)
    text = format_notes(data, notes)
    assert text.splitlines()[0].startswith("0000000: 0061 736d") and "; WASM_BINARY_MAGIC" in text
