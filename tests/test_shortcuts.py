"""Global shortcuts against a desktop portal speaking the real GlobalShortcuts interface on a
private session bus (tests/peers/shortcuts_portal.py checks every signature as GDBus does)."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import dbus
import dbusmock
import pytest
from pytestqt.qtbot import QtBot

from tests.buses import kept_environ, session_template
from tray_app.platform.shortcuts import BIND_BY_HAND, QUICK_START, TOGGLE, NullShortcuts
from tray_app.platform.shortcuts.portal import PortalShortcuts

PORTAL = str(Path(__file__).parent / "peers" / "shortcuts_portal.py")


@pytest.fixture
def portal() -> Iterator[tuple[Any, str]]:
    with session_template(PORTAL) as (mock, address):
        yield mock, address


def _started(qtbot: QtBot, address: str) -> PortalShortcuts:
    shortcuts = PortalShortcuts(bus=address)
    with qtbot.waitSignal(shortcuts.status_changed, timeout=5000):
        shortcuts.start()
    return shortcuts


@pytest.mark.processes
def test_bound_through_the_portal_and_pressed(qtbot: QtBot, portal: tuple[Any, str]) -> None:
    mock, address = portal
    shortcuts = _started(qtbot, address)
    try:
        assert shortcuts.triggers == {QUICK_START: "Ctrl+Alt+C", TOGGLE: "Ctrl+Alt+S"}
        assert "Open quick start: Ctrl+Alt+C" in shortcuts.status
        assert shortcuts.session.startswith("/org/freedesktop/portal/desktop/session/")
        with qtbot.waitSignal(shortcuts.activated, timeout=5000) as pressed:
            mock.obj.Activate(TOGGLE, dbus_interface=dbusmock.MOCK_IFACE)
        assert pressed.args == [TOGGLE]
        with qtbot.waitSignal(shortcuts.activated, timeout=5000) as pressed:
            mock.obj.Activate(QUICK_START, dbus_interface=dbusmock.MOCK_IFACE)
        assert pressed.args == [QUICK_START]
        session = shortcuts.session
    finally:
        shortcuts.stop()
    # The session is given back.

    closed = dbus.bus.BusConnection(address).get_object("org.freedesktop.portal.Desktop", session)
    qtbot.waitUntil(
        lambda: bool(closed.GetMethodCalls("Close", dbus_interface=dbusmock.MOCK_IFACE)),
        timeout=5000,
    )


@pytest.mark.processes
def test_a_dismissed_request_says_what_to_bind_instead(qtbot: QtBot) -> None:
    with session_template(PORTAL, {"refuse": "1"}) as (_, address):
        shortcuts = _started(qtbot, address)
        try:
            assert "dismissed" in shortcuts.status and BIND_BY_HAND in shortcuts.status
            assert shortcuts.triggers == {}
        finally:
            shortcuts.stop()


@pytest.mark.processes
def test_no_portal_on_the_bus(qtbot: QtBot) -> None:
    with (
        kept_environ("DBUS_SESSION_BUS_ADDRESS"),
        dbusmock.PrivateDBus(dbusmock.BusType.SESSION) as bus,
    ):
        shortcuts = _started(qtbot, bus.address)
        assert "no global shortcuts" in shortcuts.status
        assert "clockify-tray --toggle" in shortcuts.status
        shortcuts.stop()


def test_no_bus_at_all(qtbot: QtBot, tmp_path: Path) -> None:
    shortcuts = _started(qtbot, f"unix:path={tmp_path / 'nobody'}")
    assert "cannot be reached" in shortcuts.status and BIND_BY_HAND in shortcuts.status
    null = NullShortcuts("Nothing here.")
    null.start()
    assert null.status == f"Nothing here. {BIND_BY_HAND}"


@pytest.mark.processes
def test_the_peer_refuses_what_qtdbus_would_send(portal: tuple[Any, str]) -> None:
    """The check that makes the tests above mean something: PySide6 sends a(sa{sv}) as av,
    and this peer, like a GDBus portal, refuses it."""
    _, address = portal
    script = f"""
import sys
from PySide6.QtCore import QCoreApplication
from PySide6.QtDBus import QDBusConnection, QDBusMessage, QDBusObjectPath
app = QCoreApplication([])
bus = QDBusConnection.connectToBus({address!r}, "probe")
call = QDBusMessage.createMethodCall("org.freedesktop.portal.Desktop",
    "/org/freedesktop/portal/desktop", "org.freedesktop.portal.GlobalShortcuts", "BindShortcuts")
call.setArguments([QDBusObjectPath("/x"), [["quick-start", {{"description": "x"}}]], "", {{}}])
reply = bus.call(call)
print(reply.errorName(), reply.errorMessage())
"""
    import sys

    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60, check=True
    )
    assert "org.freedesktop.DBus.Error.InvalidArgs" in done.stdout
    assert "oa(sa{sv})sa{sv}" in done.stdout


def test_the_preferred_keys_in_each_platforms_terms() -> None:
    """Windows and macOS take the same XDG-format triggers (run here as plain functions)."""
    from tray_app.platform.shortcuts import SHORTCUTS, macos, windows

    assert windows.parse_trigger("CTRL+ALT+C") == (0x4000 | 0x2 | 0x1, ord("C"))
    assert windows.parse_trigger("LOGO+SHIFT+F5") == (0x4000 | 0x8 | 0x4, 0x74)
    assert windows.parse_trigger("HYPER+C") is None and windows.parse_trigger("CTRL+é") is None
    assert macos.parse_trigger("CTRL+ALT+C") == (0x1000 | 0x0800, 0x08)  # kVK_ANSI_C
    assert macos.parse_trigger("LOGO+S") == (0x0100, 0x01)  # kVK_ANSI_S
    assert macos.KEY_CODES["P"] == 0x23 and macos.KEY_CODES["M"] == 0x2E
    assert macos.describe("CTRL+ALT+C") == "⌃⌥C"
    for _, trigger in SHORTCUTS.values():
        assert windows.parse_trigger(trigger) is not None
        assert macos.parse_trigger(trigger) is not None


@pytest.mark.processes
def test_the_app_starts_and_opens_from_the_shortcuts(
    qtbot: QtBot, portal: tuple[Any, str], sandbox: Any, tmp_path: Path
) -> None:
    from tests.gui_helpers import round_trip, sandbox_app

    mock, address = portal
    shortcuts = PortalShortcuts(bus=address)
    with sandbox_app(qtbot, sandbox, tmp_path / "s.json", shortcuts=shortcuts) as app:
        qtbot.waitUntil(lambda: "Ctrl+Alt+S" in app.preferences.shortcut_status, timeout=5000)
        app.on_command("preferences")
        assert "Start or stop the timer: Ctrl+Alt+S" in (
            app.preferences.window.shortcut_status.text()
        )
        mock.obj.Activate(TOGGLE, dbus_interface=dbusmock.MOCK_IFACE)
        qtbot.waitUntil(lambda: app.state.running is not None, timeout=5000)
        mock.obj.Activate(QUICK_START, dbus_interface=dbusmock.MOCK_IFACE)
        qtbot.waitUntil(lambda: app.quick_start.isVisible(), timeout=5000)
        app.quick_start.hide()
        # Turned off: the session is closed and the window says what to bind instead.
        session = shortcuts.session
        app.preferences.on_window_change_requested("global_shortcuts", False)
        assert shortcuts.session == "" and "off" in app.preferences.shortcut_status
        # No longer listening: the portal has closed the session, and the connection the
        # app heard it on has left the bus, so a press has no way to reach the app.
        bus = dbus.bus.BusConnection(address)
        closed = bus.get_object("org.freedesktop.portal.Desktop", session)
        qtbot.waitUntil(
            lambda: bool(closed.GetMethodCalls("Close", dbus_interface=dbusmock.MOCK_IFACE))
        )
        heard_on = ":" + session.split("/")[-2].replace("_", ".")
        qtbot.waitUntil(lambda: not bus.name_has_owner(heard_on))
        mock.obj.Activate(TOGGLE, dbus_interface=dbusmock.MOCK_IFACE)
        round_trip(qtbot, app)
        assert app.state.running is not None
