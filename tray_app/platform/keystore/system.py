"""The API key in the operating system's keyring, behind four small functions.

keyring is imported on first use: it costs ~0.2 s and the tray shows before it is needed.
"""

from __future__ import annotations

import logging
import sys

from tray_app.platform.keystore import (
    DEFAULT_ACCOUNT,
    SERVICE,
    credentials_error,
)

logger = logging.getLogger(__name__)


# The platform's own backend, loaded by name. keyring.get_keyring() would import every backend
# it has (on Linux with PyGObject present that includes libsecret through GObject
# introspection) and read every installed package's entry points to choose one: ~10 MB and
# 0.2 s for an answer known beforehand. A backend set in PYTHON_KEYRING_BACKEND or keyring's
# keyringrc.cfg still wins; where the platform's own cannot be used, keyring chooses as ever.
PLATFORM_BACKENDS = (
    ("linux", "keyring.backends.SecretService.Keyring"),
    ("darwin", "keyring.backends.macOS.Keyring"),
    ("win32", "keyring.backends.Windows.WinVaultKeyring"),
)


def _choose_backend() -> None:
    """Install the backend (once; one set with ``keyring.set_keyring`` is kept)."""
    import keyring
    from keyring import core

    if getattr(core, "_keyring_backend", None) is not None:
        return
    chosen = core.load_env() or core.load_config()
    name = next((n for prefix, n in PLATFORM_BACKENDS if sys.platform.startswith(prefix)), "")
    if chosen is None and name:
        try:
            chosen = core.load_keyring(name)  # checks that it can be used (RuntimeError if not)
        except Exception as err:  # an unusable backend says so in its own ways
            logger.info("keyring backend %s unusable (%s); keyring chooses", name, err)
    keyring.set_keyring(chosen if chosen is not None else keyring.get_keyring())


def _call(action: str, *args: str) -> str | None:
    import keyring
    from keyring import errors

    try:
        _choose_backend()
        result: str | None = getattr(keyring, action)(SERVICE, *args)
    except errors.PasswordDeleteError:
        return None  # nothing stored: deleting nothing is fine
    except Exception as err:  # keyring backends raise more than KeyringError (D-Bus, OS errors)
        logger.warning("keyring %s failed: %s", action, type(err).__name__)
        raise credentials_error(err) from err
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
