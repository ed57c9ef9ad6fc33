"""The start-at-login back-end for this system, picked where the back-ends are imported."""

from __future__ import annotations

import platform

from tray_app.core.ports import Autostart


def for_this_system(system: str | None = None) -> Autostart:
    """The back-end for ``system`` (``platform.system()`` by default)."""
    name = system or platform.system()
    if name == "Darwin":
        from tray_app.platform.autostart.launch_agent import LaunchAgent

        return LaunchAgent()
    if name == "Windows":
        from tray_app.platform.autostart.windows import WindowsRun

        return WindowsRun()
    from tray_app.platform.autostart.xdg import XdgAutostart

    return XdgAutostart()
