"""ApiWorker: the one object that does I/O (HTTP, keyring, settings file), on its own QThread.

The GUI thread talks to it only through queued signals and gets typed values back through the
worker's signals; the worker never touches a widget. Because one thread runs every call in turn,
"stop, then start" keeps its order and rate limits are handled in one place.
"""

from __future__ import annotations

import contextlib
import dataclasses
import logging
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Protocol

from PySide6.QtCore import QObject, Signal, Slot

from tray_app.clockify import (
    AuthError,
    ClockifyClient,
    ClockifyError,
    NetworkError,
    NotFound,
    RateLimited,
    Task,
    TimeEntry,
    User,
)
from tray_app.clockify.client import REGION_NAMES, REGIONS, resolve_base_url
from tray_app.clockify.errors import CODE_UNKNOWN_KEY
from tray_app.credentials import CredentialsError
from tray_app.settings import Settings
from tray_app.state import AppState, EntryRequest, StartRequest

logger = logging.getLogger(__name__)

RECENT_PAGE_SIZE = 50
ClientFactory = Callable[[str, str], ClockifyClient]


class KeyStore(Protocol):
    def get(self) -> str | None: ...
    def set(self, api_key: str) -> None: ...
    def delete(self) -> None: ...


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
    """Does every API call, keyring access and settings write, one at a time, off the GUI thread.

    Args:
        client_factory: makes a client from an API key and a base URL.
        key_store: where the key is kept (keyring, or memory in demo mode).
        settings: preferences; saved to ``settings_file`` by this worker.
        regions: region name → base URL, probed when a key is unknown in the chosen region.

    Signals:
        state_changed(AppState): the new state to show; sent after every change and failure.
        failed(str): a message for a person, shown as a notification.
        needs_sign_in(str): no usable key; the message says why.
        sign_in_finished(SignInResult): the answer to ``on_sign_in``.
        tasks_loaded(str, tuple[Task, ...]): tasks of a project, answering ``on_load_tasks``.
        entry_saved(int, TimeEntry) / entry_failed(int, str): the answer to ``on_create_entry``.
        project_created(Project): answering ``on_create_project``.
    """

    state_changed = Signal(object)
    failed = Signal(str)
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
        *,
        regions: dict[str, str] | None = None,
        demo: bool = False,
    ) -> None:
        super().__init__()
        self._client_factory = client_factory
        self._key_store = key_store
        self._settings = settings
        self._settings_file = settings_file
        self._regions = regions if regions is not None else REGIONS
        self._client: ClockifyClient | None = None
        self._tasks: dict[str, tuple[Task, ...]] = {}
        self._state = AppState(demo=demo, last_start=_start_from(settings.last_start))

    # --- session ------------------------------------------------------------------------

    @Slot()
    def on_startup(self) -> None:
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
        if isinstance(self._guard(self._load_everything), AuthError):
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
            self.sign_in_finished.emit(
                SignInResult(False, self._explain_unknown_key(err, api_key, base_url))
            )
            return
        except ClockifyError as err:
            self.sign_in_finished.emit(SignInResult(False, err.message))
            return
        key_saved, note = True, ""
        try:
            self._key_store.set(api_key)
        except CredentialsError as err:
            key_saved, note = False, f" {err}"
        self._settings.base_url = base_url_text.strip()
        self._save_settings()
        self._state = dataclasses.replace(self._state, key_saved=key_saved)
        message = f"Signed in as {user.name} ({user.email}).{note}"
        self.sign_in_finished.emit(SignInResult(True, message, user.name, user.email, key_saved))
        self._guard(lambda: self._load_everything(user))

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
            return (
                f"This key belongs to the {REGION_NAMES.get(region, region)} server, not this "
                f"one. Choose {REGION_NAMES.get(region, region)} as the region and sign in again."
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
        self._tasks.clear()
        self._state = AppState(demo=self._state.demo, last_start=self._state.last_start)
        self.state_changed.emit(self._state)
        self.needs_sign_in.emit("Signed out. Sign in again from the tray menu to keep tracking.")

    @Slot(str)
    def on_switch_workspace(self, workspace_id: str) -> None:
        chosen = next((w for w in self._state.workspaces if w.id == workspace_id), None)
        if chosen is None or chosen == self._state.workspace:
            return
        self._settings.workspace_id = workspace_id
        self._save_settings()
        self._tasks.clear()
        self._state = dataclasses.replace(
            self._state, workspace=chosen, projects=(), tags=(), recent=()
        )
        self._guard(self._load_workspace)

    @Slot()
    def on_refresh(self) -> None:
        """Sync the running timer and recent entries (started or stopped elsewhere)."""
        if self._client is not None and self._state.workspace is not None:
            self._guard(self._load_entries)

    # --- timers and entries ---------------------------------------------------------------

    @Slot(object)
    def on_start(self, request: StartRequest) -> None:
        self._emit_busy("Starting…")
        self._guard(lambda: self._start(request))

    def _start(self, request: StartRequest) -> None:
        client, workspace, user = self._session()
        now = datetime.now(UTC).replace(microsecond=0)
        recent = list(self._state.recent)
        if self._state.running is not None:
            # Clockify runs one timer per user: stop the old one explicitly, at the same moment.
            recent = _replace(recent, self._stop_running(client, workspace, user, now))
        entry = client.start_timer(
            workspace,
            description=request.description,
            project_id=request.project_id,
            task_id=request.task_id,
            tag_ids=request.tag_ids,
            billable=request.billable,
            start=now,
        )
        self._settings.last_start = dataclasses.asdict(request)
        self._save_settings()
        self._state = dataclasses.replace(
            self._state, running=entry, recent=tuple(_replace(recent, entry)), last_start=request
        )

    @Slot()
    def on_stop(self) -> None:
        self._emit_busy("Stopping…")
        self._guard(self._stop)

    def _stop(self) -> None:
        client, workspace, user = self._session()
        stopped = self._stop_running(
            client, workspace, user, datetime.now(UTC).replace(microsecond=0)
        )
        self._state = dataclasses.replace(
            self._state, running=None, recent=tuple(_replace(list(self._state.recent), stopped))
        )

    def _stop_running(
        self, client: ClockifyClient, workspace: str, user: str, end: datetime
    ) -> TimeEntry:
        try:
            return client.stop_timer(workspace, user, end=end)
        except NotFound as err:
            self._load_entries()
            raise NotFound(
                "The timer had already been stopped elsewhere; the tray is up to date now."
            ) from err

    @Slot(object)
    def on_create_entry(self, request: EntryRequest) -> None:
        try:
            client, workspace, _ = self._session()
            entry = client.create_time_entry(
                workspace,
                start=request.start,
                end=request.end,
                description=request.description,
                project_id=request.project_id,
                task_id=request.task_id,
                tag_ids=request.tag_ids,
                billable=request.billable,
            )
        except ClockifyError as err:
            self.entry_failed.emit(request.request_id, err.message)
            return
        self._state = dataclasses.replace(
            self._state, recent=tuple(_replace(list(self._state.recent), entry))
        )
        self.entry_saved.emit(request.request_id, entry)
        self.state_changed.emit(self._state)

    @Slot(str)
    def on_create_project(self, name: str) -> None:
        def create() -> None:
            client, workspace, _ = self._session()
            project = client.create_project(workspace, name.strip())
            projects = sorted((*self._state.projects, project), key=lambda p: p.name.casefold())
            self._state = dataclasses.replace(self._state, projects=tuple(projects))
            self.state_changed.emit(self._state)
            self.project_created.emit(project)

        self._guard(create)

    @Slot(str)
    def on_load_tasks(self, project_id: str) -> None:
        cached = self._tasks.get(project_id)
        if cached is None:
            try:
                client, workspace, _ = self._session()
                tasks = client.list_tasks(workspace, project_id)
            except ClockifyError as err:
                self.failed.emit(err.message)
                return
            cached = self._tasks[project_id] = tuple(t for t in tasks if t.active)
        self.tasks_loaded.emit(project_id, cached)

    def close(self) -> None:
        """Close the HTTP client; call from the worker's thread or after it has finished."""
        if self._client is not None:
            self._client.close()
            self._client = None

    # --- plumbing ------------------------------------------------------------------------

    def _base_url(self, text: str) -> str:
        """A region name (as this worker knows regions) or URL, as a base URL."""
        return self._regions.get(text.strip().lower()) or resolve_base_url(text)

    def _connect(self, api_key: str, base_url: str) -> None:
        self.close()
        self._client = self._client_factory(api_key, base_url)

    def _require_client(self) -> ClockifyClient:
        if self._client is None:
            raise AuthError("Not signed in. Choose “Sign in…” in the tray menu.")
        return self._client

    def _session(self) -> tuple[ClockifyClient, str, str]:
        client = self._require_client()
        if self._state.workspace is None or self._state.user is None:
            raise AuthError("Not signed in. Choose “Sign in…” in the tray menu.")
        return client, self._state.workspace.id, self._state.user.id

    def _load_everything(self, user: User | None = None) -> None:
        client = self._require_client()
        user = user or client.get_user()
        workspaces = tuple(client.list_workspaces())
        if not workspaces:
            raise ClockifyError(
                "This Clockify account has no workspace yet; create one on clockify.me."
            )
        by_id = {w.id: w for w in workspaces}
        workspace = (
            by_id.get(self._settings.workspace_id)
            or by_id.get(user.active_workspace or "")
            or workspaces[0]
        )
        self._state = dataclasses.replace(
            self._state, signed_in=True, user=user, workspaces=workspaces, workspace=workspace
        )
        self._load_workspace()

    def _load_workspace(self) -> None:
        client, workspace, _ = self._session()
        projects = client.list_projects(workspace, archived=False)
        tags = client.list_tags(workspace, archived=False)
        self._state = dataclasses.replace(
            self._state,
            projects=tuple(sorted(projects, key=lambda p: p.name.casefold())),
            tags=tuple(tags),
        )
        self._load_entries()

    def _load_entries(self) -> None:
        client, workspace, user = self._session()
        recent = tuple(client.list_time_entries(workspace, user, page_size=RECENT_PAGE_SIZE))
        running = next((e for e in recent if e.running), None)
        self._state = dataclasses.replace(self._state, recent=recent, running=running)

    def _guard(self, action: Callable[[], None]) -> ClockifyError | None:
        """Run ``action``; report a failure as a message; always send the resulting state.

        Returns:
            the error that stopped ``action``, if any.
        """
        try:
            action()
        except ClockifyError as err:
            logger.info("action failed: %s", type(err).__name__)
            self._fail(err.message)
            if (
                not isinstance(err, NetworkError | RateLimited | AuthError)
                and self._client is not None
            ):
                # Show what the server really has rather than what we hoped for.
                with contextlib.suppress(ClockifyError):
                    self._load_entries()
            return err
        finally:
            self._state = dataclasses.replace(self._state, busy="")
            self.state_changed.emit(self._state)
        return None

    def _fail(self, message: str) -> None:
        self.failed.emit(message)

    def _emit_busy(self, phrase: str) -> None:
        self._state = dataclasses.replace(self._state, busy=phrase)
        self.state_changed.emit(self._state)

    def _save_settings(self) -> None:
        if self._settings_file is None:
            return
        try:
            self._settings.save(self._settings_file)
        except OSError as err:
            logger.warning("could not save settings: %s", err)


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
