"""The workday in the app: today against its target in the menu and the tooltip, "not tracking"
quiet on days off, and the workday read (and kept) with the account — or its absence said."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from tests.core_parts import Parts
from tray_app.clockify.models import TimeEntry, User, Workspace
from tray_app.core.attention.reminders import Hours, ReminderRules, Reminders
from tray_app.core.state import AppState
from tray_app.core.week.days import WeekView, week_of
from tray_app.core.workday.reader import NO_TARGETS
from tray_app.core.workday.targets import DayPlan, Workday
from tray_app.sandbox import Sandbox
from tray_app.ui.tray_text import today_text, tooltip_text

BERLIN = "Europe/Berlin"
MONDAY = date(2026, 3, 2)
NOON = datetime(2026, 3, 2, 11, tzinfo=UTC)  # 12:00 in Berlin


def state_with(plans: tuple[DayPlan, ...], tracked: timedelta = timedelta(hours=2)) -> AppState:
    user = User("u", "Ann", "ann@example.com", "w", "w", BERLIN, "MONDAY", "HH:mm")
    entry = TimeEntry("e", NOON - tracked, NOON, "Plan")
    return AppState(
        signed_in=True,
        user=user,
        workspace=Workspace("w", "Acme"),
        recent=(entry,),
        workday=Workday(plans),
    )


def test_today_against_its_target_in_the_menu_and_the_tooltip() -> None:
    state = state_with((DayPlan(MONDAY, timedelta(hours=8)),))
    assert today_text(state, NOON) == "today 2:00:00 of 8:00:00"
    assert tooltip_text(state, NOON) == "Not tracking · today 2:00:00 of 8:00:00"


def test_a_holiday_says_so_and_a_day_without_a_plan_has_no_target() -> None:
    holiday = state_with((DayPlan(MONDAY, timedelta(0), holiday="Company day"),))
    assert today_text(holiday, NOON) == "today 2:00:00 · Company day"
    weekend = state_with((DayPlan(MONDAY, timedelta(0)),))
    assert today_text(weekend, NOON) == "today 2:00:00"
    unknown = state_with(())
    assert today_text(unknown, NOON) == "today 2:00:00"


@pytest.mark.parametrize(("day_off", "reminded"), [(False, True), (True, False)])
def test_not_tracking_stays_quiet_on_a_day_off(day_off: bool, reminded: bool) -> None:
    rules = ReminderRules(
        not_tracking=True,
        after=timedelta(minutes=15),
        hours=Hours(frozenset(range(7)), time(9), time(17)),
    )
    reminders = Reminders(rules, NOON - timedelta(hours=1))
    zone = ZoneInfo(BERLIN)
    reminder = reminders.check(NOON, None, zone, present=True, day_off=day_off)
    assert (reminder is not None) is reminded


@pytest.fixture
def parts(sandbox: Sandbox, tmp_path: Path) -> Iterator[Parts]:
    made = Parts(sandbox, tmp_path, key=sandbox.api_key)
    yield made
    made.tracker.close()
    made.store.close()


def test_a_workspace_without_targets_loses_nothing_and_says_why(
    parts: Parts, sandbox: Sandbox
) -> None:
    sandbox.faults.refuse(r"/member-profile/", 403, "Access Denied", 1003)
    parts.tracker.on_startup()
    state = parts.tracker.state
    assert state.signed_in and state.projects  # the rest was read
    assert state.workday == Workday((), NO_TARGETS.format(reason="Access Denied"))
    assert today_text(state, parts.clock.now()).startswith("today ")
    assert " of " not in today_text(state, parts.clock.now())


def test_the_workday_is_kept_for_the_next_start(parts: Parts, sandbox: Sandbox) -> None:
    parts.tracker.on_startup()
    kept = dataclasses.replace(Workday((DayPlan(MONDAY, timedelta(hours=6)),)))
    workspace = parts.tracker.state.workspace
    assert workspace is not None
    parts.store.put(f"workday:{workspace.id}", kept.to_json())
    assert parts.tracker.reads.workday.from_cache(parts.tracker.state).workday == kept
    parts.store.put(f"workday:{workspace.id}", {"plans": [{"day": "nope"}]})
    assert parts.tracker.reads.workday.from_cache(parts.tracker.state).workday == Workday()


def test_an_approval_decided_on_the_web_shows_with_the_hourly_read_while_the_week_is_open(
    parts: Parts, sandbox: Sandbox
) -> None:
    parts.tracker.on_startup()
    tracker, state = parts.tracker, sandbox.state
    tracker.reads.on_show_week(last_monday(parts))
    assert shown_approval(parts) == "PENDING"
    workspace = next(iter(state.workspaces))
    admin = state.add_user("admin-key", "Ada Admin", "ada@example.com")
    state.add_member(workspace, admin, "WORKSPACE_ADMIN")
    pending = next(r for r in state.approvals.values() if r["state"] == "PENDING")
    state.update_approval(workspace, admin, pending["id"], {"state": "APPROVED"})
    parts.clock.advance(400)
    tracker.reads.on_tick()  # a sync within the hour: the entries, not the plan
    assert shown_approval(parts) == "PENDING"
    profiles = profile_reads(sandbox)
    parts.clock.advance(3600)
    tracker.reads.on_tick()  # the hourly workday read: the shown week's approval too
    assert shown_approval(parts) == "APPROVED"
    assert profile_reads(sandbox) == profiles + 1  # this week's workday; the shown week's
    assert last_view(parts).plan.plans  # days are kept as read (one request, not four)
    assert all(e.locked for e in last_view(parts).entries)  # and its entries are locked


def last_monday(parts: Parts) -> date:
    return week_of(parts.clock.now(), ZoneInfo(BERLIN)).first - timedelta(days=7)


def last_view(parts: Parts) -> WeekView:
    return parts.events.of("week_changed")[-1][0]


def shown_approval(parts: Parts) -> str:
    plan = last_view(parts).plan
    assert plan is not None and plan.approval is not None
    return plan.approval.state


def profile_reads(sandbox: Sandbox) -> int:
    return sum("/member-profile/" in r.path for r in sandbox.requests)
