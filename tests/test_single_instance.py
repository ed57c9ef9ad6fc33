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
from tray_app.platform.single_instance.factory import send_to_running
from tray_app.platform.single_instance.unix import UnixInstanceServer, socket_path

pytestmark = pytest.mark.processes

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def runtime(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "run"
    folder.mkdir(mode=0o700)
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(folder))
    return folder


def test_commands_reach_the_server(qtbot: QtBot, runtime: Path) -> None:
    server = UnixInstanceServer("test-instance")
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
    server = UnixInstanceServer("stale-instance")
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
        "import sys; from tray_app.platform.single_instance import server_name; "
        "from tray_app.platform.single_instance.factory import send_to_running; "
        f"sys.exit(0 if send_to_running({command!r}, server_name() + '-demo') else 1)"
    )
    return (
        subprocess.run([sys.executable, "-c", code], env=env, cwd=ROOT, timeout=10).returncode == 0
    )


def test_a_client_that_connects_and_leaves_is_no_error(qtbot: QtBot, runtime: Path) -> None:
    server = UnixInstanceServer("test-instance")
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


def _sender(command: str, name: str, channel: str = "factory") -> subprocess.Popen[str]:
    """A later launch's send in a process of its own: it blocks until the answer, and the
    server needs its event loop running meanwhile. Prints True or False. ``channel``: the
    factory's choice for this system, or ``local`` (Windows' channel, run here)."""
    send = "send_to_running" if channel == "factory" else "send"
    code = (
        "from PySide6.QtCore import QCoreApplication; app = QCoreApplication([]); "
        f"from tray_app.platform.single_instance.{channel} import {send} as s; "
        f"print(s({command!r}, {name!r}))"
    )
    return subprocess.Popen(
        [sys.executable, "-c", code],
        stdout=subprocess.PIPE,
        text=True,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )


def test_windows_channel_carries_commands_and_only_one_server_listens(
    qtbot: QtBot, runtime: Path
) -> None:
    """Windows' channel (QLocalServer, a named pipe there), run here on a local socket: a
    command arrives and is acknowledged, a second instance is refused by the lock, the channel
    is the user's alone, and once closed nobody answers."""
    from PySide6.QtNetwork import QLocalServer

    from tray_app.platform.single_instance.local import LocalInstanceServer

    server = LocalInstanceServer("test-local")
    assert server.listen() and server.first
    received: list[str] = []
    server.command_received.connect(received.append)
    sender = _sender("toggle", "test-local", channel="local")
    qtbot.waitUntil(lambda: received == ["toggle"], timeout=5000)
    assert sender.communicate(timeout=10)[0].strip() == "True"
    unknown = _sender("format-disk", "test-local", channel="local")
    assert unknown.communicate(timeout=10)[0].strip() == "False"
    assert received == ["toggle"]
    second = LocalInstanceServer("test-local")
    assert not second.listen() and not second.first  # the lock is held
    assert server._server is not None  # the access list: the user's alone (0700 here)
    assert server._server.socketOptions() == QLocalServer.SocketOption.UserAccessOption
    assert oct(Path(server._server.fullServerName()).stat().st_mode & 0o077) == "0o0"
    server.close()
    closed = _sender("show", "test-local", channel="local")
    assert closed.communicate(timeout=10)[0].strip() == "False"
    again = LocalInstanceServer("test-local")
    assert again.listen()  # the lock went with the first
    again.close()
    # Deleted by Qt at a safe point now, with the sockets they handed out: left to Python's
    # collector, they could go in the middle of a later event dispatch (a crash at times).
    gone: list[bool] = []
    for made in (server, second, again):
        made.destroyed.connect(lambda: gone.append(True))
        made.deleteLater()
    qtbot.waitUntil(lambda: len(gone) == 3, timeout=5000)


def test_the_name_is_per_user_and_per_configuration_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tray_app.platform.single_instance import server_name

    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "one"))
    one = server_name()
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "two"))
    assert server_name() != one
    assert f"-{os.getuid()}-" in one
