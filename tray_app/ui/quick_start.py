"""The quick-start dialog: description, project, task, tags, billable; Enter starts; Ctrl+1…9
start the pins."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from functools import partial

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QIcon, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QCompleter,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from tray_app.clockify.models import Project
from tray_app.core.pins import MAX_PINS, pin_problem
from tray_app.core.rules import description_problem, required_message
from tray_app.core.state import AppState, StartRequest
from tray_app.i18n import _, pgettext
from tray_app.ui.entry_fields import EntryDialog
from tray_app.ui.pin_list import PinList, pin_shortcut
from tray_app.ui.widgets import ERROR_STYLE, WARNING_STYLE, message_label, ok_cancel, tip_with_key


class QuickStartDialog(EntryDialog):
    """Keyboard-first: opens with focus in the description; Enter starts; Ctrl+1…9 start a
    pin at once; Esc cancels.

    Args:
        clock: the current time (tests pin it), for where the last entry ended.

    Signals:
        start_requested(StartRequest, bool): start this timer; True: where the last entry
            ended today rather than now (the worker decides, with its newer state).
        pin_requested(StartRequest): pin what the form says.
        entries_requested(): show the entries window instead.
        (and those of EntryDialog; the pin list's unpin and move: ``pins``)
    """

    start_requested = Signal(object, bool)
    pin_requested = Signal(object)
    entries_requested = Signal()

    def __init__(
        self,
        icon: QIcon | None = None,
        parent: QWidget | None = None,
        *,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        super().__init__(_("Start a timer"), icon, 440, parent)
        self._clock = clock
        self.pins = PinList(self)
        self.description_edit = QLineEdit(self)
        self.description_edit.setPlaceholderText(_("What are you working on?"))
        self.description_edit.setAccessibleName(_("Description"))
        self._completer = QCompleter([], self)
        self._completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self._completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.description_edit.setCompleter(self._completer)
        self.error_label = message_label(self)
        # Translators: the button that starts the timer the form describes.
        self.buttons, self.start_button = ok_cancel(self, pgettext("start the timer", "Start"))
        self.primary_button = self.start_button
        self.entries_button = self.buttons.addButton(
            _("&Entries…"), QDialogButtonBox.ButtonRole.ResetRole
        )
        tip_with_key(self.entries_button, _("This week's entries, to fix or delete"))
        self.entries_button.setAutoDefault(False)
        # Translators: the button that pins the timer the form describes.
        self.pin_button = self.buttons.addButton(_("P&in"), QDialogButtonBox.ButtonRole.ActionRole)
        tip_with_key(self.pin_button, _("Pin this timer, to start it with one click"))
        self.pin_button.setAutoDefault(False)
        self.from_last_end_box = QCheckBox(self)
        self.from_last_end_box.hide()

        form = QFormLayout()
        form.addRow(_("&Description"), self.description_edit)
        form.addRow(_("&Project"), self.fields.picker)
        form.addRow(_("&Task"), self.fields.task_box)
        form.addRow(_("T&ags"), self.fields.tag_list)
        form.addRow("", self.fields.billable_box)
        form.addRow(self.fields.custom)
        form.addRow("", self.fields.notes)
        layout = QVBoxLayout(self)
        layout.addWidget(self.pins)
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addWidget(self.from_last_end_box)
        layout.addWidget(self.buttons)

        self.chain_tab_order(self.description_edit, then=self.from_last_end_box)
        QWidget.setTabOrder(self.from_last_end_box, self.buttons)
        self.buttons.accepted.connect(self.on_buttons_accepted)
        self.pin_button.clicked.connect(self.on_pin_button_clicked)
        self.pins.start_requested.connect(self.start)
        for number in range(1, MAX_PINS + 1):
            QShortcut(pin_shortcut(number), self, partial(self.start_pin, number - 1))
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
        self.from_last_end_box.setChecked(False)
        if request is not None:
            self.description_edit.setText(request.description)
            project = state.projects_by_id.get(request.project_id or "")
            self.fields.preset(
                project, request.task_id, request.tag_ids, request.billable, request.custom_fields
            )
        if why:
            # Translators: {why} says what the workspace requires; "Start" is the form's button.
            fill_in = _("{why} Fill it in, then Start.").format(why=why)
            self.say(self.error_label, fill_in, WARNING_STYLE)
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
        self.pins.show_pins(state)
        last_end = state.last_end_today(self._clock())
        if last_end is not None:
            local = last_end.astimezone(state.zone)
            self.from_last_end_box.setText(
                _("Start at the end of the &last entry ({time})").format(time=f"{local:%H:%M}")
            )
        else:
            self.from_last_end_box.setChecked(False)
        self.from_last_end_box.setVisible(last_end is not None)

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
        request = self.form_request()
        if request is not None:
            self.start(request)

    def on_pin_button_clicked(self) -> None:
        request = self.form_request()
        if request is not None and pin_problem(request):
            self.say(self.error_label, pin_problem(request), ERROR_STYLE)
        elif request is not None:
            self.error_label.hide()
            self.pin_requested.emit(request)

    def form_request(self) -> StartRequest | None:
        """The timer the form describes; None (and why, shown) when it cannot start."""
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
            return None
        return StartRequest(
            description=description,
            project_id=self.fields.project_id(),
            task_id=self.fields.task_id(),
            tag_ids=self.fields.tag_ids(),
            billable=self.fields.billable_box.isChecked(),
            custom_fields=values,
        )

    def start_pin(self, index: int) -> None:
        """Ctrl+1…9: start that pin at once (none is there: nothing happens)."""
        if index < len(self._state.pinned):
            self.start(self._state.pinned[index])

    def start(self, request: StartRequest) -> None:
        """Start ``request`` (where the last entry ended, if ticked) and close."""
        box = self.from_last_end_box
        from_last_end = not box.isHidden() and box.isChecked()
        self.start_requested.emit(request, from_last_end)
        self.accept()
