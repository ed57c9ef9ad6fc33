"""The state the app shows, and the one way to change it.

Every part of the tracker (its reads, its writes, its failure policy) and its keepers (idle,
reminders and the pomodoro, commands) read ``state`` here and change it through ``replace`` or
``change``; ``show`` and ``publish`` send it out, finished (with the reminder and pomodoro lines)
by whoever set ``finish``. Nothing assigns the state from outside.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any

from tray_app.core.entries import refused_writes
from tray_app.core.events import Events
from tray_app.core.session import NOT_SIGNED_IN
from tray_app.core.state import AppState
from tray_app.core.store import Store
from tray_app.core.sync import Sync
from tray_app.core.week.book import WeekBook
from tray_app.i18n import _


class Board:
    """Holds the app's state and sends it out.

    Args:
        state: the state to start from.
        store: counts what waits in the outbox and what Clockify refused.
        sync: keeps the entries shown, for the next start.
        book: the entries window's week, sent with the state while it is open.
        events: where the state goes.
    """

    def __init__(
        self, state: AppState, store: Store, sync: Sync, book: WeekBook, events: Events
    ) -> None:
        self._state = state
        self._store = store
        self._sync = sync
        self._book = book
        self._events = events
        # What a state gets before it goes out (the attention keeper's lines); set once.
        self.finish: Callable[[AppState], AppState] = lambda state: state

    @property
    def state(self) -> AppState:
        return self._state

    def replace(self, state: AppState) -> None:
        """Take ``state`` as it is (a read's or a write's result); sent at the next show."""
        self._state = state

    def change(self, **fields: Any) -> None:
        """Change some of the state's fields; sent at the next show."""
        self._state = dataclasses.replace(self._state, **fields)

    def show(self) -> None:
        """Send the state as it is, finished."""
        self._state = self.finish(self._state)
        self._events.state_changed(self._state)

    def publish(self) -> None:
        """Count what waits and what was refused, keep the entries, send the state and, when
        it changed, the open week."""
        self.change(pending=self._store.pending_count(), refused=refused_writes(self._store))
        self._sync.cache_entries(self._state)
        self.show()
        view = self._book.view(self._state) if self._book.changed else None
        if view is not None:
            self._events.week_changed(view)

    def local_ids(self) -> tuple[str, str] | None:
        """Workspace and user ids for a write, which needs no network, only a known account;
        None (and the person told) while none is known."""
        state = self._state
        if state.workspace is None or state.user is None:
            self._events.failed(_(NOT_SIGNED_IN))
            return None
        return state.workspace.id, state.user.id
