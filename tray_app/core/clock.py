"""Time as the core sees it, behind one small interface so tests can move it by hand."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta
from typing import Protocol


class Clock(Protocol):
    """Wall-clock time (for entries) and a monotonic clock (for intervals and budgets)."""

    def now(self) -> datetime:
        """The current moment, in UTC."""
        ...

    def monotonic(self) -> float:
        """Seconds on a clock that never jumps (a wall-clock jump is a sign of sleep)."""
        ...


class SystemClock:
    """The computer's clocks."""

    def now(self) -> datetime:
        return datetime.now(UTC)

    def monotonic(self) -> float:
        return time.monotonic()


class ManualClock:
    """Wall and monotonic time that move only when told, both together: tests, and the
    benchmarks' simulated hours (qutebrowser's FakeTimer is the model)."""

    def __init__(self, start: datetime) -> None:
        self._now = start
        self._monotonic = 1000.0

    def now(self) -> datetime:
        return self._now

    def monotonic(self) -> float:
        return self._monotonic

    def advance(self, seconds: float) -> None:
        self._now += timedelta(seconds=seconds)
        self._monotonic += seconds

    def jump_wall(self, seconds: float) -> None:
        """The wall clock jumps (a suspend) while the monotonic one does not count the gap."""
        self._now += timedelta(seconds=seconds)
