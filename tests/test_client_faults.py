"""Faults a real server cannot easily produce, with respx: timeouts, bad JSON, odd 429s."""

from __future__ import annotations

import logging
from datetime import UTC, datetime

import httpx
import pytest
import respx

from tray_app.clockify import (
    BadResponse,
    ClockifyClient,
    NetworkError,
    RateLimited,
    ServerError,
    resolve_base_url,
)

BASE = "https://api.clockify.me/api/v1"
SECRET = "k3y-that-must-never-leak-0123456789"
USER = {"id": "u1", "name": "Ada", "email": "ada@example.com", "settings": None}


@pytest.fixture
def delays() -> list[float]:
    return []


@pytest.fixture
def api(delays: list[float]) -> ClockifyClient:
    return ClockifyClient(SECRET, sleep=delays.append, max_retries=3)


@respx.mock
def test_read_timeout_on_get_is_retried_then_reported(
    api: ClockifyClient, delays: list[float]
) -> None:
    route = respx.get(f"{BASE}/user").mock(side_effect=httpx.ReadTimeout("slow"))
    with pytest.raises(NetworkError, match="did not answer in time"):
        api.get_user()
    assert route.call_count == 4 and len(delays) == 3


@respx.mock
def test_read_timeout_on_post_is_not_resent(api: ClockifyClient) -> None:
    route = respx.post(f"{BASE}/workspaces/w/time-entries").mock(
        side_effect=httpx.ReadTimeout("slow")
    )
    with pytest.raises(NetworkError):
        api.start_timer("w", description="x")
    assert route.call_count == 1


@respx.mock
def test_connect_error_on_post_is_retried(api: ClockifyClient) -> None:
    entry = {"id": "e1", "timeInterval": {"start": "2026-01-28T09:00:00Z", "end": None}}
    route = respx.post(f"{BASE}/workspaces/w/time-entries").mock(
        side_effect=[httpx.ConnectError("refused"), httpx.Response(201, json=entry)]
    )
    assert api.start_timer("w").id == "e1"
    assert route.call_count == 2


@respx.mock
def test_malformed_json_is_bad_response(api: ClockifyClient) -> None:
    respx.get(f"{BASE}/user").mock(return_value=httpx.Response(200, content=b"{not json"))
    with pytest.raises(BadResponse, match="not valid JSON"):
        api.get_user()


@respx.mock
def test_unexpected_shape_is_bad_response(api: ClockifyClient) -> None:
    respx.get(f"{BASE}/workspaces").mock(return_value=httpx.Response(200, json={"id": "w"}))
    with pytest.raises(BadResponse, match="expected list"):
        api.list_workspaces()
    respx.get(f"{BASE}/user").mock(return_value=httpx.Response(200, json={"name": "no id"}))
    with pytest.raises(BadResponse, match="without an id"):
        api.get_user()


@respx.mock
def test_429_without_body_then_success(api: ClockifyClient, delays: list[float]) -> None:
    respx.get(f"{BASE}/user").mock(
        side_effect=[httpx.Response(429), httpx.Response(200, json=USER)]
    )
    assert api.get_user().name == "Ada"
    assert len(delays) == 1 and 0 < delays[0] <= 0.25


@respx.mock
def test_retry_after_is_honoured_and_capped(delays: list[float]) -> None:
    api = ClockifyClient(SECRET, sleep=delays.append, retry_after_cap=30)
    respx.get(f"{BASE}/user").mock(
        side_effect=[
            httpx.Response(429, headers={"Retry-After": "3"}),
            httpx.Response(429, headers={"Retry-After": "600"}),
            httpx.Response(200, json=USER),
        ]
    )
    api.get_user()
    assert delays == [3.0, 30]


@respx.mock
def test_backoff_grows_and_is_capped(delays: list[float]) -> None:
    api = ClockifyClient(SECRET, sleep=delays.append, max_retries=6, backoff_base=1, backoff_cap=4)
    respx.get(f"{BASE}/user").mock(return_value=httpx.Response(503))
    with pytest.raises(ServerError, match="HTTP 503"):
        api.get_user()
    ceilings = [1, 2, 4, 4, 4, 4]
    assert len(delays) == 6
    assert all(c / 2 <= d <= c for d, c in zip(delays, ceilings, strict=True))


@respx.mock
def test_503_then_success(api: ClockifyClient) -> None:
    respx.get(f"{BASE}/user").mock(
        side_effect=[httpx.Response(503), httpx.Response(200, json=USER)]
    )
    assert api.get_user().email == "ada@example.com"


@respx.mock
def test_rate_limited_carries_retry_after(api: ClockifyClient) -> None:
    respx.get(f"{BASE}/user").mock(return_value=httpx.Response(429, headers={"Retry-After": "7"}))
    with pytest.raises(RateLimited) as caught:
        api.get_user()
    assert caught.value.retry_after == 7


@respx.mock
def test_headers_sent(api: ClockifyClient) -> None:
    route = respx.get(f"{BASE}/user").mock(return_value=httpx.Response(200, json=USER))
    api.get_user()
    sent = route.calls.last.request
    assert sent.headers["X-Api-Key"] == SECRET
    assert sent.headers["User-Agent"].startswith("clockify-tray/")


@respx.mock
def test_billable_is_always_sent(api: ClockifyClient) -> None:
    entry = {"id": "e1", "timeInterval": {"start": "2026-01-28T09:00:00Z", "end": None}}
    route = respx.post(f"{BASE}/workspaces/w/time-entries").mock(
        return_value=httpx.Response(201, json=entry)
    )
    api.create_time_entry("w", start=datetime(2026, 1, 28, 9, tzinfo=UTC))
    assert b'"billable":false' in route.calls.last.request.content.replace(b" ", b"")


@respx.mock
def test_api_key_never_in_repr_errors_or_logs(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    api = ClockifyClient(SECRET, sleep=lambda _: None, max_retries=1)
    respx.get(f"{BASE}/user").mock(side_effect=httpx.ConnectError(f"refused {SECRET}"))
    respx.get(f"{BASE}/workspaces").mock(
        return_value=httpx.Response(401, json={"message": "Api key does not exist", "code": 4003})
    )
    texts = [repr(api)]
    for call in (api.get_user, api.list_workspaces):
        with pytest.raises(Exception) as caught:
            call()
        texts += [str(caught.value), repr(caught.value)]
    texts.append(caplog.text)
    assert not [t for t in texts if SECRET in t]


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        (None, "https://api.clockify.me/api/v1"),
        ("euc1", "https://euc1.clockify.me/api/v1"),
        ("APSE2", "https://apse2.clockify.me/api/v1"),
        ("https://clockify.example.com", "https://clockify.example.com/api/v1"),
        ("https://clockify.example.com/api/", "https://clockify.example.com/api/v1"),
        ("https://api.clockify.me/api/v1/", "https://api.clockify.me/api/v1"),
        ("http://127.0.0.1:8080/api/v1", "http://127.0.0.1:8080/api/v1"),
        ("http://localhost:8080", "http://localhost:8080/api/v1"),
        ("http://[::1]:8080/api", "http://[::1]:8080/api/v1"),
    ],
)
def test_base_url_resolution(given: str | None, expected: str) -> None:
    assert resolve_base_url(given) == expected


@pytest.mark.parametrize(
    ("given", "message"),
    [
        ("http://clockify.example.com", "plain http"),
        ("http://10.0.0.5/api", "plain http"),
        ("ftp://clockify.example.com", "not a Clockify server address"),
        ("mars", "not a Clockify server address"),
    ],
)
def test_base_url_refused(given: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        resolve_base_url(given)
