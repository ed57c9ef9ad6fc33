"""Logs never hold the API key or email addresses; background syncs stay within the budget."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import respx

from tray_app.clockify import ClockifyClient, ClockifyError
from tray_app.core.logs import RedactingFilter, attach_log_file, register_secret, setup_logging
from tray_app.core.pacing import RequestBudget

SECRET = "Zk9-secret-api-key-for-the-log-test-000"


@pytest.fixture
def log_file(tmp_path: Path) -> Iterator[Path]:
    root = logging.getLogger()
    before = list(root.handlers)
    setup_logging("INFO")
    path = attach_log_file(tmp_path / "logs" / "app.log")
    yield path
    for handler in root.handlers[len(before) :]:
        handler.close()
    root.handlers[:] = before


@respx.mock
def test_api_key_and_email_never_reach_the_log(log_file: Path) -> None:
    register_secret(SECRET)
    respx.get("https://api.clockify.me/api/v1/user").mock(
        side_effect=httpx.ConnectError(f"refused while sending X-Api-Key: {SECRET}")
    )
    client = ClockifyClient(SECRET, sleep=lambda _: None, max_retries=1)
    logger = logging.getLogger("tray_app.test")
    try:
        client.get_user()
    except ClockifyError as err:
        assert SECRET not in str(err) and SECRET not in repr(err)
        logger.exception("sign-in failed for ada@example.com with %s", SECRET)
    text = log_file.read_text()
    assert "sign-in failed for [redacted email] with [redacted key]" in text
    assert SECRET not in text and "ada@example.com" not in text
    assert "Traceback" in text  # the traceback is kept, cleaned


def test_filter_cleans_arguments_and_tracebacks() -> None:
    register_secret(SECRET)
    record = logging.LogRecord(
        "x", logging.ERROR, __file__, 1, "key=%s mail=%s", (SECRET, "a@b.io"), None
    )
    assert RedactingFilter().filter(record)
    assert record.getMessage() == "key=[redacted key] mail=[redacted email]"


def test_budget_allows_30_an_hour() -> None:
    now = [0.0]
    budget = RequestBudget(capacity=30, window=3600, clock=lambda: now[0])
    assert all(budget.try_spend() for _ in range(30))
    assert not budget.try_spend()
    now[0] += 119  # one token takes 120 s to come back
    assert not budget.try_spend()
    now[0] += 1
    assert budget.try_spend() and not budget.try_spend()
    now[0] += 10 * 3600  # never more than the capacity saved up
    assert sum(budget.try_spend() for _ in range(40)) == 30
