"""``--toggle`` handed to the running app while its worker is busy with a slow server: two quick
ones start and stop (never start, stop, start), and one acknowledged just before a kill -9 is
carried out when the app starts again."""

from __future__ import annotations

import os
import signal
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest

from tests.conftest import app_process_env, hand_to_app, start_app
from tests.x11 import wait_for
from tray_app.sandbox import Sandbox

pytestmark = pytest.mark.processes


def _ids(sandbox: Sandbox) -> tuple[str, str]:
    user = sandbox.state.keys[sandbox.api_key]
    return sandbox.state.users[user]["activeWorkspace"], user


def _new_entries(sandbox: Sandbox, before: set[str]) -> list[object]:
    workspace, user = _ids(sandbox)
    return [e for e in sandbox.state.entries_of(workspace, user) if e.id not in before]


def test_two_quick_toggles_while_the_worker_is_busy_start_and_stop(
    sandbox: Sandbox, tmp_path: Path
) -> None:
    before = set(sandbox.state.entries)
    sandbox.faults.latency = 0.8  # a slow server: the worker is busy starting up
    env = app_process_env(tmp_path, CLOCKIFY_API_KEY=sandbox.api_key)
    app = start_app(env, "--api-url", sandbox.url)
    try:
        wait_for(lambda: bool(sandbox.requests), "the app's first request")
        hand_to_app(env, "toggle")
        time.sleep(0.3)  # (the gap between two presses, not a wait for anything)
        hand_to_app(env, "toggle")
        workspace, user = _ids(sandbox)
        wait_for(lambda: any(e.end for e in _new_entries(sandbox, before)), "a start, stopped", 60)
        hand_to_app(env, "entries")  # a round trip: every command before it was carried out
        wait_for(lambda: any("start=" in r.query for r in sandbox.requests), "the week read", 30)
        (entry,) = _new_entries(sandbox, before)
        assert entry.end is not None  # type: ignore[attr-defined]
        assert sandbox.state.running_entry(workspace, user) is None
        # The first toggle of a fresh install continues the newest entry (read first).
        newest = max((sandbox.state.entries[i] for i in before), key=lambda e: e.start)
        assert entry.description == newest.description  # type: ignore[attr-defined]
    finally:
        app.terminate()
        _, errors = app.communicate(timeout=30)
    assert "Traceback" not in errors


def test_an_acknowledged_toggle_survives_a_kill(sandbox: Sandbox, tmp_path: Path) -> None:
    before = set(sandbox.state.entries)
    workspace, user = _ids(sandbox)
    sandbox.faults.latency = 3.0  # the worker is still busy when the app is killed
    env = app_process_env(tmp_path, CLOCKIFY_API_KEY=sandbox.api_key)
    app = start_app(env, "--api-url", sandbox.url)
    try:
        wait_for(lambda: bool(sandbox.requests), "the app's first request")
        asked = datetime.now(UTC)
        hand_to_app(env, "toggle")  # "the request was passed to it"
        time.sleep(1)
        os.kill(app.pid, signal.SIGKILL)
        app.wait(timeout=30)
    finally:
        app.kill()
        app.wait()
    assert sandbox.state.running_entry(workspace, user) is None  # it never got that far
    sandbox.faults.latency = 0
    again = start_app(env, "--api-url", sandbox.url)
    try:
        wait_for(lambda: sandbox.state.running_entry(workspace, user) is not None, "the start", 60)
        (entry,) = _new_entries(sandbox, before)
        assert abs((entry.start - asked).total_seconds()) < 2  # type: ignore[attr-defined]
    finally:
        again.terminate()
        _, errors = again.communicate(timeout=30)
    assert "Traceback" not in errors
