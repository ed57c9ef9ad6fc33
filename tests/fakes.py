"""Stand-ins for time and for the tracker's outside world, for plain-pytest tests of the core.

FakeClock is moved by hand (qutebrowser's FakeTimer is the model): no test sleeps to let time
pass. RecordingEvents keeps every event the tracker sends, in order.
"""

from __future__ import annotations

from typing import Any

from tray_app.core.clock import ManualClock

# Moved by hand: no test sleeps to let time pass.
FakeClock = ManualClock


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
