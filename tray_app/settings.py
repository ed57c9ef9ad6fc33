"""Non-secret preferences in a small JSON file in the user's config directory."""

from __future__ import annotations

import json
import logging
import os
import tempfile
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Any

import platformdirs

logger = logging.getLogger(__name__)

APP_NAME = "clockify-tray"


@dataclass
class Settings:
    """What the app remembers between runs (never the API key).

    Attributes:
        base_url: the server: a region name or URL; empty means global.
        workspace_id: the workspace last chosen in the menu.
        last_start: the last timer started, for a one-click restart.
        icon_style: colour, light or dark (monochrome for light or dark panels).
    """

    base_url: str = ""
    workspace_id: str = ""
    last_start: dict[str, Any] = field(default_factory=dict)
    icon_style: str = "colour"

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
    return Path(platformdirs.user_config_dir(APP_NAME)) / name
