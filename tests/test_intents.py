"""The one channel in: every operation is an immutable intent that the tracker carries out,
tested here without Qt against the sandbox; the worker and the controller add nothing per
operation."""

from __future__ import annotations

import dataclasses
import inspect
from datetime import date

import pytest

from tests.core_parts import Parts, running_on_server
from tray_app.core.state import StartRequest
from tray_app.core.tracking import intents
from tray_app.core.tracking.intents import (
    ChangeSetting,
    CloseWeek,
    Intent,
    LoadTasks,
    ShowWeek,
    Start,
    Stop,
)
from tray_app.sandbox import Sandbox


def all_intents() -> list[type[Intent]]:
    return [
        kind
        for _, kind in inspect.getmembers(intents, inspect.isclass)
        if issubclass(kind, Intent) and kind is not Intent
    ]


def test_every_intent_is_an_immutable_value() -> None:
    kinds = all_intents()
    assert len(kinds) >= 20
    for kind in kinds:
        assert dataclasses.is_dataclass(kind) and kind.__dataclass_params__.frozen  # type: ignore[attr-defined]
    start = Start(StartRequest("Write"))
    with pytest.raises(dataclasses.FrozenInstanceError):
        start.request = StartRequest("Other")  # type: ignore[misc]
    assert start == Start(StartRequest("Write"))  # a value: equal when what it asks is


def test_intents_are_carried_out_by_the_tracker_without_qt(parts: Parts, sandbox: Sandbox) -> None:
    tracker = parts.tracker
    Start(StartRequest("Through the channel")).carry_out(tracker)
    assert len(running_on_server(sandbox, parts)) == 1 and tracker.state.running is not None
    Stop().carry_out(tracker)
    assert running_on_server(sandbox, parts) == [] and tracker.state.running is None
    ShowWeek(date(2026, 11, 9)).carry_out(tracker)
    ((view,),) = parts.events.of("week_changed")[-1:]
    assert view.week.first == date(2026, 11, 9)
    CloseWeek().carry_out(tracker)
    assert tracker.book.week is None
    project = tracker.state.projects[0].id
    LoadTasks(project).carry_out(tracker)
    assert parts.events.of("tasks_loaded")[-1][0] == project


def test_a_setting_changed_through_the_channel_is_followed_and_shown(parts: Parts) -> None:
    """The pomodoro's line is added by the tracker itself: every state sent carries it."""
    ChangeSetting("pomodoro", True).carry_out(parts.tracker)
    Start(StartRequest("Focus")).carry_out(parts.tracker)
    (shown,) = parts.events.of("state_changed")[-1]
    assert shown.pomodoro is not None and not shown.pomodoro.on_break
    assert parts.tracker.state.pomodoro == shown.pomodoro
    ChangeSetting("idle_minutes", -3).carry_out(parts.tracker)  # refused, with a reason
    assert parts.events.of("failed")


def test_the_worker_and_the_controller_have_one_way_in() -> None:
    from tray_app.control.controller import Controller
    from tray_app.worker.api_worker import ApiWorker

    slots = [name for name in vars(ApiWorker) if name.startswith("on_")]
    assert sorted(slots) == ["on_request", "on_shutdown", "on_startup"]
    requests = [name for name in vars(Controller) if name.startswith("request")]
    assert sorted(requests) == ["request", "request_shutdown", "request_startup"]
