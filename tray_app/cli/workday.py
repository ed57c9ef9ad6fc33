"""The `api` actions of the workday: a week against its target (capacity, holidays, time off,
approval), and submitting a period for approval."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from datetime import UTC, date, datetime, time
from typing import Any

Result = dict[str, Any]
PERIODS = ("WEEKLY", "SEMI_MONTHLY", "MONTHLY")
NOT_SUBMITTED = "NOT_SUBMITTED"


def _week_status(client: Any, args: argparse.Namespace) -> Result:
    from tray_app.core.state import user_zone
    from tray_app.core.week.days import days_of, week_of
    from tray_app.core.workday.week_plan import read_week_plan

    user = client.get_user()
    zone = user_zone(user)
    day: date = args.date or datetime.now(UTC).astimezone(zone).date()
    week = week_of(datetime.combine(day, time(12), zone), zone, user.week_start)
    workspace = args.workspace_id
    entries = client.list_all_time_entries(workspace, user.id, since=week.start, until=week.last)
    plan = read_week_plan(client, workspace, user.id, week, zone)
    tracked = {d.day: d.total for d in days_of(week, entries, datetime.now(UTC))}
    plans = {p.day: p for p in plan.plans}
    days = [
        {
            "date": d.isoformat(),
            "tracked_seconds": int(tracked[d].total_seconds()),
            "capacity_seconds": int(plans[d].target.total_seconds()) if d in plans else None,
            "holiday": plans[d].holiday if d in plans else "",
            "time_off": plans[d].time_off if d in plans else "",
        }
        for d in week.days()
    ]
    approval = plan.approval
    return {
        "week_start": week.first.isoformat(),
        "tracked_seconds": sum(d["tracked_seconds"] for d in days),
        "capacity_seconds": sum(d["capacity_seconds"] for d in days) if plans else None,
        "approval": approval.state if approval else NOT_SUBMITTED if plan.approvals_read else None,
        "approval_note": approval.note if approval else "",
        "days": days,
        "notes": list(plan.notes),
    }


def _submit_for_approval(client: Any, args: argparse.Namespace) -> Result:
    from tray_app.clockify.timefmt import format_utc
    from tray_app.core.state import user_zone

    user = client.get_user()
    zone = user_zone(user)
    start = datetime.combine(args.period_start, time(0), zone).astimezone(UTC)
    request = client.submit_for_approval(args.workspace_id, start, args.period)
    return {
        "id": request.id,
        "state": request.state,
        "period_start": format_utc(request.start),
        "period_end": format_utc(request.end),
    }


def add_workday_actions(actions: Any, day_text: Callable[[str], date]) -> None:
    """The parsers of the workday's actions."""
    status = actions.add_parser(
        "week-status",
        help="a week against its target: tracked, capacity, holidays, time off, approval",
    )
    status.add_argument("--workspace-id", required=True)
    status.add_argument(
        "--date", type=day_text, help="a day of the week (default: today, in your Clockify zone)"
    )
    submit = actions.add_parser("submit-for-approval", help="submit a period for approval")
    submit.add_argument("--workspace-id", required=True)
    submit.add_argument("--period-start", required=True, type=day_text, help="e.g. 2026-11-23")
    submit.add_argument(
        "--period", choices=PERIODS, default="WEEKLY", help="the workspace's approval period"
    )


WORKDAY_ACTIONS: dict[str, Callable[[Any, argparse.Namespace], Result]] = {
    "week-status": _week_status,
    "submit-for-approval": _submit_for_approval,
}
