"""Start at login on Linux and other XDG desktops: a .desktop file in the autostart folder."""

from __future__ import annotations

import os
from pathlib import Path

from tray_app import APP_ID, APP_TITLE
from tray_app.i18n import _
from tray_app.platform.autostart import desktop_exec


class XdgAutostart:
    """``$XDG_CONFIG_HOME/autostart/clockify-tray.desktop`` (the freedesktop.org way)."""

    def __init__(self, config_home: Path | None = None) -> None:
        base = config_home or Path(os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config")
        self.path = base / "autostart" / f"{APP_ID}.desktop"

    def enabled(self) -> bool:
        if not self.path.exists():
            return False
        text = self.path.read_text(encoding="utf-8")
        return "Hidden=true" not in text and "X-GNOME-Autostart-enabled=false" not in text

    def enable(self, command: list[str]) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        # The desktop's list of start-up programs shows it (in the language of the moment).
        comment = _("Start and stop your Clockify timer from the system tray")
        self.path.write_text(
            "[Desktop Entry]\n"
            "Type=Application\n"
            f"Name={APP_TITLE}\n"
            f"Comment={comment}\n"
            f"Exec={desktop_exec(command)}\n"
            f"Icon={APP_ID}\n"
            "Terminal=false\n"
            "X-GNOME-Autostart-enabled=true\n",
            encoding="utf-8",
        )

    def disable(self) -> None:
        self.path.unlink(missing_ok=True)
