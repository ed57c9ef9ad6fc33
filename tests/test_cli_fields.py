"""Every field of an entry from the CLI (task, tags, billable), and the workspace's required
fields checked before anything is sent: exit 2 naming the option, no write reaches Clockify."""

from __future__ import annotations

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
