"""Time as the core sees it, behind one small interface so tests can move it by hand."""

from __future__ import annotations

import time
from datetime import UTC, datetime
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
