"""`clockify-tray api …` run as a subprocess against the sandbox: exact JSON and exit codes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from tests.fakes import PINNED
from tray_app.sandbox import Sandbox
from tray_app.sandbox.seeds import DEMO_CUSTOM_FIELDS, DEMO_DAYS_BACK

pytestmark = pytest.mark.processes


@dataclass
class Run:
    code: int
    output: dict[str, Any]
    stdout: str
    stderr: str


def api(
    sandbox: Sandbox | None,
    *args: str,
    key: str | None = None,
    url: str | None = None,
    **extra: str,
) -> Run:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CLOCKIFY_")}
    env.update(extra)
    # A keyring that is never there, so no test reads a real one by accident.
    env["PYTHON_KEYRING_BACKEND"] = "keyring.backends.fail.Keyring"
    if sandbox is not None:
        env["CLOCKIFY_API_URL"] = url or sandbox.url
        env["CLOCKIFY_API_KEY"] = key if key is not None else sandbox.api_key
    done = subprocess.run(
        [sys.executable, "-m", "tray_app", "api", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )
    lines = done.stdout.strip().splitlines()
    assert len(lines) == 1, f"expected one JSON line, got {done.stdout!r} (stderr {done.stderr!r})"
    return Run(done.returncode, json.loads(lines[0]), done.stdout, done.stderr)


@pytest.fixture
def ids(sandbox: Sandbox) -> tuple[str, str]:
    user_id = next(iter(sandbox.state.users))
    return sandbox.state.users[user_id]["activeWorkspace"], user_id


def test_whoami(sandbox: Sandbox, ids: tuple[str, str]) -> None:
    workspace, user = ids
    run = api(sandbox, "whoami")
    assert (run.code, run.output) == (
        0,
        {
            "status": "success",
            "id": user,
            "name": "Demo User",
            "email": "demo@example.com",
            "active_workspace_id": workspace,
        },
    )


def test_list_workspaces_exact_json(sandbox: Sandbox) -> None:
    run = api(sandbox, "list-workspaces")
    expected = [{"id": w["id"], "name": w["name"]} for w in sandbox.state.workspaces.values()]
    assert run.code == 0
    assert run.output == {"count": 2, "workspaces": expected, "status": "success"}
    assert run.stdout.startswith('{"count": 2, "status": "success", "workspaces": [')


def test_list_projects_all_pages_and_archived_filter(
    sandbox: Sandbox, ids: tuple[str, str]
) -> None:
    workspace, _ = ids
    for number in range(5100):  # more than one page of the maximum page size
        sandbox.state.add_project(workspace, f"Bulk {number:04d}")
    everything = api(sandbox, "list-projects", "--workspace-id", workspace)
    assert everything.code == 0 and everything.output["count"] == 5130
    assert set(everything.output["projects"][0]) == {"archived", "id", "name"}
    assert len([r for r in sandbox.requests if r.path.endswith("/projects")]) == 2
    archived = api(sandbox, "list-projects", "--workspace-id", workspace, "--archived", "true")
    assert archived.output == {
        "status": "success",
        "count": 2,
        "projects": [
            {"archived": True, "id": p["id"], "name": p["name"]}
            for p in sorted(sandbox.state.projects.values(), key=lambda p: p["name"])
            if p["archived"]
        ],
    }
    active = api(sandbox, "list-projects", "--workspace-id", workspace, "--archived", "false")
    assert active.output["count"] == 5128
    wrong = api(sandbox, "list-projects", "--workspace-id", workspace, "--archived", "maybe")
    assert wrong.code == 2 and "'maybe' is not true or false" in wrong.output["message"]


def test_create_project_private(sandbox: Sandbox, ids: tuple[str, str]) -> None:
    workspace, _ = ids
    run = api(
        sandbox, "create-project", "--workspace-id", workspace, "--name", "Secret plan", "--private"
    )
    assert run.code == 0 and set(run.output) == {"status", "id", "name"}
    stored = sandbox.state.projects[run.output["id"]]
    assert (stored["name"], stored["public"]) == ("Secret plan", False)
    public = api(sandbox, "create-project", "--workspace-id", workspace, "--name", "Open plan")
    assert sandbox.state.projects[public.output["id"]]["public"] is True
    duplicate = api(sandbox, "create-project", "--workspace-id", workspace, "--name", "secret PLAN")
    assert duplicate.code == 1
    assert duplicate.output == {
        "status": "error",
        "message": "Clockify refused this: Project with this name already exists",
    }


def _project(sandbox: Sandbox, name: str) -> dict[str, Any]:
    return next(p for p in sandbox.state.projects.values() if p["name"] == name)


def test_create_time_entry_finished_and_running(sandbox: Sandbox, ids: tuple[str, str]) -> None:
    workspace, _ = ids
    project = _project(sandbox, "Support")
    done = api(
        sandbox,
        "create-time-entry",
        "--workspace-id",
        workspace,
        "--project-id",
        project["id"],
        "--start",
        "2026-01-28T10:00:00+01:00",
        "--end",
        "2026-01-28T10:45:00+01:00",
        "--description",
        "Call with Globex",
    )
    assert done.code == 0
    assert done.output == {
        "status": "success",
        "id": done.output["id"],
        "description": "Call with Globex",
        "start": "2026-01-28T09:00:00Z",
        "end": "2026-01-28T09:45:00Z",
    }
    stored = sandbox.state.entries[done.output["id"]]
    assert stored.billable is True  # the project's billable default was sent
    running = api(
        sandbox,
        "create-time-entry",
        "--workspace-id",
        workspace,
        "--project-id",
        project["id"],
        "--start",
        "2026-01-28T11:00:00Z",
    )
    assert running.code == 0 and running.output["end"] is None
    assert sandbox.state.entries[running.output["id"]].end is None


def test_create_time_entry_refuses_end_before_start_without_a_request(
    sandbox: Sandbox, ids: tuple[str, str]
) -> None:
    workspace, _ = ids
    run = api(
        sandbox,
        "create-time-entry",
        "--workspace-id",
        workspace,
        "--project-id",
        "p",
        "--start",
        "2026-01-28T10:00:00Z",
        "--end",
        "2026-01-28T09:00:00Z",
    )
    assert run.code == 2
    assert (
        run.output["message"]
        == "The end (2026-01-28T09:00:00Z) is before the start (2026-01-28T10:00:00Z)."
    )
    assert sandbox.requests == []


def test_bad_iso_time_names_the_value(sandbox: Sandbox, ids: tuple[str, str]) -> None:
    workspace, _ = ids
    run = api(
        sandbox,
        "create-time-entry",
        "--workspace-id",
        workspace,
        "--project-id",
        "p",
        "--start",
        "28/01/2026",
    )
    assert run.code == 2 and "'28/01/2026' is not a date and time" in run.output["message"]
    assert sandbox.requests == []


def test_unknown_project(sandbox: Sandbox, ids: tuple[str, str]) -> None:
    workspace, _ = ids
    run = api(
        sandbox,
        "create-time-entry",
        "--workspace-id",
        workspace,
        "--project-id",
        "0" * 24,
        "--start",
        "2026-01-28T10:00:00Z",
    )
    assert run.code == 1 and run.output["status"] == "error"
    assert (
        run.output["message"] == f"Project '{'0' * 24}' does not exist in workspace '{workspace}'."
    )
    assert not [r for r in sandbox.requests if r.method == "POST"]


def test_start_and_stop_timer(sandbox: Sandbox, ids: tuple[str, str]) -> None:
    workspace, user = ids
    project = _project(sandbox, "Hiring")
    started = api(
        sandbox,
        "start-timer",
        "--workspace-id",
        workspace,
        "--description",
        "Interviews",
        "--project-id",
        project["id"],
    )
    assert started.code == 0 and set(started.output) == {"status", "id", "description", "start"}
    assert started.output["description"] == "Interviews"
    entry = sandbox.state.entries[started.output["id"]]
    assert entry.end is None and entry.project_id == project["id"]

    stopped = api(sandbox, "stop-timer", "--workspace-id", workspace, "--user-id", user)
    assert stopped.code == 0 and stopped.output["id"] == started.output["id"]
    assert set(stopped.output) == {"status", "id", "end"}
    assert stopped.output["end"].endswith("Z") and entry.end is not None

    again = api(sandbox, "stop-timer", "--workspace-id", workspace, "--user-id", user)
    assert (again.code, again.output) == (1, {"status": "error", "message": "No timer is running."})


def test_start_timer_refuses_to_stop_silently(sandbox: Sandbox, ids: tuple[str, str]) -> None:
    workspace, _ = ids
    first = api(sandbox, "start-timer", "--workspace-id", workspace, "--description", "First")
    second = api(sandbox, "start-timer", "--workspace-id", workspace, "--description", "Second")
    assert second.code == 1
    assert second.output["message"].startswith("A timer is already running ('First') since ")
    assert sandbox.state.entries[first.output["id"]].end is None
    forced = api(
        sandbox,
        "start-timer",
        "--workspace-id",
        workspace,
        "--description",
        "Second",
        "--stop-running",
    )
    assert forced.code == 0
    assert sandbox.state.entries[first.output["id"]].end is not None
    assert sandbox.state.entries[forced.output["id"]].end is None


def test_wrong_key(sandbox: Sandbox) -> None:
    run = api(sandbox, "list-workspaces", key="not-the-key")
    assert run.code == 1 and "does not know this API key in this region" in run.output["message"]
    assert "not-the-key" not in run.stdout + run.stderr


def test_no_key_says_how_to_set_one(sandbox: Sandbox) -> None:
    run = api(None, "list-workspaces")
    assert run.code == 2
    assert "Set CLOCKIFY_API_KEY" in run.output["message"]
    assert "No system keyring is available" in run.output["message"]


def test_output_is_utf8_whatever_the_locale() -> None:
    # Windows gives a pipe its ANSI code page (cp1252): the arrow of "Profile settings → API"
    # made that a traceback (tests/windows/test_cli.py runs it there for real).
    run = api(None, "list-workspaces", PYTHONIOENCODING="cp1252")
    assert run.code == 2 and "Profile settings → API" in run.output["message"]


def test_rate_limit_storm_recovered(sandbox: Sandbox) -> None:
    sandbox.faults.rate_limit_next(3)
    run = api(sandbox, "list-workspaces")
    assert run.code == 0 and run.output["count"] == 2
    assert [r.status for r in sandbox.requests] == [429, 429, 429, 200]


def test_server_error_and_malformed_json(sandbox: Sandbox) -> None:
    sandbox.faults.fail_next(10, status=500)
    failed = api(sandbox, "list-workspaces")
    assert failed.code == 1 and "Clockify had a problem (HTTP 500)" in failed.output["message"]
    sandbox.faults.reset()
    sandbox.faults.malform_next(1)
    garbled = api(sandbox, "whoami")
    assert garbled.code == 1 and "not valid JSON" in garbled.output["message"]


def test_connection_refused(sandbox: Sandbox) -> None:
    run = api(sandbox, "list-workspaces", url="http://127.0.0.1:9/api/v1")
    assert run.code == 1 and run.output["message"].startswith("Could not connect to Clockify")


def test_usage_errors_are_json_with_exit_2(sandbox: Sandbox) -> None:
    missing = api(sandbox, "list-projects")
    assert missing.code == 2 and "--workspace-id" in missing.output["message"]
    unknown = api(sandbox, "fly-to-moon")
    assert unknown.code == 2 and "invalid choice: 'fly-to-moon'" in unknown.output["message"]
    http = api(sandbox, "whoami", url="http://clockify.example.com")
    assert http.code == 2 and "plain http" in http.output["message"]
    assert sandbox.requests == []


def test_api_url_option_wins_over_environment(sandbox: Sandbox) -> None:
    run = api(sandbox, "--api-url", sandbox.url, "whoami", url="http://127.0.0.1:9/api/v1")
    assert run.code == 0
    # After the action too; the one there wins over one before it.
    after = api(sandbox, "whoami", "--api-url", sandbox.url, url="http://127.0.0.1:9/api/v1")
    assert after.code == 0 and after.output["status"] == "success"
    both = api(
        sandbox, "--api-url", "http://127.0.0.1:9/api/v1", "whoami", "--api-url", sandbox.url
    )
    assert both.code == 0
    nowhere = api(sandbox, "whoami", url="http://127.0.0.1:9/api/v1")
    assert nowhere.code != 0 and nowhere.output["status"] == "error"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["create-project", "--name", "4"],
            "--name: A project name needs 2 to 250 characters; this one has 1.",
        ),
        (
            ["create-project", "--name", "x" * 251],
            "--name: A project name needs 2 to 250 characters; this one has 251.",
        ),
        (
            ["start-timer", "--description", "d" * 3001],
            "--description: A description can have at most 3000 characters; this one has 3001.",
        ),
        (
            [
                "create-time-entry",
                "--project-id",
                "p",
                "--start",
                "2026-01-01T09:00:00Z",
                "--description",
                "d" * 3001,
            ],
            "--description: A description can have at most 3000 characters; this one has 3001.",
        ),
    ],
)
def test_what_the_spec_forbids_is_refused_before_sending(
    sandbox: Sandbox, ids: tuple[str, str], args: list[str], message: str
) -> None:
    workspace, _ = ids
    run = api(sandbox, args[0], "--workspace-id", workspace, *args[1:])
    assert (run.code, run.output) == (2, {"status": "error", "message": message})
    assert not sandbox.requests  # nothing was sent


def test_the_server_s_own_reason_is_shown(sandbox: Sandbox, ids: tuple[str, str]) -> None:
    workspace, _ = ids
    sandbox.faults.refuse(r"/projects$", 422, "Name contains forbidden words", 422, method="POST")
    run = api(sandbox, "create-project", "--workspace-id", workspace, "--name", "Forbidden")
    assert run.code == 1
    assert run.output["message"] == "Clockify refused this: Name contains forbidden words"


WEEK = ["--start", "2020-01-01T00:00:00Z", "--end", "2030-01-01T00:00:00Z"]


def test_list_time_entries_reads_every_entry_in_the_range(
    sandbox: Sandbox, ids: tuple[str, str]
) -> None:
    workspace, user = ids
    run = api(sandbox, "list-time-entries", "--workspace-id", workspace, "--user-id", user, *WEEK)
    mine = [e for e in sandbox.state.entries.values() if e.workspace_id == workspace]
    assert run.code == 0 and run.output["count"] == len(mine) > 0
    first = run.output["time_entries"][0]
    assert set(first) == {
        "id", "description", "project_id", "task_id", "tag_ids", "billable", "custom_fields",
        "start", "end"
    }  # fmt: skip
    assert first["start"].endswith("Z")
    narrow = api(
        sandbox, "list-time-entries", "--workspace-id", workspace, "--user-id", user,
        "--start", first["start"], "--end", first["start"],
    )  # fmt: skip
    assert [e["id"] for e in narrow.output["time_entries"]] == [first["id"]]
    backwards = api(
        sandbox, "list-time-entries", "--workspace-id", workspace, "--user-id", user,
        "--start", "2026-02-01T00:00:00Z", "--end", "2026-01-01T00:00:00Z",
    )  # fmt: skip
    assert backwards.code == 2 and "before the start" in backwards.output["message"]


def test_list_time_entries_as_csv(sandbox: Sandbox, ids: tuple[str, str]) -> None:
    import csv
    import io

    from tray_app.core.export import ENTRY_COLUMNS

    workspace, user = ids
    env = {k: v for k, v in os.environ.items() if not k.startswith("CLOCKIFY_")}
    env.update(CLOCKIFY_API_URL=sandbox.url, CLOCKIFY_API_KEY=sandbox.api_key)
    done = subprocess.run(
        [sys.executable, "-m", "tray_app", "api", "list-time-entries", "--workspace-id",
         workspace, "--user-id", user, *WEEK, "--format", "csv"],
        capture_output=True, text=True, env=env, timeout=60, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout
    rows = list(csv.reader(io.StringIO(done.stdout)))
    assert tuple(rows[0]) == (*ENTRY_COLUMNS, *DEMO_CUSTOM_FIELDS)
    mine = [e for e in sandbox.state.entries.values() if e.workspace_id == workspace]
    assert len(rows) - 1 == len(mine)
    column = {name: n for n, name in enumerate(ENTRY_COLUMNS)}
    first = rows[1]
    entry = sandbox.state.entries[first[column["id"]]]
    minutes = int((entry.end - entry.start).total_seconds()) // 60
    assert first[column["duration"]] == f"{minutes // 60}:{minutes % 60:02d}"
    assert first[column["duration_hours"]] == f"{minutes / 60:.2f}"
    # The profile's zone (Europe/Berlin) and date format (YYYY-MM-DD); names beside the ids.
    local = entry.start.astimezone(ZoneInfo("Europe/Berlin"))
    assert first[column["date"]] == f"{local:%Y-%m-%d}"
    assert first[column["start"]] == f"{local:%H:%M}"
    project = sandbox.state.projects[entry.project_id]
    assert first[column["project"]] == project["name"]
    assert first[column["client"]] == (project["clientName"] or "")
    assert first[column["task"]] == sandbox.state.tasks[entry.task_id]["name"]
    assert [r[column["date"]] for r in rows[1:]] == sorted(r[column["date"]] for r in rows[1:])


def test_update_keeps_what_it_was_not_told_to_change(
    sandbox: Sandbox, ids: tuple[str, str]
) -> None:
    workspace, _ = ids
    entry = next(e for e in sandbox.state.entries.values() if e.tag_ids and e.task_id)
    kept = (entry.tag_ids[:], entry.task_id, entry.billable, entry.start, entry.end)
    run = api(
        sandbox, "update-time-entry", "--workspace-id", workspace, "--id", entry.id,
        "--description", "Renamed from the CLI",
    )  # fmt: skip
    assert run.code == 0 and run.output["description"] == "Renamed from the CLI"
    assert (entry.tag_ids, entry.task_id, entry.billable, entry.start, entry.end) == kept
    nothing = api(sandbox, "update-time-entry", "--workspace-id", workspace, "--id", entry.id)
    assert nothing.code == 2 and nothing.output["message"].startswith("Nothing to change")


def test_delete_time_entry(sandbox: Sandbox, ids: tuple[str, str]) -> None:
    workspace, _ = ids
    entry = next(iter(sandbox.state.entries.values()))
    run = api(sandbox, "delete-time-entry", "--workspace-id", workspace, "--id", entry.id)
    assert (run.code, run.output) == (0, {"status": "success", "id": entry.id})
    assert entry.id not in sandbox.state.entries
    again = api(sandbox, "delete-time-entry", "--workspace-id", workspace, "--id", entry.id)
    assert again.code == 1 and "doesn't exist" in again.output["message"]


def _month_before(sandbox: Sandbox) -> tuple[str, str]:
    """The days the demo's entries fall on: the days before the moment it was seeded at."""
    from datetime import timedelta

    today = PINNED.date()
    return (today - timedelta(days=DEMO_DAYS_BACK + 1)).isoformat(), today.isoformat()


def test_report_gives_clockifys_totals_grouped(sandbox: Sandbox, ids: tuple[str, str]) -> None:
    workspace, _ = ids
    start, end = _month_before(sandbox)
    run = api(sandbox, "report", "--workspace-id", workspace, "--start", start, "--end", end)
    assert run.code == 0 and run.output["status"] == "success", run.output
    output = run.output
    assert output["source"] == "clockify" and output["group"] == "project"
    finished = [e for e in sandbox.state.entries.values() if e.workspace_id == workspace and e.end]
    seconds = sum(int((e.end - e.start).total_seconds()) for e in finished)
    assert output["total_seconds"] == seconds == sum(g["seconds"] for g in output["groups"])
    hours, minutes = divmod(seconds // 60, 60)
    assert output["total"] == f"{hours}:{minutes:02d}"
    assert output["amount"] > 0 and output["time_zone"] == "Europe/Berlin"
    assert [r.path for r in sandbox.requests if "reports" in r.path] == [
        f"/report/v1/workspaces/{workspace}/reports/summary"
    ]

    env = {k: v for k, v in os.environ.items() if not k.startswith("CLOCKIFY_")}
    env.update(CLOCKIFY_API_URL=sandbox.url, CLOCKIFY_API_KEY=sandbox.api_key)
    by_tag = subprocess.run(
        [sys.executable, "-m", "tray_app", "api", "report", "--workspace-id", workspace,
         "--start", start, "--end", end, "--group", "tag", "--format", "csv"],
        capture_output=True, text=True, env=env, timeout=60, check=False,
    )  # fmt: skip
    lines = by_tag.stdout.splitlines()
    assert by_tag.returncode == 0 and lines[0] == "tag,duration,duration_hours,seconds,amount"
    assert "Without tag" in by_tag.stdout and len(lines) > 2


def test_report_counts_the_entries_when_the_reports_host_refuses(
    sandbox: Sandbox, ids: tuple[str, str]
) -> None:
    workspace, _ = ids
    start, end = _month_before(sandbox)
    clockify = api(sandbox, "report", "--workspace-id", workspace, "--start", start, "--end", end)
    sandbox.faults.refuse(r"/reports/summary$", 403, "Not on this plan", 501, method="POST")
    counted = api(sandbox, "report", "--workspace-id", workspace, "--start", start, "--end", end)
    assert counted.code == 0 and counted.output["source"] == "counted"
    assert "Not on this plan" in counted.output["note"]
    assert counted.output["total_seconds"] == clockify.output["total_seconds"]
    assert counted.output["amount"] is None

    backwards = api(sandbox, "report", "--workspace-id", workspace, "--start", end, "--end", start)
    assert backwards.code == 2 and "before the start" in backwards.output["message"]
    bad = api(sandbox, "report", "--workspace-id", workspace, "--start", "soon", "--end", end)
    assert bad.code == 2 and "not a date" in bad.output["message"]
