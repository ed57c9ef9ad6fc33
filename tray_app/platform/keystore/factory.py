"""The key store for this run, picked where the stores are imported."""

from __future__ import annotations

from tray_app.core.ports import KeyStore


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
