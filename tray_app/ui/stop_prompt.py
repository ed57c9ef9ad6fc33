"""The stop prompt: a running timer lacks what the workspace requires, and Clockify checks that
when a timer stops; the prompt asks for just the missing fields, then stops the timer."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from tray_app.clockify.models import TimeEntry
from tray_app.core.rules import Lacking, description_problem, listed, required_message
from tray_app.core.state import AppState, EntryEdit
from tray_app.i18n import _, pgettext
from tray_app.ui.entry_fields import EntryDialog
from tray_app.ui.widgets import ERROR_STYLE, message_label, ok_cancel


class StopPrompt(EntryDialog):
    """Asks for what the running timer lacks; Stop fills it in and stops the timer.

    Signals:
        complete_requested(EntryEdit, datetime): change the running entry so, then stop it
            at that moment (when Stop was first pressed).
        (and those of EntryDialog)
    """

    complete_requested = Signal(object, object)

    def __init__(self, icon: QIcon | None = None, parent: QWidget | None = None) -> None:
        super().__init__(_("Stop the timer"), icon, 420, parent)
        self._running: TimeEntry | None = None
        self._end: datetime | None = None
        self.why_label = QLabel(self)
        self.why_label.setWordWrap(True)
        self.description_edit = QLineEdit(self)
        self.description_edit.setAccessibleName(_("Description"))
        self.error_label = message_label(self)
        # Translators: the button that stops the running timer.
        self.buttons, self.stop_button = ok_cancel(self, pgettext("stop the timer", "Stop"))
        self.primary_button = self.stop_button
        self._form = QFormLayout()
        self._form.addRow(_("&Description"), self.description_edit)
        self._form.addRow(_("&Project"), self.fields.picker)
        self._form.addRow(_("&Task"), self.fields.task_box)
        self._form.addRow(_("T&ags"), self.fields.tag_list)
        self._form.addRow(self.fields.custom)
        self._form.addRow("", self.fields.notes)
        layout = QVBoxLayout(self)
        layout.addWidget(self.why_label)
        layout.addLayout(self._form)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)
        self.chain_tab_order(self.description_edit, then=self.buttons)
        self.buttons.accepted.connect(self.on_buttons_accepted)
        self.buttons.rejected.connect(self.reject)

    def open_for(self, state: AppState, running: TimeEntry, lacks: Lacking, end: datetime) -> None:
        """Ask for what ``running`` ``lacks``; Stop stops it at ``end``."""
        self._state, self._running, self._end = state, running, end
        self.load_fields(state)
        project = state.projects_by_id.get(running.project_id or "")
        self.description_edit.setText(running.description)
        self.fields.preset(
            project, running.task_id, running.tag_ids, running.billable, running.custom_fields
        )
        # Only what is missing; the rest of the entry stays as it is.
        self.fields.custom.set_fields(lacks.custom, admin=state.is_admin)
        rows = (
            (self.description_edit, lacks.description),
            (self.fields.picker, lacks.project),
            (self.fields.task_box, lacks.task or lacks.project),
            (self.fields.tag_list, lacks.tags),
        )
        for widget, shown in rows:
            self._form.setRowVisible(widget, shown)
        self.fields.custom.set_values(running.custom_fields, running.project_id)
        needs = listed(lacks.phrases())
        if running.description:
            # Translators: {needs} lists what is missing, e.g. "a project and a task".
            why = _("Clockify needs {needs} before “{description}” can stop.").format(
                needs=needs, description=running.description
            )
        else:
            # Translators: {needs} lists what is missing, e.g. "a project and a task".
            why = _("Clockify needs {needs} before this timer can stop.").format(needs=needs)
        self.why_label.setText(why)
        self.fields.show_notes(state)
        self.error_label.hide()
        self.bring_up()
        editors = [editor.widget for editor in self.fields.custom.editors]
        first = [widget for widget, shown in rows if shown] + editors + [self.stop_button]
        first[0].setFocus(Qt.FocusReason.PopupFocusReason)

    def update_state(self, state: AppState) -> None:
        self._state = state

    def on_buttons_accepted(self) -> None:
        running, end = self._running, self._end
        if running is None or end is None:
            return
        description = self.description_edit.text().strip()
        message = description_problem(description) or required_message(
            self.fields.missing(description)
        )
        try:
            values = self.fields.custom_values(running.custom_fields)
        except ValueError as err:
            message = message or str(err)
        if message:
            self.say(self.error_label, message, ERROR_STYLE)
            return
        edit = EntryEdit(
            0,
            running.id,
            running.start,
            None,
            description,
            self.fields.project_id(),
            self.fields.task_id(),
            self.fields.tag_ids(),
            running.billable,
            custom_fields=values,
        )
        self.complete_requested.emit(edit, end)
        self.accept()
