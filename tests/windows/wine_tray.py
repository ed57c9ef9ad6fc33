"""Wine's own notification area on Xvfb (the "Wine System Tray" window at the top left when no
desktop has a tray): where the app's icon is, what it shows, and real clicks on it."""

from __future__ import annotations

import os
import subprocess
import time
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path

from PySide6.QtGui import QColor, QImage

from tests.x11 import Keyboard, find_colour


class WineTray:
    """Wine's tray window on one display: where the app's icon is and what it shows."""

    def __init__(self, display: str, folder: Path) -> None:
        self.keys = Keyboard(display)
        self.env = {**os.environ, "DISPLAY": display}
        self.shot = folder / "screen.png"
        window = self.keys.run("search", "--sync", "--name", "Wine System Tray").split()[-1]
        shape = dict(
            line.split("=", 1)
            for line in self.keys.run("getwindowgeometry", "--shell", window).split()
        )
        self.left, self.top = int(shape["X"]), int(shape["Y"])
        self.height = int(shape["HEIGHT"])

    def screen(self) -> QImage:
        subprocess.run(
            ["import", "-window", "root", str(self.shot)], env=self.env, timeout=30, check=True
        )
        image = QImage(str(self.shot))
        assert not image.isNull()
        return image

    def icon(self, colour: QColor) -> tuple[int, int] | None:
        """The middle of the app's icon in the tray window when it has ``colour``."""
        return find_colour(self.screen(), colour, self.top, self.top + self.height)

    def click(self, at: tuple[int, int], button: str) -> None:
        time.sleep(0.8)  # past the double-click time: two clicks are two clicks
        self.keys.run("mousemove", str(at[0]), str(at[1]), "click", button)

    def menu_rows(self, at: tuple[int, int]) -> int:
        """How far below the icon a light menu reaches (pixels; 0 when none is open)."""
        image = self.screen()
        x, reach = at[0] + 60, 0
        for y in range(at[1] + 12, image.height()):
            if image.pixelColor(x, y).lightness() > 200:
                reach = y - at[1]
            elif reach and y - at[1] - reach > 8:
                break
        return reach


@contextmanager
def running(command: Sequence[str], env: Mapping[str, str]) -> Iterator[subprocess.Popen[bytes]]:
    """A Windows program kept running for the block, then ended; both streams piped (a
    Windows Python given a plain file as one dies at start)."""
    app = subprocess.Popen(
        command, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    try:
        yield app
    finally:
        if app.poll() is None:
            app.kill()
        app.communicate(timeout=30)
