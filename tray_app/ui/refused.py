"""The writes Clockify refused, each with its reason: fix, send again, or discard on purpose."""

from __future__ import annotations

from datetime import tzinfo

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from tray_app.core.state import AppState, RefusedWrite
from tray_app.i18n import N_, _, short_day
from tray_app.ui.widgets import WARNING_STYLE, message_label, name_window, show_message

# What each kind of write was; {name} is what it wrote (``RefusedWrite.name``).
KIND_TEXTS = {
    # Translators: a timer Clockify refused; {name} is its description in quotes.
    "start": N_("Timer {name}"),
    # Translators: an entry Clockify refused; {name} is its description in quotes.
    "create_entry": N_("Entry {name}"),
    # Translators: a stop Clockify refused; {name} is the timer's description in quotes.
    "stop": N_("Stop of a timer {name}"),
    # Translators: a new project Clockify refused; {name} is e.g. project “Acme”.
    "create_project": N_("New {name}"),
    # Translators: a change Clockify refused; {name} is the entry's description in quotes.
    "update_entry": N_("Change to {name}"),
    # Translators: a deletion Clockify refused; {name} is the entry's description in quotes.
    "delete_entry": N_("Deletion of {name}"),
}


# The same, for an entry without a description (which has no name to give).
NAMELESS_TEXTS = {
    "start": N_("Timer without a description"),
    "create_entry": N_("Entry without a description"),
    "stop": N_("Stop of a timer without a description"),
    "update_entry": N_("Change to an entry without a description"),
    "delete_entry": N_("Deletion of an entry without a description"),
}


def refused_line(refused: RefusedWrite, state: AppState, zone: tzinfo) -> str:
    """ "Entry “Write report” · Support · Tue 7 Jan 10:00–11:30 — Clockify refused this: …" """
    entry = refused.entry
    kind = KIND_TEXTS.get(refused.kind)
    if entry is not None and not entry.description and refused.kind in NAMELESS_TEXTS:
        parts = [_(NAMELESS_TEXTS[refused.kind])]
    else:
        parts = [_(kind).format(name=refused.name) if kind else f"{refused.kind} {refused.name}"]
    if entry is not None:
        if state.project_name(entry.project_id):
            parts.append(state.project_name(entry.project_id))
        start = entry.start.astimezone(zone)
        span = f"{short_day(start)} {start:%H:%M}"
        if entry.end is not None:
            span += f"–{entry.end.astimezone(zone):%H:%M}"
        else:
            # Translators: when a timer Clockify refused started, e.g. "Tue 7 Jan 10:00".
            span = _("{start} (was running)").format(start=span)
        parts.append(span)
    return f"{' · '.join(parts)} — {refused.reason}"


class RefusedPanel(QWidget):
    """Lists what Clockify refused; nothing leaves the list but by the person's choice.

    Shown in its own dialog (from the tray menu) and at the top of the entries window.

    Signals:
        fix_requested(RefusedWrite): open the entry in a form, to change and save it instead.
        send_again_requested(int): send this write again as it is (the reason may be gone).
        discard_requested(int): give this write up, on purpose.
    """

    fix_requested = Signal(object)
    send_again_requested = Signal(int)
    discard_requested = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._state = AppState()
        self._confirm_discard = 0
        self.intro = QLabel(self)
        self.intro.setWordWrap(True)
        self.list = QListWidget(self)
        self.list.setAccessibleName(_("Writes Clockify refused"))
        self.list.setWordWrap(True)
        self.message_label = message_label(self)
        # Translators: opens the refused write in a form, to change it and save it instead.
        self.fix_button = QPushButton(_("&Fix…"), self)
        self.send_button = QPushButton(_("Send a&gain"), self)
        # Translators: gives the refused write up (a second press confirms).
        self.discard_button = QPushButton(_("Disc&ard…"), self)
        self.buttons = QDialogButtonBox(self)
        for button in (self.fix_button, self.send_button, self.discard_button):
            self.buttons.addButton(button, QDialogButtonBox.ButtonRole.ActionRole)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.intro)
        layout.addWidget(self.list)
        layout.addWidget(self.message_label)
        layout.addWidget(self.buttons)
        self.fix_button.clicked.connect(self.on_fix_button_clicked)
        self.send_button.clicked.connect(self.on_send_button_clicked)
        self.discard_button.clicked.connect(self.on_discard_button_clicked)
        self.list.currentRowChanged.connect(self.on_list_row_changed)
        self.list.itemActivated.connect(self.on_fix_button_clicked)

    def update_state(self, state: AppState) -> None:
        """Refill the list, keeping the selected write selected while it is still there."""
        chosen = self.selected()
        self._state = state
        self.list.clear()
        for refused in state.refused:
            item = QListWidgetItem(refused_line(refused, state, state.zone), self.list)
            item.setData(Qt.ItemDataRole.UserRole, refused.op_id)
        if state.refused:
            self.intro.setText(
                _(
                    "Clockify refused these. They are kept on this computer: fix one and save "
                    "it, send it again once the reason is gone, or discard it."
                )
            )
        else:
            self.intro.setText(_("Everything is saved to Clockify."))
        rows = [r.op_id for r in state.refused]
        self.list.setCurrentRow(rows.index(chosen.op_id) if chosen and chosen.op_id in rows else 0)
        self.on_list_row_changed(self.list.currentRow())

    def selected(self) -> RefusedWrite | None:
        row = self.list.currentRow()
        if row < 0:
            return None
        op_id = self.list.item(row).data(Qt.ItemDataRole.UserRole)
        return next((r for r in self._state.refused if r.op_id == op_id), None)

    def on_list_row_changed(self, _row: int) -> None:
        refused = self.selected()
        self._confirm_discard = 0
        self.discard_button.setText(_("Disc&ard…"))
        show_message(self.message_label, "", "")
        for button in (self.send_button, self.discard_button):
            button.setEnabled(refused is not None)
        self.fix_button.setEnabled(refused is not None and refused.entry is not None)

    def on_fix_button_clicked(self) -> None:
        refused = self.selected()
        if refused is not None and refused.entry is not None:
            self.fix_requested.emit(refused)

    def on_send_button_clicked(self) -> None:
        refused = self.selected()
        if refused is not None:
            self.send_again_requested.emit(refused.op_id)

    def on_discard_button_clicked(self) -> None:
        refused = self.selected()
        if refused is None:
            return
        if self._confirm_discard != refused.op_id:
            # Asked once, inline: a second press discards (as a second Save confirms).
            self._confirm_discard = refused.op_id
            self.discard_button.setText(_("Disc&ard for good"))
            # Translators: "Discard for good" is the button's text (without its "&").
            text = _("{name} will not reach Clockify. Press “Discard for good” to confirm.")
            show_message(self.message_label, text.format(name=refused.name), WARNING_STYLE)
            return
        self.discard_requested.emit(refused.op_id)


class RefusedDialog(QDialog):
    """The refused writes in a window of their own, opened from the tray menu.

    Signals:
        fix_requested(RefusedWrite), send_again_requested(int), discard_requested(int): as
        ``RefusedPanel``'s.
    """

    fix_requested = Signal(object)
    send_again_requested = Signal(int)
    discard_requested = Signal(int)

    def __init__(self, icon: QIcon | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        name_window(self, _("Not saved to Clockify"), icon)
        self.setMinimumWidth(560)
        self.panel = RefusedPanel(self)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        layout = QVBoxLayout(self)
        layout.addWidget(self.panel)
        layout.addWidget(close)
        close.rejected.connect(self.reject)
        self.panel.fix_requested.connect(self.fix_requested)
        self.panel.send_again_requested.connect(self.send_again_requested)
        self.panel.discard_requested.connect(self.discard_requested)

    def open_with(self, state: AppState) -> None:
        self.update_state(state)
        self.show()
        self.raise_()
        self.activateWindow()
        self.panel.list.setFocus()

    def update_state(self, state: AppState) -> None:
        self.panel.update_state(state)
