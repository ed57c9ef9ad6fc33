"""The idle prompt with real widgets, the worker's thread and the sandbox: it comes, can be
closed and brought back from the menu, and its choices land on the server."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QMetaObject
from pytestqt.qtbot import QtBot

from tests.fakes import PINNED
from tests.gui_helpers import sandbox_app
from tray_app.control.controller import Controller
from tray_app.core.idle.watch import IdleSpan
from tray_app.core.state import StartRequest
from tray_app.core.tracking.intents import Start
from tray_app.sandbox import Sandbox
from tray_app.sandbox.wire import wire_time

pytestmark = pytest.mark.dates  # also run at faked moments

DEMO_IDS: dict[Sandbox, frozenset[str]] = {}  # each test's sandbox: the demo's own entries


@pytest.fixture
def app(qtbot: QtBot, sandbox: Sandbox, tmp_path: Path) -> Iterator[Controller]:
    """Signed in while a timer has run for an hour (started on the web, say)."""
    DEMO_IDS[sandbox] = frozenset(sandbox.state.entries)
    user = sandbox.state.keys[sandbox.api_key]
    workspace = sandbox.state.users[user]["activeWorkspace"]
    start = PINNED - timedelta(hours=1)
    sandbox.state.create_entry(
        workspace, user, {"start": wire_time(start), "description": "Deep work"}
    )
    with sandbox_app(qtbot, sandbox, tmp_path / "s.json") as controller:
        qtbot.waitUntil(lambda: controller.state.running is not None)
        yield controller


def started(qtbot: QtBot, app: Controller) -> IdleSpan:
    """The worker telling that the person was away for 20 minutes of the running timer."""
    running = app.state.running
    assert running is not None
    now = app.worker.clock.now().replace(microsecond=0)
    span = IdleSpan(running.id, now - timedelta(minutes=20), now)
    app.worker.idle_returned.emit(span)
    return span


def mine(sandbox: Sandbox, app: Controller) -> list[Any]:
    assert app.state.workspace is not None and app.state.user is not None
    entries = sandbox.state.entries_of(app.state.workspace.id, app.state.user.id)
    made_here = [e for e in entries if e.id not in DEMO_IDS[sandbox]]  # not the demo's morning
    return sorted(made_here, key=lambda e: e.start)


def menu_texts(app: Controller) -> list[str]:
    app.tray.menu.aboutToShow.emit()
    return [a.text() for a in app.tray.menu.actions()]


def test_the_prompt_asks_and_comes_back_from_the_menu(qtbot: QtBot, app: Controller) -> None:
    started(qtbot, app)
    prompt = app.idle_question.prompt
    assert prompt.isVisible() and prompt.headline.text().startswith("Idle since")
    assert "(20 min)" in prompt.headline.text() and "Deep work" in prompt.detail.text()
    prompt.close()  # decides nothing
    line = next(t for t in menu_texts(app) if t.startswith("⏸ Idle since"))
    next(a for a in app.tray.menu.actions() if a.text() == line).trigger()
    assert prompt.isVisible()


def test_discard_and_continue_from_the_prompt(
    qtbot: QtBot, app: Controller, sandbox: Sandbox
) -> None:
    span = started(qtbot, app)
    app.idle_question.prompt.continue_button.click()
    qtbot.waitUntil(lambda: len(mine(sandbox, app)) == 2 and app.state.pending == 0)
    first, again = mine(sandbox, app)
    assert first.end == span.since and again.end is None and again.description == "Deep work"
    assert not any(t.startswith("⏸") for t in menu_texts(app))


def test_reassign_from_the_prompt(qtbot: QtBot, app: Controller, sandbox: Sandbox) -> None:
    span = started(qtbot, app)
    prompt = app.idle_question.prompt
    prompt.reassign_button.click()
    assert prompt.reassign_form.isVisible()
    prompt.description_edit.setText("Standup")
    project = app.state.projects[0]
    prompt.picker.select_project(project)
    prompt.save_button.click()
    qtbot.waitUntil(lambda: len(mine(sandbox, app)) == 3 and app.state.pending == 0)
    work, meeting, again = mine(sandbox, app)
    assert (meeting.description, meeting.project_id) == ("Standup", project.id)
    assert (meeting.start, meeting.end) == (span.since, span.back) == (work.end, again.start)
    assert again.end is None and again.description == "Deep work"


def test_where_no_idle_source_works_the_settings_say_so(
    qtbot: QtBot, sandbox: Sandbox, tmp_path: Path
) -> None:
    from tray_app.platform.idle import NullIdle

    why = "No way to read the idle time was found on this system, so it cannot be detected."
    notes: list[str] = []
    with sandbox_app(qtbot, sandbox, tmp_path / "t.json", idle_source=NullIdle(why)) as app:
        app.worker.notice.connect(notes.append)
        app.ask(Start(StartRequest("Work")))
        qtbot.waitUntil(lambda: app.state.running is not None)
        # The first reading comes after the check interval; ask the worker for it now.
        QMetaObject.invokeMethod(app.worker.idle_checks, "on_timer_timeout")
        qtbot.waitUntil(lambda: app.state.idle_unavailable == why)
        assert notes == [why]
        assert not app.worker.idle_checks.active  # nothing to read: no more wake-ups
        app.on_command("preferences")
        window = app.preferences.window
        assert window.idle_unavailable.text() == f"Idle time cannot be read here: {why}"
