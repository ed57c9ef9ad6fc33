"""Idle readings → the prompt → each choice lands in the sandbox to the second, exactly once
(plain pytest: the tracker over real HTTP, an injected clock, events recorded)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from tests.core_parts import Parts
from tray_app.core.idle.watch import DISCARD, DISCARD_CONTINUE, KEEP, REASSIGN, IdleChoice, IdleSpan
from tray_app.core.state import StartRequest
from tray_app.sandbox import Sandbox

pytestmark = pytest.mark.dates  # also run at faked moments


def away_and_back(parts: Parts) -> IdleSpan:
    """A timer runs 5 min, then 37 min pass without input, then the person is back."""
    parts.tracker.writes.on_start(StartRequest("Write report"))
    parts.clock.advance(5 * 60)
    parts.tracker.idle.on_reading(0)
    parts.clock.advance(60)
    parts.tracker.idle.on_reading(60)
    for _ in range(36):  # checked while away; the last input stays 6 min after the start
        parts.clock.advance(60)
        parts.tracker.idle.on_reading((parts.clock.now() - away_since(parts)).total_seconds())
    assert not parts.events.of("idle_returned")
    parts.clock.advance(10)
    parts.tracker.idle.on_reading(2)
    (span,) = [args[0] for args in parts.events.of("idle_returned")]
    return span


def away_since(parts: Parts) -> Any:
    running = parts.tracker.state.running
    assert running is not None
    return running.start + timedelta(minutes=5)


def entries(sandbox: Sandbox, parts: Parts) -> list[Any]:
    state = parts.tracker.state
    assert state.workspace is not None and state.user is not None
    mine = sandbox.state.entries_of(state.workspace.id, state.user.id)
    return sorted((e for e in mine if e.id not in parts.demo_ids), key=lambda e: e.start)


def test_the_prompt_comes_when_the_person_is_back(parts: Parts) -> None:
    span = away_and_back(parts)
    running = parts.tracker.state.running
    assert running is not None and span.entry_id == running.id
    assert span.since == running.start + timedelta(minutes=5)
    assert span.back == parts.clock.now() - timedelta(seconds=2)
    assert parts.tracker.idle.next_check() is None  # the prompt waits: no more readings


def test_discard_stops_the_timer_at_the_last_input(parts: Parts, sandbox: Sandbox) -> None:
    span = away_and_back(parts)
    parts.tracker.idle.on_choice(IdleChoice(span, DISCARD))
    (entry,) = entries(sandbox, parts)
    assert entry.end == span.since.replace(microsecond=0) and entry.description == "Write report"
    assert parts.tracker.state.running is None and parts.tracker.state.pending == 0


def test_discard_and_continue_starts_the_same_entry_now(parts: Parts, sandbox: Sandbox) -> None:
    span = away_and_back(parts)
    parts.tracker.idle.on_choice(IdleChoice(span, DISCARD_CONTINUE))
    first, again = entries(sandbox, parts)
    assert first.end == span.since.replace(microsecond=0)
    assert again.start == parts.clock.now() and again.end is None
    assert again.description == first.description == "Write report"


def test_keep_changes_nothing(parts: Parts, sandbox: Sandbox) -> None:
    span = away_and_back(parts)
    requests = len(sandbox.requests)
    parts.tracker.idle.on_choice(IdleChoice(span, KEEP))
    (entry,) = entries(sandbox, parts)
    assert entry.end is None and len(sandbox.requests) == requests
    assert parts.tracker.idle.next_check() is not None  # watching again


def test_reassign_gives_the_time_away_its_own_entry(parts: Parts, sandbox: Sandbox) -> None:
    span = away_and_back(parts)
    project = parts.tracker.state.projects[0]
    parts.tracker.idle.on_choice(
        IdleChoice(span, REASSIGN, StartRequest("Team meeting", project.id))
    )
    before, meeting, after = entries(sandbox, parts)
    since, back = span.since.replace(microsecond=0), span.back.replace(microsecond=0)  # type: ignore[union-attr]
    assert (before.description, before.end) == ("Write report", since)
    assert (meeting.description, meeting.project_id) == ("Team meeting", project.id)
    assert (meeting.start, meeting.end) == (since, back)
    assert (after.description, after.start, after.end) == ("Write report", back, None)
    posts = [r for r in sandbox.requests if r.method == "POST" and r.path.endswith("time-entries")]
    assert len(posts) == 3  # the first start, the meeting, the start again: each once


def test_no_prompt_when_the_timer_was_stopped_elsewhere(parts: Parts, sandbox: Sandbox) -> None:
    parts.tracker.writes.on_start(StartRequest("Write report"))
    parts.clock.advance(60)
    parts.tracker.idle.on_reading(30)
    for minute in range(2, 16):  # read once a minute, as the app does
        parts.clock.advance(60)
        parts.tracker.idle.on_reading(minute * 60)
    assert parts.tracker.idle.watch.away is not None
    parts.tracker.writes.on_stop()  # stopped (here or on the web: the state has no timer)
    parts.clock.advance(30)
    parts.tracker.idle.on_reading(1)
    assert not parts.events.of("idle_returned")


def test_a_wall_clock_jump_counts_as_time_away(parts: Parts) -> None:
    parts.tracker.writes.on_start(StartRequest("Write report"))
    parts.clock.advance(60)
    parts.tracker.idle.on_reading(10)
    parts.clock.jump_wall(45 * 60)  # suspended without logind saying so
    parts.tracker.idle.on_reading(1)  # the input came back with the wake-up
    (span,) = [args[0] for args in parts.events.of("idle_returned")]
    assert span.length(parts.clock.now()) >= timedelta(minutes=45)


def test_sleep_stops_the_timer_when_asked_or_asks_on_wake(parts: Parts, sandbox: Sandbox) -> None:
    parts.tracker.writes.on_start(StartRequest("Write report"))
    parts.clock.advance(20 * 60)
    asleep = parts.clock.now()
    parts.tracker.idle.on_away_started(stop=False)  # the option is off: keep it running
    parts.clock.jump_wall(50 * 60)
    parts.tracker.idle.on_away_ended()
    (span,) = [args[0] for args in parts.events.of("idle_returned")]
    assert span.since == asleep and span.back == parts.clock.now()
    parts.tracker.idle.on_choice(IdleChoice(span, DISCARD))
    (entry,) = entries(sandbox, parts)
    assert entry.end == asleep

    parts.tracker.writes.on_start(StartRequest("Second"))
    parts.clock.advance(5 * 60)
    locked = parts.clock.now()
    parts.tracker.idle.on_away_started(stop=True)  # the option is on: stopped at that moment
    assert parts.tracker.state.running is None
    parts.clock.advance(30 * 60)
    parts.tracker.idle.on_away_ended()
    assert len(parts.events.of("idle_returned")) == 1  # no timer ran: nothing to ask
    assert entries(sandbox, parts)[-1].end == locked


def test_giving_back_idle_time_leaves_no_fragment(parts: Parts, sandbox: Sandbox) -> None:
    """Idle from (almost) the start: discarding leaves no one-second entry behind."""
    for choice in (DISCARD, DISCARD_CONTINUE):
        parts.tracker.writes.on_start(StartRequest(f"Forgot it ({choice})"))
        running = parts.tracker.state.running
        assert running is not None
        started = running.start
        parts.clock.advance(15 * 60)
        span = IdleSpan(running.id, started + timedelta(seconds=1), parts.clock.now())
        parts.tracker.idle.on_choice(IdleChoice(span, choice))
        mine = [e for e in entries(sandbox, parts) if e.description == f"Forgot it ({choice})"]
        if choice == DISCARD:
            assert mine == [] and parts.tracker.state.running is None  # gone whole
        else:
            (again,) = mine  # only the timer started again, now
            assert again.start == parts.clock.now() and again.end is None
            parts.tracker.writes.on_stop()
        assert parts.tracker.state.pending == 0
