"""Answers Clockify may send that are valid but odd: a date format with braces, a time near
year 1, names that cannot be read, report numbers of the wrong kind or that make no sense.
Each gets a clear message or a note, never a traceback, and nonsense is not printed as fact."""

from __future__ import annotations

import csv
import dataclasses
import io
import os
import subprocess
import sys
from datetime import UTC, date, datetime, timedelta
from typing import Any

import httpx
import pytest
import respx

from tray_app.clockify import BadResponse, ClockifyClient, TimeEntry
from tray_app.clockify.reports import ReportsClient
from tray_app.clockify.timefmt import parse_utc
from tray_app.core.export import ENTRY_COLUMNS, Layout, Names, entries_csv
from tray_app.core.reports.report import ReportRequest
from tray_app.core.reports.reporter import make_report
from tray_app.core.state import AppState
from tray_app.sandbox import Sandbox
from tray_app.sandbox.seeds import DEMO_CUSTOM_FIELDS

API = "https://api.clockify.me/api/v1"
REPORTS = "https://reports.api.clockify.me/v1"
RANGE = ["--start", "2020-01-01T00:00:00Z", "--end", "2030-01-01T00:00:00Z"]


def cli(sandbox: Sandbox, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CLOCKIFY_")}
    env.update(CLOCKIFY_API_URL=sandbox.url, CLOCKIFY_API_KEY=sandbox.api_key)
    env["PYTHON_KEYRING_BACKEND"] = "keyring.backends.fail.Keyring"
    return subprocess.run(
        [sys.executable, "-m", "tray_app", "api", *args],
        capture_output=True, text=True, env=env, timeout=60, check=False,
    )  # fmt: skip


def ids(sandbox: Sandbox) -> tuple[str, str]:
    user = next(iter(sandbox.state.users))
    return sandbox.state.users[user]["activeWorkspace"], user


def csv_rows(text: str, fields: tuple[str, ...] = DEMO_CUSTOM_FIELDS) -> list[dict[str, str]]:
    """The rows by column: the export's, then a column per custom field (``fields``)."""
    rows = list(csv.reader(io.StringIO(text)))
    assert tuple(rows[0]) == (*ENTRY_COLUMNS, *fields)
    return [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]


@pytest.mark.processes
def test_a_date_format_with_braces_is_text_in_the_csv(sandbox: Sandbox) -> None:
    workspace, user = ids(sandbox)
    sandbox.state.users[user]["settings"]["dateFormat"] = "DD/MM/YYYY {week}"
    done = cli(sandbox, "list-time-entries", "--workspace-id", workspace, "--user-id", user,
               *RANGE, "--format", "csv")  # fmt: skip
    assert done.returncode == 0, done.stderr
    first = csv_rows(done.stdout)[0]
    assert first["date"].endswith(" {week}") and first["date"][2] == "/"


@pytest.mark.processes
def test_names_that_cannot_be_read_leave_the_ids_and_a_note(sandbox: Sandbox) -> None:
    workspace, user = ids(sandbox)
    sandbox.faults.refuse(r"/projects/\w+/tasks$", 404, "Not found", 404)
    sandbox.faults.refuse(r"/tags$", 403, "Access Denied", 1003)
    done = cli(sandbox, "list-time-entries", "--workspace-id", workspace, "--user-id", user,
               *RANGE, "--format", "csv")  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    rows = csv_rows(done.stdout)
    with_task = next(r for r in rows if r["task_id"])
    assert with_task["task"] == "" and with_task["project"]  # the project's name still there
    tagged = next(r for r in rows if r["tag_ids"])
    assert tagged["tags"] == ""
    assert "Tag names could not be read (Access Denied)" in done.stderr
    assert "Task names could not be read" in done.stderr

    sandbox.faults.refuse(r"/reports/summary$", 503, "Down for maintenance", 503, method="POST")
    report = cli(sandbox, "report", "--workspace-id", workspace, "--start", "2026-11-01",
                 "--end", "2026-11-30", "--group", "tag")  # fmt: skip
    assert report.returncode == 0, report.stdout + report.stderr
    assert '"source": "counted"' in report.stdout and "Tag names could not be read" in report.stdout


def test_a_time_near_year_one_is_a_clear_message() -> None:
    with pytest.raises(ValueError, match="outside the dates"):
        parse_utc("0001-01-01T00:30:00+01:00")
    assert parse_utc("9999-12-31T22:30:00-01:00") == datetime(9999, 12, 31, 23, 30, tzinfo=UTC)


@respx.mock
def test_an_entry_near_year_one_from_clockify_is_a_bad_answer_not_a_crash() -> None:
    respx.get(f"{API}/workspaces/w/user/u/time-entries").mock(
        return_value=httpx.Response(
            200,
            json=[
                {
                    "id": "e",
                    "workspaceId": "w",
                    "userId": "u",
                    "timeInterval": {
                        "start": "0001-01-01T00:30:00+01:00",
                        "end": None,
                        "duration": None,
                    },
                }
            ],
        )
    )
    with ClockifyClient("k", backoff_base=0) as client, pytest.raises(BadResponse):
        client.list_time_entries("w", "u")


@pytest.mark.parametrize(
    "totals",
    [
        {"totalTime": "3600", "totalBillableTime": 0},
        {"totalTime": {"seconds": 3600}, "totalBillableTime": 0},
        {"totalTime": float("nan"), "totalBillableTime": 0},
        {"totalTime": -3600, "totalBillableTime": 0},
        {"totalTime": 3600, "totalBillableTime": 7200},
    ],
    ids=["string", "object", "nan", "negative", "billable-above-total"],
)
@respx.mock
def test_report_numbers_that_are_not_facts_fall_back_to_counting(
    totals: dict[str, Any], sandbox: Sandbox, client: ClockifyClient
) -> None:
    body = {"totals": [totals], "groupOne": [{"_id": "p", "name": "P", "duration": 3600}]}
    content = httpx.Response(200, content=_json_with_nan(body), headers={"Content-Type": "json"})
    respx.post(f"{REPORTS}/workspaces/w/reports/summary").mock(return_value=content)
    respx.route(host="127.0.0.1").pass_through()
    user = client.get_user()
    workspace = user.active_workspace or ""
    entries = client.list_time_entries(workspace, user.id, page_size=200)
    state = AppState(signed_in=True, user=user, workspace=_workspace("w"))
    request = ReportRequest(date(2020, 1, 1), date(2030, 1, 1), "PROJECT")
    reports = ReportsClient("k", REPORTS, backoff_base=0)
    try:
        made = make_report(request, state, entries, "", reports, Names.of([], [], {}))
    finally:
        reports.close()
    assert not made.from_clockify and "not available" in made.note
    assert made.total == sum(int((e.end - e.start).total_seconds()) for e in entries if e.end)


def test_an_entry_that_ends_before_it_starts_has_no_duration_in_the_csv() -> None:
    start = datetime(2026, 3, 2, 9, tzinfo=UTC)
    odd = TimeEntry(id="e", start=start, end=start - timedelta(minutes=30), description="Odd")
    (row,) = csv_rows(entries_csv([odd], Names.of([], [], {}), Layout.of(None, UTC)), fields=())
    assert (row["start"], row["end"]) == ("09:00", "08:30")
    assert row["duration"] == row["duration_hours"] == ""


def _workspace(workspace_id: str) -> Any:
    from tray_app.clockify.models import Workspace

    return Workspace(workspace_id, "")


def _json_with_nan(body: dict[str, Any]) -> bytes:
    import json

    return json.dumps(body).encode()  # (NaN goes out as the bare word NaN, as some servers do)


@pytest.mark.processes
def test_a_profile_zone_this_computer_does_not_know_is_said_not_swapped(
    sandbox: Sandbox,
) -> None:
    """A zone name Clockify may send and this computer lacks (on Windows, every zone without
    the tzdata package): times fall back to the computer's zone, and every place says so."""
    workspace, user_id = ids(sandbox)
    sandbox.state.users[user_id]["settings"]["timeZone"] = "Mars/Olympus_Mons"
    user = ClockifyClient(sandbox.api_key, sandbox.url).get_user()
    state = AppState(signed_in=True, user=user)
    assert "Mars/Olympus_Mons is not known on this computer" in state.zone_problem
    assert state.zone == datetime.now().astimezone().tzinfo
    from tray_app.ui.tray_text import problem_lines

    assert any("Mars/Olympus_Mons" in line for line in problem_lines(state))
    assert AppState(user=dataclasses.replace(user, time_zone="Europe/Berlin")).zone_problem == ""
    done = cli(sandbox, "list-time-entries", "--workspace-id", workspace, "--user-id", user_id,
               *RANGE, "--format", "csv")  # fmt: skip
    assert done.returncode == 0 and csv_rows(done.stdout)
    assert "Mars/Olympus_Mons is not known on this computer" in done.stderr
