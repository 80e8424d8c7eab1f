"""The GPU feature: the WGSL runner dock for WGSL tabs and the dispatch stepper page, under a "GPU" menu.

Both views import wgpu only when used, and probe for an adapter in a worker;
they are created on first need (a WGSL tab, or the menu) so a window that
never touches WGSL never starts a GPU probe. The runner follows the current
WGSL tab (`set_source` after each edit, debounced by the view) and its
diagnostics go to that tab's editor, located. Run (Ctrl+R) on a WGSL tab
dispatches its shader: the feature registers itself as the runner of "wgsl".
The runner dock holds its view in a scroll box and the dispatch stepper is
a page (a tab of the central area), so neither grows the window past the
screen.

A lost GPU device (noticed by any GPU work: a demo, a guest's `gpu` import,
the runner) is said once in the Console and the status bar (loss_notice.py);
kernels with a numpy twin go on on the CPU, and GPU > Use the GPU Again
requests a fresh device.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QDockWidget

from playground.gpu.device import manager
from playground.ui.gpu.loss_notice import GpuLossNotice
from playground.workbench.wgsl_panel import to_editor_diagnostics

SOURCE_DELAY_MS = 300
RIGHT = Qt.DockWidgetArea.RightDockWidgetArea


class GpuFeature:
    """Owned by the MainWindow as `window.gpu`: `runner_dock` and the `dispatch` page, made on first use."""

    def __init__(self, window) -> None:
        self.window = window
        self.runner = None  # WgslRunnerView
        self.runner_dock: QDockWidget | None = None
        self.dispatch = None  # DispatchView, shown as a page
        self._runner_buffer = None  # the WGSL buffer the runner shows
        self._shown_once = False
        self._timer = QTimer(window)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SOURCE_DELAY_MS)
        self._timer.timeout.connect(self._push_source)
        self.loss = GpuLossNotice(window, self._adapter_changed)
        self._declare_commands()
        window.runners["wgsl"] = self
        window.layouts.before_showing("wgsl", self.ensure_runner)
        window.bufferAdded.connect(self._wire)
        window.currentBufferChanged.connect(self.current_tab_changed)
        window.pageClosed.connect(self._page_closed)
        window.closing.connect(self._window_closing)

    # --- the menu ----------------------------------------------------------------------------
    def _declare_commands(self) -> None:
        reg = self.window.commands
        reg.add_command("gpu_runner", "&GPU", "&WGSL Runner", self.show_runner, shortcut="Ctrl+Shift+G",
                        tip="Run the current WGSL compute shader once and look at its buffers")
        reg.add_command("gpu_dispatch", "&GPU", "&Dispatch Stepper", self.show_dispatch,
                        tip="Step through a multi-dispatch GPU algorithm (bitonic sort, tree reduction)")
        reg.add_command("gpu_use_again", "&GPU", "&Use the GPU Again", self.loss.use_gpu_again,
                        tester=lambda: manager.lost, separator_before=True,
                        tip="The GPU device was lost: request a fresh one (until then, kernels run on numpy)",
                        disabled_tip="the GPU device is in use (it was not lost)")

    def _adapter_changed(self) -> None:
        """The device was lost or re-selected: the views look at the adapter again."""
        for view in (self.runner, self.dispatch):
            if view is not None:
                view.probe_adapter()
        self.window.commands.update()

    # --- the runner ----------------------------------------------------------------------------
    def ensure_runner(self):
        if self.runner is None:
            from playground.ui.gpu.runner_view import WgslRunnerView

            self.runner = WgslRunnerView()
            self.runner.diagnostics.connect(self._diagnostics)
            # the window's Run command (Ctrl+R on a WGSL tab) is enabled exactly when the panel's Run is
            update = lambda *_args: self.window.commands.update()  # noqa: E731
            for signal in (self.runner.adapterChecked, self.runner.runFinished, self.runner.runFailed,
                           self.runner.worker.busyChanged, self.runner.bindings.changed):
                signal.connect(update)
            self.runner_dock = self.window.add_dock("wgsl_runner", "WGSL Runner", self.runner, RIGHT, only_in="wgsl",
                                                    panel=False, scroll=True)
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
            self._push_source()
        if not self._shown_once:
            self._shown_once = True
            self.runner_dock.show()
            self.runner_dock.raise_()

    def _wire(self, buffer) -> None:
        if buffer.language == "wgsl":
            buffer.editor.textChanged.connect(lambda b=buffer: self._text_changed(b))

    # --- Run on a WGSL tab (a LanguageRunner) ------------------------------------------------------
    def run_tip(self) -> str:
        return "Dispatch the WGSL shader once in the WGSL Runner"

    def can_run(self) -> tuple[bool, str]:
        """Whether the current WGSL tab's shader can be dispatched now, and why not."""
        buffer = self.window.current_buffer()
        if buffer is None or buffer.language != "wgsl":
            return False, "open a WGSL tab to run a shader"
        if self.runner is None:
            return False, "the WGSL runner is not open"
        return self.runner.can_run()

    def run(self) -> None:
        """Run (Ctrl+R) on a WGSL tab."""
        self.run_current()

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
        buffer = self._runner_buffer
        if buffer is None or buffer not in self.window.buffers.values():
            return
        buffer.editor.set_diagnostics(to_editor_diagnostics(buffer.editor.toPlainText(), items))

    # --- the dispatch stepper -------------------------------------------------------------------
    def show_dispatch(self):
        """GPU > Dispatch Stepper: its page (made the first time, and again after its tab was closed)."""
        if self.dispatch is None:
            from playground.ui.gpu.dispatch_view import DispatchView

            self.dispatch = DispatchView()
            self.window.add_page(self.dispatch, "Dispatch Stepper")
        else:
            self.window.show_page(self.dispatch)
        return self.dispatch

    def _window_closing(self) -> None:
        """The runner's closeEvent waits for a dispatch still on the GPU (its thread must not outlive the window)."""
        self._timer.stop()
        if self.runner is not None:
            self.runner.close()

    def _page_closed(self, view) -> None:
        if view is self.dispatch:
            self.dispatch = None


def install(window) -> GpuFeature:
    """Add the GPU feature to `window`: the GPU menu, the runner for WGSL tabs, the dispatch stepper."""
    return GpuFeature(window)
