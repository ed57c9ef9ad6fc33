"""The tray and window icons, rendered from the SVGs shipped in ``tray_app/resources``."""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QIcon, QPainter, QPixmap
from PySide6.QtSvg import QSvgRenderer

TRAY_SIZES = (16, 22, 24, 32, 48, 64)


def svg_icon(name: str, sizes: tuple[int, ...] = TRAY_SIZES) -> QIcon:
    """An icon with a pixmap drawn for each size, so the panel never scales a bitmap."""
    data = (resources.files("tray_app.resources") / "icons" / f"{name}.svg").read_bytes()
    renderer = QSvgRenderer(data)
    icon = QIcon()
    for size in sizes:
        pixmap = QPixmap(QSize(size, size))
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        renderer.render(painter)
        painter.end()
        icon.addPixmap(pixmap)
    return icon


@dataclass(frozen=True)
class Icons:
    """The icons the tray switches between."""

    idle: QIcon
    running: QIcon
    app: QIcon

    @classmethod
    def load(cls) -> Icons:
        return cls(
            idle=svg_icon("idle"), running=svg_icon("running"), app=svg_icon("app", (32, 64, 128))
        )
