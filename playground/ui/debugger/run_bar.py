"""The run bar (which export to call, one typed field per parameter) and the command bar beside it (Run, Debug, the steps).

A WASI program's tab adds its arguments, environment, folders and the real
time and random switches to the run bar (wasi_fields.py; `show_wasi`),
which Run and Debug pass to its session (`wasi_inputs`).

What the run bar shows belongs to the current tab: `bind(choice)` makes it
read and write that tab's `RunChoice` (the chosen export and the texts typed
per export), so switching tabs brings each tab's choice back.

`fit_bars` keeps every command in reach at any width, where a single bar
hid Reverse Continue, Pause and Stop behind its » button at 1000 px: the
commands show their names when both bars fit on one row, only their pictures
(names in the tooltips, fields narrower) when that fits, and otherwise go to
a second row.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QColor, QIcon, QPainter, QPalette, QPixmap
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QLineEdit, QSizePolicy, QStyle, QToolBar, QWidget

from playground.ui.debugger.wasi_fields import ARGS_WIDTH, WasiFields
from playground.workbench.program import ExportSig
from playground.workbench.wasi_inputs import WasiInputs
from playground.workbench.tab_session import RunChoice

_PLACEHOLDER = {"i32": "0", "i64": "0", "f32": "0.0", "f64": "0.0"}
_SP = QStyle.StandardPixmap
# The style's own pictures for the commands on the bar: when the window is too narrow for their names,
# the bar shows only these (the names stay in the tooltips) rather than hide Reverse Continue, Pause and Stop.
ICONS = {
    "run": _SP.SP_MediaPlay, "debug": _SP.SP_MediaSeekForward, "continue": _SP.SP_MediaSkipForward,
    "step_over": _SP.SP_ArrowRight, "step_into": _SP.SP_ArrowDown, "step_out": _SP.SP_ArrowUp,
    "step_back": _SP.SP_ArrowLeft, "step_back_over": _SP.SP_ArrowBack, "reverse_continue": _SP.SP_MediaSkipBackward,
    "pause": _SP.SP_MediaPause, "stop": _SP.SP_MediaStop,
}
TEXT_STYLE = Qt.ToolButtonStyle.ToolButtonTextOnly  # names read best; pictures beside them cost 600 px
NARROW_STYLE = Qt.ToolButtonStyle.ToolButtonIconOnly
FIT_SLACK = 32  # the bars' handles and margins, which their size hints leave out
FIELD_WIDTH = {False: 110, True: 70}  # an argument field's most width: roomy, compact


class RunBar(QToolBar):
    """Export picker and argument fields. `exportChanged(name)` when the choice changes; `refit` when its width may have."""

    exportChanged = Signal(str)
    refit = Signal()

    def __init__(self, parent=None) -> None:
        super().__init__("Run", parent)
        self.setObjectName("run_bar")
        self.exports: list[ExportSig] = []
        self.picker = QComboBox()
        self.picker.setMinimumContentsLength(14)
        self.picker.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)  # a reason in it reads whole
        self.picker.setToolTip("The exported function to run")
        self.picker.currentIndexChanged.connect(self._export_changed)
        self.args_box = QWidget()
        self.args_layout = QHBoxLayout(self.args_box)
        self.args_layout.setContentsMargins(4, 0, 4, 0)
        self.fields: list[QLineEdit] = []
        self._fields_for: ExportSig | None = None  # the export the fields were built for
        self.choice = RunChoice()  # the current tab's: its export and the texts typed per export
        self.broken = False  # no exports because the code has errors
        self.compact = False  # narrow fields (the window is narrow)
        self.addWidget(QLabel(" Export "))
        self.addWidget(self.picker)
        self.addWidget(self.args_box)
        self.wasi = WasiFields()
        self.wasi_action = self.addWidget(self.wasi)
        self.wasi_action.setVisible(False)
        self.set_exports([])

    def bind(self, choice: RunChoice) -> None:
        """Show and keep another tab's choice from now on (call `set_exports` with its exports next)."""
        self._remember_arguments()  # into the tab being left
        self._fields_for = None
        self.choice = choice

    def set_exports(self, exports: list[ExportSig], empty_text: str | None = None, *, broken: bool = True) -> None:
        """Refill the picker, keeping the tab's chosen export when it still exists.

        Typed arguments are remembered per export and signature, so a moment of
        broken code while typing (no exports) or a visit to another export does
        not reset them. `empty_text` says why there is nothing to run (without
        parentheses: the picker shows it in them, the Run tip as a sentence);
        `broken`: that reason is problems in the code (not, say, a WGSL tab).
        """
        self._remember_arguments()
        wanted = self.choice.export
        self.exports = list(exports)
        self.broken = not self.exports and bool(empty_text) and broken
        self.picker.blockSignals(True)
        self.picker.clear()
        for sig in self.exports:
            self.picker.addItem(sig.name)
            self.picker.setItemData(self.picker.count() - 1, str(sig), 3)  # tooltip role
        if not self.exports:
            self.picker.addItem(f"({empty_text or 'no exported function'})")
            self.picker.setItemData(0, empty_text or "the module exports no function", 3)  # the whole reason, as a tooltip
        names = [sig.name for sig in self.exports]
        self.picker.setCurrentIndex(names.index(wanted) if wanted in names else 0)
        if self.exports:
            self.choice.export = names[self.picker.currentIndex()]  # (kept while there are none: broken code)
        self.picker.setEnabled(bool(self.exports))
        self.picker.blockSignals(False)
        self._build_fields(self.current_export())

    def current_export(self) -> ExportSig | None:
        index = self.picker.currentIndex()
        return self.exports[index] if 0 <= index < len(self.exports) else None

    def select_export(self, name: str) -> bool:
        for i, sig in enumerate(self.exports):
            if sig.name == name:
                self.picker.setCurrentIndex(i)
                return True
        return False

    def arguments(self) -> list[str]:
        """The texts typed in the argument fields, in parameter order."""
        return [field.text() for field in self.fields]

    def set_arguments(self, texts: list[str]) -> None:
        for field, text in zip(self.fields, texts):
            field.setText(text)

    def _export_changed(self, _index: int) -> None:
        current = self.current_export()
        if current is not None:
            self.choice.export = current.name
        self._build_fields(current)
        self.exportChanged.emit(current.name if current else "")

    @staticmethod
    def _key(sig: ExportSig) -> tuple:
        return (sig.name, tuple(sig.params))

    def _remember_arguments(self) -> None:
        if self._fields_for is not None and self.fields:
            self.choice.typed[self._key(self._fields_for)] = self.arguments()

    def _build_fields(self, sig: ExportSig | None) -> None:
        self._remember_arguments()
        while self.args_layout.count():
            widget = self.args_layout.takeAt(0).widget()
            if widget is not None:
                widget.hide()  # now: deleteLater leaves it drawn until the event loop runs
                widget.deleteLater()
        self.fields = []
        self._fields_for = sig
        if sig is None:
            self.refit.emit()
            return
        typed = self.choice.typed.get(self._key(sig), [])
        for index, (name, valtype, text) in enumerate(zip(sig.param_names, sig.params, sig.param_texts)):
            label = QLabel(name)  # the field's value is pre-filled, so its placeholder never shows
            label.setToolTip(f"{name}: {text}")
            label.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Preferred)
            field = QLineEdit()
            field.setPlaceholderText(f"{name}: {text}")
            field.setToolTip(f"{name}: {text}  (decimal, 0x hex{', or a float' if text[0] == 'f' else ''})")
            field.setMaximumWidth(FIELD_WIDTH[self.compact])
            field.setText(typed[index] if index < len(typed) else _PLACEHOLDER.get(text, ""))
            label.setBuddy(field)
            self.args_layout.addWidget(label)
            self.args_layout.addWidget(field)
            self.fields.append(field)
        if sig.results:
            label = QLabel("→ " + " ".join(sig.result_texts))
            self.args_layout.addWidget(label)
        self.refit.emit()

    def set_compact(self, on: bool) -> None:
        """Narrow argument fields and export picker (beside pictures-only commands), or the roomy ones."""
        self.compact = on
        self.picker.setMinimumContentsLength(8 if on else 14)
        for field in self.fields:
            field.setMaximumWidth(FIELD_WIDTH[on])
        self.wasi.args.setMaximumWidth(ARGS_WIDTH * 2 // 3 if on else ARGS_WIDTH)

    # --- a WASI program's fields ------------------------------------------------------------
    def show_wasi(self, inputs: WasiInputs | None) -> None:
        """Show a WASI program's fields filled with `inputs`, or (None) hide them: the module imports no WASI."""
        if inputs is not None:
            self.wasi.set_inputs(inputs)
        if self.wasi_action.isVisible() != (inputs is not None):
            self.wasi_action.setVisible(inputs is not None)
            self.refit.emit()

    def wasi_inputs(self) -> WasiInputs | None:
        """What the WASI fields hold, for Run and Debug; None when they are not shown."""
        return self.wasi.inputs() if self.wasi_action.isVisible() else None


class CommandBar(QToolBar):
    """The Run menu's commands as buttons; the debugger's commands.py puts them here."""

    def __init__(self, parent=None) -> None:
        super().__init__("Debug", parent)
        self.setObjectName("command_bar")

    def set_icons(self) -> None:
        """Give the commands the style's pictures (ICONS), by action object name, in the palette's text colours.

        Fusion draws these pictures black whatever the palette: on the dark
        palette they were black on dark grey. Each is repainted in the button
        text colour (a paler one when disabled), and again when the palette changes.
        """
        palette = self.palette()
        colours = {
            QIcon.Mode.Normal: palette.color(QPalette.ColorGroup.Active, QPalette.ColorRole.ButtonText),
            QIcon.Mode.Disabled: palette.color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.ButtonText),
        }
        size = self.iconSize()
        for action in self.actions():
            pixmap = ICONS.get(action.objectName())
            if pixmap is not None:
                shape = self.style().standardIcon(pixmap).pixmap(size)
                icon = QIcon()
                for mode, colour in colours.items():
                    icon.addPixmap(_tinted(shape, colour), mode)
                action.setIcon(icon)

    def changeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:
            self.set_icons()

    def width_for(self, style: Qt.ToolButtonStyle) -> int:
        """The width the bar needs to show every command in `style`."""
        shown = self.toolButtonStyle()
        self.setToolButtonStyle(style)
        self.layout().invalidate()
        width = self.sizeHint().width()
        self.setToolButtonStyle(shown)
        return width

    def hidden_actions(self) -> list[str]:
        """Names of the commands the bar cannot show at its width (they went behind its » button)."""
        hidden = []
        for action in self.actions():
            widget = self.widgetForAction(action)
            if action.objectName() and widget is not None and not widget.isVisible():
                hidden.append(action.objectName())
        return hidden


def _tinted(shape: QPixmap, colour: QColor) -> QPixmap:
    """`shape` (its alpha) painted in one colour."""
    tinted = QPixmap(shape.size())
    tinted.setDevicePixelRatio(shape.devicePixelRatio())
    tinted.fill(Qt.GlobalColor.transparent)
    painter = QPainter(tinted)
    painter.drawPixmap(0, 0, shape)
    painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_SourceIn)
    painter.fillRect(tinted.rect(), colour)
    painter.end()
    return tinted


def fit_bars(window, run_bar: RunBar, command_bar: CommandBar, width: int) -> str:
    """Lay the two bars out for a window `width` wide; returns "names", "pictures" or "two rows"."""
    run_bar.set_compact(False)
    run_bar.layout().invalidate()
    roomy = run_bar.sizeHint().width() + command_bar.width_for(TEXT_STYLE) + FIT_SLACK <= width
    if not roomy:
        run_bar.set_compact(True)
        run_bar.layout().invalidate()
    one_row = roomy or run_bar.sizeHint().width() + command_bar.width_for(NARROW_STYLE) + FIT_SLACK <= width
    alone_roomy = command_bar.width_for(TEXT_STYLE) + FIT_SLACK <= width  # on a row of its own
    style = TEXT_STYLE if roomy or (not one_row and alone_roomy) else NARROW_STYLE
    command_bar.setToolButtonStyle(style)
    has_break = window.toolBarBreak(command_bar)
    if one_row and has_break:
        window.removeToolBarBreak(command_bar)
    elif not one_row and not has_break:
        window.insertToolBarBreak(command_bar)
    return "names" if roomy else ("pictures" if one_row else "two rows")
