"""The Settings dialog: a Limits page (one field per limit, each with "no limit", and "No limits at all")
and an Engine page ("auto", "step", "fast", ...; and the WebAssembly features, 3.0 or 2.0 or a profile
with +name/-name as --features takes it). It edits a `RunSettings` (workbench/run_settings.py).

`settings()` reads the fields back as a RunSettings, or raises RunSettingsError
naming the bad field; OK keeps the dialog open with that message until the
fields are right. The dialog knows nothing of QSettings or sessions: the
feature stores and applies what it returns.
"""

from __future__ import annotations

from dataclasses import fields

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from playground.wasm.limits import DEFAULT_LIMITS, LIMITS, Limits, amount
from playground.wasm.features import PROPOSALS
from playground.workbench.run_settings import (
    AUTO,
    FEATURE_CHOICES,
    RunSettings,
    RunSettingsError,
    check_limit,
    engine_choices,
)

ENGINE_HELP = {
    AUTO: "the fast engine for runs and continues, the step engine for single steps (recommended)",
    "step": "the steppable interpreter for everything: slower, every instruction can be watched",
    "fast": "the translating engine for everything it can run",
}


class LimitField(QWidget):
    """One limit: a number field (commas allowed) and a "no limit" box that greys it out."""

    def __init__(self, name: str, parent=None) -> None:
        super().__init__(parent)
        self.name = name
        self.edit = QLineEdit()
        self.edit.setObjectName(f"limit_{name}")
        self.edit.setToolTip(f"Default: {amount(name, getattr(DEFAULT_LIMITS, name))}; on the command line: "
                             f"{LIMITS[name].option}")
        self.lifted = QCheckBox("no limit")
        self.lifted.setObjectName(f"lift_{name}")
        self.lifted.toggled.connect(lambda on: self.edit.setEnabled(not on))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.edit, 1)
        unit = QLabel(LIMITS[name].unit)
        unit.setMinimumWidth(unit.fontMetrics().horizontalAdvance("pages of 64 KiB "))  # the fields line up
        layout.addWidget(unit)
        layout.addWidget(self.lifted)

    def set_value(self, value) -> None:
        self.lifted.setChecked(value is None)
        shown = value if value is not None else getattr(DEFAULT_LIMITS, self.name)
        self.edit.setText(f"{shown:g}" if isinstance(shown, float) else f"{shown:,}")

    def value(self):
        """The field's value (None when lifted); RunSettingsError naming the limit when it is not a number."""
        if self.lifted.isChecked():
            return None
        text = self.edit.text().strip().replace(",", "").replace("_", "")
        try:
            number = float(text) if self.name == "timeout" else int(text)
        except ValueError:
            raise RunSettingsError(f"{LIMITS[self.name].label}: {self.edit.text()!r} is not a "
                                   f"{'number' if self.name == 'timeout' else 'whole number'}") from None
        return check_limit(self.name, number)


class SettingsDialog(QDialog):
    """Edit a RunSettings; `settings()` is the result after OK."""

    def __init__(self, current: RunSettings, parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Settings")
        self.setObjectName("settings_dialog")
        self.tabs = QTabWidget()
        self.fields = {f.name: LimitField(f.name) for f in fields(Limits)}
        self.tabs.addTab(self._limits_page(), "Limits")
        self.tabs.addTab(self._engine_page(), "Engine")
        self.message = QLabel()
        self.message.setObjectName("settings_message")
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #c62828")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self.show_settings(current)

    def _limits_page(self) -> QWidget:
        page = QWidget()
        form = QFormLayout(page)
        intro = QLabel("Every run, debug session and script step in the window stops with a message when it "
                       "reaches one of these limits. They protect the window from endless loops and runaway "
                       "programs; raise one when a real program needs more.")
        intro.setWordWrap(True)
        form.addRow(intro)
        for name, widget in self.fields.items():
            form.addRow(LIMITS[name].label.capitalize() + ":", widget)
        self.no_limits = QCheckBox("No limits at all (as --no-limits): only the machine stops a runaway program")
        self.no_limits.setObjectName("no_limits")
        self.no_limits.toggled.connect(self._no_limits_toggled)
        form.addRow(self.no_limits)
        defaults = QPushButton("Restore Defaults")
        defaults.setObjectName("restore_defaults")
        defaults.clicked.connect(lambda: self.show_settings(
            RunSettings(engine=self.engine.currentText(), features=self.features.currentText())))
        form.addRow(defaults)
        return page

    def _engine_page(self) -> QWidget:
        page = QWidget()
        form = QFormLayout(page)
        self.engine = QComboBox()
        self.engine.setObjectName("engine_choice")
        self.engine.addItems(engine_choices())
        self.engine_help = QLabel()
        self.engine_help.setWordWrap(True)
        self.engine.currentTextChanged.connect(lambda name: self.engine_help.setText(ENGINE_HELP.get(name, name)))
        form.addRow("Engine:", self.engine)
        form.addRow(self.engine_help)
        self.features = QComboBox()
        self.features.setObjectName("wasm_features")
        self.features.setEditable(True)  # a profile with +name/-name items, as --features takes it
        self.features.addItems(FEATURE_CHOICES)
        self.features.setToolTip("On the command line: --features")
        form.addRow("WebAssembly:", self.features)
        help_text = QLabel(f"3.0: every proposal of WebAssembly 3.0 ({', '.join(PROPOSALS)}). 2.0: the 2.0 "
                           "standard only. Add or remove one with +name or -name, e.g. 3.0,-gc or 2.0,+tail-call. "
                           "A program using a proposal that is off is refused with the switch that allows it.")
        help_text.setWordWrap(True)
        form.addRow(help_text)
        return page

    def _no_limits_toggled(self, on: bool) -> None:
        for widget in self.fields.values():
            widget.setEnabled(not on)

    def show_settings(self, settings: RunSettings) -> None:
        for name, widget in self.fields.items():
            widget.set_value(getattr(settings.limits, name))
        self.no_limits.setChecked(not settings.limits.any)
        self.engine.setCurrentText(settings.engine)
        self.engine_help.setText(ENGINE_HELP.get(settings.engine, settings.engine))
        self.features.setCurrentText(settings.features)
        self.message.clear()

    def settings(self) -> RunSettings:
        """The fields as a RunSettings; RunSettingsError names the first bad field."""
        if self.no_limits.isChecked():
            limits = Limits.none()
        else:
            limits = Limits(**{name: widget.value() for name, widget in self.fields.items()})
        return RunSettings(limits, self.engine.currentText(), self.features.currentText().strip())

    def accept(self) -> None:  # OK: only with fields that read
        try:
            self.settings()
        except RunSettingsError as exc:
            self.message.setText(str(exc))
            return
        super().accept()
