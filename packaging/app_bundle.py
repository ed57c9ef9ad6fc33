"""What the Windows and macOS bundles carry besides the code: the app icon in each system's
format, drawn from tray_app's SVG at build time, and the macOS Info.plist values. A module of
its own so the tests can check what the spec's darwin branch cannot run here."""

from __future__ import annotations

import struct
from pathlib import Path
from typing import Any

from tray_app import APP_TITLE, __version__
from tray_app.platform.autostart.launch_agent import LAUNCH_AGENT_LABEL

ROOT = Path(__file__).resolve().parent.parent
APP_SVG = ROOT / "tray_app" / "resources" / "icons" / "app.svg"
# The app's identity on macOS, shared with its LaunchAgent (an underscore, as in the Linux
# desktop id, is not allowed in a bundle identifier).
BUNDLE_IDENTIFIER = LAUNCH_AGENT_LABEL
ICO_SIZES = (16, 24, 32, 48, 64, 256)
# icns element types holding PNG data, by pixel size (ic11-ic14, the @2x ones, share sizes).
ICNS_TYPES = {32: b"ic11", 64: b"ic12", 128: b"ic07", 256: b"ic08", 512: b"ic09", 1024: b"ic10"}


def info_plist() -> dict[str, Any]:
    """Info.plist keys beyond what PyInstaller's BUNDLE writes: a menu-bar app (LSUIElement:
    no Dock icon, no app menu), sharp on Retina screens."""
    return {
        "CFBundleName": APP_TITLE,
        "CFBundleDisplayName": APP_TITLE,
        "CFBundleIdentifier": BUNDLE_IDENTIFIER,
        "CFBundleShortVersionString": __version__,
        "CFBundleVersion": __version__,
        "LSUIElement": True,
        "NSHighResolutionCapable": True,
    }


def render_png(size: int, svg: Path = APP_SVG) -> bytes:
    """The SVG drawn at ``size`` pixels square, as PNG bytes (Qt, already a dependency)."""
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    QSvgRenderer(str(svg)).render(painter)
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return bytes(data.data())


def ico(pngs: dict[int, bytes]) -> bytes:
    """A Windows .ico of PNG images (Vista and later read PNG entries)."""
    header = struct.pack("<HHH", 0, 1, len(pngs))
    entries, offset = b"", 6 + 16 * len(pngs)
    for size, png in sorted(pngs.items()):
        side = 0 if size >= 256 else size  # 0 means 256
        entries += struct.pack("<BBBBHHII", side, side, 0, 0, 1, 32, len(png), offset)
        offset += len(png)
    return header + entries + b"".join(png for _, png in sorted(pngs.items()))


def icns(pngs: dict[int, bytes]) -> bytes:
    """A macOS .icns of PNG elements."""
    body = b"".join(
        ICNS_TYPES[size] + struct.pack(">I", 8 + len(png)) + png
        for size, png in sorted(pngs.items())
    )
    return b"icns" + struct.pack(">I", 8 + len(body)) + body


def write_icon(folder: Path, kind: str) -> Path:
    """The app icon as ``folder``/clockify-tray.``kind`` ("ico" or "icns")."""
    sizes, pack = (ICO_SIZES, ico) if kind == "ico" else (tuple(ICNS_TYPES), icns)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"clockify-tray.{kind}"
    path.write_bytes(pack({size: render_png(size) for size in sizes}))
    return path
