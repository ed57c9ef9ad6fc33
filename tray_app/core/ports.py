"""What the core needs from the operating system, as interfaces: where the API key is kept and
how the app starts at login. The back-ends live in ``tray_app.platform`` and implement these;
the composition root (``tray_app.app``) picks them and hands them to the core, which never
imports the platform package."""

from __future__ import annotations

from enum import Enum
from typing import Protocol


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


class KeyStore(Protocol):
    """Keeps one API key; every method may raise ``CredentialsError``."""

    def get(self) -> str | None: ...
    def set(self, api_key: str) -> None: ...
    def delete(self) -> None: ...


class Autostart(Protocol):
    """Starting the app at login, the way this system does it; may raise ``OSError``."""

    def enabled(self) -> bool: ...
    def enable(self, command: list[str]) -> None: ...
    def disable(self) -> None: ...
