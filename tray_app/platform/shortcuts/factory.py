"""The global shortcuts this desktop offers: the back-end is picked here, where the back-ends
are imported (they import their interface from the package)."""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping

from PySide6.QtCore import QObject

from tray_app.i18n import _
from tray_app.platform.shortcuts import GlobalShortcuts, NullShortcuts


def for_this_desktop(
    environ: Mapping[str, str] | None = None, parent: QObject | None = None
) -> GlobalShortcuts:
    """The global shortcuts this system offers (a ``NullShortcuts`` where none)."""
    env = os.environ if environ is None else environ
    if sys.platform == "win32":
        from tray_app.platform.shortcuts.windows import WindowsHotkeys

        return WindowsHotkeys(parent)
    elif sys.platform == "darwin":
        from tray_app.platform.shortcuts.macos import CarbonHotkeys

        return CarbonHotkeys(parent)
    elif not env.get("DBUS_SESSION_BUS_ADDRESS") and not env.get("XDG_RUNTIME_DIR"):
        return NullShortcuts(_("There is no D-Bus session, so no desktop portal."), parent)
    else:
        from tray_app.platform.shortcuts.portal import PortalShortcuts

        return PortalShortcuts(parent)
