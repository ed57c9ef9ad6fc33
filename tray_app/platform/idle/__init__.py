"""How long the person has not touched keyboard or mouse: one small interface, a source per
platform, and a factory that picks the first that works here (else a null source saying why).

Priority on Linux: GNOME's Mutter IdleMonitor and the freedesktop ScreenSaver interface over
D-Bus (they see Wayland input too), then X11's XScreenSaver extension (not under Wayland, where
it sees only X clients). Windows: GetLastInputInfo. macOS: the HID system's HIDIdleTime.
A source is asked only when needed (about once a minute while a timer runs): none polls.
"""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Callable, Mapping
from typing import Protocol

from tray_app.i18n import _

logger = logging.getLogger(__name__)


class IdleSource(Protocol):
    """Seconds since the last keyboard or mouse input.

    Attributes:
        name: what it reads, for the settings and the log ("X11 XScreenSaver").
    """

    name: str

    def idle_seconds(self) -> float | None:
        """Seconds since the last input; None when the source cannot tell right now."""
        ...


class NullIdle:
    """No source works here; ``why`` says so, for the settings."""

    name = "none"

    def __init__(self, why: str) -> None:
        self.why = why

    def idle_seconds(self) -> float | None:
        return None


def for_this_session(environ: Mapping[str, str] | None = None) -> IdleSource:
    """The first idle source that answers on this system, else a ``NullIdle`` saying why."""
    env = os.environ if environ is None else environ
    tried: list[str] = []
    for make in _candidates(env):
        try:
            source = make()
            seconds = source.idle_seconds()
        except (OSError, RuntimeError, ValueError) as err:
            tried.append(f"{getattr(make, '__name__', make)}: {err}")
            continue
        if seconds is not None:
            logger.info("idle time from %s", source.name)
            return source
        tried.append(f"{source.name}: no answer")
    logger.info("no idle source: %s", "; ".join(tried) or "none for this platform")
    if sys.platform.startswith("linux") and env.get("WAYLAND_DISPLAY"):
        why = _(
            "This Wayland desktop offers no idle time to apps (neither GNOME's IdleMonitor nor "
            "the freedesktop ScreenSaver interface answered), so idle time cannot be detected."
        )
    else:
        why = _("No way to read the idle time was found on this system, so it cannot be detected.")
    return NullIdle(why)


def _candidates(env: Mapping[str, str]) -> list[Callable[[], IdleSource]]:
    if sys.platform == "win32":
        from tray_app.platform.idle.windows import WindowsIdle

        return [WindowsIdle]
    elif sys.platform == "darwin":
        from tray_app.platform.idle.macos import MacIdle

        return [MacIdle]
    else:
        from tray_app.platform.idle.dbus import FreedesktopIdle, MutterIdle
        from tray_app.platform.idle.x11 import X11Idle

        candidates: list[Callable[[], IdleSource]] = [MutterIdle, FreedesktopIdle]
        display = env.get("DISPLAY")
        if display and not env.get("WAYLAND_DISPLAY"):
            candidates.append(lambda: X11Idle(display))
        return candidates
