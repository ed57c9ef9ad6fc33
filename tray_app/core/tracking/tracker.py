"""The tracker: the one object the worker drives. It holds the app's state (on its board) and
owns the parts that change it: the session and preferences here; reads, writes and the failure
policy in their modules; the keepers of idle time, of reminders and the pomodoro, and of the
commands received. Results go out through an ``Events`` port: the worker turns them into Qt
signals and timers; plain pytest records them.
"""

from __future__ import annotations

import logging
from typing import Any

from tray_app.clockify import User
from tray_app.core.attention.keeper import Attention
from tray_app.core.clock import Clock, SystemClock
from tray_app.core.commands import Commands
from tray_app.core.events import Events
from tray_app.core.idle.keeper import IdleKeeper
from tray_app.core.pins import Pins, moved, pinned, unpinned
from tray_app.core.preferences import Preferences
from tray_app.core.reports.reporter import Reporter
from tray_app.core.session import Session
from tray_app.core.state import AppState, StartRequest
from tray_app.core.store import Store
from tray_app.core.sync import Sync
from tray_app.core.tracking.board import Board
from tray_app.core.tracking.failures import FailurePolicy
from tray_app.core.tracking.parts import Parts
from tray_app.core.tracking.reads import Reads
from tray_app.core.tracking.writes import Writes
from tray_app.core.week.book import WeekBook
from tray_app.i18n import _

logger = logging.getLogger(__name__)


class Tracker:
    """Carries out what the person asks, one call at a time, and keeps what is shown.

    Not thread-safe by design: one thread (the worker's) makes every call.

    Args:
        session: the key and the client.
        sync: reads and the cache.
        store: the outbox.
        preferences: the settings file and start at login.
        events: where results go.
        demo: running on the built-in demo server.
        clock: time (injected in tests).

    Attributes:
        reads, writes, failures: the parts that read, write and decide what a failure does.
        idle, attention, commands: the keepers of idle time, of reminders and the pomodoro,
            and of start/stop commands received; they change the state only through
            ``change``, ``queue`` (the writes' own) and ``publish``.
        reporter: the Reports view's reads.
        book: the entries window's week.
    """

    def __init__(
        self,
        session: Session,
        sync: Sync,
        store: Store,
        preferences: Preferences,
        events: Events,
        *,
        demo: bool = False,
        clock: Clock | None = None,
    ) -> None:
        clock = clock or SystemClock()
        self.session = session
        self.sync = sync
        self._store = store
        self.preferences = preferences
        self._events = events
        self.book = WeekBook(sync, store)
        self.board = Board(
            AppState(
                demo=demo,
                last_start=preferences.last_start(),
                pending=store.pending_count(),
                pins=preferences.pins(),
            ),
            store,
            sync,
            self.book,
            events,
        )
        self.failures = FailurePolicy(self.board, events, sync.timing.retry_delays)
        parts = Parts(
            self.board, session, store, sync, self.book, self.failures, preferences, events, clock
        )
        self.writes = Writes(parts, reread=lambda: self.reads.entries())
        self.reads = Reads(parts, self.writes)
        self.queue = self.writes.queue  # the keepers write through the outbox, as the person
        self.lacking = self.writes.lacking  # and are held to the workspace's rules, as the person
        self.reporter = Reporter(session, sync, events)  # reads only: the Reports view
        self.idle = IdleKeeper(self, events, preferences.settings.idle_minutes, clock)
        self.attention = Attention(self, events, preferences, clock)
        self.board.finish = self.attention.shown  # every state goes out with its lines
        self.commands = Commands(self, store, events)

    @property
    def state(self) -> AppState:
        return self.board.state

    # --- the session -----------------------------------------------------------------------

    def on_startup(self) -> None:
        self.board.change(autostart=self.preferences.autostart_enabled())
        if self._store.recovery_message:
            self._events.failed(self._store.recovery_message)
        why_not = self.session.restore(self.preferences.server)
        if why_not:
            self._events.needs_sign_in(why_not)
            return
        self.board.replace(self.sync.from_cache(self.state, self.preferences.settings.workspace_id))
        self.board.replace(self.reads.workday.from_cache(self.state))
        logger.info("shown from the cache: %d projects", len(self.state.projects))
        self.board.show()
        self.reads.first_sync()
        self.commands.run()  # what was asked before the app stopped, or before it was ready

    def on_sign_in(self, api_key: str, server_text: str) -> None:
        result = self.session.sign_in(api_key, server_text)
        if result.ok:
            self.preferences.set_server(server_text)
            self.board.change(key_saved=result.key_saved, offline=False)
        self._events.sign_in_finished(result)
        if result.ok:
            user: User | None = result.user
            self.failures.guard(lambda: self.reads.everything(user))
        self.commands.run()

    def on_sign_out(self) -> None:
        message = self.session.sign_out()
        if message:
            self._events.failed(message)
        self.sync.clear()
        self.board.replace(
            AppState(
                demo=self.state.demo,
                last_start=self.state.last_start,
                pending=self._store.pending_count(),
                pins=self.state.pins,
            )
        )
        self.board.show()
        self._events.needs_sign_in(
            _("Signed out. Sign in again from the tray menu to keep tracking.")
        )

    def close(self) -> None:
        self.session.close()

    # --- preferences -----------------------------------------------------------------------

    def on_set_autostart(self, enabled: bool) -> None:
        message = self.preferences.set_autostart(enabled)
        if message:
            self._events.failed(message)
        self.board.change(autostart=self.preferences.autostart_enabled())
        self.board.show()

    def on_switch_workspace(self, workspace_id: str) -> None:
        chosen = next((w for w in self.state.workspaces if w.id == workspace_id), None)
        if chosen is None or chosen == self.state.workspace:
            return
        self.preferences.set_workspace(workspace_id)
        self.board.change(workspace=chosen)
        self.board.replace(
            self.reads.workday.from_cache(self.sync.workspace_from_cache(self.state))
        )
        self.board.show()
        self.failures.guard(self.reads.workspace)

    def on_change_setting(self, name: str, value: object) -> None:
        """One setting changed in the Preferences window: saved, and followed at once."""
        why_not = self.preferences.change(name, value)
        if why_not:
            self._events.failed(why_not)
            return
        self.idle.set_minutes(self.preferences.settings.idle_minutes)
        self.attention.rules_changed()
        self.board.show()

    def on_pin(self, request: StartRequest) -> None:
        self._keep_pins(pinned(self.state, request))

    def on_unpin(self, request: StartRequest) -> None:
        self._keep_pins(unpinned(self.state, request))

    def on_move_pin(self, request: StartRequest, to: int) -> None:
        self._keep_pins(moved(self.state, request, to))

    def _keep_pins(self, pins: Pins | str) -> None:
        """Save and show the pins as changed (core/pins.py decided), or say why not."""
        if isinstance(pins, str):
            self._events.failed(pins)
            return
        if pins != self.state.pins:
            self.preferences.save_pins(pins)
            self.board.change(pins=pins)
        self.board.show()

    # --- the keepers' way in: read the state, change it narrowly, write through the outbox --

    def change(self, **fields: Any) -> None:
        """Change some of the state's fields and send the state."""
        self.board.change(**fields)
        self.board.show()

    def publish(self) -> None:
        self.board.publish()

    def local_ids(self) -> tuple[str, str] | None:
        return self.board.local_ids()
