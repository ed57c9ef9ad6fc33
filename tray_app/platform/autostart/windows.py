"""Start at login on Windows: a value under the user's ``Run`` registry key."""

from __future__ import annotations

import importlib
from typing import Any

RUN_KEY = r"Software\Microsoft\Windows\CurrentVersion\Run"


def _winreg() -> Any:
    return importlib.import_module("winreg")


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
