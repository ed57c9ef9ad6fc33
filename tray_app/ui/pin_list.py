"""The pins in quick start: each with its shortcut (Ctrl+1…9), to start, move or unpin."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QAbstractItemView, QListWidget, QListWidgetItem, QWidget

from tray_app.core.state import AppState, StartRequest
from tray_app.i18n import N_, _
from tray_app.ui.tray_text import entry_label


def pin_shortcut(number: int) -> QKeySequence:
    """Ctrl+``number`` (⌘ on macOS), which starts pin ``number`` (1 to 9) in quick start."""
    return QKeySequence(f"Ctrl+{number}")


class PinList(QListWidget):
    """The chosen workspace's pins, one a row: "Ctrl+1   Acme · Write report". Enter or a
    double click starts one; its context menu (and Ctrl+Up, Ctrl+Down, Delete) moves or
    unpins it. Hidden while nothing is pinned.

    Signals:
        start_requested(StartRequest): start this pin.
        unpin_requested(StartRequest): unpin it.
        move_requested(StartRequest, int): move it to this place (0 is the first).
    """

    start_requested = Signal(object)
    unpin_requested = Signal(object)
    move_requested = Signal(object, int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(_("Pinned"))
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        # Keyed by their English names; shown in the user's language.
        self.actions_by_name: dict[str, QAction] = {}
        for name, keys, slot in (
            (N_("Move up"), "Ctrl+Up", self.on_move_up_triggered),
            (N_("Move down"), "Ctrl+Down", self.on_move_down_triggered),
            (N_("Unpin"), "Delete", self.on_unpin_triggered),
        ):
            action = QAction(_(name), self)
            action.setShortcut(QKeySequence(keys))
            action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
            action.triggered.connect(slot)
            self.addAction(action)
            self.actions_by_name[name] = action
        self.itemActivated.connect(self.on_item_activated)
        self.hide()

    def show_pins(self, state: AppState) -> None:
        """Show ``state``'s pins (the chosen workspace's), the current one kept where it was."""
        row = self.currentRow()
        self.clear()
        for number, pin in enumerate(state.pinned, 1):
            keys = pin_shortcut(number).toString(QKeySequence.SequenceFormat.NativeText)
            item = QListWidgetItem(f"{keys}   {entry_label(state, pin)}", self)
            item.setData(Qt.ItemDataRole.UserRole, pin)
        if self.count():
            self.setCurrentRow(min(max(row, 0), self.count() - 1))
            rows = self.sizeHintForRow(0) * self.count()
            self.setFixedHeight(rows + 2 * self.frameWidth())
        self.setVisible(bool(self.count()))

    def pin(self, row: int) -> StartRequest | None:
        item = self.item(row)
        data = item.data(Qt.ItemDataRole.UserRole) if item is not None else None
        return data if isinstance(data, StartRequest) else None

    def on_item_activated(self, item: QListWidgetItem) -> None:
        pin = self.pin(self.row(item))
        if pin is not None:
            self.start_requested.emit(pin)

    def on_move_up_triggered(self) -> None:
        self._move(-1)

    def on_move_down_triggered(self) -> None:
        self._move(1)

    def _move(self, step: int) -> None:
        row = self.currentRow()
        pin = self.pin(row)
        if pin is not None and 0 <= row + step < self.count():
            self.setCurrentRow(row + step)  # the row follows the pin, once the state comes
            self.move_requested.emit(pin, row + step)

    def on_unpin_triggered(self) -> None:
        pin = self.pin(self.currentRow())
        if pin is not None:
            self.unpin_requested.emit(pin)
