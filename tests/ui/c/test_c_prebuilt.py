"""Without the C toolchain, a .c file opened uses the .wasm built beside it (the samples ship theirs, with DWARF)
when it was built from that very file, and the window says so; debugging by C line then works as after a compile.

The toolchain's lookup is made to fail (`available` answers False): these tests need no toolchain.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "debugger"))

from debug_helpers import click_gutter, command, debug  # noqa: E402

SAMPLES = HERE.parents[2] / "samples"
SORT_C = SAMPLES / "c" / "sort.c"
BREAK_AT = "values[j + 1] = values[j];"


@pytest.fixture
def no_toolchain(monkeypatch):
    from playground.ui.c import feature

    monkeypatch.setattr(feature, "available", lambda: False)


def _line(text: str, words: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if words in line)


def test_a_sample_opened_without_the_toolchain_debugs_with_its_prebuilt_wasm(qtbot, make_window, no_toolchain):
    window = make_window()
    buffer = window.open_file(SORT_C)
    build = window.c.builds[buffer]
    assert build.prebuilt and build.ok and build.wasm_path == SORT_C.with_suffix(".wasm")
    assert buffer.binary == SORT_C.with_suffix(".wasm").read_bytes()
    qtbot.waitUntil(lambda: "prebuilt" in window.statusBar().currentMessage())
    message = window.statusBar().currentMessage()
    assert message.startswith("using the prebuilt sort.wasm: the C toolchain is not installed")
    assert "pip install 'wasm-playground[c]'" in message and message in window.console.text()
    assert window.c.linked.table.rowCount() > 0 and window.c.linked.note.isHidden()
    # debugging by C line, as after a compile
    text = buffer.editor.toPlainText()
    line = _line(text, BREAK_AT)
    click_gutter(qtbot, buffer.editor, line)
    stop = debug(qtbot, window, "_start", [])
    assert stop.location.span.line == line and buffer.editor.current_line == line
    assert [n for n, _t, _v in window.c.variables.rows()][:3] == ["key", "j", "i"]
    assert window.debugger.callstack.item(0).text() == f"insertion_sort  sort.c:{line}"
    assert window.debugger.session_label.text().startswith(f"Paused in insertion_sort at sort.c:{line}")
    assert command(qtbot, window, "step_over").location.span.line == line + 1
    # Compile still says the toolchain is missing, and the prebuilt listing stays
    assert not window.c.compile(buffer)
    assert "pip install 'wasm-playground[c]'" in window.statusBar().currentMessage()
    assert window.c.linked.table.rowCount() > 0


def test_no_prebuilt_wasm_for_another_text_or_without_a_wasm(qtbot, make_window, no_toolchain, tmp_path):
    from playground.workbench.c_build import prebuilt_build

    alone = tmp_path / "alone" / "sort.c"
    alone.parent.mkdir()
    shutil.copy(SORT_C, alone)  # no .wasm beside it
    edited = tmp_path / "edited" / "sort.c"
    edited.parent.mkdir()
    edited.write_text("\n\n\n" + SORT_C.read_text())
    shutil.copy(SORT_C.with_suffix(".wasm"), edited.with_suffix(".wasm"))  # built before its lines moved
    other = tmp_path / "other" / "mine.c"
    other.parent.mkdir()
    shutil.copy(SORT_C, other)
    shutil.copy(SORT_C.with_suffix(".wasm"), other.with_suffix(".wasm"))  # its line table names sort.c, not mine.c
    for path in (alone, edited, other):
        assert prebuilt_build(path, path.read_text()) is None, path
    assert prebuilt_build(SORT_C, SORT_C.read_text() + "\n// changed\n") is None  # the tab differs from the file

    window = make_window()
    buffer = window.open_file(alone)
    assert buffer not in window.c.builds
    assert "pip install 'wasm-playground[c]'" in window.console.text()
    assert "pip install 'wasm-playground[c]'" in window.c.linked.note.text()


def test_show_in_memory_on_a_char_pointer_selects_the_string_to_its_nul(qtbot, make_window, no_toolchain):
    window = make_window()
    buffer = window.open_file(SAMPLES / "c" / "strings.c")
    text = buffer.editor.toPlainText()
    click_gutter(qtbot, buffer.editor, _line(text, "reverse(word);"))
    debug(qtbot, window, "_start", [])
    greeting = next(n for n in window.debugger.last_snapshot.c.variables if n.name == "greeting")
    assert greeting.target is not None and greeting.target[1] == len("hello, wasm") + 1
    assert window.c.variables.show_in_memory(window.c.variables.find("greeting"))
    memory = window.debugger.memory
    start, size = greeting.target
    assert memory.selected_address() == start
    assert bytes(memory.model.data_bytes[start : start + size]) == b"hello, wasm\0"


def test_an_edit_that_keeps_every_line_is_caught_by_the_recorded_checksum(tmp_path):
    from playground.wasm.binary.source_hashes import SECTION
    from playground.wasm.objdump import scan_sections
    from playground.workbench.c_build import prebuilt_build

    text = SORT_C.read_text()
    edited = text.replace("{42, 7, 19,", "{41, 7, 19,")  # same lines, another program
    assert edited != text and len(edited.splitlines()) == len(text.splitlines())
    binary = SORT_C.with_suffix(".wasm").read_bytes()
    (ours,) = [s for s in scan_sections(binary) if s.custom_name == SECTION]
    assert ours.end == len(binary)  # appended last: cut it off for a binary built without it
    older = binary[: ours.offset]

    def beside(folder: str, source: str, wasm: bytes):
        path = tmp_path / folder / "sort.c"
        path.parent.mkdir()
        path.write_text(source)
        path.with_suffix(".wasm").write_bytes(wasm)
        return prebuilt_build(path, source)

    assert beside("edited", edited, binary) is None  # the checksum differs
    intact = beside("intact", text, binary)
    assert intact is not None and not any("checksum" in n for n in intact.notes)
    unchecked = beside("unchecked", edited, older)  # no section: the line check alone, which this edit passes
    assert unchecked is not None and unchecked.prebuilt
    assert any(f"sort.wasm records no checksum of sort.c (it has no {SECTION} section)" in n for n in unchecked.notes)
