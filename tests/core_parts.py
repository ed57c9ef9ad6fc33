"""A tracker built from real parts for plain-pytest tests of the core: a store on disk, the
sandbox over HTTP, an injected clock and recorded events."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from tests.fakes import FakeClock, RecordingEvents
from tests.gui_helpers import fast_client
from tray_app.core.pacing import RequestBudget, Timing
from tray_app.core.preferences import Preferences
from tray_app.core.session import Session
from tray_app.core.settings import Settings
from tray_app.core.store import Store
from tray_app.core.sync import Sync
from tray_app.core.tracking.tracker import Tracker
from tray_app.platform.keystore.memory import MemoryStore
from tray_app.sandbox import Sandbox


def running_on_server(sandbox: Sandbox, parts: Parts) -> list[object]:
    """The user's timers running on the server, as the sandbox holds them."""
    state = parts.tracker.state
    assert state.workspace is not None and state.user is not None
    mine = sandbox.state.entries_of(state.workspace.id, state.user.id)
    return [e for e in mine if e.end is None]


class Parts:
    """A tracker and what it was built from, at the pinned moment (tests/fakes.PINNED)."""

    def __init__(
        self,
        sandbox: Sandbox,
        tmp_path: Path,
        *,
        key: str | None,
        capacity: int = 30,
        timing: Timing | None = None,
    ) -> None:
        self.clock = FakeClock()
        self.demo_ids = frozenset(sandbox.state.entries)  # the demo's own, before the test
        self.events = RecordingEvents()
        self.store_path = tmp_path / "store.sqlite3"
        self.store = Store(self.store_path, now=self.clock.now)
        self.settings_file = tmp_path / "settings.json"
        self.budget = RequestBudget(capacity=capacity, clock=self.clock.monotonic)
        self.sync = Sync(
            self.store,
            budget=self.budget,
            timing=timing or Timing(settle=timedelta(0)),
            clock=self.clock,
        )
        self.tracker = Tracker(
            Session(fast_client, MemoryStore(key)),
            self.sync,
            self.store,
            Preferences(Settings(base_url=sandbox.url), self.settings_file),
            self.events,
            clock=self.clock,
        )
