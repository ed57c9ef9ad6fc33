"""Idle time over the session D-Bus with QtDBus: GNOME's Mutter IdleMonitor, and the
freedesktop ScreenSaver interface (KDE, Xfce, Cinnamon, …). Both see Wayland input."""

from __future__ import annotations

from PySide6.QtDBus import QDBusConnection, QDBusInterface, QDBusMessage

TIMEOUT_MS = 1000


class _SessionCall:
    """One method of one object on the session bus that answers a number."""

    name = ""
    service = ""
    path = ""
    interface = ""
    method = ""
    scale = 1.0  # the answer's unit, in seconds

    def __init__(self, bus: QDBusConnection | None = None) -> None:
        self._bus = bus or QDBusConnection.sessionBus()
        if not self._bus.isConnected():
            raise OSError("no D-Bus session bus")
        self._proxy = QDBusInterface(self.service, self.path, self.interface, self._bus)
        self._proxy.setTimeout(TIMEOUT_MS)

    def idle_seconds(self) -> float | None:
        reply = self._proxy.call(self.method)
        if reply.type() != QDBusMessage.MessageType.ReplyMessage or not reply.arguments():
            return None
        value = reply.arguments()[0]
        return float(value) * self.scale if isinstance(value, int | float) else None


class MutterIdle(_SessionCall):
    """GNOME (X11 and Wayland): ``GetIdletime`` in milliseconds."""

    name = "GNOME Mutter IdleMonitor"
    service = "org.gnome.Mutter.IdleMonitor"
    path = "/org/gnome/Mutter/IdleMonitor/Core"
    interface = "org.gnome.Mutter.IdleMonitor"
    method = "GetIdletime"
    scale = 0.001


class FreedesktopIdle(_SessionCall):
    """KDE, Xfce and others: ``GetSessionIdleTime``, in seconds by the interface's definition.

    (KDE's answers in milliseconds: a value beyond a day in seconds is read as milliseconds.)
    """

    name = "freedesktop ScreenSaver"
    service = "org.freedesktop.ScreenSaver"
    path = "/org/freedesktop/ScreenSaver"
    interface = "org.freedesktop.ScreenSaver"
    method = "GetSessionIdleTime"

    def idle_seconds(self) -> float | None:
        seconds = super().idle_seconds()
        if seconds is not None and seconds > 86_400:
            return seconds / 1000
        return seconds
