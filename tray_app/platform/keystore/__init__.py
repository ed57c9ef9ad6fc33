"""Where the API key is kept: the keyring's service name and its errors as a person reads them
(the interface and its error type are the core's, in core/ports.py; factory picks the store).

Back-ends: ``system`` (the operating system's keyring through keyring: Secret Service, KWallet,
the macOS Keychain, the Windows Credential Manager) and ``memory`` (this run only: the demo, a
key from the environment, or no usable keyring).
"""

from __future__ import annotations

from tray_app import APP_ID
from tray_app.core.ports import CredentialsError, KeyringState, KeyStore

__all__ = [
    "CredentialsError",
    "KeyStore",
    "KeyringState",
    "credentials_error",
]

SERVICE = APP_ID
DEFAULT_ACCOUNT = "default"


def credentials_error(error: Exception) -> CredentialsError:
    """The keyring library's ``error`` as the ``CredentialsError`` a person can act on."""
    from keyring import errors

    if isinstance(error, errors.NoKeyringError):
        return CredentialsError(
            KeyringState.NO_BACKEND,
            "No system keyring is available (such as GNOME Keyring, KWallet, the macOS "
            "Keychain or the Windows Credential Manager), so the API key cannot be saved. "
            "It is kept in memory until the app quits.",
        )
    if isinstance(error, errors.KeyringLocked):
        return CredentialsError(
            KeyringState.LOCKED,
            "The system keyring is locked. Unlock it (for example by logging in to the "
            "desktop again) and try once more.",
        )
    return CredentialsError(
        KeyringState.FAILED, f"The system keyring could not be used ({type(error).__name__})."
    )
