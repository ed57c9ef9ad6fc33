"""The tracker's reads: the account at start-up and sign-in, a workspace when chosen, the
entries in the background (within the request budget), the open week and a project's tasks.
Waiting writes go first: the server is behind us until they are sent."""

from __future__ import annotations

import logging
from datetime import UTC, date, datetime, time

from tray_app.clockify import AuthError, ClockifyError, User
from tray_app.core.session import NOT_SIGNED_IN
from tray_app.core.tracking.failures import transient
from tray_app.core.tracking.parts import OnParts, Parts
from tray_app.core.tracking.writes import Writes
from tray_app.core.workday.reader import REQUESTS, WorkdayReader
from tray_app.core.workday.targets import period_start
from tray_app.i18n import N_, _, long_day

# What Clockify took, by approval period; {start} is the period's first day.
SUBMITTED = {
    "WEEKLY": N_("Submitted for approval: the week from {start}."),
    "SEMI_MONTHLY": N_("Submitted for approval: the half month from {start}."),
    "MONTHLY": N_("Submitted for approval: the month from {start}."),
}

logger = logging.getLogger(__name__)


class Reads(OnParts):
    """What is read from Clockify, and when.

    Args:
        parts: the state the reads update, the client, the sync and its budget, the open week,
            the failure policy, the workspace chosen last; a project's tasks go to the events.
        writes: sends the outbox before reading (the server is behind us until then).
    """

    def __init__(self, parts: Parts, writes: Writes) -> None:
        super().__init__(parts)
        self._writes = writes
        self.workday = WorkdayReader(parts.store, parts.clock)

    def first_sync(self) -> None:
        """Read everything; until that works, try again later, whatever stopped it."""
        error = self._failures.guard(self.everything)
        if error is not None and not transient(error) and not isinstance(error, AuthError):
            self._failures.retry.after(error)  # e.g. refused for now: the account may be fixed

    def everything(self, user: User | None = None) -> None:
        """Send waiting writes, then read user, workspaces, projects, tags and entries."""
        client = self._session.require_client()
        preferred = self._preferences.settings.workspace_id
        self._board.replace(self._sync.read_account(client, self._board.state, preferred, user))
        self._writes.flush()
        self.workspace()
        self._sync.note_full_sync()
        self._board.change(problem="")

    def workspace(self) -> None:
        """The chosen workspace's projects, tags, custom fields, workday and entries."""
        client = self._session.require_client()
        self._board.replace(self._sync.read_workspace(client, self._board.state))
        self._board.replace(self.workday.read(client, self._board.state))
        self.entries()

    def _read_workday(self) -> None:
        client = self._session.require_client()
        self._board.replace(self.workday.read(client, self._board.state))

    def entries(self) -> None:
        """Take the server's running timer and recent entries, unless our writes still wait."""
        if self._store.pending_count():
            self._writes.flush()
            if self._store.pending_count():
                return  # the server is behind us; keep the local view
        client = self._session.require_client()
        state = self._board.state
        if state.workspace is None or state.user is None:
            raise AuthError(_(NOT_SIGNED_IN))
        self._board.replace(self._sync.read_entries(client, state))
        if self._sync.synced:
            self._board.change(problem="")  # Clockify answers again

    # --- in the background -----------------------------------------------------------------

    def on_refresh(self) -> None:
        """A sync the person asked for (opening the menu): throttled, within the budget."""
        if self._sync.menu_sync_due():
            self._background()

    def on_tick(self) -> None:
        """The periodic sync timer fired."""
        self._sync.on_tick()
        self._background()

    def on_retry(self) -> None:
        """The retry timer fired: send what waits, or read what start-up could not."""
        if not self._sync.synced:
            self.first_sync()  # start-up never reached the server: again
            return
        self._writes.flush()
        if not self._store.pending_count() and not self._board.state.offline:
            self._failures.guard(self.entries)

    def on_network_back(self) -> None:
        """The system says the network is back: send what waits now, not at the next retry."""
        if self._board.state.offline or self._store.pending_count() or not self._sync.synced:
            self.on_retry()

    def _background(self) -> None:
        """Pick up timers started or stopped elsewhere: one request, if the budget allows."""
        state = self._board.state
        if self._session.client is None or state.workspace is None or state.user is None:
            return
        if self._sync.spend_background_request():
            self._failures.guard(self.entries)
        if self._book.week is not None and self._sync.spend_background_request():
            self._read_week()  # entries changed on another device show up
        if self.workday.due() and self._sync.budget.try_spend(REQUESTS):
            self._failures.guard(self._read_workday)  # hourly: it changes rarely
            if self._book.week is not None and self._sync.budget.try_spend(1):
                self._read_week(plan="approval")  # an approval decided on the web shows
        state = self._board.state
        if state.unavailable and not state.offline:
            self._failures.guard(self._read_unavailable)

    def _read_unavailable(self) -> None:
        client = self._session.require_client()
        self._board.replace(self._sync.read_unavailable(client, self._board.state))

    # --- the entries window and the forms ---------------------------------------------------

    def on_show_week(self, first: date | None) -> None:
        """Show the week starting ``first`` (this week if None): the copy kept here at once,
        then Clockify's, every page."""
        self._book.open(first, self._board.state, self._clock.now())
        self._board.publish()
        self._read_week(plan="all")

    def on_close_week(self) -> None:
        self._book.close()

    def _read_week(self, *, plan: str = "") -> None:
        """The open week's entries; with ``plan`` "all", its targets and approval too (with
        "approval", its approval alone, where the rest was read)."""
        client = self._session.client
        if client is not None:
            error = self._book.read(client, self._board.state)
            if error is None and plan:
                only = plan == "approval"
                error = self._book.read_plan(client, self._board.state, approval_only=only)
            if error is None:  # a locked entry: may this user still change it?
                self._failures.guard(self._read_roles)
            if error is not None:
                self._failures.note_connection(error)
            self._board.publish()

    def on_submit_period(self, first: date) -> None:
        """Submit the approval period holding the shown week that starts on ``first``, then
        read its state again (Clockify's answer says whether it was taken)."""
        client, state = self._session.client, self._board.state
        plan = self._book.plan(state)
        if client is None or state.workspace is None or state.user is None:
            self._events.failed(_("Not submitted for approval: not signed in."))
            return
        period = plan.period if plan is not None else "WEEKLY"
        start = period_start(first, period)
        moment = datetime.combine(start, time(0), state.zone).astimezone(UTC)
        try:
            client.submit_for_approval(state.workspace.id, moment, period)
        except ClockifyError as err:
            self._events.failed(_("Not submitted for approval: {reason}").format(reason=err.reason))
            self._book.changed = True  # the window shows its button again
        else:
            self._events.notice(_(SUBMITTED[period]).format(start=long_day(start)))
        self._read_week(plan="all")

    def _read_roles(self) -> None:
        client = self._session.require_client()
        state = self._sync.roles_for(client, self._board.state, self._book.entries)
        self._board.replace(state)

    def on_load_tasks(self, project_id: str) -> None:
        """A project's tasks, for the forms; the state keeps them."""
        state = self._board.state
        tasks, loaded = self._sync.load_tasks(self._session.client, state, project_id)
        if loaded != state:
            self._board.replace(loaded)
            self._board.show()
        self._events.tasks_loaded(project_id, tasks)
