"""The session events this system can tell."""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject

from tray_app.platform.session_events import SessionEvents


def for_this_system(parent: QObject | None = None) -> SessionEvents:
    if sys.platform == "win32":
        from tray_app.platform.session_events.windows import WindowsSessionEvents

        return WindowsSessionEvents(parent)
    elif sys.platform == "darwin":
        from tray_app.platform.session_events.macos import MacSessionEvents

        return MacSessionEvents(parent)
    else:
        from tray_app.platform.session_events.logind import LogindEvents

        return LogindEvents(parent)
