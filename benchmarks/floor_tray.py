"""The floor: a bare PySide6 tray icon with a three-action menu, nothing else.

Prints "tray shown" on stderr when the icon is shown, as the app does at --log-level INFO.
With ``--httpx`` it then imports httpx, the HTTP client the design mandates: the least any
Clockify tray built on it can weigh.
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
    import httpx  # noqa: F401
sys.exit(app.exec())
