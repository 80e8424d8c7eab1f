"""The memory view with several memories and 64-bit addresses (3.0): the chooser, who wrote a byte of memory 1, 16-digit rows."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from debug_helpers import command, debug, open_sample, open_text  # noqa: E402
from PySide6.QtCore import Qt  # noqa: E402

from playground.debug.memories import MemoryInfo  # noqa: E402
from playground.debug.snapshot import MemorySource  # noqa: E402
from playground.ui.debugger.memory_view import MemoryView  # noqa: E402

VERTICAL = Qt.Orientation.Vertical


def test_the_chooser_shows_memory_1_and_who_wrote_names_it(qtbot, make_window):
    window = make_window()
    window.show()
    open_sample(qtbot, window, "two_memories.wat")  # $text (memory 0) is copied into $upper (memory 1)
    view = window.debugger.memory
    debug(qtbot, window, "shout", ["5"])
    assert view.chooser.isVisible()
    assert [view.chooser.itemText(i) for i in range(view.chooser.count())] == ["$text (memory 0)", "$upper (memory 1)"]
    assert bytes(view.model.data_bytes[:5]) == b"hello" and view.model.editable
    for _ in range(4):  # the three operands, then memory.copy $upper $text
        snap = command(qtbot, window, "step_into")
    assert snap.location.instr_text == "block $done"

    view.choose_memory(1)
    assert view.chooser.currentText() == "$upper (memory 1)" and view.memory_index == 1
    assert view.info.text() == "65,536 bytes, 1 page" and bytes(view.model.data_bytes[:5]) == b"hello"
    assert not view.model.editable and "memory 0 only" in view.table.toolTip()  # edits write memory 0 alone

    jumps, messages = [], []
    window.debugger.presenter.ask_jump = lambda step, location: jumps.append((step, location.instr_text)) or False
    view.message.connect(messages.append)
    view.select_address(1)
    view.who_wrote_selected()
    assert messages[-1].startswith("$upper[0x1]: ") and "memory.copy" in messages[-1]
    assert jumps == [(3, "memory.copy $upper $text")]  # step 3 wrote it (steps count from 0)
    assert "$upper[0x1]: " in window.console.text()

    command(qtbot, window, "step_into")  # a stop keeps the chosen memory
    assert view.memory_index == 1 and bytes(view.model.data_bytes[:2]) == b"he"
    view.choose_memory(0)
    assert view.model.editable and view.memory_index == 0


def test_one_memory_has_no_chooser(qtbot, make_window):
    window = make_window()
    window.show()
    open_text(qtbot, window, '(module (memory 1) (func (export "f") (result i32) (i32.const 1)))', "one.wat")
    debug(qtbot, window, "f", [])
    assert not window.debugger.memory.chooser.isVisible()
    assert window.debugger.memory.model.headerData(1, VERTICAL) == "00000010"  # 8 digits


def test_a_64_bit_memory_prints_16_digit_addresses_and_goes_to_wide_addresses(qtbot):
    view = MemoryView()
    qtbot.addWidget(view)
    data = bytearray(2 * 65536)
    wide = MemoryInfo(0, "memory 0", True, len(data))
    view.set_source(MemorySource(data, None, wide, (wide,)))
    messages = []
    view.message.connect(messages.append)
    assert view.model.headerData(1, VERTICAL) == "0000000000000010"
    assert "64-bit addresses" in view.info.text() and not view.chooser.isVisible()
    assert view.go_to("0x1_0010") == 0x10010
    assert view.inspector_values()["at"] == "0x0000000000010010 (65552)"
    assert view.go_to("0x1_0000_0000_0000") is None and messages[-1] == "go to: 0x1000000000000 is past the end of memory (0x20000 bytes)"
    assert view.go_to("0x1_0000_0000_0000_0000") is None and "is not a 64-bit address" in messages[-1]

    narrow = MemoryInfo(0, "memory 0", False, len(data))
    view.set_source(MemorySource(data, None, narrow, (narrow,)))
    assert view.model.headerData(1, VERTICAL) == "00000010"
    assert view.go_to("0x1_0000_0000") is None and messages[-1] == "go to: 0x100000000 is not a 32-bit address (memory 0 has 32-bit addresses)"
