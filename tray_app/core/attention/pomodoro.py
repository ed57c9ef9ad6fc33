"""The pomodoro cycle: work, a short break, again, and a long break every n (no Qt, no I/O).

A work phase starts with a timer; its end brings a break (the timer stopped for it when asked,
and started again when the break is over when asked); a timer started during a break ends the
break. The cycle is a small value saved in the settings file, so a restart (or a night) picks
it up where it was: phases that ended meanwhile are played through at once, each at its time.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from tray_app.clockify.models import TimeEntry
from tray_app.core.state import PomodoroPhase, StartRequest
from tray_app.i18n import _, ngettext

OFF, WORK, SHORT_BREAK, LONG_BREAK = "off", "work", "short-break", "long-break"
BREAK_STARTED, BACK_TO_WORK, BREAK_OVER = "break", "work", "break-over"


@dataclass(frozen=True)
class PomodoroRules:
    """The pomodoro settings: lengths, the long break's rhythm, what happens to the timer."""

    enabled: bool = False
    work: timedelta = timedelta(minutes=25)
    short_break: timedelta = timedelta(minutes=5)
    long_break: timedelta = timedelta(minutes=15)
    long_every: int = 4
    stop_timer: bool = False
    continue_after: bool = True


@dataclass(frozen=True)
class Cycle:
    """Where the cycle is: ``phase`` since ``since``, ``done`` work phases in this round.

    Attributes:
        resume: what to start again when the break is over (the timer the break stopped).
        entry_id: the timer that ran when the phase began ('' none).
    """

    phase: str = OFF
    since: datetime | None = None
    done: int = 0
    resume: StartRequest | None = None
    entry_id: str = ""

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"phase": self.phase, "done": self.done, "entry_id": self.entry_id}
        if self.since is not None:
            data["since"] = self.since.isoformat()
        if self.resume is not None:
            data["resume"] = dataclasses.asdict(self.resume)
        return data

    @classmethod
    def from_dict(cls, data: Any) -> Cycle:
        """The saved cycle; a fresh one for anything unreadable."""
        try:
            phase = data.get("phase", OFF)
            since = datetime.fromisoformat(data["since"]) if data.get("since") else None
            if phase not in (OFF, WORK, SHORT_BREAK, LONG_BREAK) or (phase != OFF and not since):
                return cls()
            resume = data.get("resume")
            return cls(
                phase,
                since,
                max(0, int(data.get("done", 0))),
                StartRequest.from_saved(resume) if isinstance(resume, dict) else None,
                str(data.get("entry_id", "")),
            )
        except (AttributeError, KeyError, TypeError, ValueError):
            return cls()


@dataclass(frozen=True)
class Turn:
    """A phase change to tell, and what it does to the timer.

    Attributes:
        kind: BREAK_STARTED, BACK_TO_WORK (a timer runs) or BREAK_OVER (none runs: start one?).
        at: when the phase changed (a stop ends the timer then).
        stop: end the running timer at ``at``.
        resume: start this timer now.
    """

    kind: str
    at: datetime
    text: str
    stop: bool = False
    resume: StartRequest | None = None


class Pomodoro:
    """Moves a ``Cycle`` along as time passes and timers start and stop.

    Args:
        rules: the settings.
        cycle: where it was (saved).
    """

    def __init__(self, rules: PomodoroRules, cycle: Cycle) -> None:
        self.rules = rules
        self.cycle = cycle if rules.enabled else Cycle()

    def phase_end(self) -> datetime | None:
        """When the current phase ends; None when off (no wake-up needed)."""
        cycle = self.cycle
        if cycle.phase == OFF or cycle.since is None or not self.rules.enabled:
            return None
        return cycle.since + self._length(cycle.phase)

    def view(self) -> PomodoroPhase | None:
        end = self.phase_end()
        if end is None:
            return None
        return PomodoroPhase(self.cycle.phase, end, self.cycle.done, self.rules.long_every)

    def timer_changed(self, running: TimeEntry | None, now: datetime) -> bool:
        """A timer started or stopped (by the person); True when the cycle changed."""
        cycle = self.cycle
        if not self.rules.enabled:
            return False
        if cycle.phase == OFF and running is not None:
            # A new round after a pause longer than a long break; else the round goes on.
            rested = cycle.since is None or now - cycle.since >= self.rules.long_break
            self.cycle = Cycle(WORK, now, 0 if rested else cycle.done, None, running.id)
        elif cycle.phase == WORK and running is None:
            self.cycle = Cycle(OFF, now, cycle.done)
        elif cycle.phase in (SHORT_BREAK, LONG_BREAK) and running is not None:
            if running.id == cycle.entry_id:
                return False  # the timer left running through the break
            self.cycle = Cycle(WORK, now, self._done_after_break(), None, running.id)
        else:
            return False
        return True

    def advance(self, now: datetime, running: TimeEntry | None) -> list[Turn]:
        """Play through every phase that ended by ``now``, oldest first."""
        turns: list[Turn] = []
        while (end := self.phase_end()) is not None and end <= now:
            cycle = self.cycle
            if cycle.phase == WORK:
                turns.append(self._break(end, running))
                if turns[-1].stop:
                    running = None
            else:
                turn = self._back(end, now, running)
                turns.append(turn)
                if turn.resume is not None:
                    break  # a timer starts now: its work phase begins with it
        return turns

    def skip_break(self, now: datetime, running: TimeEntry | None) -> Turn | None:
        """End the break now (the person is back early)."""
        if self.cycle.phase not in (SHORT_BREAK, LONG_BREAK):
            return None
        return self._back(now, now, running)

    def _break(self, end: datetime, running: TimeEntry | None) -> Turn:
        done = self.cycle.done + 1
        long = done % max(1, self.rules.long_every) == 0
        phase = LONG_BREAK if long else SHORT_BREAK
        stop = self.rules.stop_timer and running is not None
        resume = (
            StartRequest.like(running) if stop and running and self.rules.continue_after else None
        )
        kept = running.id if running is not None and not stop else ""
        self.cycle = Cycle(phase, end, done, resume, kept)
        minutes = _minutes(self._length(phase))
        if long:
            # Translators: "min" is minutes; the count is of the pomodoros (work phases) done.
            text = ngettext(
                "Time for a long break ({minutes} min): {done} pomodoro done.",
                "Time for a long break ({minutes} min): {done} pomodoros done.",
                done,
            ).format(minutes=minutes, done=done)
        else:
            text = ngettext(
                "Time for a {minutes}-minute break.", "Time for a {minutes}-minute break.", minutes
            ).format(minutes=minutes)
        if stop:  # a sentence of its own, after the first
            after = _("The timer is stopped and goes on after the break.")
            text += " " + (after if resume else _("The timer is stopped."))
        return Turn(BREAK_STARTED, end, text, stop=stop)

    def _back(self, end: datetime, now: datetime, running: TimeEntry | None) -> Turn:
        done = self._done_after_break()
        resume = self.cycle.resume
        if resume is not None and running is None:
            self.cycle = Cycle(WORK, now, done)  # the entry id is known once it is created
            return Turn(BACK_TO_WORK, end, _("Break over: the timer goes on."), resume=resume)
        if running is not None:
            self.cycle = Cycle(WORK, end, done, None, running.id)
            return Turn(BACK_TO_WORK, end, _("Break over: back to work."))
        self.cycle = Cycle(OFF, end, done)
        return Turn(BREAK_OVER, end, _("Break over. Start a timer when you are back."))

    def _done_after_break(self) -> int:
        return 0 if self.cycle.phase == LONG_BREAK else self.cycle.done

    def _length(self, phase: str) -> timedelta:
        rules = self.rules
        return {WORK: rules.work, SHORT_BREAK: rules.short_break}.get(phase, rules.long_break)


def _minutes(length: timedelta) -> int:
    return int(length.total_seconds() // 60)
