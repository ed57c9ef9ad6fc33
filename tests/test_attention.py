"""Reminders and pomodoro under an injected clock: pure rules first, then carried out by the
tracker against the sandbox (timers stopped for a break and started again, to the second)."""

from __future__ import annotations

import dataclasses
import json
from datetime import UTC, datetime, time, timedelta

import pytest

from tests.core_parts import Parts
from tray_app.clockify.models import TimeEntry
from tray_app.core.attention.keeper import TARGET_REACHED, Attention
from tray_app.core.attention.pomodoro import (
    BACK_TO_WORK,
    BREAK_OVER,
    BREAK_STARTED,
    LONG_BREAK,
    OFF,
    SHORT_BREAK,
    WORK,
    Cycle,
    Pomodoro,
    PomodoroRules,
)
from tray_app.core.attention.reminders import (
    LONG_TIMER,
    NOT_TRACKING,
    Hours,
    ReminderRules,
    Reminders,
)
from tray_app.core.state import StartRequest
from tray_app.core.workday.targets import DayPlan, Workday

pytestmark = pytest.mark.dates  # also run at faked moments

MONDAY_8 = datetime(2026, 11, 30, 8, 0, tzinfo=UTC)  # a Monday
WORKDAYS = Hours(frozenset(range(5)), time(9), time(17))


def _entry(start: datetime, entry_id: str = "e1", description: str = "Write") -> TimeEntry:
    return TimeEntry(id=entry_id, description=description, start=start, end=None, project_id="p1")


def _minutes(n: float) -> timedelta:
    return timedelta(minutes=n)


# --- reminders -----------------------------------------------------------------------------


def test_not_tracking_comes_after_the_quiet_minutes_inside_working_hours() -> None:
    rules = ReminderRules(not_tracking=True, after=_minutes(15), hours=WORKDAYS)
    reminders = Reminders(rules, MONDAY_8)
    # Quiet since 8:00, but the hours begin at 9:00: due at 9:15, not 8:15.
    assert reminders.next_check(None, UTC) == MONDAY_8 + _minutes(75)
    assert reminders.check(MONDAY_8 + _minutes(74), None, UTC, present=True) is None
    due = reminders.check(MONDAY_8 + _minutes(75), None, UTC, present=True)
    assert due is not None and due.kind == NOT_TRACKING and "not tracking" in due.text
    # Never more than one waiting: nothing more is due until it is answered.
    assert reminders.waiting and reminders.next_check(None, UTC) is None
    assert reminders.check(MONDAY_8 + _minutes(120), None, UTC, present=True) is None
    reminders.answered(MONDAY_8 + _minutes(80))
    assert reminders.next_check(None, UTC) == MONDAY_8 + _minutes(95)


def test_no_reminder_outside_hours_or_while_nobody_is_there() -> None:
    rules = ReminderRules(not_tracking=True, after=_minutes(10), hours=WORKDAYS)
    friday_17 = datetime(2026, 12, 4, 17, 0, tzinfo=UTC)
    reminders = Reminders(rules, friday_17)
    assert reminders.check(friday_17 + _minutes(30), None, UTC, present=True) is None
    # The next chance is Monday 9:10: no wake-up over the weekend.
    assert reminders.next_check(None, UTC) == datetime(2026, 12, 7, 9, 10, tzinfo=UTC)
    monday = datetime(2026, 12, 7, 9, 10, tzinfo=UTC)
    assert reminders.check(monday, None, UTC, present=False) is None  # idle or locked
    assert reminders.next_check(None, UTC) == monday + _minutes(10)  # counted from then
    assert reminders.check(monday + _minutes(10), None, UTC, present=True) is not None


def test_a_timer_answers_the_reminder_and_its_stop_starts_the_count() -> None:
    rules = ReminderRules(not_tracking=True, after=_minutes(15), hours=WORKDAYS)
    start = MONDAY_8 + _minutes(60)
    reminders = Reminders(rules, start)
    assert reminders.check(start + _minutes(15), None, UTC, present=True) is not None
    running = _entry(start + _minutes(16))
    reminders.timer_changed(running, start + _minutes(16))
    assert not reminders.waiting
    assert reminders.next_check(running, UTC) == running.start + timedelta(hours=9)
    reminders.timer_changed(None, start + _minutes(100))
    assert reminders.next_check(None, UTC) == start + _minutes(115)


def test_working_hours_past_midnight() -> None:
    night = Hours(frozenset({0}), time(22), time(6))
    tuesday_3 = datetime(2026, 12, 1, 3, 0, tzinfo=UTC)
    assert night.span_at(tuesday_3, UTC) == (
        datetime(2026, 11, 30, 22, 0, tzinfo=UTC),
        datetime(2026, 12, 1, 6, 0, tzinfo=UTC),
    )
    assert night.span_at(datetime(2026, 12, 1, 7, 0, tzinfo=UTC), UTC) is None
    assert night.next_start(tuesday_3, UTC) == datetime(2026, 12, 7, 22, 0, tzinfo=UTC)


def test_a_long_timer_is_told_once() -> None:
    reminders = Reminders(ReminderRules(long_after=timedelta(hours=9)), MONDAY_8)
    running = _entry(MONDAY_8)
    reminders.timer_changed(running, MONDAY_8)
    assert reminders.next_check(running, UTC) == MONDAY_8 + timedelta(hours=9)
    late = MONDAY_8 + timedelta(hours=9, minutes=5)
    told = reminders.check(late, running, UTC, present=True, label="'Write'")
    assert told is not None and told.kind == LONG_TIMER
    assert told.text == "Still tracking 'Write' for 9 h 05 min."
    assert reminders.next_check(running, UTC) is None
    assert reminders.check(late + _minutes(60), running, UTC, present=True) is None
    # Off: no wake-up for it at all.
    quiet = Reminders(ReminderRules(long_timer=False), MONDAY_8)
    assert quiet.next_check(running, UTC) is None


# --- the pomodoro cycle --------------------------------------------------------------------


def test_work_breaks_and_the_long_break_every_fourth() -> None:
    pomodoro = Pomodoro(PomodoroRules(enabled=True), Cycle())
    running = _entry(MONDAY_8)
    assert pomodoro.timer_changed(running, MONDAY_8)
    assert pomodoro.cycle.phase == WORK and pomodoro.phase_end() == MONDAY_8 + _minutes(25)
    assert pomodoro.advance(MONDAY_8 + _minutes(24), running) == []
    kinds = []
    moment = MONDAY_8
    for step in (25, 5, 25, 5, 25, 5, 25):
        moment += _minutes(step)
        turns = pomodoro.advance(moment, running)
        assert [t.at for t in turns] == [moment]
        kinds.append((turns[0].kind, pomodoro.cycle.phase))
        assert not pomodoro.timer_changed(running, moment)  # the same timer runs on
    assert kinds == [
        (BREAK_STARTED, SHORT_BREAK),
        (BACK_TO_WORK, WORK),
        (BREAK_STARTED, SHORT_BREAK),
        (BACK_TO_WORK, WORK),
        (BREAK_STARTED, SHORT_BREAK),
        (BACK_TO_WORK, WORK),
        (BREAK_STARTED, LONG_BREAK),
    ]
    assert pomodoro.phase_end() == moment + _minutes(15)
    view = pomodoro.view()
    assert view is not None and view.line(moment + _minutes(3)) == "☕ Long break · 12 min left"


def test_breaks_stop_the_timer_and_it_goes_on_after() -> None:
    rules = PomodoroRules(enabled=True, stop_timer=True, continue_after=True)
    pomodoro = Pomodoro(rules, Cycle())
    running = _entry(MONDAY_8)
    pomodoro.timer_changed(running, MONDAY_8)
    (stop,) = pomodoro.advance(MONDAY_8 + _minutes(25), running)
    assert stop.kind == BREAK_STARTED and stop.stop and "goes on after" in stop.text
    assert not pomodoro.timer_changed(None, MONDAY_8 + _minutes(25))  # our own stop
    (back,) = pomodoro.advance(MONDAY_8 + _minutes(30), None)
    assert back.kind == BACK_TO_WORK and back.resume == StartRequest.like(running)
    # Without "continue": the break ends with a question, and no timer runs.
    rules = PomodoroRules(enabled=True, stop_timer=True, continue_after=False)
    pomodoro = Pomodoro(rules, Cycle())
    pomodoro.timer_changed(running, MONDAY_8)
    pomodoro.advance(MONDAY_8 + _minutes(25), running)
    (over,) = pomodoro.advance(MONDAY_8 + _minutes(30), None)
    assert over.kind == BREAK_OVER and over.resume is None and pomodoro.cycle.phase == OFF
    assert pomodoro.phase_end() is None  # nothing to wake up for


def test_a_timer_started_during_a_break_ends_it() -> None:
    rules = PomodoroRules(enabled=True, stop_timer=True)
    pomodoro = Pomodoro(rules, Cycle())
    pomodoro.timer_changed(_entry(MONDAY_8), MONDAY_8)
    pomodoro.advance(MONDAY_8 + _minutes(25), _entry(MONDAY_8))
    again = _entry(MONDAY_8 + _minutes(27), "e2")
    assert pomodoro.timer_changed(again, MONDAY_8 + _minutes(27))
    assert pomodoro.cycle.phase == WORK and pomodoro.cycle.done == 1
    assert pomodoro.phase_end() == MONDAY_8 + _minutes(52)


def test_the_cycle_survives_a_restart_and_catches_up() -> None:
    rules = PomodoroRules(enabled=True)
    pomodoro = Pomodoro(rules, Cycle())
    running = _entry(MONDAY_8)
    pomodoro.timer_changed(running, MONDAY_8)
    saved = json.loads(json.dumps(pomodoro.cycle.to_dict()))  # as the settings file holds it
    later = Pomodoro(rules, Cycle.from_dict(saved))
    assert later.cycle == pomodoro.cycle
    turns = later.advance(MONDAY_8 + _minutes(31), running)
    assert [(t.kind, t.at) for t in turns] == [
        (BREAK_STARTED, MONDAY_8 + _minutes(25)),
        (BACK_TO_WORK, MONDAY_8 + _minutes(30)),
    ]
    for junk in (None, "x", {"phase": "nap", "since": "2026"}, {"phase": WORK}, {"since": 5}):
        assert Cycle.from_dict(junk) == Cycle()


# --- carried out by the tracker, against the sandbox ------------------------------------------


def _attention(parts: Parts, **settings: object) -> Attention:
    """The tracker's own attention keeper, with ``settings`` changed as Preferences does."""
    for name, value in settings.items():
        parts.tracker.on_change_setting(name, value)
    assert not parts.events.of("failed")
    return parts.tracker.attention


def _told(parts: Parts) -> list[tuple[str, ...]]:
    return [tuple(args) for args in parts.events.of("nudge")]


def test_a_pomodoro_break_stops_the_timer_and_starts_it_again(parts: Parts) -> None:
    attention = _attention(parts, pomodoro=True, pomodoro_stop_timer=True, pomodoro_continue=True)
    tracker, clock = parts.tracker, parts.clock
    tracker.writes.on_start(StartRequest(description="Deep work", project_id=None))
    started = tracker.state.running
    assert started is not None
    assert attention.next_check() == clock.now() + _minutes(25)
    assert tracker.state.pomodoro is not None and not tracker.state.pomodoro.on_break
    clock.advance(25 * 60 + 7)  # the look comes a few seconds late
    attention.on_check(present=True)
    assert _told(parts)[-1][0] == BREAK_STARTED
    assert tracker.state.running is None and tracker.state.pomodoro.on_break  # type: ignore[union-attr]
    stopped = next(e for e in tracker.state.recent if e.id == started.id)
    assert stopped.end == started.start + _minutes(25)  # at the phase's end, to the second
    saved = json.loads(parts.settings_file.read_text())
    assert saved["pomodoro_cycle"]["phase"] == SHORT_BREAK
    clock.advance(5 * 60)
    attention.on_check(present=True)
    again = tracker.state.running
    assert _told(parts)[-1][0] == BACK_TO_WORK
    assert again is not None and again.id != started.id and again.description == "Deep work"
    assert again.start == clock.now().replace(microsecond=0)
    assert tracker.state.pomodoro is not None and tracker.state.pomodoro.phase == WORK
    assert attention.next_check() == clock.now() + _minutes(25)


def test_not_tracking_reminder_waits_in_the_menu_until_answered(parts: Parts) -> None:
    attention = _attention(
        parts,
        remind_not_tracking=True,
        remind_after_minutes=20,
        work_days=[0, 1, 2, 3, 4, 5, 6],
        work_from="00:00",
        work_until="23:59",
    )
    clock = parts.clock
    due = attention.next_check()
    assert due is not None and timedelta(minutes=19) <= due - clock.now() <= _minutes(20)
    clock.advance((due - clock.now()).total_seconds())
    attention.on_check(present=True)
    assert _told(parts) == [(NOT_TRACKING, "You are not tracking (for 20 min). Start a timer?")]
    assert parts.events.state.reminder == "Not tracking — Start…"
    assert attention.next_check() is None  # one waiting, no more wake-ups for it
    attention.on_answered()
    assert parts.events.state.reminder == ""
    assert attention.next_check() == clock.now() + _minutes(20)


def test_off_means_no_wake_up(parts: Parts) -> None:
    attention = _attention(parts, remind_not_tracking=False, remind_long_timer=False)
    assert attention.next_check() is None
    parts.tracker.writes.on_start(StartRequest(description="x"))
    assert attention.next_check() is None


def test_today_s_target_reached_is_said_once(parts: Parts) -> None:
    attention = _attention(parts, notify_target_reached=True)
    tracker, clock = parts.tracker, parts.clock
    state = tracker.state
    today = clock.now().astimezone(state.zone).date()
    tracked = state.today_total(clock.now())
    # Half an hour left to today's target, as Clockify's workday says.
    plan = DayPlan(today, tracked + _minutes(30))
    tracker.board.replace(dataclasses.replace(state, workday=Workday((plan,))))
    assert attention.next_check() is None  # no timer: nothing will reach it
    tracker.writes.on_start(StartRequest(description="Last stretch"))
    assert attention.next_check() == clock.now() + _minutes(30)
    clock.advance(29 * 60)
    attention.on_check(present=True)
    assert TARGET_REACHED not in [kind for kind, *_ in _told(parts)]
    clock.advance(60)
    attention.on_check(present=True)
    assert _told(parts)[-1] == (
        TARGET_REACHED,
        f"Today's target reached: {state.hours(plan.target)}.",
    )
    clock.advance(600)
    attention.on_check(present=True)  # said once a day
    assert [kind for kind, *_ in _told(parts)].count(TARGET_REACHED) == 1
    running = tracker.state.running
    assert running is not None  # what is left to wake up for: the long-timer reminder alone
    assert attention.next_check() == running.start + timedelta(hours=9)
