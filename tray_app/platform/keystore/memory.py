"""A key kept in memory for this run only: never written anywhere."""

from __future__ import annotations


class MemoryStore:
    """A key kept for this run only (demo mode, or when no keyring is usable)."""

    def __init__(self, api_key: str | None = None) -> None:
        self._api_key = api_key

    def get(self) -> str | None:
        return self._api_key

    def set(self, api_key: str) -> None:
        self._api_key = api_key

    def delete(self) -> None:
        self._api_key = None
