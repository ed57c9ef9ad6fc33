"""Idle time on Windows: ``GetLastInputInfo`` against ``GetTickCount``."""

from __future__ import annotations

import ctypes


class _LastInput(ctypes.Structure):
    _fields_ = [("size", ctypes.c_uint), ("time", ctypes.c_ulong)]


class WindowsIdle:
    name = "Windows GetLastInputInfo"

    def __init__(self) -> None:
        self._user32 = ctypes.windll.user32  # type: ignore[attr-defined,unused-ignore]
        self._kernel32 = ctypes.windll.kernel32  # type: ignore[attr-defined,unused-ignore]

    def idle_seconds(self) -> float | None:
        info = _LastInput(ctypes.sizeof(_LastInput), 0)
        if not self._user32.GetLastInputInfo(ctypes.byref(info)):
            return None
        # Both tick counts wrap after 49.7 days; the difference, taken modulo 2**32, does not.
        elapsed = (self._kernel32.GetTickCount() - info.time) % 2**32
        return elapsed / 1000
