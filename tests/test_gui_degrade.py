"""What a person sees when Clockify refuses: notes in the dialogs, lines in the menu, and the
list of refused writes to fix, send again or discard (real widgets, worker thread, sandbox)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QTime
from PySide6.QtWidgets import QSystemTrayIcon
from pytestqt.qtbot import QtBot

from tests.gui_helpers import round_trip, sandbox_app
from tray_app.control.controller import Controller
from tray_app.core.pacing import Timing
from tray_app.core.state import StartRequest
from tray_app.core.tracking.intents import Start
from tray_app.sandbox import Sandbox

REFUSE_ENTRY = (r"/workspaces/\w+/time-entries$", 400, "Project is archived", 501)


@pytest.fixture
def app(qtbot: QtBot, sandbox: Sandbox, tmp_path: Path) -> Iterator[Controller]:
    with sandbox_app(qtbot, sandbox, tmp_path / "s.json") as controller:
        yield controller


def menu_texts(app: Controller) -> list[str]:
    app.tray.menu.aboutToShow.emit()
    return [a.text() for a in app.tray.menu.actions()]


def test_refused_tags_are_explained_and_tracking_works(
    qtbot: QtBot, sandbox: Sandbox, tmp_path: Path
) -> None:
    sandbox.faults.refuse(r"/tags$")
    notices: list[str] = []
    with sandbox_app(qtbot, sandbox, tmp_path / "s.json") as app:
        app.worker.failed.connect(notices.append)
        app.open_quick_start()
        notes = app.quick_start.fields.notes
        assert notes.isVisibleTo(app.quick_start)
        assert notes.text() == "Tags are not available in this workspace: Access Denied."
        assert not app.quick_start.fields.tag_list.isVisibleTo(app.quick_start)
        app.quick_start.description_edit.setText("Tagless")
        app.quick_start.on_buttons_accepted()
        qtbot.waitUntil(lambda: app.state.running is not None and app.state.pending == 0)
        app.on_command("toggle")  # --toggle: stop
        qtbot.waitUntil(lambda: app.state.running is None and app.state.pending == 0)
    (entry,) = [e for e in sandbox.state.entries.values() if e.description == "Tagless"]
    assert entry.end is not None
    assert notices == []


def test_a_refused_timer_is_listed_fixed_and_saved(
    qtbot: QtBot, app: Controller, sandbox: Sandbox
) -> None:
    sandbox.faults.refuse(*REFUSE_ENTRY, method="POST")
    app.ask(Start(StartRequest("Archived work")))
    qtbot.waitUntil(lambda: len(app.state.refused) == 1)
    texts = menu_texts(app)
    assert "1 entry not saved to Clockify…" in texts
    assert app.tray.tray.toolTip().endswith("\n1 entry not saved to Clockify")
    assert app.tray.refused_action is not None
    app.tray.refused_action.trigger()
    dialog = app.refused
    assert dialog.isVisible() and dialog.panel.list.count() == 1
    line = dialog.panel.list.item(0).text()
    assert line.startswith("Timer “Archived work”") and line.endswith("Project is archived")
    sandbox.faults.allow(REFUSE_ENTRY[0])
    dialog.panel.fix_button.click()
    form = app.manual_entry
    assert form.isVisible() and form.description_edit.text() == "Archived work"
    assert "Project is archived" in form.message_label.text()
    form.description_edit.setText("Restored work")
    # It was running when refused: say when it really happened.
    form.date_edit.setDate(form.date_edit.date().addDays(-1))
    form.start_edit.setTime(QTime(10, 0))
    form.end_edit.setTime(QTime(10, 30))
    form.on_buttons_accepted()
    qtbot.waitUntil(lambda: not app.state.refused and not form.isVisible())
    assert dialog.panel.list.count() == 0 and "Everything is saved" in dialog.panel.intro.text()
    assert [e for e in sandbox.state.entries.values() if e.description == "Restored work"]
    assert not [e for e in sandbox.state.entries.values() if e.description == "Archived work"]
    assert not any("not saved to Clockify" in t for t in menu_texts(app))


def test_a_refused_write_is_discarded_only_on_a_second_press(
    qtbot: QtBot, app: Controller, sandbox: Sandbox
) -> None:
    sandbox.faults.refuse(*REFUSE_ENTRY, method="POST")
    app.ask(Start(StartRequest("Not wanted")))
    qtbot.waitUntil(lambda: len(app.state.refused) == 1)
    app.open_refused()
    dialog = app.refused
    dialog.panel.discard_button.click()
    assert "will not reach Clockify" in dialog.panel.message_label.text()
    round_trip(qtbot, app)
    assert len(app.state.refused) == 1  # asked, not done
    dialog.panel.discard_button.click()
    qtbot.waitUntil(lambda: not app.state.refused)
    assert dialog.panel.list.count() == 0


def test_a_refused_required_read_shows_in_the_menu(
    qtbot: QtBot, sandbox: Sandbox, tmp_path: Path
) -> None:
    sandbox.faults.refuse(r"^/workspaces$")
    told: list[str] = []
    with sandbox_app(
        qtbot,
        sandbox,
        tmp_path / "s.json",
        wait_signed_in=False,
        timing=Timing(retry_delays=(0.2,), settle=timedelta(0)),
    ) as app:
        app.worker.failed.connect(told.append)  # what the tray shows as a notification
        qtbot.waitUntil(lambda: bool(told and app.state.problem))  # told at each retry
        assert app.state.problem.endswith("Clockify says: Access Denied")
        assert told[0] == app.state.problem
        line = next(t for t in menu_texts(app) if t.startswith("⚠ "))
        assert line.endswith("…") and line[2:-1] in app.state.problem


def test_tray_click_toggles_with_refused_lists(
    qtbot: QtBot, sandbox: Sandbox, tmp_path: Path
) -> None:
    for path in (r"/tags$", r"/clients$", r"/tasks$"):
        sandbox.faults.refuse(path, 404, "Not found", 404)
    with sandbox_app(qtbot, sandbox, tmp_path / "s.json") as app:
        app.ask(Start(StartRequest("Before")))
        qtbot.waitUntil(lambda: app.state.running is not None and app.state.pending == 0)
        app.tray.tray.activated.emit(QSystemTrayIcon.ActivationReason.Trigger)
        qtbot.waitUntil(lambda: app.state.running is None and app.state.pending == 0)
        app.tray.tray.activated.emit(QSystemTrayIcon.ActivationReason.Trigger)  # starts again
        qtbot.waitUntil(lambda: app.state.running is not None and app.state.pending == 0)
    assert len([e for e in sandbox.state.entries.values() if e.description == "Before"]) == 2


def test_a_refused_timer_without_a_description_is_named_as_such(
    qtbot: QtBot, app: Controller, sandbox: Sandbox
) -> None:
    sandbox.faults.refuse(*REFUSE_ENTRY, method="POST")
    app.ask(Start(StartRequest("")))
    qtbot.waitUntil(lambda: len(app.state.refused) == 1)
    app.open_refused()
    line = app.refused.panel.list.item(0).text()
    assert line.startswith("Timer without a description · ")  # not "Timer entry"


def test_no_two_controls_of_the_entries_window_share_a_key(
    qtbot: QtBot, app: Controller, sandbox: Sandbox
) -> None:
    from tests.test_gui_entries import opened
    from tests.test_keyboard import _mnemonic_clashes

    sandbox.faults.refuse(*REFUSE_ENTRY, method="POST")
    app.ask(Start(StartRequest("Archived work")))
    qtbot.waitUntil(lambda: len(app.state.refused) == 1)
    window = opened(qtbot, app)
    qtbot.waitUntil(lambda: window.view is not None and window.view.plan is not None)
    window.on_delete_button_clicked()  # the undo bar, beside everything else
    shown = [window.refused_box, window.approval.submit_button, window.undo_button]
    assert all(widget.isVisibleTo(window) for widget in shown)
    assert _mnemonic_clashes(window) == {}
