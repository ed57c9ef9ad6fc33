"""Real X for tests: an Xvfb display, and xdotool typing into whatever has the X focus."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import subprocess
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtGui import QColor, QImage

# The app's colour icons: the idle face and the running one.
IDLE_BLUE, RUNNING_GREEN = QColor("#1565c0"), QColor("#2e7d32")


@contextlib.contextmanager
def xvfb() -> Iterator[str]:
    """A fresh Xvfb display (``-noreset``: it keeps its idle count when clients leave)."""
    # Xvfb picks a free display itself and says which (-displayfd): no clash with stale ones.
    read_end, write_end = os.pipe()
    server = subprocess.Popen(
        ["Xvfb", "-displayfd", str(write_end), "-screen", "0", "1024x768x24", "-nolisten", "tcp",
         "-noreset"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        pass_fds=(write_end,),
    )  # fmt: skip
    os.close(write_end)
    with os.fdopen(read_end) as answer:
        number = answer.readline().strip()
    assert number, "Xvfb did not start"
    try:
        yield f":{number}"
    finally:
        server.terminate()  # (not kill: it removes its socket and lock file)
        server.wait(timeout=10)


@pytest.fixture
def display() -> Iterator[str]:
    """A display of its own for the test (see ``xvfb``)."""
    if not (shutil.which("Xvfb") and shutil.which("xdotool")):
        pytest.skip("needs Xvfb and xdotool")
    with xvfb() as name:
        yield name


def wait_for(condition: Callable[[], bool], what: str, timeout: float = 20) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.05)


class Keyboard:
    """xdotool on one display."""

    def __init__(self, display: str) -> None:
        self._env = {**os.environ, "DISPLAY": display}

    def run(self, *args: str) -> str:
        done = subprocess.run(
            ["xdotool", *args], env=self._env, capture_output=True, text=True, timeout=30
        )
        assert done.returncode == 0, done.stderr
        return done.stdout

    def shown(self, title: str) -> bool:
        """A window titled ``title`` is mapped."""
        found = subprocess.run(
            ["xdotool", "search", "--onlyvisible", "--name", title],
            env=self._env,
            capture_output=True,
            timeout=30,
        )
        return found.returncode == 0 and bool(found.stdout.strip())

    def focus(self, title: str) -> None:
        """Give the X focus to the window titled ``title`` once it is mapped (no window
        manager runs: the focus is set as a window manager would)."""
        window = self.run("search", "--sync", "--onlyvisible", "--name", title).split()[-1]
        self.run("windowfocus", "--sync", window)
        wait_for(lambda: self.run("getwindowfocus").strip() == window, f"the focus on {title}")
        time.sleep(0.6)  # Qt sees FocusIn and makes the window active (slower under load)

    def type(self, text: str) -> None:
        self.run("type", "--delay", "40", text)

    def key(self, *keys: str) -> None:
        for key in keys:
            self.run("key", key)
            time.sleep(0.15)


def timer_with_short_idle(
    sandbox: Any, tmp_path: Path, display: str, idle_seconds: float
) -> tuple[Any, dict[str, str]]:
    """A timer ("Focus") that has run half an hour, and the environment of an app on
    ``display`` that counts ``idle_seconds`` without input as idle (its settings file)."""
    from tests.conftest import app_process_env
    from tray_app.sandbox.wire import wire_time

    user = sandbox.state.keys[sandbox.api_key]
    workspace = sandbox.state.users[user]["activeWorkspace"]
    started = datetime.now(UTC).replace(microsecond=0) - timedelta(minutes=30)
    entry = sandbox.state.create_entry(
        workspace, user, {"start": wire_time(started), "description": "Focus"}
    )
    config = tmp_path / "config" / "clockify-tray"
    config.mkdir(parents=True)
    (config / "settings.json").write_text(json.dumps({"idle_minutes": idle_seconds / 60}))
    env = app_process_env(
        tmp_path, QT_QPA_PLATFORM="xcb", DISPLAY=display, CLOCKIFY_API_KEY=sandbox.api_key
    )
    return entry, env


def find_colour(image: QImage, colour: QColor, top: int, bottom: int) -> tuple[int, int] | None:
    """The middle of the rightmost patch of ``colour`` between rows ``top`` and ``bottom``
    (tray icons sit at the right; a panel's menu button may share the colour)."""
    found = [
        (x, y)
        for y in range(top, bottom)
        for x in range(image.width())
        if near(image.pixelColor(x, y), colour)
    ]
    if found:
        right = max(x for x, _ in found)
        found = [(x, y) for x, y in found if x > right - 32]
    if len(found) < 6:
        return None
    xs, ys = [x for x, _ in found], [y for _, y in found]
    return (min(xs) + max(xs)) // 2, (min(ys) + max(ys)) // 2


def near(one: QColor, other: QColor) -> bool:
    return (
        abs(one.red() - other.red())
        + abs(one.green() - other.green())
        + abs(one.blue() - other.blue())
        < 60
    )
