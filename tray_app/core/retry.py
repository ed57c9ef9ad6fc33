"""When to try again after a failure: growing waits, at least what Clockify's Retry-After asks."""

from __future__ import annotations

import logging

from tray_app.clockify import ClockifyError, NetworkError, RateLimited
from tray_app.core.events import Events

logger = logging.getLogger(__name__)
# Out of reach, a try costs Clockify nothing (it never arrives): try at least once a minute, as
# nothing else may say the network is back (no NetworkManager). Errors Clockify answered
# (5xx, 429) keep the full growing waits, within the request budget.
OUT_OF_REACH_CAP = 60.0


class RetrySchedule:
    """Asks ``events`` for the next try after each failure, and forgets the failures on success.

    Args:
        delays: the waits in seconds, growing; the last one repeats.
        events: where the next try is asked for (``retry_in``) or called off (``cancel_retry``).
    """

    def __init__(self, delays: tuple[float, ...], events: Events) -> None:
        self._delays = delays
        self._events = events
        self.failures = 0  # in a row, since the last success

    def after(self, error: ClockifyError) -> None:
        settles_in = getattr(error, "settles_in", None)
        if settles_in is not None:
            # Not a failure: a write whose answer was lost is looked up once it has settled.
            self._events.retry_in(max(settles_in, 0.0))
            logger.info("retry in %.1f s, once an earlier attempt has settled", settles_in)
            return
        delay = self._delays[min(self.failures, len(self._delays) - 1)]
        if isinstance(error, NetworkError):
            delay = min(delay, OUT_OF_REACH_CAP)
        if isinstance(error, RateLimited) and error.retry_after:
            delay = max(delay, error.retry_after)
        self.failures += 1
        self._events.retry_in(delay)
        logger.info("retry in %.0f s (%s)", delay, type(error).__name__)

    def succeeded(self) -> None:
        self.failures = 0
        self._events.cancel_retry()
