"""Every window in the pseudo-locale: no text that skipped the catalogs, none cut off.

The pseudo-locale (tray_app.i18n) turns each translated message into ⟦Šŧáŕŧ ŧíɱéŕ·····⟧,
about 40% longer, as German or French often are. Each window is opened the way a person gets
to it, against the sandbox, with real widgets; what it shows is read back (tests/
visible_text.py). English letters left outside the brackets and the user's data are a string
that never went through ``_``; a label or button narrower than its text would be cut off in a
longer language.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTime
from PySide6.QtWidgets import QApplication, QSystemTrayIcon, QWidget
from pytestqt.qtbot import QtBot

from tests.gui_helpers import round_trip, sandbox_app
from tests.test_gui_entries import show_last_week
from tests.visible_text import cut_off, data_strings, texts_of, untranslated
from tray_app import i18n
from tray_app.control.controller import Controller
from tray_app.core.idle.watch import IdleSpan
from tray_app.core.state import EntryEdit, EntryRequest
from tray_app.core.tracking.intents import CreateEntry, UpdateEntry
from tray_app.sandbox import Sandbox
from tray_app.ui import language


@pytest.fixture
def pseudo_app(qtbot: QtBot, sandbox: Sandbox, tmp_path: Path) -> Iterator[Controller]:
    language.apply(i18n.PSEUDO)
    try:
        with sandbox_app(qtbot, sandbox, tmp_path / "settings.json") as controller:
            yield controller
    finally:
        language.apply("en")


def _data(sandbox: Sandbox) -> list[str]:
    """The sandbox's texts (the user's words), and each language's own name (in Preferences'
    list, never translated), longest first."""
    kept = data_strings(vars(sandbox.state)) | {sandbox.url, *i18n.LANGUAGES.values()}
    return sorted(kept, key=len, reverse=True)


def _problems(window: QWidget, sandbox: Sandbox) -> list[str]:
    QApplication.processEvents()
    data = _data(sandbox)
    found = [
        f"{seen.widget} {seen.kind}: {seen.text!r} (left: {left!r})"
        for seen in texts_of(window)
        if (left := untranslated(seen.text, data))
    ]
    return found + [f"cut off: {line}" for line in cut_off(window)]


def test_every_window_in_the_pseudo_locale(
    qtbot: QtBot, pseudo_app: Controller, sandbox: Sandbox
) -> None:
    app = pseudo_app
    problems: dict[str, list[str]] = {}

    def look(name: str, window: QWidget) -> None:
        problems[name] = _problems(window, sandbox)

    # The tray: its menu and its tooltip.
    app.tray.menu.aboutToShow.emit()
    look("tray menu", app.tray.menu)
    tooltip = app.tray.tray.toolTip()
    if untranslated(tooltip, _data(sandbox)):
        problems["tray tooltip"] = [tooltip]

    app.open_quick_start()
    qtbot.waitUntil(lambda: app.quick_start.isVisible())
    look("quick start", app.quick_start)
    app.quick_start.reject()

    app.open_manual_entry()
    qtbot.waitUntil(lambda: app.manual_entry.isVisible())
    look("manual entry", app.manual_entry)
    app.manual_entry.reject()

    app.open_entries()
    window = app.entries
    qtbot.waitUntil(lambda: window.view is not None and window.view.fresh)
    look("entries, this week", window)
    show_last_week(qtbot, window)
    qtbot.waitUntil(lambda: window.view is not None and window.view.plan is not None)
    look("entries, last week", window)
    window.on_delete_button_clicked()  # the undo bar: "Deleted “…”", Undo
    assert window.undo_button.isVisibleTo(window)
    look("entries, undo", window)
    window.undo()
    window.close()

    app.open_reports()
    reports = app.reports
    qtbot.waitUntil(lambda: reports.isVisible())
    round_trip(qtbot, app)
    look("reports", reports)
    reports.close()

    app.preferences.open()
    preferences = app.preferences.window
    for tab in range(preferences.tabs.count()):
        preferences.tabs.setCurrentIndex(tab)
        look(f"preferences tab {tab}", preferences)
    preferences.close()

    sandbox.faults.refuse(r"/time-entries$", 400, "Project is archived", 501, method="POST")
    now = app.worker.clock.now()
    app.ask(CreateEntry(EntryRequest(90, now - timedelta(hours=3), now - timedelta(hours=2), "x")))
    round_trip(qtbot, app)
    app.open_refused()
    qtbot.waitUntil(lambda: app.refused.isVisible())
    look("not saved", app.refused)
    app.refused.close()

    app.open_sign_in()
    qtbot.waitUntil(lambda: app.sign_in.isVisible())
    look("sign in", app.sign_in)
    app.sign_in.reject()

    left = {name: found for name, found in problems.items() if found}
    assert not left, json.dumps(left, indent=1, ensure_ascii=False)


def test_the_running_timer_its_prompts_messages_and_notifications_in_the_pseudo_locale(
    qtbot: QtBot, demo_sandbox: Sandbox, tmp_path: Path
) -> None:
    state = demo_sandbox.state
    fields = {f["name"]: f["id"] for f in state.custom_fields.values()}
    workspace, user = next(iter(state.workspaces)), next(iter(state.users))
    state.create_entry(  # a timer that lacks a ticket the workspace now requires at stop
        workspace,
        user,
        {
            "start": "2026-11-11T08:00:00Z",
            "description": "Support call",
            "customFields": [{"customFieldId": fields["Cost center"], "value": "Sales"}],
        },
    )
    state.custom_fields[fields["Ticket"]]["required"] = True
    told: list[str] = []
    problems: dict[str, list[str]] = {}
    language.apply(i18n.PSEUDO)
    try:
        with sandbox_app(qtbot, demo_sandbox, tmp_path / "s.json") as app:
            notify = app.tray.notify
            app.tray.notify = lambda message, **kw: (told.append(message), notify(message, **kw))  # type: ignore[method-assign]

            def look(name: str, window: QWidget) -> None:
                problems[name] = _problems(window, demo_sandbox)

            app.tray.menu.aboutToShow.emit()
            look("tray menu, running", app.tray.menu)
            problems["tray tooltip, running"] = [
                t for t in [app.tray.tray.toolTip()] if untranslated(t, _data(demo_sandbox))
            ]

            running = app.state.running
            assert running is not None
            now = app.worker.clock.now().replace(microsecond=0)
            app.worker.idle_returned.emit(IdleSpan(running.id, now - timedelta(minutes=20), now))
            qtbot.waitUntil(lambda: app.idle_question.prompt.isVisible())
            look("idle prompt", app.idle_question.prompt)
            app.idle_question.prompt.hide()

            app.tray.tray.activated.emit(QSystemTrayIcon.ActivationReason.Trigger)  # Stop
            prompt = app.forms.stop_prompt
            qtbot.waitUntil(prompt.isVisible)
            look("stop prompt", prompt)
            qtbot.keyClick(prompt.focusWidget(), Qt.Key.Key_Return)  # the ticket is missing
            assert prompt.error_label.text()
            look("stop prompt, refused", prompt)
            prompt.reject()

            app.open_manual_entry()
            form = app.manual_entry
            form.start_edit.setTime(QTime(9, 0))
            form.end_edit.setTime(QTime(9, 0))
            qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
            assert form.message_label.text()
            look("manual entry, no time", form)
            form.reject()

            demo_sandbox.faults.refuse(r"/time-entries/", 400, "Entry is locked", 501)
            renamed = dataclasses.replace(EntryEdit.restoring(running), description="Renamed")
            app.ask(UpdateEntry(renamed))
            qtbot.waitUntil(lambda: bool(told))
    finally:
        language.apply("en")
    problems["notifications"] = [t for t in told if untranslated(t, _data(demo_sandbox))]
    left = {name: found for name, found in problems.items() if found}
    assert not left, json.dumps(left, indent=1, ensure_ascii=False)
