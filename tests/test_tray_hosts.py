"""The app in real tray hosts on Xvfb: xfce4-panel's systray (StatusNotifierItem over a private
D-Bus session) and trayer (XEmbed), each started after the app, read back from screenshots and
clicked with xdotool."""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import dbusmock
import pytest
from PySide6.QtGui import QImage

from tests.buses import kept_environ
from tests.conftest import app_process_env, start_app
from tests.x11 import IDLE_BLUE, RUNNING_GREEN, Keyboard, find_colour, wait_for
from tray_app.sandbox import Sandbox
from tray_app.sandbox.wire import wire_time

# xfconfd (xfce4-panel's settings daemon) lives in the architecture's library folder.
XFCONFD = next(iter(sorted(glob.glob("/usr/lib/*/xfce4/xfconf/xfconfd"))), "xfconfd")
WATCHER = "org.kde.StatusNotifierWatcher"

pytestmark = [
    pytest.mark.processes,
    pytest.mark.skipif(
        not all(shutil.which(t) for t in ("Xvfb", "xdotool", "import", "trayer", "xfce4-panel")),
        reason="needs Xvfb, xdotool, ImageMagick, trayer and xfce4-panel",
    ),
]


@pytest.fixture
def session_bus() -> Iterator[str]:
    with (
        kept_environ("DBUS_SESSION_BUS_ADDRESS"),
        dbusmock.PrivateDBus(dbusmock.BusType.SESSION) as bus,
    ):
        yield bus.address


class Desktop:
    """Processes on one display and bus, ended in reverse order."""

    def __init__(self, display: str, bus: str, home: Path) -> None:
        self.env = {
            **os.environ,
            "DISPLAY": display,
            "DBUS_SESSION_BUS_ADDRESS": bus,
            "HOME": str(home),
            "XDG_CONFIG_HOME": str(home / "config"),
            "XDG_CACHE_HOME": str(home / "cache"),
        }
        self.bus = bus
        self.keys = Keyboard(display)
        self._running: list[subprocess.Popen[bytes]] = []

    def run(self, *command: str) -> subprocess.Popen[bytes]:
        process = subprocess.Popen(
            command, env=self.env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        self._running.append(process)
        return process

    def start_panel(self) -> None:
        if not self._running or self._running[0].args != [XFCONFD]:
            self._running.insert(0, subprocess.Popen([XFCONFD], env=self.env))
        self.panel = self.run("xfce4-panel")

    def stop_panel(self) -> None:
        subprocess.run(["xfce4-panel", "--quit"], env=self.env, timeout=30, check=False)
        self.panel.wait(timeout=30)  # (a new one exits at once while the old one is there)

    def close(self) -> None:
        for process in reversed(self._running):
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()

    def screenshot(self, path: Path) -> QImage:
        subprocess.run(
            ["import", "-window", "root", str(path)], env=self.env, timeout=30, check=True
        )
        image = QImage(str(path))
        assert not image.isNull()
        return image

    def sni_items(self) -> list[str]:
        import dbus

        try:
            bus = dbus.bus.BusConnection(self.bus)
            watcher = bus.get_object(WATCHER, "/StatusNotifierWatcher")
            items = watcher.Get(
                WATCHER, "RegisteredStatusNotifierItems", dbus_interface=dbus.PROPERTIES_IFACE
            )
            return [str(item) for item in items]
        except dbus.exceptions.DBusException:
            return []

    def owner_pid(self, item: str) -> int:
        import dbus

        bus = dbus.bus.BusConnection(self.bus)
        daemon = bus.get_object("org.freedesktop.DBus", "/org/freedesktop/DBus")
        name = item.split("/", 1)[0]
        return int(daemon.GetConnectionUnixProcessID(name, dbus_interface="org.freedesktop.DBus"))


@pytest.fixture
def desktop(display: str, session_bus: str, tmp_path: Path) -> Iterator[Desktop]:
    made = Desktop(display, session_bus, tmp_path / "home")
    try:
        yield made
    finally:
        made.close()


def _with_an_earlier_entry(sandbox: Sandbox) -> tuple[str, str]:
    user = sandbox.state.users[sandbox.state.keys[sandbox.api_key]]
    workspace = sandbox.state.workspaces_of(user["id"])[0]["id"]
    end = datetime.now(UTC).replace(microsecond=0) - timedelta(minutes=5)
    body = {"start": wire_time(end - timedelta(hours=1)), "end": wire_time(end)}
    sandbox.state.create_entry(workspace, user["id"], {**body, "description": "Earlier"})
    return workspace, user["id"]


def _app(desktop: Desktop, sandbox: Sandbox, folder: Path) -> subprocess.Popen[str]:
    env = app_process_env(
        folder,
        QT_QPA_PLATFORM="xcb",
        DISPLAY=desktop.env["DISPLAY"],
        DBUS_SESSION_BUS_ADDRESS=desktop.bus,
        CLOCKIFY_API_KEY=sandbox.api_key,
    )
    return start_app(env, "--api-url", sandbox.url)


def test_a_status_notifier_panel_started_after_the_app(
    desktop: Desktop, sandbox: Sandbox, tmp_path: Path
) -> None:
    workspace, user = _with_an_earlier_entry(sandbox)
    app = _app(desktop, sandbox, tmp_path)
    try:
        # No tray yet: the quick-start window stands in for it.
        desktop.keys.run("search", "--sync", "--onlyvisible", "--name", "Start a timer")
        assert desktop.sni_items() == []
        desktop.start_panel()
        wait_for(lambda: bool(desktop.sni_items()), "the icon registered with the panel", 60)
        (item,) = desktop.sni_items()
        assert desktop.owner_pid(item) == app.pid
        # Closing the window no longer quits: the app lives in the tray now.
        desktop.keys.focus("Start a timer")
        desktop.keys.key("Escape")
        # The app has handled the Escape once the window is gone; that it still answers the
        # icon below (and runs at the end) shows that closing the window did not quit.
        wait_for(lambda: not desktop.keys.shown("Start a timer"), "the window closed")
        assert app.poll() is None

        shot = tmp_path / "panel.png"
        icon: list[tuple[int, int] | None] = [None]

        def icon_drawn() -> bool:
            icon[0] = find_colour(desktop.screenshot(shot), IDLE_BLUE, 0, 40)
            return icon[0] is not None

        wait_for(icon_drawn, "the idle icon in the panel", 30)
        assert icon[0] is not None
        x, y = icon[0]
        # A left click starts the last timer again (the panel calls the item's Activate).
        desktop.keys.run("mousemove", str(x), str(y), "click", "1")
        wait_for(lambda: sandbox.state.running_entry(workspace, user) is not None, "a timer")
        running = sandbox.state.running_entry(workspace, user)
        assert running is not None and running.description == "Earlier"
        wait_for(
            lambda: find_colour(desktop.screenshot(shot), RUNNING_GREEN, 0, 40) is not None,
            "the running icon",
            30,
        )
        # A right click opens the menu the app exported over D-Bus (drawn by the panel).
        before = desktop.screenshot(shot)
        desktop.keys.run("mousemove", str(x), str(y), "click", "3")
        wait_for(lambda: _changed_below(before, desktop.screenshot(shot), x, y), "the menu", 20)
        desktop.keys.run("key", "Escape")

        # The panel restarts: the icon registers again by itself.
        desktop.stop_panel()
        wait_for(lambda: not desktop.sni_items(), "the panel gone", 30)
        desktop.start_panel()
        wait_for(lambda: bool(desktop.sni_items()), "the icon back in the panel", 60)
        assert app.poll() is None
    finally:
        app.terminate()
        app.wait(timeout=30)


def _changed_below(before: QImage, after: QImage, x: int, y: int) -> bool:
    """Many pixels under the icon changed (a menu opened there)."""
    changed = 0
    for row in range(y + 20, min(y + 200, after.height()), 4):
        for column in range(max(0, x - 200), min(x + 200, after.width()), 4):
            changed += before.pixelColor(column, row) != after.pixelColor(column, row)
    return changed > 200


def test_an_xembed_tray_started_after_the_app(
    desktop: Desktop, sandbox: Sandbox, tmp_path: Path
) -> None:
    app = _app(desktop, sandbox, tmp_path)
    try:
        desktop.keys.run("search", "--sync", "--onlyvisible", "--name", "Start a timer")
        desktop.run(
            "trayer", "--edge", "top", "--align", "right", "--widthtype", "request",
            "--height", "32", "--transparent", "false", "--tint", "0x404040",
            "--SetDockType", "true",
        )  # fmt: skip
        shot = tmp_path / "trayer.png"
        wait_for(
            lambda: find_colour(desktop.screenshot(shot), IDLE_BLUE, 0, 32) is not None,
            "the icon embedded in trayer",
            40,
        )
        assert app.poll() is None
    finally:
        app.terminate()
        app.wait(timeout=30)


def test_trayless_and_closed_means_quit(desktop: Desktop, sandbox: Sandbox, tmp_path: Path) -> None:
    """No tray ever came: closing the stand-in window quits (nothing would be left to click)."""
    app = _app(desktop, sandbox, tmp_path)
    try:
        desktop.keys.focus("Start a timer")
        desktop.keys.key("Escape")
        assert app.wait(timeout=30) == 0
    finally:
        if app.poll() is None:
            app.terminate()
            app.wait(timeout=30)
