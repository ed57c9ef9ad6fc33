"""The icon and its menu in xfce4-panel's systray (a StatusNotifierItem host), for the README.

Run by scripts/screenshots.sh inside its own D-Bus session on the Xvfb display: starts the
panel, then the demo app, right-clicks the icon and saves the panel's corner with the menu.
"""

from __future__ import annotations

import glob
import os
import subprocess
import sys
import time
from pathlib import Path

from PySide6.QtGui import QColor, QImage

# xfconfd (xfce4-panel's settings daemon) lives in the architecture's library folder.
XFCONFD = next(iter(sorted(glob.glob("/usr/lib/*/xfce4/xfconf/xfconfd"))), "xfconfd")
IDLE_BLUE = QColor("#1565c0")


def _rgb(color: QColor) -> tuple[int, int, int]:
    return color.red(), color.green(), color.blue()


def _wait(condition: object, what: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while not condition():  # type: ignore[operator]
        if time.monotonic() > deadline:
            raise SystemExit(f"timed out waiting for {what}")
        time.sleep(0.3)


def _shot(path: Path) -> QImage:
    subprocess.run(["import", "-window", "root", str(path)], check=True, timeout=30)
    return QImage(str(path))


def _icon(image: QImage) -> tuple[int, int] | None:
    """The rightmost patch of the idle icon's blue in the top panel."""
    found = [
        (x, y)
        for y in range(0, 40)
        for x in range(image.width())
        if sum(
            abs(a - b) for a, b in zip(_rgb(image.pixelColor(x, y)), _rgb(IDLE_BLUE), strict=True)
        )
        < 60
    ]
    found = [(x, y) for x, y in found if x > image.width() // 2]  # (not the menu button)
    if not found:
        return None
    right = max(x for x, _ in found)
    patch = [(x, y) for x, y in found if x > right - 32]
    xs, ys = [x for x, _ in patch], [y for _, y in patch]
    return (min(xs) + max(xs)) // 2, (min(ys) + max(ys)) // 2


def _watcher(name: str) -> str:
    done = subprocess.run(
        ["dbus-send", "--session", "--print-reply", "--dest=org.kde.StatusNotifierWatcher",
         "/StatusNotifierWatcher", "org.freedesktop.DBus.Properties.Get",
         "string:org.kde.StatusNotifierWatcher", f"string:{name}"],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    return done.stdout


def _host() -> bool:
    return "true" in _watcher("IsStatusNotifierHostRegistered")


def _registered() -> bool:
    return "StatusNotifierItem" in _watcher("RegisteredStatusNotifierItems")


def main(out: Path) -> int:
    home = Path(os.environ.get("HOME", "/tmp"))
    panel = [subprocess.Popen([XFCONFD]), subprocess.Popen(["xfce4-panel"], cwd=home)]
    _wait(_host, "xfce4-panel's tray")
    app = subprocess.Popen([sys.executable, "-m", "tray_app", "--demo"])
    try:
        _wait(_registered, "the icon registered with xfce4-panel")
        scratch = out / ".sni.png"
        where: list[tuple[int, int] | None] = [None]

        def drawn() -> bool:
            where[0] = _icon(_shot(scratch))
            return where[0] is not None

        _wait(drawn, "the icon drawn in the panel")
        assert where[0] is not None
        x, y = where[0]
        # The panel fetches the exported menu on the first opening and sizes it then: the
        # second opening shows it whole.
        for _ in range(2):
            subprocess.run(["xdotool", "mousemove", str(x), str(y), "click", "3"], check=True)
            time.sleep(1.5)
            image = _shot(scratch)
            subprocess.run(["xdotool", "key", "Escape"], check=True)
            time.sleep(0.5)
        left = max(0, x - 420)
        image.copy(left, 0, min(image.width() - left, 470), 440).save(str(out / "menu-xfce.png"))
        scratch.unlink()
        print(f"wrote {out / 'menu-xfce.png'}")
    finally:
        for process in (app, *reversed(panel)):
            process.terminate()
            process.wait(timeout=30)
    return 0


if __name__ == "__main__":
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    sys.exit(main(Path(sys.argv[1])))
