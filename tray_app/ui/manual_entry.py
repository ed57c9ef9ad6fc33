"""The manual entry form: past work by date, start and end (or a duration), in the user's zone."""

from __future__ import annotations

import dataclasses
import itertools
from collections.abc import Callable
from datetime import UTC, date, datetime, time, tzinfo
from typing import Any

from PySide6.QtCore import QDate, QTime, Signal
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import (
    QButtonGroup,
    QDateEdit,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from tray_app.clockify.models import TimeEntry
from tray_app.core.rules import (
    DURATION_HINT,
    Span,
    description_problem,
    entry_span,
    local_moment,
    required_message,
)
from tray_app.core.state import AppState, EntryEdit, EntryRequest, RefusedWrite
from tray_app.i18n import _, pgettext
from tray_app.ui.entry_fields import EntryDialog
from tray_app.ui.manual_entry_text import refused_message, running_summary, span_summary
from tray_app.ui.widgets import ERROR_STYLE, WARNING_STYLE, message_label, name_window, ok_cancel

_request_ids = itertools.count(1)


class ManualEntryDialog(EntryDialog):
    """Records a finished entry (stays filled until the server confirms it), or edits one.

    Editing (``open_to_edit``), the same fields change an entry, the running one too (then only
    its start, not its end); times left as they were keep their seconds. The change is shown
    at once and goes through the outbox, so the form closes on Save.

    Signals:
        entry_requested(EntryRequest): save this entry.
        edit_requested(EntryEdit): change an entry.
        (and those of EntryDialog)
    """

    entry_requested = Signal(object)
    edit_requested = Signal(object)

    def __init__(
        self,
        icon: QIcon | None = None,
        parent: QWidget | None = None,
        *,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        super().__init__(_("Add a time entry"), icon, 460, parent)
        self._clock = clock
        self._pending_id = 0
        self._fixes: int | None = None  # the refused write this form replaces, if any
        self._editing: TimeEntry | None = None  # the entry this form changes, if any
        self._shown_times: tuple[QDate, QTime, QTime] | None = None
        self._confirmed_warnings: tuple[str, ...] = ()

        self.date_edit = QDateEdit(self)
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDisplayFormat("ddd d MMM yyyy")
        self.start_edit = QTimeEdit(self)
        self.start_edit.setDisplayFormat("HH:mm")
        self.end_edit = QTimeEdit(self)
        self.end_edit.setDisplayFormat("HH:mm")
        self.duration_edit = QLineEdit(self)
        # Translators: ways to write a duration; keep the numbers as they are.
        self.duration_edit.setPlaceholderText(_("1:30, 90, 1.5 or 1h30"))
        self.duration_edit.setToolTip(_("A duration: {hint}.").format(hint=_(DURATION_HINT)))
        # Named for screen readers: the row's label names only the first of them.
        self.start_edit.setAccessibleName(_("Start time"))
        self.end_edit.setAccessibleName(_("End time"))
        self.duration_edit.setAccessibleName(_("Duration"))
        # Translators: the choice to give the entry's end time (rather than its duration).
        self.end_radio = QRadioButton(_("E&nd"), self)
        self.duration_radio = QRadioButton(_("D&uration"), self)
        self.end_radio.setChecked(True)
        self._mode = QButtonGroup(self)
        self._mode.addButton(self.end_radio)
        self._mode.addButton(self.duration_radio)
        self.zone_label = QLabel(self)
        self.summary_label = QLabel(self)
        self.description_edit = QLineEdit(self)
        self.description_edit.setPlaceholderText(_("What did you work on?"))
        self.message_label = message_label(self)
        self.buttons, self.save_button = ok_cancel(self, _("Save"))
        self.primary_button = self.save_button

        times = QHBoxLayout()
        times.addWidget(self.start_edit)
        times.addWidget(self.end_radio)
        times.addWidget(self.end_edit)
        times.addWidget(self.duration_radio)
        times.addWidget(self.duration_edit)
        form = QFormLayout()
        form.addRow(_("&Date"), self.date_edit)
        # Translators: the label of the entry's start time (and its end or duration).
        form.addRow(pgettext("start time", "Start"), times)
        form.addRow("", self.summary_label)
        form.addRow(_("D&escription"), self.description_edit)
        form.addRow(_("&Project"), self.fields.picker)
        form.addRow(_("&Task"), self.fields.task_box)
        form.addRow(_("T&ags"), self.fields.tag_list)
        form.addRow("", self.fields.billable_box)
        form.addRow(self.fields.custom)
        form.addRow("", self.fields.notes)
        layout = QVBoxLayout(self)
        layout.addWidget(self.zone_label)
        layout.addLayout(form)
        layout.addWidget(self.message_label)
        layout.addWidget(self.buttons)

        self.chain_tab_order(
            self.date_edit,
            self.start_edit,
            self.end_radio,
            self.end_edit,
            self.duration_radio,
            self.duration_edit,
            self.description_edit,
            then=self.buttons,
        )
        self.buttons.accepted.connect(self.on_buttons_accepted)
        self.buttons.rejected.connect(self.reject)
        for signal in (
            self.date_edit.dateChanged,
            self.start_edit.timeChanged,
            self.end_edit.timeChanged,
            self.duration_edit.textChanged,
            self.end_radio.toggled,
        ):
            signal.connect(self.on_times_changed)

    @property
    def zone(self) -> tzinfo:
        return self._state.zone

    def open_with(self, state: AppState) -> None:
        """Show the form: a fresh one, or the one still waiting for the server."""
        self.update_state(state)
        if self._editing is not None and not self._pending_id:
            self._set_mode(None)
            self.hide()
        if not self._pending_id and not self.isVisible():
            now = self._clock().astimezone(self.zone)
            self.date_edit.setDate(QDate(now.year, now.month, now.day))
            self.start_edit.setTime(QTime(max(now.hour - 1, 0), 0))
            self.end_edit.setTime(QTime(now.hour, 0))
            self.duration_edit.clear()
            self.end_radio.setChecked(True)
            self.description_edit.clear()
            self.fields.clear()
            self._fixes = None
            self.say(self.message_label, "", "")
        self.bring_up()
        self.description_edit.setFocus()

    def open_to_fix(self, state: AppState, refused: RefusedWrite) -> None:
        """Show the form filled with an entry Clockify refused; saving replaces that write."""
        if self._pending_id or refused.entry is None:
            self.bring_up()
            return
        if refused.kind == "update_entry":
            self.open_to_edit(state, refused.entry, fixes=refused.op_id, reason=refused.reason)
            return
        self.update_state(state)
        self._set_mode(None)
        self._fill(refused.entry)
        self._fixes = refused.op_id
        self._say_refused(refused.reason)
        self.bring_up()
        self.description_edit.setFocus()

    def open_to_edit(
        self, state: AppState, entry: TimeEntry, *, fixes: int | None = None, reason: str = ""
    ) -> None:
        """Show the form filled with ``entry``; Save changes it (in place of refused write
        ``fixes``, whose ``reason`` is shown)."""
        if self._pending_id:
            self.bring_up()
            return
        self.update_state(state)
        self._set_mode(entry)
        self._fill(entry)
        self._fixes = fixes
        self._shown_times = (self.date_edit.date(), self.start_edit.time(), self.end_edit.time())
        self._say_refused(reason)
        self.on_times_changed()
        self.bring_up()
        self.description_edit.setFocus()

    def _say_refused(self, reason: str) -> None:
        """Clockify's reason for refusing what the form shows (nothing when ``reason`` is '')."""
        self.say(self.message_label, refused_message(reason), WARNING_STYLE)

    def _set_mode(self, editing: TimeEntry | None) -> None:
        """Add a new entry (None), or edit ``editing``: a running one has no end to set."""
        self._editing = editing
        name_window(self, _("Edit the time entry") if editing else _("Add a time entry"), None)
        finished = editing is None or not editing.running
        for widget in (self.end_radio, self.end_edit, self.duration_radio, self.duration_edit):
            widget.setVisible(finished)

    def _fill(self, entry: TimeEntry) -> None:
        start = entry.start.astimezone(self.zone)
        end = (entry.end or self._clock()).astimezone(self.zone)
        self.date_edit.setDate(QDate(start.year, start.month, start.day))
        self.start_edit.setTime(QTime(start.hour, start.minute))
        self.end_edit.setTime(QTime(end.hour, end.minute))
        self.end_radio.setChecked(True)
        self.duration_edit.clear()
        self.description_edit.setText(entry.description)
        project = self._state.projects_by_id.get(entry.project_id or "")
        self.fields.preset(
            project, entry.task_id, entry.tag_ids, entry.billable, entry.custom_fields
        )

    def update_state(self, state: AppState) -> None:
        before = self._state
        changed = (
            before.projects is not state.projects
            or before.tags is not state.tags
            or before.custom_fields is not state.custom_fields
            or before.admin_of != state.admin_of
        )
        self._state = state
        zone = getattr(self.zone, "key", None) or self.zone
        self.zone_label.setText(state.zone_problem or _("Times are in {zone}.").format(zone=zone))
        if changed:
            self.load_fields(state)
        self.fields.show_notes(state)
        self.on_times_changed()

    def span(self) -> Span:
        picked = self.date_edit.date()
        day = date(picked.year(), picked.month(), picked.day())
        start = _clock_time(self.start_edit.time())
        now = self._clock()
        editing = self._editing
        if editing is not None and editing.running:
            moment = self._kept(editing.start, local_moment(day, start, self.zone), 0, 1)
            if moment > now:
                future = _("A running timer cannot start in the future.")
                return Span(moment, None, error=future)
            return Span(moment, None)
        if editing is not None and editing.end is not None and self.end_radio.isChecked():
            span = entry_span(
                day, start, self.zone, now, end_clock=_clock_time(self.end_edit.time())
            )
            if span.start is None or span.end is None:
                return span
            # Times left as they were keep their seconds (the form shows minutes).
            kept_start = self._kept(editing.start, span.start, 0, 1)
            kept_end = self._kept(editing.end, span.end, 0, 2)
            if kept_end <= kept_start:
                return Span(kept_start, None, error=_("The end must be after the start."))
            return dataclasses.replace(span, start=kept_start, end=kept_end)
        if self.duration_radio.isChecked():
            return entry_span(day, start, self.zone, now, duration_text=self.duration_edit.text())
        return entry_span(day, start, self.zone, now, end_clock=_clock_time(self.end_edit.time()))

    def _kept(self, original: datetime, typed: datetime, *fields: int) -> datetime:
        """``original`` if the person left the date and these time fields as shown."""
        shown = self._shown_times
        now = (self.date_edit.date(), self.start_edit.time(), self.end_edit.time())
        pairs: list[tuple[object, object]] = list(zip(shown or (), now, strict=False))
        if shown is not None and all(pairs[i][0] == pairs[i][1] for i in fields):
            return original
        return typed

    def on_times_changed(self) -> None:
        self.end_edit.setEnabled(self.end_radio.isChecked())
        self.duration_edit.setEnabled(self.duration_radio.isChecked())
        self._confirmed_warnings = ()
        self.save_button.setText(_("Save"))
        span = self.span()
        if self._editing is not None and self._editing.running:
            self.summary_label.setText(running_summary(span.start, self.zone))
            return
        if span.start is None or span.end is None:
            # Said while typing, not only at Save: what was not understood, and what would be.
            typing = self.duration_radio.isChecked() and self.duration_edit.text().strip()
            self.summary_label.setText(span.error if typing else "")
            return
        duration = self._state.hours(span.end - span.start)
        self.summary_label.setText(span_summary(span.start, span.end, self.zone, duration))

    def on_buttons_accepted(self) -> None:
        if self._pending_id:
            return
        span = self.span()
        description = self.description_edit.text().strip()
        problem = (
            span.error
            or description_problem(description)
            or required_message(self.fields.missing(description))
        )
        editing = self._editing
        try:
            values = self.fields.custom_values(editing.custom_fields if editing else ())
        except ValueError as err:
            problem = problem or str(err)
        if problem:
            self.say(self.message_label, problem, ERROR_STYLE)
            return
        if span.warnings and span.warnings != self._confirmed_warnings:
            # Ask once, inline: a second Save confirms.
            self._confirmed_warnings = span.warnings
            # Translators: {warnings} is what looks wrong (over 24 hours, in the future…).
            again = _("{warnings} Press Save again to keep it.")
            self.say(
                self.message_label, again.format(warnings=" ".join(span.warnings)), WARNING_STYLE
            )
            self.save_button.setText(_("Save anyway"))
            return
        assert span.start is not None
        # What the form says, for a new entry and for an edit alike.
        chosen: dict[str, Any] = {
            "description": description,
            "project_id": self.fields.project_id(),
            "task_id": self.fields.task_id(),
            "tag_ids": self.fields.tag_ids(),
            "billable": self.fields.billable_box.isChecked(),
            "fixes": self._fixes,
        }
        if editing is not None:
            # A form that shows no custom fields leaves the entry's values as they are.
            shown = values if self.fields.shows_custom_fields else None
            self.edit_requested.emit(
                EntryEdit(
                    next(_request_ids),
                    editing.id,
                    span.start,
                    span.end,
                    **chosen,
                    custom_fields=shown,
                )
            )
            self._fixes = None
            self.accept()
            return
        assert span.end is not None
        self._pending_id = next(_request_ids)
        self._set_editable(False)
        self.say(self.message_label, _("Saving…"), "")
        self.entry_requested.emit(
            EntryRequest(self._pending_id, span.start, span.end, **chosen, custom_fields=values)
        )

    def on_entry_saved(self, request_id: int, entry: object) -> None:
        if request_id != self._pending_id:
            return
        self._pending_id = 0
        self._fixes = None
        self._set_editable(True)
        self.accept()

    def on_entry_failed(self, request_id: int, message: str) -> None:
        if request_id != self._pending_id:
            return
        self._pending_id = 0
        self._set_editable(True)
        self.say(
            self.message_label,
            _("Not saved: {reason} Everything you typed is still here.").format(reason=message),
            ERROR_STYLE,
        )

    def reject(self) -> None:
        if self._pending_id:
            return  # closing now would hide whether the entry was saved
        super().reject()

    def _set_editable(self, editable: bool) -> None:
        for widget in (
            self.date_edit,
            self.start_edit,
            self.description_edit,
            self.fields.picker,
            self.fields.tag_list,
            self.fields.billable_box,
            self.fields.custom,
            self.save_button,
            self.end_radio,
            self.duration_radio,
        ):
            widget.setEnabled(editable)
        self.end_edit.setEnabled(editable and self.end_radio.isChecked())
        self.duration_edit.setEnabled(editable and self.duration_radio.isChecked())
        self.fields.task_box.setEnabled(editable and self.fields.task_box.count() > 1)


def _clock_time(value: QTime) -> time:
    return time(value.hour(), value.minute())
