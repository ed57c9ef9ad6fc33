"""Sleep, shutdown and lock on macOS: NSWorkspace's notifications (the Mac going to sleep and
waking, powering off, the session given up for another user and taken back) and the screen
lock's distributed notifications (``com.apple.screenIsLocked`` / ``…Unlocked``), through
PyObjC. They arrive on the main thread's run loop, which Qt's event loop runs; the signals
reach the listeners' threads queued.
"""

from __future__ import annotations

import logging
from typing import Any

import objc
from AppKit import (
    NSWorkspace,
    NSWorkspaceDidWakeNotification,
    NSWorkspaceSessionDidBecomeActiveNotification,
    NSWorkspaceSessionDidResignActiveNotification,
    NSWorkspaceWillPowerOffNotification,
    NSWorkspaceWillSleepNotification,
)
from Foundation import NSDistributedNotificationCenter, NSObject

from tray_app.platform.session_events import SessionEvents

logger = logging.getLogger(__name__)

SCREEN_LOCKED = "com.apple.screenIsLocked"
SCREEN_UNLOCKED = "com.apple.screenIsUnlocked"


class _Observer(NSObject):
    """The Objective-C side: each selector hands its notification to the owner."""

    def initWithOwner_(self, owner: MacSessionEvents) -> Any:
        made = objc.super(_Observer, self).init()
        if made is not None:
            made.owner = owner
        return made

    def willSleep_(self, _note: Any) -> None:
        self.owner._leave("sleep")

    def didWake_(self, _note: Any) -> None:
        self.owner._return("sleep")

    def willPowerOff_(self, _note: Any) -> None:
        self.owner._leave("shutdown")

    def sessionResigned_(self, _note: Any) -> None:
        self.owner._leave("switch", said="lock")  # another user's turn: away, as locked

    def sessionBecameActive_(self, _note: Any) -> None:
        self.owner._return("switch")

    def screenLocked_(self, _note: Any) -> None:
        self.owner._leave("lock")

    def screenUnlocked_(self, _note: Any) -> None:
        self.owner._return("lock")


WORKSPACE = (
    ("willSleep:", NSWorkspaceWillSleepNotification),
    ("didWake:", NSWorkspaceDidWakeNotification),
    ("willPowerOff:", NSWorkspaceWillPowerOffNotification),
    ("sessionResigned:", NSWorkspaceSessionDidResignActiveNotification),
    ("sessionBecameActive:", NSWorkspaceSessionDidBecomeActiveNotification),
)
SCREEN = (("screenLocked:", SCREEN_LOCKED), ("screenUnlocked:", SCREEN_UNLOCKED))


class MacSessionEvents(SessionEvents):
    """Observes NSWorkspace and the screen lock while started."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._observer: Any = None

    def start(self) -> list[str]:
        if self._observer is not None:
            return ["NSWorkspace sleep, power-off and user switch", "the screen lock"]
        self._observer = _Observer.alloc().initWithOwner_(self)
        workspace = NSWorkspace.sharedWorkspace().notificationCenter()
        for selector, name in WORKSPACE:
            workspace.addObserver_selector_name_object_(self._observer, selector, name, None)
        screen = NSDistributedNotificationCenter.defaultCenter()
        for selector, name in SCREEN:
            screen.addObserver_selector_name_object_(self._observer, selector, name, None)
        heard = ["NSWorkspace sleep, power-off and user switch", "the screen lock"]
        logger.info("sleep and lock from: %s", ", ".join(heard))
        return heard

    def stop(self) -> None:
        if self._observer is None:
            return
        NSWorkspace.sharedWorkspace().notificationCenter().removeObserver_(self._observer)
        NSDistributedNotificationCenter.defaultCenter().removeObserver_(self._observer)
        self._observer = None
