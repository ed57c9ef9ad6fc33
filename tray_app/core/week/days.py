"""Weeks and days as the person's Clockify profile sees them: its time zone and week start.

"This week" and "today" are days in the profile's zone, not the computer's (near midnight the
difference matters), and a week begins on the profile's week start. An entry belongs to the day
it starts on, as in Clockify's own week view.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta, tzinfo

from tray_app.clockify.models import TimeEntry
from tray_app.core.workday.targets import WeekPlan
from tray_app.i18n import N_

WEEKDAYS = ("MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY", "SATURDAY", "SUNDAY")


@dataclass(frozen=True)
class Week:
    """Seven days from ``first`` (a date in ``zone``), and the UTC moments that bound them."""

    first: date
    zone: tzinfo

    @property
    def start(self) -> datetime:
        return datetime.combine(self.first, time(), self.zone).astimezone(UTC)

    @property
    def end(self) -> datetime:
        """The first moment after the week (exclusive)."""
        after = self.first + timedelta(days=7)
        return datetime.combine(after, time(), self.zone).astimezone(UTC)

    @property
    def last(self) -> datetime:
        """The week's last second (an inclusive end, as Clockify's range queries take it)."""
        return self.end - timedelta(seconds=1)

    def days(self) -> list[date]:
        return [self.first + timedelta(days=n) for n in range(7)]

    def shifted(self, weeks: int) -> Week:
        """The week ``weeks`` later (earlier when negative)."""
        return Week(self.first + timedelta(weeks=weeks), self.zone)


@dataclass(frozen=True)
class Day:
    """One day of a week: its entries, newest first, and what they add up to."""

    day: date
    entries: tuple[TimeEntry, ...]
    total: timedelta
    billable: timedelta


def week_of(moment: datetime, zone: tzinfo, week_start: str | None = "MONDAY") -> Week:
    """The week holding ``moment``, in ``zone``, starting on ``week_start`` (Monday if unknown)."""
    first_weekday = WEEKDAYS.index(week_start) if week_start in WEEKDAYS else 0
    local = moment.astimezone(zone).date()
    return Week(local - timedelta(days=(local.weekday() - first_weekday) % 7), zone)


def days_of(week: Week, entries: Iterable[TimeEntry], now: datetime) -> list[Day]:
    """The week's days, newest first, each with its entries (newest first) and totals; a
    running entry counts up to ``now``."""
    by_day: dict[date, list[TimeEntry]] = {day: [] for day in week.days()}
    for entry in entries:
        day = entry.start.astimezone(week.zone).date()
        if day in by_day:
            by_day[day].append(entry)
    return [
        Day(
            day,
            tuple(sorted(shown, key=lambda e: e.start, reverse=True)),
            sum((e.duration(now) for e in shown), timedelta()),
            sum((e.duration(now) for e in shown if e.billable), timedelta()),
        )
        for day, shown in sorted(by_day.items(), reverse=True)
    ]


READING = N_("Reading this week from Clockify…")  # the note while ``reading`` (shown via _)


@dataclass(frozen=True)
class WeekView:
    """One week of the user's entries, as the entries window shows it.

    Attributes:
        entries: the week's entries, waiting writes applied, newest first.
        this_week: the week holds today (in the profile's zone).
        fresh: Clockify's answer of this opening; else the copy kept on this computer.
        note: why the entries may be out of date ('' when fresh), in the chosen language.
        reading: Clockify's answer is still awaited (the note says so): tell this by this flag,
            not by comparing the note to ``READING``, which is translated.
        task_names: task id → name, for the tasks of the week's entries this computer knows.
        plan: each day's target, holiday and time off, and the week's approval (None: not
            read, or not readable).
    """

    week: Week
    entries: tuple[TimeEntry, ...] = ()
    this_week: bool = True
    fresh: bool = False
    note: str = ""
    task_names: Mapping[str, str] = field(default_factory=dict)
    plan: WeekPlan | None = None
    reading: bool = False
