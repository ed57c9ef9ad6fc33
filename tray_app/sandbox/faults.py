"""Faults the sandbox injects on request: latency, a dead network, 429s, server errors, lost or
garbled answers, refusals and odd paging, so tests can meet what a real network does.
"""

from __future__ import annotations

import json
import re
import threading
import time
from collections.abc import Callable

from tray_app.sandbox.wire import Reply


class DropConnection(Exception):
    """Raised by the app to close the socket without answering (a lost response)."""


class Faults:
    """Faults to inject into the next requests; all counters are consumed one request each.

    Attributes:
        latency: seconds added before every answer.
        offline: close every connection unanswered and unprocessed, as a dead network would.
        clock: the sandbox's sense of time for ``rate_limit_for`` (tests speed it up).
        ignore_page: paged lists answer page 1 whatever ``page`` asks, with no ``Last-Page``
            header (a server that keeps sending the same page).
        page_cap: paged lists send at most this many items, whatever ``page-size`` asks, and
            no ``Last-Page`` header (a server that silently shortens pages).
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.latency = 0.0
        self.offline = False
        self.clock: Callable[[], float] = time.monotonic
        self._rate_limited_until = 0.0
        self._rate_limited = 0
        self._retry_after: int | None = None
        self._server_errors = 0
        self._server_error_status = 500
        self._drops = 0
        self._garbles = 0
        self._malformed = 0
        self.ignore_page = False
        self.page_cap: int | None = None
        self._refusals: list[tuple[str, re.Pattern[str], int, str, int]] = []

    def refuse(
        self,
        path: str,
        status: int = 403,
        message: str = "Access Denied",
        code: int = 1003,
        *,
        method: str = "GET",
    ) -> None:
        """Refuse every ``method`` request whose path (after /api/v1) matches the regular
        expression ``path``, with ``status`` and Clockify's ``{"message", "code"}`` body."""
        with self._lock:
            self._refusals.append((method, re.compile(path), status, message, code))

    def allow(self, path: str) -> None:
        """Stop refusing what ``refuse(path, …)`` refused."""
        with self._lock:
            self._refusals = [r for r in self._refusals if r[1].pattern != path]

    def take_refusal(self, method: str, route: str) -> tuple[int, str, int] | None:
        with self._lock:
            for refused_method, pattern, status, message, code in self._refusals:
                if refused_method == method and pattern.search(route):
                    return status, message, code
        return None

    def rate_limit_next(self, count: int, retry_after: int | None = None) -> None:
        """Answer the next ``count`` requests with 429 and an empty body, as Clockify may."""
        with self._lock:
            self._rate_limited, self._retry_after = count, retry_after

    def rate_limit_for(self, seconds: float) -> None:
        """Answer every request with 429 (empty body) for ``seconds`` of ``clock`` time."""
        with self._lock:
            self._rate_limited_until = self.clock() + seconds

    def fail_next(self, count: int, status: int = 500) -> None:
        """Answer the next ``count`` requests with a server error, changing nothing."""
        with self._lock:
            self._server_errors, self._server_error_status = count, status

    def drop_next_writes(self, count: int) -> None:
        """Commit the next ``count`` writes, then close the connection without an answer."""
        with self._lock:
            self._drops = count

    def garble_next_writes(self, count: int) -> None:
        """Commit the next ``count`` writes, then answer 200/201 with a body that is not JSON."""
        with self._lock:
            self._garbles = count

    def malform_next(self, count: int) -> None:
        """Answer the next ``count`` requests with 200 and a body that is not JSON."""
        with self._lock:
            self._malformed = count

    def reset(self) -> None:
        with self._lock:
            self.latency = 0.0
            self.offline = False
            self._rate_limited_until = 0.0
            self._rate_limited = self._server_errors = self._drops = 0
            self._garbles = self._malformed = 0
            self.ignore_page = False
            self.page_cap = None
            self._refusals = []

    def take_before(self) -> Reply | None:
        """The canned answer for this request, if a fault takes it before any work is done."""
        with self._lock:
            if self.clock() < self._rate_limited_until:
                return 429, [], b""
            if self._rate_limited:
                self._rate_limited -= 1
                headers = [("Retry-After", str(self._retry_after))] if self._retry_after else []
                return 429, headers, b""
            if self._server_errors:
                self._server_errors -= 1
                body = json.dumps({"message": "Internal server error", "code": 500}).encode()
                return self._server_error_status, [("Content-Type", "application/json")], body
            if self._malformed:
                self._malformed -= 1
                return 200, [("Content-Type", "application/json")], b'{"id": "truncated'
        return None

    def take_drop(self) -> bool:
        with self._lock:
            if self._drops:
                self._drops -= 1
                return True
        return False

    def take_garble(self) -> bool:
        with self._lock:
            if self._garbles:
                self._garbles -= 1
                return True
        return False
