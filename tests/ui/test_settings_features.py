"""Edit > Settings > Engine > WebAssembly: the features (3.0, 2.0, or a profile with +name/-name) of the window's runs.

The model checks the value as --features does; the dialog's editable box is
typed into; OK sets every tab's controller; a real run of a 3.0 program under
2.0 is refused with the message that names the switch.
"""

from __future__ import annotations

import pytest

from playground.resources import sample_path
from playground.wasm.features import WASM_2, Features
from playground.workbench.run_settings import RunSettings, RunSettingsError


def test_the_model_keeps_and_checks_the_features():
    settings = RunSettings(features="3.0,-gc")
    assert settings.to_mapping()["run/features"] == "3.0,-gc"
    assert RunSettings.from_mapping(settings.to_mapping()) == settings
    assert settings.wasm_features == Features.parse("3.0,-gc")
    assert RunSettings.from_mapping({}).features == "3.0"
    with pytest.raises(RunSettingsError, match="WebAssembly features: unknown feature 'threads'"):
        RunSettings.from_mapping({"run/features": "3.0,+threads"})


def test_a_2_0_window_refuses_a_3_0_program_naming_the_switch(make_window, qtbot):
    from PySide6.QtWidgets import QDialogButtonBox

    window = make_window()
    buffer = window.editor.files.new_file(sample_path("tail_factorial.wat").read_text(encoding="utf-8"))
    dialog = window.run_settings.open_dialog()
    assert dialog.features.currentText() == "3.0"
    dialog.features.setCurrentText("")
    qtbot.keyClicks(dialog.features.lineEdit(), "2.0")
    dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok).click()
    assert window.run_settings.current.features == "2.0"
    controller = window.debugger.session_of(buffer).controller
    assert controller.features == WASM_2
    qtbot.waitUntil(lambda: buffer.result is not None and buffer.result.module is not None, timeout=10_000)
    qtbot.waitUntil(lambda: window.debugger.run_bar.select_export("fac"), timeout=10_000)
    window.commands.action("run").trigger()
    tab = window.debugger.session_of(buffer)
    qtbot.waitUntil(lambda: tab.last_snapshot is not None and not controller.busy, timeout=20_000)
    assert "instruction return_call (needs the tail-call feature: --features 3.0 or --features 2.0,+tail-call)" in (
        tab.last_snapshot.message)


def test_a_bad_value_keeps_the_dialog_open(make_window):
    from PySide6.QtWidgets import QDialogButtonBox

    window = make_window()
    dialog = window.run_settings.open_dialog()
    dialog.features.setCurrentText("4.0")
    dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok).click()
    assert dialog.isVisible() and dialog.message.text().startswith("WebAssembly features:")
