"""What the entries window's header says of the shown week: its total against its target,
and the approval state of the period holding it (with the approver's note when rejected)."""

from __future__ import annotations

from datetime import timedelta

from tray_app.core.state import AppState
from tray_app.core.week.days import Day
from tray_app.core.workday.targets import DayPlan, WeekPlan

APPROVAL_TEXTS = {
    "PENDING": "Submitted, pending approval",
    "APPROVED": "Approved: its entries are locked",
    "WITHDRAWN_SUBMISSION": "Submission withdrawn",
    "WITHDRAWN_APPROVAL": "Approval withdrawn",
}
NOT_SUBMITTED = "Not submitted for approval"


def totals_text(days: list[Day], plan: WeekPlan | None, state: AppState) -> str:
    """ "Week 31:20 of 40:00 · billable 12:00" (no "of" where no target is known)."""
    total = sum((d.total for d in days), timedelta())
    billable = sum((d.billable for d in days), timedelta())
    target = plan.target if plan is not None else None
    text = f"Week {state.hours(total)}"
    if target is not None:
        text += f" of {state.hours(target)}"
    if billable:
        text += f" · billable {state.hours(billable)}"
    return text


def approval_text(plan: WeekPlan | None) -> str:
    """The shown period's approval state, as a person reads it ('' until it is read)."""
    if plan is None:
        return ""
    if not plan.approvals_read:
        why = plan.approvals_refused
        return why and f"Timesheet approval is not available here: {why}"
    approval = plan.approval
    if approval is None:
        return NOT_SUBMITTED
    if approval.state == "REJECTED":
        by = f" by {approval.updated_by}" if approval.updated_by else ""
        note = f": “{approval.note}”" if approval.note else ""
        return f"Rejected{by}{note}"
    return APPROVAL_TEXTS.get(approval.state, approval.shown_state.capitalize())


def plan_note(plan: DayPlan | None) -> str:
    """What a day is besides a working day: "Founders' Day", "Vacation (half day)"."""
    if plan is None:
        return ""
    return " · ".join(part for part in (plan.holiday, plan.time_off) if part)
