"""Sends the outbox to Clockify in order, exactly once (no Qt here: plain pytest tests it).

A write whose answer was lost may or may not have reached Clockify. Every write counts an
attempt before it is sent, so on the next try the replayer first asks the server whether the
write is already there (an entry with the same start, description and project; a project with
the same name) and only sends it when it is not.
"""

from __future__ import annotations

import contextlib
import logging
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from tray_app.clockify import (
    AuthError,
    ClockifyClient,
    ClockifyError,
    NetworkError,
    NotFound,
    RateLimited,
    ServerError,
    TimeEntry,
    ValidationError,
)
from tray_app.clockify.fields import CustomValue
from tray_app.clockify.timefmt import format_utc, parse_utc
from tray_app.core.store import Op, Store
from tray_app.i18n import _

logger = logging.getLogger(__name__)

LOCAL_PREFIX = "local-"
# A stop sent right after the click trusts the tray's view of what runs; a stop replayed later
# (after offline time or a restart) first checks that our entry is still the one running.
TRUST_WINDOW = timedelta(seconds=60)
# A request sent just before a crash or a dropped connection may still be on its way and be
# saved later; its op is checked against the server only once it cannot arrive any more (the
# client's read timeout has passed), or the check could miss it and the resend duplicate it.
SETTLE = timedelta(seconds=20)


class Settling(ClockifyError):
    """An earlier attempt of this write may still be on its way; check again shortly.

    Attributes:
        settles_in: seconds until it cannot arrive any more, when it is looked up.
    """

    def __init__(self, message: str, settles_in: float) -> None:
        super().__init__(message)
        self.settles_in = settles_in


# These end a pass and leave the write queued: they say nothing against the write itself. A
# refused key (401) waits for a new sign-in instead of marking every write refused.
TRANSIENT = (NetworkError, RateLimited, ServerError, Settling, AuthError)


def new_local_id() -> str:
    return LOCAL_PREFIX + uuid.uuid4().hex


def is_local(entity_id: str | None) -> bool:
    return bool(entity_id) and str(entity_id).startswith(LOCAL_PREFIX)


def entry_payload(entry: TimeEntry) -> dict[str, Any]:
    """A time entry as outbox payload (times as UTC text)."""
    return {
        "local_id": entry.id,
        "start": format_utc(entry.start),
        "end": format_utc(entry.end) if entry.end else None,
        "description": entry.description,
        "project_id": entry.project_id,
        "task_id": entry.task_id,
        "tag_ids": list(entry.tag_ids),
        "billable": entry.billable,
        "custom_fields": [value.to_json() for value in entry.custom_fields],
    }


def entry_from_payload(payload: dict[str, Any], workspace_id: str | None = None) -> TimeEntry:
    return TimeEntry(
        id=payload["local_id"],
        start=parse_utc(payload["start"]),
        end=parse_utc(payload["end"]) if payload.get("end") else None,
        description=payload.get("description") or "",
        project_id=payload.get("project_id"),
        task_id=payload.get("task_id"),
        tag_ids=tuple(payload.get("tag_ids") or ()),
        billable=payload.get("billable") is True,
        workspace_id=workspace_id,
        custom_fields=payload_values(payload.get("custom_fields")),
    )


def payload_values(saved: Any) -> tuple[CustomValue, ...]:
    """Custom field values as a payload keeps them (Clockify's JSON shape)."""
    values = (CustomValue.from_json(item) for item in saved or ())
    return tuple(value for value in values if value is not None)


def resend_refused(store: Store, op_id: int) -> bool:
    """Queue a refused write again as it was; False if it is no longer a refused write.

    A refused start whose timer was stopped meanwhile goes as the finished entry it became,
    so it never starts a timer that nobody stops.
    """
    op = store.op(op_id)
    if op is None:
        return False
    stop = store.stop_of(op.payload.get("local_id", "")) if op.kind == "start" else None
    if stop is not None:
        payload = {**op.payload, "end": stop.payload["end"]}
        return store.replace_refused(op_id, "create_entry", payload) is not None
    return store.send_again(op_id)


@dataclass
class ReplayResult:
    """What one pass over the outbox did.

    Attributes:
        sent: ops that reached Clockify (or were found already there) in this pass.
        failed: ops Clockify refused for good, with its message; they are kept, marked failed.
        stopped_by: the error that ended the pass early (offline, 429, 5xx, a refused key).
        entries: server versions of entries written in this pass, by local id.
        resync: the server differed from what the writes expected (a timer stopped elsewhere,
            an entry already deleted): the caller should read the entries again.
    """

    sent: list[Op] = field(default_factory=list)
    failed: list[tuple[Op, str]] = field(default_factory=list)
    stopped_by: ClockifyError | None = None
    entries: dict[str, TimeEntry] = field(default_factory=dict)
    resync: bool = False


class Replayer:
    """Replays pending ops for one user, oldest first, stopping at the first transient error."""

    def __init__(
        self, client: ClockifyClient, store: Store, user_id: str, *, settle: timedelta = SETTLE
    ) -> None:
        self._client = client
        self._store = store
        self._user_id = user_id
        self._settle = settle
        self._marked: int | None = None  # the op whose attempt was counted last

    def replay(self, now: datetime | None = None) -> ReplayResult:
        result = ReplayResult()
        for op in self._store.pending():
            try:
                self._replay_one(op, result, now or datetime.now(UTC))
            except NetworkError as err:
                if not err.maybe_sent and self._marked == op.id:
                    # Nothing left this machine: the next try needs no check, no settling.
                    self._store.unmark_attempt(op.id, op.last_attempt_at)
                self._store.note_error(op.id, err.message)
                result.stopped_by = err
                return result
            except TRANSIENT as err:
                self._store.note_error(op.id, err.message)
                result.stopped_by = err
                logger.info("outbox stopped at op %d (%s): %s", op.id, op.kind, type(err).__name__)
                return result
            except ClockifyError as err:
                self._store.fail(op.id, err.message)
                result.failed.append((op, err.message))
                logger.warning("outbox op %d (%s) refused: %s", op.id, op.kind, err.message)
                continue
            result.sent.append(op)
        return result

    def _replay_one(self, op: Op, result: ReplayResult, now: datetime) -> None:
        recent_attempt = op.last_attempt_at is not None and now - op.last_attempt_at < self._settle
        if recent_attempt and op.kind in ("start", "create_entry", "create_project"):
            assert op.last_attempt_at is not None
            settled = op.last_attempt_at + self._settle - now
            raise Settling(
                _("An earlier attempt may still be on its way; checking shortly."),
                settles_in=settled.total_seconds(),
            )
        payload = op.payload
        workspace = payload["workspace_id"]
        if op.kind in ("start", "create_entry"):
            entry = self._create_entry(op, workspace)
            result.entries[payload["local_id"]] = entry
            self._store.complete(op.id, payload["local_id"], entry.id)
        elif op.kind == "stop":
            stopped = self._stop(op, workspace, now)
            if stopped is None:
                result.resync = True
            else:
                result.entries[payload["entry_id"]] = stopped
            self._store.complete(op.id)
        elif op.kind == "create_project":
            project_id = self._create_project(op, workspace)
            self._store.complete(op.id, payload["local_id"], project_id)
        elif op.kind == "update_entry":
            entry_id = self._store.server_id(payload["entry_id"])
            if is_local(entry_id):
                raise ValidationError(
                    _("The entry never reached Clockify, so it cannot be changed.")
                )
            changes = dict(payload["changes"])
            for key in ("start", "end"):
                if changes.get(key):
                    changes[key] = parse_utc(changes[key])
            for key in ("project_id", "task_id"):
                if changes.get(key):
                    changes[key] = self._store.server_id(changes[key])
            if "tag_ids" in changes:
                changes["tag_ids"] = tuple(changes["tag_ids"])
            if "custom_fields" in changes:
                changes["custom_fields"] = payload_values(changes["custom_fields"])
            self._mark(op)
            result.entries[payload["entry_id"]] = self._client.update_time_entry(
                workspace, str(entry_id), **changes
            )
            self._store.complete(op.id)
        elif op.kind == "delete_entry":
            self._mark(op)
            entry_id = str(self._store.server_id(payload["entry_id"]))
            if not is_local(entry_id):  # else it never reached Clockify: nothing to delete
                with contextlib.suppress(NotFound):  # already gone: the goal is reached
                    self._client.delete_time_entry(workspace, entry_id)
            self._store.complete(op.id)
        else:
            raise ValidationError(
                _("Unknown kind of write '{kind}' in the outbox.").format(kind=op.kind)
            )

    def _mark(self, op: Op) -> None:
        self._store.mark_attempt(op.id)
        self._marked = op.id

    def _create_entry(self, op: Op, workspace: str) -> TimeEntry:
        payload = op.payload
        wanted = entry_from_payload(payload)
        project_id = self._store.server_id(wanted.project_id)
        if is_local(project_id):
            raise ValidationError(
                _("Its project could not be created, so the entry cannot be saved.")
            )
        if op.attempts > 0:
            found = self._find_entry(workspace, wanted, project_id)
            if found is not None:
                logger.info("op %d was already on the server as %s", op.id, found.id)
                return found
        self._mark(op)
        return self._client.create_time_entry(
            workspace,
            start=wanted.start,
            end=wanted.end,
            description=wanted.description,
            project_id=project_id,
            task_id=wanted.task_id,
            tag_ids=wanted.tag_ids,
            billable=wanted.billable,
            custom_fields=wanted.custom_fields,
        )

    def _find_entry(
        self, workspace: str, wanted: TimeEntry, project_id: str | None
    ) -> TimeEntry | None:
        candidates = self._client.list_time_entries(
            workspace, self._user_id, since=wanted.start, until=wanted.start, page_size=50
        )
        for entry in candidates:
            if (entry.start, entry.description, entry.project_id) == (
                wanted.start,
                wanted.description,
                project_id,
            ):
                return entry
        return None

    def _stop(self, op: Op, workspace: str, now: datetime) -> TimeEntry | None:
        payload = op.payload
        entry_id = self._store.server_id(payload["entry_id"])
        if is_local(entry_id):
            return None  # its start never reached Clockify: there is nothing to stop
        end = parse_utc(payload["end"])
        fresh = op.attempts == 0 and now - op.created_at < TRUST_WINDOW
        if not fresh:
            running = self._client.get_running_entry(workspace, self._user_id)
            if running is None or running.id != entry_id:
                logger.info("op %d: entry %s no longer runs; nothing to stop", op.id, entry_id)
                return None
        self._mark(op)
        try:
            return self._client.stop_timer(workspace, self._user_id, end=end)
        except NotFound:
            return None  # stopped already (by us before a lost answer, or elsewhere)

    def _create_project(self, op: Op, workspace: str) -> str:
        name = op.payload["name"]
        if op.attempts > 0:
            existing = self._project_named(workspace, name)
            if existing is not None:
                return existing
        self._mark(op)
        try:
            return self._client.create_project(workspace, name).id
        except ValidationError as err:
            existing = self._project_named(workspace, name)
            if existing is None:
                raise
            logger.info("project %r existed already (%s)", name, err.message)
            return existing

    def _project_named(self, workspace: str, name: str) -> str | None:
        for project in self._client.list_projects(workspace, name=name):
            if project.name.casefold() == name.casefold() and not project.client_id:
                return project.id
        return None
