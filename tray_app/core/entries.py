"""The entries as the tray shows them: local stand-ins, waiting writes applied, newest first."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from datetime import datetime
from typing import Any

from tray_app.clockify.models import Project, TimeEntry
from tray_app.clockify.timefmt import format_utc, parse_utc
from tray_app.core.outbox import (
    ReplayResult,
    entry_from_payload,
    entry_payload,
    new_local_id,
    payload_values,
)
from tray_app.core.state import AppState, EntryEdit, EntryRequest, RefusedWrite, StartRequest
from tray_app.core.store import Op, Store
from tray_app.i18n import _

RECENT_PAGE_SIZE = 50


def local_entry(
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
        custom_fields=request.custom_fields,
    )


Write = tuple[str, dict[str, Any]]


def start_writes(
    state: AppState, request: StartRequest, workspace: str, user: str, now: datetime
) -> tuple[list[Write], AppState]:
    """The writes that start ``request`` now, and the state that shows it at once.

    Clockify runs one timer per user: a running one is stopped explicitly, at the same moment.
    """
    entry = local_entry(request, workspace, user, start=now, end=None)
    writes: list[Write] = []
    recent = list(state.recent)
    running = state.running
    if running is not None:
        writes.append(("stop", stop_payload(workspace, running.id, now)))
        recent = replace_entry(recent, dataclasses.replace(running, end=max(now, running.start)))
    writes.append(("start", {**entry_payload(entry), "workspace_id": workspace}))
    shown = dataclasses.replace(
        state, running=entry, recent=tuple(replace_entry(recent, entry)), last_start=request
    )
    return writes, shown


def stop_writes(state: AppState, workspace: str, now: datetime) -> tuple[list[Write], AppState]:
    """The write that stops the running timer at ``now`` (an earlier moment for idle time
    given back), and the state without it."""
    assert state.running is not None
    running = state.running
    end = max(now, running.start)
    stopped = dataclasses.replace(running, end=end)
    shown = dataclasses.replace(
        state, running=None, recent=tuple(replace_entry(list(state.recent), stopped))
    )
    return [("stop", stop_payload(workspace, running.id, end))], shown


def entry_write(request: EntryRequest, workspace: str, user: str) -> tuple[Write, TimeEntry]:
    """The write that records a finished entry, and its local stand-in."""
    entry = local_entry(request, workspace, user, start=request.start, end=request.end)
    return ("create_entry", {**entry_payload(entry), "workspace_id": workspace}), entry


def edit_write(state: AppState, edit: EntryEdit, workspace: str) -> tuple[Write, AppState]:
    """The write that changes an entry, and the state that shows the change at once.

    Every field the form shows goes in the write; Clockify's full replace keeps the rest (the
    client reads the entry first). A running entry's end is left alone, so an edit never
    restarts a timer that was stopped elsewhere meanwhile.
    """
    changes: dict[str, Any] = {
        "start": format_utc(edit.start),
        "description": edit.description,
        "project_id": edit.project_id,
        "task_id": edit.task_id,
        "tag_ids": list(edit.tag_ids),
        "billable": edit.billable,
    }
    if edit.end is not None:
        changes["end"] = format_utc(edit.end)
    if edit.custom_fields is not None:
        changes["custom_fields"] = [value.to_json() for value in edit.custom_fields]
    payload = {"workspace_id": workspace, "entry_id": edit.entry_id, "changes": changes}
    return ("update_entry", payload), shown_with(state, [("update_entry", payload)])


def delete_write(state: AppState, entry: TimeEntry, workspace: str) -> tuple[Write, AppState]:
    """The write that deletes ``entry``, and the state without it."""
    # The description only names the write in messages, should Clockify refuse it.
    payload = {"workspace_id": workspace, "entry_id": entry.id, "description": entry.description}
    return ("delete_entry", payload), shown_with(state, [("delete_entry", payload)])


def shown_with(state: AppState, writes: list[Write]) -> AppState:
    """``state`` as it will be once ``writes`` reach Clockify."""
    workspace = state.workspace.id if state.workspace else ""
    ops = [Op(0, kind, payload, datetime.min) for kind, payload in writes]
    running, recent = apply_pending(state.running, list(state.recent), ops, workspace)
    return dataclasses.replace(state, running=running, recent=tuple(recent))


def edited(entry: TimeEntry, changes: dict[str, Any]) -> TimeEntry:
    """``entry`` with an update write's ``changes`` (times as UTC text) applied."""
    values: dict[str, Any] = {}
    for key, value in changes.items():
        if key in ("start", "end"):
            values[key] = parse_utc(value) if value else None
        elif key == "tag_ids":
            values[key] = tuple(value or ())
        elif key == "custom_fields":
            values[key] = payload_values(value)
        elif key in ("description", "project_id", "task_id", "billable"):
            values[key] = value
    return dataclasses.replace(entry, **values)


def project_write(workspace: str, name: str) -> tuple[Write, str]:
    """The write that creates project ``name``, and the local id it goes by until then."""
    local_id = new_local_id()
    payload = {"workspace_id": workspace, "name": name.strip(), "local_id": local_id}
    return ("create_project", payload), local_id


def with_project(state: AppState, project: Project) -> AppState:
    """``state`` with ``project`` among its projects (in place of an older version), by name."""
    kept = [p for p in state.projects if p.id != project.id]
    projects = sorted([*kept, project], key=lambda p: p.name.casefold())
    return dataclasses.replace(state, projects=tuple(projects))


def stop_payload(workspace: str, entry_id: str, end: datetime) -> dict[str, Any]:
    return {"workspace_id": workspace, "entry_id": entry_id, "end": format_utc(end)}


def describe(op: Op) -> str:
    """A write as a person would name it in a message."""
    payload = op.payload
    if op.kind == "create_project":
        # Translators: a project the app could not create, in a message: project “Acme”.
        return _("project “{name}”").format(name=payload.get("name", ""))
    what = payload.get("description") or payload.get("changes", {}).get("description")
    if what:
        # Translators: an entry named by its description, in a message: “Write report”.
        return _("“{description}”").format(description=what)
    # Translators: an entry without a description, in "Not saved to Clockify: entry."
    return _("entry")


def not_saved(op: Op, reason: str) -> str:
    """A write Clockify refused, for a person: "Not saved to Clockify: “Standup”. <reason>"."""
    # Translators: {what} is project “Acme”, “Write report” or entry; {reason} is Clockify's.
    return _("Not saved to Clockify: {what}. {reason}").format(what=describe(op), reason=reason)


def replace_entry(
    entries: list[TimeEntry], entry: TimeEntry, limit: int | None = RECENT_PAGE_SIZE
) -> list[TimeEntry]:
    """``entries`` with ``entry`` in place of its old version (or added), newest first, at most
    ``limit`` of them (all when None)."""
    kept = [e for e in entries if e.id != entry.id]
    return sorted([entry, *kept], key=lambda e: e.start, reverse=True)[:limit]


def apply_pending(
    running: TimeEntry | None,
    recent: list[TimeEntry],
    ops: list[Op],
    workspace: str,
    *,
    limit: int | None = RECENT_PAGE_SIZE,
    server_id: Callable[[str], str | None] = lambda entity_id: entity_id,
) -> tuple[TimeEntry | None, list[TimeEntry]]:
    """The entries as they will be once the waiting writes reach Clockify.

    ``server_id`` maps a local id to Clockify's: a write made before its entry was created
    names the entry by its local id, which the entries shown may have replaced meanwhile.
    """

    def same(entry: TimeEntry | None, entry_id: str) -> bool:
        return entry is not None and entry.id in (entry_id, server_id(entry_id))

    for op in ops:
        payload = op.payload
        if payload.get("workspace_id") != workspace:
            continue
        if op.kind in ("start", "create_entry"):
            entry = entry_from_payload(payload, workspace)
            if op.kind == "start":
                if running is not None:
                    ended = dataclasses.replace(running, end=max(entry.start, running.start))
                    recent = replace_entry(recent, ended, limit)
                running = entry
            recent = replace_entry(recent, entry, limit)
        elif op.kind == "stop" and running is not None and same(running, payload["entry_id"]):
            end = parse_utc(payload["end"])
            recent = replace_entry(recent, dataclasses.replace(running, end=end), limit)
            running = None
        elif op.kind == "update_entry":
            target = next((e for e in recent if same(e, payload["entry_id"])), None)
            if same(running, payload["entry_id"]):
                target = running
            if target is not None:
                changed = edited(target, payload["changes"])
                recent = replace_entry(recent, changed, limit)
                if target is running:
                    running = changed if changed.running else None
        elif op.kind == "delete_entry":
            recent = [e for e in recent if not same(e, payload["entry_id"])]
            if same(running, payload["entry_id"]):
                running = None
    return running, recent


def refused_writes(store: Store) -> tuple[RefusedWrite, ...]:
    """The writes Clockify refused, as the person sees them; a refused start ends where its
    stop said (the timer was stopped meanwhile), else it is shown running."""
    refused = []
    for op in store.failed():
        entry = None
        if op.kind in ("start", "create_entry"):
            entry = entry_from_payload(op.payload, op.payload.get("workspace_id"))
            stop = store.stop_of(entry.id) if entry.end is None else None
            if stop is not None:
                entry = dataclasses.replace(entry, end=parse_utc(stop.payload["end"]))
        elif op.kind == "update_entry":  # the entry as the change wanted it
            changes = op.payload["changes"]
            entry = edited(TimeEntry(op.payload["entry_id"], parse_utc(changes["start"])), changes)
            entry = dataclasses.replace(entry, workspace_id=op.payload.get("workspace_id"))
        refused.append(RefusedWrite(op.id, op.kind, op.last_error, describe(op), entry))
    return tuple(refused)


def merge_replayed(state: AppState, result: ReplayResult) -> AppState:
    """``state`` with the local stand-ins replaced by the server's versions of what was sent."""
    workspace = state.workspace.id if state.workspace else ""
    recent = list(state.recent)
    running = state.running
    for local_id, entry in result.entries.items():
        recent = [e for e in recent if e.id != local_id]
        if entry.workspace_id == workspace:
            recent = replace_entry(recent, entry)
        if running is not None and running.id == local_id:
            running = entry if entry.running else None
    return dataclasses.replace(state, recent=tuple(recent), running=running)
