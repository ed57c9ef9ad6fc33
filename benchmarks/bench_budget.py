"""One simulated hour in the background with every feature on, against the sandbox over HTTP.

The core as the worker drives it, on an injected clock moved by hand: the periodic sync every
five minutes, an idle reading a minute while a timer runs, reminders and the pomodoro looked at
when they ask to be, the entries window open all along. Reads are counted against Clockify's
30 requests an hour for new Free workspaces; the pomodoro's own writes (a break stops the
timer, its end starts it again) are what the person asked for, and shown apart.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from benchmarks.common import Result, required_values
from tray_app.clockify import ClockifyClient
from tray_app.core.clock import ManualClock
from tray_app.core.pacing import RequestBudget, Timing
from tray_app.core.preferences import Preferences
from tray_app.core.session import Session
from tray_app.core.settings import Settings
from tray_app.core.state import StartRequest
from tray_app.core.store import Store
from tray_app.core.sync import Sync
from tray_app.core.tracking.tracker import Tracker
from tray_app.platform.keystore.memory import MemoryStore
from tray_app.sandbox import Sandbox

HOUR = 3600
STEP = 10  # seconds of simulated time per step


class _Events:
    """The worker's part, without Qt: what is nudged is counted, the rest let go."""

    def __init__(self) -> None:
        self.nudges: list[str] = []

    def nudge(self, kind: str, text: str) -> None:
        self.nudges.append(kind)

    def __getattr__(self, name: str) -> Any:
        return lambda *args: None


def run() -> list[Result]:
    # The simulated hour starts now: the demo's entries end just before it.
    started = datetime.now(UTC).replace(microsecond=0)
    sandbox = Sandbox(seed_moment=started).start()
    clock = ManualClock(started)
    store = Store(":memory:", now=clock.now)
    settings = Settings(
        base_url=sandbox.url,
        remind_not_tracking=True,
        work_days=list(range(7)),
        work_from="00:00",
        work_until="23:59",
        remind_long_timer=True,
        pomodoro=True,
        pomodoro_stop_timer=True,
    )
    events = _Events()
    tracker = Tracker(
        Session(
            lambda key, url: ClockifyClient(key, url, backoff_base=0, max_retries=2),
            MemoryStore(sandbox.api_key),
        ),
        Sync(store, budget=RequestBudget(clock=clock.monotonic), timing=Timing(), clock=clock),
        store,
        Preferences(settings, None),
        events,
        clock=clock,
    )
    attention = tracker.attention
    try:
        tracker.on_startup()
        tracker.reads.on_show_week(None)  # the entries window stays open
        tracker.writes.on_start(
            StartRequest("An hour of work", custom_fields=required_values(tracker.state))
        )
        reads_before = _reads(sandbox)
        writes_before = len(sandbox.requests) - reads_before
        sync_every = int(tracker.sync.timing.sync_interval)
        for elapsed in range(STEP, HOUR + 1, STEP):
            clock.advance(STEP)
            if elapsed % sync_every == 0:
                tracker.reads.on_tick()
            if elapsed % 60 == 0 and tracker.state.running is not None:
                tracker.idle.on_reading(5.0)  # someone at the keyboard
            due = attention.next_check()
            if due is not None and due <= clock.now():
                attention.on_check(present=True)
        reads = _reads(sandbox) - reads_before
        writes = len(sandbox.requests) - reads_before - writes_before - reads
    finally:
        tracker.close()
        store.close()
        sandbox.stop()
    return [
        Result(
            "requests: one hour in the background, every feature on",
            reads,
            30,
            "",
            "≤ 30",
            reads <= 30,
            "entries window open, idle detection, reminders, pomodoro; simulated clock; "
            f"plus {writes} writes of the pomodoro's breaks",
        )
    ]


def _reads(sandbox: Sandbox) -> int:
    return sum(1 for request in sandbox.requests if request.method == "GET")
