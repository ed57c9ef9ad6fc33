"""Global shortcuts on Windows: RegisterHotKey on the GUI thread, and WM_HOTKEY picked out of
that thread's messages by a Qt native event filter (hotkeys with no window go to the thread)."""

from __future__ import annotations

import ctypes
import logging
from typing import Any

from PySide6.QtCore import QAbstractNativeEventFilter, QCoreApplication, QObject

from tray_app.platform.shortcuts import SHORTCUTS, GlobalShortcuts, registered

logger = logging.getLogger(__name__)

WM_HOTKEY = 0x0312
MOD_NOREPEAT = 0x4000
MODIFIERS = {"ALT": 0x1, "CTRL": 0x2, "SHIFT": 0x4, "LOGO": 0x8}
NAMED_KEYS = {"SPACE": 0x20, "RETURN": 0x0D, "TAB": 0x09, "ESCAPE": 0x1B}


def parse_trigger(trigger: str) -> tuple[int, int] | None:
    """ "CTRL+ALT+C" (the XDG shortcuts format) → (modifiers, virtual key); None if unknown."""
    *modifiers, key = trigger.upper().split("+")
    flags = MOD_NOREPEAT
    for modifier in modifiers:
        if modifier not in MODIFIERS:
            return None
        flags |= MODIFIERS[modifier]
    if len(key) == 1 and (key.isascii() and key.isalnum()):
        return flags, ord(key)  # VK codes of A–Z and 0–9 are their ASCII capitals
    if key in NAMED_KEYS:
        return flags, NAMED_KEYS[key]
    if key.startswith("F") and key[1:].isdigit() and 1 <= int(key[1:]) <= 24:
        return flags, 0x6F + int(key[1:])  # VK_F1 is 0x70
    return None


def describe(trigger: str) -> str:
    return "+".join(part.capitalize() if len(part) > 1 else part for part in trigger.split("+"))


class _HotkeyFilter(QAbstractNativeEventFilter):
    def __init__(self, owner: WindowsHotkeys) -> None:
        super().__init__()
        self._owner = owner

    def nativeEventFilter(self, event_type: Any, message: Any) -> tuple[bool, int]:
        if bytes(event_type) == b"windows_generic_MSG":
            from ctypes import wintypes

            msg = wintypes.MSG.from_address(int(message))
            if msg.message == WM_HOTKEY:
                self._owner.on_hotkey(int(msg.wParam))
        return False, 0


class WindowsHotkeys(GlobalShortcuts):
    """Registers each shortcut's preferred keys; one taken by another app is said so."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._bound: dict[int, str] = {}
        self._filter: _HotkeyFilter | None = None

    def start(self) -> None:
        if self._bound:
            return
        user32 = ctypes.WinDLL("user32", use_last_error=True)  # type: ignore[attr-defined,unused-ignore]
        bound: list[tuple[str, str]] = []
        taken: list[tuple[str, str]] = []
        for number, (name, (action, trigger)) in enumerate(SHORTCUTS.items(), start=1):
            parsed = parse_trigger(trigger)
            if parsed is not None and user32.RegisterHotKey(None, number, *parsed):
                self._bound[number] = name
                bound.append((action, describe(trigger)))
            else:
                taken.append((action, describe(trigger)))
        if self._bound:
            self._filter = _HotkeyFilter(self)
            application = QCoreApplication.instance()
            if application is not None:
                application.installNativeEventFilter(self._filter)
        self._say(registered(bound, taken))

    def stop(self) -> None:
        if not self._bound:
            return
        user32 = ctypes.WinDLL("user32", use_last_error=True)  # type: ignore[attr-defined,unused-ignore]
        for number in self._bound:
            user32.UnregisterHotKey(None, number)
        self._bound = {}
        application = QCoreApplication.instance()
        if self._filter is not None and application is not None:
            application.removeNativeEventFilter(self._filter)
        self._filter = None

    def on_hotkey(self, number: int) -> None:
        name = self._bound.get(number)
        if name is not None:
            logger.info("global shortcut %s", name)
            self.activated.emit(name)
