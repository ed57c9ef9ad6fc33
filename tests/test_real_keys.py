"""Keyboard alone, with real X key events: the app as a process on Xvfb (xcb), keys typed by
xdotool into whatever window has the X focus, the result read from the sandbox it talks to.

Quick start: Description → Tab → type in the project filter → Enter chooses → Enter starts.
Entries window: Enter edits the running timer, Delete and Esc delete an entry.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from tests.conftest import ROOT, app_process_env, start_app
from tests.x11 import Keyboard, wait_for
from tray_app.core.week.days import week_of
from tray_app.sandbox import Sandbox
from tray_app.sandbox.wire import wire_time

pytestmark = [
    pytest.mark.processes,
    pytest.mark.skipif(
        not (shutil.which("Xvfb") and shutil.which("xdotool")), reason="needs Xvfb and xdotool"
    ),
]


def test_quick_start_and_the_entries_window_from_the_keyboard_alone(
    sandbox: Sandbox, display: str, tmp_path: Path
) -> None:
    user = sandbox.state.users[sandbox.state.keys[sandbox.api_key]]
    workspace = sandbox.state.workspaces_of(user["id"])[0]["id"]
    now = datetime.now(UTC).replace(microsecond=0)
    week = week_of(now, ZoneInfo(user["settings"]["timeZone"]), "MONDAY")
    earlier = sandbox.state.create_entry(
        workspace,
        user["id"],
        {
            "start": wire_time(max(now - timedelta(minutes=10), week.start)),
            "end": wire_time(max(now - timedelta(minutes=9), week.start + timedelta(seconds=30))),
            "description": "Typo entry",
        },
    ).id
    env = app_process_env(
        tmp_path, QT_QPA_PLATFORM="xcb", DISPLAY=display, CLOCKIFY_API_KEY=sandbox.api_key
    )
    app = start_app(env, "--api-url", sandbox.url, "--quick-start")
    keys = Keyboard(display)
    try:
        keys.focus("Start a timer")
        keys.type("Review")
        keys.key("Tab")
        keys.type("umbr")
        keys.key("Return", "Return")  # chooses the project, then starts
        wait_for(lambda: sandbox.state.running_entry(workspace, user["id"]) is not None, "a timer")
        running = sandbox.state.running_entry(workspace, user["id"])
        assert running is not None and running.description == "Review"
        project = sandbox.state.projects[running.project_id or ""]
        client = sandbox.state.clients.get(project.get("clientId") or "", {})
        assert "umbr" in f"{project['name']} {client.get('name', '')}".casefold()

        # The entries window: the running timer is the first entry, selected.
        subprocess.run(
            [sys.executable, "-m", "tray_app", "--entries"],
            env=env,
            cwd=ROOT,
            timeout=30,
            check=True,
        )
        keys.focus("Entries")
        week_reads = lambda: [r for r in sandbox.requests if "start=" in r.query]  # noqa: E731
        wait_for(lambda: bool(week_reads()), "the week to be read")
        time.sleep(0.3)  # and shown
        keys.key("Return")
        keys.focus("Edit the time entry")
        keys.key("ctrl+a")
        keys.type("Review pull request")
        keys.key("Return")
        wait_for(lambda: running.description == "Review pull request", "the edit")
        assert running.end is None  # edited without stopping it

        keys.focus("Entries")
        keys.key("Down", "Delete", "Escape")  # the next entry; the window closes: it is sent
        ids = lambda: {e.id for e in sandbox.state.entries_of(workspace, user["id"])}  # noqa: E731
        wait_for(lambda: earlier not in ids(), "the delete")
        assert running.id in ids()
    finally:
        app.terminate()
        _, errors = app.communicate(timeout=30)
    assert "Traceback" not in errors


def test_a_required_custom_field_from_the_keyboard_at_start_and_at_stop(
    demo_sandbox: Sandbox, display: str, tmp_path: Path
) -> None:
    sandbox = demo_sandbox  # as --demo has it: the cost center is required
    user = sandbox.state.users[sandbox.state.keys[sandbox.api_key]]
    workspace = sandbox.state.workspaces_of(user["id"])[0]["id"]
    fields = {f["name"]: f for f in sandbox.state.custom_fields.values()}
    env = app_process_env(
        tmp_path, QT_QPA_PLATFORM="xcb", DISPLAY=display, CLOCKIFY_API_KEY=sandbox.api_key
    )
    keys = Keyboard(display)
    app = start_app(env, "--api-url", sandbox.url, "--quick-start")
    try:
        keys.focus("Start a timer")
        keys.type("Budget review")
        # Description → project filter → tags → Billable → Cost center (the task waits for a
        # project: skipped); "s" picks Sales; back to the filter, a project, Enter starts.
        keys.key("Tab", "Tab", "Tab", "Tab")
        keys.type("s")
        keys.key("shift+Tab", "shift+Tab", "shift+Tab")
        keys.type("umbr")
        keys.key("Return", "Return")
        wait_for(lambda: sandbox.state.running_entry(workspace, user["id"]) is not None, "a timer")
        running = sandbox.state.running_entry(workspace, user["id"])
        assert running is not None and running.description == "Budget review"
        assert [(v["name"], v["value"]) for v in running.custom_fields] == [
            ("Cost center", "Sales")
        ]
    finally:
        app.terminate()
        _, errors = app.communicate(timeout=30)
    assert "Traceback" not in errors

    # A rule added on the web meanwhile: every entry needs a ticket. Stop asks for it.
    fields["Ticket"]["required"] = True
    stops = lambda: [r for r in sandbox.requests if r.method == "PATCH"]  # noqa: E731
    app = start_app(env, "--api-url", sandbox.url, "--toggle")
    try:
        keys.focus("Stop the timer")
        assert not stops()  # asked first: no stop Clockify would refuse
        keys.type("https://tickets.example/77")
        keys.key("Return")
        wait_for(lambda: running.end is not None, "the stop")
        assert {v["name"]: v["value"] for v in running.custom_fields} == {
            "Cost center": "Sales",
            "Ticket": "https://tickets.example/77",
        }
    finally:
        app.terminate()
        _, errors = app.communicate(timeout=30)
    assert "Traceback" not in errors
