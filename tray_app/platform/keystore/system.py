"""The API key in the operating system's keyring, behind four small functions.

keyring is imported on first use: it costs ~0.2 s and the tray shows before it is needed.
"""

from __future__ import annotations

import logging

from tray_app.platform.keystore import DEFAULT_ACCOUNT, SERVICE, CredentialsError

logger = logging.getLogger(__name__)


def _call(action: str, *args: str) -> str | None:
    import keyring
    from keyring import errors

    try:
        result: str | None = getattr(keyring, action)(SERVICE, *args)
    except errors.PasswordDeleteError:
        return None  # nothing stored: deleting nothing is fine
    except Exception as err:  # keyring backends raise more than KeyringError (D-Bus, OS errors)
        logger.warning("keyring %s failed: %s", action, type(err).__name__)
        raise CredentialsError.from_keyring_error(err) from err
    return result


def get_api_key(account: str = DEFAULT_ACCOUNT) -> str | None:
    """The stored key, or ``None`` when none is stored.

    Raises:
        CredentialsError: the keyring is missing, locked or broken.
    """
    return _call("get_password", account)


def set_api_key(api_key: str, account: str = DEFAULT_ACCOUNT) -> None:
    """Store the key.

    Raises:
        CredentialsError: the keyring is missing, locked or broken.
    """
    _call("set_password", account, api_key)


def delete_api_key(account: str = DEFAULT_ACCOUNT) -> None:
    """Forget the key; forgetting a key that is not stored is not an error."""
    _call("delete_password", account)


class KeyringStore:
    """Where the app keeps the key: the system keyring."""

    def get(self) -> str | None:
        return get_api_key()

    def set(self, api_key: str) -> None:
        set_api_key(api_key)

    def delete(self) -> None:
        delete_api_key()
