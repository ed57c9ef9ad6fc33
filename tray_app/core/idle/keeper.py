"""The idle prompt's side of the tracker: readings in, "you were away" out, choices as writes.

The choices are Clockify's (discard the idle time, discard it and continue, keep it) and one
it lacks (give the idle time to another project or description: the timer ends at the last
input, a new entry covers the time away, the timer goes on). Each is a set of writes queued in
the outbox like any start or stop, so it lands exactly once, offline too.
"""

from __future__ import annotations

import dataclasses
import logging
from datetime import datetime, timedelta
from typing import Any, Protocol

from tray_app.clockify.models import TimeEntry
from tray_app.core.clock import Clock
from tray_app.core.entries import (
    Write,
    delete_write,
    entry_write,
    shown_with,
    start_writes,
    stop_writes,
)
from tray_app.core.events import Events
from tray_app.core.idle.watch import (
    CHECK_EVERY,
    DISCARD_CONTINUE,
    KEEP,
    REASSIGN,
    IdleChoice,
    IdleWatch,
)
from tray_app.core.state import AppState, EntryRequest, StartRequest

logger = logging.getLogger(__name__)

# A wall clock that moved this much further than the time between two readings means the
# machine was suspended (without logind telling): the gap counts as time away.
JUMP = timedelta(minutes=2)
MIN_MINUTES = 0.05  # the settings file may hold less than a minute (to try it out: 3 s)
# Less than this kept of a timer whose idle time is given back is no work: the entry goes whole.
FRAGMENT = timedelta(minutes=1)


class Writer(Protocol):
    """What of the tracker the idle keeper uses: its state, read only, changed through
    ``change`` or through writes to its outbox."""

    @property
    def state(self) -> AppState: ...

    def change(self, **fields: Any) -> None: ...
    def local_ids(self) -> tuple[str, str] | None: ...
    def queue(
        self, writes: list[Write], shown: AppState, fixes: int | None = None
    ) -> int | None: ...


class IdleKeeper:
    """Feeds idle readings to an ``IdleWatch`` and carries out the person's choice.

    Args:
        tracker: the state and the outbox.
        events: ``idle_returned`` goes there.
        minutes: the idle threshold.
        clock: time (injected in tests).
    """

    def __init__(self, tracker: Writer, events: Events, minutes: float, clock: Clock) -> None:
        self._tracker = tracker
        self._events = events
        self._clock = clock
        self.watch = IdleWatch(timedelta(minutes=max(MIN_MINUTES, minutes)), clock)
        self._last_reading: tuple[datetime, str] | None = None  # when, and for which timer
        self.why_not = ""  # why idle time cannot be read here, once known
        self._away_from: datetime | None = None  # asleep or locked since

    def on_reading(self, idle_seconds: float | None) -> None:
        """The idle source was read (``None``: it could not tell)."""
        now = self._clock.now()
        running = self._tracker.state.running
        last, self._last_reading = self._last_reading, (now, running.id if running else "")
        span = None
        same_timer = last is not None and running is not None and last[1] == running.id
        if same_timer and last is not None and now - last[0] > CHECK_EVERY + JUMP:
            span = self.watch.away_since(last[0], running)  # the wall clock jumped: a suspend
        span = span or self.watch.check(idle_seconds, running)
        if span is not None:
            logger.info("back after %s idle", span.length(now))
            self._events.idle_returned(span)

    @property
    def away(self) -> bool:
        """Asleep or locked now (as the system told)."""
        return self._away_from is not None

    def set_minutes(self, minutes: float) -> None:
        """A new idle threshold, from the next reading on."""
        self.watch.threshold = timedelta(minutes=max(MIN_MINUTES, minutes))

    def on_away_started(self, stop: bool) -> None:
        """The machine sleeps, shuts down or locks now; ``stop``: end the timer at this moment
        (the writes wait in the outbox if the machine goes before they are sent)."""
        now = self._clock.now().replace(microsecond=0)
        self._away_from = self._away_from or now
        state = self._tracker.state
        ids = self._tracker.local_ids()
        if stop and state.running is not None and ids is not None:
            logger.info("timer stopped: the machine sleeps or locks")
            self._tracker.queue(*stop_writes(state, ids[0], now))

    def on_away_ended(self) -> None:
        """Awake or unlocked: a gap longer than the threshold brings the prompt."""
        since, self._away_from = self._away_from, None
        if since is not None:
            self.on_away(since)

    def on_away(self, since: datetime) -> None:
        """The machine slept or the session was locked from ``since`` until now."""
        span = self.watch.away_since(since, self._tracker.state.running)
        if span is not None:
            self._events.idle_returned(span)

    def on_choice(self, choice: IdleChoice) -> None:
        """Carry out the choice for the timer that ran while the person was away."""
        self.watch.resolved()
        state = self._tracker.state
        running = state.running
        ids = self._tracker.local_ids()
        if choice.choice == KEEP or ids is None:
            return
        if running is None or running.id != choice.span.entry_id:
            logger.info("idle choice for a timer no longer running: nothing to do")
            return
        writes, shown = self._writes(choice, running, state, *ids)
        self._tracker.queue(writes, shown)

    def unavailable(self, why: str) -> None:
        """No idle source works here: say so, once."""
        if not self.why_not:
            self.why_not = why
            self._events.notice(why)
            # The settings say so too, instead of silently doing nothing.
            self._tracker.change(idle_unavailable=why)

    def next_check(self) -> timedelta | None:
        return self.watch.next_check(self._tracker.state.running)

    def _writes(
        self, choice: IdleChoice, running: TimeEntry, state: AppState, workspace: str, user: str
    ) -> tuple[list[Write], AppState]:
        now = self._clock.now().replace(microsecond=0)
        since = choice.span.since.replace(microsecond=0)
        back = (choice.span.back or now).replace(microsecond=0)
        if since - running.start < FRAGMENT:
            write, shown = delete_write(state, running, workspace)
            writes = [write]
        else:
            writes, shown = stop_writes(state, workspace, since)
        if choice.choice == DISCARD_CONTINUE:
            more, shown = start_writes(shown, StartRequest.like(running), workspace, user, now)
            writes += more
        elif choice.choice == REASSIGN and choice.reassign_to is not None and back > since:
            other = choice.reassign_to
            request = EntryRequest.spanning(other, since, back)
            write, _ = entry_write(request, workspace, user)
            shown = shown_with(shown, [write])
            more, shown = start_writes(shown, StartRequest.like(running), workspace, user, back)
            writes += [write, *more]
            shown = dataclasses.replace(shown, last_start=state.last_start)
        return writes, shown
