"""Keyboard-first, with key events sent to whatever has focus (never focusing a widget by hand):
Description → Tab → type in the project filter → Enter chooses → Enter starts."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel, QWidget
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
    dialog.start_requested.connect(lambda request, _from_last_end: started.append(request))
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


def _mnemonic_clashes(window: QWidget) -> dict[str, list[str]]:
    """Alt+letter keys that two shown controls of ``window`` would share."""
    import re
    from collections import defaultdict

    from PySide6.QtWidgets import QAbstractButton, QLabel, QTabBar

    found: dict[str, list[str]] = defaultdict(list)
    for widget in window.findChildren(QWidget):
        if not widget.isVisibleTo(window):
            continue
        texts: list[str] = []
        if isinstance(widget, QAbstractButton) or (
            isinstance(widget, QLabel) and widget.buddy() is not None
        ):
            texts = [widget.text()]
        elif isinstance(widget, QTabBar):
            texts = [widget.tabText(n) for n in range(widget.count())]
        for text in texts:
            if key := re.search(r"&([^&])", text.replace("&&", "")):
                found[key.group(1).lower()].append(text)
    return {key: texts for key, texts in found.items() if len(texts) > 1}


def test_every_field_of_the_entry_forms_has_a_key_of_its_own(qtbot: QtBot) -> None:
    for dialog in (QuickStartDialog(), ManualEntryDialog()):
        qtbot.addWidget(dialog)
        dialog.open_with(STATE)
        dialog.activateWindow()
        field = dialog.description_edit
        qtbot.waitUntil(lambda field=field: QApplication.focusWidget() is field)
        assert _mnemonic_clashes(dialog) == {}
        labels = {
            label.buddy(): label.text()
            for label in dialog.findChildren(QLabel)
            if label.buddy() is not None
        }
        assert labels[dialog.fields.task_box] == "&Task"  # (usable once a project has tasks)
        qtbot.keyClick(focused(), Qt.Key.Key_A, Qt.KeyboardModifier.AltModifier)
        assert focused() is dialog.fields.tag_list
        qtbot.keyClick(focused(), Qt.Key.Key_B, Qt.KeyboardModifier.AltModifier)
        qtbot.waitUntil(dialog.fields.billable_box.isChecked)  # (clicked 100 ms later)
        dialog.close()


def test_no_two_controls_of_a_preferences_page_share_a_key(qtbot: QtBot) -> None:
    from PySide6.QtGui import QIcon

    from tray_app.ui.preferences_window import PreferencesWindow

    window = PreferencesWindow(QIcon())
    qtbot.addWidget(window)
    window.show()
    for page in range(window.tabs.count()):
        window.tabs.setCurrentIndex(page)
        assert _mnemonic_clashes(window) == {}, window.tabs.tabText(page)
