"""The entries as the tray shows them: local stand-ins, waiting writes applied, newest first."""

from __future__ import annotations

import dataclasses
from datetime import datetime
from typing import Any

from tray_app.clockify.models import TimeEntry
from tray_app.clockify.timefmt import format_utc
from tray_app.core.outbox import ReplayResult, entry_from_payload, entry_payload, new_local_id
from tray_app.core.state import AppState, EntryRequest, StartRequest
from tray_app.core.store import Op

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
