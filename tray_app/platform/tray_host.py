"""Is there a tray to show an icon in, and when does one appear? (Linux desktops.)

Qt picks the tray protocol once per process, when the first tray icon is made: a
StatusNotifierItem over D-Bus if a StatusNotifierWatcher with a host is on the session bus
then, else XEmbed, and it never looks again. So a tray that comes up after the app (a panel
started late, waybar restarted, GNOME's AppIndicator extension turned on) would never show the
icon if the app had made one too early. These checks look without asking Qt: the XEmbed
manager's selection on the X screen, the watcher and its host on the bus. ``TrayWatch`` waits
for either: the watcher's arrival is heard on the bus; the X selection is looked at now and
then, only while there is no tray (every second at first, then less often).
"""

from __future__ import annotations

import ctypes
import logging
import sys
from typing import Any, cast

from PySide6.QtCore import QObject, QTimer, Signal, Slot
from PySide6.QtGui import QGuiApplication

logger = logging.getLogger(__name__)

WATCHER = "org.kde.StatusNotifierWatcher"
WATCHER_PATH = "/StatusNotifierWatcher"
FIRST_LOOK_MS, LAST_LOOK_MS = 1000, 15_000


def xembed_manager() -> bool:
    """An XEmbed tray (a system tray manager) owns ``_NET_SYSTEM_TRAY_S<screen>``."""
    try:
        x11 = ctypes.CDLL("libX11.so.6")  # (find_library would run ldconfig: 10 ms and more)
    except OSError:
        return False
    x11.XOpenDisplay.restype = ctypes.c_void_p
    x11.XOpenDisplay.argtypes = [ctypes.c_char_p]
    x11.XDefaultScreen.argtypes = [ctypes.c_void_p]
    x11.XInternAtom.restype = ctypes.c_ulong
    x11.XInternAtom.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int]
    x11.XGetSelectionOwner.restype = ctypes.c_ulong
    x11.XGetSelectionOwner.argtypes = [ctypes.c_void_p, ctypes.c_ulong]
    x11.XCloseDisplay.argtypes = [ctypes.c_void_p]
    display = x11.XOpenDisplay(None)
    if not display:
        return False
    try:
        screen = x11.XDefaultScreen(display)
        atom = x11.XInternAtom(display, f"_NET_SYSTEM_TRAY_S{screen}".encode(), 0)
        return bool(x11.XGetSelectionOwner(display, atom))
    finally:
        x11.XCloseDisplay(display)


def sni_host() -> bool:
    """A StatusNotifierWatcher is on the session bus and a host (a panel) has registered."""
    from PySide6.QtDBus import QDBusConnection, QDBusInterface

    bus = QDBusConnection.sessionBus()
    if not bus.isConnected():
        return False
    registered = bus.interface().isServiceRegistered(WATCHER)
    if not registered.isValid() or not registered.value():
        return False
    watcher = QDBusInterface(WATCHER, WATCHER_PATH, WATCHER, bus)
    return watcher.isValid() and bool(watcher.property("IsStatusNotifierHostRegistered"))


def tray_present() -> bool | None:
    """True or False where this can be told (Linux on X11 or Wayland), else None (ask Qt)."""
    if sys.platform.startswith("linux"):
        platform = QGuiApplication.platformName()
        if platform == "xcb" and xembed_manager():
            return True
        return sni_host() if platform in ("xcb", "wayland") else None
    else:
        return None


class TrayWatch(QObject):
    """Tells once when a tray appears.

    Signals:
        appeared(): a tray host is there now: make the icon.
    """

    appeared = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.on_timer_timeout)
        self._wait = FIRST_LOOK_MS
        self._watcher: QObject | None = None
        self._done = False

    @property
    def found(self) -> bool:
        return self._done

    def start(self) -> None:
        from PySide6.QtCore import SLOT
        from PySide6.QtDBus import QDBusConnection, QDBusServiceWatcher

        bus = QDBusConnection.sessionBus()
        if bus.isConnected():
            watcher = QDBusServiceWatcher(
                WATCHER, bus, QDBusServiceWatcher.WatchModeFlag.WatchForRegistration, self
            )
            watcher.serviceRegistered.connect(self.on_bus_changed)
            self._watcher = watcher
            # A watcher may come before its host: the host's arrival is a signal of its own.
            bus.connect(
                WATCHER,
                WATCHER_PATH,
                WATCHER,
                "StatusNotifierHostRegistered",
                self,
                cast(Any, SLOT("on_bus_changed()")),  # a str at run time (stubs: bytes)
            )
        if QGuiApplication.platformName() == "xcb":
            self._timer.start(self._wait)

    @Slot()
    @Slot(str)
    def on_bus_changed(self, _name: str = "") -> None:
        # The host registers right after the watcher: look again shortly, not at once.
        QTimer.singleShot(200, self._look)

    def on_timer_timeout(self) -> None:
        if self._look():
            return
        self._wait = min(int(self._wait * 1.5), LAST_LOOK_MS)
        self._timer.start(self._wait)

    def _look(self) -> bool:
        if self._done:
            return True
        if not tray_present():
            return False
        logger.info("a tray appeared")
        self._done = True
        self._timer.stop()
        self.appeared.emit()
        return True
