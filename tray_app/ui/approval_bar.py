"""The entries window's approval line: the shown period's state, and "Submit for approval"
where the period can be submitted (again, after a rejection or a withdrawal)."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

from tray_app.core.workday.targets import WeekPlan
from tray_app.i18n import _
from tray_app.ui.week_header import approval_text
from tray_app.ui.widgets import set_shown

SUBMITTABLE = ("REJECTED", "WITHDRAWN_SUBMISSION", "WITHDRAWN_APPROVAL")


class ApprovalBar(QWidget):
    """Says where the shown period stands; asks for its submission.

    Signals:
        submit_requested(date): submit the period holding the week that starts on this day.
    """

    submit_requested = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._first: date | None = None
        self.label = QLabel(self)
        self.label.setAccessibleName(_("Timesheet approval"))
        self.label.setWordWrap(True)
        self.submit_button = QPushButton(_("&Submit for approval"), self)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.submit_button)
        self.submit_button.clicked.connect(self.on_submit_button_clicked)
        self.hide()

    def show_plan(self, first: date, plan: WeekPlan | None) -> None:
        """The week starting ``first``, as planned (None: not read yet, or not readable)."""
        self._first = first
        text = approval_text(plan)
        self.label.setText(text)
        state = plan.approval.state if plan is not None and plan.approval else ""
        can_submit = plan is not None and plan.approvals_read and state in ("", *SUBMITTABLE)
        self.submit_button.setText(
            _("Re&submit for approval") if state in SUBMITTABLE else _("&Submit for approval")
        )
        self.submit_button.setEnabled(True)
        set_shown(self.submit_button, can_submit)
        set_shown(self, bool(text))

    def on_submit_button_clicked(self) -> None:
        if self._first is not None:
            self.submit_button.setEnabled(False)  # until the answer shows
            self.submit_requested.emit(self._first)
