"""The Preferences window with real widgets and the worker's thread: every change saved at once
and followed at once; the keyboard reaches it all; the time drawn on the icon; the pomodoro's
one timer on the worker's thread."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QMetaObject, Qt
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtWidgets import QApplication, QCheckBox
from pytestqt.qtbot import QtBot

from tests.fakes import FakeClock
from tests.gui_helpers import round_trip, sandbox_app
from tray_app.control.controller import Controller
from tray_app.control.preferences import shortcuts_off
from tray_app.core.state import StartRequest
from tray_app.core.tracking.intents import Start
from tray_app.platform.autostart.xdg import XdgAutostart
from tray_app.sandbox import Sandbox
from tray_app.ui.icons import TIME_COLOURS, TRAY_SIZES, time_icon
from tray_app.ui.tray import icon_clock


@pytest.fixture
def app(qtbot: QtBot, sandbox: Sandbox, tmp_path: Path) -> Iterator[Controller]:
    autostart = XdgAutostart(tmp_path / "config")
    with sandbox_app(qtbot, sandbox, tmp_path / "s.json", autostart=autostart) as controller:
        yield controller


def _saved(tmp_path: Path) -> dict[str, object]:
    path = tmp_path / "s.json"
    return json.loads(path.read_text()) if path.exists() else {}


def _open(qtbot: QtBot, app: Controller) -> None:
    app.tray.menu.aboutToShow.emit()
    action = next(a for a in app.tray.menu.actions() if a.text() == "Preferences…")
    action.trigger()
    qtbot.waitUntil(lambda: app.preferences.window.isVisible())


def test_each_change_is_saved_and_followed_at_once(
    qtbot: QtBot, app: Controller, tmp_path: Path
) -> None:
    _open(qtbot, app)
    window = app.preferences.window
    entry = tmp_path / "config" / "autostart" / "clockify-tray.desktop"
    assert not window.autostart.isChecked()
    window.autostart.click()
    qtbot.waitUntil(lambda: app.state.autostart)
    assert "--autostart" in entry.read_text()
    window.autostart.click()
    qtbot.waitUntil(lambda: not app.state.autostart)
    assert not entry.exists()

    window.icon_style.setCurrentIndex(window.icon_style.findData("dark"))
    assert app.tray.icons.style == "dark"
    assert app.tray.tray.icon().cacheKey() == app.tray.icons.icon("idle").cacheKey()
    qtbot.waitUntil(lambda: _saved(tmp_path).get("icon_style") == "dark")

    window.number("idle_minutes").setValue(25)
    qtbot.waitUntil(lambda: _saved(tmp_path).get("idle_minutes") == 25)
    qtbot.waitUntil(lambda: app.worker.tracker.idle.watch.threshold == timedelta(minutes=25))

    assert not window.days[5].isEnabled()  # working days matter only to the reminder
    window.check("remind_not_tracking").click()
    window.days[5].click()  # Saturday on
    window.work_until.setTime(window.work_until.time().addSecs(3600))
    qtbot.waitUntil(lambda: _saved(tmp_path).get("work_until") == "18:00")
    assert _saved(tmp_path)["work_days"] == [0, 1, 2, 3, 4, 5]

    # Opened again, it shows what was saved.
    window.close()
    app.on_command("preferences")
    assert window.isVisible() and window.number("idle_minutes").value() == 25
    assert window.icon_style.currentData() == "dark" and window.days[5].isChecked()


def test_the_keyboard_reaches_every_tab_and_control(qtbot: QtBot, app: Controller) -> None:
    _open(qtbot, app)
    window = app.preferences.window
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    qtbot.keyClick(window, Qt.Key.Key_R, Qt.KeyboardModifier.AltModifier)
    assert window.tabs.currentIndex() == 2  # Reminders
    # A check box's mnemonic focuses it and ticks it (Qt clicks it 100 ms later), as with
    # real X keys on Xvfb: Alt+R, Alt+N turns the reminder on.
    clicks: list[bool] = []
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.AltModifier)
    focused = QApplication.focusWidget()
    assert isinstance(focused, QCheckBox) and "not tracking" in focused.text()
    focused.clicked.connect(lambda: clicks.append(focused.isChecked()))
    assert focused.isDown()  # the animated click is pending: the only way a click comes later
    qtbot.waitUntil(lambda: app.preferences.settings.remind_not_tracking)
    # Clicked once, not twice: no click is pending any more, and the worker has seen it all.
    assert clicks == [True] and not focused.isDown()
    round_trip(qtbot, app)
    assert app.preferences.settings.remind_not_tracking
    reached = set()
    for _ in range(40):  # Tab goes round every control of the page
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        reached.add(QApplication.focusWidget())
    assert window.work_from in reached and window.days[0] in reached
    assert window.number("long_timer_hours") in reached
    focused.setFocus()
    qtbot.keyClick(focused, Qt.Key.Key_Space)  # Space on the focused box: off again
    qtbot.waitUntil(lambda: not app.preferences.settings.remind_not_tracking)
    # What it turned off is greyed out with it, and Tab passes it by.
    assert not window.work_from.isEnabled() and not window.days[0].isEnabled()
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Escape)
    assert not window.isVisible()


def test_shortcut_page_says_what_to_bind_without_a_portal(qtbot: QtBot, app: Controller) -> None:
    app.preferences.set_shortcut_status("No global shortcuts here: bind clockify-tray --toggle")
    _open(qtbot, app)
    assert "bind clockify-tray --toggle" in app.preferences.window.shortcut_status.text()


def test_the_demo_advises_commands_that_reach_the_demo(
    qtbot: QtBot, sandbox: Sandbox, tmp_path: Path
) -> None:
    with sandbox_app(qtbot, sandbox, tmp_path / "s.json", demo=True) as app:
        app.preferences.set_shortcut_status(shortcuts_off())
        _open(qtbot, app)
        text = app.preferences.window.shortcut_status.text()
        # Without --demo, the command would start the real app beside the demo.
        assert "clockify-tray --demo --quick-start" in text
        assert "clockify-tray --demo --toggle" in text and "y --quick" not in text


def _shares(icon_size: int, text: str, style: str, panel: str) -> tuple[float, float]:
    """On a panel of colour ``panel``: the share of the icon nearer the text's colour than the
    plate's, and the share where the panel shows through."""
    pixmap = time_icon(text, style).pixmap(icon_size, icon_size)
    image = QImage(icon_size, icon_size, QImage.Format.Format_RGB32)
    image.fill(QColor(panel))
    painter = QPainter(image)
    painter.drawPixmap(0, 0, pixmap)
    painter.end()
    plate, ink, _ = (QColor(c) for c in TIME_COLOURS[style])

    def distance(one: QColor, other: QColor) -> int:
        return sum(abs(a - b) for a, b in zip(one.getRgb()[:3], other.getRgb()[:3], strict=True))

    pixels = [image.pixelColor(x, y) for x in range(icon_size) for y in range(icon_size)]
    inked = sum(distance(p, ink) < distance(p, plate) for p in pixels)
    drawn = pixmap.toImage()
    bare = sum(
        drawn.pixelColor(x, y).alpha() < 128 for x in range(icon_size) for y in range(icon_size)
    )
    return inked / len(pixels), bare / len(pixels)


@pytest.mark.parametrize("style", ["colour", "light", "dark"])
@pytest.mark.parametrize("text", ["1:07", "10:45"])
def test_the_time_reads_on_light_and_dark_panels(qtbot: QtBot, style: str, text: str) -> None:
    for size in (16, 22, 24, 32):
        assert size in TRAY_SIZES
        for panel in ("#ffffff", "#202020"):
            inked, bare = _shares(size, text, style, panel)
            # The digits are there, on a plate of their own that covers the icon (so the
            # panel's colour never decides the contrast).
            assert 0.07 < inked < 0.45, (size, panel, inked)
            assert bare < 0.1, (size, panel, bare)


def test_the_icon_shows_the_time_and_changes_once_a_minute(
    qtbot: QtBot, sandbox: Sandbox, tmp_path: Path
) -> None:
    clock = FakeClock()
    with sandbox_app(qtbot, sandbox, tmp_path / "s.json", clock=clock) as app:
        tray = app.tray  # on the app's clock (tests/gui_helpers.running_app)
        app.ask(Start(StartRequest(description="Icon")))
        qtbot.waitUntil(lambda: app.state.running is not None)
        plain = tray.tray.icon().cacheKey()
        app.preferences.on_window_change_requested("icon_time", True)
        assert tray.tray.icon().cacheKey() != plain
        assert icon_clock(timedelta(hours=1, minutes=7, seconds=59)) == "1:07"
        sets = []
        tray.tray.setIcon = lambda icon: sets.append(icon.cacheKey())  # type: ignore[method-assign]
        for _ in range(59):
            clock.advance(1)
            tray.on_ticker_timeout()
        clock.advance(1)
        tray.on_ticker_timeout()
        assert len(sets) == 1  # a second's tick redraws nothing until the minute changes
        app.preferences.on_window_change_requested("icon_time", False)
        assert len(sets) == 2
        qtbot.waitUntil(lambda: json.loads((tmp_path / "s.json").read_text())["icon_time"] is False)


def test_the_pomodoro_wakes_the_worker_once_per_phase(
    qtbot: QtBot, sandbox: Sandbox, tmp_path: Path
) -> None:
    clock = FakeClock()
    with sandbox_app(qtbot, sandbox, tmp_path / "s.json", clock=clock) as app:
        checks = app.worker.attention_checks
        for name, value in (("remind_long_timer", False), ("pomodoro", True)):
            app.preferences.on_window_change_requested(name, value)
        qtbot.waitUntil(lambda: app.worker.attention_checks.attention.pomodoro.rules.enabled)
        round_trip(qtbot, app)
        assert not checks.active  # no timer: nothing to wake up for
        app.ask(Start(StartRequest(description="Focus")))
        qtbot.waitUntil(lambda: app.state.pomodoro is not None)
        qtbot.waitUntil(lambda: checks.active)  # (set just after the state is sent)
        assert checks.waiting == timedelta(minutes=25)  # one wake-up, at the phase's end
        app.tray.menu.aboutToShow.emit()
        texts = [a.text() for a in app.tray.menu.actions()]
        assert "🍅 Pomodoro 1 of 4 · 25 min left" in texts
        clock.advance(25 * 60)
        told: list[tuple[str, str]] = []
        app.worker.nudged.connect(lambda kind, text: told.append((kind, text)))
        QMetaObject.invokeMethod(checks, "on_timer_timeout", Qt.ConnectionType.QueuedConnection)
        qtbot.waitUntil(lambda: bool(told))
        assert told[0][0] == "break" and "5-minute break" in told[0][1]
        qtbot.waitUntil(lambda: app.state.pomodoro is not None and app.state.pomodoro.on_break)
        app.tray.menu.aboutToShow.emit()
        skip = next(a for a in app.tray.menu.actions() if a.text() == "Skip the break")
        skip.trigger()
        qtbot.waitUntil(lambda: app.state.pomodoro is not None and not app.state.pomodoro.on_break)
        app.on_command("stop")
        qtbot.waitUntil(lambda: app.state.running is None)
        qtbot.waitUntil(lambda: not checks.active)


def test_a_not_tracking_reminder_opens_quick_start_from_the_menu_or_its_notification(
    qtbot: QtBot, sandbox: Sandbox, tmp_path: Path
) -> None:
    clock = FakeClock()
    with sandbox_app(qtbot, sandbox, tmp_path / "s.json", clock=clock) as app:
        checks = app.worker.attention_checks
        for name, value in (
            ("work_days", [0, 1, 2, 3, 4, 5, 6]),
            ("work_from", "00:00"),
            ("work_until", "23:59"),
            ("remind_after_minutes", 5),
            ("remind_not_tracking", True),
        ):
            app.preferences.on_window_change_requested(name, value)
        qtbot.waitUntil(lambda: checks.active)
        assert timedelta(minutes=4) < checks.waiting <= timedelta(minutes=5)
        told: list[str] = []
        app.worker.nudged.connect(lambda kind, _: told.append(kind))
        clock.advance(5 * 60)
        QMetaObject.invokeMethod(checks, "on_timer_timeout", Qt.ConnectionType.QueuedConnection)
        qtbot.waitUntil(lambda: app.state.reminder != "")
        assert told == ["not-tracking"]
        app.tray.menu.aboutToShow.emit()
        line = next(a for a in app.tray.menu.actions() if a.text().startswith("⏰"))
        line.trigger()
        qtbot.waitUntil(lambda: app.quick_start.isVisible())
        qtbot.waitUntil(lambda: app.state.reminder == "")  # answered: nothing waits now
        app.quick_start.hide()
        # The next one, a full interval later, is answered by clicking its notification.
        clock.advance(5 * 60)
        QMetaObject.invokeMethod(checks, "on_timer_timeout", Qt.ConnectionType.QueuedConnection)
        qtbot.waitUntil(lambda: app.state.reminder != "")
        app.tray.tray.messageClicked.emit()
        qtbot.waitUntil(lambda: app.quick_start.isVisible() and app.state.reminder == "")


def test_numbers_show_as_kept_with_the_digits_they_need(qtbot: QtBot, app: Controller) -> None:
    app.preferences.settings.idle_minutes = 0.5  # set in the file, below what the window offers
    app.preferences.settings.long_timer_hours = 9
    _open(qtbot, app)
    window = app.preferences.window
    assert window.number("idle_minutes").text() == "0.5 min"  # (showed "1 min")
    assert window.number("long_timer_hours").text() == "9 h"  # (showed "9.0 h")
    assert window.number("idle_minutes").value() == 0.5  # not rounded up on the way


def test_a_language_chosen_is_saved_and_said_to_apply_from_the_next_start(
    qtbot: QtBot, app: Controller, tmp_path: Path
) -> None:
    _open(qtbot, app)
    window = app.preferences.window
    box = window.language
    assert box.itemData(0) == "" and box.itemText(0).startswith("System language (")
    assert [box.itemText(i) for i in range(1, box.count())] == [
        "English",
        "Deutsch",
        "Español",
        "Français",
        "Português (Brasil)",
    ]
    assert box.currentIndex() == 0 and window.language_note.isHidden()
    box.setCurrentIndex(box.findData("de"))
    round_trip(qtbot, app)
    assert _saved(tmp_path)["language"] == "de"
    assert window.language_note.isVisibleTo(window)
    assert window.language_note.text() == "Clockify Tray speaks Deutsch from its next start."
    box.setCurrentIndex(box.findData("en"))  # the language in use: nothing to say
    round_trip(qtbot, app)
    assert _saved(tmp_path)["language"] == "en"
    assert window.language_note.isHidden()
