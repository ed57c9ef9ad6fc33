"""When to remind: "you are not tracking" inside working hours, "still tracking" past a length.

No Qt, no I/O: readings in (the running timer, idle time, asleep or locked), reminders out,
and the moment of the next look, so the worker sets one timer and nothing wakes up before.
The quiet time counts from the last stop, the start of the working hours, the app's start or
the person's return, whichever came last; one reminder waits at most, until a timer starts or
the reminder is answered, and the next one comes a full interval later.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta, tzinfo

from tray_app.clockify.models import TimeEntry
from tray_app.i18n import _, ngettext

NOT_TRACKING, LONG_TIMER = "not-tracking", "long-timer"
# English short names, Monday first; shown as i18n.weekday_name(day, short=True) shows them
# (``pgettext("short weekday", name)``).
WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def parse_clock(text: str) -> time | None:
    """ "09:00" → 09:00; None for anything else (the settings file may hold anything)."""
    try:
        hours, minutes = (int(part) for part in str(text).split(":"))
        return time(hours, minutes)
    except ValueError:
        return None


@dataclass(frozen=True)
class Hours:
    """Working hours: these weekdays (0 is Monday), from ``start`` until ``end`` (local time).

    An ``end`` before ``start`` runs past midnight (a night shift): 22:00–06:00 on Monday is
    Monday 22:00 to Tuesday 06:00.
    """

    days: frozenset[int]
    start: time
    end: time

    def _spans_around(self, local: datetime) -> list[tuple[datetime, datetime]]:
        spans = []
        for offset in (-1, 0):
            day = (local + timedelta(days=offset)).date()
            if day.weekday() not in self.days:
                continue
            begin = datetime.combine(day, self.start, local.tzinfo)
            finish = datetime.combine(day, self.end, local.tzinfo)
            if finish <= begin:
                finish += timedelta(days=1)
            spans.append((begin, finish))
        return spans

    def span_at(self, moment: datetime, zone: tzinfo) -> tuple[datetime, datetime] | None:
        """The working span holding ``moment``, else None."""
        local = moment.astimezone(zone)
        return next(((b, f) for b, f in self._spans_around(local) if b <= local < f), None)

    def next_start(self, moment: datetime, zone: tzinfo) -> datetime | None:
        """When the next working span begins after ``moment`` (None: no working day at all)."""
        local = moment.astimezone(zone)
        for offset in range(8):
            day = (local + timedelta(days=offset)).date()
            begin = datetime.combine(day, self.start, zone)
            if day.weekday() in self.days and begin > local:
                return begin
        return None


@dataclass(frozen=True)
class ReminderRules:
    """The reminder settings, as read from the preferences."""

    not_tracking: bool = False
    after: timedelta = timedelta(minutes=15)
    hours: Hours = Hours(frozenset(range(5)), time(9), time(17))
    long_timer: bool = True
    long_after: timedelta = timedelta(hours=9)


@dataclass(frozen=True)
class Reminder:
    """A reminder to show: ``kind`` is NOT_TRACKING or LONG_TIMER."""

    kind: str
    text: str
    entry_id: str = ""


class Reminders:
    """Decides when each reminder is due, given what the tracker knows.

    Args:
        rules: what to remind about, and when.
        started: when the app started (quiet time counts from then at the earliest).

    Attributes:
        waiting: a "not tracking" reminder is shown and not answered yet.
    """

    def __init__(self, rules: ReminderRules, started: datetime) -> None:
        self.rules = rules
        self._quiet_since = started
        self._told_long: str = ""  # the timer already told about
        self.waiting = False
        self._was_running = False

    def timer_changed(self, running: TimeEntry | None, now: datetime) -> None:
        """A timer started (the reminder is answered) or stopped (quiet from now)."""
        if running is not None:
            self.waiting = False
            self._quiet_since = now
        elif self._was_running:
            self._quiet_since = now
        self._was_running = running is not None

    def answered(self, now: datetime) -> None:
        """The reminder was clicked or closed: the next one comes a full interval later."""
        self.waiting = False
        self._quiet_since = now

    def person_back(self, now: datetime) -> None:
        """Back from sleep, lock or idle time: the quiet time starts again."""
        self._quiet_since = max(self._quiet_since, now)

    def next_check(self, running: TimeEntry | None, zone: tzinfo) -> datetime | None:
        """The moment something may be due; None when nothing can be (no wake-up needed)."""
        rules = self.rules
        if running is not None:
            if rules.long_timer and self._told_long != running.id:
                return running.start + rules.long_after
            return None
        if not rules.not_tracking or self.waiting:
            return None
        due = self._quiet_since + rules.after
        span = rules.hours.span_at(due, zone)
        if span is not None:
            return max(due, span[0] + rules.after)
        later = rules.hours.next_start(due, zone)
        return later + rules.after if later is not None else None

    def check(
        self,
        now: datetime,
        running: TimeEntry | None,
        zone: tzinfo,
        *,
        present: bool,
        label: str = "",
        day_off: bool = False,
    ) -> Reminder | None:
        """The reminder due now, if any. ``present``: input lately, not asleep or locked;
        ``label`` names the running timer; ``day_off``: Clockify says today asks for no time
        (not a working day of the member's, a holiday, time off): "not tracking" stays quiet."""
        rules = self.rules
        if running is not None:
            if rules.long_timer and self._told_long != running.id:
                length = now - running.start
                if length >= rules.long_after:
                    self._told_long = running.id
                    text = (
                        # Translators: {label} is the timer's quoted name; {length} "9 h 05 min".
                        _("Still tracking {label} for {length}.")
                        if label
                        else _("Still tracking a timer for {length}.")
                    ).format(label=label, length=_hours(length))
                    return Reminder(LONG_TIMER, text, running.id)
            return None
        if not rules.not_tracking or self.waiting or day_off:
            return None
        span = rules.hours.span_at(now, zone)
        if span is None:
            return None
        if not present:
            self.person_back(now)  # nobody at the desk: count again from their return
            return None
        if now - max(self._quiet_since, span[0]) < rules.after:
            return None
        self.waiting = True
        minutes = int(rules.after.total_seconds() // 60)
        text = ngettext(
            "You are not tracking (for {minutes} min). Start a timer?",
            "You are not tracking (for {minutes} min). Start a timer?",
            minutes,
        ).format(minutes=minutes)
        return Reminder(NOT_TRACKING, text)


def _hours(length: timedelta) -> str:
    minutes = int(length.total_seconds() // 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes:02d} min" if minutes else f"{hours} h"
