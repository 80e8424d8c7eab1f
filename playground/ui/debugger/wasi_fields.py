"""The run bar's fields for a WASI program: arguments, environment, folders, real time and real random.

One row for the bar: the arguments as a shell would read them
(`one 'two words'`), an Environment button and a Folders button whose
tables open below them (a row per NAME=VALUE; a row per host folder, the
name the program sees it by, and a read-only box), and the two switches
that give the program the host's clocks and entropy instead of the fake,
seeded ones (the command line's --real-time and --real-random). The
fields read and show a `WasiInputs` (workbench/wasi_inputs.py), which
checks them; a row that would fail the run is shown red with the reason.
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QTableWidget,
    QTableWidgetItem,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from playground.hosts.wasi.errors import WasiConfigError
from playground.workbench.wasi_inputs import Folder, WasiInputs

BAD = QColor("#e51400")
ARGS_WIDTH = 170


class _Popup(QFrame):
    """A table with Add and Remove under it, opening below its button like a menu; `changed` on every edit."""

    changed = Signal()

    def __init__(self, title: str, columns: list[str], add_text: str, parent=None) -> None:
        super().__init__(parent, Qt.WindowType.Popup)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.table = QTableWidget(0, len(columns))
        self.table.setHorizontalHeaderLabels(columns)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.itemChanged.connect(lambda _item: self._edited())
        self.add_button = QPushButton(add_text)
        self.remove_button = QPushButton("Remove")
        self.remove_button.clicked.connect(self.remove_selected)
        self.note = QLabel()
        self.note.setWordWrap(True)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(f"<b>{title}</b>"))
        layout.addWidget(self.table)
        layout.addLayout(buttons)
        layout.addWidget(self.note)
        self.resize(460, 240)
        self._filling = False

    def open_below(self, widget: QWidget) -> None:
        self.move(widget.mapToGlobal(QPoint(0, widget.height())))
        self.show()
        self.table.setFocus()

    def remove_selected(self) -> None:
        rows = sorted({index.row() for index in self.table.selectedIndexes()}, reverse=True)
        for row in rows or ([self.table.currentRow()] if self.table.currentRow() >= 0 else []):
            self.table.removeRow(row)
        self._edited()

    def _edited(self) -> None:
        if not self._filling:
            self.check()
            self.changed.emit()

    def fill(self, entries) -> None:
        """Show `entries` (one row each), without a `changed`: nothing was edited."""
        self._filling = True
        self.table.setRowCount(0)
        for entry in entries:
            self._append(entry)
        self._filling = False
        self.check()

    def check(self) -> None:
        """Mark the rows a run would refuse: red, with the reason as the tooltip; the first in the note."""
        first = ""
        for row in range(self.table.rowCount()):
            item = self.table.item(row, 0)
            if item is not None:
                reason = self.problem(item.text().strip())
                _mark(item, reason)
                first = first or (f"row {row + 1}: {reason}" if reason else "")
        self.note.setText(first)

    def _append(self, entry) -> None:
        raise NotImplementedError

    def problem(self, text: str) -> str:
        """Why a run would refuse the row whose first cell holds `text` ("" when it would not)."""
        raise NotImplementedError


class EnvironmentPopup(_Popup):
    """The environment: one NAME=VALUE row per variable (the program sees no others)."""

    def __init__(self, parent=None) -> None:
        super().__init__("Environment (the program sees only these)", ["NAME=VALUE"], "Add", parent)
        self.add_button.clicked.connect(self.add_row)

    def rows(self) -> tuple[str, ...]:
        return tuple(self.table.item(r, 0).text() if self.table.item(r, 0) else "" for r in range(self.table.rowCount()))

    def add_row(self, text: str = "") -> None:
        """A new row (Add: empty, being edited)."""
        self._append(text or "")
        self._edited()
        row = self.table.rowCount() - 1
        self.table.setCurrentCell(row, 0)
        if not text:
            self.table.editItem(self.table.item(row, 0))

    def _append(self, text: str) -> None:
        row = self.table.rowCount()
        self.table.insertRow(row)
        self.table.setItem(row, 0, QTableWidgetItem(text))

    def problem(self, text: str) -> str:
        try:
            WasiInputs(env=(text,)).env_pairs()
        except WasiConfigError:
            return "expected NAME=VALUE"
        return ""


class FoldersPopup(_Popup):
    """The folders the program may see: the host folder, the name it sees it by, read-only or not."""

    def __init__(self, parent=None) -> None:
        super().__init__("Folders (the program sees only these)", ["Folder", "Seen as", "Read-only"], "Add Folder…", parent)
        self.add_button.clicked.connect(self.choose_folder)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)

    def folders(self) -> tuple[Folder, ...]:
        out = []
        for row in range(self.table.rowCount()):
            host, guest, ro = (self.table.item(row, c) for c in range(3))
            if host is not None and host.text().strip():
                out.append(Folder(host.text().strip(), guest.text().strip() if guest else "",
                                  ro is not None and ro.checkState() == Qt.CheckState.Checked))
        return tuple(out)

    def choose_folder(self) -> None:
        """Add Folder…: a folder picked in the file dialog, seen by its own name, writable."""
        path = QFileDialog.getExistingDirectory(self, "A folder the program may see")
        if path:
            self.add_folder(Folder(path))

    def add_folder(self, folder: Folder) -> None:
        self._append(folder)
        self._edited()

    def _append(self, folder: Folder) -> None:
        row = self.table.rowCount()
        self.table.insertRow(row)
        self.table.setItem(row, 0, QTableWidgetItem(folder.host))
        self.table.setItem(row, 1, QTableWidgetItem(folder.guest_name))
        ro = QTableWidgetItem("")
        ro.setFlags(Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
        ro.setCheckState(Qt.CheckState.Checked if folder.read_only else Qt.CheckState.Unchecked)
        ro.setToolTip("Refuse every change the program tries (as --dir HOST::GUEST:ro)")
        self.table.setItem(row, 2, ro)

    def problem(self, text: str) -> str:
        try:
            WasiInputs(folders=(Folder(text or "."),)).preopens()
        except WasiConfigError as exc:
            return str(exc)
        return ""


def _mark(item: QTableWidgetItem, reason: str) -> None:
    """Red with the reason as its tooltip, or back to normal; no `itemChanged` (colouring is no edit)."""
    table = item.tableWidget()
    blocked = table.blockSignals(True)
    item.setData(Qt.ItemDataRole.ForegroundRole, BAD if reason else None)
    item.setToolTip(reason)
    table.blockSignals(blocked)


class WasiFields(QWidget):
    """The WASI program's run-bar row; `changed` after every edit. `inputs()` reads it, `set_inputs` fills it."""

    changed = Signal()

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.args = QLineEdit()
        self.args.setPlaceholderText("arguments")
        self.args.setToolTip("The program's arguments after its name, quoted as in a shell: one 'two words' \"x y\"")
        self.args.setMaximumWidth(ARGS_WIDTH)
        self.args.textChanged.connect(self.changed)
        self.environment = EnvironmentPopup(self)
        self.folders = FoldersPopup(self)
        self.env_button = self._popup_button(self.environment, "The environment variables the program sees (NAME=VALUE)")
        self.folders_button = self._popup_button(self.folders, "The host folders the program may see, and by which names")
        self.real_time = QCheckBox("Real time")
        self.real_time.setToolTip("The host's clocks; unchecked, a fake clock makes every run the same (--real-time)")
        self.real_random = QCheckBox("Real random")
        self.real_random.setToolTip("The host's entropy for random_get; unchecked, a seeded generator (--real-random)")
        for box in (self.real_time, self.real_random):
            box.toggled.connect(self.changed)
        args_label = QLabel("Args")
        args_label.setBuddy(self.args)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(4, 0, 4, 0)
        for widget in (args_label, self.args, self.env_button, self.folders_button, self.real_time, self.real_random):
            layout.addWidget(widget)
        self.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Preferred)  # shrinks when narrow, never spreads
        self.changed.connect(self._update_buttons)
        self._update_buttons()

    def _popup_button(self, popup: _Popup, tip: str) -> QToolButton:
        button = QToolButton()
        button.setProperty("tip", tip)
        button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        button.clicked.connect(lambda: popup.open_below(button))
        popup.changed.connect(self.changed)
        return button

    def inputs(self) -> WasiInputs:
        return WasiInputs(self.args.text(), self.environment.rows(), self.folders.folders(),
                          self.real_time.isChecked(), self.real_random.isChecked())

    def set_inputs(self, inputs: WasiInputs) -> None:
        """Show `inputs` (without a `changed`: nothing was edited)."""
        self.blockSignals(True)
        self.args.setText(inputs.args)
        self.environment.fill(inputs.env)
        self.folders.fill(inputs.folders)
        self.real_time.setChecked(inputs.real_time)
        self.real_random.setChecked(inputs.real_random)
        self.blockSignals(False)
        self._update_buttons()

    def _update_buttons(self) -> None:
        env = [row for row in self.environment.rows() if row.strip()]
        folders = self.folders.folders()
        self.env_button.setText(f"Environment ({len(env)}) ▾")
        self.folders_button.setText(f"Folders ({len(folders)}) ▾")
        for button, popup in ((self.env_button, self.environment), (self.folders_button, self.folders)):
            problem = popup.note.text()
            button.setStyleSheet(f"color: {BAD.name()}" if problem else "")
            button.setToolTip(problem or button.property("tip"))
