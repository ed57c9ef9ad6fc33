"""Where the API key is kept: the keyring's service name and its errors as a person reads them
(the interface and its error type are the core's, in core/ports.py; factory picks the store).

Back-ends: ``system`` (the operating system's keyring through keyring: Secret Service, KWallet,
the macOS Keychain, the Windows Credential Manager) and ``memory`` (this run only: the demo, a
key from the environment, or no usable keyring).
"""

from __future__ import annotations

from tray_app import APP_ID
from tray_app.core.ports import CredentialsError, KeyringState, KeyStore
from tray_app.i18n import _

__all__ = [
    "CredentialsError",
    "KeyStore",
    "KeyringState",
    "credentials_error",
    "state_message",
]

SERVICE = APP_ID
DEFAULT_ACCOUNT = "default"


def credentials_error(error: Exception) -> CredentialsError:
    """The keyring library's ``error`` as the ``CredentialsError`` a person can act on."""
    from keyring import errors

    if isinstance(error, errors.NoKeyringError):
        state = KeyringState.NO_BACKEND
    elif isinstance(error, errors.KeyringLocked):
        state = KeyringState.LOCKED
    else:
        state = KeyringState.FAILED
    return CredentialsError(state, state_message(state, type(error).__name__))


def state_message(state: KeyringState, cause: str) -> str:
    """What a person reads when the keyring is in ``state``; ``cause`` names the error's kind
    (said only when the keyring failed in a way of its own)."""
    if state is KeyringState.NO_BACKEND:
        return _(
            "No system keyring is available (such as GNOME Keyring, KWallet, the macOS "
            "Keychain or the Windows Credential Manager), so the API key cannot be saved. "
            "It is kept in memory until the app quits."
        )
    if state is KeyringState.LOCKED:
        return _(
            "The system keyring is locked. Unlock it (for example by logging in to the "
            "desktop again) and try once more."
        )
    # Translators: {cause} is the name of the error in the program (e.g. "InitError").
    return _("The system keyring could not be used ({cause}).").format(cause=cause)
