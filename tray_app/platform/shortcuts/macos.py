"""Global shortcuts on macOS: Carbon's RegisterEventHotKey (what Cocoa apps still use for
system-wide keys; it needs no accessibility permission), its presses heard by an event handler
on the application's event target, which Qt's Cocoa event loop dispatches."""

from __future__ import annotations

import ctypes
import logging
from typing import Any

from PySide6.QtCore import QObject

from tray_app.i18n import _
from tray_app.platform.shortcuts import (
    SHORTCUTS,
    GlobalShortcuts,
    registered,
    with_bind_by_hand,
)

logger = logging.getLogger(__name__)

CARBON = "/System/Library/Frameworks/Carbon.framework/Carbon"
MODIFIERS = {"CTRL": 0x1000, "ALT": 0x0800, "SHIFT": 0x0200, "LOGO": 0x0100}  # ⌃ ⌥ ⇧ ⌘
SYMBOLS = {"CTRL": "⌃", "ALT": "⌥", "SHIFT": "⇧", "LOGO": "⌘"}
# Virtual key codes of the ANSI keyboard (Events.h: kVK_ANSI_A = 0x00 …).
KEY_CODES = dict(
    zip(
        "ASDFHGZXCVBQWERYT123465=97-80]OU[IP",
        [*range(0x00, 0x0A), *range(0x0B, 0x24)],
        strict=True,
    )
) | {"L": 0x25, "J": 0x26, "K": 0x28, "N": 0x2D, "M": 0x2E, "SPACE": 0x31}


def _four(code: str) -> int:
    return int.from_bytes(code.encode("ascii"), "big")


EVENT_CLASS_KEYBOARD, EVENT_HOTKEY_PRESSED = _four("keyb"), 5
PARAM_DIRECT_OBJECT, TYPE_HOTKEY_ID = _four("----"), _four("hkid")
SIGNATURE = _four("CkTr")


class EventTypeSpec(ctypes.Structure):
    _fields_ = [("eventClass", ctypes.c_uint32), ("eventKind", ctypes.c_uint32)]


class EventHotKeyID(ctypes.Structure):
    _fields_ = [("signature", ctypes.c_uint32), ("id", ctypes.c_uint32)]


HANDLER = ctypes.CFUNCTYPE(ctypes.c_int32, ctypes.c_void_p, ctypes.c_void_p, ctypes.c_void_p)


def parse_trigger(trigger: str) -> tuple[int, int] | None:
    """ "CTRL+ALT+C" → (Carbon modifiers, key code); None if a part is unknown."""
    *modifiers, key = trigger.upper().split("+")
    flags = 0
    for modifier in modifiers:
        if modifier not in MODIFIERS:
            return None
        flags |= MODIFIERS[modifier]
    code = KEY_CODES.get(key)
    return None if code is None else (flags, code)


def describe(trigger: str) -> str:
    *modifiers, key = trigger.upper().split("+")
    return "".join(SYMBOLS.get(m, m) for m in modifiers) + key


class CarbonHotkeys(GlobalShortcuts):
    """Registers each shortcut's preferred keys with Carbon."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._refs: dict[int, ctypes.c_void_p] = {}
        self._names: dict[int, str] = {}
        self._handler: Any = None  # the callback, kept alive while installed
        self._handler_ref = ctypes.c_void_p()

    def start(self) -> None:
        if self._refs:
            return
        carbon = ctypes.CDLL(CARBON)
        carbon.GetApplicationEventTarget.restype = ctypes.c_void_p
        target = ctypes.c_void_p(carbon.GetApplicationEventTarget())
        self._handler = HANDLER(self._on_event)
        spec = EventTypeSpec(EVENT_CLASS_KEYBOARD, EVENT_HOTKEY_PRESSED)
        status = carbon.InstallEventHandler(
            target, self._handler, 1, ctypes.byref(spec), None, ctypes.byref(self._handler_ref)
        )
        if status != 0:
            why = _("macOS refused a shortcut handler (error {status}).").format(status=status)
            self._say(with_bind_by_hand(why))
            return
        bound: list[tuple[str, str]] = []
        taken: list[tuple[str, str]] = []
        for number, (name, (action, trigger)) in enumerate(SHORTCUTS.items(), start=1):
            parsed = parse_trigger(trigger)
            ref = ctypes.c_void_p()
            if parsed is not None and not carbon.RegisterEventHotKey(
                parsed[1], parsed[0], EventHotKeyID(SIGNATURE, number), target, 0, ctypes.byref(ref)
            ):
                self._refs[number], self._names[number] = ref, name
                bound.append((action, describe(trigger)))
            else:
                taken.append((action, describe(trigger)))
        self._say(registered(bound, taken))

    def stop(self) -> None:
        if self._handler is None:
            return
        carbon = ctypes.CDLL(CARBON)
        for ref in self._refs.values():
            carbon.UnregisterEventHotKey(ref)
        carbon.RemoveEventHandler(self._handler_ref)
        self._refs, self._names, self._handler = {}, {}, None

    def _on_event(self, _call: Any, event: Any, _data: Any) -> int:
        carbon = ctypes.CDLL(CARBON)
        pressed = EventHotKeyID()
        status = carbon.GetEventParameter(
            ctypes.c_void_p(event),
            PARAM_DIRECT_OBJECT,
            TYPE_HOTKEY_ID,
            None,
            ctypes.sizeof(pressed),
            None,
            ctypes.byref(pressed),
        )
        name = self._names.get(pressed.id) if status == 0 else None
        if name is not None and pressed.signature == SIGNATURE:
            logger.info("global shortcut %s", name)
            self.activated.emit(name)
        return 0
