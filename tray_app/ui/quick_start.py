"""The quick-start dialog: description, project, task, tags, billable; Enter starts."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import (
    QCompleter,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from tray_app.clockify.models import Project
from tray_app.core.rules import description_problem, required_message
from tray_app.core.state import AppState, StartRequest
from tray_app.ui.entry_fields import EntryDialog
from tray_app.ui.widgets import ERROR_STYLE, WARNING_STYLE, message_label, ok_cancel


class QuickStartDialog(EntryDialog):
    """Keyboard-first: opens with focus in the description; Enter starts; Esc cancels.

    Signals:
        start_requested(StartRequest): start this timer.
        entries_requested(): show the entries window instead.
        (and those of EntryDialog)
    """

    start_requested = Signal(object)
    entries_requested = Signal()

    def __init__(self, icon: QIcon | None = None, parent: QWidget | None = None) -> None:
        super().__init__("Start a timer", icon, 440, parent)
        self.description_edit = QLineEdit(self)
        self.description_edit.setPlaceholderText("What are you working on?")
        self.description_edit.setAccessibleName("Description")
        self._completer = QCompleter([], self)
        self._completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self._completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.description_edit.setCompleter(self._completer)
        self.error_label = message_label(self)
        self.buttons, self.start_button = ok_cancel(self, "Start")
        self.primary_button = self.start_button
        self.entries_button = self.buttons.addButton(
            "&Entries…", QDialogButtonBox.ButtonRole.ResetRole
        )
        self.entries_button.setToolTip("This week's entries, to fix or delete (Alt+E)")
        self.entries_button.setAutoDefault(False)

        form = QFormLayout()
        form.addRow("&Description", self.description_edit)
        form.addRow("&Project", self.fields.picker)
        form.addRow("&Task", self.fields.task_box)
        form.addRow("T&ags", self.fields.tag_list)
        form.addRow("", self.fields.billable_box)
        form.addRow(self.fields.custom)
        form.addRow("", self.fields.notes)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)

        self.chain_tab_order(self.description_edit, then=self.buttons)
        self.buttons.accepted.connect(self.on_buttons_accepted)
        self.entries_button.clicked.connect(self.entries_requested)
        self.buttons.rejected.connect(self.reject)
        self.fields.picker.chosen.connect(self.on_picker_chosen)
        self._completer.activated.connect(self.on_completer_activated)

    def open_with(
        self, state: AppState, request: StartRequest | None = None, why: str = ""
    ) -> None:
        """Show a fresh form for the workspace in ``state``, or one filled with ``request``
        (a start that lacked what the workspace requires: ``why`` says what)."""
        self.update_state(state)
        self.description_edit.clear()
        self.fields.clear()
        self.error_label.hide()
        if request is not None:
            self.description_edit.setText(request.description)
            project = state.projects_by_id.get(request.project_id or "")
            self.fields.preset(
                project, request.task_id, request.tag_ids, request.billable, request.custom_fields
            )
        if why:
            self.say(self.error_label, f"{why} Fill it in, then Start.", WARNING_STYLE)
        self.bring_up()
        self.description_edit.setFocus(Qt.FocusReason.PopupFocusReason)

    def update_state(self, state: AppState) -> None:
        workspace_changed = self._state.workspace != state.workspace
        lists_changed = (
            self._state.projects is not state.projects
            or self._state.tags is not state.tags
            or self._state.custom_fields is not state.custom_fields
            or self._state.admin_of != state.admin_of
            or workspace_changed
        )
        self._state = state
        self._completer.model().setStringList(state.recent_descriptions())  # type: ignore[attr-defined]
        if lists_changed:
            self.load_fields(state)
        self.fields.show_notes(state)

    def on_project_created(self, project: Project, state: AppState) -> None:
        super().on_project_created(project, state)
        self.start_button.setFocus()

    def on_picker_chosen(self, project: Project | None) -> None:
        self.start_button.setFocus()  # Enter again starts

    def on_completer_activated(self, text: str) -> None:
        """A description used before brings its project and task, if none is chosen yet."""
        if self.fields.project_id() is not None:
            return
        previous = next((e for e in self._state.recent if e.description == text), None)
        if previous is not None and previous.project_id:
            project = self._state.projects_by_id.get(previous.project_id)
            self.fields.preset(
                project,
                previous.task_id,
                previous.tag_ids,
                previous.billable,
                previous.custom_fields,
            )

    def on_buttons_accepted(self) -> None:
        description = self.description_edit.text().strip()
        message = description_problem(description) or required_message(
            self.fields.missing(description)
        )
        try:
            values = self.fields.custom_values()
        except ValueError as err:
            message = message or str(err)
        if message:
            self.say(self.error_label, message, ERROR_STYLE)
            return
        self.start_requested.emit(
            StartRequest(
                description=description,
                project_id=self.fields.project_id(),
                task_id=self.fields.task_id(),
                tag_ids=self.fields.tag_ids(),
                billable=self.fields.billable_box.isChecked(),
                custom_fields=values,
            )
        )
        self.accept()
