"""The app process stops the timer when logind says the machine goes to sleep, at that moment:
python-dbusmock's logind template on a private system bus, the app's QtDBus listening."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from tests.buses import system_template
from tests.conftest import ROOT, app_process_env, start_app_logged
from tray_app.sandbox import Sandbox
from tray_app.sandbox.wire import wire_time

dbusmock = pytest.importorskip("dbusmock")
pytest.importorskip("gi", reason="the logind template needs PyGObject")
pytestmark = [
    pytest.mark.processes,
    pytest.mark.skipif(shutil.which("dbus-daemon") is None, reason="needs dbus-daemon"),
]


@pytest.fixture
def logind() -> Iterator[tuple[Any, str]]:
    with system_template("logind") as mock_and_address:
        yield mock_and_address


def test_sleep_stops_the_timer_at_that_moment(
    logind: tuple[Any, str], sandbox: Sandbox, tmp_path: Path
) -> None:
    import dbus

    mock, address = logind
    user = sandbox.state.keys[sandbox.api_key]
    workspace = sandbox.state.users[user]["activeWorkspace"]
    started = datetime.now(UTC).replace(microsecond=0) - timedelta(hours=1)
    entry = sandbox.state.create_entry(
        workspace, user, {"start": wire_time(started), "description": "Before the lid closes"}
    )
    config = tmp_path / "config" / "clockify-tray"
    config.mkdir(parents=True)
    (config / "settings.json").write_text(json.dumps({"stop_when_away": True}))
    env = app_process_env(
        tmp_path, CLOCKIFY_API_KEY=sandbox.api_key, DBUS_SYSTEM_BUS_ADDRESS=address
    )
    app, lines, reader = start_app_logged(env, "--api-url", sandbox.url, "--log-level", "INFO")
    try:
        deadline = time.monotonic() + 30
        while not any("sleep and lock from: logind" in line for line in lines):
            assert time.monotonic() < deadline, "the app never listened to logind"
            time.sleep(0.05)
        while not any(r.path.endswith("/time-entries") for r in sandbox.requests):
            assert time.monotonic() < deadline, "the app never synced"
            time.sleep(0.05)
        asleep = datetime.now(UTC)
        mock.obj.EmitSignal(
            "org.freedesktop.login1.Manager",
            "PrepareForSleep",
            "b",
            [dbus.Boolean(True)],
            dbus_interface=dbusmock.MOCK_IFACE,
        )
        while entry.end is None:
            assert time.monotonic() < deadline, "the timer was not stopped"
            time.sleep(0.05)
        assert abs((entry.end - asleep).total_seconds()) <= 1.5  # then, not when noticed
        quit_it = subprocess.run(
            [sys.executable, "-m", "tray_app", "--quit"], env=env, cwd=ROOT, timeout=30
        )
        assert quit_it.returncode == 0 and app.wait(timeout=20) == 0
    finally:
        app.kill()
        app.wait()
    reader.join(timeout=10)
    assert not any("Traceback" in line for line in lines)
