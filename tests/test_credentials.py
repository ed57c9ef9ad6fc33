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


# --- the app's way: each call in a child process (platform/keystore/separate.py) ------------


@pytest.mark.processes
@pytest.mark.secret_service
@pytest.mark.skipif(not secret_service_usable(), reason="no Secret Service on this session bus")
def test_a_child_process_reads_and_writes_the_real_secret_service(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from keyring.backends import SecretService

    from tray_app.platform.keystore import DEFAULT_ACCOUNT
    from tray_app.platform.keystore.separate import SeparateKeyringStore

    monkeypatch.delenv("PYTHON_KEYRING_BACKEND", raising=False)
    store = SeparateKeyringStore()
    key = secrets.token_hex(24)
    store.set(key)
    try:
        assert store.get() == key
        # Written where any other program finds it, through the Secret Service itself.
        assert SecretService.Keyring().get_password(SERVICE, DEFAULT_ACCOUNT) == key
    finally:
        store.delete()
    assert store.get() is None
    store.delete()  # deleting twice is fine


@pytest.mark.processes
def test_the_child_says_why_the_keyring_cannot_be_used(monkeypatch: pytest.MonkeyPatch) -> None:
    from tray_app.platform.keystore.separate import SeparateKeyringStore

    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyring.backends.fail.Keyring")
    with pytest.raises(CredentialsError) as caught:
        SeparateKeyringStore().get()
    assert caught.value.state is KeyringState.NO_BACKEND
    assert "kept in memory until the app quits" in str(caught.value)


@pytest.mark.processes
def test_a_child_that_answers_nonsense_is_a_failure(monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    from tray_app.platform.keystore import separate

    monkeypatch.setattr(
        separate, "helper_command", lambda action: [sys.executable, "-c", "print('{oops')"]
    )
    with pytest.raises(CredentialsError) as caught:
        separate.SeparateKeyringStore().get()
    assert caught.value.state is KeyringState.FAILED
