"""The HTTP underneath the client: one retry loop, paging to the end, and JSON into models.

Kept apart from ``client`` (the operations) so each stays readable; nothing else imports it.
"""

from __future__ import annotations

import json
import logging
import os
import random
import ssl
import time
from collections.abc import Callable, Mapping
from typing import Any, TypeVar

import certifi
import httpx

from tray_app import APP_ID, __version__
from tray_app.clockify.errors import (
    BadResponse,
    error_from_response,
    network_error,
    retry_after_seconds,
)
from tray_app.clockify.regions import resolve_base_url
from tray_app.i18n import _, ngettext

logger = logging.getLogger(__name__)

DEFAULT_TIMEOUT = httpx.Timeout(15.0, connect=5.0)
MAX_PAGE_SIZE = 5000
_MAX_PAGES = 10_000
_IDEMPOTENT = frozenset({"GET", "PUT", "DELETE"})

ModelT = TypeVar("ModelT")


def http_client() -> httpx.Client:
    """The HTTP client, checking certificates against the system's choice where it names one
    (SSL_CERT_FILE, SSL_CERT_DIR) and against certifi's otherwise. A variable naming a file
    that cannot be read (left from another machine, a container) is passed over with a
    warning, not a crash at start."""
    try:
        return httpx.Client(timeout=DEFAULT_TIMEOUT)
    except (OSError, ssl.SSLError) as err:
        named = {k: os.environ[k] for k in ("SSL_CERT_FILE", "SSL_CERT_DIR") if k in os.environ}
        logger.warning("certificates named by %s cannot be read (%s): using certifi's", named, err)
        context = ssl.create_default_context(cafile=certifi.where())
        return httpx.Client(timeout=DEFAULT_TIMEOUT, verify=context)


class Transport:
    """Sends requests to one server with one key; see ``ClockifyClient`` for the arguments."""

    def __init__(
        self,
        api_key: str,
        base_url: str | None = None,
        *,
        http: httpx.Client | None = None,
        max_retries: int = 4,
        backoff_base: float = 0.25,
        backoff_cap: float = 8.0,
        retry_after_cap: float = 60.0,
        page_size: int = MAX_PAGE_SIZE,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        if not api_key or not api_key.strip():
            raise ValueError("an API key is needed")
        self.base_url = resolve_base_url(base_url)
        self._headers = {
            "X-Api-Key": api_key.strip(),
            "User-Agent": f"{APP_ID}/{__version__}",
            "Accept": "application/json",
        }
        self._http = http if http is not None else http_client()
        self._max_retries = max_retries
        self._backoff_base = backoff_base
        self._backoff_cap = backoff_cap
        self._retry_after_cap = retry_after_cap
        self._page_size = min(page_size, MAX_PAGE_SIZE)
        self._sleep = sleep

    def _request(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, str | list[str]] | None = None,
        body: Mapping[str, Any] | None = None,
        read_only: bool = False,
    ) -> httpx.Response:
        """Send one request, retrying what is safe to retry; raise ``ClockifyError`` otherwise.

        ``read_only``: a POST that changes nothing (a report), so as safe to send again as a GET.
        """
        url = self.base_url + path
        idempotent = method in _IDEMPOTENT or read_only
        attempt = 0
        while True:
            try:
                response = self._http.request(
                    method, url, params=params, json=body, headers=self._headers
                )
            except httpx.TransportError as err:
                # A connect failure means nothing reached the server, so even a POST is safe to
                # send again; after that, only idempotent requests are.
                never_sent = isinstance(err, (httpx.ConnectError, httpx.ConnectTimeout))
                if (never_sent or idempotent) and attempt < self._max_retries:
                    logger.info("%s %s failed (%s); retrying", method, path, type(err).__name__)
                    self._wait(attempt, None)
                    attempt += 1
                    continue
                raise network_error(err) from err
            status = response.status_code
            retryable = status == 429 or (status >= 500 and idempotent)
            if retryable and attempt < self._max_retries:
                logger.info("%s %s answered %d; retrying", method, path, status)
                self._wait(attempt, retry_after_seconds(response))
                attempt += 1
                continue
            if status >= 400:
                raise error_from_response(response)
            return response

    def _wait(self, attempt: int, retry_after: float | None) -> None:
        """Sleep before retry number ``attempt + 1``: ``Retry-After`` if given (capped), else
        exponential backoff with jitter, so many clients do not retry in step."""
        if retry_after is not None:
            delay = min(retry_after, self._retry_after_cap)
        else:
            ceiling = min(self._backoff_cap, self._backoff_base * 2**attempt)
            delay = ceiling / 2 + random.uniform(0, ceiling / 2)
        self._sleep(delay)

    def _get_all(
        self, path: str, params: Mapping[str, str], parse: Callable[[Any], ModelT]
    ) -> list[ModelT]:
        """Read every page of a list; Clockify's lists are paged even when nobody asks.

        The end is the page Clockify marks ``Last-Page: true``, an empty page, or, where the
        server says nothing, a short page confirmed by one more request (a server may send
        fewer items than asked without it being the last page). A page that brings nothing
        new (a server that ignores ``page``) ends the read at once: at most one extra request.

        Raises:
            BadResponse: the server repeated a full page, so the rest cannot be read.
        """
        items: list[ModelT] = []
        seen: set[object] = set()
        for page in range(1, _MAX_PAGES + 1):
            query = {**params, "page": str(page), "page-size": str(self._page_size)}
            response = self._request("GET", path, params=query)
            batch = self._parse_list(response, parse)
            new = [item for item in batch if _identity(item) not in seen]
            if batch and not new:
                if len(batch) < self._page_size:
                    return items  # a server without paging sent the whole list again
                raise BadResponse(
                    _(
                        "Clockify sent page {page} of {path} with the same items as before, so "
                        "the rest of the list cannot be read. Reading stopped there."
                    ).format(page=page, path=path),
                    status=response.status_code,
                )
            seen.update(_identity(item) for item in new)
            items.extend(new)
            last_page = response.headers.get("Last-Page", "").strip().lower()
            if last_page == "true" or not batch:
                return items
        raise BadResponse(
            ngettext(
                "Clockify kept sending pages of {path}; stopped after {count}.",
                "Clockify kept sending pages of {path}; stopped after {count}.",
                _MAX_PAGES,
            ).format(path=path, count=_MAX_PAGES)
        )

    @staticmethod
    def _json(response: httpx.Response) -> Any:
        try:
            return response.json()
        except (json.JSONDecodeError, UnicodeDecodeError) as err:
            raise BadResponse(
                _(
                    "Clockify sent an answer that could not be read (not valid JSON). "
                    "Try again shortly."
                ),
                status=response.status_code,
            ) from err

    def _parse(self, response: httpx.Response, parse: Callable[[Any], ModelT]) -> ModelT:
        return _convert(self._json(response), parse, response.status_code)

    def _parse_list(self, response: httpx.Response, parse: Callable[[Any], ModelT]) -> list[ModelT]:
        data = self._json(response)
        if not isinstance(data, list):
            raise BadResponse(
                _("Clockify sent something other than the expected list."),
                status=response.status_code,
            )
        return [_convert(item, parse, response.status_code) for item in data]


def _convert(data: Any, parse: Callable[[Any], ModelT], status: int) -> ModelT:
    """Build a model from JSON, turning a shape we do not understand into ``BadResponse``."""
    try:
        return parse(data)
    except (ValueError, TypeError, AttributeError, KeyError, ArithmeticError) as err:
        raise BadResponse(
            # Translators: {detail} is what did not fit, in the program's words (English).
            _("Clockify sent an answer this app does not understand ({detail}).").format(
                detail=err
            ),
            status=status,
        ) from err


def _identity(item: object) -> object:
    """What tells two items of a list apart: the id (models without one compare whole)."""
    return getattr(item, "id", None) or item
