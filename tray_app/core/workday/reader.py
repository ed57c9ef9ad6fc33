"""Reads the member's workday for this week: the profile (capacity, working days), holidays and
time off. They change rarely: read with the account, then at most hourly within the background
budget, and kept for offline. A workspace or plan without them (403, 404) loses nothing: the
app shows no targets and says why."""

from __future__ import annotations

import dataclasses
import logging

from tray_app.clockify import ClockifyClient
from tray_app.clockify.errors import unless_refused
from tray_app.core.clock import Clock
from tray_app.core.state import AppState
from tray_app.core.store import Store
from tray_app.core.week.days import week_of
from tray_app.core.workday.targets import Workday, day_plans
from tray_app.i18n import N_, _

logger = logging.getLogger(__name__)

READ_EVERY = 3600.0  # seconds between background reads
REQUESTS = 3  # the profile, the holidays, the time off
NO_TARGETS = N_("Daily targets are not available in this workspace: {reason}.")


class WorkdayReader:
    """Reads the workday when due and keeps it.

    Args:
        store: the cache.
        clock: time (injected in tests).
    """

    def __init__(self, store: Store, clock: Clock) -> None:
        self._store = store
        self._clock = clock
        self._last = float("-inf")

    def due(self) -> bool:
        return self._clock.monotonic() - self._last >= READ_EVERY

    def read(self, client: ClockifyClient, state: AppState) -> AppState:
        """This week's workday of the chosen workspace, in the user's zone.

        Raises:
            NetworkError, RateLimited, AuthError: as every read (the caller retries).
        """
        if state.workspace is None or state.user is None:
            return state
        workspace, user = state.workspace.id, state.user.id
        week = week_of(self._clock.now(), state.zone, state.user.week_start)
        last = week.last
        self._last = self._clock.monotonic()
        why: list[str] = []
        profile = unless_refused(lambda: client.get_member_profile(workspace, user), why)
        if profile is None or profile.capacity is None:
            note = (
                _(NO_TARGETS).format(reason=why[0])
                if why
                else _("Daily targets are not available in this workspace: no capacity is set.")
            )
            return self._keep(state, Workday((), note))
        holidays = unless_refused(
            lambda: client.list_holidays(workspace, user, week.start, last), why
        )
        time_off = unless_refused(
            lambda: client.list_time_off(workspace, user, week.start, last), why
        )
        plans = day_plans(week.days(), profile, state.zone, holidays or (), time_off or ())
        note = ""
        if why:
            note = _("Holidays or time off could not be read: {reason}.").format(reason=why[0])
        return self._keep(state, Workday(tuple(plans), note))

    def from_cache(self, state: AppState) -> AppState:
        """The workday as last read for the chosen workspace (none if never, or unreadable)."""
        workspace = state.workspace.id if state.workspace else ""
        saved = self._store.get(f"workday:{workspace}")
        try:
            workday = Workday.from_json(saved) if saved is not None else Workday()
        except (ValueError, TypeError, KeyError):
            logger.warning("cached workday unreadable; it will be read again")
            workday = Workday()
        return dataclasses.replace(state, workday=workday)

    def _keep(self, state: AppState, workday: Workday) -> AppState:
        if state.workspace is not None:
            self._store.put(f"workday:{state.workspace.id}", workday.to_json())
        return dataclasses.replace(state, workday=workday)
