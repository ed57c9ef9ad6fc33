"""The demo's data: work in this week and in last week whatever the day it is seeded on, and
the same entries for the same day whenever it is seeded."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from tests.fakes import PINNED
from tray_app.core.reports.report import range_dates
from tray_app.sandbox.seeds import DEMO_ZONE, seed_demo
from tray_app.sandbox.state import Entry, SandboxState

ZONE = ZoneInfo(DEMO_ZONE)


def seeded(now: datetime | None = None) -> list[Entry]:
    state = SandboxState()
    seed_demo(state, "demo-key", now=now)
    user = next(iter(state.users))
    workspace = state.users[user]["activeWorkspace"]
    return state.entries_of(workspace, user)


def working_days(first: date, last: date) -> set[date]:
    days = (first + timedelta(days=n) for n in range((last - first).days + 1))
    return {day for day in days if day.weekday() < 5}


def check_weeks(entries: list[Entry], now: datetime) -> None:
    days = {e.start.astimezone(ZONE).date() for e in entries}
    today = now.astimezone(ZONE).date()
    last_first, last_end = range_dates("last-week", now, ZONE, "MONDAY")
    this_first, _ = range_dates("this-week", now, ZONE, "MONDAY")
    assert working_days(last_first, last_end) <= days  # every working day of last week
    this_week = {day for day in days if day >= this_first}
    assert working_days(this_first, today - timedelta(days=1)) <= this_week
    assert this_week <= working_days(this_first, today)  # nothing on a weekend
    assert all(e.end is not None and e.end <= now for e in entries)  # only what is done
    if today.weekday() < 5 and now.astimezone(ZONE).hour >= 11:
        assert today in days  # this morning's work


@pytest.mark.dates
def test_the_demo_has_work_in_this_week_and_last_week_on_the_day_it_runs() -> None:
    # The computer's own moment: the date runs move it (scripts/run-tests.sh, libfaketime).
    now = datetime.now(UTC).replace(microsecond=0)
    check_weeks(seeded(), now)


@pytest.mark.parametrize(
    "moment",
    [
        "2026-12-05T12:00:00+00:00",  # a Saturday
        "2026-12-06T12:00:00+00:00",  # a Sunday
        "2026-12-06T23:30:00+00:00",  # Sunday in UTC, Monday already in Berlin
        "2026-12-07T07:00:00+00:00",  # a Monday morning before any work
        "2026-12-03T15:00:00+00:00",  # a Thursday
        "2026-10-25T01:30:00+00:00",  # the night Berlin's clocks go back
        "2026-12-31T23:30:00+00:00",  # New Year in Berlin
    ],
)
def test_the_demo_has_work_in_this_week_and_last_week_whatever_the_day(moment: str) -> None:
    now = datetime.fromisoformat(moment)
    check_weeks(seeded(now), now)


def test_a_day_gets_the_same_entries_whenever_it_is_seeded() -> None:
    def day_of(entries: list[Entry], day: date) -> list[tuple[object, ...]]:
        return [
            (e.start, e.end, e.description, e.project_id, e.task_id, tuple(e.tag_ids))
            for e in entries
            if e.start.astimezone(ZONE).date() == day
        ]

    monday = date(2026, 11, 9)
    early, later = seeded(PINNED), seeded(PINNED + timedelta(days=2))
    assert day_of(early, monday) and day_of(early, monday) == day_of(later, monday)
