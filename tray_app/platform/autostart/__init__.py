"""Start at login, one interface over the three desktops' ways to do it.

Linux (and other XDG desktops): a .desktop file in ``$XDG_CONFIG_HOME/autostart``. macOS: a
LaunchAgent property list in ``~/Library/LaunchAgents``. Windows: a value under the user's
``Run`` registry key.
"""

from __future__ import annotations

import platform
import shutil
import sys
from typing import Protocol

from tray_app import APP_ID


def launch_command() -> list[str]:
    """How to start this app at login: the installed command if there is one, else Python."""
    if getattr(sys, "frozen", False):  # a PyInstaller bundle
        return [sys.executable, "--autostart"]
    installed = shutil.which(APP_ID)
    if installed:
        return [installed, "--autostart"]
    return [sys.executable, "-m", "tray_app", "--autostart"]


def desktop_exec(command: list[str]) -> str:
    """A command line quoted as the Desktop Entry spec wants (double quotes, ``%%`` for %)."""
    reserved = set(" \t\n\"'\\><~|&;$*?#()`")
    parts = []
    for argument in command:
        argument = argument.replace("%", "%%")
        if any(char in reserved for char in argument):
            escaped = "".join("\\" + c if c in '"`$\\' else c for c in argument)
            argument = f'"{escaped}"'
        parts.append(argument)
    return " ".join(parts)


class Autostart(Protocol):
    """Starting the app at login, the way this system does it (one back-end per module)."""

    def enabled(self) -> bool: ...
    def enable(self, command: list[str]) -> None: ...
    def disable(self) -> None: ...


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
