"""The tray and window icons, rendered from the SVGs shipped in ``tray_app/resources``.

The folder is found from this file rather than with importlib.resources, which costs up to
25 ms of imports before the tray icon can show; the package is always on disk (wheel, editable
install, PyInstaller bundle), so the result is the same.
"""

from __future__ import annotations

from functools import cached_property
from pathlib import Path

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPen, QPixmap
from PySide6.QtSvg import QSvgRenderer

TRAY_SIZES = (16, 22, 24, 32, 48, 64)
ICON_FOLDER = Path(__file__).resolve().parent.parent / "resources" / "icons"


BADGE_COLOR = "#ef6c00"


def svg_icon(name: str, sizes: tuple[int, ...] = TRAY_SIZES, *, badge: bool = False) -> QIcon:
    """An icon with a pixmap drawn for each size, so the panel never scales a bitmap.

    ``badge`` adds an orange dot with a white rim in the lower right corner: writes are waiting
    to reach Clockify (offline, or not yet confirmed).
    """
    data = (ICON_FOLDER / f"{name}.svg").read_bytes()
    renderer = QSvgRenderer(data)
    icon = QIcon()
    for size in sizes:
        pixmap = QPixmap(QSize(size, size))
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        renderer.render(painter)
        if badge:
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            diameter = max(6, size * 9 // 20)
            rim = max(1, size // 16)
            painter.setPen(QPen(QColor("#ffffff"), rim))
            painter.setBrush(QColor(BADGE_COLOR))
            painter.drawEllipse(size - diameter - rim, size - diameter - rim, diameter, diameter)
        painter.end()
        icon.addPixmap(pixmap)
    return icon


# Icon styles: full colour, or one colour for light or for dark panels.
STYLES = {"colour": "", "light": "-mono-light", "dark": "-mono-dark"}


def _icon_file(name: str) -> QIcon:
    """The SVG itself as an icon: Qt's SVG icon engine draws it at whatever size is asked."""
    return QIcon(str(ICON_FOLDER / f"{name}.svg"))


class Icons:
    """The tray's icons in one style, each made on first use.

    Args:
        style: a key of ``STYLES``.
    """

    def __init__(self, style: str = "colour") -> None:
        self.style = style if style in STYLES else "colour"
        self._made: dict[tuple[str, bool], QIcon] = {}

    @classmethod
    def load(cls, style: str = "colour") -> Icons:
        return cls(style)

    def icon(self, kind: str, *, badge: bool = False) -> QIcon:
        """``kind`` is idle, running or offline, in this style; ``badge`` adds the orange dot."""
        name = kind + STYLES[self.style]
        if (name, badge) not in self._made:
            self._made[(name, badge)] = svg_icon(name, badge=True) if badge else _icon_file(name)
        return self._made[(name, badge)]

    @property
    def idle(self) -> QIcon:
        return self.icon("idle")

    @cached_property
    def app(self) -> QIcon:
        return _icon_file("app")

    def for_state(self, *, running: bool, offline: bool, pending: int) -> QIcon:
        """Running or idle; offline shows as its own face when idle, as the dot when running;
        writes waiting to be sent (online) show as the dot."""
        if running:
            return self.icon("running", badge=offline or pending > 0)
        if offline:
            return self.icon("offline")
        return self.icon("idle", badge=pending > 0)
