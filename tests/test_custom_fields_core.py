"""Custom fields in the core, against the demo as ``--demo`` has it (its cost center required):
read with the workspace, kept offline, sent with each write through the outbox exactly once,
and a start or a stop lacking a required field asked about before anything is sent."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest

from tests.core_parts import Parts, running_on_server
from tray_app.clockify.fields import CustomValue
from tray_app.core.state import EntryEdit, EntryRequest, StartRequest
from tray_app.sandbox import Sandbox

pytestmark = pytest.mark.dates


@pytest.fixture
def parts(demo_sandbox: Sandbox, tmp_path: Path) -> Iterator[Parts]:
    made = Parts(demo_sandbox, tmp_path, key=demo_sandbox.api_key)
    made.tracker.on_startup()
    yield made
    made.tracker.close()
    made.store.close()


def field_ids(parts: Parts) -> dict[str, str]:
    return {f.name: f.id for f in parts.tracker.state.custom_fields}


def values_on_server(sandbox: Sandbox, description: str) -> list[dict[str, object]]:
    (entry,) = [e for e in sandbox.state.entries.values() if e.description == description]
    return [{v["name"]: v["value"]} for v in entry.custom_fields]


def test_the_workspace_s_fields_are_read_and_kept_for_offline(
    parts: Parts, demo_sandbox: Sandbox, tmp_path: Path
) -> None:
    fields = parts.tracker.state.custom_fields
    assert [(f.name, f.type, f.required, f.visible) for f in fields] == [
        ("Cost center", "DROPDOWN_SINGLE", True, True),
        ("Ticket", "LINK", False, True),
        ("Reviewed", "CHECKBOX", False, True),
        ("Old code", "TXT", False, False),
    ]
    first_project = next(iter(demo_sandbox.state.projects))
    assert fields[0].default_for(first_project) == "Design"
    assert fields[0].default_for(None) is None
    parts.tracker.close()
    # The next run, offline, shows them from the cache.
    demo_sandbox.faults.offline = True
    again = Parts(demo_sandbox, tmp_path, key=demo_sandbox.api_key)
    again.tracker.on_startup()
    assert again.tracker.state.custom_fields == fields
    again.tracker.close()
    again.store.close()


def test_a_refused_list_says_why_and_tracking_goes_on(
    demo_sandbox: Sandbox, tmp_path: Path
) -> None:
    demo_sandbox.faults.refuse(r"/custom-fields$", 403, "Access Denied", 1003)
    parts = Parts(demo_sandbox, tmp_path, key=demo_sandbox.api_key)
    parts.tracker.on_startup()
    state = parts.tracker.state
    assert state.signed_in and state.projects
    assert state.unavailable_text("custom_fields") == (
        "Custom fields are not available in this workspace: Access Denied."
    )
    parts.tracker.close()
    parts.store.close()


def test_values_travel_with_a_start_offline_and_land_once(
    parts: Parts, demo_sandbox: Sandbox
) -> None:
    ids = field_ids(parts)
    values = (
        CustomValue(ids["Cost center"], "Sales"),
        CustomValue(ids["Ticket"], "https://tickets.example/9"),
    )
    demo_sandbox.faults.offline = True
    parts.tracker.writes.on_start(StartRequest("On the train", custom_fields=values))
    assert parts.tracker.state.pending == 1
    assert parts.tracker.state.running is not None
    assert parts.tracker.state.running.custom_fields == values  # shown at once
    demo_sandbox.faults.offline = False
    parts.tracker.reads.on_retry()
    assert parts.tracker.state.pending == 0
    assert values_on_server(demo_sandbox, "On the train") == [
        {"Cost center": "Sales"},
        {"Ticket": "https://tickets.example/9"},
    ]


def test_a_manual_entry_and_an_edit_carry_their_values(parts: Parts, demo_sandbox: Sandbox) -> None:
    ids = field_ids(parts)
    start = parts.clock.now() - timedelta(hours=3)
    parts.tracker.writes.on_create_entry(
        EntryRequest(
            7,
            start,
            start + timedelta(hours=1),
            "Workshop",
            custom_fields=(CustomValue(ids["Cost center"], "Design"),),
        )
    )
    ((_, saved),) = parts.events.of("entry_saved")
    assert values_on_server(demo_sandbox, "Workshop") == [{"Cost center": "Design"}]
    # An edit that does not show the fields keeps them; one that does replaces them.
    kept = dataclasses.replace(EntryEdit.restoring(saved), description="Workshop day")
    parts.tracker.writes.on_update_entry(dataclasses.replace(kept, custom_fields=None))
    assert values_on_server(demo_sandbox, "Workshop day") == [{"Cost center": "Design"}]
    changed = (CustomValue(ids["Cost center"], "Sales"), CustomValue(ids["Reviewed"], True))
    parts.tracker.writes.on_update_entry(dataclasses.replace(kept, custom_fields=changed))
    assert values_on_server(demo_sandbox, "Workshop day") == [
        {"Cost center": "Sales"},
        {"Reviewed": True},
    ]


def test_a_start_lacking_a_required_field_opens_quick_start_and_sends_nothing(
    parts: Parts, demo_sandbox: Sandbox
) -> None:
    writes_before = [r for r in demo_sandbox.requests if r.method != "GET"]
    request = StartRequest("Standup")
    parts.tracker.writes.on_start(request)
    assert parts.events.of("quick_start_wanted") == [
        (request, "This workspace requires “Cost center”.")
    ]
    assert [r for r in demo_sandbox.requests if r.method != "GET"] == writes_before
    assert parts.tracker.state.running is None and parts.store.pending_count() == 0


def test_a_stop_lacking_a_required_field_asks_then_completes_and_stops(
    parts: Parts, demo_sandbox: Sandbox
) -> None:
    ids = field_ids(parts)
    parts.tracker.writes.on_start(
        StartRequest("Call", custom_fields=(CustomValue(ids["Cost center"], "Sales"),))
    )
    # The rule changes while the timer runs (a workspace admin, on the web).
    demo_sandbox.state.custom_fields[ids["Ticket"]]["required"] = True
    parts.tracker.reads.workspace()
    parts.clock.advance(600)
    pressed = parts.clock.now()
    demo_sandbox.faults.offline = True  # checked before anything is queued, offline too
    parts.tracker.writes.on_stop()
    ((running, lacks, end),) = parts.events.of("stop_needs")
    assert [f.name for f in lacks.custom] == ["Ticket"] and end == pressed
    assert parts.store.pending_count() == 0 and parts.tracker.state.running is not None
    demo_sandbox.faults.offline = False
    parts.clock.advance(30)  # the time spent in the prompt is not tracked
    values = (*running.custom_fields, CustomValue(ids["Ticket"], "https://tickets.example/3"))
    edit = dataclasses.replace(EntryEdit.restoring(running), end=None, custom_fields=values)
    parts.tracker.writes.on_complete_and_stop(edit, end)
    assert not running_on_server(demo_sandbox, parts)
    (entry,) = [e for e in demo_sandbox.state.entries.values() if e.description == "Call"]
    assert entry.end == pressed
    assert {v["name"]: v["value"] for v in entry.custom_fields} == {
        "Cost center": "Sales",
        "Ticket": "https://tickets.example/3",
    }


def test_a_saved_start_keeps_its_custom_fields_of_every_type() -> None:
    # The last start and the pins are kept in the settings file as JSON.
    request = StartRequest(
        "Review",
        custom_fields=(
            CustomValue("a", "Design", "Cost center"),
            CustomValue("b", 2.5, "Hours budget"),
            CustomValue("c", True, "Reviewed"),
            CustomValue("d", ("Red", "Blue"), "Labels"),
        ),
    )
    saved = json.loads(json.dumps(dataclasses.asdict(request)))
    assert StartRequest.from_saved(saved) == request
    saved["custom_fields"].append("not a value")
    assert StartRequest.from_saved(saved) == request  # an unreadable one is left out
