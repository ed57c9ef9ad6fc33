"""ApiWorker: the one object that does I/O (HTTP, keyring, SQLite, settings), on its own QThread.

The GUI thread talks to it only through queued signals and gets typed values back through the
worker's signals; the worker never touches a widget. Because one thread runs every call in turn,
"stop, then start" keeps its order and rate limits are handled in one place.

Every write goes into the outbox (SQLite) first and the tray shows it at once; the outbox is then
sent in order. Offline, writes wait there and are retried with growing delays; nothing is dropped.
"""

from __future__ import annotations

import contextlib
import dataclasses
import logging
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, Protocol

from PySide6.QtCore import QObject, QTimer, Signal, Slot

from tray_app.autostart import Autostart, launch_command
from tray_app.clockify import (
    AuthError,
    ClockifyClient,
    ClockifyError,
    NetworkError,
    Project,
    RateLimited,
    ServerError,
    Tag,
    Task,
    TimeEntry,
    User,
    Workspace,
)
from tray_app.clockify.client import REGION_NAMES, REGIONS, resolve_base_url
from tray_app.clockify.errors import CODE_UNKNOWN_KEY
from tray_app.clockify.timefmt import format_utc
from tray_app.credentials import CredentialsError
from tray_app.logs import register_secret
from tray_app.outbox import (
    SETTLE,
    Replayer,
    entry_from_payload,
    entry_payload,
    is_local,
    new_local_id,
)
from tray_app.settings import Settings
from tray_app.state import AppState, EntryRequest, StartRequest
from tray_app.store import Op, Store

logger = logging.getLogger(__name__)

RECENT_PAGE_SIZE = 50
ClientFactory = Callable[[str, str], ClockifyClient]


class KeyStore(Protocol):
    def get(self) -> str | None: ...
    def set(self, api_key: str) -> None: ...
    def delete(self) -> None: ...


class RequestBudget:
    """At most ``capacity`` background requests per ``window`` seconds (a token bucket).

    New Free workspaces allow 30 requests an hour, so background syncs must fit in that.
    """

    def __init__(
        self,
        capacity: int = 30,
        window: float = 3600.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.capacity = capacity
        self._rate = capacity / window
        self._clock = clock
        self._tokens = float(capacity)
        self._last = clock()

    def try_spend(self, requests: int = 1) -> bool:
        now = self._clock()
        self._tokens = min(self.capacity, self._tokens + (now - self._last) * self._rate)
        self._last = now
        if self._tokens < requests:
            return False
        self._tokens -= requests
        return True


@dataclasses.dataclass(frozen=True)
class Timing:
    """How often the worker syncs and retries, in seconds (tests shorten them).

    Attributes:
        retry_delays: waits before the outbox is tried again after a failure, growing.
        sync_interval: the periodic check for timers started or stopped elsewhere.
        menu_sync_gap: the least time between two syncs caused by opening the menu.
        wake_jump: a wall-clock jump this much past the sync interval means the machine slept.
        settle: how long a write that may still be in flight is left before it is checked.
    """

    retry_delays: tuple[float, ...] = (5, 15, 30, 60, 120, 300)
    settle: timedelta = SETTLE
    sync_interval: float = 300
    menu_sync_gap: float = 60
    wake_jump: float = 120


@dataclasses.dataclass(frozen=True)
class SignInResult:
    """The answer to a sign-in attempt.

    Attributes:
        ok: the key was accepted.
        message: what to show under the form (error or success details).
        key_saved: False when the key could not go into the keyring (kept in memory).
    """

    ok: bool
    message: str
    name: str = ""
    email: str = ""
    key_saved: bool = True


class ApiWorker(QObject):
    """Does every API call, keyring access and database write, one at a time, off the GUI thread.

    Args:
        client_factory: makes a client from an API key and a base URL.
        key_store: where the key is kept (keyring, or memory in demo mode).
        settings: preferences; saved to ``settings_file`` by this worker.
        store: the outbox and cache.
        regions: region name → base URL, probed when a key is unknown in the chosen region.
        budget: the background request budget.
        timing: sync and retry intervals.

    Signals:
        state_changed(AppState): the new state to show; sent after every change and failure.
        failed(str): a message for a person, shown as a notification.
        notice(str): good news worth a notification (back online, saved offline).
        needs_sign_in(str): no usable key; the message says why.
        sign_in_finished(SignInResult): the answer to ``on_sign_in``.
        tasks_loaded(str, tuple[Task, ...]): tasks of a project, answering ``on_load_tasks``.
        entry_saved(int, TimeEntry) / entry_failed(int, str): the answer to ``on_create_entry``.
        project_created(Project): answering ``on_create_project``.
    """

    state_changed = Signal(object)
    failed = Signal(str)
    notice = Signal(str)
    needs_sign_in = Signal(str)
    sign_in_finished = Signal(object)
    tasks_loaded = Signal(str, object)
    entry_saved = Signal(int, object)
    entry_failed = Signal(int, str)
    project_created = Signal(object)

    def __init__(
        self,
        client_factory: ClientFactory,
        key_store: KeyStore,
        settings: Settings,
        settings_file: Path | None,
        store: Store,
        *,
        regions: dict[str, str] | None = None,
        demo: bool = False,
        budget: RequestBudget | None = None,
        timing: Timing | None = None,
        autostart: Autostart | None = None,
    ) -> None:
        super().__init__()
        self._client_factory = client_factory
        self._key_store = key_store
        self._settings = settings
        self._settings_file = settings_file
        self._store = store
        self._regions = regions if regions is not None else REGIONS
        self._budget = budget or RequestBudget()
        self._timing = timing or Timing()
        self._client: ClockifyClient | None = None
        self._autostart = autostart
        self._state = AppState(
            demo=demo, last_start=_start_from(settings.last_start), pending=store.pending_count()
        )
        self._retry_step = 0
        self._retry_timer: QTimer | None = None
        self._sync_timer: QTimer | None = None
        self._last_sync = 0.0
        self._last_tick_wall = time.time()
        self._synced = False  # the server has been read once in this run

    # --- session ------------------------------------------------------------------------

    @Slot()
    def on_startup(self) -> None:
        self._make_timers()
        if self._autostart is not None:
            with contextlib.suppress(OSError):
                self._state = dataclasses.replace(self._state, autostart=self._autostart.enabled())
        if self._store.recovery_message:
            self.failed.emit(self._store.recovery_message)
        try:
            api_key = self._key_store.get()
        except CredentialsError as err:
            self.needs_sign_in.emit(str(err))
            return
        if not api_key:
            self.needs_sign_in.emit(
                "Sign in with your Clockify API key (clockify.me → Profile settings → API) "
                "from the tray menu to start tracking."
            )
            return
        try:
            self._connect(api_key, self._base_url(self._settings.base_url))
        except ValueError as err:
            self.needs_sign_in.emit(str(err))
            return
        self._load_cache()
        self.state_changed.emit(self._state)
        if isinstance(self._guard(self._sync_everything), AuthError):
            self.needs_sign_in.emit("Sign in again from the tray menu.")

    @Slot(str, str)
    def on_sign_in(self, api_key: str, base_url_text: str) -> None:
        api_key = api_key.strip()
        if not api_key:
            self.sign_in_finished.emit(SignInResult(False, "Enter your API key."))
            return
        try:
            base_url = self._base_url(base_url_text)
        except ValueError as err:
            self.sign_in_finished.emit(SignInResult(False, str(err)))
            return
        try:
            self._connect(api_key, base_url)
            user = self._require_client().get_user()
        except AuthError as err:
            message = self._explain_unknown_key(err, api_key, base_url)
            self.close()
            self.sign_in_finished.emit(SignInResult(False, message))
            return
        except ClockifyError as err:
            self.close()
            self.sign_in_finished.emit(SignInResult(False, err.message))
            return
        key_saved, note = True, ""
        try:
            self._key_store.set(api_key)
        except CredentialsError as err:
            key_saved, note = False, f" {err}"
        self._settings.base_url = base_url_text.strip()
        self._save_settings()
        self._state = dataclasses.replace(self._state, key_saved=key_saved, offline=False)
        message = f"Signed in as {user.name} ({user.email}).{note}"
        self.sign_in_finished.emit(SignInResult(True, message, user.name, user.email, key_saved))
        self._guard(lambda: self._sync_everything(user))

    def _explain_unknown_key(self, error: AuthError, api_key: str, base_url: str) -> str:
        """Tell a wrong key from a key of another region by asking the other regions."""
        if error.code != CODE_UNKNOWN_KEY or base_url not in self._regions.values():
            return error.message
        for region, url in self._regions.items():
            if url == base_url:
                continue
            try:
                with self._client_factory(api_key, url) as probe:
                    probe.get_user()
            except ClockifyError:
                continue
            name = REGION_NAMES.get(region, region)
            return (
                f"This key belongs to the {name} server, not this one. Choose {name} as the "
                "region and sign in again."
            )
        return (
            "Clockify does not know this API key in any region. Check that you copied all of "
            "it from clockify.me → Profile settings → API, or generate a new one there."
        )

    @Slot()
    def on_sign_out(self) -> None:
        try:
            self._key_store.delete()
        except CredentialsError as err:
            self.failed.emit(str(err))
        self.close()
        self._store.clear_cache()
        self._state = AppState(
            demo=self._state.demo,
            last_start=self._state.last_start,
            pending=self._store.pending_count(),
        )
        self.state_changed.emit(self._state)
        self.needs_sign_in.emit("Signed out. Sign in again from the tray menu to keep tracking.")

    @Slot(bool)
    def on_set_autostart(self, enabled: bool) -> None:
        if self._autostart is None:
            return
        try:
            if enabled:
                self._autostart.enable(launch_command())
            else:
                self._autostart.disable()
        except OSError as err:
            self.failed.emit(f"Could not change starting at login: {err}")
        with contextlib.suppress(OSError):
            self._state = dataclasses.replace(self._state, autostart=self._autostart.enabled())
        self.state_changed.emit(self._state)

    @Slot(str)
    def on_set_icon_style(self, style: str) -> None:
        self._settings.icon_style = style
        self._save_settings()

    @Slot(str)
    def on_switch_workspace(self, workspace_id: str) -> None:
        chosen = next((w for w in self._state.workspaces if w.id == workspace_id), None)
        if chosen is None or chosen == self._state.workspace:
            return
        self._settings.workspace_id = workspace_id
        self._save_settings()
        self._state = dataclasses.replace(self._state, workspace=chosen)
        self._load_workspace_cache()
        self.state_changed.emit(self._state)
        self._guard(self._load_workspace)

    @Slot()
    def on_refresh(self) -> None:
        """A sync the person asked for (opening the menu): throttled, within the budget."""
        if time.monotonic() - self._last_sync >= self._timing.menu_sync_gap:
            self._background_sync()

    def _background_sync(self) -> None:
        """Pick up timers started or stopped elsewhere: one request, if the budget allows."""
        if self._client is None or self._state.workspace is None or self._state.user is None:
            return
        if not self._budget.try_spend(1):
            logger.info("background sync skipped: request budget spent")
            return
        self._last_sync = time.monotonic()
        self._guard(self._sync_entries)

    def on_sync_timer_timeout(self) -> None:
        now = time.time()
        slept = now - self._last_tick_wall > self._timing.sync_interval + self._timing.wake_jump
        self._last_tick_wall = now
        if slept:
            logger.info("the machine seems to have slept; syncing")
        self._background_sync()

    # --- writes: outbox first, then send ---------------------------------------------------

    @Slot(object)
    def on_start(self, request: StartRequest) -> None:
        session = self._local_session()
        if session is None:
            return
        workspace, user = session
        now = datetime.now(UTC).replace(microsecond=0)
        entry = _local_entry(request, workspace, user, start=now, end=None)
        writes: list[tuple[str, dict[str, Any]]] = []
        recent = list(self._state.recent)
        running = self._state.running
        if running is not None:
            # Clockify runs one timer per user: stop the old one explicitly, at the same moment.
            writes.append(("stop", _stop_payload(workspace, running.id, now)))
            recent = _replace(recent, dataclasses.replace(running, end=max(now, running.start)))
        writes.append(("start", {**entry_payload(entry), "workspace_id": workspace}))
        self._store.add(*writes)
        self._settings.last_start = dataclasses.asdict(request)
        self._save_settings()
        self._state = dataclasses.replace(
            self._state, running=entry, recent=tuple(_replace(recent, entry)), last_start=request
        )
        self._publish()  # the tray shows it now; sending may take a while
        self._flush()

    @Slot()
    def on_stop(self) -> None:
        session = self._local_session()
        running = self._state.running
        if session is None or running is None:
            return
        workspace, _ = session
        now = max(datetime.now(UTC).replace(microsecond=0), running.start)
        self._store.add(("stop", _stop_payload(workspace, running.id, now)))
        stopped = dataclasses.replace(running, end=now)
        self._state = dataclasses.replace(
            self._state, running=None, recent=tuple(_replace(list(self._state.recent), stopped))
        )
        self._publish()
        self._flush()

    @Slot(object)
    def on_create_entry(self, request: EntryRequest) -> None:
        session = self._local_session()
        if session is None:
            self.entry_failed.emit(request.request_id, "Not signed in.")
            return
        workspace, user = session
        entry = _local_entry(request, workspace, user, start=request.start, end=request.end)
        (op_id,) = self._store.add(
            ("create_entry", {**entry_payload(entry), "workspace_id": workspace})
        )
        self._flush()
        op = self._store.op(op_id)
        if op is not None and op.status == "failed":
            self.entry_failed.emit(request.request_id, op.last_error)
            return
        # Sent: the outbox replaced the local entry by Clockify's version, under its id.
        server_id = self._store.server_id(entry.id)
        saved = next((e for e in self._state.recent if e.id == server_id), entry)
        if op is not None and op.status == "pending":
            self._state = dataclasses.replace(
                self._state, recent=tuple(_replace(list(self._state.recent), entry))
            )
            self.state_changed.emit(self._state)
            self.notice.emit(
                "The entry is saved on this computer and will be sent to Clockify when the "
                "connection is back."
            )
        self.entry_saved.emit(request.request_id, saved)

    @Slot(str)
    def on_create_project(self, name: str) -> None:
        session = self._local_session()
        if session is None or not name.strip():
            return
        workspace, _ = session
        local_id = new_local_id()
        (op_id,) = self._store.add(
            (
                "create_project",
                {"workspace_id": workspace, "name": name.strip(), "local_id": local_id},
            )
        )
        self._flush()
        op = self._store.op(op_id)
        if op is None or op.status == "failed":
            return  # _flush told the person why
        server_id = str(self._store.server_id(local_id))
        project = Project(id=server_id, name=name.strip())
        projects = sorted(
            [p for p in self._state.projects if p.id != server_id] + [project],
            key=lambda p: p.name.casefold(),
        )
        self._state = dataclasses.replace(self._state, projects=tuple(projects))
        self._cache_workspace()
        self.state_changed.emit(self._state)
        self.project_created.emit(project)

    @Slot(str)
    def on_load_tasks(self, project_id: str) -> None:
        cached = self._store.get(f"tasks:{project_id}")
        if cached is not None:
            self.tasks_loaded.emit(project_id, tuple(Task.from_json(t) for t in cached))
            return
        if self._client is None or self._state.workspace is None or is_local(project_id):
            self.tasks_loaded.emit(project_id, ())
            return
        try:
            tasks = self._client.list_tasks(self._state.workspace.id, project_id)
        except ClockifyError as err:
            self._note_connection(err)
            self.tasks_loaded.emit(project_id, ())
            return
        active = tuple(t for t in tasks if t.active)
        self._store.put(f"tasks:{project_id}", [t.to_json() for t in active])
        self.tasks_loaded.emit(project_id, active)

    def on_retry_timer_timeout(self) -> None:
        if not self._synced:
            self._guard(self._sync_everything)  # start-up never reached the server: again
            return
        self._flush()
        if not self._store.pending_count() and not self._state.offline:
            self._guard(self._sync_entries)

    @Slot()
    def on_shutdown(self) -> None:
        """Stop this thread's timers and close the client, from the worker's own thread."""
        for timer in (self._retry_timer, self._sync_timer):
            if timer is not None:
                timer.stop()
        self.close()

    def close(self) -> None:
        """Close the HTTP client; call from the worker's thread or after it has finished."""
        if self._client is not None:
            self._client.close()
            self._client = None

    # --- the outbox ------------------------------------------------------------------------

    def _flush(self) -> None:
        """Send what waits in the outbox; show the result; schedule a retry if needed."""
        if self._client is None or self._state.user is None:
            self._publish()
            return
        had_pending = self._state.pending > 0 or self._state.offline
        result = Replayer(
            self._client, self._store, self._state.user.id, settle=self._timing.settle
        ).replay()
        recent = list(self._state.recent)
        running = self._state.running
        for local_id, entry in result.entries.items():
            recent = [e for e in recent if e.id != local_id]
            recent = (
                _replace(recent, entry)
                if entry.workspace_id == self._current_workspace()
                else recent
            )
            if running is not None and running.id == local_id:
                running = entry if entry.running else None
        self._state = dataclasses.replace(self._state, recent=tuple(recent), running=running)
        for op, message in result.failed:
            self.failed.emit(f"Not saved to Clockify: {_describe(op)}. {message}")
        if result.failed or result.resync:
            with contextlib.suppress(ClockifyError):
                self._sync_entries()
        if result.stopped_by is None:
            if had_pending and result.sent and self._state.offline:
                self.notice.emit("Back online: everything waiting has been sent to Clockify.")
            self._retry_step = 0
            self._state = dataclasses.replace(self._state, offline=False)
            if self._retry_timer is not None:
                self._retry_timer.stop()
        else:
            self._note_connection(result.stopped_by)
            self._schedule_retry(result.stopped_by)
        self._publish()

    def _schedule_retry(self, error: ClockifyError) -> None:
        delays = self._timing.retry_delays
        delay = delays[min(self._retry_step, len(delays) - 1)]
        if isinstance(error, RateLimited) and error.retry_after:
            delay = max(delay, error.retry_after)
        self._retry_step += 1
        if self._retry_timer is not None:
            self._retry_timer.start(int(delay * 1000))
        logger.info("outbox retry in %.0f s (%s)", delay, type(error).__name__)

    def _note_connection(self, error: ClockifyError) -> None:
        if isinstance(error, NetworkError):
            self._state = dataclasses.replace(self._state, offline=True)

    def _publish(self) -> None:
        self._state = dataclasses.replace(self._state, pending=self._store.pending_count())
        self._cache_entries()
        self.state_changed.emit(self._state)

    # --- loading ---------------------------------------------------------------------------

    def _sync_everything(self, user: User | None = None) -> None:
        """Send waiting writes, then read user, workspaces, projects, tags and entries."""
        client = self._require_client()
        user = user or client.get_user()
        workspaces = tuple(client.list_workspaces())
        if not workspaces:
            raise ClockifyError(
                "This Clockify account has no workspace yet; create one on clockify.me."
            )
        workspace = self._chosen_workspace(user, workspaces)
        self._state = dataclasses.replace(
            self._state,
            signed_in=True,
            user=user,
            workspaces=workspaces,
            workspace=workspace,
            offline=False,
        )
        self._store.put("user", user.to_json())
        self._store.put("workspaces", [w.to_json() for w in workspaces])
        self._flush()
        self._load_workspace()
        self._last_sync = time.monotonic()
        self._synced = True

    def _load_workspace(self) -> None:
        client, workspace, _ = self._session()
        projects = client.list_projects(workspace, archived=False)
        tags = client.list_tags(workspace, archived=False)
        self._state = dataclasses.replace(
            self._state,
            projects=tuple(sorted(projects, key=lambda p: p.name.casefold())),
            tags=tuple(tags),
        )
        self._cache_workspace()
        self._sync_entries()

    def _sync_entries(self) -> None:
        """Take the server's running timer and recent entries, unless our writes still wait."""
        if self._store.pending_count():
            self._flush()
            if self._store.pending_count():
                return  # the server is behind us; keep the local view
        client, workspace, user = self._session()
        recent = tuple(client.list_time_entries(workspace, user, page_size=RECENT_PAGE_SIZE))
        running = next((e for e in recent if e.running), None)
        self._state = dataclasses.replace(
            self._state, recent=recent, running=running, offline=False
        )
        self._cache_entries()

    def _load_cache(self) -> None:
        """Show what the last run knew, at once and offline, with waiting writes applied."""
        try:
            user_data = self._store.get("user")
            workspaces = tuple(Workspace.from_json(w) for w in self._store.get("workspaces") or [])
            user = User.from_json(user_data) if user_data else None
        except (ValueError, TypeError, KeyError):
            logger.warning("cache unreadable; starting without it")
            return
        if user is None or not workspaces:
            return
        workspace = self._chosen_workspace(user, workspaces)
        self._state = dataclasses.replace(
            self._state, signed_in=True, user=user, workspaces=workspaces, workspace=workspace
        )
        self._load_workspace_cache()

    def _chosen_workspace(self, user: User, workspaces: tuple[Workspace, ...]) -> Workspace:
        """The one picked in the menu before, else Clockify's active one, else the first."""
        by_id = {w.id: w for w in workspaces}
        return (
            by_id.get(self._settings.workspace_id)
            or by_id.get(user.active_workspace or "")
            or workspaces[0]
        )

    def _load_workspace_cache(self) -> None:
        workspace = self._current_workspace()
        try:
            projects = tuple(
                Project.from_json(p) for p in self._store.get(f"projects:{workspace}") or []
            )
            tags = tuple(Tag.from_json(t) for t in self._store.get(f"tags:{workspace}") or [])
            recent = [TimeEntry.from_json(e) for e in self._store.get(f"entries:{workspace}") or []]
        except (ValueError, TypeError, KeyError):
            logger.warning("cache for workspace unreadable; it will be refreshed")
            return
        running = next((e for e in recent if e.running), None)
        running, recent = _apply_pending(running, recent, self._store.pending(), workspace)
        self._state = dataclasses.replace(
            self._state, projects=projects, tags=tags, recent=tuple(recent), running=running
        )

    def _cache_workspace(self) -> None:
        workspace = self._current_workspace()
        if workspace:
            self._store.put(f"projects:{workspace}", [p.to_json() for p in self._state.projects])
            self._store.put(f"tags:{workspace}", [t.to_json() for t in self._state.tags])

    def _cache_entries(self) -> None:
        workspace = self._current_workspace()
        if workspace and self._state.signed_in:
            self._store.put(f"entries:{workspace}", [e.to_json() for e in self._state.recent])

    # --- plumbing ------------------------------------------------------------------------

    def _make_timers(self) -> None:
        """Timers are made here, on the worker's own thread, where they must live."""
        if self._retry_timer is not None:
            return
        self._retry_timer = QTimer(self)
        self._retry_timer.setSingleShot(True)
        self._retry_timer.timeout.connect(self.on_retry_timer_timeout)
        self._sync_timer = QTimer(self)
        self._sync_timer.setInterval(int(self._timing.sync_interval * 1000))
        self._sync_timer.timeout.connect(self.on_sync_timer_timeout)
        self._sync_timer.start()

    def _base_url(self, text: str) -> str:
        """A region name (as this worker knows regions) or URL, as a base URL."""
        return self._regions.get(text.strip().lower()) or resolve_base_url(text)

    def _connect(self, api_key: str, base_url: str) -> None:
        self.close()
        register_secret(api_key)
        self._client = self._client_factory(api_key, base_url)

    def _require_client(self) -> ClockifyClient:
        if self._client is None:
            raise AuthError("Not signed in. Choose “Sign in…” in the tray menu.")
        return self._client

    def _current_workspace(self) -> str:
        return self._state.workspace.id if self._state.workspace else ""

    def _local_session(self) -> tuple[str, str] | None:
        """Workspace and user ids for a write, which needs no network, only a known account."""
        if self._state.workspace is None or self._state.user is None:
            self.failed.emit("Not signed in. Choose “Sign in…” in the tray menu.")
            return None
        return self._state.workspace.id, self._state.user.id

    def _session(self) -> tuple[ClockifyClient, str, str]:
        client = self._require_client()
        if self._state.workspace is None or self._state.user is None:
            raise AuthError("Not signed in. Choose “Sign in…” in the tray menu.")
        return client, self._state.workspace.id, self._state.user.id

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
            transient = isinstance(err, NetworkError | RateLimited | ServerError)
            if transient:
                self._schedule_retry(err)  # try again later; offline shows in the tray
            # A storm of 429s or 5xx is told once, not at every retry; offline shows as a badge.
            if not isinstance(err, NetworkError) and (not transient or self._retry_step == 1):
                self.failed.emit(err.message)
            return err
        finally:
            self._publish()
        return None

    def _save_settings(self) -> None:
        if self._settings_file is None:
            return
        try:
            self._settings.save(self._settings_file)
        except OSError as err:
            logger.warning("could not save settings: %s", err)


def _local_entry(
    request: StartRequest | EntryRequest,
    workspace: str,
    user: str,
    *,
    start: datetime,
    end: datetime | None,
) -> TimeEntry:
    """The entry as the tray shows it until Clockify confirms it (with a local id)."""
    return TimeEntry(
        id=new_local_id(),
        start=start,
        end=end,
        description=request.description,
        project_id=request.project_id,
        task_id=request.task_id,
        tag_ids=request.tag_ids,
        billable=request.billable,
        user_id=user,
        workspace_id=workspace,
    )


def _stop_payload(workspace: str, entry_id: str, end: datetime) -> dict[str, Any]:
    return {"workspace_id": workspace, "entry_id": entry_id, "end": format_utc(end)}


def _describe(op: Op) -> str:
    payload = op.payload
    if op.kind == "create_project":
        return f"project “{payload.get('name', '')}”"
    what = payload.get("description") or "entry"
    return f"“{what}”" if payload.get("description") else what


def _apply_pending(
    running: TimeEntry | None, recent: list[TimeEntry], ops: list[Op], workspace: str
) -> tuple[TimeEntry | None, list[TimeEntry]]:
    """The entries as they will be once the waiting writes reach Clockify."""
    for op in ops:
        payload = op.payload
        if payload.get("workspace_id") != workspace:
            continue
        if op.kind in ("start", "create_entry"):
            entry = entry_from_payload(payload, workspace)
            if op.kind == "start":
                if running is not None:
                    recent = _replace(
                        recent, dataclasses.replace(running, end=max(entry.start, running.start))
                    )
                running = entry
            recent = _replace(recent, entry)
        elif op.kind == "stop" and running is not None and running.id == payload["entry_id"]:
            stopped = entry_from_payload(
                {**entry_payload(running), "end": payload["end"]}, workspace
            )
            recent = _replace(recent, stopped)
            running = None
        elif op.kind == "delete_entry":
            recent = [e for e in recent if e.id != payload["entry_id"]]
    return running, recent


def _replace(entries: list[TimeEntry], entry: TimeEntry) -> list[TimeEntry]:
    """``entries`` with ``entry`` in place of its old version (or added), newest first."""
    kept = [e for e in entries if e.id != entry.id]
    return sorted([entry, *kept], key=lambda e: e.start, reverse=True)[:RECENT_PAGE_SIZE]


def _start_from(saved: dict[str, object]) -> StartRequest | None:
    if not saved:
        return None
    try:
        tag_ids = saved.get("tag_ids") or ()
        return StartRequest(
            description=str(saved.get("description") or ""),
            project_id=str(saved["project_id"]) if saved.get("project_id") else None,
            task_id=str(saved["task_id"]) if saved.get("task_id") else None,
            tag_ids=tuple(str(t) for t in tag_ids) if isinstance(tag_ids, list | tuple) else (),
            billable=saved.get("billable") is True,
        )
    except (KeyError, TypeError):
        return None
