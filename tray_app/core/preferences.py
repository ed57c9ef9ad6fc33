"""Preferences: the settings file (never the API key), start at login and the icon style."""

from __future__ import annotations

import contextlib
import json
import logging
import os
import tempfile
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Any

import platformdirs

from tray_app import APP_ID
from tray_app.core.state import StartRequest
from tray_app.platform.autostart import Autostart, launch_command

logger = logging.getLogger(__name__)


@dataclass
class Settings:
    """What the app remembers between runs (never the API key).

    Attributes:
        base_url: the server: a region name or URL; empty means global.
        workspace_id: the workspace last chosen in the menu.
        last_start: the last timer started, for a one-click restart.
        icon_style: colour, light or dark (monochrome for light or dark panels).
        idle_detection: ask about time without keyboard or mouse input while a timer runs.
        idle_minutes: how long without input counts as idle.
        stop_when_away: stop the timer when the computer sleeps, locks or shuts down.
    """

    base_url: str = ""
    workspace_id: str = ""
    last_start: dict[str, Any] = field(default_factory=dict)
    icon_style: str = "colour"
    idle_detection: bool = True
    idle_minutes: float = 10
    stop_when_away: bool = False

    @classmethod
    def load(cls, path: Path) -> Settings:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return cls()
        except (OSError, ValueError) as err:
            logger.warning("settings file %s unreadable (%s); using defaults", path, err)
            return cls()
        known = {f.name for f in fields(cls)}
        return (
            cls(**{k: v for k, v in data.items() if k in known})
            if isinstance(data, dict)
            else cls()
        )

    def save(self, path: Path) -> None:
        """Write atomically, so a crash mid-write never leaves half a file."""
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".settings-")
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            json.dump(asdict(self), stream, indent=2)
        os.replace(temporary, path)


def settings_path(demo: bool = False) -> Path:
    name = "settings-demo.json" if demo else "settings.json"
    return Path(platformdirs.user_config_dir(APP_ID)) / name


class Preferences:
    """The settings, saved to their file at every change, and start at login.

    Args:
        settings: the values read at start-up.
        path: where they are saved; ``None`` keeps them in memory (the demo).
        autostart: this system's start-at-login back-end; ``None`` where it does not apply.
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
    ) -> None:
        self.settings = settings
        self._path = path
        self._autostart = autostart
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
        if not saved:
            return None
        try:
            tag_ids = saved.get("tag_ids") or ()
            return StartRequest(
                description=str(saved.get("description") or ""),
                project_id=str(saved["project_id"]) if saved.get("project_id") else None,
                task_id=str(saved["task_id"]) if saved.get("task_id") else None,
                tag_ids=tuple(str(t) for t in tag_ids) if isinstance(tag_ids, list | tuple) else (),
                billable=saved.get("billable") is True,
            )
        except (KeyError, TypeError):
            return None

    def remember_start(self, request: StartRequest) -> None:
        self.settings.last_start = asdict(request)
        self.save()

    def set_workspace(self, workspace_id: str) -> None:
        self.settings.workspace_id = workspace_id
        self.save()

    def set_server(self, text: str) -> None:
        """The server signed in to: used from now on, and saved."""
        self._server_override = ""
        self.settings.base_url = text.strip()
        self.save()

    def set_icon_style(self, style: str) -> None:
        self.settings.icon_style = style
        self.save()

    def set_idle_detection(self, enabled: bool) -> None:
        self.settings.idle_detection = enabled
        self.save()

    def set_stop_when_away(self, enabled: bool) -> None:
        self.settings.stop_when_away = enabled
        self.save()

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
                self._autostart.enable(launch_command())
            else:
                self._autostart.disable()
        except OSError as err:
            return f"Could not change starting at login: {err}"
        return ""
