"""Sleep, shutdown and lock from real D-Bus peers: python-dbusmock's logind template on a
private system bus and a screensaver mock on a private session bus, heard through QtDBus."""

from __future__ import annotations

import os
import subprocess
import time
from collections.abc import Iterator
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from tests.buses import kept_environ

pytestmark = pytest.mark.processes

dbusmock = pytest.importorskip("dbusmock")
pytest.importorskip("gi", reason="the logind template needs PyGObject")


@pytest.fixture
def buses() -> Iterator[tuple[Any, Any, Any, Any]]:
    """(logind mock, screensaver mock, system connection, session connection)."""
    import dbus
    from PySide6.QtDBus import QDBusConnection

    with (
        kept_environ("DBUS_SYSTEM_BUS_ADDRESS", "DBUS_SESSION_BUS_ADDRESS"),
        dbusmock.PrivateDBus(dbusmock.BusType.SYSTEM) as system_bus,
        dbusmock.PrivateDBus(dbusmock.BusType.SESSION) as session_bus,
        dbusmock.SpawnedMock.spawn_with_template(
            "logind", stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        ) as logind,
        dbusmock.SpawnedMock.spawn_for_name(
            "org.freedesktop.ScreenSaver",
            "/org/freedesktop/ScreenSaver",
            "org.freedesktop.ScreenSaver",
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        ) as screensaver,
    ):
        logind.obj.AddSession(
            "c1", "seat0", dbus.UInt32(1000), "user", True, dbus_interface=dbusmock.MOCK_IFACE
        )
        name = f"t{time.monotonic_ns()}"
        system = QDBusConnection.connectToBus(system_bus.address, f"system-{name}")
        session = QDBusConnection.connectToBus(session_bus.address, f"session-{name}")
        assert system.isConnected() and session.isConnected()
        yield logind, screensaver, system, session
        QDBusConnection.disconnectFromBus(system.name())
        QDBusConnection.disconnectFromBus(session.name())


def test_sleep_shutdown_lock_and_the_screensaver_are_heard(
    qtbot: QtBot, buses: tuple[Any, Any, Any, Any]
) -> None:
    import dbus

    from tray_app.platform.session_events.logind import MANAGER, LogindEvents

    logind, screensaver, system, session = buses
    events = LogindEvents()
    heard = events.start(system, session, session_id="c1")
    assert heard == [
        "logind sleep and shutdown",
        "logind lock of /org/freedesktop/login1/session/c1",
        "the screensaver",
    ]
    seen: list[str] = []
    events.away.connect(seen.append)
    events.back.connect(lambda: seen.append("back"))

    def emit(obj: Any, interface: str, name: str, signature: str, args: list[Any]) -> None:
        obj.EmitSignal(interface, name, signature, args, dbus_interface=dbusmock.MOCK_IFACE)

    emit(logind.obj, MANAGER, "PrepareForSleep", "b", [dbus.Boolean(True)])
    qtbot.waitUntil(lambda: seen == ["sleep"])
    emit(logind.obj, MANAGER, "PrepareForSleep", "b", [dbus.Boolean(False)])
    qtbot.waitUntil(lambda: seen == ["sleep", "back"])
    emit(logind.obj, MANAGER, "PrepareForShutdown", "b", [dbus.Boolean(True)])
    qtbot.waitUntil(lambda: seen[-1] == "shutdown")

    import dbus as python_dbus

    bus = python_dbus.bus.BusConnection(os.environ["DBUS_SYSTEM_BUS_ADDRESS"])
    session_object = bus.get_object("org.freedesktop.login1", "/org/freedesktop/login1/session/c1")
    session_object.Lock(dbus_interface="org.freedesktop.login1.Session")
    qtbot.waitUntil(lambda: seen[-1] == "lock")
    session_object.Unlock(dbus_interface="org.freedesktop.login1.Session")
    qtbot.waitUntil(lambda: seen[-1] == "back")

    emit(screensaver.obj, "org.freedesktop.ScreenSaver", "ActiveChanged", "b", [True])
    qtbot.waitUntil(lambda: seen[-1] == "lock")
    emit(screensaver.obj, "org.freedesktop.ScreenSaver", "ActiveChanged", "b", [False])
    qtbot.waitUntil(lambda: seen[-1] == "back")
    assert seen == ["sleep", "back", "shutdown", "lock", "back", "lock", "back"]
