"""The window's GPU side: the WGSL runner dock for WGSL tabs and the dispatch stepper, under a "GPU" menu.

Both views import wgpu only when used, and probe for an adapter in a worker;
they are created on first need (a WGSL tab, or the menu) so a window that
never touches WGSL never starts a GPU probe. The runner follows the current
WGSL tab (`set_source` after each edit, debounced by the view) and its
diagnostics go to that tab's editor, located.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QDockWidget

SOURCE_DELAY_MS = 300


class GpuDocks:
    """Owned by the MainWindow: `runner_dock` and `dispatch_dock`, made on first use."""

    def __init__(self, window) -> None:
        self.window = window
        self.runner = None  # WgslRunnerView
        self.runner_dock: QDockWidget | None = None
        self.dispatch = None  # DispatchView
        self.dispatch_dock: QDockWidget | None = None
        self._runner_buffer = None  # the WGSL buffer the runner shows
        self._shown_once = False
        self._timer = QTimer(window)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SOURCE_DELAY_MS)
        self._timer.timeout.connect(self._push_source)

    # --- the menu ----------------------------------------------------------------------------
    def declare_commands(self) -> None:
        reg = self.window.commands
        reg.add_command("gpu_runner", "&GPU", "&WGSL Runner", self.show_runner, shortcut="Ctrl+Shift+G",
                        tip="Run the current WGSL compute shader once and look at its buffers")
        reg.add_command("gpu_dispatch", "&GPU", "&Dispatch Stepper", self.show_dispatch,
                        tip="Step through a multi-dispatch GPU algorithm (bitonic sort, tree reduction)")

    # --- the runner ----------------------------------------------------------------------------
    def ensure_runner(self):
        if self.runner is None:
            from playground.ui.wgsl_runner_view import WgslRunnerView

            self.runner = WgslRunnerView()
            self.runner.diagnostics.connect(self._diagnostics)
            # the window's Run command (Ctrl+R on a WGSL tab) is enabled exactly when the panel's Run is
            update = lambda *_args: self.window.commands.update()  # noqa: E731
            for signal in (self.runner.adapterChecked, self.runner.runFinished, self.runner.runFailed,
                           self.runner.worker.busyChanged, self.runner.bindings.changed):
                signal.connect(update)
            self.runner_dock = self._dock("WGSL Runner", "dock_wgsl_runner", self.runner)
            self.window.view_menu_add(self.runner_dock)
        return self.runner

    def show_runner(self) -> None:
        self.ensure_runner()
        self.current_tab_changed(self.window.current_buffer())
        self.runner_dock.show()
        self.runner_dock.raise_()

    def current_tab_changed(self, buffer) -> None:
        """A WGSL tab became current: the runner follows it (and shows itself the first time)."""
        if buffer is None or buffer.language != "wgsl":
            return
        self.ensure_runner()
        if buffer is not self._runner_buffer:
            self._runner_buffer = buffer
            if not getattr(buffer, "_gpu_wired", False):
                buffer.editor.textChanged.connect(lambda b=buffer: self._text_changed(b))
                buffer._gpu_wired = True
            self._push_source()
        if not self._shown_once:
            self._shown_once = True
            self.runner_dock.show()
            self.runner_dock.raise_()

    def can_run(self) -> tuple[bool, str]:
        """Whether the current WGSL tab's shader can be dispatched now, and why not."""
        buffer = self.window.current_buffer()
        if buffer is None or buffer.language != "wgsl":
            return False, "open a WGSL tab to run a shader"
        if self.runner is None:
            return False, "the WGSL runner is not open"
        return self.runner.can_run()

    def run_current(self) -> bool:
        """Dispatch the current WGSL tab's shader once, as the runner's Run button does (the text as it is now)."""
        buffer = self.window.current_buffer()
        if buffer is None or buffer.language != "wgsl":
            return False
        self.ensure_runner()
        self.current_tab_changed(buffer)
        if self._timer.isActive():  # an edit not yet sent to the runner: run what the editor shows
            self._timer.stop()
            self._push_source()
        self.runner_dock.show()
        self.runner_dock.raise_()
        return self.runner.run()

    def _text_changed(self, buffer) -> None:
        if buffer is self._runner_buffer:
            self._timer.start()

    def _push_source(self) -> None:
        buffer = self._runner_buffer
        if buffer is None or self.runner is None or buffer not in self.window.buffers.values():
            return
        self.runner.set_source(buffer.editor.toPlainText(), buffer.title)
        self.window.commands.update()

    def _diagnostics(self, items: list) -> None:
        from playground.ui.wgsl_runner_view import to_editor_diagnostics

        buffer = self._runner_buffer
        if buffer is None or buffer not in self.window.buffers.values():
            return
        buffer.editor.set_diagnostics(to_editor_diagnostics(buffer.editor.toPlainText(), items))

    # --- the dispatch stepper -------------------------------------------------------------------
    def show_dispatch(self) -> None:
        if self.dispatch is None:
            from playground.ui.dispatch_view import DispatchView

            self.dispatch = DispatchView()
            self.dispatch_dock = self._dock("Dispatch Stepper", "dock_dispatch", self.dispatch)
            self.window.view_menu_add(self.dispatch_dock)
        self.dispatch_dock.show()
        self.dispatch_dock.raise_()

    def _dock(self, title: str, name: str, widget) -> QDockWidget:
        dock = QDockWidget(title, self.window)
        dock.setObjectName(name)
        dock.setWidget(widget)
        self.window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, dock)
        return dock
