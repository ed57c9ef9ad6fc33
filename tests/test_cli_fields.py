"""Every field of an entry from the CLI (task, tags, billable), and the workspace's required
fields checked before anything is sent: exit 2 naming the option, no write reaches Clockify."""

from __future__ import annotations

import csv
import io
import os
import subprocess
import sys
from typing import Any

import pytest

from tests.test_cli_api import api, ids
from tray_app.sandbox import Sandbox

pytestmark = pytest.mark.processes
__all__ = ["ids"]  # (the fixture, used here)


def _project_with_task(sandbox: Sandbox, workspace: str) -> tuple[dict[str, Any], str]:
    project = next(
        p
        for p in sandbox.state.projects.values()
        if p["workspaceId"] == workspace and p["name"] == "Website relaunch"
    )
    return project, sandbox.state.tasks_of(project["id"])[0]["id"]


def _tags(sandbox: Sandbox, workspace: str, *names: str) -> list[str]:
    by_name = {
        t["name"]: t["id"] for t in sandbox.state.tags.values() if t["workspaceId"] == workspace
    }
    return [by_name[name] for name in names]


def test_start_timer_with_task_tags_and_billable(sandbox: Sandbox, ids: tuple[str, str]) -> None:
    workspace, _ = ids
    project, task = _project_with_task(sandbox, workspace)
    meeting, travel = _tags(sandbox, workspace, "meeting", "travel")
    started = api(
        sandbox, "start-timer", "--workspace-id", workspace, "--description", "Kick-off",
        "--project-id", project["id"], "--task-id", task,
        "--tag-id", meeting, "--tag-id", travel, "--tag-id", meeting,
        "--billable", "false",
    )  # fmt: skip
    assert started.code == 0, started.output
    entry = sandbox.state.entries[started.output["id"]]
    assert (entry.task_id, entry.tag_ids, entry.billable) == (task, [meeting, travel], False)
    assert project["billable"] is True  # so false came from --billable, not the project


def test_create_time_entry_takes_the_projects_billable_unless_told(
    sandbox: Sandbox, ids: tuple[str, str]
) -> None:
    workspace, _ = ids
    project, task = _project_with_task(sandbox, workspace)
    times = ["--start", "2026-01-28T09:00:00Z", "--end", "2026-01-28T10:00:00Z"]
    base = ["create-time-entry", "--workspace-id", workspace, "--project-id", project["id"]]
    made = api(sandbox, *base, *times, "--task-id", task)
    assert made.code == 0, made.output
    assert sandbox.state.entries[made.output["id"]].billable is True
    told = api(sandbox, *base, *times, "--billable", "false")
    assert sandbox.state.entries[told.output["id"]].billable is False


def test_update_time_entry_replaces_the_tags(sandbox: Sandbox, ids: tuple[str, str]) -> None:
    workspace, _ = ids
    project, _task = _project_with_task(sandbox, workspace)
    support, overtime = _tags(sandbox, workspace, "support", "overtime")
    times = ["--start", "2026-01-28T09:00:00Z", "--end", "2026-01-28T10:00:00Z"]
    made = api(sandbox, "create-time-entry", "--workspace-id", workspace,
               "--project-id", project["id"], "--tag-id", support, *times)  # fmt: skip
    entry_id = made.output["id"]
    changed = api(sandbox, "update-time-entry", "--workspace-id", workspace, "--id", entry_id,
                  "--tag-id", overtime)  # fmt: skip
    assert changed.code == 0, changed.output
    assert sandbox.state.entries[entry_id].tag_ids == [overtime]


def test_required_fields_are_named_and_nothing_is_sent(
    sandbox: Sandbox, ids: tuple[str, str]
) -> None:
    workspace, _ = ids
    rules = sandbox.state.workspaces[workspace]["workspaceSettings"]
    rules.update(forceTasks=True, forceTags=True)
    project, task = _project_with_task(sandbox, workspace)
    (tag,) = _tags(sandbox, workspace, "meeting")
    start = ["start-timer", "--workspace-id", workspace, "--project-id", project["id"]]
    refused = api(sandbox, *start)
    assert (refused.code, refused.output) == (
        2,
        {
            "status": "error",
            "message": "This workspace requires a task and at least one tag on every time "
            "entry (--task-id, --tag-id); nothing was sent.",
        },
    )
    assert not [r for r in sandbox.requests if r.method != "GET"]
    started = api(sandbox, *start, "--task-id", task, "--tag-id", tag)
    assert started.code == 0, started.output

    # An edit that would leave a finished entry without what is forced is refused the same way.
    rules.update(forceTasks=False, forceTags=False)
    times = ["--start", "2026-01-28T09:00:00Z", "--end", "2026-01-28T10:00:00Z"]
    made = api(sandbox, "create-time-entry", "--workspace-id", workspace,
               "--project-id", project["id"], *times)  # fmt: skip
    rules.update(forceDescription=True)
    writes = len([r for r in sandbox.requests if r.method != "GET"])
    edit = api(sandbox, "update-time-entry", "--workspace-id", workspace,
               "--id", made.output["id"], "--billable", "false")  # fmt: skip
    assert edit.code == 2 and "requires a description" in edit.output["message"]
    assert len([r for r in sandbox.requests if r.method != "GET"]) == writes


def entries_csv(
    sandbox: Sandbox, workspace: str, user: str, start: str, end: str
) -> subprocess.CompletedProcess[str]:
    """``list-time-entries --format csv`` (its stdout is CSV, not the one JSON line)."""
    return subprocess.run(
        [sys.executable, "-m", "tray_app", "api", "list-time-entries", "--workspace-id",
         workspace, "--user-id", user, "--start", start, "--end", end, "--format", "csv"],
        capture_output=True, text=True, timeout=60, check=False,
        env={**os.environ, "CLOCKIFY_API_URL": sandbox.url, "CLOCKIFY_API_KEY": sandbox.api_key,
             "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring"},
    )  # fmt: skip


def _fields(sandbox: Sandbox) -> dict[str, str]:
    return {f["name"]: f["id"] for f in sandbox.state.custom_fields.values()}


def test_custom_fields_by_name_checked_and_defaulted(
    sandbox: Sandbox, ids: tuple[str, str]
) -> None:
    workspace, user = ids
    fields = _fields(sandbox)
    # The demo's first project has "Design" as its default cost center.
    first = next(iter(sandbox.state.projects.values()))
    start = ["start-timer", "--workspace-id", workspace, "--project-id", first["id"]]
    started = api(sandbox, *start, "--custom-field", "ticket=https://tickets.example/7",
                  "--custom-field", "Reviewed=yes")  # fmt: skip
    assert started.code == 0, started.output
    entry = sandbox.state.entries[started.output["id"]]
    assert {v["name"]: v["value"] for v in entry.custom_fields} == {
        "Cost center": "Design",
        "Ticket": "https://tickets.example/7",
        "Reviewed": True,
    }
    # Given, a choice is matched whatever its case and wins over the project's default.
    changed = api(sandbox, "update-time-entry", "--workspace-id", workspace,
                  "--id", entry.id, "--custom-field", "cost CENTER=sales")  # fmt: skip
    assert changed.code == 0, changed.output
    values = {v["customFieldId"]: v["value"] for v in entry.custom_fields}
    assert values[fields["Cost center"]] == "Sales"
    assert values[fields["Ticket"]] == "https://tickets.example/7"  # the others kept

    listed = api(sandbox, "list-time-entries", "--workspace-id", workspace, "--user-id", user,
                 "--start", "2020-01-01T00:00:00Z", "--end", "2099-01-01T00:00:00Z")  # fmt: skip
    (shown,) = [e for e in listed.output["time_entries"] if e["id"] == entry.id]
    assert {c["name"]: c["value"] for c in shown["custom_fields"]} == {
        "Cost center": "Sales",
        "Ticket": "https://tickets.example/7",
        "Reviewed": True,
    }


@pytest.mark.parametrize(
    ("given", "message"),
    [
        ("Cost center=Marketing",
         "--custom-field Cost center: 'Marketing' is not one of: Engineering, Design, Sales."),
        ("Ticket=tickets/7", "--custom-field Ticket: 'tickets/7' is not a link (http://… or https://…)."),
        ("Reviewed=maybe", "--custom-field Reviewed: 'maybe' is not true or false."),
        ("Old code=1", "The custom field 'Old code' is not in use in this workspace."),
        ("Budget=1",
         "No custom field 'Budget' in this workspace (its fields: Cost center, Ticket, Reviewed)."),
        ("Ticket", "--custom-field takes NAME=VALUE, not 'Ticket'."),
    ],
)  # fmt: skip
def test_a_wrong_custom_field_is_named_and_nothing_is_sent(
    sandbox: Sandbox, ids: tuple[str, str], given: str, message: str
) -> None:
    workspace, _ = ids
    run = api(sandbox, "start-timer", "--workspace-id", workspace, "--custom-field", given)
    assert (run.code, run.output) == (2, {"status": "error", "message": message})
    assert not [r for r in sandbox.requests if r.method != "GET"]


def test_a_required_custom_field_is_asked_for(sandbox: Sandbox, ids: tuple[str, str]) -> None:
    workspace, _ = ids
    sandbox.state.custom_fields[_fields(sandbox)["Ticket"]]["required"] = True
    refused = api(sandbox, "start-timer", "--workspace-id", workspace)
    assert (refused.code, refused.output["message"]) == (
        2,
        "This workspace requires the custom field 'Ticket' on every time entry "
        "(--custom-field 'Ticket=…'); nothing was sent.",
    )
    assert not [r for r in sandbox.requests if r.method != "GET"]
    started = api(sandbox, "start-timer", "--workspace-id", workspace,
                  "--custom-field", "Ticket=https://tickets.example/8")  # fmt: skip
    assert started.code == 0, started.output


def test_the_csv_has_a_column_per_custom_field(sandbox: Sandbox, ids: tuple[str, str]) -> None:
    workspace, user = ids
    made = api(sandbox, "create-time-entry", "--workspace-id", workspace,
               "--project-id", next(iter(sandbox.state.projects)),
               "--start", "2026-01-28T09:00:00Z", "--end", "2026-01-28T10:00:00Z",
               "--custom-field", "Reviewed=no")  # fmt: skip
    assert made.code == 0, made.output
    done = entries_csv(sandbox, workspace, user, "2026-01-28T00:00:00Z", "2026-01-29T00:00:00Z")
    assert done.returncode == 0, done.stderr
    (row,) = list(csv.DictReader(io.StringIO(done.stdout)))
    assert list(row)[-3:] == ["Cost center", "Ticket", "Reviewed"]
    assert (row["Cost center"], row["Ticket"], row["Reviewed"]) == ("Design", "", "no")


def test_a_timer_without_what_is_forced_cannot_stop(sandbox: Sandbox, ids: tuple[str, str]) -> None:
    # As Clockify: a timer started before a rule changed is checked when it stops.
    workspace, user = ids
    started = api(sandbox, "start-timer", "--workspace-id", workspace)
    assert started.code == 0, started.output
    rules = sandbox.state.workspaces[workspace]["workspaceSettings"]
    rules.update(forceDescription=True)
    refused = api(sandbox, "stop-timer", "--workspace-id", workspace, "--user-id", user)
    assert (refused.code, refused.output["message"]) == (
        1,
        "Clockify refused this: Description is required in this workspace",
    )
    assert sandbox.state.entries[started.output["id"]].end is None
    rules.update(forceDescription=False)
    sandbox.state.custom_fields[_fields(sandbox)["Ticket"]]["required"] = True
    again = api(sandbox, "stop-timer", "--workspace-id", workspace, "--user-id", user)
    assert (again.code, again.output["message"]) == (
        1,
        "Clockify refused this: Custom field Ticket is required",
    )


def test_custom_fields_refused_leave_their_columns_out_and_say_so(
    sandbox: Sandbox, ids: tuple[str, str]
) -> None:
    from tray_app.core.export import ENTRY_COLUMNS

    workspace, user = ids
    sandbox.faults.refuse(r"/custom-fields$", 403, "Access Denied", 1003)
    done = entries_csv(sandbox, workspace, user, "2020-01-01T00:00:00Z", "2099-01-01T00:00:00Z")
    assert done.returncode == 0, done.stderr
    assert tuple(next(csv.reader(io.StringIO(done.stdout)))) == ENTRY_COLUMNS
    assert (
        "Custom field names could not be read (Access Denied): their columns are left out."
        in done.stderr
    )
