"""The keyring facade: a real Secret Service where the machine has one, and the failure states."""

from __future__ import annotations

import secrets
from collections.abc import Iterator

import keyring
import pytest
from keyring.backend import KeyringBackend
from keyring.backends import fail

from tests.conftest import secret_service_usable
from tray_app.platform.keystore import SERVICE, CredentialsError, KeyringState
from tray_app.platform.keystore import system as credentials


class LockedKeyring(KeyringBackend):
    priority = 1  # type: ignore[assignment]

    def get_password(self, service: str, username: str) -> str | None:
        raise keyring.errors.KeyringLocked("locked")

    def set_password(self, service: str, username: str, password: str) -> None:
        raise keyring.errors.KeyringLocked("locked")

    def delete_password(self, service: str, username: str) -> None:
        raise keyring.errors.KeyringLocked("locked")


@pytest.fixture
def backend() -> Iterator[None]:
    before = keyring.get_keyring()
    yield
    keyring.set_keyring(before)


@pytest.mark.secret_service
@pytest.mark.skipif(not secret_service_usable(), reason="no Secret Service on this session bus")
def test_round_trip_through_real_secret_service(backend: None) -> None:
    from keyring.backends import SecretService

    keyring.set_keyring(SecretService.Keyring())
    account = f"test-{secrets.token_hex(4)}"
    key = secrets.token_hex(24)
    assert credentials.get_api_key(account) is None
    credentials.set_api_key(key, account)
    assert credentials.get_api_key(account) == key
    # What another process would read: the libsecret store itself, not our cache.
    assert keyring.get_password(SERVICE, account) == key
    credentials.delete_api_key(account)
    assert credentials.get_api_key(account) is None
    credentials.delete_api_key(account)  # deleting twice is fine


def test_no_backend_is_reported_plainly(backend: None) -> None:
    keyring.set_keyring(fail.Keyring())
    with pytest.raises(CredentialsError) as caught:
        credentials.set_api_key("x")
    assert caught.value.state is KeyringState.NO_BACKEND
    assert "kept in memory until the app quits" in str(caught.value)


def test_locked_keyring_is_reported_plainly(backend: None) -> None:
    keyring.set_keyring(LockedKeyring())
    with pytest.raises(CredentialsError) as caught:
        credentials.get_api_key()
    assert caught.value.state is KeyringState.LOCKED
    assert "locked" in str(caught.value)
