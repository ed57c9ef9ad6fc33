"""A second launch hands its command to the running app (two real processes)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from tests.conftest import app_process_env, hand_to_app, start_app
from tray_app.platform.single_instance import InstanceServer, send_to_running, socket_path

pytestmark = pytest.mark.processes

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def runtime(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "run"
    folder.mkdir(mode=0o700)
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(folder))
    return folder


def test_commands_reach_the_server(qtbot: QtBot, runtime: Path) -> None:
    server = InstanceServer("test-instance")
    assert server.listen()
    received: list[str] = []
    server.command_received.connect(received.append)
    assert oct(socket_path("test-instance").stat().st_mode & 0o777) == "0o600"
    sender = _sender("quick-start", "test-instance")
    qtbot.waitUntil(lambda: received == ["quick-start"], timeout=5000)
    assert sender.communicate(timeout=10)[0].strip() == "True"
    server.close()
    assert not socket_path("test-instance").exists()
    assert not send_to_running("quick-start", "test-instance")


def test_a_stale_socket_is_taken_over(runtime: Path) -> None:
    stale = socket_path("stale-instance")
    stale.write_text("")  # a crashed instance left its file
    server = InstanceServer("stale-instance")
    assert server.listen()
    server.close()


def test_second_launch_hands_over_and_exits(tmp_path: Path) -> None:
    env = app_process_env(tmp_path)
    first = start_app(env, "--demo")
    try:
        deadline = time.monotonic() + 20
        while not send_to_running_in(env, "show"):
            assert time.monotonic() < deadline, "the first instance never listened"
            time.sleep(0.1)
        hand_to_app(env, "quit", "--demo")
        assert first.wait(timeout=20) == 0  # --quit reached the first one, which quit cleanly
        # Offscreen there is no system tray: the first one said so and opened quick start.
        assert first.stderr is not None
        told = first.stderr.read()
        assert "No system tray found" in told and "quick-start window opens instead" in told
        assert "QThread: Destroyed while thread is still running" not in told
    finally:
        first.kill()
        first.wait()


def send_to_running_in(env: dict[str, str], command: str) -> bool:
    code = (
        "import sys; from tray_app.platform.single_instance import send_to_running, server_name; "
        f"sys.exit(0 if send_to_running({command!r}, server_name() + '-demo') else 1)"
    )
    return (
        subprocess.run([sys.executable, "-c", code], env=env, cwd=ROOT, timeout=10).returncode == 0
    )


def test_a_client_that_connects_and_leaves_is_no_error(qtbot: QtBot, runtime: Path) -> None:
    server = InstanceServer("test-instance")
    assert server.listen()
    received: list[str] = []
    server.command_received.connect(received.append)
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as leaving:
        leaving.connect(str(socket_path("test-instance")))  # and gone without a word
    # A real command after it is answered: the server got past the one that left.
    answer = _sender("entries", "test-instance")
    qtbot.waitUntil(lambda: received == ["entries"], timeout=5000)
    assert answer.communicate(timeout=10)[0].strip() == "True"
    server.close()


def test_only_one_of_two_launches_at_the_same_moment_runs(tmp_path: Path) -> None:
    env = app_process_env(tmp_path)
    launches = [start_app(env, "--demo") for _ in range(2)]
    try:
        deadline = time.monotonic() + 30
        while all(launch.poll() is None for launch in launches):
            assert time.monotonic() < deadline, "both launches are still running"
            time.sleep(0.1)
        (lost,) = [launch for launch in launches if launch.poll() is not None]
        (won,) = [launch for launch in launches if launch is not lost]
        assert lost.returncode == 0
        assert won.poll() is None
        hand_to_app(env, "quit", "--demo")
        assert won.wait(timeout=20) == 0
    finally:
        for launch in launches:
            launch.kill()
            launch.wait()


def _sender(command: str, name: str) -> subprocess.Popen[str]:
    """``send_to_running`` in a process of its own, as a second launch: it blocks until the
    answer, and the server needs its event loop running meanwhile. Prints True or False."""
    code = (
        "from tray_app.platform.single_instance import send_to_running as s; "
        f"print(s({command!r}, {name!r}))"
    )
    return subprocess.Popen(
        [sys.executable, "-c", code],
        stdout=subprocess.PIPE,
        text=True,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
