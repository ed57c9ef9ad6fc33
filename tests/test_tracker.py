"""The tracker, session, sync and preferences in plain pytest: real HTTP to the sandbox, an
injected clock, and the tracker's events recorded instead of Qt signals."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest

from tests.core_parts import Parts
from tests.fakes import FakeClock
from tests.gui_helpers import fast_client
from tray_app.core.pacing import Timing
from tray_app.core.preferences import Preferences
from tray_app.core.session import SIGN_IN_HINT, Session
from tray_app.core.settings import Settings
from tray_app.core.state import EntryRequest, StartRequest
from tray_app.core.store import Store
from tray_app.core.sync import Sync
from tray_app.platform.keystore.memory import MemoryStore
from tray_app.sandbox import Sandbox

pytestmark = pytest.mark.dates  # also run at faked moments


@pytest.fixture
def parts(sandbox: Sandbox, tmp_path: Path) -> Iterator[Parts]:
    made = Parts(sandbox, tmp_path, key=sandbox.api_key, capacity=2)
    made.tracker.on_startup()
    yield made
    made.tracker.close()
    made.store.close()


def entry_reads(sandbox: Sandbox) -> int:
    return sum(
        1 for r in sandbox.requests if r.method == "GET" and r.path.endswith("/time-entries")
    )


def test_startup_reads_everything_and_caches_it(parts: Parts, sandbox: Sandbox) -> None:
    state = parts.tracker.state
    assert state.signed_in and state.user is not None and state.workspace is not None
    active = [
        p
        for p in sandbox.state.projects.values()
        if p["workspaceId"] == state.workspace.id and not p["archived"]
    ]
    assert len(state.projects) == len(active) > 0
    assert parts.events.state.signed_in
    assert parts.store.get(f"projects:{state.workspace.id}")
    assert parts.sync.synced


def test_start_and_stop_land_at_the_clock_s_seconds(parts: Parts, sandbox: Sandbox) -> None:
    started_at = parts.clock.now()
    parts.tracker.writes.on_start(StartRequest("Write the spec"))
    (entry,) = [e for e in sandbox.state.entries.values() if e.description == "Write the spec"]
    assert entry.start == started_at and entry.end is None
    assert parts.tracker.state.running is not None and parts.tracker.state.pending == 0
    parts.clock.advance(90)
    parts.tracker.writes.on_stop()
    assert entry.end == started_at + timedelta(seconds=90)
    assert parts.tracker.state.running is None
    assert parts.tracker.preferences.last_start() == StartRequest("Write the spec")


def test_offline_writes_wait_with_growing_retries_then_land_once(
    parts: Parts, sandbox: Sandbox
) -> None:
    sandbox.faults.offline = True
    parts.tracker.writes.on_start(StartRequest("On the train"))
    assert parts.tracker.state.offline and parts.tracker.state.pending == 1
    assert parts.events.retry_delay == 5
    parts.tracker.reads.on_retry()
    assert parts.events.retry_delay == 15  # still offline: the next wait is longer
    assert not parts.events.messages("failed")  # offline is a badge, not a notification
    sandbox.faults.offline = False
    parts.tracker.reads.on_retry()
    assert parts.tracker.state.pending == 0 and not parts.tracker.state.offline
    assert parts.events.retry_delay is None  # the retry was cancelled
    assert any("Back online" in m for m in parts.events.messages("notice"))
    assert len([e for e in sandbox.state.entries.values() if e.description == "On the train"]) == 1


def test_background_reads_keep_to_the_gap_and_the_budget(parts: Parts, sandbox: Sandbox) -> None:
    before = entry_reads(sandbox)
    parts.tracker.reads.on_refresh()
    assert entry_reads(sandbox) == before  # just synced at start-up
    parts.clock.advance(61)
    parts.tracker.reads.on_refresh()
    parts.tracker.reads.on_refresh()  # within the gap of the one before
    assert entry_reads(sandbox) == before + 1
    parts.tracker.reads.on_tick()  # the budget (2 an hour here) allows one more
    parts.tracker.reads.on_tick()
    parts.clock.advance(61)
    parts.tracker.reads.on_refresh()
    assert entry_reads(sandbox) == before + 2
    parts.clock.advance(1800)  # half an hour gives back one request
    parts.tracker.reads.on_tick()
    assert entry_reads(sandbox) == before + 3


def test_a_timer_started_elsewhere_shows_on_the_next_sync(parts: Parts, sandbox: Sandbox) -> None:
    state = parts.tracker.state
    assert state.workspace is not None and state.user is not None and state.running is None
    with fast_client(sandbox.api_key, sandbox.url) as other_device:
        other_device.start_timer(state.workspace.id, description="From the phone")
    parts.clock.advance(61)
    parts.tracker.reads.on_refresh()
    running = parts.tracker.state.running
    assert running is not None and running.description == "From the phone"


def test_sync_notices_a_wall_clock_jump_as_sleep(tmp_path: Path) -> None:
    clock = FakeClock()
    sync = Sync(Store(":memory:"), timing=Timing(sync_interval=300, wake_jump=120), clock=clock)
    clock.advance(300)
    assert not sync.on_tick()
    clock.jump_wall(300 + 3600)  # an hour asleep between two ticks
    assert sync.on_tick()
    clock.advance(300)
    assert not sync.on_tick()


def test_startup_without_a_key_asks_to_sign_in(sandbox: Sandbox, tmp_path: Path) -> None:
    made = Parts(sandbox, tmp_path, key=None)
    made.tracker.on_startup()
    assert made.events.messages("needs_sign_in") == [SIGN_IN_HINT]
    assert not sandbox.requests  # nothing was asked of the server


def test_a_write_before_sign_in_is_refused_plainly(sandbox: Sandbox, tmp_path: Path) -> None:
    made = Parts(sandbox, tmp_path, key=None)
    made.tracker.on_startup()
    made.tracker.writes.on_start(StartRequest("x"))
    now = made.clock.now()
    made.tracker.writes.on_create_entry(EntryRequest(7, now - timedelta(hours=1), now))
    # Each action is told: a notification each, and the form's own message.
    assert (
        made.events.messages("failed") == ["Not signed in. Choose “Sign in…” in the tray menu."] * 2
    )
    assert made.events.of("entry_failed") == [(7, "Not signed in.")]
    assert made.store.pending_count() == 0


def test_sign_in_checks_the_key_then_keeps_it(sandbox: Sandbox) -> None:
    keys = MemoryStore()
    session = Session(fast_client, keys)
    assert session.sign_in("  ", sandbox.url).message == "Enter your API key."
    refused = session.sign_in("not-a-key", sandbox.url)
    assert not refused.ok and keys.get() is None and session.client is None
    bad_url = session.sign_in(sandbox.api_key, "ftp://example.com")
    assert not bad_url.ok and "not a Clockify server address" in bad_url.message
    accepted = session.sign_in(f" {sandbox.api_key} ", sandbox.url)
    assert accepted.ok and accepted.user is not None
    assert accepted.message.startswith(f"Signed in as {accepted.user.name}")
    assert keys.get() == sandbox.api_key and session.client is not None
    assert session.sign_out() == ""
    assert keys.get() is None and session.client is None


def test_a_server_for_this_run_wins_and_is_never_saved(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    preferences = Preferences(Settings(base_url="euc1"), path, server_override="http://[::1]:9")
    assert preferences.server == "http://[::1]:9"
    preferences.remember_start(StartRequest("x", tag_ids=("t",)))
    saved = Settings.load(path)
    assert saved.base_url == "euc1" and saved.last_start["tag_ids"] == ["t"]
    preferences.set_server("use2")  # signed in to another server: that one from now on
    assert preferences.server == "use2" and Settings.load(path).base_url == "use2"


def test_an_unreadable_last_start_is_ignored(tmp_path: Path) -> None:
    preferences = Preferences(Settings(last_start={"tag_ids": 5, "project_id": 3}), None)
    assert preferences.last_start() == StartRequest(project_id="3")
    assert Preferences(Settings(), None).last_start() is None
    assert not Preferences(Settings(), None).autostart_enabled()


def test_the_network_coming_back_sends_at_once(parts: Parts, sandbox: Sandbox) -> None:
    sandbox.faults.offline = True
    parts.tracker.writes.on_start(StartRequest("Sent when the network is back"))
    assert parts.tracker.state.offline and parts.events.retry_delay == 5
    sandbox.faults.offline = False
    parts.tracker.reads.on_network_back()  # not the retry timer: the system said so
    assert parts.tracker.state.pending == 0 and not parts.tracker.state.offline
    assert parts.events.retry_delay is None
    before = len(sandbox.requests)
    parts.tracker.reads.on_network_back()  # nothing waits: nothing is asked
    assert len(sandbox.requests) == before


def test_a_week_is_read_whole_and_kept_for_offline(parts: Parts, sandbox: Sandbox) -> None:
    from tray_app.core.week.days import days_of, week_of

    state = parts.tracker.state
    assert state.user is not None and state.workspace is not None
    newest = max(e.start for e in sandbox.state.entries.values())
    week = week_of(newest, state.zone, state.user.week_start)
    assert parts.sync.week_from_cache(state, week) is None
    with fast_client(sandbox.api_key, sandbox.url) as client:
        read = parts.sync.read_week(client, state, week)
    expected = {
        e.id
        for e in sandbox.state.entries.values()
        if e.workspace_id == state.workspace.id and week.start <= e.start < week.end
    }
    assert {e.id for e in read} == expected and expected
    sandbox.faults.offline = True  # offline now: the week comes from the cache
    cached = parts.sync.week_from_cache(state, week)
    assert cached is not None and {e.id for e in cached} == expected
    days = days_of(week, cached, parts.clock.now())
    assert sum(len(d.entries) for d in days) == len(expected)
