"""``clockify-tray api …`` as a Windows program: the Windows Python under Wine runs the CLI
against the sandbox, which runs in this (Linux) process on 127.0.0.1.

Its output comes through a pipe, as a script reads it: there Windows gives Python the ANSI
code page (cp1252 under Wine's default English locale), not the console's UTF-8.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from scripts.windows_python import Harness, requirements
from tray_app.sandbox import Sandbox
from tray_app.sandbox.seeds import DEMO_CUSTOM_FIELDS

pytestmark = pytest.mark.windows

EVERYTHING = ["--start", "2020-01-01T00:00:00Z", "--end", "2030-01-01T00:00:00Z"]


@dataclass
class Run:
    code: int
    output: dict[str, Any]
    stdout: bytes
    stderr: str


def api(windows: Harness, sandbox: Sandbox, *args: str, **env: str) -> Run:
    """``python -m tray_app api ARGS`` on Windows with the sandbox's URL and key (``env``
    adds to or replaces them); its stdout must be one JSON line in UTF-8."""
    variables = {"CLOCKIFY_API_URL": sandbox.url, "CLOCKIFY_API_KEY": sandbox.api_key, **env}
    done = windows.run(["-m", "tray_app", "api", *args], variables)
    stderr = done.stderr.decode(errors="replace")
    lines = done.stdout.decode("utf-8").splitlines()
    assert len(lines) == 1, f"expected one JSON line, got {done.stdout!r} (stderr {stderr})"
    return Run(done.returncode, json.loads(lines[0]), done.stdout, stderr)


@pytest.fixture
def ids(sandbox: Sandbox) -> tuple[str, str]:
    user_id = next(iter(sandbox.state.users))
    return sandbox.state.users[user_id]["activeWorkspace"], user_id


def test_whoami_and_workspaces(windows: Harness, sandbox: Sandbox, ids: tuple[str, str]) -> None:
    workspace, user = ids
    who = api(windows, sandbox, "whoami")
    assert (who.code, who.output) == (
        0,
        {
            "status": "success",
            "id": user,
            "name": "Demo User",
            "email": "demo@example.com",
            "active_workspace_id": workspace,
        },
    )
    listed = api(windows, sandbox, "list-workspaces")
    expected = [{"id": w["id"], "name": w["name"]} for w in sandbox.state.workspaces.values()]
    assert (listed.code, listed.output) == (
        0,
        {"status": "success", "count": 2, "workspaces": expected},
    )
    assert listed.stdout.endswith(b"}\r\n")  # a Windows program's line end


def test_timer_started_listed_and_stopped(
    windows: Harness, sandbox: Sandbox, ids: tuple[str, str]
) -> None:
    workspace, user = ids
    project = next(p for p in sandbox.state.projects.values() if p["name"] == "Hiring")
    # Beyond cp1252 on purpose: the command line and the JSON carry it both ways.
    description = "Café ☕ 面接 → Interviews"
    started = api(
        windows, sandbox, "start-timer", "--workspace-id", workspace,
        "--description", description, "--project-id", project["id"],
    )  # fmt: skip
    assert started.code == 0, started.output
    assert set(started.output) == {"status", "id", "description", "start"}
    assert started.output["description"] == description
    entry = sandbox.state.entries[started.output["id"]]
    assert (entry.description, entry.project_id, entry.end) == (description, project["id"], None)

    def listed() -> dict[str, Any]:
        run = api(
            windows, sandbox, "list-time-entries", "--workspace-id", workspace,
            "--user-id", user, *EVERYTHING,
        )  # fmt: skip
        assert run.code == 0, run.output
        return next(e for e in run.output["time_entries"] if e["id"] == entry.id)

    running = listed()
    assert (running["description"], running["project_id"], running["end"]) == (
        description,
        project["id"],
        None,
    )
    stopped = api(windows, sandbox, "stop-timer", "--workspace-id", workspace, "--user-id", user)
    assert (stopped.code, set(stopped.output)) == (0, {"status", "id", "end"})
    assert stopped.output["id"] == entry.id and entry.end is not None
    assert listed()["end"] == stopped.output["end"]
    again = api(windows, sandbox, "stop-timer", "--workspace-id", workspace, "--user-id", user)
    assert (again.code, again.output) == (1, {"status": "error", "message": "No timer is running."})


def test_wrong_key_is_a_plain_error(windows: Harness, sandbox: Sandbox) -> None:
    run = api(windows, sandbox, "list-workspaces", CLOCKIFY_API_KEY="not-the-key")
    assert run.code == 1 and run.output["status"] == "error"
    assert "does not know this API key in this region" in run.output["message"]
    assert "Traceback" not in run.stderr
    assert "not-the-key" not in run.stdout.decode() + run.stderr


def test_no_key_says_how_to_set_one(windows: Harness, sandbox: Sandbox) -> None:
    # The message points at "Profile settings → API": an arrow cp1252 cannot write.
    run = api(
        windows,
        sandbox,
        "list-workspaces",
        CLOCKIFY_API_KEY="",
        PYTHON_KEYRING_BACKEND="keyring.backends.fail.Keyring",
    )
    assert run.code == 2 and "Traceback" not in run.stderr
    assert "No system keyring is available" in run.output["message"]
    assert "(your key is under Profile settings → API on clockify.me)" in run.output["message"]
    assert sandbox.requests == []


@pytest.mark.xfail(
    not any(r.startswith("tzdata") for r in requirements()),
    reason="Windows has no zone database and pyproject.toml does not ask for tzdata there",
    strict=True,
)
def test_csv_in_the_profile_zone(windows: Harness, sandbox: Sandbox, ids: tuple[str, str]) -> None:
    from tray_app.core.export import ENTRY_COLUMNS

    workspace, user = ids
    done = windows.run(
        ["-m", "tray_app", "api", "list-time-entries", "--workspace-id", workspace,
         "--user-id", user, *EVERYTHING, "--format", "csv"],
        {"CLOCKIFY_API_URL": sandbox.url, "CLOCKIFY_API_KEY": sandbox.api_key},
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert b"\r\r\n" not in done.stdout  # one line end per row, as Windows writes them
    rows = list(csv.reader(io.StringIO(done.stdout.decode("utf-8"), newline="")))
    # The columns, then one per custom field of the workspace.
    assert tuple(rows[0]) == (*ENTRY_COLUMNS, *DEMO_CUSTOM_FIELDS)
    column = {name: n for n, name in enumerate(ENTRY_COLUMNS)}
    first = rows[1]
    entry = sandbox.state.entries[first[column["id"]]]
    # The profile's zone (Europe/Berlin), not the computer's (UTC here).
    local = entry.start.astimezone(ZoneInfo("Europe/Berlin"))
    assert (first[column["date"]], first[column["start"]]) == (
        f"{local:%Y-%m-%d}",
        f"{local:%H:%M}",
    )
