"""Global keyboard shortcuts: the desktop's own way where it has one, else what to bind by hand.

Linux desktops with the XDG desktop portal's GlobalShortcuts interface (KDE, GNOME 48+,
Hyprland) bind them through it; Windows through RegisterHotKey. Where none exists a
``NullShortcuts`` says why, and the Preferences window shows how to bind the app's commands
(``clockify-tray --quick-start`` / ``--toggle``) in the desktop's keyboard settings. The
interface is here; factory picks the back-end (portal, windows, macos).
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from tray_app.i18n import N_, _, ngettext

QUICK_START, TOGGLE = "quick-start", "toggle"
# id → (what it does, the trigger asked for, in the XDG shortcuts format); what it does is
# marked for the catalogs and translated with ``_`` where it is shown or sent to the desktop.
SHORTCUTS = {
    # Translators: a global shortcut's action, as the desktop's shortcut settings list it.
    QUICK_START: (N_("Open quick start"), "CTRL+ALT+C"),
    # Translators: a global shortcut's action, as the desktop's shortcut settings list it.
    TOGGLE: (N_("Start or stop the timer"), "CTRL+ALT+S"),
}
# (Translated with ``_`` where shown: see ``with_bind_by_hand``.)
BIND_BY_HAND = N_(
    "Bind these commands in the desktop's keyboard settings instead: "
    "“clockify-tray --quick-start” (open quick start) and "
    "“clockify-tray --toggle” (start or stop the timer)."
)


def with_bind_by_hand(why: str) -> str:
    """``why`` (a sentence: there are no shortcuts, or not all), then what to bind instead."""
    return f"{why} {_(BIND_BY_HAND)}"


def registered(bound: list[tuple[str, str]], taken: list[tuple[str, str]]) -> str:
    """What the Preferences window says once the shortcuts are asked for: those ``bound``, each
    as (what it does, its keys as the system writes them), then those ``taken`` by another
    app, with what to bind instead."""
    lines = []
    if bound:
        lines.append(_("Global shortcuts:"))
        lines.extend(shortcut_line(action, keys) for action, keys in bound)
    if taken:
        listed = ", ".join(
            # Translators: a shortcut taken by another app: what it does, then its keys.
            _("{action} ({keys})").format(action=_(action), keys=keys)
            for action, keys in taken
        )
        taken_text = ngettext(
            "Taken by another app: {shortcuts}.", "Taken by another app: {shortcuts}.", len(taken)
        )
        lines.append(with_bind_by_hand(taken_text.format(shortcuts=listed)))
    return "\n".join(lines)


def shortcut_line(action: str, keys: str) -> str:
    """One shortcut for the Preferences window: what it does (untranslated, as in
    ``SHORTCUTS``), then its keys."""
    # Translators: one global shortcut: what it does, then its keys ("Open quick start: ⌃⌥C").
    return _("{action}: {keys}").format(action=_(action), keys=keys)


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
        self.status = with_bind_by_hand(why)

    def start(self) -> None:
        self._say(self.status)
