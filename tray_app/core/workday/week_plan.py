"""What a week asks of the member, read for the week the entries window (or `api
week-status`) shows: each day's target, holiday and time off, and the approval state of the
period holding it. Parts a workspace or plan does not have (403, 404) are left out, with a
note; what concerns every read (no connection, the key, the rate) still stops the read."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta, tzinfo
from typing import TypeVar

from tray_app.clockify import ClockifyClient
from tray_app.clockify.errors import unless_refused
from tray_app.clockify.workday import ApprovalRequest
from tray_app.core.week.days import Week
from tray_app.core.workday.targets import DayPlan, WeekPlan, day_plans, period_of
from tray_app.i18n import _

ItemT = TypeVar("ItemT")


def approval_of(week: Week, approvals: list[ApprovalRequest]) -> ApprovalRequest | None:
    """The newest of ``approvals`` whose period holds the week's first day."""
    noon = week.start + timedelta(hours=12)
    holding = [a for a in approvals if a.start <= noon <= a.end]
    return max(holding, key=lambda a: a.start, default=None)


def _optional(
    note: str, read: Callable[[], ItemT], notes: list[str], reasons: list[str] | None = None
) -> ItemT | None:
    """``read()``, or None where Clockify refuses it: its reason noted (``note``, a message
    with ``{reason}``, added to ``notes``) and kept in ``reasons``."""
    reasons = [] if reasons is None else reasons
    value = unless_refused(read, reasons)
    notes.extend(note.format(reason=reason) for reason in reasons)
    return value


def read_week_plan(
    client: ClockifyClient,
    workspace: str,
    user_id: str,
    week: Week,
    zone: tzinfo,
    known: WeekPlan | None = None,
) -> WeekPlan:
    """The plan of ``week`` (four requests: profile, holidays, time off, approvals); with
    ``known``, the days as known and the approval read again (one request: what changes
    within a week is its approval).

    Raises:
        NetworkError, RateLimited, AuthError: as every read.
    """
    notes: list[str] = []
    if known is not None:
        # The approvals' note, when they were refused, is the last one (_with_approvals).
        kept = list(known.notes[:-1] if not known.approvals_read else known.notes)
        return _with_approvals(client, workspace, week, known.plans, user_id, kept)
    last = week.last
    profile = _optional(
        _("The member profile (capacity) could not be read ({reason})."),
        lambda: client.get_member_profile(workspace, user_id),
        notes,
    )
    holidays = _optional(
        _("Holidays could not be read ({reason})."),
        lambda: client.list_holidays(workspace, user_id, week.start, last),
        notes,
    )
    time_off = _optional(
        _("Time off could not be read ({reason})."),
        lambda: client.list_time_off(workspace, user_id, week.start, last),
        notes,
    )
    plans = (
        day_plans(week.days(), profile, zone, holidays or (), time_off or ())
        if profile is not None and profile.capacity is not None
        else []
    )
    return _with_approvals(client, workspace, week, tuple(plans), user_id, notes)


def _with_approvals(
    client: ClockifyClient,
    workspace: str,
    week: Week,
    plans: tuple[DayPlan, ...],
    user_id: str,
    notes: list[str],
) -> WeekPlan:
    """``plans`` with the approval read (one request) and ``notes`` on what was not read."""
    refused: list[str] = []
    approvals = _optional(
        _("Approvals could not be read ({reason})."),
        lambda: client.list_approval_requests(workspace),
        notes,
        refused,
    )
    # An admin reads everyone's requests; one naming no owner is taken as the reader's.
    own = [a for a in approvals or () if a.owner_id in ("", user_id)]
    return WeekPlan(
        plans,
        approval_of(week, own) if approvals is not None else None,
        approvals is not None,
        tuple(notes),
        period_of(own),
        refused[0] if refused else "",
    )
