"""Shared fixtures: a sandbox on a free port, and Qt set up to run without a screen."""

from __future__ import annotations

import os
from collections.abc import Iterator

# Before any QApplication exists: without a display, Qt would abort the whole run.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_LOGGING_RULES", "qt.core.qobject.connect.warning=false")

import pytest

from tray_app.clockify import ClockifyClient
from tray_app.sandbox import Sandbox


@pytest.fixture
def sandbox() -> Iterator[Sandbox]:
    with Sandbox() as running:
        yield running


@pytest.fixture
def client(sandbox: Sandbox) -> Iterator[ClockifyClient]:
    """A client of the demo user, reading lists in pages of 10 so paging is exercised."""
    with ClockifyClient(sandbox.api_key, sandbox.url, page_size=10, backoff_base=0) as made:
        yield made


def secret_service_usable() -> bool:
    """A real Secret Service answers on this session bus (scripts/run-tests.sh starts one)."""
    if not os.environ.get("DBUS_SESSION_BUS_ADDRESS"):
        return False
    try:
        from keyring.backends import SecretService

        return SecretService.Keyring.priority > 0  # type: ignore[operator,no-any-return]
    except Exception:
        return False
