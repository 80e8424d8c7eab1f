"""The memory view with several memories and 64-bit addresses (3.0): the chooser, who wrote a byte of memory 1, 16-digit rows."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from debug_helpers import command, debug, open_text  # noqa: E402
from PySide6.QtCore import Qt  # noqa: E402

from playground.debug.memories import MemoryInfo  # noqa: E402
from playground.debug.snapshot import MemorySource  # noqa: E402
from playground.ui.debugger.memory_view import MemoryView  # noqa: E402

VERTICAL = Qt.Orientation.Vertical
TWO = """(module
  (memory $heap 1)
  (memory $io 2)
  (data (i32.const 0) "heap bytes")
  (data (memory $io) (i32.const 16) "io bytes")
  (func (export "f") (result i32)
    (i32.store8 (i32.const 3) (i32.const 0x41))
    (i32.load8_u (i32.const 3))))
"""


def test_the_chooser_shows_memory_1_and_who_wrote_names_it(qtbot, make_window):
    window = make_window()
    window.show()
    open_text(qtbot, window, TWO, "two.wat")
    view = window.debugger.memory
    debug(qtbot, window, "f", [])
    assert view.chooser.isVisible()
    assert [view.chooser.itemText(i) for i in range(view.chooser.count())] == ["$heap (memory 0)", "$io (memory 1)"]
    assert bytes(view.model.data_bytes[:10]) == b"heap bytes" and view.model.editable

    view.choose_memory(1)
    assert view.chooser.currentText() == "$io (memory 1)" and view.memory_index == 1
    assert view.info.text() == "131,072 bytes, 2 pages"
    assert bytes(view.model.data_bytes[16:24]) == b"io bytes"
    assert not view.model.editable and "memory 0 only" in view.table.toolTip()  # edits write memory 0 alone

    offers, messages = [], []
    window.debugger.presenter.ask_show_segment = lambda location: offers.append(location) or True
    view.message.connect(messages.append)
    view.select_address(0x11)
    view.who_wrote_selected()
    assert messages[-1] == "$io[0x11]: data segment 1 (written at instantiation)"
    assert [location.instr_index for location in offers] == [1]
    assert "$io[0x11]: data segment 1" in window.console.text()

    command(qtbot, window, "step_into")  # a stop keeps the chosen memory
    assert view.memory_index == 1 and bytes(view.model.data_bytes[16:18]) == b"io"
    assert view.model.is_changed(3) is False  # memory 0's writes are not tinted in memory 1
    view.choose_memory(0)
    assert view.model.editable and bytes(view.model.data_bytes[:4]) == b"heap"


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
