"""Custom fields in the real forms, against the demo as ``--demo`` has it (its cost center
required, a link and a checkbox optional, one field inactive): quick start, manual entry, the
edit form, the stop prompt, and the entries window's rows."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QComboBox, QLineEdit, QSystemTrayIcon
from pytestqt.qtbot import QtBot

from tests.gui_helpers import round_trip, sandbox_app
from tray_app.control.controller import Controller
from tray_app.core.pacing import Timing
from tray_app.sandbox import Sandbox
from tray_app.ui.custom_fields import ONLY_ADMINS, FieldEditor
from tray_app.ui.entry_list import entry_details


@pytest.fixture
def app(qtbot: QtBot, demo_sandbox: Sandbox, tmp_path: Path) -> Iterator[Controller]:
    with sandbox_app(qtbot, demo_sandbox, tmp_path / "settings.json") as controller:
        yield controller


def editors(fields_owner: object) -> dict[str, FieldEditor]:
    custom = fields_owner.fields.custom  # type: ignore[attr-defined]
    return {editor.field.name: editor for editor in custom.editors}


def server_values(sandbox: Sandbox, description: str) -> dict[str, object]:
    (entry,) = [e for e in sandbox.state.entries.values() if e.description == description]
    return {v["name"]: v["value"] for v in entry.custom_fields}


def pick(qtbot: QtBot, dialog: object, name: str) -> None:
    picker = dialog.fields.picker  # type: ignore[attr-defined]
    picker.filter_edit.setFocus()
    qtbot.keyClicks(picker.filter_edit, name)
    qtbot.keyClick(picker.filter_edit, Qt.Key.Key_Return)


def test_quick_start_shows_each_visible_field_by_type_and_checks_the_required_one(
    qtbot: QtBot, app: Controller, demo_sandbox: Sandbox
) -> None:
    app.open_quick_start()
    dialog = app.quick_start
    shown = editors(dialog)
    assert {name: type(e.widget) for name, e in shown.items()} == {
        "Cost center": QComboBox,
        "Ticket": QLineEdit,
        "Reviewed": QCheckBox,
    }  # "Old code" is inactive: not shown
    assert shown["Cost center"].widget.accessibleDescription() == "Required"
    posts = [r for r in demo_sandbox.requests if r.method == "POST"]
    qtbot.keyClicks(dialog.description_edit, "Release notes")
    qtbot.keyClick(dialog.description_edit, Qt.Key.Key_Return)
    assert dialog.error_label.text() == "This workspace requires “Cost center”."
    ticket = shown["Ticket"].widget
    assert isinstance(ticket, QLineEdit)
    qtbot.keyClicks(ticket, "tickets/4")
    combo = shown["Cost center"].widget
    assert isinstance(combo, QComboBox)
    combo.setCurrentIndex(combo.findText("Sales"))
    dialog.start_button.click()
    assert dialog.error_label.text() == "Ticket: 'tickets/4' is not a link (http://… or https://…)."
    assert [r for r in demo_sandbox.requests if r.method == "POST"] == posts  # nothing sent
    ticket.clear()
    qtbot.keyClicks(ticket, "https://tickets.example/4")
    dialog.start_button.click()
    qtbot.waitUntil(lambda: app.state.running is not None and app.state.pending == 0)
    assert server_values(demo_sandbox, "Release notes") == {
        "Cost center": "Sales",
        "Ticket": "https://tickets.example/4",
    }


def test_a_project_s_default_fills_a_field_until_the_person_changes_it(
    qtbot: QtBot, app: Controller, demo_sandbox: Sandbox
) -> None:
    first = next(iter(demo_sandbox.state.projects.values()))  # its default: Design
    app.open_quick_start()
    dialog = app.quick_start
    combo = editors(dialog)["Cost center"].widget
    assert isinstance(combo, QComboBox) and combo.currentText() == "—"
    pick(qtbot, dialog, first["name"])
    assert combo.currentText() == "Design"
    combo.setCurrentIndex(combo.findText("Engineering"))  # the person's choice…
    pick(qtbot, dialog, first["name"])
    assert combo.currentText() == "Engineering"  # …is kept when the project is picked again


def test_a_field_only_admins_may_edit_is_read_only_for_a_member(
    qtbot: QtBot, demo_sandbox: Sandbox, tmp_path: Path
) -> None:
    field = next(f for f in demo_sandbox.state.custom_fields.values() if f["name"] == "Ticket")
    field["onlyAdminCanEdit"] = True
    workspace = field["workspaceId"]
    user = next(iter(demo_sandbox.state.users))
    demo_sandbox.state.add_member(workspace, user)  # a plain member, no longer the owner
    with sandbox_app(qtbot, demo_sandbox, tmp_path / "s.json") as app:
        app.open_quick_start()
        ticket = editors(app.quick_start)["Ticket"].widget
        assert not ticket.isEnabled() and ticket.toolTip() == ONLY_ADMINS
        assert editors(app.quick_start)["Cost center"].widget.isEnabled()


def test_the_edit_form_shows_and_changes_an_entry_s_values(
    qtbot: QtBot, app: Controller, demo_sandbox: Sandbox
) -> None:
    entry = app.state.recent[0]
    app.on_entries_edit_requested(entry)
    form = app.manual_entry
    shown = editors(form)
    cost = shown["Cost center"].widget
    assert isinstance(cost, QComboBox)
    assert cost.currentText() == {v.name: v.value for v in entry.custom_fields}["Cost center"]
    reviewed = shown["Reviewed"].widget
    assert isinstance(reviewed, QCheckBox)
    reviewed.setChecked(True)
    form.save_button.click()
    round_trip(qtbot, app)  # the edit has reached the worker…
    qtbot.waitUntil(lambda: app.state.pending == 0 and not form.isVisible())  # …and Clockify
    stored = demo_sandbox.state.entries[entry.id]
    assert {v["name"]: v["value"] for v in stored.custom_fields} == {
        "Cost center": cost.currentText(),
        "Reviewed": True,
    }
    # The entries window's row says them (a person reads them there).
    refreshed = next(e for e in app.state.recent if e.id == entry.id)
    details = entry_details(refreshed, app.state, {}, {})
    assert f"Cost center: {cost.currentText()}" in details and "Reviewed: yes" in details


def test_stop_asks_for_just_what_the_running_timer_lacks(
    qtbot: QtBot, demo_sandbox: Sandbox, tmp_path: Path
) -> None:
    state = demo_sandbox.state
    fields = {f["name"]: f["id"] for f in state.custom_fields.values()}
    workspace = next(iter(state.workspaces))
    user = next(iter(state.users))
    # A timer started elsewhere before a rule was added on the web: every entry needs a
    # ticket now, and Clockify checks that when the timer stops.
    started = state.create_entry(
        workspace,
        user,
        {
            "start": "2026-03-04T08:00:00Z",
            "description": "Support call",
            "customFields": [{"customFieldId": fields["Cost center"], "value": "Sales"}],
        },
    )
    state.custom_fields[fields["Ticket"]]["required"] = True
    with sandbox_app(qtbot, demo_sandbox, tmp_path / "s.json") as app:
        assert app.state.running is not None and app.state.running.id == started.id
        writes = [r for r in demo_sandbox.requests if r.method != "GET"]
        app.tray.tray.activated.emit(QSystemTrayIcon.ActivationReason.Trigger)  # Stop
        prompt = app.forms.stop_prompt
        qtbot.waitUntil(prompt.isVisible)
        round_trip(qtbot, app)
        assert [r for r in demo_sandbox.requests if r.method != "GET"] == writes  # none sent
        assert prompt.why_label.text() == (
            "Clockify needs “Ticket” before “Support call” can stop."
        )
        assert list(editors(prompt)) == ["Ticket"]  # just what is missing
        assert prompt.description_edit.isHidden() and prompt.fields.picker.isHidden()
        qtbot.keyClick(prompt.focusWidget(), Qt.Key.Key_Return)
        assert prompt.error_label.text() == "This workspace requires “Ticket”."
        qtbot.keyClicks(editors(prompt)["Ticket"].widget, "https://tickets.example/12")
        qtbot.keyClick(prompt.focusWidget(), Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: app.state.running is None and app.state.pending == 0)
        assert server_values(demo_sandbox, "Support call") == {
            "Cost center": "Sales",
            "Ticket": "https://tickets.example/12",
        }
        assert state.entries[started.id].end is not None


def test_manual_entry_saves_its_values_through_an_outage(
    qtbot: QtBot, demo_sandbox: Sandbox, tmp_path: Path
) -> None:
    timing = Timing(retry_delays=(0.2,), settle=timedelta(0))
    with sandbox_app(qtbot, demo_sandbox, tmp_path / "s.json", timing=timing) as app:
        app.open_manual_entry()
        form = app.manual_entry
        qtbot.keyClicks(form.description_edit, "Forgotten workshop")
        form.save_button.click()
        assert form.message_label.text() == "This workspace requires “Cost center”."
        cost = editors(form)["Cost center"].widget
        assert isinstance(cost, QComboBox)
        cost.setCurrentIndex(cost.findText("Design"))
        demo_sandbox.faults.fail_next(3, status=503)  # kept, then sent once it answers
        form.save_button.click()
        qtbot.waitUntil(lambda: not form.isVisible())
        qtbot.waitUntil(lambda: app.state.pending == 0, timeout=10_000)
    landed = [
        e for e in demo_sandbox.state.entries.values() if e.description == "Forgotten workshop"
    ]
    assert len(landed) == 1
    assert [(v["name"], v["value"]) for v in landed[0].custom_fields] == [("Cost center", "Design")]


def test_a_member_refused_the_fields_tracks_and_the_form_says_why(
    qtbot: QtBot, demo_sandbox: Sandbox, tmp_path: Path
) -> None:
    demo_sandbox.state.relax_required_fields()  # (Clockify would still check them: not here)
    demo_sandbox.faults.refuse(r"/custom-fields$", 403, "Access Denied", 1003)
    with sandbox_app(qtbot, demo_sandbox, tmp_path / "s.json") as app:
        app.open_quick_start()
        dialog = app.quick_start
        assert not editors(dialog) and dialog.fields.custom.isHidden()
        assert dialog.fields.notes.text() == (
            "Custom fields are not available in this workspace: Access Denied."
        )
        qtbot.keyClicks(dialog.description_edit, "Still tracking")
        qtbot.keyClick(dialog.description_edit, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: app.state.running is not None and app.state.pending == 0)
    assert "Still tracking" in [e.description for e in demo_sandbox.state.entries.values()]
