"""What can be done to the entry chosen in the entries window: its buttons and context menu."""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QListView, QPushButton, QWidget

from tray_app.clockify.models import TimeEntry
from tray_app.core.pins import is_pinned
from tray_app.core.rules import locked_for
from tray_app.core.state import AppState, StartRequest
from tray_app.i18n import _


class EntryActions(QObject):
    """Edit, Continue, Duplicate, Pin and Delete for the chosen entry: as buttons, as the list's
    context menu and, for some, as shortcuts (Ctrl+Shift+Enter continues, Ctrl+D duplicates).
    Each is enabled by what is chosen: nothing without an entry, no copy of the running timer,
    no second pin of a pinned one.

    Args:
        list_view: the week's list, which gets the context menu.
        parent: the window, which connects each action's ``triggered``.

    Attributes:
        edit, continue_, duplicate, pin, delete: the actions.
        edit_button, continue_button, …: a button for each; ``buttons``, all in that order.
    """

    def __init__(self, list_view: QListView, parent: QWidget) -> None:
        super().__init__(parent)
        # Translators: opens the chosen entry in the edit form.
        self.edit, self.edit_button = _made(_("&Edit…"), parent)
        # Translators: starts a new timer like the chosen entry.
        continue_ = _("&Continue")
        self.continue_, self.continue_button = _made(continue_, parent, "Ctrl+Shift+Return")
        # Translators: records a copy of the chosen entry.
        self.duplicate, self.duplicate_button = _made(_("Dup&licate"), parent, "Ctrl+D")
        self.pin, self.pin_button = _made(pin_text(pinned=False), parent)
        # Translators: deletes the chosen entry.
        self.delete, self.delete_button = _made(_("&Delete"), parent)
        self.pin_button.setToolTip(_("Pin it: one click starts it from the tray or quick start"))
        self._pairs = (
            (self.edit, self.edit_button),
            (self.continue_, self.continue_button),
            (self.duplicate, self.duplicate_button),
            (self.pin, self.pin_button),
            (self.delete, self.delete_button),
        )
        self.buttons = [button for _action, button in self._pairs]
        list_view.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        list_view.addActions([action for action, _button in self._pairs])

    def update(self, entry: TimeEntry | None, state: AppState) -> None:
        """Enable what can be done to ``entry`` (None: nothing is chosen)."""
        pinned = entry is not None and is_pinned(state, StartRequest.like(entry))
        locked = locked_for(entry, state.is_admin) if entry is not None else ""
        for action, button in self._pairs:
            enabled = entry is not None
            if action in (self.edit, self.delete):
                enabled = entry is not None and not locked
                button.setToolTip(locked)  # why it cannot be changed, where it cannot
            elif action is self.duplicate:
                enabled = entry is not None and not entry.running
            elif action is self.pin:
                enabled = entry is not None and not pinned
            action.setEnabled(enabled)
            button.setEnabled(enabled)
        self.pin.setText(pin_text(pinned))
        self.pin_button.setText(self.pin.text())


def pin_text(pinned: bool) -> str:
    """The pin action's text: "Pin", or "Pinned" (disabled) once the entry is pinned."""
    if pinned:
        # Translators: the pin button once the chosen entry is pinned (it is then disabled).
        return _("P&inned")
    # Translators: pins a timer like the chosen entry, for one-click starts.
    return _("P&in")


def _made(text: str, parent: QWidget, keys: str = "") -> tuple[QAction, QPushButton]:
    """An action and a button that triggers it; ``keys``, its shortcut in the whole window."""
    action = QAction(text, parent)
    if keys:
        action.setShortcut(QKeySequence(keys))
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
    button = QPushButton(text, parent)
    button.clicked.connect(action.trigger)
    return action, button
