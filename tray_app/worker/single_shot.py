"""The worker's single-shot checks: one QTimer each, made on first use on the worker's thread,
set to the next moment something may be due and stopped while nothing can be."""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, QTimer, Slot


class SingleShotCheck(QObject):
    """A check that wakes once, when asked; subclasses say what to do in ``on_timer_timeout``.

    Args:
        precise: fire on time even after a long wait (coarse timers may be 5 % late).
    """

    def __init__(self, parent: QObject, *, precise: bool = False) -> None:
        super().__init__(parent)
        self._precise = precise
        self._timer: QTimer | None = None  # made on first use, on the worker's thread

    def _timer_here(self) -> QTimer:
        if self._timer is None:
            self._timer = QTimer(self)
            self._timer.setSingleShot(True)
            if self._precise:
                self._timer.setTimerType(Qt.TimerType.PreciseTimer)
            self._timer.timeout.connect(self.on_timer_timeout)
        return self._timer

    def stop(self) -> None:
        if self._timer is not None:
            self._timer.stop()

    @property
    def active(self) -> bool:
        return self._timer is not None and self._timer.isActive()

    @Slot()
    def on_timer_timeout(self) -> None:
        raise NotImplementedError
