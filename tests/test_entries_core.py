"""Editing and deleting entries and reading a week, in plain pytest: the tracker over real HTTP
to the sandbox, with an injected clock and the tracker's events recorded."""

from __future__ import annotations

import dataclasses
from datetime import datetime, timedelta
from typing import Any

import pytest

from tests.core_parts import Parts
from tray_app.clockify.models import TimeEntry
from tray_app.core.state import EntryEdit, EntryRequest, StartRequest
from tray_app.core.week.days import WeekView
from tray_app.sandbox import Sandbox
from tray_app.sandbox.wire import wire_time

pytestmark = pytest.mark.dates  # also run at faked moments


def ids(parts: Parts) -> tuple[str, str]:
    state = parts.tracker.state
    assert state.workspace is not None and state.user is not None
    return state.workspace.id, state.user.id


def server_entry(sandbox: Sandbox, parts: Parts, entry_id: str) -> Any:
    workspace, user = ids(parts)
    return sandbox.state.entry_of(workspace, user, entry_id)


def add_entry(sandbox: Sandbox, parts: Parts, start: datetime, minutes: int, **fields: Any) -> str:
    """An entry made on 'another device' (straight into the sandbox)."""
    workspace, user = ids(parts)
    body = {
        "start": wire_time(start),
        "end": wire_time(start + timedelta(minutes=minutes)),
        **fields,
    }
    return sandbox.state.create_entry(workspace, user, body).id


def last_view(parts: Parts) -> WeekView:
    return parts.events.of("week_changed")[-1][0]


def edit_of(entry: TimeEntry, **changes: Any) -> EntryEdit:
    values: dict[str, Any] = {
        "start": entry.start,
        "end": entry.end,
        "description": entry.description,
        "project_id": entry.project_id,
        "task_id": entry.task_id,
        "tag_ids": entry.tag_ids,
        "billable": entry.billable,
        **changes,
    }
    return EntryEdit(request_id=1, entry_id=entry.id, **values)


def puts(sandbox: Sandbox) -> int:
    return sum(1 for r in sandbox.requests if r.method == "PUT")


def test_the_week_shows_the_copy_then_every_page_from_clockify(
    parts: Parts, sandbox: Sandbox
) -> None:
    now = parts.clock.now()
    monday = now - timedelta(days=now.weekday())
    start = monday.replace(hour=6, minute=0, second=0)
    made = [add_entry(sandbox, parts, start + timedelta(minutes=5 * n), 4) for n in range(120)]
    parts.tracker.reads.on_show_week(None)
    first, *_, read = [args[0] for args in parts.events.of("week_changed")]
    assert not first.fresh and first.note.startswith("Reading")
    assert read.fresh and read.this_week and not read.note
    assert set(made) <= {e.id for e in read.entries}  # 120 entries: more than two pages
    assert [e.start for e in read.entries] == sorted((e.start for e in read.entries), reverse=True)

    # Offline, the week opens from the copy kept on this computer, and says so.
    parts.tracker.reads.on_close_week()
    sandbox.faults.offline = True
    parts.tracker.reads.on_show_week(None)
    offline = last_view(parts)
    assert not offline.fresh and "Offline" in offline.note and "last read" in offline.note
    assert {e.id for e in offline.entries} == {e.id for e in read.entries}


def test_previous_weeks_load_on_demand_and_a_never_read_week_says_so(
    parts: Parts, sandbox: Sandbox
) -> None:
    parts.tracker.reads.on_show_week(None)
    this_week = last_view(parts).week
    earlier = this_week.shifted(-3)
    old = add_entry(sandbox, parts, earlier.start + timedelta(days=2, hours=9), 30)
    parts.tracker.reads.on_show_week(earlier.first)
    view = last_view(parts)
    assert view.week == earlier and not view.this_week
    assert [e.id for e in view.entries] == [old]

    sandbox.faults.offline = True
    parts.tracker.reads.on_show_week(this_week.shifted(-8).first)
    assert "never read on this computer" in last_view(parts).note


def test_an_edit_shows_at_once_and_keeps_every_field_it_did_not_touch(
    parts: Parts, sandbox: Sandbox
) -> None:
    project = next(p for p in parts.tracker.state.projects if p.client_id)
    task = sandbox.state.tasks_of(project.id)[0]["id"]
    tag = parts.tracker.state.tags[0].id
    ticket = _field_named(sandbox, "Ticket")
    start = parts.clock.now().replace(hour=8, minute=0, second=0) - timedelta(hours=30)
    entry_id = add_entry(
        sandbox,
        parts,
        start,
        45,
        description="Write report",
        projectId=project.id,
        taskId=task,
        tagIds=[tag],
        billable=True,
        customFields=[{"customFieldId": ticket, "value": "https://tickets.example/77"}],
    )
    parts.tracker.reads.on_show_week(start.date() - timedelta(days=start.weekday()))
    parts.tracker.reads.on_show_week(None)
    shown = next(e for e in last_view(parts).entries if e.id == entry_id)
    calls_before = len(parts.events.calls)

    parts.tracker.writes.on_update_entry(edit_of(shown, description="Write the report"))

    # The first week sent after the edit already holds it (before Clockify answered).
    first = next(
        args[0] for name, args in parts.events.calls[calls_before:] if name == "week_changed"
    )
    assert next(e for e in first.entries if e.id == entry_id).description == "Write the report"
    kept = server_entry(sandbox, parts, entry_id)
    assert kept.description == "Write the report"
    assert (kept.project_id, kept.task_id, kept.tag_ids, kept.billable) == (
        project.id,
        task,
        [tag],
        True,
    )
    assert kept.custom_fields == [
        {"customFieldId": ticket, "value": "https://tickets.example/77", "name": "Ticket"}
    ]
    assert (kept.start, kept.end) == (start, start + timedelta(minutes=45))
    assert parts.tracker.state.pending == 0 and puts(sandbox) == 1


def test_the_running_timer_is_edited_without_stopping_it(parts: Parts, sandbox: Sandbox) -> None:
    parts.tracker.reads.on_show_week(None)
    parts.tracker.writes.on_start(StartRequest("Standup"))
    running = parts.tracker.state.running
    assert running is not None
    # Once sent, the window shows Clockify's entry, not the local stand-in.
    assert [e.id for e in last_view(parts).entries if e.running] == [running.id]
    assert not running.id.startswith("local-")
    project = parts.tracker.state.projects[0]
    earlier = running.start - timedelta(minutes=20)
    parts.tracker.writes.on_update_entry(
        edit_of(running, description="Team standup", project_id=project.id, start=earlier)
    )
    server = server_entry(sandbox, parts, running.id)
    assert server.end is None and server.description == "Team standup"
    assert server.project_id == project.id and server.start == earlier
    state = parts.tracker.state
    assert state.running is not None and state.running.description == "Team standup"
    assert state.running.start == earlier


def test_an_edit_offline_waits_and_lands_once(parts: Parts, sandbox: Sandbox) -> None:
    start = parts.clock.now() - timedelta(hours=3)
    entry_id = add_entry(sandbox, parts, start, 30, description="Typo heer")
    parts.tracker.reads.on_show_week(None)
    shown = next(e for e in last_view(parts).entries if e.id == entry_id)
    sandbox.faults.offline = True
    parts.tracker.writes.on_update_entry(edit_of(shown, description="Typo here"))
    state = parts.tracker.state
    assert state.pending == 1 and state.offline
    assert next(e for e in last_view(parts).entries if e.id == entry_id).description == "Typo here"
    assert server_entry(sandbox, parts, entry_id).description == "Typo heer"

    # A restart while offline keeps the edit, shown on the entries it applies to.
    parts.tracker.reads.on_close_week()
    sandbox.faults.offline = False
    parts.clock.advance(30)
    parts.tracker.reads.on_retry()
    assert server_entry(sandbox, parts, entry_id).description == "Typo here"
    assert parts.tracker.state.pending == 0 and puts(sandbox) == 1


def test_an_edit_of_an_entry_not_yet_on_the_server_waits_for_its_creation(
    parts: Parts, sandbox: Sandbox
) -> None:
    workspace, user = ids(parts)
    before = {e.id for e in sandbox.state.entries_of(workspace, user)}
    sandbox.faults.offline = True
    start = parts.clock.now() - timedelta(hours=2)
    parts.tracker.writes.on_create_entry(
        EntryRequest(7, start, start + timedelta(minutes=50), description="Draft")
    )
    local = next(e for e in parts.tracker.state.recent if e.description == "Draft")
    assert local.id.startswith("local-")
    parts.tracker.writes.on_update_entry(edit_of(local, description="Final draft"))
    assert parts.tracker.state.pending == 2
    sandbox.faults.offline = False
    parts.clock.advance(60)
    parts.tracker.reads.on_retry()
    made = [e for e in sandbox.state.entries_of(workspace, user) if e.id not in before]
    assert [e.description for e in made] == ["Final draft"]
    assert parts.tracker.state.pending == 0
    assert any(e.id == made[0].id for e in parts.tracker.state.recent)


def test_a_delete_goes_through_the_outbox(parts: Parts, sandbox: Sandbox) -> None:
    workspace, user = ids(parts)
    start = parts.clock.now() - timedelta(hours=5)
    entry_id = add_entry(sandbox, parts, start, 30, description="Mistake")
    parts.tracker.reads.on_show_week(None)
    shown = next(e for e in last_view(parts).entries if e.id == entry_id)
    sandbox.faults.offline = True
    parts.tracker.writes.on_delete_entry(shown)
    assert all(e.id != entry_id for e in last_view(parts).entries)
    assert all(e.id != entry_id for e in parts.tracker.state.recent)
    assert any(e.id == entry_id for e in sandbox.state.entries_of(workspace, user))
    sandbox.faults.offline = False
    parts.tracker.reads.on_retry()
    assert all(e.id != entry_id for e in sandbox.state.entries_of(workspace, user))
    deletes = [r for r in sandbox.requests if r.method == "DELETE"]
    assert len(deletes) == 1 and parts.tracker.state.pending == 0


def test_deleting_the_running_timer_stops_showing_it(parts: Parts, sandbox: Sandbox) -> None:
    workspace, user = ids(parts)
    parts.tracker.writes.on_start(StartRequest("Oops"))
    running = parts.tracker.state.running
    assert running is not None
    parts.tracker.writes.on_delete_entry(running)
    assert parts.tracker.state.running is None
    assert sandbox.state.running_entry(workspace, user) is None


def test_a_refused_edit_is_kept_with_the_reason_and_fixed_in_place(
    parts: Parts, sandbox: Sandbox
) -> None:
    archived = next(p for p in sandbox.state.projects.values() if p["archived"])
    start = parts.clock.now() - timedelta(hours=4)
    entry_id = add_entry(sandbox, parts, start, 30, description="Archive me")
    parts.tracker.reads.on_show_week(None)
    shown = next(e for e in last_view(parts).entries if e.id == entry_id)
    parts.tracker.writes.on_update_entry(edit_of(shown, project_id=archived["id"]))
    (refused,) = parts.tracker.state.refused
    assert refused.kind == "update_entry" and "archived" in refused.reason.lower()
    assert refused.entry is not None and refused.entry.project_id == archived["id"]
    assert refused.name == "“Archive me”"
    assert parts.events.messages("failed")[-1].startswith("Not saved to Clockify: “Archive me”")

    active = parts.tracker.state.projects[0]
    parts.tracker.writes.on_update_entry(
        dataclasses.replace(edit_of(shown, project_id=active.id), fixes=refused.op_id)
    )
    assert not parts.tracker.state.refused
    assert server_entry(sandbox, parts, entry_id).project_id == active.id


def test_an_entry_from_another_device_shows_on_the_next_sync(
    parts: Parts, sandbox: Sandbox
) -> None:
    parts.tracker.reads.on_show_week(None)
    later = add_entry(sandbox, parts, parts.clock.now() - timedelta(hours=1), 20, description="Web")
    assert all(e.id != later for e in last_view(parts).entries)
    parts.clock.advance(400)
    parts.tracker.reads.on_tick()
    assert any(e.id == later for e in last_view(parts).entries)

    # Closed, the window costs no reads.
    parts.tracker.reads.on_close_week()
    reads = len(sandbox.requests)
    parts.clock.advance(400)
    parts.events.calls.clear()
    parts.tracker.reads.on_tick()
    assert not parts.events.of("week_changed")
    assert len(sandbox.requests) - reads <= 1  # the usual check for timers, no week read


def _field_named(sandbox: Sandbox, name: str) -> str:
    return next(f["id"] for f in sandbox.state.custom_fields.values() if f["name"] == name)
