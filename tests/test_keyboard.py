"""Keyboard-first, with key events sent to whatever has focus (never focusing a widget by hand):
Description → Tab → type in the project filter → Enter chooses → Enter starts."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from tray_app.clockify.models import Project, Tag, User, Workspace
from tray_app.core.state import AppState, StartRequest
from tray_app.ui.manual_entry import ManualEntryDialog
from tray_app.ui.quick_start import QuickStartDialog

STATE = AppState(
    signed_in=True,
    user=User("u", "Ada", "ada@example.com", "w", "w", "Europe/Berlin", "MONDAY", "HOUR24"),
    workspaces=(Workspace("w", "Acme"),),
    workspace=Workspace("w", "Acme"),
    projects=(Project("p1", "Umbrella portal"), Project("p2", "Website")),
    tags=(Tag("t1", "meeting"),),
)


def focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None
    return widget


def type_keys(qtbot: QtBot, text: str) -> None:
    qtbot.keyClicks(focused(), text)


def press(qtbot: QtBot, key: Qt.Key) -> None:
    qtbot.keyClick(focused(), key)


def test_quick_start_from_the_keyboard_alone(qtbot: QtBot) -> None:
    dialog = QuickStartDialog()
    qtbot.addWidget(dialog)
    dialog.open_with(STATE)
    qtbot.waitUntil(lambda: dialog.isActiveWindow() or QApplication.focusWidget() is not None)
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.description_edit)
    type_keys(qtbot, "Review")
    press(qtbot, Qt.Key.Key_Tab)
    assert focused() is dialog.fields.picker.filter_edit  # got there by Tab
    type_keys(qtbot, "umbr")
    assert dialog.fields.picker.filter_edit.text() == "umbr"
    started: list[StartRequest] = []
    dialog.start_requested.connect(started.append)
    press(qtbot, Qt.Key.Key_Return)  # chooses the project
    assert dialog.fields.project_id() == "p1"
    press(qtbot, Qt.Key.Key_Return)  # starts
    assert [(r.description, r.project_id) for r in started] == [("Review", "p1")]


def test_manual_entry_tabs_from_description_to_the_project(qtbot: QtBot) -> None:
    dialog = ManualEntryDialog()
    qtbot.addWidget(dialog)
    dialog.open_with(STATE)
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.description_edit)
    press(qtbot, Qt.Key.Key_Tab)
    assert focused() is dialog.fields.picker.filter_edit
    press(qtbot, Qt.Key.Key_Backtab)
    assert focused() is dialog.description_edit
