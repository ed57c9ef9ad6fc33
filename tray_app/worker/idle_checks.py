"""Reading the idle time on the worker's thread: only while a timer runs, about once a minute.

A single-shot QTimer, set again after every reading and every change of the state, so no
wake-up happens while no timer runs (or idle detection is off).
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal, Slot

from tray_app.core.tracking.tracker import Tracker
from tray_app.platform.idle import IdleSource, NullIdle
from tray_app.platform.session_events import SessionEvents
from tray_app.worker.single_shot import SingleShotCheck


class IdleChecks(SingleShotCheck):
    """Asks the tracker's idle keeper when to look, and reads the idle source then.

    Args:
        tracker: its ``idle`` keeper decides; its preferences say whether to look at all.
        source: where idle time is read; found on the first reading when not given.

    Signals:
        back(): the machine woke up or was unlocked.
    """

    back = Signal()

    def __init__(self, tracker: Tracker, source: IdleSource | None, parent: QObject) -> None:
        super().__init__(parent)
        self._tracker = tracker
        self._source = source
        self._session: SessionEvents | None = None

    def schedule(self) -> None:
        wait = self._tracker.idle.next_check()
        if isinstance(self._source, NullIdle):
            wait = None
        if not self._tracker.preferences.settings.idle_detection or wait is None:
            self.stop()
            return
        timer = self._timer_here()
        wanted = int(wait.total_seconds() * 1000)
        if not timer.isActive() or timer.remainingTime() > wanted:
            timer.start(wanted)

    def watch_session(self) -> list[str]:
        """Hear sleep, shutdown and lock from the system."""
        from tray_app.platform.session_events.factory import for_this_system

        self._session = for_this_system(self)
        self._session.away.connect(self.on_session_away)
        self._session.back.connect(self.on_session_back)
        return self._session.start()

    @Slot(str)
    def on_session_away(self, why: str) -> None:
        self._tracker.idle.on_away_started(self._tracker.preferences.settings.stop_when_away)

    @Slot()
    def on_session_back(self) -> None:
        self._tracker.idle.on_away_ended()
        self.back.emit()
        self.schedule()

    def present(self) -> bool:
        """The person is at the computer: not asleep or locked, and input lately (as far as
        this system tells)."""
        if self._tracker.idle.away:
            return False
        seconds = self._source_here().idle_seconds()
        return seconds is None or seconds < self._tracker.idle.watch.threshold.total_seconds()

    def _source_here(self) -> IdleSource:
        if self._source is None:
            from tray_app.platform.idle import for_this_session

            self._source = for_this_session()
        return self._source

    @Slot()
    def on_timer_timeout(self) -> None:
        source = self._source_here()
        if isinstance(source, NullIdle):
            self._tracker.idle.unavailable(source.why)
            return  # nothing to read: no more wake-ups
        self._tracker.idle.on_reading(source.idle_seconds())
        self.schedule()
