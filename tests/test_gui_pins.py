"""Pins and "start at the end of the last entry" with real widgets, the worker's thread and the
sandbox: pinned from the tray menu, the entries window and quick start; started with one click
and with Ctrl+1…9; moved and unpinned."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication, QMenu
from pytestqt.qtbot import QtBot

from tests.gui_helpers import round_trip, sandbox_app
from tray_app.control.controller import Controller
from tray_app.core.pins import same_pin
from tray_app.core.state import StartRequest
from tray_app.core.tracking.intents import Pin, Unpin
from tray_app.sandbox import Sandbox
from tray_app.ui.quick_start import QuickStartDialog
from tray_app.ui.tray_text import entry_label


@pytest.fixture
def app(qtbot: QtBot, sandbox: Sandbox, tmp_path: Path) -> Iterator[Controller]:
    with sandbox_app(qtbot, sandbox, tmp_path / "settings.json") as controller:
        yield controller


def menu_texts(menu: QMenu) -> list[str]:
    return [action.text() for action in menu.actions()]


def menu_action(menu: QMenu, text: str) -> QAction:
    return next(action for action in menu.actions() if action.text() == text)


def pins_menu(app: Controller) -> QMenu:
    app.tray.menu.aboutToShow.emit()
    submenu = menu_action(app.tray.menu, "Pin or unpin").menu()
    assert isinstance(submenu, QMenu)
    return submenu


def running(sandbox: Sandbox) -> list:
    return [e for e in sandbox.state.entries.values() if e.end is None]


def pin_all(qtbot: QtBot, app: Controller, *requests: StartRequest) -> None:
    for request in requests:
        app.ask(Pin(request))
    qtbot.waitUntil(lambda: len(app.state.pinned) == len(requests))


def test_pin_from_the_tray_start_it_with_one_click_then_unpin_it(
    qtbot: QtBot, app: Controller, sandbox: Sandbox, tmp_path: Path
) -> None:
    recent = app.state.continue_choices()[1]
    label = entry_label(app.state, recent)
    app.tray.menu.aboutToShow.emit()
    assert f"Continue: {label}" in menu_texts(app.tray.menu)
    menu_action(pins_menu(app), f"Pin: {label}").trigger()
    qtbot.waitUntil(lambda: len(app.state.pinned) == 1)
    assert app.state.pinned[0].description == recent.description
    assert json.loads((tmp_path / "settings.json").read_text())["pins"]  # kept on this computer

    app.tray.menu.aboutToShow.emit()
    texts = menu_texts(app.tray.menu)
    assert f"📌 {label}" in texts
    assert f"Continue: {label}" not in texts  # one click away already, once is enough
    assert texts.index("Stop") < texts.index(f"📌 {label}") < texts.index("Pin or unpin")
    assert f"Pin: {label}" not in menu_texts(pins_menu(app))

    menu_action(app.tray.menu, f"📌 {label}").trigger()
    qtbot.waitUntil(lambda: app.state.running is not None and app.state.pending == 0)
    (entry,) = running(sandbox)
    assert (entry.description, entry.project_id, entry.task_id, entry.tag_ids) == (
        recent.description,
        recent.project_id,
        recent.task_id,
        list(recent.tag_ids),
    )

    menu_action(pins_menu(app), f"Unpin: {label}").trigger()
    qtbot.waitUntil(lambda: app.state.pinned == ())
    app.tray.menu.aboutToShow.emit()
    assert not [t for t in menu_texts(app.tray.menu) if t.startswith("📌")]


def test_the_running_timer_can_be_pinned_from_the_tray(
    qtbot: QtBot, app: Controller, sandbox: Sandbox
) -> None:
    request = StartRequest("Deep work")
    app.tray.start_requested.emit(request)
    qtbot.waitUntil(lambda: app.state.running is not None)
    menu_action(pins_menu(app), "Pin: Deep work").trigger()
    qtbot.waitUntil(lambda: app.state.pinned == (request,))


def test_pins_belong_to_their_workspace_in_the_menu(qtbot: QtBot, app: Controller) -> None:
    pin_all(qtbot, app, StartRequest("Invoices"))
    side = next(w for w in app.state.workspaces if w.name == "Side Projects")
    app.tray.workspace_chosen.emit(side.id)
    qtbot.waitUntil(lambda: app.state.workspace == side)
    app.tray.menu.aboutToShow.emit()
    assert "📌 Invoices" not in menu_texts(app.tray.menu)
    home = next(w for w in app.state.workspaces if w.name != "Side Projects")
    app.tray.workspace_chosen.emit(home.id)
    qtbot.waitUntil(lambda: app.state.pinned != ())
    app.tray.menu.aboutToShow.emit()
    assert "📌 Invoices" in menu_texts(app.tray.menu)


# --- quick start --------------------------------------------------------------------------


def opened_quick_start(qtbot: QtBot, app: Controller) -> QuickStartDialog:
    app.open_quick_start()
    dialog = app.quick_start
    qtbot.waitUntil(dialog.isVisible)
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.description_edit)
    return dialog


def test_ctrl_and_a_number_starts_that_pin_and_closes(
    qtbot: QtBot, app: Controller, sandbox: Sandbox
) -> None:
    project = app.state.projects[0]
    pin_all(qtbot, app, StartRequest("Email"), StartRequest("Review", project.id))
    dialog = opened_quick_start(qtbot, app)
    pins = dialog.pins
    assert pins.isVisible()
    assert [pins.item(row).text().split("   ") for row in range(pins.count())] == [
        ["Ctrl+1", "Email"],
        ["Ctrl+2", f"{project.name} · Review"],
    ]
    qtbot.keyClick(dialog.description_edit, Qt.Key.Key_5, Qt.KeyboardModifier.ControlModifier)
    assert dialog.isVisible()  # no fifth pin: nothing happens
    qtbot.keyClick(dialog.description_edit, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    assert not dialog.isVisible()
    qtbot.waitUntil(lambda: app.state.running is not None and app.state.pending == 0)
    (entry,) = running(sandbox)
    assert (entry.description, entry.project_id) == ("Review", project.id)


def test_pin_what_the_form_says_then_move_and_unpin_in_the_list(
    qtbot: QtBot, app: Controller
) -> None:
    pin_all(qtbot, app, StartRequest("Email"))
    dialog = opened_quick_start(qtbot, app)
    dialog.description_edit.setText("Plan the sprint")  # (typed, its completer would pop up)
    qtbot.keyClick(dialog.description_edit, Qt.Key.Key_I, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: len(app.state.pinned) == 2)
    assert app.state.pinned[1].description == "Plan the sprint"
    assert dialog.isVisible()  # pinning does not start
    qtbot.waitUntil(lambda: dialog.pins.count() == 2)
    assert dialog.pins.item(1).text().endswith("Plan the sprint")

    dialog.pins.setFocus()
    dialog.pins.setCurrentRow(1)
    qtbot.keyClick(dialog.pins, Qt.Key.Key_Up, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: app.state.pinned[0].description == "Plan the sprint")
    qtbot.waitUntil(lambda: dialog.pins.item(0).text().endswith("Plan the sprint"))
    assert dialog.pins.currentRow() == 0  # the moved pin stays chosen
    qtbot.keyClick(dialog.pins, Qt.Key.Key_Delete)
    qtbot.waitUntil(lambda: [p.description for p in app.state.pinned] == ["Email"])
    qtbot.waitUntil(lambda: dialog.pins.count() == 1)


def test_a_pin_needs_what_the_workspace_requires(qtbot: QtBot, app: Controller) -> None:
    dialog = opened_quick_start(qtbot, app)
    dialog.pin_button.click()  # an empty form: the reason shows, nothing is pinned
    assert dialog.error_label.isVisible()
    round_trip(qtbot, app)
    assert app.state.pinned == ()


def test_start_at_the_end_of_the_last_entry_leaves_no_gap(
    qtbot: QtBot, app: Controller, sandbox: Sandbox
) -> None:
    last_end = app.state.last_end_today(app.worker.clock.now())
    assert last_end is not None  # the demo tracked this morning
    dialog = opened_quick_start(qtbot, app)
    box = dialog.from_last_end_box
    assert box.isVisible() and not box.isChecked()
    assert box.text() == (
        f"Start at the end of the &last entry ({last_end.astimezone(app.state.zone):%H:%M})"
    )
    qtbot.keyClicks(dialog.description_edit, "Forgot to switch")
    box.setChecked(True)
    qtbot.keyClick(dialog.description_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: app.state.running is not None and app.state.pending == 0)
    (entry,) = running(sandbox)
    assert entry.description == "Forgot to switch" and entry.start == last_end

    # A timer runs now: the next start switches at once, so the box is not offered.
    dialog = opened_quick_start(qtbot, app)
    assert not dialog.from_last_end_box.isVisible()
    qtbot.keyClicks(dialog.description_edit, "Next")
    qtbot.keyClick(dialog.description_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: app.state.pending == 0 and len(sandbox.state.entries) > 0)
    qtbot.waitUntil(lambda: [e.description for e in running(sandbox)] == ["Next"])
    (following,) = running(sandbox)
    assert following.start > last_end


# --- the entries window -------------------------------------------------------------------


def test_pin_the_chosen_entry_from_the_entries_window(qtbot: QtBot, app: Controller) -> None:
    app.open_entries()
    window = app.entries
    qtbot.waitUntil(lambda: window.view is not None and window.view.fresh)
    entry = window.selected()
    assert entry is not None
    actions = window.entry_actions
    assert actions.pin in window.list.actions()  # in the list's context menu
    assert actions.pin_button.isEnabled() and actions.pin_button.text() == "P&in"
    qtbot.keyClick(window.list, Qt.Key.Key_I, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: len(app.state.pinned) == 1)
    assert same_pin(app.state.pinned[0], StartRequest.like(entry))
    qtbot.waitUntil(lambda: not actions.pin_button.isEnabled())
    assert actions.pin_button.text() == "P&inned" and not actions.pin.isEnabled()
    app.ask(Unpin(app.state.pinned[0]))  # (from the tray's menu, say): it can be pinned again
    qtbot.waitUntil(actions.pin_button.isEnabled)
    assert actions.pin_button.text() == "P&in"
