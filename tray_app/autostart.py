"""Start at login, one interface over the three desktops' ways to do it.

Linux (and other XDG desktops): a .desktop file in ``$XDG_CONFIG_HOME/autostart``. macOS: a
LaunchAgent property list in ``~/Library/LaunchAgents``. Windows: a value under the user's
``Run`` registry key.
"""

from __future__ import annotations

import importlib
import os
import platform
import plistlib
import shutil
import sys
from pathlib import Path
from typing import Any, Protocol

APP_ID = "clockify-tray"
LAUNCH_AGENT_LABEL = "io.github.clockify-tray"
RUN_KEY = r"Software\Microsoft\Windows\CurrentVersion\Run"


def launch_command() -> list[str]:
    """How to start this app at login: the installed command if there is one, else Python."""
    if getattr(sys, "frozen", False):  # a PyInstaller bundle
        return [sys.executable, "--autostart"]
    installed = shutil.which("clockify-tray")
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


def _winreg() -> Any:
    return importlib.import_module("winreg")


class Autostart(Protocol):
    def enabled(self) -> bool: ...
    def enable(self, command: list[str]) -> None: ...
    def disable(self) -> None: ...


class XdgAutostart:
    """``$XDG_CONFIG_HOME/autostart/clockify-tray.desktop`` (the freedesktop.org way)."""

    def __init__(self, config_home: Path | None = None) -> None:
        base = config_home or Path(os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config")
        self.path = base / "autostart" / f"{APP_ID}.desktop"

    def enabled(self) -> bool:
        if not self.path.exists():
            return False
        text = self.path.read_text(encoding="utf-8")
        return "Hidden=true" not in text and "X-GNOME-Autostart-enabled=false" not in text

    def enable(self, command: list[str]) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.path.write_text(
            "[Desktop Entry]\n"
            "Type=Application\n"
            "Name=Clockify Tray\n"
            "Comment=Start and stop your Clockify timer from the system tray\n"
            f"Exec={desktop_exec(command)}\n"
            "Icon=clockify-tray\n"
            "Terminal=false\n"
            "X-GNOME-Autostart-enabled=true\n",
            encoding="utf-8",
        )

    def disable(self) -> None:
        self.path.unlink(missing_ok=True)


class LaunchAgent:
    """``~/Library/LaunchAgents/<label>.plist``, loaded by launchd at login."""

    def __init__(self, home: Path | None = None) -> None:
        self.path = (
            (home or Path.home()) / "Library" / "LaunchAgents" / f"{LAUNCH_AGENT_LABEL}.plist"
        )

    def enabled(self) -> bool:
        return self.path.exists()

    def enable(self, command: list[str]) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        agent = {"Label": LAUNCH_AGENT_LABEL, "ProgramArguments": command, "RunAtLoad": True}
        self.path.write_bytes(plistlib.dumps(agent))

    def disable(self) -> None:
        self.path.unlink(missing_ok=True)


class WindowsRun:
    """A value named ``ClockifyTray`` under ``HKEY_CURRENT_USER\\...\\Run``."""

    VALUE = "ClockifyTray"

    def enabled(self) -> bool:
        winreg = _winreg()
        try:
            with winreg.OpenKey(winreg.HKEY_CURRENT_USER, RUN_KEY) as key:
                winreg.QueryValueEx(key, self.VALUE)
        except OSError:
            return False
        return True

    def enable(self, command: list[str]) -> None:
        import subprocess

        winreg = _winreg()
        with winreg.CreateKey(winreg.HKEY_CURRENT_USER, RUN_KEY) as key:
            winreg.SetValueEx(key, self.VALUE, 0, winreg.REG_SZ, subprocess.list2cmdline(command))

    def disable(self) -> None:
        winreg = _winreg()
        try:
            with winreg.OpenKey(winreg.HKEY_CURRENT_USER, RUN_KEY, 0, winreg.KEY_SET_VALUE) as key:
                winreg.DeleteValue(key, self.VALUE)
        except FileNotFoundError:
            pass


def for_this_system(system: str | None = None) -> Autostart:
    name = system or platform.system()
    if name == "Darwin":
        return LaunchAgent()
    if name == "Windows":
        return WindowsRun()
    return XdgAutostart()
