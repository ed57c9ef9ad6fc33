"""The floor: a bare PySide6 tray icon with a three-action menu, nothing else.

Prints "tray shown" on stderr when the icon is shown, as the app does at --log-level INFO.
With ``--httpx`` it then imports httpx, the HTTP client the design mandates; with
``--libraries`` it uses every library the design names as the app does (an httpx client, the
key read through keyring, an SQLite file, platformdirs): the least a tray on this stack weighs.
"""

import sys

from PySide6.QtGui import QIcon, QPixmap
from PySide6.QtWidgets import QApplication, QMenu, QSystemTrayIcon

app = QApplication(sys.argv[:1])
app.setQuitOnLastWindowClosed(False)
pixmap = QPixmap(32, 32)
pixmap.fill()
tray = QSystemTrayIcon(QIcon(pixmap))
menu = QMenu()
for text in ("Start", "Stop", "Quit"):
    menu.addAction(text)
tray.setContextMenu(menu)
tray.show()
print("tray shown", file=sys.stderr, flush=True)
if "--httpx" in sys.argv:
    import httpx
if "--libraries" in sys.argv:
    # Every library the design card names, used as the app uses them: a client made,
    # the key read through keyring from the system's keyring, an SQLite file opened; each
    # loaded as leanly as the app knows how (no httpx command-line client, the platform's
    # keyring backend by name, PySide6's import hook without its source cache), so that the
    # floor is the least a tray on this stack weighs with the key read in its own process.
    import contextlib
    import os
    import sqlite3

    sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
    import tray_app.ui.pyside_imports  # noqa: F401

    sys.modules["httpx._main"] = None  # type: ignore[assignment]
    import httpx
    import keyring
    import platformdirs
    from keyring import core

    client = httpx.Client(timeout=httpx.Timeout(15.0, connect=5.0))
    with contextlib.suppress(Exception):  # (no Secret Service: keyring chooses)
        keyring.set_keyring(
            core.load_env() or core.load_keyring("keyring.backends.SecretService.Keyring")
        )
    key = keyring.get_password("clockify-tray", "default")
    folder = platformdirs.user_data_dir("clockify-tray-floor")  # (the run's own XDG folder)
    os.makedirs(folder, exist_ok=True)
    database = sqlite3.connect(os.path.join(folder, "floor.sqlite3"))
    database.execute("PRAGMA journal_mode=WAL")
    database.execute("CREATE TABLE IF NOT EXISTS cache (key TEXT PRIMARY KEY, value TEXT)")
    database.commit()
    print(f"libraries ready (key {'found' if key else 'missing'})", file=sys.stderr, flush=True)
sys.exit(app.exec())
