"""The entries as the tray shows them: local stand-ins, waiting writes applied, newest first."""

from __future__ import annotations

import dataclasses
from datetime import datetime
from typing import Any

from tray_app.clockify.models import Project, TimeEntry
from tray_app.clockify.timefmt import format_utc, parse_utc
from tray_app.core.outbox import ReplayResult, entry_from_payload, entry_payload, new_local_id
from tray_app.core.state import AppState, EntryRequest, RefusedWrite, StartRequest
from tray_app.core.store import Op, Store

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
    """The write that stops the running timer at ``now``, and the state without it."""
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
        return f"project “{payload.get('name', '')}”"
    what = payload.get("description") or "entry"
    return f"“{what}”" if payload.get("description") else what


def replace_entry(entries: list[TimeEntry], entry: TimeEntry) -> list[TimeEntry]:
    """``entries`` with ``entry`` in place of its old version (or added), newest first."""
    kept = [e for e in entries if e.id != entry.id]
    return sorted([entry, *kept], key=lambda e: e.start, reverse=True)[:RECENT_PAGE_SIZE]


def apply_pending(
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
                    recent = replace_entry(
                        recent, dataclasses.replace(running, end=max(entry.start, running.start))
                    )
                running = entry
            recent = replace_entry(recent, entry)
        elif op.kind == "stop" and running is not None and running.id == payload["entry_id"]:
            stopped = entry_from_payload(
                {**entry_payload(running), "end": payload["end"]}, workspace
            )
            recent = replace_entry(recent, stopped)
            running = None
        elif op.kind == "delete_entry":
            recent = [e for e in recent if e.id != payload["entry_id"]]
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
