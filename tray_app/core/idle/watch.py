"""When the person went idle while a timer ran, and when they came back (no Qt, no I/O).

The idle source is read now and then; this decides. Idle time counts from the last input on,
once it passes the threshold; the prompt comes when input resumes, and only for the timer
that ran then (a timer stopped or changed elsewhere meanwhile drops it). How often to look:
never while no timer runs, about once a minute while one does, a little more often while the
person is away, so the prompt is there soon after they are back.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from tray_app.clockify.models import TimeEntry
from tray_app.core.clock import Clock
from tray_app.core.state import StartRequest

CHECK_EVERY = timedelta(seconds=60)
CHECK_WHILE_AWAY = timedelta(seconds=10)


@dataclass(frozen=True)
class IdleSpan:
    """Time nobody worked, while ``entry_id`` ran: from the last input to the return."""

    entry_id: str
    since: datetime
    back: datetime | None = None

    def length(self, now: datetime) -> timedelta:
        return (self.back or now) - self.since


class IdleWatch:
    """Turns idle readings into "went idle" and "came back" for the running timer.

    Args:
        threshold: how long without input counts as idle (the setting, default 10 minutes).
        clock: time (injected in tests).

    Attributes:
        away: idle noticed; the person is not back yet.
        waiting: back: the prompt waits for a choice (kept if the prompt is dismissed).
    """

    def __init__(self, threshold: timedelta, clock: Clock) -> None:
        self.threshold = threshold
        self._clock = clock
        self.away: IdleSpan | None = None
        self.waiting: IdleSpan | None = None

    def check(self, idle_seconds: float | None, running: TimeEntry | None) -> IdleSpan | None:
        """Read the source's answer; the span when the person has just come back."""
        now = self._clock.now()
        self._forget_unless(running)
        if running is None or idle_seconds is None or self.waiting is not None:
            return None
        last_input = now - timedelta(seconds=idle_seconds)
        if timedelta(seconds=idle_seconds) >= self.threshold:
            if self.away is None:
                # Idle from the last input, but never before the timer started.
                self.away = IdleSpan(running.id, max(last_input, running.start))
            return None
        if self.away is None:
            return None
        # Back at the first input after the break, not when that was noticed.
        self.waiting = IdleSpan(self.away.entry_id, self.away.since, last_input)
        self.away = None
        return self.waiting

    def away_since(self, moment: datetime, running: TimeEntry | None) -> IdleSpan | None:
        """The machine slept, locked or jumped in time from ``moment`` until now: the person
        was away; the span when that is longer than the threshold (else nothing)."""
        now = self._clock.now()
        self._forget_unless(running)
        if running is None or self.waiting is not None or now - moment < self.threshold:
            return None
        since = min(moment, self.away.since) if self.away else moment
        self.away = None
        self.waiting = IdleSpan(running.id, max(since, running.start), now)
        return self.waiting

    def resolved(self) -> None:
        """A choice was made (or the timer is gone): no prompt waits."""
        self.waiting = None

    def next_check(self, running: TimeEntry | None) -> timedelta | None:
        """When to read the source again; None while no timer runs (no wake-ups at all)."""
        if running is None or self.waiting is not None:
            return None
        # A short threshold (tried out, or tests) is read more often than once a minute.
        if self.away is not None:
            return min(CHECK_WHILE_AWAY, self.threshold / 4)
        return min(CHECK_EVERY, self.threshold / 2)

    def _forget_unless(self, running: TimeEntry | None) -> None:
        for span in (self.away, self.waiting):
            if span is not None and (running is None or running.id != span.entry_id):
                self.away = self.waiting = None  # stopped or changed elsewhere: no prompt


# What the person may do with idle time (the idle prompt's choices).
DISCARD, DISCARD_CONTINUE, KEEP, REASSIGN = "discard", "discard-continue", "keep", "reassign"


@dataclass(frozen=True)
class IdleChoice:
    """What to do with ``span``; ``reassign_to`` says what the time away was (``REASSIGN``)."""

    span: IdleSpan
    choice: str
    reassign_to: StartRequest | None = None
