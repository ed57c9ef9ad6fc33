"""One exception tree for everything that can go wrong talking to Clockify.

The UI switches on the exception type, never on message text. Every message is written for a
person, in the app's language (English in the CLI, which chooses none), and never contains the
API key.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

from tray_app.i18n import _

if TYPE_CHECKING:
    import httpx

# Clockify's code for "this key is not known here": a wrong key, or a key of another region.
CODE_UNKNOWN_KEY = 4003


ItemT = TypeVar("ItemT")


class ClockifyError(Exception):
    """Base of every client error.

    Attributes:
        message: a sentence a person can act on.
        status: the HTTP status, when there was a response.
        code: Clockify's own error code from the body, when it sent one.
        reason: Clockify's own words ("Access Denied"), else ``message``; for short notes such
            as "Tags are not available in this workspace: Access Denied".
    """

    def __init__(
        self,
        message: str,
        *,
        status: int | None = None,
        code: int | None = None,
        reason: str | None = None,
    ):
        super().__init__(message)
        self.message = message
        self.status = status
        self.code = code
        self.reason = reason or message

    def __str__(self) -> str:
        return self.message


class AuthError(ClockifyError):
    """401: the key is missing, wrong, revoked, or belongs to another region."""


class Forbidden(ClockifyError):
    """403: the key is fine but this account may not do that here."""


class NotFound(ClockifyError):
    """404: the workspace, entry or running timer is not there."""


class ValidationError(ClockifyError):
    """400 (and other 4xx): Clockify refused the request's content; ``code`` says why."""


class RateLimited(ClockifyError):
    """429 after every retry: too many requests.

    Attributes:
        retry_after: seconds the server asked us to wait, when it said so.
    """

    def __init__(self, message: str, *, retry_after: float | None = None, status: int = 429):
        super().__init__(message, status=status)
        self.retry_after = retry_after


class ServerError(ClockifyError):
    """5xx after every retry: Clockify itself failed."""


class BadResponse(ServerError):
    """The response could not be understood (malformed or unexpected JSON)."""


class NetworkError(ClockifyError):
    """No answer at all: offline, DNS failure, connection refused or dropped, timeout.

    Attributes:
        maybe_sent: False when the request certainly never left (no connection was made);
            True when the server may have received, and acted on, it.
    """

    def __init__(self, message: str, *, maybe_sent: bool = True) -> None:
        super().__init__(message)
        self.maybe_sent = maybe_sent


def _clockify_message(response: httpx.Response) -> tuple[str, int | None]:
    """Return Clockify's ``message`` and ``code`` from an error body, tolerating any body."""
    try:
        body = response.json()
    except (json.JSONDecodeError, UnicodeDecodeError):
        return "", None
    if not isinstance(body, dict):
        return "", None
    message = body.get("message")
    code = body.get("code")
    return (
        message.strip() if isinstance(message, str) else "",
        code if isinstance(code, int) else None,
    )


def error_from_response(response: httpx.Response) -> ClockifyError:
    """Map an unsuccessful response to the one exception a caller should see."""
    error = _error_for(response)
    server_says, _code = _clockify_message(response)
    if server_says:
        error.reason = server_says
    return error


def _error_for(response: httpx.Response) -> ClockifyError:
    status = response.status_code
    server_says, code = _clockify_message(response)
    if status == 401:
        if code == CODE_UNKNOWN_KEY:
            text = _(
                "Clockify does not know this API key in this region. Check the key, and the "
                "region setting: a key made on the EU, USA, UK or Australia server only works "
                "there."
            )
        else:
            text = _with_reason(
                _("Clockify did not accept the API key. Sign in again with a current key."),
                server_says,
            )
        return AuthError(text, status=status, code=code)
    if status == 403:
        return Forbidden(
            _with_reason(
                _("Your Clockify account is not allowed to do this in this workspace."),
                server_says,
            ),
            status=status,
            code=code,
        )
    if status == 404:
        return NotFound(server_says or _("Clockify could not find that."), status=status, code=code)
    if status == 429:
        return RateLimited(
            _(
                "Clockify is limiting requests right now (too many requests). Try again in a "
                "minute; new Free workspaces allow only 30 requests an hour."
            ),
            retry_after=retry_after_seconds(response),
        )
    if 400 <= status < 500:
        # Clockify's messages for refused content are written for people ("Project doesn't
        # belong to Workspace", "Project with this name already exists"): pass them on.
        text = (
            _("Clockify refused this: {reason}").format(reason=server_says)
            if server_says
            else _("Clockify refused the request (HTTP {status}).").format(status=status)
        )
        return ValidationError(text, status=status, code=code)
    return ServerError(
        _with_reason(
            _("Clockify had a problem (HTTP {status}). Nothing is lost; try again shortly.").format(
                status=status
            ),
            server_says,
        ),
        status=status,
        code=code,
    )


def _with_reason(message: str, server_says: str) -> str:
    """``message`` followed by Clockify's own words, when it gave any."""
    if not server_says:
        return message
    # Translators: {message} is a sentence of this app's; {reason} is Clockify's own words,
    # in English (e.g. "Access Denied").
    return _("{message} Clockify says: {reason}").format(message=message, reason=server_says)


def retry_after_seconds(response: httpx.Response) -> float | None:
    """Seconds from a ``Retry-After`` header given as a number; ``None`` when absent or odd."""
    value = response.headers.get("Retry-After")
    if value is None:
        return None
    try:
        seconds = float(value)
    except ValueError:
        return None
    return seconds if seconds >= 0 else None


def network_error(error: httpx.HTTPError) -> NetworkError:
    """Describe a transport failure in words that say what to check."""
    import httpx

    if isinstance(error, httpx.ConnectTimeout | httpx.ConnectError):
        return NetworkError(
            _(
                "Could not connect to Clockify (offline, the server's name not found, or the "
                "connection refused). Check your network and the server address."
            ),
            maybe_sent=False,
        )
    if isinstance(error, httpx.TimeoutException):
        text = _("Clockify did not answer in time. Check your connection; nothing is lost.")
    else:
        text = _(
            "The connection to Clockify broke before an answer came. Check your network; "
            "the change may or may not have been saved."
        )
    return NetworkError(text)


def unless_refused(read: Callable[[], ItemT], reasons: list[str]) -> ItemT | None:
    """What ``read`` gives, or None when Clockify refuses it (a part a workspace or plan may
    lack: 403, 404), its reason added to ``reasons``. What concerns everything (no connection,
    the rate, the key) still raises: the caller retries or asks to sign in."""
    try:
        return read()
    except (NetworkError, RateLimited, AuthError):
        raise
    except ClockifyError as err:
        reasons.append(err.reason.rstrip("."))
        return None
