"""Degrade, never die: refused optional reads, refused writes and a refused key, in plain
pytest against the sandbox's per-endpoint refusals (real HTTP, injected clock)."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest

from tests.core_parts import Parts
from tray_app.core.state import EntryRequest, StartRequest
from tray_app.sandbox import Sandbox

# (part, the path the sandbox refuses, what the person reads)
OPTIONAL = [
    ("projects", r"/workspaces/\w+/projects$", "Projects are not available in this workspace"),
    ("tags", r"/workspaces/\w+/tags$", "Tags are not available in this workspace"),
    ("entries", r"/user/\w+/time-entries$", "Recent entries are not available"),
]
REFUSALS = [(403, "Access Denied", 1003), (404, "Not found", 404)]


@pytest.fixture
def parts(sandbox: Sandbox, tmp_path: Path) -> Iterator[Parts]:
    made = Parts(sandbox, tmp_path, key=sandbox.api_key)
    yield made
    made.tracker.close()
    made.store.close()


def landed(sandbox: Sandbox, description: str) -> list:
    return [e for e in sandbox.state.entries.values() if e.description == description]


@pytest.mark.parametrize(("status", "message", "code"), REFUSALS)
@pytest.mark.parametrize(("part", "path", "told"), OPTIONAL)
def test_a_refused_optional_list_leaves_tracking_working(
    parts: Parts,
    sandbox: Sandbox,
    part: str,
    path: str,
    told: str,
    status: int,
    message: str,
    code: int,
) -> None:
    sandbox.faults.refuse(path, status, message, code)
    parts.tracker.on_startup()
    state = parts.tracker.state
    assert state.signed_in and state.workspace is not None
    assert state.unavailable_text(part) == f"{told}: {message}."
    assert not parts.events.messages("failed")  # shown where the list is, not as an alarm
    others = [p for p, _, _ in OPTIONAL if p != part]
    assert all(not state.unavailable_text(other) for other in others)
    if part != "projects":
        assert state.projects  # everything else was read
    # Start, stop and manual entry do not need the refused list.
    parts.tracker.writes.on_start(StartRequest("Despite the refusal"))
    parts.clock.advance(60)
    parts.tracker.writes.on_stop()
    now = parts.clock.now()
    parts.tracker.writes.on_create_entry(
        EntryRequest(1, now - timedelta(hours=2), now - timedelta(hours=1), "Logged")
    )
    (timer,) = landed(sandbox, "Despite the refusal")
    assert timer.end is not None and timer.end - timer.start == timedelta(seconds=60)
    assert len(landed(sandbox, "Logged")) == 1
    assert parts.events.of("entry_saved") and not parts.events.of("entry_failed")
    # Asked again later, within the budget: once Clockify gives it, it is there.
    sandbox.faults.allow(path)
    parts.clock.advance(61)
    parts.tracker.reads.on_refresh()
    assert not parts.tracker.state.unavailable
    assert parts.tracker.state.projects and parts.tracker.state.recent


def test_a_refused_list_keeps_what_the_cache_knew(parts: Parts, sandbox: Sandbox) -> None:
    parts.tracker.on_startup()
    tags = parts.tracker.state.tags
    assert tags
    parts.tracker.close()
    sandbox.faults.refuse(r"/tags$")
    again = Parts(sandbox, parts.store_path.parent, key=sandbox.api_key)
    again.tracker.on_startup()
    assert again.tracker.state.tags == tags  # from the cache, while Clockify refuses
    assert again.tracker.state.unavailable_text("tags").endswith("Access Denied.")
    again.store.close()


def test_refused_tasks_say_why(parts: Parts, sandbox: Sandbox) -> None:
    parts.tracker.on_startup()
    project = next(p for p in parts.tracker.state.projects if p.name == "Support")
    sandbox.faults.refuse(r"/tasks$")
    parts.tracker.reads.on_load_tasks(project.id)
    assert parts.events.of("tasks_loaded")[-1] == (project.id, ())
    assert parts.events.state.unavailable_text("tasks") == (
        "Tasks are not available for this project: Access Denied."
    )
    sandbox.faults.allow(r"/tasks$")
    parts.tracker.reads.on_load_tasks(project.id)
    assert parts.events.of("tasks_loaded")[-1][1]
    assert not parts.events.state.unavailable_text("tasks")


def test_a_refused_second_workspace_leaves_the_first(parts: Parts, sandbox: Sandbox) -> None:
    parts.tracker.on_startup()
    side = next(w for w in parts.tracker.state.workspaces if w.name == "Side Projects")
    sandbox.faults.refuse(rf"/workspaces/{side.id}/projects$")
    parts.tracker.on_switch_workspace(side.id)
    assert parts.tracker.state.workspace == side
    assert parts.tracker.state.unavailable_text("projects").endswith("Access Denied.")
    assert parts.tracker.state.tags  # its tags came
    parts.tracker.writes.on_start(StartRequest("On the side"))
    (entry,) = landed(sandbox, "On the side")
    assert entry.workspace_id == side.id


@pytest.mark.parametrize("path", [r"^/user$", r"^/workspaces$"])
def test_a_refused_required_read_is_told(parts: Parts, sandbox: Sandbox, path: str) -> None:
    sandbox.faults.refuse(path)
    parts.tracker.on_startup()
    told = "Your Clockify account is not allowed to do this in this workspace. Clockify says: "
    assert parts.events.messages("failed") == [told + "Access Denied"]
    assert parts.tracker.state.problem == told + "Access Denied"  # a line in the menu too
    assert parts.events.retry_delay == 5  # and it is tried again
    sandbox.faults.allow(path)
    parts.tracker.reads.on_retry()
    assert parts.tracker.state.signed_in and parts.tracker.state.problem == ""


REFUSE_ENTRY = (r"/workspaces/\w+/time-entries$", 400, "Project is archived", 501)


def refused_start(parts: Parts, sandbox: Sandbox, description: str) -> int:
    sandbox.faults.refuse(*REFUSE_ENTRY, method="POST")
    parts.tracker.writes.on_start(StartRequest(description))
    (refused,) = parts.tracker.state.refused
    assert refused.reason == "Clockify refused this: Project is archived"
    assert refused.name == f"“{description}”" and refused.entry is not None
    return refused.op_id


def test_a_refused_write_is_kept_told_and_survives_a_restart(
    parts: Parts, sandbox: Sandbox, tmp_path: Path
) -> None:
    parts.tracker.on_startup()
    refused_start(parts, sandbox, "Kept")
    assert parts.events.messages("failed") == [
        "Not saved to Clockify: “Kept”. Clockify refused this: Project is archived"
    ]
    assert parts.tracker.state.pending == 0  # not waiting: refused, until the person acts
    parts.tracker.close()
    again = Parts(sandbox, tmp_path, key=sandbox.api_key)
    again.tracker.on_startup()
    (still,) = again.tracker.state.refused
    assert still.reason.endswith("Project is archived")
    sandbox.faults.allow(REFUSE_ENTRY[0])  # say the project was restored
    again.tracker.writes.on_send_again(still.op_id)
    assert not again.tracker.state.refused
    assert len(landed(sandbox, "Kept")) == 1
    again.tracker.close()
    again.store.close()


def test_a_refused_timer_stopped_meanwhile_is_sent_as_the_entry_it_became(
    parts: Parts, sandbox: Sandbox
) -> None:
    parts.tracker.on_startup()
    started = parts.clock.now()
    sandbox.faults.offline = True  # on a train: the start and the stop wait together
    parts.tracker.writes.on_start(StartRequest("Stopped meanwhile"))
    parts.clock.advance(600)
    parts.tracker.writes.on_stop()
    sandbox.faults.offline = False
    sandbox.faults.refuse(*REFUSE_ENTRY, method="POST")
    parts.tracker.reads.on_retry()
    (shown,) = parts.tracker.state.refused
    assert shown.entry is not None and shown.entry.end == started + timedelta(seconds=600)
    assert parts.tracker.state.pending == 0  # the stop had nothing to stop
    sandbox.faults.allow(REFUSE_ENTRY[0])
    parts.tracker.writes.on_send_again(shown.op_id)
    (entry,) = landed(sandbox, "Stopped meanwhile")
    assert entry.start == started and entry.end == started + timedelta(seconds=600)
    assert not parts.tracker.state.refused and parts.tracker.state.running is None


def test_a_refused_entry_can_be_fixed_or_discarded(parts: Parts, sandbox: Sandbox) -> None:
    parts.tracker.on_startup()
    now = parts.clock.now()
    sandbox.faults.refuse(*REFUSE_ENTRY, method="POST")
    parts.tracker.writes.on_create_entry(EntryRequest(1, now - timedelta(hours=1), now, "Typo"))
    assert parts.events.of("entry_failed") == [(1, "Clockify refused this: Project is archived")]
    (first,) = parts.tracker.state.refused
    parts.tracker.writes.on_create_entry(EntryRequest(2, now - timedelta(hours=3), now, "Second"))
    second = next(r for r in parts.tracker.state.refused if r.op_id != first.op_id)
    sandbox.faults.allow(REFUSE_ENTRY[0])
    fixed = EntryRequest(3, now - timedelta(hours=1), now, "Fixed typo", fixes=first.op_id)
    parts.tracker.writes.on_create_entry(fixed)
    assert parts.events.of("entry_saved")[-1][0] == 3
    assert len(landed(sandbox, "Fixed typo")) == 1 and not landed(sandbox, "Typo")
    parts.tracker.writes.on_discard(second.op_id)
    assert not parts.tracker.state.refused and not landed(sandbox, "Second")
    again = EntryRequest(4, now - timedelta(hours=1), now, "x", fixes=first.op_id)
    parts.tracker.writes.on_create_entry(again)  # fixed already: not twice
    assert parts.events.of("entry_failed")[-1] == (4, "That entry was sent or discarded meanwhile.")


def test_a_refused_key_keeps_every_write_waiting(parts: Parts, sandbox: Sandbox) -> None:
    parts.tracker.on_startup()
    sandbox.faults.refuse(r"time-entries$", 401, "Api key does not exist", 4003, method="POST")
    parts.tracker.writes.on_start(StartRequest("Waits for sign-in"))
    assert parts.tracker.state.pending == 1 and not parts.tracker.state.refused
    assert parts.events.messages("needs_sign_in")[-1].startswith(
        "Clockify no longer accepts the saved API key."
    )
    assert parts.tracker.state.problem.startswith("Clockify no longer accepts")
    sandbox.faults.allow(r"time-entries$")
    parts.tracker.reads.on_retry()
    assert parts.tracker.state.pending == 0 and len(landed(sandbox, "Waits for sign-in")) == 1


def fault(sandbox: Sandbox, kind: str, path: str) -> None:
    faults = sandbox.faults
    if kind == "offline":
        faults.offline = True
    elif kind == "429":
        faults.rate_limit_next(100)
    elif kind == "500":
        faults.fail_next(100)
    elif kind == "malformed":
        faults.malform_next(100)
    elif kind == "401":
        faults.refuse(path, 401, "Api key does not exist", 4003)
    else:
        faults.refuse(path, int(kind), "No", 501)


# What the person is shown for each kind of failure (besides the log line).
TOLD = {
    "403": "Your Clockify account is not allowed",
    "404": "No",
    "400": "Clockify refused this: No",
    "500": "Clockify had a problem (HTTP 500)",
    "429": "Clockify is limiting requests right now",
    "malformed": "could not be read (not valid JSON)",
    "401": "Sign in again",
    "offline": "",  # the tray turns grey and says “Offline” in the menu
}


@pytest.mark.parametrize("kind", TOLD)
@pytest.mark.parametrize("where", ["start-up", "menu", "workspace switch", "retry"])
def test_every_action_that_fails_is_told(
    parts: Parts, sandbox: Sandbox, caplog: pytest.LogCaptureFixture, where: str, kind: str
) -> None:
    caplog.set_level(logging.INFO, logger="tray_app")
    if where == "start-up":
        fault(sandbox, kind, r"^/workspaces$")
        parts.tracker.on_startup()
    else:
        parts.tracker.on_startup()
        assert parts.tracker.state.signed_in
        caplog.clear()
        parts.clock.advance(3600)
        if where == "menu":
            fault(sandbox, kind, r"/time-entries$")
            parts.tracker.reads.on_refresh()
        elif where == "retry":
            fault(sandbox, kind, r"/time-entries$")
            parts.tracker.reads.on_retry()
        else:
            side = next(w for w in parts.tracker.state.workspaces if w.name == "Side Projects")
            fault(sandbox, kind, r"/projects$")
            parts.tracker.on_switch_workspace(side.id)
    failures = [r for r in caplog.records if r.getMessage().startswith("action failed")]
    state = parts.tracker.state
    told = parts.events.messages("failed") + parts.events.messages("needs_sign_in")
    if failures:
        if kind == "offline":
            assert state.offline and not told  # shown by the icon and the menu, not alarms
        else:
            assert any(TOLD[kind] in message for message in told), told
            assert TOLD[kind] in state.problem or kind == "401"
    else:
        # Absorbed: an optional list was refused and is shown as unavailable where it is used.
        assert state.unavailable and not told
        assert kind in ("403", "404", "400", "500", "malformed")


def test_only_admins_create_projects_where_the_workspace_says_so(
    sandbox: Sandbox, tmp_path: Path
) -> None:
    workspace = next(w for w in sandbox.state.workspaces.values() if w["name"] == "Acme Studio")
    sandbox.state.set_workspace_settings(workspace["id"], onlyAdminsCreateProject=True)
    member = sandbox.state.add_user("member-key-not-a-secret", "Mem Ber", "member@example.com")
    sandbox.state.add_member(workspace["id"], member)
    as_member = Parts(sandbox, tmp_path / "member", key="member-key-not-a-secret")
    as_member.tracker.on_startup()
    assert as_member.tracker.state.workspace is not None
    assert not as_member.tracker.state.may_create_projects
    before = len(sandbox.state.projects)
    as_member.tracker.writes.on_create_project("Not mine to make")
    assert as_member.events.messages("failed") == [
        "Only admins can create projects in this workspace."
    ]
    assert len(sandbox.state.projects) == before  # nothing was sent to be refused
    assert as_member.store.pending_count() == 0 and not as_member.tracker.state.refused
    as_owner = Parts(sandbox, tmp_path / "owner", key=sandbox.api_key)
    as_owner.tracker.on_startup()
    assert as_owner.tracker.state.may_create_projects  # the owner may
    as_owner.tracker.writes.on_create_project("Owner's project")
    assert as_owner.events.of("project_created")
    roles = [r for r in sandbox.requests if r.path == "/api/v1/workspaces" and "roles=" in r.query]
    assert len(roles) == 2  # asked once per sign-in, only because a workspace limits members
    for made in (as_member, as_owner):
        made.tracker.close()
        made.store.close()
