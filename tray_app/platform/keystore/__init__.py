"""Where the API key is kept: the interface, its errors, and the factory that picks a store.

Back-ends: ``system`` (the operating system's keyring through keyring: Secret Service, KWallet,
the macOS Keychain, the Windows Credential Manager) and ``memory`` (this run only: the demo, a
key from the environment, or no usable keyring).
"""

from __future__ import annotations

from enum import Enum
from typing import Protocol

from tray_app import APP_ID

SERVICE = APP_ID
DEFAULT_ACCOUNT = "default"


class KeyringState(Enum):
    """Why the keyring could not be used, so the UI can say it plainly."""

    NO_BACKEND = "no-backend"
    LOCKED = "locked"
    FAILED = "failed"


class CredentialsError(Exception):
    """The keyring could not be used.

    Attributes:
        state: which of the known situations this is.
    """

    def __init__(self, state: KeyringState, message: str) -> None:
        super().__init__(message)
        self.state = state

    @classmethod
    def from_keyring_error(cls, error: Exception) -> CredentialsError:
        from keyring import errors

        if isinstance(error, errors.NoKeyringError):
            return cls(
                KeyringState.NO_BACKEND,
                "No system keyring is available (such as GNOME Keyring, KWallet, the macOS "
                "Keychain or the Windows Credential Manager), so the API key cannot be saved. "
                "It is kept in memory until the app quits.",
            )
        if isinstance(error, errors.KeyringLocked):
            return cls(
                KeyringState.LOCKED,
                "The system keyring is locked. Unlock it (for example by logging in to the "
                "desktop again) and try once more.",
            )
        return cls(
            KeyringState.FAILED,
            f"The system keyring could not be used ({type(error).__name__}).",
        )


class KeyStore(Protocol):
    """Keeps one API key; every method may raise ``CredentialsError``."""

    def get(self) -> str | None: ...
    def set(self, api_key: str) -> None: ...
    def delete(self) -> None: ...


def for_this_run(env_key: str = "", *, separate: bool = False) -> KeyStore:
    """A key given in the environment wins over the keyring and is never saved (as in the CLI).

    ``separate``: use the keyring from a child process, so its libraries never stay in this
    one's memory (the long-running app; the CLI calls it directly).
    """
    if env_key.strip():
        from tray_app.platform.keystore.memory import MemoryStore

        return MemoryStore(env_key.strip())
    if separate:
        from tray_app.platform.keystore.separate import SeparateKeyringStore

        return SeparateKeyringStore()
    from tray_app.platform.keystore.system import KeyringStore

    return KeyringStore()
