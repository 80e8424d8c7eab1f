"""Edit > Settings: the limits and the engine of the window's runs, kept in QSettings and applied to the sessions.

The model (workbench/run_settings.py) round-trips through a flat mapping and
rejects bad values by name; the dialog's real widgets are typed into; OK
stores the settings and sets every tab's SessionController; a new window
reads them back; a real run in the window stops at the limit set there.
"""

from __future__ import annotations

import pytest

from playground.wasm.engines import engine_names
from playground.wasm.limits import DEFAULT_LIMITS, Limits
from playground.workbench.run_settings import RunSettings, RunSettingsError, engine_choices
from ui.conftest import make_window, settings  # noqa: F401 - the window tests' fixtures (tests/ui/conftest.py)

LOOP = '(module (func (export "spin") (loop br 0)))\n'


def test_the_model_round_trips_through_a_flat_mapping():
    settings = RunSettings(DEFAULT_LIMITS.but(fuel=5_000, timeout=2.5, max_output_bytes=None), "step")
    mapping = settings.to_mapping()
    assert mapping["run/fuel"] == "5000" and mapping["run/timeout"] == "2.5" and mapping["run/max_output_bytes"] == "none"
    assert RunSettings.from_mapping(mapping) == settings
    assert RunSettings.from_mapping({}) == RunSettings()
    assert RunSettings.from_mapping(RunSettings(Limits.none()).to_mapping()).limits == Limits.none()
    assert engine_choices() == ("auto", *engine_names())


@pytest.mark.parametrize(
    "mapping, words",
    [
        ({"run/fuel": "lots"}, "run/fuel: 'lots' is not a whole number"),
        ({"run/fuel": "0"}, "instruction limit: 0 is out of range"),
        ({"run/max_memory_pages": "70000"}, "memory limit: 70,000 is out of range (1 to 65,536"),
        ({"run/timeout": "-1"}, "time limit: -1.0 is out of range"),
        ({"run/engine": "turbo"}, "unknown engine 'turbo': choose one of auto, step"),
    ],
)
def test_bad_stored_values_are_named(mapping, words):
    with pytest.raises(RunSettingsError) as info:
        RunSettings.from_mapping(mapping)
    assert words in str(info.value)


def test_the_dialog_edits_stores_and_applies_the_settings(make_window, qtbot):
    from PySide6.QtWidgets import QDialogButtonBox

    window = make_window()
    assert window.commands.action("settings").shortcut().toString() == "Ctrl+,"
    buffer = window.editor.files.new_file(LOOP)
    before = window.debugger.session_of(buffer).controller  # a tab that ran before the change
    dialog = window.run_settings.open_dialog()
    assert dialog.fields["fuel"].edit.text() == "100,000,000"
    dialog.fields["fuel"].edit.clear()
    qtbot.keyClicks(dialog.fields["fuel"].edit, "50,000")
    dialog.fields["max_output_bytes"].lifted.setChecked(True)
    assert not dialog.fields["max_output_bytes"].edit.isEnabled()
    dialog.engine.setCurrentText("step")
    dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok).click()
    assert not dialog.isVisible()

    expected = RunSettings(DEFAULT_LIMITS.but(fuel=50_000, max_output_bytes=None), "step")
    assert window.run_settings.current == expected
    assert before.limits == expected.limits and before.engine_choice == "step"
    other = window.editor.files.new_file(LOOP)
    made_later = window.debugger.session_of(other).controller
    assert made_later.limits == expected.limits and made_later.engine_choice == "step"
    assert window.settings.value("run/fuel") == "50000"

    again = make_window()  # the next start reads them back
    assert again.run_settings.current == expected


def test_a_bad_field_keeps_the_dialog_open_with_its_name(make_window):
    from PySide6.QtWidgets import QDialogButtonBox

    window = make_window()
    dialog = window.run_settings.open_dialog()
    dialog.fields["max_call_depth"].edit.setText("deep")
    dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok).click()
    assert dialog.isVisible()
    assert dialog.message.text() == "call depth limit: 'deep' is not a whole number"
    assert window.run_settings.current == RunSettings()
    dialog.no_limits.setChecked(True)  # "No limits at all" overrides the fields
    dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok).click()
    assert window.run_settings.current.limits == Limits.none()


def test_a_damaged_settings_file_falls_back_to_the_defaults_with_a_message(make_window):
    window = make_window()
    window.settings.setValue("run/max_table_entries", "many")
    again = make_window()
    assert again.run_settings.current == RunSettings()
    assert "settings: setting run/max_table_entries: 'many' is not a whole number" in again.console.view.toPlainText()


def test_a_run_in_the_window_stops_at_the_fuel_set_in_the_dialog(make_window, qtbot):
    window = make_window()
    buffer = window.editor.files.new_file(LOOP)
    window.run_settings.set_settings(RunSettings(DEFAULT_LIMITS.but(fuel=20_000), "step"))
    controller = window.debugger.session_of(buffer).controller
    assert controller.limits.fuel == 20_000
    qtbot.waitUntil(lambda: buffer.result is not None and buffer.result.module is not None, timeout=10_000)
    qtbot.waitUntil(lambda: window.debugger.run_bar.select_export("spin"), timeout=10_000)
    window.commands.action("run").trigger()
    tab = window.debugger.session_of(buffer)
    qtbot.waitUntil(lambda: tab.last_snapshot is not None and not controller.busy, timeout=20_000)
    expected = "instruction limit reached (20,000 instructions; raise it with --fuel N or lift all limits with --no-limits)"
    assert tab.last_snapshot.message == expected and tab.last_snapshot.step == 20_000
    assert window.statusBar().currentMessage() == expected[0].upper() + expected[1:]  # the left side says what happened