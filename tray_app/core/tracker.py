"""The tracker: the one object that holds the app's state and carries out what the person asks.

It owns the session, the sync, the outbox and the preferences, and tells the outside world
what happened through an ``Events`` port: the worker turns those calls into Qt signals and
timers; plain pytest records them. Every write goes into the outbox (SQLite) first and the state
shows it at once; the outbox is then sent in order. Offline, writes wait there and are retried
with growing delays; nothing is dropped.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Callable
from datetime import date, datetime
from typing import Any

from tray_app.clockify import (
    AuthError,
    ClockifyError,
    NetworkError,
    Project,
    RateLimited,
    ServerError,
    TimeEntry,
    User,
)
from tray_app.core.clock import Clock, SystemClock
from tray_app.core.entries import (
    Write,
    delete_write,
    describe,
    edit_write,
    entry_write,
    merge_replayed,
    project_write,
    refused_writes,
    shown_with,
    start_writes,
    stop_writes,
    with_project,
)
from tray_app.core.events import Events
from tray_app.core.idling import IdleKeeper
from tray_app.core.outbox import Replayer, resend_refused
from tray_app.core.preferences import Preferences
from tray_app.core.reporting import Reporter
from tray_app.core.retry import RetrySchedule
from tray_app.core.rules import project_name_problem
from tray_app.core.session import KEY_REFUSED, NOT_SIGNED_IN, Session
from tray_app.core.state import AppState, EntryEdit, EntryRequest, StartRequest
from tray_app.core.store import Store
from tray_app.core.sync import Sync
from tray_app.core.weekbook import WeekBook

logger = logging.getLogger(__name__)
ONLY_ADMINS_CREATE_PROJECTS = "Only admins can create projects in this workspace."


class Tracker:
    """Carries out start, stop, manual entry, sign-in and the rest, one call at a time.

    Not thread-safe by design: one thread (the worker's) makes every call.

    Args:
        session: the key and the client.
        sync: reads and the cache.
        store: the outbox.
        preferences: the settings file and start at login.
        events: where results go.
        demo: running on the built-in demo server.
        clock: time (injected in tests).
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
        self.session = session
        self.sync = sync
        self._store = store
        self.preferences = preferences
        self._events = events
        self._clock = clock or SystemClock()
        self.state = AppState(
            demo=demo, last_start=preferences.last_start(), pending=store.pending_count()
        )
        self._retry = RetrySchedule(sync.timing.retry_delays, events)
        self.book = WeekBook(sync, store)
        self.reporter = Reporter(session, sync, events)  # reads only: the Reports view
        self.idle = IdleKeeper(self, events, preferences.settings.idle_minutes, self._clock)

    # --- the session -----------------------------------------------------------------------

    def on_startup(self) -> None:
        self._set(autostart=self.preferences.autostart_enabled())
        if self._store.recovery_message:
            self._events.failed(self._store.recovery_message)
        why_not = self.session.restore(self.preferences.server)
        if why_not:
            self._events.needs_sign_in(why_not)
            return
        self.state = self.sync.from_cache(self.state, self.preferences.settings.workspace_id)
        logger.info("shown from the cache: %d projects", len(self.state.projects))
        self._events.state_changed(self.state)
        self._first_sync()

    def _first_sync(self) -> None:
        """Read everything; until that works, try again later, whatever stopped it."""
        error = self._guard(self._sync_everything)
        if error is not None and not _transient(error) and not isinstance(error, AuthError):
            self._retry.after(error)  # e.g. refused for now: the account may be fixed

    def on_sign_in(self, api_key: str, server_text: str) -> None:
        result = self.session.sign_in(api_key, server_text)
        if result.ok:
            self.preferences.set_server(server_text)
            self._set(key_saved=result.key_saved, offline=False)
        self._events.sign_in_finished(result)
        if result.ok:
            self._guard(lambda: self._sync_everything(result.user))

    def on_sign_out(self) -> None:
        message = self.session.sign_out()
        if message:
            self._events.failed(message)
        self.sync.clear()
        self.state = AppState(
            demo=self.state.demo,
            last_start=self.state.last_start,
            pending=self._store.pending_count(),
        )
        self._events.state_changed(self.state)
        self._events.needs_sign_in("Signed out. Sign in again from the tray menu to keep tracking.")

    # --- preferences -----------------------------------------------------------------------

    def on_set_autostart(self, enabled: bool) -> None:
        message = self.preferences.set_autostart(enabled)
        if message:
            self._events.failed(message)
        self._set(autostart=self.preferences.autostart_enabled())
        self._events.state_changed(self.state)

    def on_switch_workspace(self, workspace_id: str) -> None:
        chosen = next((w for w in self.state.workspaces if w.id == workspace_id), None)
        if chosen is None or chosen == self.state.workspace:
            return
        self.preferences.set_workspace(workspace_id)
        self._set(workspace=chosen)
        self.state = self.sync.workspace_from_cache(self.state)
        self._events.state_changed(self.state)
        self._guard(self._load_workspace)

    # --- background reads ------------------------------------------------------------------

    def on_refresh(self) -> None:
        """A sync the person asked for (opening the menu): throttled, within the budget."""
        if self.sync.menu_sync_due():
            self._background_sync()

    def on_tick(self) -> None:
        """The periodic sync timer fired."""
        self.sync.on_tick()
        self._background_sync()

    def on_retry(self) -> None:
        """The retry timer fired: send what waits, or read what start-up could not."""
        if not self.sync.synced:
            self._first_sync()  # start-up never reached the server: again
            return
        self._flush()
        if not self._store.pending_count() and not self.state.offline:
            self._guard(self._sync_entries)

    def on_network_back(self) -> None:
        """The system says the network is back: send what waits now, not at the next retry."""
        if self.state.offline or self._store.pending_count() or not self.sync.synced:
            self.on_retry()

    def _background_sync(self) -> None:
        """Pick up timers started or stopped elsewhere: one request, if the budget allows."""
        if self.session.client is None or self.state.workspace is None or self.state.user is None:
            return
        if self.sync.spend_background_request():
            self._guard(self._sync_entries)
        if self.book.week is not None and self.sync.spend_background_request():
            self._read_week()  # entries changed on another device show up
        if self.state.unavailable and not self.state.offline:
            self._guard(self._read_unavailable)

    # --- writes: outbox first, then send ---------------------------------------------------

    def on_start(self, request: StartRequest) -> None:
        ids = self.local_ids()
        if ids is None:
            return
        writes, shown = start_writes(self.state, request, *ids, self._now())
        self.preferences.remember_start(request)
        self.queue(writes, shown)

    def on_stop(self) -> None:
        ids = self.local_ids()
        if ids is None or self.state.running is None:
            return
        self.queue(*stop_writes(self.state, ids[0], self._now()))

    def on_create_entry(self, request: EntryRequest) -> None:
        """Record a finished entry; with ``request.fixes``, in place of that refused write."""
        ids = self.local_ids()
        if ids is None:
            self._events.entry_failed(request.request_id, "Not signed in.")
            return
        write, entry = entry_write(request, *ids)
        op_id = self.queue([write], shown_with(self.state, [write]), fixes=request.fixes)
        op = self._store.op(op_id) if op_id is not None else None
        if op is None or op.status == "failed":
            why = op.last_error if op else "That entry was sent or discarded meanwhile."
            self._events.entry_failed(request.request_id, why)
            return
        if op.status == "pending":
            self._events.notice(
                "The entry is saved on this computer and will be sent to Clockify when the "
                "connection is back."
            )
        # Sent: the outbox replaced the local entry by Clockify's version, under its id.
        server_id = self._store.server_id(entry.id)
        saved = next((e for e in self.state.recent if e.id == server_id), entry)
        self._events.entry_saved(request.request_id, saved)

    def on_update_entry(self, edit: EntryEdit) -> None:
        """Change an entry (the running one too): shown at once, sent in order."""
        ids = self.local_ids()
        if ids is not None:
            write, shown = edit_write(self.state, edit, ids[0])
            if self.queue([write], shown, fixes=edit.fixes) is None:
                self._events.failed("That change was sent or discarded meanwhile.")

    def on_delete_entry(self, entry: TimeEntry) -> None:
        ids = self.local_ids()
        if ids is not None:
            write, shown = delete_write(self.state, entry, ids[0])
            self.queue([write], shown)

    def on_create_project(self, name: str) -> None:
        ids = self.local_ids()
        if ids is None or not name.strip():
            return
        problem = project_name_problem(name) or (
            "" if self.state.may_create_projects else ONLY_ADMINS_CREATE_PROJECTS
        )
        if problem:
            self._events.failed(problem)
            return
        write, local_id = project_write(ids[0], name)
        (op_id,) = self._store.add(write)
        self._flush()
        op = self._store.op(op_id)
        if op is None or op.status == "failed":
            return  # _flush told the person why
        project = Project(id=str(self._store.server_id(local_id)), name=name.strip())
        self.state = with_project(self.state, project)
        self.sync.cache_workspace(self.state)
        self._events.state_changed(self.state)
        self._events.project_created(project)

    def on_load_tasks(self, project_id: str) -> None:
        tasks, state = self.sync.load_tasks(self.session.client, self.state, project_id)
        if state != self.state:
            self.state = state
            self._events.state_changed(state)
        self._events.tasks_loaded(project_id, tasks)

    # --- writes Clockify refused -----------------------------------------------------------

    def on_send_again(self, op_id: int) -> None:
        """Send a refused write again as it is (the reason may be gone: a project restored)."""
        resend_refused(self._store, op_id)
        self._flush()
        self._guard(self._sync_entries)  # what runs now is the server's to say

    def on_discard(self, op_id: int) -> None:
        """Give up a refused write, on purpose."""
        if self._store.discard(op_id):
            logger.info("refused write %d discarded by the person", op_id)
        self._publish()

    # --- the entries window ---------------------------------------------------------------

    def on_show_week(self, first: date | None) -> None:
        """Show the week starting ``first`` (this week if None): the copy kept here at once,
        then Clockify's, every page."""
        self.book.open(first, self.state, self._clock.now())
        self._publish()
        self._read_week()

    def on_close_week(self) -> None:
        self.book.close()

    def _read_week(self) -> None:
        if self.session.client is not None:
            error = self.book.read(self.session.client, self.state)
            if error is not None:
                self._note_connection(error)
            self._publish()

    def close(self) -> None:
        self.session.close()

    # --- the outbox ------------------------------------------------------------------------

    def _flush(self) -> None:
        """Send what waits in the outbox; show the result; schedule a retry if needed."""
        client = self.session.client
        if client is None or self.state.user is None:
            self._publish()
            return
        had_pending = self.state.pending > 0 or self.state.offline
        result = Replayer(
            client, self._store, self.state.user.id, settle=self.sync.timing.settle
        ).replay(self._clock.now())
        self.state = merge_replayed(self.state, result)
        self.book.merge(result)
        for op, message in result.failed:
            self._events.failed(f"Not saved to Clockify: {describe(op)}. {message}")
        if result.failed or result.resync:
            try:
                self._sync_entries()
            except ClockifyError as err:
                logger.info("re-reading entries after a refused write failed: %s", err.message)
        if result.stopped_by is None:
            if had_pending and result.sent and self.state.offline:
                self._events.notice("Back online: everything waiting has been sent to Clockify.")
            self._retry.succeeded()
            self._set(offline=False)
        elif isinstance(result.stopped_by, AuthError):
            # The key was revoked or replaced: the writes wait, unharmed, for a new sign-in.
            self._set(problem=KEY_REFUSED)
            self._events.needs_sign_in(KEY_REFUSED)
        else:
            self._note_connection(result.stopped_by)
            self._retry.after(result.stopped_by)
        self._publish()

    def _note_connection(self, error: ClockifyError) -> None:
        if isinstance(error, NetworkError):
            self._set(offline=True)

    def queue(
        self,
        writes: list[Write],
        shown: AppState,
        fixes: int | None = None,
        *,
        done_command: int | None = None,
    ) -> int | None:
        """Keep ``writes`` in the outbox (the last in place of refused write ``fixes``, or as
        the command ``done_command``), show them at once, then send them (may take a while).
        Returns the last write's id; None when ``fixes`` is no longer a refused write."""
        if fixes is None:
            op_id = self._store.add(*writes, done_command=done_command)[-1]
        else:
            fixed = self._store.replace_refused(fixes, *writes[-1])
            if fixed is None:
                return None
            op_id = fixed
        self.state = shown
        self.book.apply(writes, shown)
        self._publish()
        self._flush()
        return op_id

    def publish(self) -> None:
        self._publish()

    def _publish(self) -> None:
        self._set(pending=self._store.pending_count(), refused=refused_writes(self._store))
        self.sync.cache_entries(self.state)
        self._events.state_changed(self.state)
        view = self.book.view() if self.book.changed else None
        if view is not None:
            self._events.week_changed(view)

    # --- reading ---------------------------------------------------------------------------

    def _sync_everything(self, user: User | None = None) -> None:
        """Send waiting writes, then read user, workspaces, projects, tags and entries."""
        client = self.session.require_client()
        preferred = self.preferences.settings.workspace_id
        self.state = self.sync.read_account(client, self.state, preferred, user)
        self._flush()
        self._load_workspace()
        self.sync.note_full_sync()
        self._set(problem="")

    def _load_workspace(self) -> None:
        self.state = self.sync.read_workspace(self.session.require_client(), self.state)
        self._sync_entries()

    def _read_unavailable(self) -> None:
        self.state = self.sync.read_unavailable(self.session.require_client(), self.state)

    def _sync_entries(self) -> None:
        """Take the server's running timer and recent entries, unless our writes still wait."""
        if self._store.pending_count():
            self._flush()
            if self._store.pending_count():
                return  # the server is behind us; keep the local view
        client = self.session.require_client()
        if self.state.workspace is None or self.state.user is None:
            raise AuthError(NOT_SIGNED_IN)
        self.state = self.sync.read_entries(client, self.state)
        if self.sync.synced:
            self._set(problem="")  # Clockify answers again

    # --- plumbing --------------------------------------------------------------------------

    def _now(self) -> datetime:
        """Now, to the second: Clockify keeps entry times in whole seconds."""
        return self._clock.now().replace(microsecond=0)

    def _set(self, **changes: Any) -> None:
        self.state = dataclasses.replace(self.state, **changes)

    def local_ids(self) -> tuple[str, str] | None:
        """Workspace and user ids for a write, which needs no network, only a known account."""
        if self.state.workspace is None or self.state.user is None:
            self._events.failed(NOT_SIGNED_IN)
            return None
        return self.state.workspace.id, self.state.user.id

    def _guard(self, action: Callable[[], None]) -> ClockifyError | None:
        """Run ``action``; report a failure as a message; always send the resulting state.

        Returns:
            the error that stopped ``action``, if any.
        """
        try:
            action()
        except ClockifyError as err:
            logger.info("action failed: %s", type(err).__name__)
            self._note_connection(err)
            if not isinstance(err, NetworkError):  # offline has its own line and badge
                self._set(problem=err.message)
            transient = _transient(err)
            if transient:
                self._retry.after(err)  # try again later; offline shows in the tray
            # A storm of 429s or 5xx is told once, not at every retry; offline shows as a badge.
            if isinstance(err, AuthError):
                self._events.needs_sign_in(f"{err.message} Sign in again from the tray menu.")
            elif not isinstance(err, NetworkError) and (not transient or self._retry.failures == 1):
                self._events.failed(err.message)
            return err
        finally:
            self._publish()
        return None


def _transient(error: ClockifyError) -> bool:
    """Offline, rate limited or a server error: worth trying again soon, the same way."""
    return isinstance(error, NetworkError | RateLimited | ServerError)
