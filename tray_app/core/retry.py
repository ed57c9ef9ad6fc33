"""When to try again after a failure: growing waits, at least what Clockify's Retry-After asks."""

from __future__ import annotations

import logging

from tray_app.clockify import ClockifyError, RateLimited
from tray_app.core.events import Events

logger = logging.getLogger(__name__)


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
        delay = self._delays[min(self.failures, len(self._delays) - 1)]
        if isinstance(error, RateLimited) and error.retry_after:
            delay = max(delay, error.retry_after)
        self.failures += 1
        self._events.retry_in(delay)
        logger.info("retry in %.0f s (%s)", delay, type(error).__name__)

    def succeeded(self) -> None:
        self.failures = 0
        self._events.cancel_retry()
