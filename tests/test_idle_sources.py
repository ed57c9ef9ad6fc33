"""Idle sources against real peers: X11's XScreenSaver on Xvfb (input sent with xdotool), and
GNOME's IdleMonitor and the freedesktop ScreenSaver as python-dbusmock services on a private
session bus, read with QtDBus (real D-Bus messages)."""

from __future__ import annotations

import os
import subprocess
import time
from collections.abc import Iterator
from typing import Any

import pytest

from tests.buses import kept_environ
from tray_app.platform.idle import NullIdle, for_this_session

pytestmark = pytest.mark.processes

dbusmock = pytest.importorskip("dbusmock")


def test_x11_counts_from_the_last_input_and_input_resets_it(display: str) -> None:
    from tray_app.platform.idle.x11 import X11Idle

    source = X11Idle(display)
    try:
        subprocess.run(
            ["xdotool", "mousemove", "10", "10"], env={**os.environ, "DISPLAY": display}, check=True
        )
        time.sleep(1.3)
        idle = source.idle_seconds()
        assert idle is not None and 1.0 <= idle < 5
        subprocess.run(
            ["xdotool", "key", "shift"], env={**os.environ, "DISPLAY": display}, check=True
        )
        after = source.idle_seconds()
        assert after is not None and after < 0.5
    finally:
        source.close()


def test_the_factory_takes_x11_where_no_desktop_service_answers(display: str) -> None:
    source = for_this_session({"DISPLAY": display})
    assert source.name == "X11 XScreenSaver"
    # Under Wayland the X server sees only X clients' input: not trusted, and said so.
    wayland = for_this_session({"DISPLAY": display, "WAYLAND_DISPLAY": "wayland-0"})
    assert isinstance(wayland, NullIdle) and "Wayland" in wayland.why


@pytest.fixture
def session_bus() -> Iterator[Any]:
    """A private session bus, and a QtDBus connection to it."""
    from PySide6.QtDBus import QDBusConnection

    with (
        kept_environ("DBUS_SESSION_BUS_ADDRESS"),
        dbusmock.PrivateDBus(dbusmock.BusType.SESSION) as bus,
    ):
        connection = QDBusConnection.connectToBus(bus.address, f"idle-{time.monotonic()}")
        assert connection.isConnected()
        yield connection
        QDBusConnection.disconnectFromBus(connection.name())


def test_gnome_idle_monitor_over_dbus(session_bus: Any) -> None:
    from tray_app.platform.idle.dbus import MutterIdle

    with dbusmock.SpawnedMock.spawn_for_name(
        "org.gnome.Mutter.IdleMonitor",
        "/org/gnome/Mutter/IdleMonitor/Core",
        "org.gnome.Mutter.IdleMonitor",
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    ) as mock:
        mock.obj.AddMethod(
            "", "GetIdletime", "", "t", "ret = 754000", dbus_interface=dbusmock.MOCK_IFACE
        )
        assert MutterIdle(session_bus).idle_seconds() == pytest.approx(754.0)


def test_freedesktop_screensaver_over_dbus(session_bus: Any) -> None:
    from tray_app.platform.idle.dbus import FreedesktopIdle, MutterIdle

    with dbusmock.SpawnedMock.spawn_for_name(
        "org.freedesktop.ScreenSaver",
        "/org/freedesktop/ScreenSaver",
        "org.freedesktop.ScreenSaver",
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    ) as mock:
        mock.obj.AddMethods(
            "",
            [
                ("GetSessionIdleTime", "", "u", "ret = getattr(self, 'idle', 0)"),
                ("SetIdle", "u", "", "self.idle = args[0]"),
            ],
            dbus_interface=dbusmock.MOCK_IFACE,
        )
        source = FreedesktopIdle(session_bus)
        assert source.idle_seconds() == 0
        mock.obj.SetIdle(300, dbus_interface="org.freedesktop.ScreenSaver")
        assert source.idle_seconds() == 300
        mock.obj.SetIdle(300_000, dbus_interface="org.freedesktop.ScreenSaver")  # KDE: ms
        assert source.idle_seconds() == 300
        # Mutter is not on this bus: its source answers nothing, and the factory moves on.
        assert MutterIdle(session_bus).idle_seconds() is None
