"""The sync: what is read from Clockify, when, within the request budget, and the cache of it.

Start-up and sign-in read everything (user, workspaces, projects, tags, recent entries). After
that only the entries are read, to pick up timers started or stopped elsewhere: when the menu
opens (at most once a minute), every few minutes, after a wake-up, each within a budget of
background requests (new Free workspaces allow 30 an hour). Every read goes into the cache, so
the next start shows everything at once, offline too.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Callable, Iterable
from datetime import datetime
from typing import TypeVar

from tray_app.clockify import (
    AuthError,
    ClockifyClient,
    ClockifyError,
    NetworkError,
    Project,
    RateLimited,
    Tag,
    Task,
    TimeEntry,
    User,
    Workspace,
)
from tray_app.clockify.fields import CustomField
from tray_app.clockify.timefmt import format_utc
from tray_app.core.clock import Clock, SystemClock
from tray_app.core.entries import RECENT_PAGE_SIZE, apply_pending
from tray_app.core.outbox import is_local
from tray_app.core.pacing import RequestBudget, Timing
from tray_app.core.state import AppState
from tray_app.core.store import Store
from tray_app.core.week.days import Week
from tray_app.i18n import _

logger = logging.getLogger(__name__)
ItemT = TypeVar("ItemT")
WORKSPACE_LISTS = ("projects", "tags", "custom_fields")
ADMIN_ROLES = ("WORKSPACE_ADMIN", "OWNER")


class Sync:
    """Decides when to read in the background, reads, and keeps the cache.

    Args:
        store: where the cache lives.
        budget: the background request budget.
        timing: the intervals.
        clock: time (injected in tests).

    Attributes:
        synced: the server has been read in full once in this run.
    """

    def __init__(
        self,
        store: Store,
        *,
        budget: RequestBudget | None = None,
        timing: Timing | None = None,
        clock: Clock | None = None,
    ) -> None:
        self._store = store
        self._clock = clock or SystemClock()
        self.timing = timing or Timing()
        self.budget = budget or RequestBudget(clock=self._clock.monotonic)
        self.synced = False
        self._last_sync = float("-inf")
        self._tasks_refused: set[str] = set()  # projects whose tasks Clockify refused, this run
        self._roles_read = False  # which workspaces the user runs was asked since sign-in
        self._last_tick_wall = self._clock.now()

    # --- when ------------------------------------------------------------------------------

    def menu_sync_due(self) -> bool:
        """Opening the menu reads again only once the menu gap has passed since the last read."""
        return self._clock.monotonic() - self._last_sync >= self.timing.menu_sync_gap

    def on_tick(self) -> bool:
        """The periodic timer fired; True when the wall clock jumped (the machine slept)."""
        now = self._clock.now()
        gap = (now - self._last_tick_wall).total_seconds()
        self._last_tick_wall = now
        slept = gap > self.timing.sync_interval + self.timing.wake_jump
        if slept:
            logger.info("the machine seems to have slept; syncing")
        return slept

    def spend_background_request(self) -> bool:
        """Take one request from the budget for a background read; False when it is spent."""
        if not self.budget.try_spend(1):
            logger.info("background sync skipped: request budget spent")
            return False
        self._last_sync = self._clock.monotonic()
        return True

    def note_full_sync(self) -> None:
        self._last_sync = self._clock.monotonic()
        self.synced = True

    # --- reads -----------------------------------------------------------------------------

    def read_account(
        self, client: ClockifyClient, state: AppState, preferred: str, user: User | None = None
    ) -> AppState:
        """The user and their workspaces, the chosen one among them."""
        user = user or client.get_user()
        workspaces = tuple(client.list_workspaces())
        if not workspaces:
            raise ClockifyError(
                _("This Clockify account has no workspace yet; create one on clockify.me.")
            )
        self._store.put("user", user.to_json())
        self._store.put("workspaces", [w.to_json() for w in workspaces])
        state = dataclasses.replace(
            _with_account(state, user, workspaces, preferred), offline=False
        )
        self._roles_read = False
        if not any(w.settings.limits_members or w.settings.lock_before for w in workspaces):
            return dataclasses.replace(state, admin_of=frozenset())
        return self.read_roles(client, state)

    def read_roles(self, client: ClockifyClient, state: AppState) -> AppState:
        """Which workspaces this user runs: one more request, made only where it matters (a
        workspace limits what members may create, or has fields only admins may edit)."""
        admin, state = _optional("roles", state, lambda: client.list_workspaces(roles=ADMIN_ROLES))
        admin_of = frozenset(w.id for w in admin) if admin is not None else state.admin_of
        self._store.put("admin_of", sorted(admin_of))
        self._roles_read = True
        return dataclasses.replace(state, admin_of=admin_of)

    def read_workspace(self, client: ClockifyClient, state: AppState) -> AppState:
        """The chosen workspace's active projects, tags and custom fields, each optional (see
        ``_optional``)."""
        for part in WORKSPACE_LISTS:
            state = self._read_list(client, state, part)
        if not self._roles_read and any(
            f.visible and f.only_admin_can_edit for f in state.custom_fields
        ):
            state = self.read_roles(client, state)
        return state

    def roles_for(
        self, client: ClockifyClient, state: AppState, entries: Iterable[TimeEntry]
    ) -> AppState:
        """Read the user's roles once a locked entry shows (admins and owners may change it)."""
        if self._roles_read or not any(e.locked for e in entries):
            return state
        return self.read_roles(client, state)

    def _read_list(self, client: ClockifyClient, state: AppState, part: str) -> AppState:
        workspace = _workspace_id(state)
        if part == "projects":
            projects, state = _optional(
                part, state, lambda: client.list_projects(workspace, archived=False)
            )
            if projects is not None:
                projects = sorted(projects, key=lambda p: p.name.casefold())
                state = dataclasses.replace(state, projects=tuple(projects))
        elif part == "tags":
            tags, state = _optional(
                part, state, lambda: client.list_tags(workspace, archived=False)
            )
            if tags is not None:
                state = dataclasses.replace(state, tags=tuple(tags))
        else:
            fields, state = _optional(part, state, lambda: client.list_custom_fields(workspace))
            if fields is not None:
                state = dataclasses.replace(state, custom_fields=tuple(fields))
        self.cache_workspace(state)
        return state

    def read_entries(self, client: ClockifyClient, state: AppState) -> AppState:
        """The user's recent entries and the running one (optional: the cache stays if refused)."""
        assert state.user is not None
        workspace, user = _workspace_id(state), state.user.id
        recent, state = _optional(
            "entries",
            state,
            lambda: client.list_time_entries(workspace, user, page_size=RECENT_PAGE_SIZE),
        )
        if recent is None:
            return state
        running = next((e for e in recent if e.running), None)
        state = dataclasses.replace(state, recent=tuple(recent), running=running, offline=False)
        self.cache_entries(state)
        return state

    def read_unavailable(self, client: ClockifyClient, state: AppState) -> AppState:
        """Ask again for the lists refused before, one request each, within the budget."""
        for part in [p for p, _reason in state.unavailable if p in WORKSPACE_LISTS]:
            if not self.spend_background_request():
                break
            state = self._read_list(client, state, part)
        return state

    def load_tasks(
        self, client: ClockifyClient | None, state: AppState, project_id: str
    ) -> tuple[tuple[Task, ...], AppState]:
        """A project's tasks for a form, and the state noting whether Clockify gave them
        (none when it refused them, or is out of reach)."""
        workspace = _workspace_id(state)
        try:
            tasks = self.read_tasks(client, workspace, project_id)
        except NetworkError:
            return (), dataclasses.replace(state, offline=True)
        except ClockifyError as err:
            return (), state.with_unavailable("tasks", err.reason)
        return tasks, state.with_unavailable("tasks", None)

    def read_tasks(
        self, client: ClockifyClient | None, workspace: str, project_id: str
    ) -> tuple[Task, ...]:
        """A project's active tasks: from the cache, else from Clockify (then cached).

        Raises:
            ClockifyError: Clockify could not be asked; nothing is cached then.
        """
        cached = self._store.get(f"tasks:{project_id}")
        if cached is not None:
            return tuple(Task.from_json(t) for t in cached)
        if client is None or not workspace or is_local(project_id):
            return ()
        active = tuple(t for t in client.list_tasks(workspace, project_id) if t.active)
        self._store.put(f"tasks:{project_id}", [t.to_json() for t in active])
        return active

    def task_names(
        self, client: ClockifyClient | None, workspace: str, entries: Iterable[TimeEntry]
    ) -> dict[str, str]:
        """Task id → name for the entries' tasks: kept ones, and every other project's read
        now (once: the cache keeps them). A project Clockify refuses is not asked again this
        run; its entries show without the task's name."""
        names: dict[str, str] = {}
        for project_id in sorted({e.project_id for e in entries if e.task_id and e.project_id}):
            asked = None if project_id in self._tasks_refused else client
            try:
                tasks = self.read_tasks(asked, workspace, project_id)
            except NetworkError:
                client = None  # out of reach: the rest from the cache only
                continue
            except ClockifyError as err:
                logger.info("tasks of project %s not read: %s", project_id, err.reason)
                self._tasks_refused.add(project_id)
                continue
            names.update((t.id, t.name) for t in tasks)
        return names

    def read_week(self, client: ClockifyClient, state: AppState, week: Week) -> list[TimeEntry]:
        """Every entry of the user that starts in ``week`` (every page), kept for offline."""
        assert state.user is not None
        workspace = _workspace_id(state)
        entries = client.list_all_time_entries(
            workspace, state.user.id, since=week.start, until=week.last
        )
        key = f"week:{workspace}:{week.first.isoformat()}"
        self._store.put(key, [e.to_json() for e in entries])
        return entries

    def read_range(
        self, client: ClockifyClient, state: AppState, since: datetime, until: datetime
    ) -> list[TimeEntry]:
        """Every entry of the user starting within ``since``..``until`` (every page), kept for
        offline reports."""
        assert state.user is not None
        workspace = _workspace_id(state)
        entries = client.list_all_time_entries(workspace, state.user.id, since=since, until=until)
        key = f"range:{workspace}:{format_utc(since)}:{format_utc(until)}"
        self._store.put(key, [e.to_json() for e in entries])
        return entries

    def range_from_cache(
        self, state: AppState, since: datetime, until: datetime
    ) -> list[TimeEntry]:
        """What this computer knows of a range: its last read, the weeks read, the recent
        entries (the newest version of each entry wins)."""
        workspace = _workspace_id(state)
        found: dict[str, TimeEntry] = {}
        keys = [f"range:{workspace}:{format_utc(since)}:{format_utc(until)}"]
        keys += self._store.keys(f"week:{workspace}:")
        for key in keys:
            try:
                found.update(
                    (e.id, e) for e in map(TimeEntry.from_json, self._store.get(key) or [])
                )
            except (ValueError, TypeError, KeyError):
                logger.warning("cached entries under %s unreadable", key)
        found.update((e.id, e) for e in state.recent)
        return [e for e in found.values() if since <= e.start <= until]

    def week_from_cache(self, state: AppState, week: Week) -> list[TimeEntry] | None:
        """The week as last read, or None if it never was (or the cache is unreadable)."""
        cached = self._store.get(f"week:{_workspace_id(state)}:{week.first.isoformat()}")
        if cached is None:
            return None
        try:
            return [TimeEntry.from_json(e) for e in cached]
        except (ValueError, TypeError, KeyError):
            logger.warning("cached week unreadable; it will be read again")
            return None

    # --- the cache -------------------------------------------------------------------------

    def from_cache(self, state: AppState, preferred: str) -> AppState:
        """What the last run knew, with waiting writes applied; ``state`` if nothing usable."""
        try:
            user_data = self._store.get("user")
            workspaces = tuple(Workspace.from_json(w) for w in self._store.get("workspaces") or [])
            user = User.from_json(user_data) if user_data else None
        except (ValueError, TypeError, KeyError):
            logger.warning("cache unreadable; starting without it")
            return state
        if user is None or not workspaces:
            return state
        admin_of = frozenset(str(w) for w in self._store.get("admin_of") or [])
        state = dataclasses.replace(
            _with_account(state, user, workspaces, preferred), admin_of=admin_of
        )
        return self.workspace_from_cache(state)

    def workspace_from_cache(self, state: AppState) -> AppState:
        workspace = _workspace_id(state)
        try:
            projects = tuple(
                Project.from_json(p) for p in self._store.get(f"projects:{workspace}") or []
            )
            tags = tuple(Tag.from_json(t) for t in self._store.get(f"tags:{workspace}") or [])
            fields = tuple(
                CustomField.from_json(f)
                for f in self._store.get(f"custom_fields:{workspace}") or []
            )
            recent = [TimeEntry.from_json(e) for e in self._store.get(f"entries:{workspace}") or []]
        except (ValueError, TypeError, KeyError):
            logger.warning("cache for workspace unreadable; it will be refreshed")
            return state
        running = next((e for e in recent if e.running), None)
        running, recent = apply_pending(running, recent, self._store.pending(), workspace)
        return dataclasses.replace(
            state,
            projects=projects,
            tags=tags,
            custom_fields=fields,
            recent=tuple(recent),
            running=running,
        )

    def cache_workspace(self, state: AppState) -> None:
        workspace = _workspace_id(state)
        if workspace:
            self._store.put(f"projects:{workspace}", [p.to_json() for p in state.projects])
            self._store.put(f"tags:{workspace}", [t.to_json() for t in state.tags])
            self._store.put(
                f"custom_fields:{workspace}", [f.to_json() for f in state.custom_fields]
            )

    def cache_entries(self, state: AppState) -> None:
        workspace = _workspace_id(state)
        if workspace and state.signed_in:
            self._store.put(f"entries:{workspace}", [e.to_json() for e in state.recent])

    def clear(self) -> None:
        self._store.clear_cache()


def _optional(
    part: str, state: AppState, read: Callable[[], list[ItemT]]
) -> tuple[list[ItemT] | None, AppState]:
    """Read an optional list; a refusal marks it unavailable with Clockify's reason instead of
    stopping the sync. Offline, rate limits and a revoked key still stop it: they concern
    everything, and the caller retries or asks to sign in."""
    try:
        items = read()
    except (NetworkError, RateLimited, AuthError):
        raise
    except ClockifyError as err:
        logger.info("%s unavailable: %s", part, type(err).__name__)
        return None, state.with_unavailable(part, err.reason)
    return items, state.with_unavailable(part, None)


def _with_account(
    state: AppState, user: User, workspaces: tuple[Workspace, ...], preferred: str
) -> AppState:
    """``state`` signed in as ``user``, in the chosen one of ``workspaces``."""
    workspace = choose_workspace(user, workspaces, preferred)
    return dataclasses.replace(
        state, signed_in=True, user=user, workspaces=workspaces, workspace=workspace
    )


def choose_workspace(user: User, workspaces: tuple[Workspace, ...], preferred: str) -> Workspace:
    """The one picked in the menu before, else Clockify's active one, else the first."""
    by_id = {w.id: w for w in workspaces}
    return by_id.get(preferred) or by_id.get(user.active_workspace or "") or workspaces[0]


def _workspace_id(state: AppState) -> str:
    return state.workspace.id if state.workspace else ""
