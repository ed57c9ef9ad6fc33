"""The Preferences window's side of the controller (GUI thread): settings out, state in.

The window shows the GUI's copy of the settings; a change goes to the worker, which checks
and saves it, and takes effect in the tray at once where the tray draws it (icon style, time
on the icon).
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal

from tray_app.core.settings import Settings, check_setting
from tray_app.core.state import AppState
from tray_app.core.tracking.intents import ChangeSetting, SetAutostart, SwitchWorkspace
from tray_app.i18n import _
from tray_app.platform.shortcuts import BIND_BY_HAND, GlobalShortcuts, NullShortcuts
from tray_app.ui.icons import Icons
from tray_app.ui.tray import TrayIcon

if TYPE_CHECKING:
    from tray_app.ui.preferences_window import PreferencesWindow
    from tray_app.worker.api_worker import ApiWorker


def shortcuts_off() -> str:
    """What the Preferences window says while the global shortcuts are turned off."""
    return " ".join((_("Global shortcuts are off."), _(BIND_BY_HAND)))


class PreferencesController(QObject):
    """Opens the Preferences window and sends its changes on.

    Args:
        worker: receives the changes (queued onto its thread).
        tray: draws the icon style and the time on the icon.
        icons: the window icon.
        server: the configured server, shown in the window.
        sign_in: opens the sign-in dialog (to change the server).
        shortcuts: this desktop's global shortcuts (none given: none used).

    Signals:
        request(Intent): a change for the worker (a setting, start at login, the workspace).
        command_requested(str): a global shortcut was pressed (quick-start, toggle).
    """

    request = Signal(object)
    command_requested = Signal(str)

    def __init__(
        self,
        worker: ApiWorker,
        tray: TrayIcon,
        icons: Icons,
        server: Callable[[], str],
        sign_in: Callable[[], None],
        shortcuts: GlobalShortcuts | None = None,
    ) -> None:
        super().__init__()
        # Read before the worker's thread starts; from then on only this copy is read here.
        self.settings: Settings = copy.deepcopy(worker.tracker.preferences.settings)
        self._tray = tray
        self._icons = icons
        self._server = server
        self._sign_in = sign_in
        self._state = AppState()
        self._window: PreferencesWindow | None = None
        self.shortcut_status = ""
        self.shortcuts = shortcuts or NullShortcuts(_("Global shortcuts are not used in this run."))
        self.shortcuts.activated.connect(self.command_requested)
        self.shortcuts.status_changed.connect(self.set_shortcut_status)
        self.request.connect(worker.on_request)
        worker.state_changed.connect(self.on_worker_state_changed)
        tray.set_show_time(self.settings.icon_time)

    @property
    def window(self) -> PreferencesWindow:
        if self._window is None:
            from tray_app.ui.preferences_window import PreferencesWindow

            self._window = PreferencesWindow(self._icons.app)
            self._window.change_requested.connect(self.on_window_change_requested)
            self._window.autostart_chosen.connect(lambda on: self.request.emit(SetAutostart(on)))
            self._window.workspace_chosen.connect(
                lambda chosen: self.request.emit(SwitchWorkspace(chosen))
            )
            self._window.sign_in_requested.connect(self._sign_in)
        return self._window

    def open(self) -> None:
        self.window.open_with(self.settings, self._state, self._server())
        self.window.set_shortcut_status(self._for_this_run(self.shortcut_status))

    def start(self) -> None:
        """Ask the desktop for the global shortcuts, unless they are turned off."""
        if self.settings.global_shortcuts:
            self.shortcuts.start()
        else:
            self.set_shortcut_status(shortcuts_off())

    def close(self) -> None:
        self.shortcuts.stop()
        if self._window is not None:
            self._window.close()

    def set_shortcut_status(self, text: str) -> None:
        self.shortcut_status = text
        if self._window is not None:
            self._window.set_shortcut_status(self._for_this_run(text))

    def _for_this_run(self, text: str) -> str:
        """The demo is reached with --demo: without it a command starts the real app."""
        if not self._state.demo:
            return text
        return text.replace("clockify-tray --", "clockify-tray --demo --")

    def on_window_change_requested(self, name: str, value: Any) -> None:
        if check_setting(name, value):
            return  # the window offers only valid values; the worker would refuse it anyway
        setattr(self.settings, name, value)
        if name == "icon_style":
            self._tray.set_icon_style(str(value))
        elif name == "icon_time":
            self._tray.set_show_time(bool(value))
        elif name == "global_shortcuts":
            if value:
                self.shortcuts.start()
            else:
                self.shortcuts.stop()
                self.set_shortcut_status(shortcuts_off())
        self.request.emit(ChangeSetting(name, value))

    def on_worker_state_changed(self, state: AppState) -> None:
        self._state = state
        if self._window is not None and self._window.isVisible():
            self._window.update_state(state)
