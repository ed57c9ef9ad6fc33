"""Reminders and the pomodoro cycle, carried out for the tracker (no Qt, no I/O of its own).

The worker asks when to look next (one timer, none while nothing can be due), looks then,
and passes every state it sends through ``shown``, which notices timers starting and stopping
and adds the pomodoro phase and a waiting reminder for the menu. Stopping the timer for a
break and starting it again after are outbox writes like any other.
"""

from __future__ import annotations

import dataclasses
import logging
from datetime import date, datetime, timedelta
from typing import Protocol

from tray_app.core.attention.pomodoro import BREAK_OVER, Cycle, Pomodoro, PomodoroRules, Turn
from tray_app.core.attention.reminders import (
    NOT_TRACKING,
    Hours,
    ReminderRules,
    Reminders,
    parse_clock,
)
from tray_app.core.clock import Clock
from tray_app.core.entries import start_writes, stop_writes
from tray_app.core.idle.keeper import Writer
from tray_app.core.preferences import Preferences
from tray_app.core.settings import Settings
from tray_app.core.state import AppState
from tray_app.core.workday.targets import target_reached_at
from tray_app.i18n import _

logger = logging.getLogger(__name__)
TARGET_REACHED = "target-reached"


class Tracked(Writer, Protocol):
    """The tracker as the attention keeper uses it: the idle keeper's port, and publishing."""

    def publish(self) -> None: ...


class Nudges(Protocol):
    """Where reminders and pomodoro turns are told (a notification)."""

    def nudge(self, kind: str, text: str) -> None: ...


def reminder_rules(settings: Settings) -> ReminderRules:
    default = ReminderRules()
    hours = Hours(
        frozenset(d for d in settings.work_days if isinstance(d, int)),
        parse_clock(settings.work_from) or default.hours.start,
        parse_clock(settings.work_until) or default.hours.end,
    )
    return ReminderRules(
        not_tracking=settings.remind_not_tracking,
        after=timedelta(minutes=max(1, settings.remind_after_minutes)),
        hours=hours,
        long_timer=settings.remind_long_timer,
        long_after=timedelta(hours=max(0.01, settings.long_timer_hours)),
    )


def pomodoro_rules(settings: Settings) -> PomodoroRules:
    return PomodoroRules(
        enabled=settings.pomodoro,
        work=timedelta(minutes=max(0.05, settings.pomodoro_work_minutes)),
        short_break=timedelta(minutes=max(0.05, settings.pomodoro_short_break_minutes)),
        long_break=timedelta(minutes=max(0.05, settings.pomodoro_long_break_minutes)),
        long_every=max(1, settings.pomodoro_long_break_every),
        stop_timer=settings.pomodoro_stop_timer,
        continue_after=settings.pomodoro_continue,
    )


class Attention:
    """Keeps the reminders and the pomodoro cycle in step with the tracker's state.

    Args:
        tracker: the state and the outbox (the same port the idle keeper uses).
        nudges: where the reminders and turns go.
        preferences: the settings; the cycle is saved there.
        clock: time (injected in tests).
    """

    def __init__(
        self, tracker: Tracked, nudges: Nudges, preferences: Preferences, clock: Clock
    ) -> None:
        self._tracker = tracker
        self._nudges = nudges
        self._preferences = preferences
        self._clock = clock
        settings = preferences.settings
        self.reminders = Reminders(reminder_rules(settings), clock.now())
        self.pomodoro = Pomodoro(pomodoro_rules(settings), Cycle.from_dict(settings.pomodoro_cycle))
        self._running_id: str | None = None  # None: no state seen yet
        self._target_told: date | None = None  # the day whose target was said reached

    def rules_changed(self) -> None:
        """The settings changed: the next reminder and phase follow the new ones."""
        settings = self._preferences.settings
        self.reminders.rules = reminder_rules(settings)
        rules = pomodoro_rules(settings)
        if not rules.enabled:
            self.pomodoro.cycle = Cycle()
        elif not self.pomodoro.rules.enabled:
            self.pomodoro.cycle = Cycle()  # turned on: the next timer starts the first phase
            self._running_id = None  # …or the one running now
        self.pomodoro.rules = rules
        self._save_cycle()

    def shown(self, state: AppState) -> AppState:
        """``state`` as it goes out, with the attention lines; notices timers change."""
        running = state.running
        running_id = running.id if running is not None else ""
        if state.signed_in and running_id != self._running_id:
            now = self._clock.now()
            self.reminders.timer_changed(running, now)
            if self.pomodoro.timer_changed(running, now):
                self._save_cycle()
            self._running_id = running_id
        # Translators: the tray menu's line while a "not tracking" reminder waits; clicking it
        # opens the quick start.
        reminder = _("Not tracking — Start…") if self.reminders.waiting else ""
        phase = self.pomodoro.view()
        if state.pomodoro == phase and state.reminder == reminder:
            return state
        return dataclasses.replace(state, pomodoro=phase, reminder=reminder)

    def next_check(self) -> datetime | None:
        """When something may be due; None: nothing can be, no wake-up."""
        state = self._tracker.state
        if not state.signed_in:
            return None
        moments = [
            self.reminders.next_check(state.running, state.zone),
            self.pomodoro.phase_end(),
            self._target_due(state, self._clock.now()),
        ]
        return min((m for m in moments if m is not None), default=None)

    def _target_due(self, state: AppState, now: datetime) -> datetime | None:
        """When today's target will be reached, while a timer runs and it is still to say."""
        today = now.astimezone(state.zone).date()
        wanted = self._preferences.settings.notify_target_reached
        if not wanted or state.running is None or self._target_told == today:
            return None
        return target_reached_at(state.workday.plan_for(today), state.today_total(now), now)

    def on_check(self, present: bool) -> None:
        """Look now: play the pomodoro turns due and show the reminder due, if any.

        ``present``: the person is at the computer (input lately, not asleep or locked).
        """
        state = self._tracker.state
        if not state.signed_in:
            return
        now = self._clock.now()
        turns = self.pomodoro.advance(now, state.running)
        if turns:
            self._save_cycle()
            self._carry_out(turns)
            self._nudges.nudge(turns[-1].kind, turns[-1].text)
        state = self._tracker.state
        label = _label(state)
        plan = state.workday.plan_for(now.astimezone(state.zone).date())
        reminder = self.reminders.check(
            now,
            state.running,
            state.zone,
            present=present,
            label=label,
            day_off=plan is not None and not plan.working,
        )
        if reminder is not None:
            logger.info("reminder: %s", reminder.kind)
            self._nudges.nudge(reminder.kind, reminder.text)
        reached = self._target_due(state, now)
        if reached is not None and reached <= now and plan is not None:
            self._target_told = now.astimezone(state.zone).date()
            reached_text = _("Today's target reached: {target}.")
            self._nudges.nudge(TARGET_REACHED, reached_text.format(target=state.hours(plan.target)))
        if turns or (reminder is not None and reminder.kind == NOT_TRACKING):
            self._tracker.publish()  # (sent with this keeper's lines)

    def on_answered(self) -> None:
        """The reminder was clicked or dismissed: the next one comes a full interval later."""
        if self.reminders.waiting:
            self.reminders.answered(self._clock.now())
            self._tracker.publish()  # (sent with this keeper's lines)

    def on_person_back(self) -> None:
        """Back from sleep or lock: quiet time counts again from now."""
        self.reminders.person_back(self._clock.now())

    def on_skip_break(self) -> None:
        turn = self.pomodoro.skip_break(self._clock.now(), self._tracker.state.running)
        if turn is not None:
            self._save_cycle()
            self._carry_out([turn])
            self._tracker.publish()  # (sent with this keeper's lines)

    def _carry_out(self, turns: list[Turn]) -> None:
        ids = self._tracker.local_ids()
        if ids is None:
            return
        for turn in turns:
            state = self._tracker.state
            if turn.stop and state.running is not None:
                logger.info("pomodoro break: timer stopped")
                self._tracker.queue(*stop_writes(state, ids[0], turn.at.replace(microsecond=0)))
            elif turn.resume is not None and state.running is None:
                now = self._clock.now().replace(microsecond=0)
                writes, shown = start_writes(state, turn.resume, *ids, now)
                self._tracker.queue(writes, dataclasses.replace(shown, last_start=state.last_start))
            self._running_id = self._tracker.state.running.id if self._tracker.state.running else ""

    def _save_cycle(self) -> None:
        cycle = self.pomodoro.cycle.to_dict()
        if cycle != self._preferences.settings.pomodoro_cycle:
            self._preferences.settings.pomodoro_cycle = cycle
            self._preferences.save()


def _label(state: AppState) -> str:
    running = state.running
    if running is None:
        return ""
    name = running.description or state.project_name(running.project_id)
    # Translators: the running timer's name, quoted, in "Still tracking 'Write report' for 9 h".
    return _("'{name}'").format(name=name) if name else ""


__all__ = ["BREAK_OVER", "NOT_TRACKING", "Attention"]
