"""Pinned timers and "start at the end of the last entry", in plain pytest: the decisions on
made-up states at fixed moments, then the tracker against the sandbox (the pins saved, shown
per workspace and read back after a restart; a start with no gap, in the outbox too)."""

from __future__ import annotations

import json
import logging
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from tests.core_parts import Parts
from tests.fakes import PINNED, RecordingEvents
from tests.gui_helpers import fast_client
from tray_app.clockify.models import TimeEntry, User, Workspace
from tray_app.clockify.timefmt import format_utc
from tray_app.core.pins import MAX_PINS, moved, pinned, pins_from_saved, unpinned
from tray_app.core.preferences import Preferences
from tray_app.core.session import Session
from tray_app.core.settings import Settings
from tray_app.core.state import AppState, StartRequest
from tray_app.core.tracking.intents import MovePin, Pin, Start, SwitchWorkspace, Unpin
from tray_app.core.tracking.tracker import Tracker
from tray_app.platform.keystore.memory import MemoryStore
from tray_app.sandbox import Sandbox

BERLIN = User("u", "Ada", "ada@example.com", "w", "w", "Europe/Berlin", "MONDAY", "HOUR24")
STATE = AppState(signed_in=True, user=BERLIN, workspace=Workspace("w", "Acme"))
REPORT = StartRequest("Write report", "p1", None, ("t2", "t1"), True)
CALLS = StartRequest("Calls", "p2")
REPORT_PINNED = replace(REPORT, tag_ids=("t1", "t2"))


def with_pins(state: AppState, *requests: StartRequest) -> AppState:
    for request in requests:
        pins = pinned(state, request)
        assert not isinstance(pins, str), pins
        state = replace(state, pins=pins)
    return state


def test_pins_keep_their_order_without_duplicates() -> None:
    state = with_pins(STATE, REPORT, CALLS)
    assert state.pinned == (REPORT_PINNED, CALLS)
    # The same timer again (tags in another order, a space more): nothing changes.
    again = StartRequest(" Write report ", "p1", None, ("t1", "t2"), True)
    assert pinned(state, again) == state.pins
    # Billable, task or tags differing make another pin.
    assert len(with_pins(state, replace(REPORT, billable=False)).pinned) == 3
    assert len(with_pins(state, replace(REPORT, task_id="k")).pinned) == 3


def test_at_most_nine_pins_and_never_an_empty_one() -> None:
    state = with_pins(STATE, *(StartRequest(f"Pin {n}") for n in range(MAX_PINS)))
    assert len(state.pinned) == 9
    assert pinned(state, StartRequest("Tenth")) == (
        "At most 9 entries can be pinned: unpin one first."
    )
    assert isinstance(pinned(STATE, StartRequest("  ")), str)
    assert isinstance(pinned(AppState(), REPORT), str)  # no workspace yet


def test_unpin_and_move_within_the_workspace() -> None:
    state = with_pins(STATE, REPORT, CALLS, StartRequest("Mail"))
    first, second, third = state.pinned
    assert moved(state, third, 0)["w"] == (third, first, second)
    assert moved(state, first, 99)["w"] == (second, third, first)  # beyond the end: last
    assert moved(state, StartRequest("Not pinned"), 0) == state.pins
    assert unpinned(state, REPORT_PINNED)["w"] == (second, third)


def test_each_workspace_has_its_own_pins() -> None:
    state = with_pins(STATE, REPORT)
    other = replace(state, workspace=Workspace("x", "Side"))
    assert other.pinned == ()
    other = with_pins(other, CALLS)
    assert other.pins == {"w": state.pinned, "x": (CALLS,)}
    assert replace(other, workspace=Workspace("w", "Acme")).pinned == state.pinned


def test_unreadable_saved_pins_are_left_out_and_logged(caplog: pytest.LogCaptureFixture) -> None:
    saved = {
        "w": [{"description": "Good", "project_id": "p1"}, "junk", {"tag_ids": 5}],
        "x": "not a list",
        "y": [{"description": f"Pin {n}"} for n in range(12)],
    }
    with caplog.at_level(logging.WARNING, logger="tray_app.core.pins"):
        pins = pins_from_saved(saved)
    assert pins["w"] == (StartRequest("Good", "p1"),)
    assert "x" not in pins and len(pins["y"]) == MAX_PINS
    assert "saved pin 2 of workspace w unreadable" in caplog.text
    assert "saved pin 3 of workspace w unreadable" in caplog.text  # nothing to start
    assert "saved pins of workspace x unreadable" in caplog.text
    assert pins_from_saved(["not", "a", "dict"]) == {}


def test_pins_survive_a_restart(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    first = Preferences(Settings(), path)
    first.save_pins(with_pins(STATE, REPORT, CALLS).pins)
    assert json.loads(path.read_text())["pins"]["w"][1]["description"] == "Calls"
    again = Preferences(Settings.load(path), path)
    assert again.pins() == {"w": with_pins(STATE, REPORT, CALLS).pinned}


# --- where a start with no gap begins ---------------------------------------------------------


def finished(start: datetime, minutes: int) -> TimeEntry:
    return TimeEntry(f"e{start:%H%M}", start, start + timedelta(minutes=minutes))


def test_a_start_with_no_gap_begins_where_the_last_entry_ended_today() -> None:
    now = datetime(2026, 11, 11, 13, 0, tzinfo=UTC)  # 14:00 in Berlin
    older = finished(datetime(2026, 11, 11, 8, 0, tzinfo=UTC), 60)
    newest = finished(datetime(2026, 11, 11, 10, 0, tzinfo=UTC), 125)  # ends 12:05 UTC
    state = replace(STATE, recent=(newest, older))
    assert state.last_end_today(now) == datetime(2026, 11, 11, 12, 5, tzinfo=UTC)
    # A timer runs: it is stopped now, and the new one starts now.
    assert replace(state, running=TimeEntry("r", now)).last_end_today(now) is None
    # An end in the future (an entry typed ahead), or right now: now.
    assert replace(state, recent=(finished(now, 30),)).last_end_today(now) is None
    assert state.last_end_today(newest.end) is None  # type: ignore[arg-type]
    assert replace(state, recent=()).last_end_today(now) is None


def test_today_is_the_user_s_day_not_utc_s() -> None:
    # 23:50 in Berlin yesterday is the same UTC day as 00:30 in Berlin today: not today.
    late = finished(datetime(2026, 11, 11, 22, 20, tzinfo=UTC), 30)
    state = replace(STATE, recent=(late,))
    assert state.last_end_today(datetime(2026, 11, 11, 23, 30, tzinfo=UTC)) is None
    # 00:10 in Berlin is today's, though it is yesterday in UTC.
    early = finished(datetime(2026, 11, 10, 22, 40, tzinfo=UTC), 30)
    now = datetime(2026, 11, 11, 5, 0, tzinfo=UTC)
    assert replace(state, recent=(early,)).last_end_today(now) == early.end


# --- the tracker --------------------------------------------------------------------------


def test_pins_through_the_channel_are_saved_and_shown_per_workspace(
    parts: Parts, sandbox: Sandbox
) -> None:
    tracker = parts.tracker
    home = tracker.state.workspace
    assert home is not None
    Pin(REPORT).carry_out(tracker)
    Pin(CALLS).carry_out(tracker)
    MovePin(CALLS, 0).carry_out(tracker)
    assert [p.description for p in parts.events.state.pinned] == ["Calls", "Write report"]
    saved = json.loads(parts.settings_file.read_text())["pins"][home.id]
    assert [p["description"] for p in saved] == ["Calls", "Write report"]

    side = next(w for w in tracker.state.workspaces if w.name == "Side Projects")
    SwitchWorkspace(side.id).carry_out(tracker)
    assert parts.events.state.pinned == ()
    Pin(StartRequest("Prune the roses")).carry_out(tracker)
    SwitchWorkspace(home.id).carry_out(tracker)
    assert [p.description for p in parts.events.state.pinned] == ["Calls", "Write report"]
    Unpin(CALLS).carry_out(tracker)
    assert [p.description for p in parts.events.state.pinned] == ["Write report"]

    # A restart: a new tracker on the settings file shows them (the home workspace chosen).
    preferences = Preferences(Settings.load(parts.settings_file), parts.settings_file)
    events = RecordingEvents()
    session = Session(fast_client, MemoryStore(sandbox.api_key))
    again = Tracker(session, parts.sync, parts.store, preferences, events, clock=parts.clock)
    again.on_startup()
    assert events.state.pinned == (REPORT_PINNED,)
    assert again.state.pins[side.id] == (StartRequest("Prune the roses"),)
    again.close()


def test_a_tenth_pin_is_refused_with_a_reason(parts: Parts) -> None:
    for number in range(MAX_PINS + 1):
        Pin(StartRequest(f"Pin {number}")).carry_out(parts.tracker)
    assert len(parts.tracker.state.pinned) == MAX_PINS
    assert parts.events.messages("failed") == ["At most 9 entries can be pinned: unpin one first."]


def test_pins_outlive_signing_out(parts: Parts) -> None:
    Pin(REPORT).carry_out(parts.tracker)
    pins = parts.tracker.state.pins
    parts.tracker.on_sign_out()
    assert parts.tracker.state.pins == pins


def test_a_start_from_the_last_end_leaves_no_gap(parts: Parts, sandbox: Sandbox) -> None:
    state = parts.tracker.state
    assert state.running is None
    last_end = state.last_end_today(parts.clock.now())
    assert last_end is not None and last_end < PINNED  # the demo tracked this morning
    Start(StartRequest("Forgot to switch"), from_last_end=True).carry_out(parts.tracker)
    (entry,) = [e for e in sandbox.state.entries.values() if e.description == "Forgot to switch"]
    assert entry.start == last_end and entry.end is None
    # With a timer running, the switch happens now: the running one stops where the next starts.
    parts.clock.advance(600)
    Start(StartRequest("Next"), from_last_end=True).carry_out(parts.tracker)
    assert sandbox.state.entries[entry.id].end == PINNED + timedelta(seconds=600)
    (following,) = [e for e in sandbox.state.entries.values() if e.description == "Next"]
    assert following.start == PINNED + timedelta(seconds=600)


def test_the_start_waiting_in_the_outbox_carries_the_earlier_moment(
    parts: Parts, sandbox: Sandbox
) -> None:
    last_end = parts.tracker.state.last_end_today(parts.clock.now())
    assert last_end is not None
    sandbox.faults.offline = True
    Start(StartRequest("On the train"), from_last_end=True).carry_out(parts.tracker)
    (op,) = parts.store.pending()
    assert op.kind == "start" and op.payload["start"] == format_utc(last_end)
    assert parts.tracker.state.running is not None
    assert parts.tracker.state.running.start == last_end
    Start(StartRequest("Plain")).carry_out(parts.tracker)  # not asked: now
    assert parts.store.pending()[-1].payload["start"] == format_utc(PINNED)
