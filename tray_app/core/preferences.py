"""Preferences: the settings, saved at every change, and start at login."""

from __future__ import annotations

import contextlib
import logging
from dataclasses import asdict
from pathlib import Path
from typing import Any

from tray_app.core.pins import Pins, pins_from_saved, pins_to_saved
from tray_app.core.ports import Autostart
from tray_app.core.settings import LIMITS, Settings, check_setting
from tray_app.core.state import StartRequest
from tray_app.i18n import _

logger = logging.getLogger(__name__)


class Preferences:
    """The settings, saved to their file at every change, and start at login.

    Args:
        settings: the values read at start-up.
        path: where they are saved; ``None`` keeps them in memory (the demo).
        autostart: this system's start-at-login back-end; ``None`` where it does not apply.
        launch: the command that starts this app at login (with ``autostart``).
        server_override: a server given for this run only (``--api-url``, CLOCKIFY_API_URL);
            it wins over the saved one and is never saved.
    """

    def __init__(
        self,
        settings: Settings,
        path: Path | None,
        autostart: Autostart | None = None,
        *,
        server_override: str = "",
        launch: list[str] | None = None,
    ) -> None:
        self.settings = settings
        self._path = path
        self._autostart = autostart
        self._launch = launch or []
        self._server_override = server_override.strip()

    @property
    def server(self) -> str:
        """The server to use: a region name or URL ('' is the global one)."""
        return self._server_override or self.settings.base_url

    def save(self) -> None:
        if self._path is None:
            return
        try:
            self.settings.save(self._path)
        except OSError as err:
            logger.warning("could not save settings: %s", err)

    def last_start(self) -> StartRequest | None:
        """The last timer started here, as saved (``None`` if none, or unreadable)."""
        saved = self.settings.last_start
        return StartRequest.from_saved(saved) if isinstance(saved, dict) and saved else None

    def remember_start(self, request: StartRequest) -> None:
        self.settings.last_start = asdict(request)
        self.save()

    def pins(self) -> Pins:
        """The pinned timers of each workspace, as saved (unreadable ones left out)."""
        return pins_from_saved(self.settings.pins)

    def save_pins(self, pins: Pins) -> None:
        self.settings.pins = pins_to_saved(pins)
        self.save()

    def set_workspace(self, workspace_id: str) -> None:
        self.settings.workspace_id = workspace_id
        self.save()

    def set_server(self, text: str) -> None:
        """The server signed in to: used from now on, and saved."""
        self._server_override = ""
        self.settings.base_url = text.strip()
        self.save()

    def change(self, name: str, value: Any) -> str:
        """Set and save one setting of the Preferences window; why not, for a person, or ''."""
        why_not = check_setting(name, value)
        if why_not:
            return why_not
        if name in LIMITS and isinstance(getattr(self.settings, name), int):
            value = int(value)
        setattr(self.settings, name, sorted(set(value)) if name == "work_days" else value)
        self.save()
        return ""

    def autostart_enabled(self) -> bool:
        if self._autostart is None:
            return False
        with contextlib.suppress(OSError):
            return self._autostart.enabled()
        return False

    def set_autostart(self, enabled: bool) -> str:
        """Turn start at login on or off; the message for a person when that failed, else ''."""
        if self._autostart is None:
            return ""
        try:
            if enabled:
                self._autostart.enable(self._launch)
            else:
                self._autostart.disable()
        except OSError as err:
            return _("Could not change starting at login: {error}").format(error=err)
        return ""


__all__ = ["Preferences"]
