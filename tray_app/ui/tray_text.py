"""What the tray says in words: its tooltip, and the status lines at the top of its menu."""

from __future__ import annotations

from datetime import datetime

from tray_app import APP_TITLE
from tray_app.clockify.models import TimeEntry
from tray_app.clockify.timefmt import format_clock
from tray_app.core.state import AppState, StartRequest
from tray_app.i18n import _, ngettext


def entry_label(state: AppState, entry: TimeEntry | StartRequest) -> str:
    """ "Project · description" (either part may be missing)."""
    parts = [state.project_name(entry.project_id), entry.description]
    return " · ".join(part for part in parts if part) or _("(no description)")


def sync_text(state: AppState) -> str:
    """ "Offline · 2 changes waiting", or empty when everything reached Clockify."""
    count = state.pending
    if state.offline:
        if not count:
            return _("Offline")
        waiting = ngettext("{count} change waiting", "{count} changes waiting", count)
        return " · ".join((_("Offline"), waiting.format(count=count)))
    if not count:
        return ""
    return ngettext(
        "{count} change waiting to be sent", "{count} changes waiting to be sent", count
    ).format(count=count)


def refused_text(state: AppState) -> str:
    """ "1 entry not saved to Clockify…", or '' when Clockify refused nothing."""
    count = len(state.refused)
    if not count:
        return ""
    return ngettext(
        "{count} entry not saved to Clockify…", "{count} entries not saved to Clockify…", count
    ).format(count=count)


def problem_lines(state: AppState) -> list[str]:
    """What went wrong and is not fixed yet, one line each, short enough for a menu."""
    lines = [f"⚠ {state.problem}"] if state.problem else []
    if state.unavailable_text("entries"):
        lines.append(state.unavailable_text("entries"))
    if state.zone_problem:
        lines.append(f"⚠ {state.zone_problem}")
    return [line if len(line) <= 90 else line[:89] + "…" for line in lines]


def today_text(state: AppState, now: datetime) -> str:
    """ "today 6:12 of 8:00" where today has a target, "today 0:30 · Company day" on a
    holiday or time off, else "today 6:12"."""
    done = state.hours(state.today_total(now))
    plan = state.workday.plan_for(now.astimezone(state.zone).date())
    if plan is not None and plan.working:
        # Translators: the time tracked today and the day's target, e.g. "today 6:12 of 8:00".
        return _("today {done} of {target}").format(done=done, target=state.hours(plan.target))
    # Translators: the time tracked today, e.g. "today 6:12".
    text = _("today {done}").format(done=done)
    day_off = plan.holiday or plan.time_off if plan is not None else ""
    return f"{text} · {day_off}" if day_off else text


def tooltip_text(state: AppState, now: datetime) -> str:
    """The tray icon's tooltip: what runs (or today's total), then what waits or was refused."""
    if not state.signed_in:
        return _("{app} · not signed in").format(app=APP_TITLE)
    if state.running is not None:
        elapsed = format_clock(state.running.duration(now))
        # Translators: the tray icon's tooltip while a timer runs, "Tracking 1:23:45 · Project ·
        # description": what a screen reader says of the icon.
        text = _("Tracking {elapsed} · {entry}").format(
            elapsed=elapsed, entry=entry_label(state, state.running)
        )
    else:
        text = _("Not tracking · {today}").format(today=today_text(state, now))
    refused = len(state.refused)
    not_saved = ngettext(
        "{count} entry not saved to Clockify", "{count} entries not saved to Clockify", refused
    )
    extra = [sync_text(state), not_saved.format(count=refused) if refused else ""]
    return "\n".join([text, *(line for line in extra if line)])


def status_text(state: AppState, now: datetime) -> str:
    """The menu's first line: "▶ 0:42 · Acme · Write report — today 6:12 of 8:00"."""
    if not state.signed_in:
        return _("Not signed in")
    today = today_text(state, now)
    if state.running is not None:
        elapsed = format_clock(state.running.duration(now))
        return f"▶ {elapsed} · {entry_label(state, state.running)} — {today}"
    return _("Not tracking — {today}").format(today=today)
