"""The Reports window with real widgets, the worker's thread and the sandbox."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QDate
from pytestqt.qtbot import QtBot

from tests.gui_helpers import sandbox_app
from tray_app.control.controller import Controller
from tray_app.core.export import ENTRY_COLUMNS
from tray_app.core.reports.report import LOCAL_CSV
from tray_app.sandbox import Sandbox
from tray_app.sandbox.seeds import DEMO_CUSTOM_FIELDS
from tray_app.ui.reports_window import ReportsWindow

pytestmark = pytest.mark.dates  # also run at faked moments


@pytest.fixture
def app(qtbot: QtBot, sandbox: Sandbox, tmp_path: Path) -> Iterator[Controller]:
    with sandbox_app(qtbot, sandbox, tmp_path / "s.json") as controller:
        yield controller


def opened(qtbot: QtBot, app: Controller) -> ReportsWindow:
    app.tray.menu.aboutToShow.emit()
    next(a for a in app.tray.menu.actions() if a.text() == "Reports…").trigger()
    window = app.reports
    qtbot.waitUntil(lambda: window.report is not None)
    return window


def choose(qtbot: QtBot, window: ReportsWindow, range_key: str, group: str) -> None:
    window.range_box.setCurrentIndex(window.range_box.findData(range_key))
    window.group_box.setCurrentIndex(window.group_box.findData(group))
    qtbot.waitUntil(lambda: window.report is not None and window.report.request == window.request())


def test_last_weeks_totals_by_project_and_by_day(qtbot: QtBot, app: Controller) -> None:
    window = opened(qtbot, app)
    choose(qtbot, window, "last-week", "PROJECT")
    report = window.report
    assert report is not None and report.from_clockify and report.total > 0
    assert window.tree.topLevelItemCount() == len(report.lines) > 0
    assert window.tree.headerItem().text(0) == "Project"
    # The workspace's currency beside its amounts (the demo's is USD).
    assert window.totals_label.text().endswith(f"amount {report.amount / 100:,.2f} USD")
    assert window.tree.topLevelItem(0).text(3).endswith(" USD")
    assert not window.note_label.isVisibleTo(window)
    choose(qtbot, window, "last-week", "DATE")
    days = [window.tree.topLevelItem(n).text(0) for n in range(window.tree.topLevelItemCount())]
    # The profile's date format (the demo's is YYYY-MM-DD) after the weekday, in order.
    assert [d.split()[0] for d in days] == ["Mon", "Tue", "Wed", "Thu", "Fri"]
    assert [d.split()[1] for d in days] == sorted(d.split()[1] for d in days)
    assert all(len(d.split()[1]) == 10 for d in days)


def test_an_empty_range_says_so(qtbot: QtBot, app: Controller) -> None:
    window = opened(qtbot, app)
    window.range_box.setCurrentIndex(window.range_box.findData("custom"))
    window.from_edit.setDate(QDate(2020, 1, 1))
    window.to_edit.setDate(QDate(2020, 1, 7))
    qtbot.waitUntil(lambda: window.report is not None and window.report.request == window.request())
    assert window.tree.topLevelItemCount() == 1
    assert window.tree.topLevelItem(0).text(0) == "No entries in this range."
    assert window.totals_label.text().startswith("1 Jan – 7 Jan 2020: Total 0:00")


def test_a_refused_reports_host_is_said_and_the_totals_counted_here(
    qtbot: QtBot, app: Controller, sandbox: Sandbox
) -> None:
    sandbox.faults.refuse(r"/reports/summary$", 403, "Not on your plan", 501, method="POST")
    window = opened(qtbot, app)
    choose(qtbot, window, "last-week", "CLIENT")
    assert window.report is not None and not window.report.from_clockify
    assert window.note_label.isVisibleTo(window)
    assert "Not on your plan" in window.note_label.text()


def test_export_writes_the_csv_and_opens_it_on_request(
    qtbot: QtBot, app: Controller, tmp_path: Path
) -> None:
    window = opened(qtbot, app)
    choose(qtbot, window, "last-week", "PROJECT")
    window.open_box.setChecked(True)
    path = tmp_path / "last-week.csv"
    window.export(LOCAL_CSV, str(path))
    qtbot.waitUntil(lambda: path.exists() and "Saved to" in window.saved_label.text())
    header = path.read_text(encoding="utf-8").splitlines()[0]
    assert header.split(",") == [*ENTRY_COLUMNS, *DEMO_CUSTOM_FIELDS]
    assert app.opened_urls[-1] == path.as_uri()  # type: ignore[attr-defined]

    window.export("CSV", str(tmp_path / "missing" / "x.csv"))
    qtbot.waitUntil(lambda: "Not exported" in window.saved_label.text())
