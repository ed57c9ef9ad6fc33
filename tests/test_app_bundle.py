"""What the macOS and Windows bundles carry besides the code (packaging/app_bundle.py): the
Info.plist values the spec's darwin branch hands to BUNDLE, and the icon files."""

from __future__ import annotations

import importlib.util
import plistlib
import struct
from pathlib import Path
from types import ModuleType

import pytest

from tray_app import APP_TITLE, __version__
from tray_app.platform.autostart.launch_agent import LAUNCH_AGENT_LABEL

SPEC = Path(__file__).resolve().parent.parent / "packaging" / "app_bundle.py"


@pytest.fixture(scope="module")
def app_bundle() -> ModuleType:
    """Loaded from its file: packaging/ is no package (its name is PyPA's)."""
    spec = importlib.util.spec_from_file_location("app_bundle", SPEC)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_info_plist_makes_a_menu_bar_app(app_bundle: ModuleType) -> None:
    info = plistlib.loads(plistlib.dumps(app_bundle.info_plist()))
    assert info["LSUIElement"] is True  # no Dock icon
    assert info["NSHighResolutionCapable"] is True
    assert info["CFBundleIdentifier"] == LAUNCH_AGENT_LABEL == app_bundle.BUNDLE_IDENTIFIER
    assert info["CFBundleShortVersionString"] == info["CFBundleVersion"] == __version__
    assert info["CFBundleName"] == APP_TITLE
    # Apple allows letters, digits, hyphens and dots in a bundle identifier.
    assert all(c.isalnum() or c in "-." for c in info["CFBundleIdentifier"])


def test_icns_holds_each_size_as_png(app_bundle: ModuleType, tmp_path: Path) -> None:
    data = app_bundle.write_icon(tmp_path, "icns").read_bytes()
    assert data[:4] == b"icns" and struct.unpack(">I", data[4:8])[0] == len(data)
    found, offset = {}, 8
    while offset < len(data):
        kind, length = (
            data[offset : offset + 4],
            struct.unpack(">I", data[offset + 4 : offset + 8])[0],
        )
        found[kind] = data[offset + 8 : offset + length]
        offset += length
    assert set(found) == set(app_bundle.ICNS_TYPES.values())
    assert all(png.startswith(b"\x89PNG") for png in found.values())
    assert struct.unpack(">II", found[b"ic10"][16:24]) == (1024, 1024)  # the PNG's IHDR


def test_ico_lists_each_size(app_bundle: ModuleType, tmp_path: Path) -> None:
    data = app_bundle.write_icon(tmp_path, "ico").read_bytes()
    reserved, kind, count = struct.unpack_from("<HHH", data)
    assert (reserved, kind, count) == (0, 1, len(app_bundle.ICO_SIZES))
    sizes = []
    for index in range(count):
        side, _, _, _, _, _, length, offset = struct.unpack_from("<BBBBHHII", data, 6 + 16 * index)
        assert data[offset : offset + 4] == b"\x89PNG" and offset + length <= len(data)
        sizes.append(side or 256)
    assert sizes == list(app_bundle.ICO_SIZES)
