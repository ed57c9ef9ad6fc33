"""Enter in the dialogs, with real X keys under a real window manager (openbox on Xvfb): a form
used a second time saves on Enter as it did the first time, never presses Cancel; the idle
prompt's Reassign form saves on Enter, never discards the idle time."""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest

from tests.conftest import app_process_env, hand_to_app, start_app
from tests.x11 import Keyboard, timer_with_short_idle, wait_for
from tray_app.sandbox import Sandbox

IDLE_S = 3

pytestmark = [
    pytest.mark.processes,
    pytest.mark.skipif(
        not all(shutil.which(tool) for tool in ("Xvfb", "xdotool", "openbox", "xprop")),
        reason="needs Xvfb, xdotool, openbox and xprop",
    ),
]


@pytest.fixture
def managed(display: str) -> Iterator[str]:
    """The display with a window manager on it, which moves the focus as desktops do."""
    manager = subprocess.Popen(
        ["openbox", "--sm-disable"],
        env={**os.environ, "DISPLAY": display},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    wait_for(lambda: "_NET_SUPPORTING_WM_CHECK(WINDOW)" in _root_properties(display), "openbox")
    try:
        yield display
    finally:
        manager.terminate()
        try:
            manager.wait(timeout=10)
        except subprocess.TimeoutExpired:  # (seen once under load: openbox left SIGTERM waiting)
            manager.kill()
            manager.wait(timeout=10)


def _root_properties(display: str) -> str:
    done = subprocess.run(
        ["xprop", "-root"], env={**os.environ, "DISPLAY": display}, capture_output=True,
        text=True, timeout=10,
    )  # fmt: skip
    return done.stdout


def _descriptions(sandbox: Sandbox) -> list[str]:
    return [e.description for e in sandbox.state.entries.values()]


def test_the_manual_entry_form_saves_on_enter_the_second_time_too(
    sandbox: Sandbox, managed: str, tmp_path: Path
) -> None:
    env = app_process_env(
        tmp_path, QT_QPA_PLATFORM="xcb", DISPLAY=managed, CLOCKIFY_API_KEY=sandbox.api_key
    )
    app = start_app(env, "--api-url", sandbox.url, "--manual-entry")
    keys = Keyboard(managed)
    try:
        for description in ("First forgotten work", "Second forgotten work"):
            keys.focus("Add a time entry")
            keys.type(description)
            keys.key("alt+u")  # Duration
            keys.key("Tab")
            keys.type("45m")
            keys.key("Return")
            wait_for(lambda d=description: d in _descriptions(sandbox), f"“{description}” saved")
            wait_for(lambda: not keys.shown("Add a time entry"), "the form closed")
            if description.startswith("First"):
                hand_to_app(env, "manual-entry")
        saved = [e for e in sandbox.state.entries.values() if "forgotten" in e.description]
        assert [e.end - e.start for e in saved] == [timedelta(minutes=45)] * 2  # type: ignore[operator]
    finally:
        app.terminate()
        _, errors = app.communicate(timeout=30)
    assert "Traceback" not in errors


def test_enter_in_the_idle_prompts_reassign_form_saves_it(
    sandbox: Sandbox, managed: str, tmp_path: Path
) -> None:
    entry, env = timer_with_short_idle(sandbox, tmp_path, managed, IDLE_S)
    workspace, user = entry.workspace_id, entry.user_id
    app = start_app(env, "--api-url", sandbox.url)
    keys = Keyboard(managed)
    try:
        wait_for(lambda: any("time-entries" in r.path for r in sandbox.requests), "a sync")
        keys.run("mousemove", "5", "5")
        time.sleep(IDLE_S + 2)  # away: nobody touches anything
        keys.run("mousemove", "50", "50")  # back
        keys.focus("Were you away?")
        keys.key("alt+r")  # Reassign…: the cursor goes to its description
        keys.type("Standup meeting")
        keys.key("Return")
        wait_for(lambda: "Standup meeting" in _descriptions(sandbox), "the reassigned span")
        assert entry.end is not None  # ended where the idle time began, and goes on after it

        def later() -> list[str]:
            mine = sandbox.state.entries_of(workspace, user)
            return sorted(e.description for e in mine if e.start > entry.start)

        wait_for(lambda: later() == ["Focus", "Standup meeting"], "the timer going on")
    finally:
        app.terminate()
        _, errors = app.communicate(timeout=30)
    assert "Traceback" not in errors
