"""The tray and window icons, rendered from the SVGs shipped in ``tray_app/resources``."""

from __future__ import annotations

from functools import cached_property
from importlib import resources

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPen, QPixmap
from PySide6.QtSvg import QSvgRenderer

TRAY_SIZES = (16, 22, 24, 32, 48, 64)


BADGE_COLOR = "#ef6c00"


def svg_icon(name: str, sizes: tuple[int, ...] = TRAY_SIZES, *, badge: bool = False) -> QIcon:
    """An icon with a pixmap drawn for each size, so the panel never scales a bitmap.

    ``badge`` adds an orange dot with a white rim in the lower right corner: writes are waiting
    to reach Clockify (offline, or not yet confirmed).
    """
    data = (resources.files("tray_app.resources") / "icons" / f"{name}.svg").read_bytes()
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


def _icon_file(name: str) -> QIcon:
    """The SVG itself as an icon: Qt's SVG icon engine draws it at whatever size is asked."""
    return QIcon(str(resources.files("tray_app.resources") / "icons" / f"{name}.svg"))


class Icons:
    """The icons the tray switches between, each made on first use."""

    @cached_property
    def idle(self) -> QIcon:
        return _icon_file("idle")

    @cached_property
    def running(self) -> QIcon:
        return _icon_file("running")

    @cached_property
    def idle_waiting(self) -> QIcon:
        return svg_icon("idle", badge=True)

    @cached_property
    def running_waiting(self) -> QIcon:
        return svg_icon("running", badge=True)

    @cached_property
    def app(self) -> QIcon:
        return _icon_file("app")

    @classmethod
    def load(cls) -> Icons:
        return cls()

    def for_state(self, running: bool, waiting: bool) -> QIcon:
        if waiting:
            return self.running_waiting if running else self.idle_waiting
        return self.running if running else self.idle
