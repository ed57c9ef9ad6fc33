"""Sleep, shutdown and lock on Linux, as the system tells them: logind on the system bus
(``PrepareForSleep``, ``PrepareForShutdown``, the session's ``Lock``/``Unlock``) and the
screensaver on the session bus (``ActiveChanged``), read with QtDBus.

Each arrives at the moment it happens (logind sends ``PrepareForSleep(true)`` just before the
machine sleeps), so the app can stop a timer then, not when it notices later.
"""

from __future__ import annotations

import logging
import os
from typing import Any

from PySide6.QtCore import SLOT, Slot
from PySide6.QtDBus import QDBusConnection, QDBusInterface, QDBusMessage

from tray_app.platform.session_events import SessionEvents

logger = logging.getLogger(__name__)

LOGIN1 = "org.freedesktop.login1"
LOGIN1_PATH = "/org/freedesktop/login1"
MANAGER = "org.freedesktop.login1.Manager"
SESSION = "org.freedesktop.login1.Session"
SCREENSAVER = "org.freedesktop.ScreenSaver"


def _slot(signature: str) -> Any:
    """Qt's slot string (typed ``bytes`` in PySide6's stubs, a ``str`` at run time)."""
    return SLOT(signature)


class LogindEvents(SessionEvents):
    """Turns logind's and the screensaver's signals into ours."""

    def start(
        self,
        system: QDBusConnection | None = None,
        session: QDBusConnection | None = None,
        session_id: str | None = None,
    ) -> list[str]:
        """Listen on the buses that are there (the desktop's, unless given)."""
        system = system if system is not None else QDBusConnection.systemBus()
        session = session if session is not None else QDBusConnection.sessionBus()
        heard = []
        if system.isConnected():
            sleep = system.connect(
                LOGIN1,
                LOGIN1_PATH,
                MANAGER,
                "PrepareForSleep",
                self,
                _slot("on_prepare_for_sleep(bool)"),
            )
            shutdown = system.connect(
                LOGIN1,
                LOGIN1_PATH,
                MANAGER,
                "PrepareForShutdown",
                self,
                _slot("on_prepare_for_shutdown(bool)"),
            )
            if sleep and shutdown:
                heard.append("logind sleep and shutdown")
            path = self._session_path(system, session_id or os.environ.get("XDG_SESSION_ID", ""))
            if path and system.connect(LOGIN1, path, SESSION, "Lock", self, _slot("on_lock()")):
                system.connect(LOGIN1, path, SESSION, "Unlock", self, _slot("on_unlock()"))
                heard.append(f"logind lock of {path}")
        if session.isConnected() and session.connect(
            SCREENSAVER,
            "/org/freedesktop/ScreenSaver",
            SCREENSAVER,
            "ActiveChanged",
            self,
            _slot("on_screensaver_active_changed(bool)"),
        ):
            heard.append("the screensaver")
        logger.info("sleep and lock from: %s", ", ".join(heard) or "nothing")
        return heard

    @staticmethod
    def _session_path(system: QDBusConnection, session_id: str) -> str:
        """Our session's object path (logind's GetSession), '' when unknown."""
        if not session_id:
            return ""
        manager = QDBusInterface(LOGIN1, LOGIN1_PATH, MANAGER, system)
        manager.setTimeout(1000)
        reply = manager.call("GetSession", session_id)
        if reply.type() != QDBusMessage.MessageType.ReplyMessage or not reply.arguments():
            return ""
        value = reply.arguments()[0]
        return str(value.path() if hasattr(value, "path") else value)

    @Slot(bool)
    def on_prepare_for_sleep(self, going: bool) -> None:
        if going:
            self.away.emit("sleep")
        else:
            self.back.emit()

    @Slot(bool)
    def on_prepare_for_shutdown(self, going: bool) -> None:
        if going:
            self.away.emit("shutdown")

    @Slot()
    def on_lock(self) -> None:
        self.away.emit("lock")

    @Slot()
    def on_unlock(self) -> None:
        self.back.emit()

    @Slot(bool)
    def on_screensaver_active_changed(self, active: bool) -> None:
        if active:
            self.away.emit("lock")
        else:
            self.back.emit()
