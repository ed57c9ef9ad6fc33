"""How often and how much the app asks Clockify: the background request budget and the
intervals of syncs and retries (no Qt here)."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from datetime import timedelta

from tray_app.core.clock import SystemClock
from tray_app.core.outbox import SETTLE


class RequestBudget:
    """At most ``capacity`` background requests per ``window`` seconds (a token bucket).

    New Free workspaces allow 30 requests an hour, so background syncs must fit in that.
    """

    def __init__(
        self, capacity: int = 30, window: float = 3600.0, clock: Callable[[], float] | None = None
    ) -> None:
        self.capacity = capacity
        self._rate = capacity / window
        self._clock = clock or SystemClock().monotonic
        self._tokens = float(capacity)
        self._last = self._clock()

    def try_spend(self, requests: int = 1) -> bool:
        now = self._clock()
        self._tokens = min(self.capacity, self._tokens + (now - self._last) * self._rate)
        self._last = now
        if self._tokens < requests:
            return False
        self._tokens -= requests
        return True


@dataclasses.dataclass(frozen=True)
class Timing:
    """How often the app syncs and retries, in seconds (tests shorten them).

    Attributes:
        retry_delays: waits before the outbox is tried again after a failure, growing.
        sync_interval: the periodic check for timers started or stopped elsewhere.
        menu_sync_gap: the least time between two syncs caused by opening the menu.
        wake_jump: a wall-clock jump this much past the sync interval means the machine slept.
        settle: how long a write that may still be in flight is left before it is checked.
    """

    retry_delays: tuple[float, ...] = (5, 15, 30, 60, 120, 300)
    settle: timedelta = SETTLE
    sync_interval: float = 300
    menu_sync_gap: float = 60
    wake_jump: float = 120
