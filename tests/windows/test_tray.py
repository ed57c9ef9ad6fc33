"""The tray app as a Windows program: ``clockify-tray --demo`` in the Windows Python under Wine,
on Xvfb, driven with real clicks on Wine's own notification area (the "Wine System Tray"
window Wine shows at the top left when no desktop has a tray), and commands passed to it by a
second launch, as a shortcut or a script would.

What it cannot show: Explorer's notification area, its overflow and DPI scaling.
Set $CLOCKIFY_SCREENSHOT_DIR to keep the menu's picture (docs/windows-tray-menu.png).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtGui import QColor, QImage

from scripts.windows_python import Harness
from tests.windows.wine_tray import WineTray, running
from tests.x11 import IDLE_BLUE, RUNNING_GREEN, wait_for

pytestmark = [
    pytest.mark.windows,
    pytest.mark.skipif(not shutil.which("import"), reason="needs ImageMagick's import"),
    pytest.mark.skipif(sys.platform == "win32", reason="Wine's tray on Xvfb, not Explorer's"),
]


ASK_SESSION_WINDOW = """
import ctypes
user32 = ctypes.windll.user32
user32.FindWindowW.restype = ctypes.c_void_p
window = user32.FindWindowW("ClockifyTraySessionEvents", None)
print("found" if window else "missing")
result = ctypes.c_size_t()
user32.SendMessageTimeoutW.argtypes = [ctypes.c_void_p, ctypes.c_uint, ctypes.c_size_t,
    ctypes.c_ssize_t, ctypes.c_uint, ctypes.c_uint, ctypes.POINTER(ctypes.c_size_t)]
sent = user32.SendMessageTimeoutW(window, 0, 0, 0, 2, 5000, ctypes.byref(result))  # WM_NULL
print("answered" if sent else "silent")
"""


@pytest.fixture
def demo(windows: Harness) -> Iterator[subprocess.Popen[bytes]]:
    with running(windows.command(["-m", "tray_app", "--demo"]), windows.env()) as app:
        yield app


def second_launch(windows: Harness, flag: str) -> str:
    done = windows.run(["-m", "tray_app", "--demo", flag], timeout=60)
    assert done.returncode == 0, done.stderr.decode(errors="replace")
    return done.stdout.decode().strip()


def status_now(windows: Harness) -> dict[str, object]:
    done = windows.run(["-m", "tray_app", "status", "--demo", "--format", "json"], timeout=60)
    assert done.returncode == 0, done.stderr.decode(errors="replace")
    answer = json.loads(done.stdout.decode())
    assert isinstance(answer, dict)
    return answer


def test_the_demo_in_wines_tray(
    windows: Harness, demo: subprocess.Popen[bytes], tmp_path: Path
) -> None:
    tray = WineTray(windows.display, tmp_path)
    found: list[tuple[int, int] | None] = [None]

    def shows(colour: QColor) -> bool:
        found[0] = tray.icon(colour)
        return found[0] is not None

    wait_for(lambda: shows(IDLE_BLUE), "the idle icon in Wine's tray", 90)
    icon = found[0]
    assert icon is not None

    # The menu, once the demo has signed in: its recent entries make it tall.
    def signed_in_menu() -> bool:
        tray.click(icon, "3")
        wait_for(lambda: tray.menu_rows(icon) > 0, "the menu", 30)
        if tray.menu_rows(icon) > 300:
            return True
        tray.keys.run("key", "Escape")
        wait_for(lambda: tray.menu_rows(icon) == 0, "the menu closed", 30)
        return False

    wait_for(signed_in_menu, "the signed-in menu", 90)
    keep = os.environ.get("CLOCKIFY_SCREENSHOT_DIR", "")
    if keep:
        menu = QImage(str(tray.shot)).copy(0, 0, 300, icon[1] + tray.menu_rows(icon) + 12)
        assert menu.save(str(Path(keep) / "windows-tray-menu.png"))
    tray.keys.run("key", "Escape")
    wait_for(lambda: tray.menu_rows(icon) == 0, "the menu closed", 30)

    # A left click starts the last timer again; another stops it.
    tray.click(icon, "1")
    wait_for(lambda: shows(RUNNING_GREEN), "the running icon", 30)
    tray.click(icon, "1")
    wait_for(lambda: shows(IDLE_BLUE), "the idle icon again", 30)

    # The app hears sleep, lock and shutdown: its session window is there, and the worker's
    # event loop, whose thread owns it, answers a message sent to it.
    done = windows.run(["-c", ASK_SESSION_WINDOW])
    assert done.stdout.decode().split() == ["found", "answered"], done.stderr.decode()

    # A second launch hands its command to the running app and ends; `status` asks it over
    # the same named pipe, once and following.
    follower = subprocess.Popen(
        windows.command(["-m", "tray_app", "status", "--demo", "--follow", "--format", "json"]),
        env=windows.env(),
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
    )
    heard: list[dict[str, object]] = []
    reader = threading.Thread(
        target=lambda: heard.extend(json.loads(line) for line in follower.stdout or []),
        daemon=True,
    )
    reader.start()
    wait_for(lambda: bool(heard), "the follower's first line", 60)
    passed = "Clockify Tray is already running; the request was passed to it."
    assert second_launch(windows, "--toggle") == passed
    wait_for(lambda: shows(RUNNING_GREEN), "the timer started by --toggle", 30)
    assert status_now(windows)["running"] is not None
    wait_for(lambda: any(h.get("running") for h in heard), "the follower hearing the start", 30)
    assert second_launch(windows, "--toggle") == passed
    wait_for(lambda: shows(IDLE_BLUE), "the timer stopped by --toggle", 30)
    assert status_now(windows)["running"] is None
    wait_for(lambda: heard[-1].get("running") is None, "the follower hearing the stop", 30)
    follower.kill()
    follower.wait(timeout=30)
    assert demo.poll() is None
    assert second_launch(windows, "--quit") == passed
    assert demo.wait(timeout=60) == 0
    assert tray.icon(IDLE_BLUE) is None  # its icon left the tray with it
