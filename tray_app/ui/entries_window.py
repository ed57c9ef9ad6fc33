"""The entries window: one week, newest day first, to fix, continue, duplicate and delete.

Keyboard-first: arrows move, Enter edits, Delete deletes, Ctrl+Z takes back the last delete or
edit while the undo bar shows, Ctrl+D duplicates, Ctrl+Shift+Enter continues, Alt+I pins,
Alt+Left/Right change the week, Alt+Home goes to this week, Esc closes. A delete is sent only
once its undo window has closed (or the window has): what waits and what Ctrl+Z takes back is
decided by tray_app.core.undo; this window keeps the timer and shows the undo bar.
"""

from __future__ import annotations

import dataclasses
import itertools
import math
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta

from PySide6.QtCore import QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QIcon, QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from tray_app.clockify.models import TimeEntry
from tray_app.core.state import AppState, EntryEdit, EntryRequest, StartRequest
from tray_app.core.undo import UndoQueue
from tray_app.core.week.days import WeekView
from tray_app.i18n import _
from tray_app.ui.approval_bar import ApprovalBar
from tray_app.ui.entry_actions import EntryActions
from tray_app.ui.entry_list import NO_DESCRIPTION, EntryDelegate, EntryListModel, EntryListView
from tray_app.ui.refused import RefusedPanel
from tray_app.ui.week_chart import WeekChart
from tray_app.ui.week_header import days_span, totals_text
from tray_app.ui.widgets import WARNING_STYLE, message_label, name_window, set_shown, show_message

_duplicate_ids = itertools.count(1_000_000)  # apart from the manual entry form's ids


class EntriesWindow(QWidget):
    """Shows the week the worker sends (``on_week_changed``); asks for edits by signals.

    Signals:
        week_requested(object): show the week starting on this date (None: this week).
        approval.submit_requested(object): submit the period holding the week starting then.
        closed(): the window closed; the worker lets the week go.
        edit_requested(TimeEntry): open this entry in the edit form.
        delete_requested(TimeEntry): delete it (its undo window has closed).
        continue_requested(StartRequest): start a timer like this entry.
        pin_requested(StartRequest): pin a timer like it.
        duplicate_requested(EntryRequest): record a copy of this entry.
        change_requested(EntryEdit): change an entry back (Ctrl+Z after an edit).
        fix_requested(RefusedWrite), send_again_requested(int), discard_requested(int): for the
            writes Clockify refused, listed at the top.
    """

    week_requested = Signal(object)
    closed = Signal()
    edit_requested = Signal(object)
    delete_requested = Signal(object)
    continue_requested = Signal(object)
    pin_requested = Signal(object)
    duplicate_requested = Signal(object)
    change_requested = Signal(object)
    fix_requested = Signal(object)
    send_again_requested = Signal(int)
    discard_requested = Signal(int)

    def __init__(
        self,
        icon: QIcon | None = None,
        parent: QWidget | None = None,
        *,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        # Translators: the title of the window that lists a week's time entries.
        name_window(self, _("Entries"), icon)
        self.resize(620, 640)
        self._clock = clock
        self._state = AppState()
        self._view: WeekView | None = None
        self._shown_minute: datetime | None = None
        self.undo_queue = UndoQueue()  # deletes not sent yet, edits (as they were)

        # Made when Clockify first refuses something: most weeks never need it.
        self.refused_box: QGroupBox | None = None
        self.refused_panel: RefusedPanel | None = None

        # Translators: shows the week before the shown one.
        self.previous_button = QPushButton(_("◀ &Previous"), self)
        self.this_week_button = QPushButton(_("&This week"), self)
        # Translators: shows the week after the shown one.
        self.next_button = QPushButton(_("&Next ▶"), self)
        self.week_label = QLabel(self)
        self.total_label = QLabel(self)
        self.total_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.note_label = message_label(self)
        self.approval = ApprovalBar(self)  # the shown period's approval state
        self.chart = WeekChart(self)
        self.model = EntryListModel(self)
        self.list = EntryListView(self)
        self.list.setAccessibleName(_("Entries of the week"))
        self.list.setModel(self.model)
        self.list.setItemDelegate(EntryDelegate(self.model, self.list))
        self.list.setUniformItemSizes(True)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.empty_label = QLabel(_("No entries this week."), self)
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.hide()  # (each show or hide re-lays the window: only when needed)
        self.entry_actions = EntryActions(self.list, self)  # on the chosen entry
        self.undo_label = QLabel(self)
        self.undo_button = QPushButton(_("&Undo"), self)
        self.undo_timer = QTimer(self)  # rings when the undo window closes
        self.undo_timer.setSingleShot(True)
        self.ticker = QTimer(self)  # the running entry counts on while the window shows
        self.ticker.setInterval(1000)

        navigation = QHBoxLayout()
        for widget in (self.previous_button, self.this_week_button, self.next_button):
            navigation.addWidget(widget)
        navigation.addWidget(self.week_label, 1)
        navigation.addWidget(self.total_label)
        actions = QHBoxLayout()
        for button in self.entry_actions.buttons:
            actions.addWidget(button)
        actions.addStretch(1)
        actions.addWidget(self.undo_label)
        actions.addWidget(self.undo_button)
        layout = QVBoxLayout(self)
        layout.addLayout(navigation)
        layout.addWidget(self.approval)
        layout.addWidget(self.chart)
        layout.addWidget(self.note_label)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.empty_label, 1)
        layout.addLayout(actions)

        self.previous_button.clicked.connect(lambda: self.show_week(-1))
        self.next_button.clicked.connect(lambda: self.show_week(1))
        self.this_week_button.clicked.connect(lambda: self.week_requested.emit(None))
        self.entry_actions.edit.triggered.connect(self.on_edit_button_clicked)
        self.entry_actions.continue_.triggered.connect(self.on_continue_button_clicked)
        self.entry_actions.duplicate.triggered.connect(self.on_duplicate_button_clicked)
        self.entry_actions.pin.triggered.connect(self.on_pin_button_clicked)
        self.entry_actions.delete.triggered.connect(self.on_delete_button_clicked)
        self.undo_button.clicked.connect(self.undo)
        self.undo_timer.timeout.connect(self.on_undo_timer_timeout)
        self.ticker.timeout.connect(self.on_ticker_timeout)
        self.list.activated.connect(self.on_edit_button_clicked)
        self.list.selectionModel().currentChanged.connect(self._update_buttons)
        for keys, slot in (
            (QKeySequence.StandardKey.Undo, self.undo),
            ("Alt+Left", lambda: self.show_week(-1)),
            ("Alt+Right", lambda: self.show_week(1)),
            ("Alt+Home", lambda: self.week_requested.emit(None)),
        ):
            QShortcut(QKeySequence(keys), self, slot)
        self._show_undo()

    # --- what the worker sends -------------------------------------------------------------

    @property
    def view(self) -> WeekView | None:  # the week shown, None until the first one comes
        return self._view

    def open_with(self, state: AppState) -> None:
        """Show the window on this week (the copy kept here first, then Clockify's)."""
        if not self.isVisible():
            self._view = None
            self.update_state(state)
            self.week_requested.emit(None)
        self.show()
        self.raise_()
        self.activateWindow()
        self.list.setFocus()

    def update_state(self, state: AppState) -> None:
        """New projects, tags, zone or refused writes: shown without losing the selection."""
        shown = self._state
        self._state = state
        if state.refused and self.refused_panel is None:
            self._make_refused_panel()
        if self.refused_box is not None and self.refused_panel is not None:
            if shown.refused != state.refused or not self.refused_panel.list.count():
                self.refused_panel.update_state(state)
            set_shown(self.refused_box, bool(state.refused))
        # Names and zone come from the state; the entries come with the week.
        if (shown.projects, shown.tags, shown.user) != (state.projects, state.tags, state.user):
            self._refill()
        elif shown.pinned != state.pinned:
            self._update_buttons()

    def _make_refused_panel(self) -> None:
        box = QGroupBox(_("Not saved to Clockify"), self)
        panel = RefusedPanel(box)
        panel.list.setMaximumHeight(84)  # the week keeps most of the window
        QVBoxLayout(box).addWidget(panel)
        layout = self.layout()
        assert isinstance(layout, QVBoxLayout)
        layout.insertWidget(0, box)
        panel.fix_requested.connect(self.fix_requested)
        panel.send_again_requested.connect(self.send_again_requested)
        panel.discard_requested.connect(self.discard_requested)
        self.refused_box, self.refused_panel = box, panel

    def on_week_changed(self, view: WeekView) -> None:
        shown = self._view
        self._view = view
        self.model.view = view
        # The worker confirming what the window already shows (an edit shown at once) costs
        # no new layout: 500 rows are compared faster than they are laid out again. (The plan
        # names holidays in the days' titles and draws the chart's targets.)
        if shown is None or (shown.week, shown.entries, shown.task_names, shown.plan) != (
            view.week,
            view.entries,
            view.task_names,
            view.plan,
        ):
            self._refill()
        show_message(self.note_label, view.note, WARNING_STYLE)
        self.approval.show_plan(view.week.first, view.plan)
        self.next_button.setEnabled(not view.this_week)
        self.this_week_button.setEnabled(not view.this_week)
        self.week_label.setText(days_span(view.week.first, view.week.first + timedelta(days=6)))

    def _refill(self) -> None:
        chosen = self.selected()
        self.model.hidden = self.undo_queue.deleted_ids
        self.model.show(self._view, self._state, self._clock())
        self._update_totals()
        row = self.model.row_of(chosen.id) if chosen is not None else -1
        if row < 0:
            row = next((r for r in range(self.model.rowCount()) if self._entry_at(r)), -1)
        if row >= 0:
            self.list.setCurrentIndex(self.model.index(row))
        running = any(e.running for e in (self._view.entries if self._view else ()))
        if running and self.isVisible():
            self.ticker.start()
        elif not running:
            self.ticker.stop()
        # "No entries" only once Clockify (or the kept copy, offline) said so, not while reading
        # (the reading note as the core words it: in the chosen language, or in English).
        view = self._view
        reading = view is not None and view.reading
        empty = view is not None and not self.model.rowCount() and not reading
        if not empty and self.list.isHidden():
            set_shown(self.list, True)
            self.list.setFocus()  # hiding it moved the focus on; the list is where keys go
        set_shown(self.list, not empty)
        set_shown(self.empty_label, empty)
        self._update_buttons()

    def _update_totals(self) -> None:
        days, plan = self.model.days, self._view.plan if self._view else None
        self.total_label.setText(totals_text(days, plan, self._state))
        targets = {p.day: p.target for p in plan.plans} if plan else {}
        self.chart.show_week(days, self._state, self._clock(), targets)

    def on_ticker_timeout(self) -> None:
        now = self._clock()
        self.model.tick(now)
        minute = now.replace(second=0, microsecond=0)
        if minute != self._shown_minute:  # the totals and the chart show minutes
            self._shown_minute = minute
            self._update_totals()

    # --- the person's actions --------------------------------------------------------------

    def show_week(self, weeks: int) -> None:
        if self._view is not None and not (weeks > 0 and self._view.this_week):
            self.week_requested.emit(self._view.week.shifted(weeks).first)

    def selected(self) -> TimeEntry | None:
        return self._entry_at(self.list.currentIndex().row())

    def _entry_at(self, row: int) -> TimeEntry | None:
        item = self.model.item(row)
        return item if isinstance(item, TimeEntry) else None

    def _update_buttons(self, *_args: object) -> None:
        self.entry_actions.update(self.selected(), self._state)

    def on_edit_button_clicked(self, _index: QModelIndex | None = None) -> None:
        entry = self.selected()
        if entry is not None and self.entry_actions.edit.isEnabled():  # (not when locked)
            self.edit_requested.emit(entry)

    def on_continue_button_clicked(self) -> None:
        entry = self.selected()
        if entry is not None:
            self.continue_requested.emit(StartRequest.like(entry))

    def on_pin_button_clicked(self) -> None:
        entry = self.selected()
        if entry is not None:
            self.pin_requested.emit(StartRequest.like(entry))

    def on_duplicate_button_clicked(self) -> None:
        entry = self.selected()
        if entry is None or entry.end is None:
            return
        self.duplicate_requested.emit(
            EntryRequest.spanning(entry, entry.start, entry.end, next(_duplicate_ids))
        )

    def on_delete_button_clicked(self) -> None:
        entry = self.selected()
        if entry is None or not self.entry_actions.delete.isEnabled():  # (not when locked)
            return
        row = self.list.currentIndex().row()
        self.undo_queue.delete(entry, self._clock())
        self._refill()
        # The next entry down (or the one before) takes the selection, as in a mail client.
        rows = self.model.rowCount()
        after = next((r for r in range(row, rows) if self._entry_at(r)), None)
        if after is None:
            after = next((r for r in range(min(row, rows) - 1, -1, -1) if self._entry_at(r)), -1)
        if after >= 0:
            self.list.setCurrentIndex(self.model.index(after))
        self._show_undo()

    def undo(self) -> None:
        """Take back the last delete or edit while the undo bar shows: a delete was not sent
        yet; an edit is changed back (through the outbox, as any edit)."""
        undone = self.undo_queue.undo()
        if undone is None:
            return
        if undone.restoring is not None:
            self.change_requested.emit(undone.restoring)
            self._show_edit(undone.entry)
        else:
            self._refill()
        row = self.model.row_of(undone.entry.id)
        if row >= 0:
            self.list.setCurrentIndex(self.model.index(row))
        self._show_undo()

    def show_edit(self, edit: EntryEdit) -> None:
        """Show an edit the person just saved at once (the worker's week confirms it), and
        keep the entry as it was, for Ctrl+Z."""
        old = (
            next((e for e in self._view.entries if e.id == edit.entry_id), None)
            if self._view
            else None
        )
        if old is None:
            return
        self.undo_queue.edited(old, self._clock())
        self._show_edit(edit.applied_to(old))
        self._show_undo()

    def _show_edit(self, entry: TimeEntry) -> None:
        assert self._view is not None
        others = [e for e in self._view.entries if e.id != entry.id]
        entries = sorted([entry, *others], key=lambda e: e.start, reverse=True)
        self._view = dataclasses.replace(self._view, entries=tuple(entries))
        self.model.view = self._view
        if self.model.replace(entry):  # in place: only its row and its day repaint
            self._update_totals()
            self._update_buttons()
        else:
            self._refill()

    def on_undo_timer_timeout(self) -> None:
        """The undo window closed: the deletes go to the outbox, oldest first (a timer that
        rang early is set again for the rest)."""
        self._send_deletes(self.undo_queue.take_due(self._clock()))

    def _send_deletes(self, deleted: list[TimeEntry]) -> None:
        for entry in deleted:
            self.delete_requested.emit(entry)
        self._show_undo()

    def _show_undo(self) -> None:
        """The undo bar says what Ctrl+Z takes back; its timer rings when the window closes."""
        left = self.undo_queue.time_left(self._clock())
        if left is None:
            self.undo_timer.stop()  # nothing is left to send or to take back
        else:
            self.undo_timer.start(math.ceil(left / timedelta(milliseconds=1)))
        self.undo_label.setText(self.undo_queue.message(_(NO_DESCRIPTION)))
        set_shown(self.undo_label, left is not None)
        set_shown(self.undo_button, left is not None)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if key == Qt.Key.Key_Escape:
            self.close()
        elif key == Qt.Key.Key_Delete:
            self.on_delete_button_clicked()
        else:
            super().keyPressEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:
        # Closing ends the undo window: nothing is left half done.
        self._send_deletes(self.undo_queue.take_all())
        self.ticker.stop()
        self._view = None
        self.model.show(None, self._state, self._clock())
        self.closed.emit()
        super().closeEvent(event)

    def first_day(self) -> date | None:
        return self._view.week.first if self._view else None
