"""Reminders and pomodoro on the worker's thread: one single-shot timer, set to the next moment
something may be due (none at all while nothing can be), so the app sleeps in between."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from PySide6.QtCore import QObject, Slot

from tray_app.core.attention.keeper import Attention
from tray_app.core.clock import Clock
from tray_app.worker.single_shot import SingleShotCheck

# A far moment is looked at again within a day (a suspend stops QTimer's clock, not the wall's).
LONGEST_WAIT = timedelta(hours=12)


class AttentionChecks(SingleShotCheck):
    """Wakes the attention keeper when it asked to be woken.

    Args:
        attention: decides what is due and carries it out.
        present: whether the person is at the computer now (idle time, lock).
        clock: time (injected in tests).
    """

    def __init__(
        self, attention: Attention, present: Callable[[], bool], clock: Clock, parent: QObject
    ) -> None:
        # Precise: a coarse timer may be 5 % late, 36 minutes on a 12-hour wait.
        super().__init__(parent, precise=True)
        self.attention = attention
        self._present = present
        self._clock = clock
        self.waiting = timedelta(0)  # the wait last set (read by tests from any thread)

    def schedule(self) -> None:
        due = self.attention.next_check()
        if due is None:
            self.stop()
            return
        wait = min(max(due - self._clock.now(), timedelta(0)), LONGEST_WAIT)
        self.waiting = wait
        self._timer_here().start(int(wait.total_seconds() * 1000) + 1)

    @Slot()
    def on_timer_timeout(self) -> None:
        self.attention.on_check(self._present())
        self.schedule()

    @Slot()
    def on_person_back(self) -> None:
        self.attention.on_person_back()
        self.schedule()
