"""Start/stop and stop, however the person asked (a click on the icon, a global shortcut, a
second launch with ``--toggle``): kept in the store the moment they are received, then decided
and carried out on the worker's thread, in order, against the state there.

Deciding there, not where the click landed, is what makes two quick toggles a start and a stop:
the GUI's copy of the state lags the worker's. Keeping each command before the sender is told
"done" makes an acknowledged command survive a crash: what was not carried out is carried out at
the next start. The writes a command makes and its removal share one transaction, so it is
carried out exactly once; its moment is when it was received, not when the worker got to it.
"""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Protocol

from tray_app.clockify import TimeEntry
from tray_app.core.entries import Write, start_writes, stop_writes
from tray_app.core.events import Events
from tray_app.core.preferences import Preferences
from tray_app.core.rules import Lacking
from tray_app.core.state import AppState, StartRequest
from tray_app.core.store import Store

logger = logging.getLogger(__name__)

TOGGLE, STOP = "toggle", "stop"
KEPT = (TOGGLE, STOP)


class Queue(Protocol):
    """The tracker as the commands use it."""

    preferences: Preferences

    @property
    def state(self) -> AppState: ...

    def lacking(self, what: TimeEntry | StartRequest) -> Lacking: ...

    def queue(
        self, writes: list[Write], shown: AppState, fixes: int | None = None, *, done_command: int
    ) -> int | None: ...


class Commands:
    """The commands waiting to be carried out.

    Args:
        tracker: the state and the outbox.
        store: where commands are kept.
        events: told when a toggle has nothing to start (quick start asks what).
    """

    def __init__(self, tracker: Queue, store: Store, events: Events) -> None:
        self._tracker = tracker
        self._store = store
        self._events = events

    def keep(self, command: str) -> int:
        """Keep ``command`` until it is carried out. Called on the GUI thread before the
        sender is told it was taken: one small write, the price of not losing it."""
        if command not in KEPT:
            raise ValueError(f"not a kept command: {command}")
        return self._store.keep_command(command)

    def run(self) -> None:
        """Carry out what waits, oldest first; it waits while no account is known."""
        for command_id, command, received in self._store.commands():
            state = self._tracker.state
            if state.workspace is None or state.user is None:
                return
            self._carry_out(command_id, command, received, state)

    def _carry_out(
        self, command_id: int, command: str, received: datetime, state: AppState
    ) -> None:
        assert state.workspace is not None and state.user is not None
        running = state.running
        if running is not None:
            logger.info("command %s: stop", command)
            end = max(received, running.start)
            lacking = self._tracker.lacking(running)
            if lacking:  # Clockify would refuse the stop: the person is asked first
                self._store.drop_command(command_id)
                self._events.stop_needs(running, lacking, end)
                return
            writes, shown = stop_writes(state, state.workspace.id, end)
            self._tracker.queue(writes, shown, done_command=command_id)
            return
        request = state.restart_request() if command == TOGGLE else None
        why = self._tracker.lacking(request).message if request is not None else ""
        if request is None or why:
            self._store.drop_command(command_id)
            if command == TOGGLE:  # nothing to start again, or not as it was: ask what
                self._events.quick_start_wanted(request, why)
            return
        logger.info("command %s: start again", command)
        writes, shown = start_writes(state, request, state.workspace.id, state.user.id, received)
        self._tracker.preferences.remember_start(request)
        self._tracker.queue(writes, shown, done_command=command_id)
