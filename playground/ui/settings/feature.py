"""The settings feature: Edit > Settings (Ctrl+,) edits the run settings, keeps them in QSettings, applies them.

`install(window)` reads the stored RunSettings (a damaged value: the defaults,
and the console says which key), declares the command, and applies the
settings to every tab's session controller (`.limits`, `.engine_choice`, `.features`):
those made already, and those the debugger makes from now on (its
`make_controller` is wrapped). A session started before the change keeps its
limits; the next start uses the new ones.
"""

from __future__ import annotations

from playground.ui.settings.dialog import SettingsDialog
from playground.workbench.run_settings import PREFIX, RunSettings, RunSettingsError


class SettingsFeature:
    """Owned by the MainWindow as `window.run_settings_feature`; `current` is the RunSettings in force."""

    def __init__(self, window) -> None:
        self.window = window
        self.current = self.load()
        self.dialog: SettingsDialog | None = None
        debugger = window.debugger
        make = debugger.make_controller
        debugger.make_controller = lambda: self._configure(make())
        window.commands.add_command("settings", "&Edit", "&Settings...", self.open_dialog, shortcut="Ctrl+,",
                                    tip="Limits (instructions, time, memory, ...) and the engine of the window's runs",
                                    separator_before=True)
        self.apply(self.current)

    # --- QSettings ---------------------------------------------------------------------------
    def load(self) -> RunSettings:
        store = self.window.settings
        mapping = {key: store.value(key) for key in store.allKeys() if key.startswith(PREFIX)}
        try:
            return RunSettings.from_mapping(mapping)
        except RunSettingsError as exc:
            self.window.console.write(f"settings: {exc}; using the default limits and engine", "error")
            return RunSettings()

    def save(self, settings: RunSettings) -> None:
        for key, value in settings.to_mapping().items():
            self.window.settings.setValue(key, value)
        self.window.settings.sync()

    # --- applying ----------------------------------------------------------------------------
    def _configure(self, controller):
        controller.limits = self.current.limits
        controller.engine_choice = self.current.engine
        controller.features = self.current.wasm_features
        return controller

    def apply(self, settings: RunSettings) -> None:
        """Make `settings` the ones in force: every tab's controller now, and every one made later."""
        self.current = settings
        for session in self.window.debugger.sessions.values():
            if session.started:
                self._configure(session.controller)

    def set_settings(self, settings: RunSettings) -> None:
        """Store and apply (what OK in the dialog does)."""
        self.save(settings)
        self.apply(settings)
        shown = "no limits" if not settings.limits.any else "limits set"
        self.window.statusBar().showMessage(
            f"Settings saved: {shown}, engine {settings.engine}, WebAssembly {settings.features}", 5000)

    # --- the dialog -------------------------------------------------------------------------------
    def open_dialog(self) -> SettingsDialog:
        """Edit > Settings: the dialog, non-blocking; OK stores and applies."""
        dialog = SettingsDialog(self.current, self.window)
        dialog.accepted.connect(lambda: self.set_settings(dialog.settings()))
        dialog.finished.connect(lambda _code: setattr(self, "dialog", None))
        self.dialog = dialog
        dialog.open()
        return dialog


def install(window) -> SettingsFeature:
    """Add Edit > Settings and apply the stored run settings."""
    return SettingsFeature(window)
