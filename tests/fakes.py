"""Stand-ins for time and for the tracker's outside world, for plain-pytest tests of the core.

FakeClock is moved by hand (qutebrowser's FakeTimer is the model): no test sleeps to let time
pass. RecordingEvents keeps every event the tracker sends, in order.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any


class FakeClock:
    """Wall and monotonic time that move only when told; both move together."""

    def __init__(self, start: datetime | None = None) -> None:
        self._now = start or datetime.now(UTC).replace(microsecond=0)
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


class RecordingEvents:
    """Implements tracker.Events by recording each call as (name, args)."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, tuple[Any, ...]]] = []
        self.retry_delay: float | None = None

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):
            raise AttributeError(name)

        def record(*args: Any) -> None:
            self.calls.append((name, args))
            if name == "retry_in":
                self.retry_delay = args[0]
            elif name == "cancel_retry":
                self.retry_delay = None

        return record

    def of(self, name: str) -> list[tuple[Any, ...]]:
        return [args for called, args in self.calls if called == name]

    def messages(self, name: str) -> list[str]:
        return [args[0] for args in self.of(name)]

    @property
    def state(self) -> Any:
        """The last state sent."""
        return self.of("state_changed")[-1][0]
