"""The app sends waiting writes as soon as NetworkManager says the network is back, long
before its next retry: the real app process, NetworkManager's state heard over QtDBus, and
python-dbusmock's NetworkManager on a private system bus (real D-Bus messages)."""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from tests.buses import system_template
from tests.conftest import ROOT, app_process_env, start_app_logged
from tray_app.sandbox import Sandbox

dbusmock = pytest.importorskip("dbusmock")
pytestmark = [
    pytest.mark.processes,
    pytest.mark.skipif(
        shutil.which("dbus-daemon") is None, reason="needs dbus-daemon for a private system bus"
    ),
]
CONNECTED_GLOBAL, DISCONNECTED = 70, 20


@pytest.fixture
def network_manager() -> Iterator[tuple[Any, str]]:
    """NetworkManager's mock on its own system bus: a state setter and the bus address."""
    import dbus

    with system_template("networkmanager") as (mock, address):

        def set_state(state: int) -> None:
            mock.obj.SetGlobalConnectionState(
                dbus.UInt32(state), dbus_interface=dbusmock.MOCK_IFACE
            )

        yield set_state, address


def posts(sandbox: Sandbox) -> list[Any]:
    return [r for r in sandbox.requests if r.method == "POST" and r.path.endswith("/time-entries")]


def wait_for(condition: Any, seconds: float, what: str) -> float:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, what
        time.sleep(0.05)
    return time.monotonic()


def test_waiting_writes_go_when_the_network_is_back(
    network_manager: tuple[Any, str], sandbox: Sandbox, tmp_path: Path
) -> None:
    set_state, address = network_manager
    env = app_process_env(
        tmp_path, CLOCKIFY_API_KEY=sandbox.api_key, DBUS_SYSTEM_BUS_ADDRESS=address
    )
    app, lines, reader = start_app_logged(env, "--api-url", sandbox.url, "--log-level", "INFO")
    try:
        wait_for(
            lambda: any(r.path.endswith("/time-entries") for r in sandbox.requests),
            30,
            "the app never synced",
        )
        sandbox.go_down()  # connections refused: nothing sent, so nothing to wait for
        set_state(DISCONNECTED)
        toggle = subprocess.run(
            [sys.executable, "-m", "tray_app", "--toggle"], env=env, cwd=ROOT, timeout=30
        )
        assert toggle.returncode == 0
        # The start is tried, refused at connect (after the client's own quick retries), and
        # waits for the outbox's next try, seconds away.
        wait_for(lambda: any("retry in" in line for line in lines), 20, "no retry was planned")
        assert not posts(sandbox)
        sandbox.come_back()
        back = time.monotonic()
        set_state(CONNECTED_GLOBAL)
        sent = wait_for(lambda: bool(posts(sandbox)), 20, "the write was never sent")
        assert sent - back < 3
        quit_it = subprocess.run(
            [sys.executable, "-m", "tray_app", "--quit"], env=env, cwd=ROOT, timeout=30
        )
        assert quit_it.returncode == 0 and app.wait(timeout=20) == 0
    finally:
        app.kill()
        app.wait()

    reader.join(timeout=10)
    back_at = next(i for i, line in enumerate(lines) if "the network is back" in line)
    retry = next(line for line in reversed(lines[:back_at]) if "retry in" in line)
    retry_due = stamp(retry) + timedelta(seconds=float(retry.split("retry in ")[1].split()[0]))
    posted = next(line for line in lines[back_at:] if "POST" in line and "201" in line)
    assert stamp(posted) < retry_due  # the write went before the retry timer would have sent it


def stamp(line: str) -> datetime:
    return datetime.strptime(line[:23], "%Y-%m-%d %H:%M:%S,%f")
