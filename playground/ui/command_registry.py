"""Every window action declared once: id, menu, caption, shortcut, handler, enabled-predicate.

As Thonny's `add_command`: one call creates the QAction, puts it in its menu
(and on a toolbar when asked), binds the shortcut, and registers the
predicate that `update()` asks to enable or disable it. A command whose
meaning depends on the context (Run on a WAT tab or on a WGSL tab) gives
callables for its tip and its disabled tip; `update()` asks them too.

A handler that fails reaches the user as a message (`on_error`), never as a
traceback, and every command's predicate is asked again after one ran. The
menu bar keeps a fixed order of main menus whichever feature mentions one
first, as Thonny's main menus do.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Sequence

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMenu, QToolBar


@dataclass
class Command:
    id: str
    menu: str
    caption: str
    handler: Callable[[], object]
    shortcut: str | QKeySequence.StandardKey | None
    tester: Callable[[], bool] | None
    action: QAction
    disabled_tip: str | Callable[[], str] | None = None
    tip: str | Callable[[], str] | None = None


class CommandRegistry:
    """Holds the window's commands; menus are created on first use, placed by `menu_order`.

    `on_error(exc)` shows what a failing handler raised.
    """

    def __init__(
        self,
        window: QMainWindow,
        *,
        menu_order: Sequence[str] = (),
        on_error: Callable[[BaseException], None] | None = None,
    ) -> None:
        self.window = window
        self.menu_order = tuple(menu_order)
        self.on_error = on_error
        self.commands: dict[str, Command] = {}
        self.menus: dict[str, QMenu] = {}

    def menu(self, title: str) -> QMenu:
        """The menu called `title` (e.g. "&File"), created on first use at its place in `menu_order`.

        A menu not in the order goes before the last ordered one (Help stays last).
        """
        if title not in self.menus:
            rank = self._rank(title)
            later = [m for t, m in self.menus.items() if self._rank(t) > rank]
            before = min(later, key=lambda m: self.window.menuBar().actions().index(m.menuAction()), default=None)
            menu = QMenu(title, self.window)
            if before is None:
                self.window.menuBar().addMenu(menu)
            else:
                self.window.menuBar().insertMenu(before.menuAction(), menu)
            self.menus[title] = menu
        return self.menus[title]

    def menu_rank(self, title: str) -> float:
        """Where the menu `title` stands in the menu bar's order (Help last)."""
        return self._rank(title)

    def _rank(self, title: str) -> float:
        if title in self.menu_order:
            return self.menu_order.index(title)
        return len(self.menu_order) - 1.5 if self.menu_order else 0  # before the last ordered menu

    def add_command(
        self,
        id: str,
        menu: str,
        caption: str,
        handler: Callable[[], object],
        *,
        shortcut: str | QKeySequence.StandardKey | None = None,
        tester: Callable[[], bool] | None = None,
        toolbar: QToolBar | None = None,
        tip: str | Callable[[], str] | None = None,
        disabled_tip: str | Callable[[], str] | None = None,
        separator_before: bool = False,
    ) -> QAction:
        """Declare a command; returns its QAction. `tester` decides whether it is enabled.

        `tip` and `disabled_tip` (why it is disabled) may be callables, asked on each `update()`.
        """
        if id in self.commands:
            raise ValueError(f"command {id!r} is declared twice")
        action = QAction(caption, self.window)
        action.setObjectName(id)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        if tip:
            self._set_tip(action, tip() if callable(tip) else tip)
        action.triggered.connect(lambda _checked=False: self._run(handler))
        target = self.menu(menu)
        if separator_before:
            target.addSeparator()
        target.addAction(action)
        if toolbar is not None:
            toolbar.addAction(action)
        self.window.addAction(action)  # shortcuts work even with the menu bar hidden
        self.commands[id] = Command(id, menu, caption, handler, shortcut, tester, action, disabled_tip, tip)
        if tester is not None:
            self._update_one(self.commands[id])
        return action

    def _run(self, handler: Callable[[], object]) -> None:
        try:
            handler()
        except Exception as exc:  # noqa: BLE001 - every failure becomes a message, never a traceback
            if self.on_error is None:
                raise
            self.on_error(exc)
        self.update()

    def action(self, id: str) -> QAction:
        return self.commands[id].action

    def shortcut(self, id: str) -> str:
        """The command's shortcut as portable text, e.g. "Shift+F11" ('' when none)."""
        return self.commands[id].action.shortcut().toString(QKeySequence.SequenceFormat.PortableText)

    def find_by_shortcut(self, sequence: str) -> Command | None:
        wanted = QKeySequence(sequence)
        for command in self.commands.values():
            if command.action.shortcut() == wanted:
                return command
        return None

    def trigger(self, id: str) -> bool:
        """Run a command as its menu entry would: only when enabled. Returns whether it ran."""
        command = self.commands[id]
        self._update_one(command)
        if not command.action.isEnabled():
            return False
        command.action.trigger()
        return True

    def update(self) -> None:
        """Ask every predicate again (after a state change)."""
        for command in self.commands.values():
            self._update_one(command)

    def _update_one(self, command: Command) -> None:
        if command.tester is None:
            return
        try:
            enabled = bool(command.tester())
        except Exception:  # noqa: BLE001 - a broken predicate disables its command, never the window
            enabled = False
        command.action.setEnabled(enabled)
        if callable(command.tip):
            self._set_tip(command.action, self._ask(command.tip))
        if command.disabled_tip:
            tip = command.action.statusTip() or command.caption.replace("&", "")
            why = self._ask(command.disabled_tip) if callable(command.disabled_tip) else command.disabled_tip
            if enabled or not why:
                self._set_tip(command.action, tip)
            else:
                command.action.setToolTip(f"{tip}: {why}")

    @staticmethod
    def _set_tip(action: QAction, tip: str) -> None:
        """The status-bar tip, and the tooltip with the shortcut after it."""
        action.setStatusTip(tip)
        keys = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
        action.setToolTip(f"{tip} ({keys})" if keys else tip)

    @staticmethod
    def _ask(text: Callable[[], str]) -> str:
        try:
            return text()
        except Exception:  # noqa: BLE001 - a broken tip must not break the window
            return ""

