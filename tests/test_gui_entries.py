"""The entries window with real widgets, the worker's thread and the sandbox: the week shown,
edited, deleted with undo, continued and duplicated, with the keyboard."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from tests.gui_helpers import round_trip, sandbox_app
from tray_app.clockify.models import TimeEntry
from tray_app.clockify.timefmt import DurationFormat
from tray_app.control.controller import Controller
from tray_app.core.state import StartRequest
from tray_app.core.tracking.intents import Start
from tray_app.core.week.days import Day
from tray_app.sandbox import Sandbox
from tray_app.ui.entries_window import EntriesWindow
from tray_app.ui.tray_text import tooltip_text
from tray_app.ui.week_chart import bar_label

pytestmark = pytest.mark.dates  # also run at faked moments


@pytest.fixture
def app(qtbot: QtBot, sandbox: Sandbox, tmp_path: Path) -> Iterator[Controller]:
    with sandbox_app(qtbot, sandbox, tmp_path / "s.json") as controller:
        yield controller


def opened(qtbot: QtBot, app: Controller) -> EntriesWindow:
    app.tray.menu.aboutToShow.emit()
    action = next(a for a in app.tray.menu.actions() if a.text() == "Entries…")
    action.trigger()
    window = app.entries
    qtbot.waitUntil(lambda: window.view is not None and window.view.fresh)
    return window


def rows(window: EntriesWindow) -> list[Day | TimeEntry]:
    return [item for r in range(window.model.rowCount()) if (item := window.model.item(r))]


def selected(window: EntriesWindow) -> TimeEntry:
    entry = window.selected()
    assert entry is not None
    return entry


def server_entries(sandbox: Sandbox, app: Controller) -> dict[str, object]:
    assert app.state.workspace is not None and app.state.user is not None
    return {e.id: e for e in sandbox.state.entries_of(app.state.workspace.id, app.state.user.id)}


def show_last_week(qtbot: QtBot, window: EntriesWindow) -> None:
    """Last week: the demo fills its working days."""
    window.previous_button.click()
    qtbot.waitUntil(lambda: window.view is not None and not window.view.this_week)
    qtbot.waitUntil(lambda: window.view is not None and window.view.fresh)


def test_the_week_shows_newest_day_first_with_day_totals(
    qtbot: QtBot, app: Controller, sandbox: Sandbox
) -> None:
    window = opened(qtbot, app)
    assert window.isVisible()
    show_last_week(qtbot, window)
    shown = rows(window)
    days = [item for item in shown if isinstance(item, Day)]
    assert len(days) >= 3 and isinstance(shown[0], Day)
    assert [d.day for d in days] == sorted((d.day for d in days), reverse=True)
    for day in days:
        assert day.total == sum((e.duration(window.model.now) for e in day.entries), timedelta())
    listed = {item.id for item in shown if isinstance(item, TimeEntry)}
    assert view_ids(window) == listed
    total = sum((d.total for d in days), timedelta())
    hours, minutes = divmod(int(total.total_seconds()) // 60, 60)
    assert window.total_label.text().startswith(f"Week {hours}:{minutes:02d}")
    # Arrows pass the day headers by: every row the keyboard reaches is an entry.
    window.list.setFocus()
    for _ in range(len(shown) + 2):
        qtbot.keyClick(window.list, Qt.Key.Key_Down)
        assert isinstance(window.model.item(window.list.currentIndex().row()), TimeEntry)


def on_an_entry_of_last_week(qtbot: QtBot, app: Controller) -> tuple[EntriesWindow, TimeEntry]:
    """The window open on last week, the keyboard on its list, an entry chosen with Down."""
    window = opened(qtbot, app)
    show_last_week(qtbot, window)
    window.list.setFocus()
    qtbot.keyClick(window.list, Qt.Key.Key_Down)
    return window, selected(window)


def view_ids(window: EntriesWindow) -> set[str]:
    assert window.view is not None
    return {e.id for e in window.view.entries}


def test_enter_edits_and_untouched_fields_survive(
    qtbot: QtBot, app: Controller, sandbox: Sandbox
) -> None:
    window, entry = on_an_entry_of_last_week(qtbot, app)
    before = server_entries(sandbox, app)[entry.id]
    qtbot.keyClick(window.list, Qt.Key.Key_Return)
    form = app.manual_entry
    assert form.isVisible() and form.windowTitle().startswith("Edit the time entry")
    assert form.description_edit.text() == entry.description
    form.description_edit.selectAll()
    qtbot.keyClicks(form.description_edit, "Corrected description")
    qtbot.keyClick(form.description_edit, Qt.Key.Key_Return)
    assert not form.isVisible()
    # Shown at once, on the GUI thread, before the worker has even seen it.
    assert selected(window).description == "Corrected description"
    assert "Changed" in window.undo_label.text()
    qtbot.waitUntil(lambda: app.state.pending == 0)
    after = server_entries(sandbox, app)[entry.id]
    qtbot.waitUntil(lambda: after.description == "Corrected description")  # type: ignore[attr-defined]
    for name in ("start", "end", "project_id", "task_id", "tag_ids", "billable"):
        assert getattr(after, name) == getattr(before, name), name

    # Ctrl+Z changes it back, through the outbox as any edit.
    window.activateWindow()  # as the desktop does once the form closes
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(window.list, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert selected(window).description == entry.description
    qtbot.waitUntil(lambda: after.description == entry.description)  # type: ignore[attr-defined]
    assert (after.start, after.end) == (entry.start, entry.end)  # type: ignore[attr-defined]


def test_delete_waits_for_the_undo_window_and_ctrl_z_brings_it_back(
    qtbot: QtBot, app: Controller, sandbox: Sandbox
) -> None:
    window, entry = on_an_entry_of_last_week(qtbot, app)
    qtbot.keyClick(window.list, Qt.Key.Key_Delete)
    assert window.model.row_of(entry.id) == -1 and window.undo_button.isVisible()
    assert entry.description and entry.description in window.undo_label.text()
    qtbot.keyClick(window.list, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert window.model.row_of(entry.id) >= 0 and selected(window).id == entry.id
    assert not window.undo_button.isVisible()
    # Nothing left to send it: the undo window's timer is off, and the worker, asked after
    # everything the window sent, has sent no delete.
    assert not window.undo_timer.isActive()
    round_trip(qtbot, app)
    assert not [r for r in sandbox.requests if r.method == "DELETE"]

    window.undo_queue.window = timedelta(milliseconds=300)
    qtbot.keyClick(window.list, Qt.Key.Key_Delete)
    qtbot.waitUntil(lambda: entry.id not in server_entries(sandbox, app), timeout=5000)
    assert len([r for r in sandbox.requests if r.method == "DELETE"]) == 1
    assert window.model.row_of(entry.id) == -1


def test_escape_closes_and_sends_the_delete_still_in_its_undo_window(
    qtbot: QtBot, app: Controller, sandbox: Sandbox
) -> None:
    window, entry = on_an_entry_of_last_week(qtbot, app)
    qtbot.keyClick(window.list, Qt.Key.Key_Delete)
    qtbot.keyClick(window.list, Qt.Key.Key_Escape)
    assert not window.isVisible()
    qtbot.waitUntil(lambda: entry.id not in server_entries(sandbox, app))
    qtbot.waitUntil(lambda: app.worker.tracker.book.week is None)  # the week was let go


def test_duplicate_and_continue_from_the_row(
    qtbot: QtBot, app: Controller, sandbox: Sandbox
) -> None:
    window, entry = on_an_entry_of_last_week(qtbot, app)
    count = len(server_entries(sandbox, app))
    qtbot.keyClick(window.list, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: len(server_entries(sandbox, app)) == count + 1)
    copies = [
        e
        for e in server_entries(sandbox, app).values()
        if e.id != entry.id
        and (e.start, e.end, e.description, e.project_id)  # type: ignore[attr-defined]
        == (entry.start, entry.end, entry.description, entry.project_id)
    ]
    assert len(copies) == 1
    qtbot.waitUntil(lambda: sum(1 for e in window.view.entries if e.start == entry.start) == 2)

    window.entry_actions.continue_button.click()
    qtbot.waitUntil(lambda: app.state.running is not None and app.state.pending == 0)
    running = app.state.running
    assert running is not None
    assert (running.description, running.project_id, running.task_id) == (
        entry.description,
        entry.project_id,
        entry.task_id,
    )


def test_the_running_timer_is_edited_from_the_window_and_keeps_running(
    qtbot: QtBot, app: Controller, sandbox: Sandbox
) -> None:
    app.ask(Start(StartRequest("Standup")))
    qtbot.waitUntil(lambda: app.state.running is not None and app.state.pending == 0)
    window = opened(qtbot, app)
    running = selected(window)  # the newest entry, selected first
    assert running.running and window.ticker.isActive()
    assert not window.entry_actions.duplicate_button.isEnabled()
    qtbot.keyClick(window.list, Qt.Key.Key_Return)
    form = app.manual_entry
    assert not form.end_edit.isVisibleTo(form) and "Running since" in form.summary_label.text()
    form.description_edit.setText("Team standup")
    form.save_button.click()
    qtbot.waitUntil(lambda: app.state.pending == 0 and app.state.running is not None)
    qtbot.waitUntil(lambda: server_entries(sandbox, app)[running.id].description == "Team standup")  # type: ignore[attr-defined]
    server = server_entries(sandbox, app)[running.id]
    assert server.end is None and server.start == running.start  # type: ignore[attr-defined]


def test_weeks_change_with_the_keyboard_and_come_back_to_this_week(
    qtbot: QtBot, app: Controller
) -> None:
    window = opened(qtbot, app)
    this_week = window.week_label.text()
    assert not window.next_button.isEnabled()
    window.show_week(-1)
    qtbot.waitUntil(lambda: window.week_label.text() != this_week)
    assert window.next_button.isEnabled()
    window.week_requested.emit(None)
    qtbot.waitUntil(lambda: window.week_label.text() == this_week)


def test_opened_by_command_and_from_quick_start(qtbot: QtBot, app: Controller) -> None:
    app.on_command("entries")
    assert app.entries.isVisible()
    app.entries.close()
    app.open_quick_start()
    app.quick_start.entries_button.click()
    assert app.entries.isVisible() and not app.quick_start.isVisible()


def test_refused_writes_are_listed_at_the_top(
    qtbot: QtBot, app: Controller, sandbox: Sandbox
) -> None:
    window = opened(qtbot, app)
    assert window.refused_box is None  # made when first needed
    sandbox.faults.refuse(
        r"/workspaces/\w+/time-entries$", 400, "Project is archived", 501, method="POST"
    )
    app.ask(Start(StartRequest("Refused")))
    qtbot.waitUntil(lambda: len(app.state.refused) == 1)
    qtbot.waitUntil(lambda: window.refused_box is not None)
    box, panel = window.refused_box, window.refused_panel
    assert box is not None and panel is not None
    qtbot.waitUntil(lambda: box.isVisibleTo(window))
    assert "Project is archived" in panel.list.item(0).text()
    panel.discard_button.click()
    panel.discard_button.click()
    qtbot.waitUntil(lambda: not box.isVisibleTo(window))


def test_home_and_end_go_to_the_first_and_the_last_entry(qtbot: QtBot, app: Controller) -> None:
    window, _ = on_an_entry_of_last_week(qtbot, app)
    entries = [item for item in rows(window) if isinstance(item, TimeEntry)]
    qtbot.keyClick(window.list, Qt.Key.Key_End)
    assert selected(window).id == entries[-1].id
    qtbot.keyClick(window.list, Qt.Key.Key_Home)
    assert selected(window).id == entries[0].id  # (the first row is a day's header)
    assert isinstance(window.model.item(0), Day)


def test_the_chart_writes_a_days_total_as_every_duration_is() -> None:
    assert bar_label(timedelta(hours=6, minutes=15)) == "6:15"  # (was "6.2")
    assert bar_label(timedelta(minutes=45)) == "0:45" and bar_label(timedelta()) == ""
    assert bar_label(timedelta(hours=6, minutes=15), DurationFormat.DECIMAL) == "6.25"


@pytest.mark.parametrize(
    ("style", "written"),
    [("FULL", r"\d+:\d\d:\d\d"), ("COMPACT", r"\d+:\d\d"), ("DECIMAL", r"\d+\.\d\d")],
)
def test_every_duration_is_written_the_way_the_workspace_writes_them(
    qtbot: QtBot, sandbox: Sandbox, tmp_path: Path, style: str, written: str
) -> None:
    """Rows, day totals, the week's total, the chart, the tray: one way (was h:mm:ss rows
    under h:mm totals, whatever the workspace said)."""
    sandbox.state.set_workspace_settings(next(iter(sandbox.state.workspaces)), durationFormat=style)
    with sandbox_app(qtbot, sandbox, tmp_path / "s.json") as app:
        window = opened(qtbot, app)
        show_last_week(qtbot, window)
        qtbot.waitUntil(lambda: window.view is not None and window.view.plan is not None)
        model, one = window.model, re.compile(written)
        texts = [str(model.data(model.index(r, 0))) for r in range(model.rowCount())]
        day_totals = [t.split(", ")[-1].removesuffix(" in all") for t in texts if "in all" in t]
        lengths = [t.split(", ")[2] for t in texts if "in all" not in t]
        week = window.total_label.text().removeprefix("Week ").split(" · ")[0].split(" of ")
        assert day_totals and lengths and len(week) == 2  # tracked of the week's target
        for text in [
            *day_totals,
            *lengths,
            *week,
            *tooltip_text(app.state, model.now).split("today ")[-1].split(" of "),
        ]:
            assert one.fullmatch(text), text
        days = sorted(window.model.days, key=lambda d: d.day)
        assert bar_label(days[0].total, app.state.duration_format) == day_totals[-1]
