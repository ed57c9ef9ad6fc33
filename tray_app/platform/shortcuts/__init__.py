"""Global keyboard shortcuts: the desktop's own way where it has one, else what to bind by hand.

Linux desktops with the XDG desktop portal's GlobalShortcuts interface (KDE, GNOME 48+,
Hyprland) bind them through it; Windows through RegisterHotKey. Where none exists a
``NullShortcuts`` says why, and the Preferences window shows how to bind the app's commands
(``clockify-tray --quick-start`` / ``--toggle``) in the desktop's keyboard settings. The
interface is here; factory picks the back-end (portal, windows, macos).
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

QUICK_START, TOGGLE = "quick-start", "toggle"
# id → (what it does, the trigger asked for, in the XDG shortcuts format)
SHORTCUTS = {
    QUICK_START: ("Open quick start", "CTRL+ALT+C"),
    TOGGLE: ("Start or stop the timer", "CTRL+ALT+S"),
}
BIND_BY_HAND = (
    "Bind these commands in the desktop's keyboard settings instead: "
    "“clockify-tray --quick-start” (open quick start) and "
    "“clockify-tray --toggle” (start or stop the timer)."
)


class GlobalShortcuts(QObject):
    """One platform's global shortcuts.

    Signals:
        activated(str): a shortcut was pressed (QUICK_START or TOGGLE).
        status_changed(str): what the Preferences window should say now.
    """

    activated = Signal(str)
    status_changed = Signal(str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.status = ""

    def start(self) -> None:
        """Ask for the shortcuts (the answer may come later, as ``status_changed``)."""

    def stop(self) -> None:
        """Give them back."""

    def _say(self, text: str) -> None:
        self.status = text
        self.status_changed.emit(text)


class NullShortcuts(GlobalShortcuts):
    """No global shortcuts on this system; ``why`` says so, with what to bind instead."""

    def __init__(self, why: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.why = why
        self.status = f"{why} {BIND_BY_HAND}"

    def start(self) -> None:
        self._say(self.status)
