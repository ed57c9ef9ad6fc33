"""The tray and window icons, rendered from the SVGs shipped in ``tray_app/resources``.

The folder is found from this file rather than with importlib.resources, which costs up to
25 ms of imports before the tray icon can show; the package is always on disk (wheel, editable
install, PyInstaller bundle), so the result is the same.
"""

from __future__ import annotations

from functools import cached_property
from pathlib import Path

from PySide6.QtCore import QRectF, QSize
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QIcon, QPainter, QPen, QPixmap
from PySide6.QtSvg import QSvgRenderer

TRAY_SIZES = (16, 22, 24, 32, 48, 64)
ICON_FOLDER = Path(__file__).resolve().parent.parent / "resources" / "icons"


BADGE_COLOR = "#ef6c00"


def svg_icon(name: str, sizes: tuple[int, ...] = TRAY_SIZES, *, badge: bool = False) -> QIcon:
    """An icon with a pixmap drawn for each size, so the panel never scales a bitmap.

    ``badge`` adds an orange dot with a white rim in the lower right corner: writes are waiting
    to reach Clockify (offline, or not yet confirmed).
    """
    from PySide6.QtCore import Qt  # (the Qt namespace costs ~30 ms: not before the tray shows)

    data = (ICON_FOLDER / f"{name}.svg").read_bytes()
    renderer = QSvgRenderer(data)
    icon = QIcon()
    for size in sizes:
        pixmap = QPixmap(QSize(size, size))
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        renderer.render(painter)
        if badge:
            _draw_badge(painter, size)
        painter.end()
        icon.addPixmap(pixmap)
    return icon


def _draw_badge(painter: QPainter, size: int) -> None:
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    diameter = max(6, size * 9 // 20)
    rim = max(1, size // 16)
    painter.setPen(QPen(QColor("#ffffff"), rim))
    painter.setBrush(QColor(BADGE_COLOR))
    painter.drawEllipse(size - diameter - rim, size - diameter - rim, diameter, diameter)


# The time's plate and its text, per style: each brings its own contrast, so it reads on light
# and dark panels alike (the colour one keeps the running face's green and white rim).
TIME_COLOURS = {
    "colour": ("#2e7d32", "#ffffff", "#ffffff"),
    "light": ("#1e1e1e", "#ffffff", "#1e1e1e"),
    "dark": ("#f0f0f0", "#1e1e1e", "#f0f0f0"),
}


def time_icon(text: str, style: str, *, badge: bool = False) -> QIcon:
    """ "1:07" on a rounded plate, drawn for each tray size, the text as large as fits."""
    from PySide6.QtCore import Qt

    plate, ink, rim = TIME_COLOURS.get(style, TIME_COLOURS["colour"])
    icon = QIcon()
    for size in TRAY_SIZES:
        pixmap = QPixmap(QSize(size, size))
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        line = max(1.0, size / 16)
        # The whole square: every pixel of height goes to the digits.
        area = QRectF(line / 2, line / 2, size - line, size - line)
        painter.setPen(QPen(QColor(rim), line))
        painter.setBrush(QColor(plate))
        painter.drawRoundedRect(area, size * 0.16, size * 0.16)
        font = QFont()
        font.setBold(True)
        room = area.adjusted(line, 0, -line, 0)
        font.setPixelSize(max(5, round(area.height() * 0.7)))
        width = QFontMetricsF(font).horizontalAdvance(text)
        # Too wide: the digits are narrowed (down to 60 %) rather than made shorter.
        squeeze = min(1.0, room.width() / width) if width else 1.0
        if squeeze < 0.6:
            font.setPixelSize(max(5, int(font.pixelSize() * squeeze / 0.6)))
            squeeze = 0.6
        painter.setFont(font)
        painter.setPen(QColor(ink))
        painter.save()
        middle = area.center().x()
        painter.translate(middle, 0)
        painter.scale(squeeze, 1.0)
        painter.translate(-middle, 0)
        spread = room.width() / squeeze
        wide = QRectF(middle - spread / 2, area.top(), spread, area.height())
        painter.drawText(wide, Qt.AlignmentFlag.AlignCenter, text)
        painter.restore()
        if badge:
            _draw_badge(painter, size)
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

    def with_time(self, text: str, *, badge: bool = False) -> QIcon:
        """The running icon as the time ``text`` (h:mm); the last few are kept."""
        key = (f"time:{text}:{self.style}", badge)
        if key not in self._made:
            for old in [k for k in self._made if k[0].startswith("time:")][:-2]:
                del self._made[old]
            self._made[key] = time_icon(text, self.style, badge=badge)
        return self._made[key]

    def for_state(self, *, running: bool, offline: bool, pending: int) -> QIcon:
        """Running or idle; offline shows as its own face when idle, as the dot when running;
        writes waiting to be sent (online) show as the dot."""
        if running:
            return self.icon("running", badge=offline or pending > 0)
        if offline:
            return self.icon("offline")
        return self.icon("idle", badge=pending > 0)
