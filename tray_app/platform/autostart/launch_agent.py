"""Start at login on macOS: a LaunchAgent property list that launchd loads at login."""

from __future__ import annotations

import plistlib
from pathlib import Path

LAUNCH_AGENT_LABEL = "io.github.clockify-tray"


class LaunchAgent:
    """``~/Library/LaunchAgents/<label>.plist``, loaded by launchd at login."""

    def __init__(self, home: Path | None = None) -> None:
        self.path = (
            (home or Path.home()) / "Library" / "LaunchAgents" / f"{LAUNCH_AGENT_LABEL}.plist"
        )

    def enabled(self) -> bool:
        return self.path.exists()

    def enable(self, command: list[str]) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        agent = {"Label": LAUNCH_AGENT_LABEL, "ProgramArguments": command, "RunAtLoad": True}
        self.path.write_bytes(plistlib.dumps(agent))

    def disable(self) -> None:
        self.path.unlink(missing_ok=True)
