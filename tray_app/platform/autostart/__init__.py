"""Start at login: the three desktops' back-ends for the core's ``Autostart`` interface.

Linux (and other XDG desktops): a .desktop file in ``$XDG_CONFIG_HOME/autostart``. macOS: a
LaunchAgent property list in ``~/Library/LaunchAgents``. Windows: a value under the user's
``Run`` registry key.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

from tray_app import APP_ID
from tray_app.core.ports import Autostart

__all__ = ["Autostart", "desktop_exec", "launch_command"]


def launch_command() -> list[str]:
    """How to start this app at login: the installed command if there is one, else Python;
    on Windows the windowless program (a console one would open a window at login)."""
    if getattr(sys, "frozen", False):  # a PyInstaller bundle
        return [windowless(sys.executable), "--autostart"]
    installed = shutil.which(APP_ID) if sys.platform != "win32" else None
    if installed:
        return [installed, "--autostart"]
    return [windowless(sys.executable), "-m", "tray_app", "--autostart"]


# Windows' console programs and their windowless twins: Python's own, and the bundle's.
WINDOWLESS = {"python.exe": "pythonw.exe", "clockify-tray.com": "clockify-tray.exe"}


def windowless(program: str, system: str = sys.platform) -> str:
    """On Windows, the windowless twin of ``program`` when it is there; else ``program``."""
    if system != "win32":
        return program
    path = Path(program)
    twin = path.with_name(WINDOWLESS.get(path.name.lower(), path.name))
    return str(twin) if twin.exists() else program


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
