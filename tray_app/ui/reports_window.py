"""The Reports window: a range's totals grouped as the person likes, and the range exported.

The totals are Clockify's own (its reports host) when it answers, else counted on this computer
and the window says so. Export writes the CSV counted here, or Clockify's CSV, XLSX or PDF.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtGui import QAction, QIcon, QKeyEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from tray_app.core.export import Layout
from tray_app.core.reports.report import (
    GROUPS,
    LOCAL_CSV,
    RANGES,
    ExportRequest,
    Report,
    ReportRequest,
    range_dates,
)
from tray_app.core.state import AppState
from tray_app.i18n import N_, _, weekday_name
from tray_app.ui.week_header import billable_text, days_span
from tray_app.ui.widgets import OK_STYLE, WARNING_STYLE, message_label, name_window, show_message

EXPORTS = (
    (LOCAL_CSV, N_("CSV, counted on this computer…"), "csv"),
    ("CSV", N_("Clockify's CSV (detailed report)…"), "csv"),
    ("XLSX", N_("Clockify's Excel file (detailed report)…"), "xlsx"),
    ("PDF", N_("Clockify's PDF (detailed report)…"), "pdf"),
)
# The grouping menu's choices, by the groups' keys (``GROUPS``).
GROUP_CHOICES = {
    "PROJECT": N_("By project"),
    "CLIENT": N_("By client"),
    "TAG": N_("By tag"),
    "DATE": N_("By day"),
}


def money(cents: int, currency: str = "") -> str:
    """``123456`` cents → ``1,234.56 USD`` (the workspace's currency, where Clockify names it)."""
    return f"{cents / 100:,.2f} {currency}".rstrip()


class ReportsWindow(QWidget):
    """Asks for reports by signal and shows what comes back.

    Signals:
        report_requested(ReportRequest): count this range.
        export_requested(ExportRequest): write this range to a file.
    """

    report_requested = Signal(object)
    export_requested = Signal(object)

    def __init__(
        self,
        icon: QIcon | None = None,
        parent: QWidget | None = None,
        *,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
        open_file: Callable[[str], None] = lambda path: None,
        ask_path: Callable[[QWidget, str, str], str] | None = None,
    ) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        # Translators: the Reports window's title.
        name_window(self, _("Reports"), icon)
        self.resize(560, 520)
        self._clock = clock
        self._open_file = open_file
        self._ask_path = ask_path or _ask_save_path
        self._state = AppState()
        self.report: Report | None = None
        self._exports_waiting = 0  # exports asked for and not answered yet

        self.range_box = QComboBox(self)
        for key, label in RANGES.items():
            self.range_box.addItem(_(label), key)
        # Translators: the range of days a report counts (this week, last month…).
        range_label = QLabel(_("&Range:"), self)
        range_label.setBuddy(self.range_box)
        self.from_edit = QDateEdit(self)
        self.to_edit = QDateEdit(self)
        for edit in (self.from_edit, self.to_edit):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("d MMM yyyy")
            edit.hide()
        # Translators: the first and last day of a custom report range.
        self.from_edit.setAccessibleName(_("First day"))
        self.to_edit.setAccessibleName(_("Last day"))
        self.group_box = QComboBox(self)
        for key in GROUPS:
            self.group_box.addItem(_(GROUP_CHOICES[key]), key)
        # Translators: how the report's rows are grouped (by project, by client…).
        group_label = QLabel(_("&Group:"), self)
        group_label.setBuddy(self.group_box)
        self.totals_label = QLabel(self)
        self.note_label = message_label(self)
        self.tree = QTreeWidget(self)
        # Translators: the report's columns: the time, its share of the total, the money.
        self.tree.setHeaderLabels(["", _("Duration"), _("Share"), _("Amount")])
        self.tree.setRootIsDecorated(False)
        self.tree.setAccessibleName(_("Report totals"))
        self.tree.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        # Translators: the button whose menu exports the report to a file.
        self.export_button = QPushButton(_("&Export"), self)
        self.export_menu = QMenu(self.export_button)
        for kind, label, _ext in EXPORTS:
            action = self.export_menu.addAction(_(label))
            action.setData(kind)
        self.export_menu.triggered.connect(self.on_export_menu_triggered)
        self.export_button.setMenu(self.export_menu)
        self.open_box = QCheckBox(_("&Open the file when saved"), self)
        self.saved_label = message_label(self)

        choices = QHBoxLayout()
        for widget in (range_label, self.range_box, self.from_edit, self.to_edit):
            choices.addWidget(widget)
        choices.addSpacing(12)
        choices.addWidget(group_label)
        choices.addWidget(self.group_box)
        choices.addStretch(1)
        bottom = QHBoxLayout()
        bottom.addWidget(self.export_button)
        bottom.addWidget(self.open_box)
        bottom.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(choices)
        layout.addWidget(self.totals_label)
        layout.addWidget(self.note_label)
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.saved_label)
        layout.addLayout(bottom)

        self.range_box.currentIndexChanged.connect(self.on_choice_changed)
        self.group_box.currentIndexChanged.connect(self.on_choice_changed)
        self.from_edit.dateChanged.connect(self.on_choice_changed)
        self.to_edit.dateChanged.connect(self.on_choice_changed)

    def open_with(self, state: AppState) -> None:
        self._state = state
        self.show()
        self.raise_()
        self.activateWindow()
        self.range_box.setFocus()
        self.on_choice_changed()

    def update_state(self, state: AppState) -> None:
        self._state = state

    def request(self) -> ReportRequest:
        """The range and grouping chosen now."""
        kind = str(self.range_box.currentData())
        group = str(self.group_box.currentData())
        custom = kind == "custom"
        self.from_edit.setVisible(custom)
        self.to_edit.setVisible(custom)
        if custom:
            start, end = _day(self.from_edit.date()), _day(self.to_edit.date())
            return ReportRequest(min(start, end), max(start, end), group)
        user = self._state.user
        start, end = range_dates(
            kind, self._clock(), self._state.zone, user.week_start if user else None
        )
        for edit, day in ((self.from_edit, start), (self.to_edit, end)):
            edit.blockSignals(True)
            edit.setDate(QDate(day.year, day.month, day.day))
            edit.blockSignals(False)
        return ReportRequest(start, end, group)

    def on_choice_changed(self, *_args: object) -> None:
        show_message(self.note_label, _("Counting…"), "")
        self.report_requested.emit(self.request())

    def on_report_ready(self, report: Report) -> None:
        if report.request != self.request():
            return  # an answer for an earlier choice
        self.report = report
        self.tree.clear()
        group = GROUPS.get(report.request.group)
        self.tree.headerItem().setText(0, _(group) if group else "")
        layout = Layout.of(self._state.user, self._state.zone)
        currency = self._state.workspace.currency if self._state.workspace else ""

        def hours(seconds: int) -> str:
            return self._state.hours(timedelta(seconds=seconds))

        for line in report.lines:
            share = f"{100 * line.seconds / report.total:.0f} %" if report.total else ""
            amount = money(line.amount, currency) if line.amount else ""
            name = line.name
            if report.request.group == "DATE":  # the profile's date format, with the weekday
                with contextlib.suppress(ValueError):
                    day = datetime.fromisoformat(line.name)
                    name = f"{weekday_name(day, short=True)} {layout.date(day)}"
            item = QTreeWidgetItem([name, hours(line.seconds), share, amount])
            for column in (1, 2, 3):
                item.setTextAlignment(column, Qt.AlignmentFlag.AlignRight)
            self.tree.addTopLevelItem(item)
        if not report.lines:
            empty = QTreeWidgetItem([_("No entries in this range.")])
            empty.setFlags(Qt.ItemFlag.NoItemFlags)
            self.tree.addTopLevelItem(empty)
            empty.setFirstColumnSpanned(True)
        # Translators: a report's total time, e.g. "Total 31:20".
        totals = [_("Total {hours}").format(hours=hours(report.total))]
        totals.append(billable_text(hours(report.billable)))
        if report.amount:
            # Translators: a report's billable amount, e.g. "amount 1,234.56 USD".
            totals.append(_("amount {money}").format(money=money(report.amount, currency)))
        days = days_span(report.request.start, report.request.end)
        # Translators: a report's range and its totals, e.g. "1 Jan – 7 Jan 2020: Total 6:00 · …".
        text = _("{days}: {totals}").format(days=days, totals=" · ".join(totals))
        self.totals_label.setText(text)
        show_message(self.note_label, report.note, WARNING_STYLE)

    def on_export_menu_triggered(self, action: QAction) -> None:
        kind = str(action.data())
        extension = next(ext for k, _label, ext in EXPORTS if k == kind)
        request = self.request()
        name = f"Clockify_{request.start:%Y-%m-%d}_{request.end:%Y-%m-%d}.{extension}"
        path = self._ask_path(self, str(Path.home() / name), extension)
        if path:
            self.export(kind, path)

    def export(self, kind: str, path: str) -> None:
        show_message(self.saved_label, _("Saving…"), "")
        self._exports_waiting += 1
        self.export_requested.emit(ExportRequest(self.request(), kind, path))

    def on_exported(self, path: str) -> None:
        self._exports_waiting = max(0, self._exports_waiting - 1)
        show_message(self.saved_label, _("Saved to {path}.").format(path=path), OK_STYLE)
        if self.open_box.isChecked():
            self._open_file(path)

    def on_failed(self, message: str) -> None:
        """A failure the worker reports: shown here when an export waits for its answer (the
        worker answers each request in turn; the message's words are not compared, as they
        may be in any language)."""
        if self._exports_waiting:
            self._exports_waiting -= 1
            show_message(self.saved_label, message, WARNING_STYLE)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.close()
        else:
            super().keyPressEvent(event)


def _day(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


def _ask_save_path(parent: QWidget, suggested: str, extension: str) -> str:
    # Translators: the file dialog's filter, e.g. "CSV files (*.csv)".
    files = _("{kind} files").format(kind=extension.upper())
    path, _filter = QFileDialog.getSaveFileName(
        parent, _("Export the report"), suggested, f"{files} (*.{extension})"
    )
    return path
