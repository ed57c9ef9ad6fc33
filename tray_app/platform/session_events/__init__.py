"""Sleep, shutdown and lock, heard the moment they happen, so that the app can stop a timer
then and not when it notices later: one interface, a back-end per system (logind and the
screensaver over D-Bus; a hidden window's messages on Windows; NSWorkspace's notifications on
macOS), picked by ``factory``.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal


class SessionEvents(QObject):
    """What the system says about the session, as two signals.

    Signals:
        away(str): the machine is going to sleep or shutting down, or the session locked
            ("sleep", "shutdown", "lock").
        back(): woken up or unlocked.
    """

    away = Signal(str)
    back = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._away_for: set[str] = set()  # what keeps the person away (none while here)

    def start(self) -> list[str]:
        """Listen; what is listened to, for the log ([] where the system tells nothing)."""
        return []

    def stop(self) -> None:
        """Stop listening (nothing to give back by default)."""

    def _leave(self, why: str, said: str = "") -> None:
        """Away for ``why`` (said as ``said`` where it is none of the signal's words): said
        when the first reason begins, and at a shutdown (final)."""
        first = not self._away_for
        self._away_for.add(why)
        if first or why == "shutdown":
            self.away.emit(said or why)

    def _return(self, why: str) -> None:
        """``why`` is over; back once nothing keeps the person away. A session locked on the
        way to sleep (as Windows and macOS do when a password is asked on wake) is back at
        the unlock, not at the wake."""
        if why in self._away_for:
            self._away_for.discard(why)
            if not self._away_for:
                self.back.emit()
