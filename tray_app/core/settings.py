"""The settings file: what the app remembers between runs (never the API key).

Light on purpose: read before the tray icon shows (for the icon's style), so it imports
nothing of the app's core (only i18n, for the words); the Preferences window's rules for each
setting live here too, their messages in the chosen language.
"""

from __future__ import annotations

import json
import logging
import os
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Any

import platformdirs

from tray_app import APP_ID
from tray_app.i18n import LANGUAGES, _

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
        icon_time: draw the running time (h:mm) on the tray icon.
        remind_not_tracking / remind_after_minutes: "You are not tracking" after that long
            without a timer, on ``work_days`` (0 is Monday) from ``work_from`` to ``work_until``.
        remind_long_timer / long_timer_hours: "Still tracking …" once a timer runs that long.
        notify_target_reached: say when today's tracked time reaches the day's target.
        pomodoro and the ``pomodoro_*`` lengths (minutes): the work/break cycle;
            ``pomodoro_stop_timer`` stops the timer for breaks, ``pomodoro_continue`` starts it
            again after them; ``pomodoro_cycle`` is where the cycle is (kept over a restart).
        global_shortcuts: ask the desktop for the two global shortcuts.
        language: the app's language (a key of i18n.LANGUAGES); empty follows the system's.
        pins: the pinned timers of each workspace (by id), in order, each saved as the last
            start is (core/pins.py reads them back).
    """

    base_url: str = ""
    workspace_id: str = ""
    last_start: dict[str, Any] = field(default_factory=dict)
    icon_style: str = "colour"
    idle_detection: bool = True
    idle_minutes: float = 10
    stop_when_away: bool = False
    icon_time: bool = False
    remind_not_tracking: bool = False
    remind_after_minutes: int = 15
    work_days: list[int] = field(default_factory=lambda: [0, 1, 2, 3, 4])
    work_from: str = "09:00"
    work_until: str = "17:00"
    remind_long_timer: bool = True
    long_timer_hours: float = 9
    notify_target_reached: bool = False
    pomodoro: bool = False
    pomodoro_work_minutes: int = 25
    pomodoro_short_break_minutes: int = 5
    pomodoro_long_break_minutes: int = 15
    pomodoro_long_break_every: int = 4
    pomodoro_stop_timer: bool = False
    pomodoro_continue: bool = True
    pomodoro_cycle: dict[str, Any] = field(default_factory=dict)
    global_shortcuts: bool = True
    language: str = ""
    pins: dict[str, list[dict[str, Any]]] = field(default_factory=dict)

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
        import tempfile

        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".settings-")
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            json.dump(asdict(self), stream, indent=2)
        os.replace(temporary, path)


# What the Preferences window may change, with the range a number must fall in.
LIMITS: dict[str, tuple[float, float]] = {
    "idle_minutes": (1, 120),
    "remind_after_minutes": (1, 480),
    "long_timer_hours": (1, 24),
    "pomodoro_work_minutes": (1, 180),
    "pomodoro_short_break_minutes": (1, 60),
    "pomodoro_long_break_minutes": (1, 120),
    "pomodoro_long_break_every": (2, 12),
}
CHANGEABLE = {
    *LIMITS,
    "icon_style",
    "icon_time",
    "idle_detection",
    "stop_when_away",
    "remind_not_tracking",
    "work_days",
    "work_from",
    "work_until",
    "remind_long_timer",
    "notify_target_reached",
    "pomodoro",
    "pomodoro_stop_timer",
    "pomodoro_continue",
    "global_shortcuts",
    "language",
}


def check_setting(name: str, value: Any) -> str:
    """Why ``value`` cannot be the setting ``name`` ('' when it can)."""
    if name not in CHANGEABLE:
        return _("{name} is not a setting that can be changed here.").format(name=name)
    default = getattr(Settings(), name)
    if isinstance(default, bool):
        return "" if isinstance(value, bool) else _("{name} is on or off.").format(name=name)
    if name in LIMITS:
        low, high = LIMITS[name]
        if (
            isinstance(value, bool)
            or not isinstance(value, int | float)
            or not low <= value <= high
        ):
            return _("{name} must be between {low} and {high}.").format(
                name=name, low=f"{low:g}", high=f"{high:g}"
            )
        return ""
    if name == "work_days":
        ok = isinstance(value, list) and all(isinstance(d, int) and 0 <= d <= 6 for d in value)
        return "" if ok else _("Working days are weekday numbers from 0 (Monday) to 6.")
    if name in ("work_from", "work_until"):
        from tray_app.core.attention.reminders import parse_clock

        ok = parse_clock(value) is not None
        return "" if ok else _("A time of day is written like 09:00.")
    if name == "language":
        return "" if value == "" or value in LANGUAGES else _("Not a language the app has.")
    if name == "icon_style":
        # Translators: the setting's values are written as they are: colour, light, dark.
        styles = _("Icon styles: colour, light, dark.")
        return "" if value in ("colour", "light", "dark") else styles
    return ""


def settings_path(demo: bool = False) -> Path:
    name = "settings-demo.json" if demo else "settings.json"
    return Path(platformdirs.user_config_dir(APP_ID)) / name
