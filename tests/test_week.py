"""Weeks and days in the profile's zone and week start (plain pytest, fixed moments)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from tray_app.clockify.models import TimeEntry
from tray_app.core.week.days import days_of, week_of

pytestmark = pytest.mark.dates  # also run at faked moments

BERLIN = ZoneInfo("Europe/Berlin")


@pytest.mark.parametrize(
    ("week_start", "first"),
    [("MONDAY", date(2026, 11, 30)), ("SUNDAY", date(2026, 11, 29)), (None, date(2026, 11, 30))],
)
def test_week_of_follows_the_profile(week_start: str | None, first: date) -> None:
    tuesday = datetime(2026, 12, 1, 12, tzinfo=UTC)
    week = week_of(tuesday, BERLIN, week_start)
    assert week.first == first
    assert week.start == datetime(first.year, first.month, first.day, tzinfo=BERLIN)
    assert week.end - week.start == timedelta(days=7)
    assert week.shifted(-1).first == first - timedelta(days=7)


def test_near_midnight_the_profile_zone_decides_the_week() -> None:
    # Sunday 23:30 UTC is already Monday 00:30 in Berlin: a new week there.
    late = datetime(2026, 11, 29, 23, 30, tzinfo=UTC)
    assert week_of(late, BERLIN).first == date(2026, 11, 30)
    assert week_of(late, UTC).first == date(2026, 11, 23)


def test_days_group_by_start_day_newest_first_with_totals() -> None:
    week = week_of(datetime(2026, 12, 1, 12, tzinfo=UTC), BERLIN)

    def entry(name: str, start: datetime, minutes: int | None, billable: bool = False) -> TimeEntry:
        end = start + timedelta(minutes=minutes) if minutes is not None else None
        return TimeEntry(name, start, end, billable=billable)

    monday_late = entry("a", datetime(2026, 11, 30, 22, 30, tzinfo=UTC), 60, True)  # 23:30 Mon
    after_midnight = entry("e", datetime(2026, 11, 30, 23, 30, tzinfo=UTC), 15)  # 00:30 Tue
    tuesday = entry("b", datetime(2026, 12, 1, 8, tzinfo=UTC), 75)
    running = entry("c", datetime(2026, 12, 1, 10, tzinfo=UTC), None)
    outside = entry("d", datetime(2026, 11, 20, 8, tzinfo=UTC), 60)
    now = datetime(2026, 12, 1, 10, 30, tzinfo=UTC)
    days = days_of(week, [monday_late, after_midnight, tuesday, running, outside], now)
    assert [d.day for d in days] == [date(2026, 12, 6) - timedelta(days=n) for n in range(7)]
    by_day = {d.day: d for d in days}
    mon, tue = by_day[date(2026, 11, 30)], by_day[date(2026, 12, 1)]
    assert [e.id for e in mon.entries] == ["a"]
    assert mon.total == mon.billable == timedelta(minutes=60)
    assert [e.id for e in tue.entries] == ["c", "b", "e"]  # newest first; e is Tuesday in Berlin
    assert tue.total == timedelta(minutes=30 + 75 + 15) and tue.billable == timedelta(0)
    assert not any(e.id == "d" for d in days for e in d.entries)


def test_the_week_chart_shares_the_top_projects_and_the_rest() -> None:
    from tray_app.clockify.models import Project
    from tray_app.core.state import AppState
    from tray_app.ui.week_chart import OTHER, project_shares

    now = datetime(2026, 12, 1, 12, tzinfo=UTC)
    week = week_of(now, BERLIN)
    projects = tuple(Project(f"p{n}", f"P{n}", color=f"#00000{n}") for n in range(6))
    start = datetime(2026, 11, 30, 8, tzinfo=UTC)
    entries = [
        TimeEntry(
            f"e{n}",
            start + timedelta(hours=n),
            start + timedelta(hours=n, minutes=10 * (6 - n)),
            project_id=f"p{n}",
        )
        for n in range(6)
    ] + [TimeEntry("running", now - timedelta(minutes=15), None, project_id="p5")]
    shares = project_shares(days_of(week, entries, now), AppState(projects=projects), now)
    assert [name for name, _, _ in shares] == ["P0", "P1", "P2", "P3", OTHER]
    assert abs(sum(share for _, share, _ in shares) - 1) < 1e-9
    total = sum(10 * (6 - n) for n in range(6)) + 15  # minutes, the running one up to now
    assert abs(shares[0][1] - 60 / total) < 1e-9 and shares[0][2] == "#000000"
    assert abs(shares[-1][1] - (20 + 10 + 15) / total) < 1e-9
