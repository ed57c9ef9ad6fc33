"""What a failed call to Clockify does: which failures are told and how, when to try again, and
what the state says meanwhile (offline, or the problem in the menu)."""

from __future__ import annotations

import logging
from collections.abc import Callable

from tray_app.clockify import AuthError, ClockifyError, NetworkError, RateLimited, ServerError
from tray_app.core.events import Events
from tray_app.core.retry import RetrySchedule
from tray_app.core.tracking.board import Board
from tray_app.i18n import _

logger = logging.getLogger(__name__)


def transient(error: ClockifyError) -> bool:
    """Offline, rate limited or a server error: worth trying again soon, the same way."""
    return isinstance(error, NetworkError | RateLimited | ServerError)


class FailurePolicy:
    """Runs calls that may fail and carries out what a failure means.

    Args:
        board: the state (offline, the problem line) and its publishing.
        events: where failures are told and the next try is asked for.
        delays: the growing waits between tries, in seconds.
    """

    def __init__(self, board: Board, events: Events, delays: tuple[float, ...]) -> None:
        self._board = board
        self._events = events
        self.retry = RetrySchedule(delays, events)

    def guard(self, action: Callable[[], None]) -> ClockifyError | None:
        """Run ``action``; report a failure as a message; always send the resulting state.

        Returns:
            the error that stopped ``action``, if any.
        """
        try:
            action()
        except ClockifyError as err:
            logger.info("action failed: %s", type(err).__name__)
            self.note_connection(err)
            if not isinstance(err, NetworkError):  # offline has its own line and badge
                self._board.change(problem=err.message)
            is_transient = transient(err)
            if is_transient:
                self.retry.after(err)  # try again later; offline shows in the tray
            # A storm of 429s or 5xx is told once, not at every retry; offline shows as a badge.
            if isinstance(err, AuthError):
                again = _("{message} Sign in again from the tray menu.")
                self._events.needs_sign_in(again.format(message=err.message))
            elif not isinstance(err, NetworkError) and (
                not is_transient or self.retry.failures == 1
            ):
                self._events.failed(err.message)
            return err
        finally:
            self._board.publish()
        return None

    def note_connection(self, error: ClockifyError) -> None:
        """Out of reach: the state says offline until a call gets through."""
        if isinstance(error, NetworkError):
            self._board.change(offline=True)
