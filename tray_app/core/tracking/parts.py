"""What the tracker's reads and writes share: the state's board, the session, the store, the
sync, the open week, the failure policy, the preferences, the events and the clock."""

from __future__ import annotations

from dataclasses import dataclass

from tray_app.core.clock import Clock
from tray_app.core.events import Events
from tray_app.core.preferences import Preferences
from tray_app.core.session import Session
from tray_app.core.store import Store
from tray_app.core.sync import Sync
from tray_app.core.tracking.board import Board
from tray_app.core.tracking.failures import FailurePolicy
from tray_app.core.week.book import WeekBook


@dataclass(frozen=True)
class Parts:
    """The tracker's parts, as its reads and writes use them.

    Attributes:
        board: the state and the one way to change it.
        session: the key and the client.
        store: the outbox.
        sync: reads, the cache and the request budget.
        book: the entries window's week.
        failures: what a failed call does.
        preferences: the settings and the last start.
        events: results for the person.
        clock: time.
    """

    board: Board
    session: Session
    store: Store
    sync: Sync
    book: WeekBook
    failures: FailurePolicy
    preferences: Preferences
    events: Events
    clock: Clock


class OnParts:
    """A part of the tracker that works on its shared ``Parts`` (its reads, its writes)."""

    def __init__(self, parts: Parts) -> None:
        self._board = parts.board
        self._session = parts.session
        self._store = parts.store
        self._sync = parts.sync
        self._book = parts.book
        self._failures = parts.failures
        self._preferences = parts.preferences
        self._events = parts.events
        self._clock = parts.clock
