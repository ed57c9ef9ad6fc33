"""What the running app tells ``clockify-tray status``: the timer, today, and whether all is
saved, as plain data (a JSON object), made from the state the app already has: no request.

The keys are English and stable (scripts and status bars parse them); the ``changed`` test
leaves the clock out, so a follower hears of a start, a stop or an edit at once, and counts
the running time itself.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from tray_app.clockify.timefmt import format_utc
from tray_app.core.state import AppState

Status = dict[str, Any]


def status_of(state: AppState, now: datetime) -> Status:
    """The app's status at ``now``.

    Keys: ``signed_in``; ``workspace`` (its name, '' before sign-in); ``running`` (None, or
    the timer's ``description``, ``project``, ``client``, ``start`` in UTC,
    ``elapsed_seconds`` and ``billable``); ``today`` (``tracked_seconds``,
    ``target_seconds`` where the day has one, ``day_off``: a holiday's or time off's name);
    ``offline``; ``waiting`` (changes not sent yet); ``not_saved`` (writes Clockify
    refused); ``at``: when this was true (UTC).
    """
    running = state.running
    timer = None
    if running is not None:
        project = state.projects_by_id.get(running.project_id or "")
        timer = {
            "description": running.description,
            "project": project.name if project else "",
            "client": project.client_name if project else "",
            "start": format_utc(running.start),
            "elapsed_seconds": int(running.duration(now).total_seconds()),
            "billable": running.billable,
        }
    plan = state.workday.plan_for(now.astimezone(state.zone).date())
    today: dict[str, Any] = {
        "tracked_seconds": int(state.today_total(now).total_seconds()),
        "target_seconds": int(plan.target.total_seconds()) if plan and plan.working else None,
        "day_off": (plan.holiday or plan.time_off) if plan else "",
    }
    return {
        "signed_in": state.signed_in,
        "workspace": state.workspace.name if state.workspace else "",
        "running": timer,
        "today": today,
        "offline": state.offline,
        "waiting": state.pending,
        "not_saved": len(state.refused),
        "at": format_utc(now),
    }


def changed(before: Status | None, after: Status) -> bool:
    """Whether a follower should hear ``after``: anything but the clock moved on."""
    if before is None:
        return True
    return without_clock(before) != without_clock(after)


def without_clock(status: Status) -> Status:
    """``status`` without what only the clock changes."""
    kept = {key: value for key, value in status.items() if key != "at"}
    if kept.get("running"):
        kept["running"] = {k: v for k, v in kept["running"].items() if k != "elapsed_seconds"}
    if kept.get("today"):
        # Today's total grows with the running timer; a stop or an edit changes the rest.
        today = dict(kept["today"])
        if kept.get("running"):
            today.pop("tracked_seconds", None)
        kept["today"] = today
    return kept
