"""The week the entries window shows: read on demand, kept for offline, local writes applied.

While the window is open, the book holds one week of the user's entries: the copy kept on this
computer at once, then Clockify's (every page). Writes the person makes are applied to it as
they are queued, and the server's versions replace the local stand-ins once sent, so what the
window shows is always what Clockify will hold. Closing the window lets the entries go.
"""

from __future__ import annotations

import logging
from datetime import date, datetime

from tray_app.clockify import ClockifyClient, ClockifyError, NetworkError, TimeEntry
from tray_app.core.entries import Write, apply_pending
from tray_app.core.outbox import ReplayResult
from tray_app.core.state import AppState
from tray_app.core.store import Op, Store
from tray_app.core.sync import Sync
from tray_app.core.week.days import READING, Week, WeekView, week_of
from tray_app.core.workday.targets import WeekPlan
from tray_app.core.workday.week_plan import read_week_plan
from tray_app.i18n import _

logger = logging.getLogger(__name__)


class WeekBook:
    """Holds the shown week and its entries; the tracker feeds it reads and writes.

    Args:
        sync: reads the week and keeps its copy.
        store: the outbox, whose waiting writes apply to what is read.

    Attributes:
        week: the shown week; None while the window is closed.
        changed: the view changed since the tracker last sent it.
    """

    def __init__(self, sync: Sync, store: Store) -> None:
        self._sync = sync
        self._store = store
        self.week: Week | None = None
        self.changed = False
        self._today: Week | None = None
        self._entries: list[TimeEntry] = []
        self._fresh = False
        self._note = ""
        self._reading = False  # opened, and neither Clockify's answer nor a failure yet
        self._task_names: dict[str, str] = {}
        self._plans: dict[tuple[str, date], WeekPlan] = {}  # (workspace, week) → its plan

    def open(self, first: date | None, state: AppState, now: datetime) -> None:
        """Show the week starting ``first`` (this week if None): the copy kept here, at once."""
        week_start = state.user.week_start if state.user else None
        self._today = week_of(now, state.zone, week_start)
        self.week = self._today if first is None else Week(first, state.zone)
        cached = self._sync.week_from_cache(state, self.week)
        self._take(cached or [], state)
        self._read_task_names(None, state)
        self._fresh = False
        self._note = _(READING)
        self._reading = True
        self.changed = True

    def close(self) -> None:
        """The window closed: let the entries go."""
        self.week = None
        self._entries = []
        self.changed = False

    def read(self, client: ClockifyClient, state: AppState) -> ClockifyError | None:
        """Clockify's version of the shown week; on failure keep the copy and say why.

        Returns:
            the error that stopped the read, if any (the tracker notes offline from it).
        """
        if self.week is None or state.user is None:
            return None
        week = self.week
        try:
            entries = self._sync.read_week(client, state, week)
        except ClockifyError as err:
            logger.info("week %s not read: %s", week.first, type(err).__name__)
            kept = self._sync.week_from_cache(state, week) is not None
            if isinstance(err, NetworkError):
                # Translators: the week could not be read: no connection to Clockify.
                why = _("Offline.")
            else:
                why = _("Clockify did not give this week's entries: {reason}.").format(
                    reason=err.reason.rstrip(".")
                )
            shown = (
                _("Shown as last read on this computer.")
                if kept
                else _("This week was never read on this computer.")
            )
            self._note, self._reading = f"{why} {shown}", False
            self.changed = True
            return err
        if self.week == week:  # still the week shown
            self._take(entries, state)
            self._fresh, self._note, self._reading = True, "", False
            self._read_task_names(client, state)
            self.changed = True
        return None

    def read_plan(
        self, client: ClockifyClient, state: AppState, *, approval_only: bool = False
    ) -> ClockifyError | None:
        """The shown week's targets, holidays, time off and approval (four requests, when the
        week is shown); with ``approval_only``, once the rest is known, its approval alone
        (one request, with the hourly workday read). Kept while the app runs."""
        if self.week is None or state.user is None or state.workspace is None:
            return None
        week, key = self.week, (state.workspace.id, self.week.first)
        try:
            known = self._plans.get(key) if approval_only else None
            plan = read_week_plan(client, key[0], state.user.id, week, state.zone, known)
        except ClockifyError as err:
            logger.info("plan of week %s not read: %s", week.first, type(err).__name__)
            return err
        if self._plans.get(key) != plan:
            self._plans[key] = plan
            self.changed = self.changed or self.week == week
        return None

    def plan(self, state: AppState) -> WeekPlan | None:
        """The shown week's plan, as last read (None: not read)."""
        if self.week is None or state.workspace is None:
            return None
        return self._plans.get((state.workspace.id, self.week.first))

    def _read_task_names(self, client: ClockifyClient | None, state: AppState) -> None:
        """Names of the week's tasks, every project's (read once, then kept)."""
        workspace = state.workspace.id if state.workspace else ""
        self._task_names.update(self._sync.task_names(client, workspace, self._entries))

    def apply(self, writes: list[Write], state: AppState) -> None:
        """Show writes just queued, before they are sent."""
        if self.week is not None:
            ops = [Op(0, kind, payload, datetime.min) for kind, payload in writes]
            self._entries = self._applied(self._entries, ops, state)
            self.changed = True

    def merge(self, result: ReplayResult) -> None:
        """Replace local stand-ins (and edited entries) by the server's versions of them."""
        if self.week is None or not result.entries:
            return
        by_id = {e.id: e for e in self._entries}
        for local_id, entry in result.entries.items():
            by_id.pop(local_id, None)
            by_id[entry.id] = entry
        self._entries = sorted(by_id.values(), key=lambda e: e.start, reverse=True)
        self.changed = True

    @property
    def entries(self) -> tuple[TimeEntry, ...]:
        """The shown week's entries, waiting writes applied (none while the window is closed)."""
        return tuple(self._entries)

    def view(self, state: AppState) -> WeekView | None:
        """What the window shows now; None while it is closed."""
        self.changed = False
        week = self.week
        if week is None:
            return None
        start, end = week.start, week.end
        entries = tuple(e for e in self._entries if start <= e.start < end)
        return WeekView(
            week,
            entries,
            week == self._today,
            self._fresh,
            self._note,
            dict(self._task_names),
            self.plan(state),
            self._reading,
        )

    def _take(self, entries: list[TimeEntry], state: AppState) -> None:
        self._entries = self._applied(entries, self._store.pending(), state)

    def _applied(self, entries: list[TimeEntry], ops: list[Op], state: AppState) -> list[TimeEntry]:
        workspace = state.workspace.id if state.workspace else ""
        running = next((e for e in entries if e.running), None)
        _running, applied = apply_pending(
            running, list(entries), ops, workspace, limit=None, server_id=self._store.server_id
        )
        return applied
