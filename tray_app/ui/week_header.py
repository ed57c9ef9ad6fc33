"""What the entries window's header says of the shown week: its days, its total against its
target, and the approval state of the period holding it (with the approver's note when
rejected). The Reports window names its range the same way (``days_span``)."""

from __future__ import annotations

from datetime import date, timedelta

from tray_app.core.state import AppState
from tray_app.core.week.days import Day
from tray_app.core.workday.targets import DayPlan, WeekPlan
from tray_app.i18n import N_, _, month_name

APPROVAL_TEXTS = {
    "PENDING": N_("Submitted, pending approval"),
    "APPROVED": N_("Approved: its entries are locked"),
    "WITHDRAWN_SUBMISSION": N_("Submission withdrawn"),
    "WITHDRAWN_APPROVAL": N_("Approval withdrawn"),
}
NOT_SUBMITTED = N_("Not submitted for approval")


def days_span(first: date, last: date) -> str:
    """ "25 Nov – 1 Dec 2026": the days from ``first`` to ``last``."""
    # Translators: a range of days, e.g. "25 Nov – 1 Dec 2026" (short month names).
    return _("{first_day} {first_month} – {last_day} {last_month} {year}").format(
        first_day=first.day,
        first_month=month_name(first, short=True),
        last_day=last.day,
        last_month=month_name(last, short=True),
        year=last.year,
    )


def totals_text(days: list[Day], plan: WeekPlan | None, state: AppState) -> str:
    """ "Week 31:20 of 40:00 · billable 12:00" (no "of" where no target is known)."""
    total = sum((d.total for d in days), timedelta())
    billable = sum((d.billable for d in days), timedelta())
    target = plan.target if plan is not None else None
    if target is not None:
        # Translators: the shown week's total against its target, e.g. "Week 31:20 of 40:00".
        text = _("Week {total} of {target}").format(
            total=state.hours(total), target=state.hours(target)
        )
    else:
        # Translators: the shown week's total, e.g. "Week 31:20".
        text = _("Week {total}").format(total=state.hours(total))
    if billable:
        text += " · " + billable_text(state.hours(billable))
    return text


def billable_text(hours: str) -> str:
    """ "billable 12:00": the billable part of a total."""
    # Translators: the billable part of a total, after the total, e.g. "billable 12:00".
    return _("billable {hours}").format(hours=hours)


def approval_text(plan: WeekPlan | None) -> str:
    """The shown period's approval state, as a person reads it ('' until it is read)."""
    if plan is None:
        return ""
    if not plan.approvals_read:
        why = plan.approvals_refused
        return why and _("Timesheet approval is not available here: {reason}").format(reason=why)
    approval = plan.approval
    if approval is None:
        return _(NOT_SUBMITTED)
    if approval.state == "REJECTED":
        by, note = approval.updated_by, approval.note
        if by and note:
            # Translators: the shown period's approval state; {note} is the approver's note.
            return _("Rejected by {name}: “{note}”").format(name=by, note=note)
        if by:
            return _("Rejected by {name}").format(name=by)
        if note:
            return _("Rejected: “{note}”").format(note=note)
        # Translators: the shown period's approval state (its timesheet was rejected).
        return _("Rejected")
    if approval.state in APPROVAL_TEXTS:
        return _(APPROVAL_TEXTS[approval.state])
    return approval.shown_state.capitalize()  # a state this version does not know: Clockify's


def plan_note(plan: DayPlan | None) -> str:
    """What a day is besides a working day: "Founders' Day", "Vacation (half day)"."""
    if plan is None:
        return ""
    return " · ".join(part for part in (plan.holiday, plan.time_off) if part)
